// SPDX-License-Identifier: MIT
// MessageDelegate: row heights, grouping, separators, pending rows, links, and plain-text
// safety (markup in a message is drawn as the characters it is).
#include <ui/messagedelegate.h>
#include <ui/messagemodel.h>

#include <QApplication>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QSignalSpy>
#include <QTextLayout>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::ChatMessage;
using hibiki::MessageDelegate;
using hibiki::MessageModel;
using hibiki::OutboxEntry;

namespace {

QDateTime noon(int minutes = 0)
{
    return QDateTime(QDate(2025, 5, 1), QTime(12, 0)).addSecs(minutes * 60).toUTC();
}

ChatMessage chat(const QString &author, const QString &text, int minutes = 0)
{
    static int id = 0;
    ChatMessage message;
    message.id = QString::number(++id);
    message.author = author;
    message.text = text;
    message.timestamp = noon(minutes);
    return message;
}

class MessageDelegateTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_model.setUserName(u"alice"_s);
        m_delegate.setWidth(600);
        m_option.font = QApplication::font();
        m_option.palette = QApplication::palette();
        m_option.rect = QRect(0, 0, 600, 0);
    }

    int height(int row) const { return m_delegate.sizeHint(m_option, m_model.index(row)).height(); }

    QStyleOptionViewItem optionAt(int row) const
    {
        QStyleOptionViewItem option = m_option;
        option.rect = QRect(0, 0, 600, height(row));
        return option;
    }

    MessageModel m_model;
    MessageDelegate m_delegate;
    QStyleOptionViewItem m_option;
};

TEST_F(MessageDelegateTest, GroupedRowsAreShorterThanRowsWithAnAuthorLine)
{
    m_model.appendMessages({chat(u"bob"_s, u"one"_s), chat(u"bob"_s, u"two"_s, 1),
        chat(u"bob"_s, u"three"_s, 2), chat(u"carol"_s, u"four"_s, 3)});
    const int first = height(0); // with the day separator and the author line
    const int grouped = height(1);
    const int groupedToo = height(2);
    const int newAuthor = height(3);
    EXPECT_GT(first, newAuthor);
    EXPECT_GT(newAuthor, grouped);
    EXPECT_EQ(grouped, groupedToo);
    const int line = QFontMetrics(m_option.font).height();
    EXPECT_GE(grouped, line);
    EXPECT_LE(grouped, line + 8);
}

TEST_F(MessageDelegateTest, LongTextWrapsAndNarrowerRowsGrowTaller)
{
    const QString longText = QString(u"word "_s).repeated(200);
    m_model.appendMessages({chat(u"bob"_s, u"short"_s), chat(u"bob"_s, longText, 1)});
    const int wide = height(1);
    EXPECT_GT(wide, 3 * height(0) / 2);
    m_delegate.setWidth(300);
    const int narrow = height(1);
    EXPECT_GT(narrow, wide + QFontMetrics(m_option.font).height());
    // A word longer than the row still wraps (anywhere), instead of running off the edge.
    m_model.appendMessages({chat(u"bob"_s, QString(500, u'x'), 2)});
    const QStyleOptionViewItem option = optionAt(2);
    EXPECT_GT(height(2), 3 * QFontMetrics(m_option.font).height());
}

TEST_F(MessageDelegateTest, HeightsAreCachedAndFollowTheWidth)
{
    m_model.appendMessages({chat(u"bob"_s, QString(u"abc "_s).repeated(100))});
    const int first = height(0);
    EXPECT_EQ(height(0), first);
    EXPECT_EQ(m_delegate.cachedLayoutCount(), 1);
    m_delegate.setWidth(250);
    EXPECT_GT(height(0), first);
    m_delegate.setWidth(600);
    EXPECT_EQ(height(0), first);
    m_delegate.invalidate();
    EXPECT_EQ(m_delegate.cachedLayoutCount(), 0);
    EXPECT_EQ(height(0), first);
}

TEST_F(MessageDelegateTest, UnreadMarkerAndPendingStateAddTheirLines)
{
    m_model.appendMessages({chat(u"bob"_s, u"a"_s), chat(u"carol"_s, u"b"_s, 1)});
    const int plain = height(1);
    m_model.markUnreadFromNextMessage();
    m_model.appendMessages({chat(u"carol"_s, u"c"_s, 2)});
    EXPECT_GT(height(2), plain);

    OutboxEntry entry;
    entry.clientId = u"c1"_s;
    entry.text = u"mine"_s;
    entry.created = noon(3);
    m_model.updateOutboxEntry(entry);
    const int sending = height(3);
    entry.state = OutboxEntry::State::Delivered;
    m_model.updateOutboxEntry(entry);
    const int delivered = height(3);
    EXPECT_GT(sending, delivered);
    entry.state = OutboxEntry::State::Failed;
    entry.error = u"HTTP 413"_s;
    m_model.updateOutboxEntry(entry);
    EXPECT_EQ(height(3), sending);
}

TEST_F(MessageDelegateTest, MarkupInMessagesIsDrawnAsPlainText)
{
    const QStringList texts {u"<b>bold</b>"_s, u"<img src=x>"_s, u"&amp;"_s,
        u"<a href=\"https://evil.example\">click</a>"_s};
    for (int i = 0; i < texts.size(); ++i) {
        m_model.appendMessages({chat(u"<b>bob</b>"_s, texts.at(i), i)});
    }
    const QFontMetricsF fm(m_option.font);
    for (int i = 0; i < texts.size(); ++i) {
        const QStyleOptionViewItem option = optionAt(i);
        // The layout holds the very characters received...
        EXPECT_EQ(m_delegate.layoutText(option, m_model.index(i)), texts.at(i));
        // ...and they take the room of those characters: "&amp;" is five of them, "<b>"
        // three, and no image is loaded for <img>.
        QTextLayout layout(texts.at(i), m_option.font);
        layout.beginLayout();
        QTextLine line = layout.createLine();
        line.setLineWidth(10000);
        layout.endLayout();
        EXPECT_NEAR(line.naturalTextWidth(), fm.horizontalAdvance(texts.at(i)), 1.0);
    }
    // Each takes one line: nothing is expanded (rows 1-3 continue the block of row 0).
    EXPECT_EQ(height(1), height(2));
    EXPECT_EQ(height(1), height(3));
    EXPECT_LT(height(1), 2 * fm.height());
    // Painting works on such rows and draws something.
    QImage image(600, height(0), QImage::Format_ARGB32);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        m_delegate.paint(&painter, optionAt(0), m_model.index(0));
    }
    EXPECT_NE(image.pixel(300, image.height() / 2 + 10), 0u);
    // Only the address in the fourth message is a link, not the markup around it.
    const QList<hibiki::TextLink> links = m_delegate.links(optionAt(3), m_model.index(3));
    ASSERT_EQ(links.size(), 1);
    EXPECT_EQ(links.at(0).url, QUrl(u"https://evil.example"_s));
}

// The columns of `image` with anything drawn in them, left to right.
QList<int> inkedColumns(const QImage &image)
{
    QList<int> columns;
    for (int x = 0; x < image.width(); ++x) {
        for (int y = 0; y < image.height(); ++y) {
            if (image.pixel(x, y) != QColor(Qt::white).rgb()) {
                columns.append(x);
                break;
            }
        }
    }
    return columns;
}

// A join or leave line shows its time whole, before its words, in a 12-hour locale too
// ("10:58 PM" is wider than the avatar column) and at any font size.
TEST_F(MessageDelegateTest, ANoticesTimeIsNeverCut)
{
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    ChatMessage join = chat(u"bob"_s, {}, 0);
    join.kind = ChatMessage::Kind::Join;
    ChatMessage leave = chat(u"bob"_s, {}, 1);
    leave.kind = ChatMessage::Kind::Leave;
    leave.timestamp = QDateTime(QDate(2025, 5, 1), QTime(22, 58)).toUTC();
    m_model.appendMessages({join, leave});
    const QString time = QLocale().toString(
        m_model.index(1).data(MessageModel::LocalTimeRole).toDateTime().time(), u"h:mm AP"_s);
    ASSERT_EQ(time, u"10:58 PM"_s);
    for (const qreal points : {7.0, 10.0, 16.0}) {
        m_option.font.setPointSizeF(points);
        const QStyleOptionViewItem option = optionAt(1); // no day separator above it
        QImage image(600, option.rect.height(), QImage::Format_ARGB32);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            m_delegate.paint(&painter, option, m_model.index(1));
        }
        const QList<int> inked = inkedColumns(image);
        ASSERT_FALSE(inked.isEmpty()) << points;
        EXPECT_GE(inked.constFirst(), 2) << points << " pt: the time is cut on the left";
        // The time, then a gap wider than a space, then the words: they never overlap.
        int widestGap = 0;
        for (int i = 1; i < inked.size(); ++i) {
            widestGap = qMax(widestGap, inked.at(i) - inked.at(i - 1) - 1);
        }
        EXPECT_GE(widestGap, QFontMetrics(m_option.font).height() / 3) << points;
    }
    QLocale::setDefault(before);
}

TEST_F(MessageDelegateTest, ClickOnAnAddressActivatesIt)
{
    m_model.appendMessages({chat(u"bob"_s, u"look at https://example.com/page now"_s)});
    const QStyleOptionViewItem option = optionAt(0);
    QSignalSpy activated(&m_delegate, &MessageDelegate::linkActivated);

    // Find where the address is drawn by probing the row; it must be somewhere on the
    // text line, and clicking elsewhere must not open anything.
    QPoint onLink(-1, -1);
    QPoint offLink(-1, -1);
    for (int y = 0; y < option.rect.height() && onLink.x() < 0; y += 2) {
        for (int x = 0; x < 600; x += 3) {
            const QUrl url = m_delegate.linkAt(option, m_model.index(0), QPoint(x, y));
            if (url.isValid()) {
                onLink = QPoint(x, y);
                EXPECT_EQ(url, QUrl(u"https://example.com/page"_s));
                break;
            }
        }
    }
    ASSERT_GE(onLink.x(), 0);
    offLink = QPoint(onLink.x() + 400, onLink.y());
    EXPECT_FALSE(m_delegate.linkAt(option, m_model.index(0), offLink).isValid());

    QMouseEvent release(QEvent::MouseButtonRelease, QPointF(onLink), QPointF(onLink),
        Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
    EXPECT_TRUE(m_delegate.editorEvent(&release, &m_model, option, m_model.index(0)));
    ASSERT_EQ(activated.size(), 1);
    EXPECT_EQ(activated.at(0).at(0).toUrl(), QUrl(u"https://example.com/page"_s));
}

TEST_F(MessageDelegateTest, FailedMessageOffersRetryAndDiscard)
{
    OutboxEntry entry;
    entry.clientId = u"c9"_s;
    entry.text = u"not delivered"_s;
    entry.created = noon();
    entry.state = OutboxEntry::State::Failed;
    entry.error = u"HTTP 400"_s;
    m_model.updateOutboxEntry(entry);
    const QStyleOptionViewItem option = optionAt(0);
    QPoint retry(-1, -1);
    QPoint discard(-1, -1);
    for (int y = 0; y < option.rect.height(); ++y) {
        for (int x = 0; x < 600; x += 2) {
            const auto action = m_delegate.actionAt(option, m_model.index(0), QPoint(x, y));
            if (action == MessageDelegate::Action::Retry && retry.x() < 0) {
                retry = QPoint(x, y);
            } else if (action == MessageDelegate::Action::Discard && discard.x() < 0) {
                discard = QPoint(x, y);
            }
        }
    }
    ASSERT_GE(retry.x(), 0);
    ASSERT_GE(discard.x(), 0);
    QSignalSpy retried(&m_delegate, &MessageDelegate::retryRequested);
    QSignalSpy discarded(&m_delegate, &MessageDelegate::discardRequested);
    QMouseEvent click(QEvent::MouseButtonRelease, QPointF(retry), QPointF(retry), Qt::LeftButton,
        Qt::NoButton, Qt::NoModifier);
    m_delegate.editorEvent(&click, &m_model, option, m_model.index(0));
    QMouseEvent click2(QEvent::MouseButtonRelease, QPointF(discard), QPointF(discard),
        Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
    m_delegate.editorEvent(&click2, &m_model, option, m_model.index(0));
    ASSERT_EQ(retried.size(), 1);
    EXPECT_EQ(retried.at(0).at(0).toString(), u"c9"_s);
    ASSERT_EQ(discarded.size(), 1);
    EXPECT_EQ(discarded.at(0).at(0).toString(), u"c9"_s);
}

TEST_F(MessageDelegateTest, LayoutCacheIsBounded)
{
    hibiki::ChatMessages many;
    for (int i = 0; i < 4000; ++i) {
        many.append(chat(u"bob"_s, u"message %1"_s.arg(i), i / 100));
    }
    m_model.appendMessages(many);
    for (int row = 0; row < m_model.rowCount(); ++row) {
        ASSERT_GT(height(row), 0);
    }
    EXPECT_LE(m_delegate.cachedLayoutCount(), 2000);
    EXPECT_GT(m_delegate.cachedLayoutCount(), 100);
}

} // namespace

namespace {

// Probes the row for a point where `action` is offered; (-1, -1) when none. From the
// bottom up: the actions are under the text.
QPoint findAction(const MessageDelegate &delegate, const QStyleOptionViewItem &option,
    const QModelIndex &index, MessageDelegate::Action action)
{
    for (int y = option.rect.bottom(); y >= option.rect.top(); y -= 2) {
        for (int x = 0; x < option.rect.width(); x += 3) {
            if (delegate.actionAt(option, index, QPoint(x, y)) == action) {
                return QPoint(x, y);
            }
        }
    }
    return QPoint(-1, -1);
}

bool click(MessageDelegate &delegate, QAbstractItemModel *model, const QStyleOptionViewItem &option,
    const QModelIndex &index, const QPoint &at)
{
    QMouseEvent release(QEvent::MouseButtonRelease, QPointF(at), QPointF(at), Qt::LeftButton,
        Qt::NoButton, Qt::NoModifier);
    return delegate.editorEvent(&release, model, option, index);
}

TEST_F(MessageDelegateTest, HugeMessageIsLaidOutCutWithWorkBoundedByTheCut)
{
    // 16 MiB of text in one line, and 16 MiB in a million short lines.
    const QString oneLine = QString(u"0123456789abcdef"_s).repeated(1024 * 1024);
    const QString manyLines = QString(u"line of text 15\n"_s).repeated(1024 * 1024);
    ASSERT_EQ(oneLine.size(), 16 * 1024 * 1024);
    m_model.appendMessages(
        {chat(u"bob"_s, oneLine), chat(u"carol"_s, manyLines, 1), chat(u"dave"_s, u"short"_s, 2)});

    const qint64 before = m_delegate.laidOutCharacterCount();
    for (int row = 0; row < 2; ++row) {
        const QStyleOptionViewItem option = optionAt(row);
        const QString shown = m_delegate.layoutText(option, m_model.index(row));
        // Only the start, and it says so.
        EXPECT_LE(shown.size(), MessageDelegate::MaxShownChars + 1) << row;
        EXPECT_TRUE(shown.endsWith(u'…')) << row;
        EXPECT_TRUE(m_delegate.isCut(option, m_model.index(row))) << row;
        // As many lines as the cut makes, whatever the message's size.
        const QFontMetrics fm(m_option.font);
        const int wrapped
            = MessageDelegate::MaxShownChars * fm.maxWidth() / (600 - 4 * fm.height()) + 1;
        EXPECT_LE(m_delegate.layoutLineCount(option, m_model.index(row)),
            qMax(MessageDelegate::MaxShownLines, wrapped))
            << row;
        EXPECT_LT(height(row), 60 * fm.height()) << row;
        // Painting is no different.
        QImage image(600, option.rect.height(), QImage::Format_ARGB32);
        QPainter painter(&image);
        m_delegate.paint(&painter, option, m_model.index(row));
    }
    EXPECT_EQ(m_delegate.layoutText(optionAt(1), m_model.index(1)).count(QChar::LineSeparator),
        MessageDelegate::MaxShownLines - 1);
    // Everything laid out for the two rows (heights, layouts, painting): the two cuts.
    EXPECT_LE(
        m_delegate.laidOutCharacterCount() - before, 2 * (MessageDelegate::MaxShownChars + 1));
    EXPECT_FALSE(m_delegate.isCut(optionAt(2), m_model.index(2)));

    // Estimated heights (rows far from the view) are bounded the same way.
    MessageDelegate estimating;
    estimating.setWidth(600);
    estimating.setEstimateRowsBefore(3);
    const int estimated = estimating.sizeHint(m_option, m_model.index(0)).height();
    EXPECT_GT(estimated, 0);
    EXPECT_LT(estimated, 60 * QFontMetrics(m_option.font).height());
    EXPECT_EQ(estimating.laidOutCharacterCount(), 0);

    // "Show whole message" is offered under the cut text.
    const QStyleOptionViewItem option = optionAt(0);
    const QPoint more
        = findAction(m_delegate, option, m_model.index(0), MessageDelegate::Action::ShowWhole);
    ASSERT_GE(more.x(), 0);
    QSignalSpy requested(&m_delegate, &MessageDelegate::showWholeMessageRequested);
    EXPECT_TRUE(click(m_delegate, &m_model, option, m_model.index(0), more));
    ASSERT_EQ(requested.size(), 1);
    EXPECT_EQ(requested.at(0).at(0).value<QModelIndex>().row(), 0);
}

TEST_F(MessageDelegateTest, ALongMessageExpandsInPlaceAndFoldsBack)
{
    const QString text = QString(u"a line of a long log\n"_s).repeated(200);
    m_model.appendMessages({chat(u"bob"_s, text)});
    const quint64 key = m_model.index(0).data(MessageModel::RowKeyRole).toULongLong();
    const int cut = height(0);
    EXPECT_TRUE(m_delegate.isCut(optionAt(0), m_model.index(0)));

    m_delegate.setExpanded(key, true);
    EXPECT_GT(height(0), cut * 4);
    EXPECT_EQ(m_delegate.layoutText(optionAt(0), m_model.index(0)).size(), text.size());
    EXPECT_FALSE(m_delegate.isCut(optionAt(0), m_model.index(0)));
    const QStyleOptionViewItem option = optionAt(0);
    const QPoint less
        = findAction(m_delegate, option, m_model.index(0), MessageDelegate::Action::ShowLess);
    ASSERT_GE(less.x(), 0);
    QSignalSpy requested(&m_delegate, &MessageDelegate::showLessRequested);
    EXPECT_TRUE(click(m_delegate, &m_model, option, m_model.index(0), less));
    EXPECT_EQ(requested.size(), 1);

    m_delegate.setExpanded(key, false);
    EXPECT_EQ(height(0), cut);
}

TEST_F(MessageDelegateTest, WaitingMessageSaysWhyAndWhenAndOffersRetryNow)
{
    OutboxEntry entry;
    entry.clientId = u"c7"_s;
    entry.text = u"are you there?"_s;
    entry.created = noon();
    m_model.updateOutboxEntry(entry);
    EXPECT_EQ(MessageDelegate::sendStatusText(m_model.index(0)), u"Sending…"_s);
    EXPECT_LT(
        findAction(m_delegate, optionAt(0), m_model.index(0), MessageDelegate::Action::Retry).x(),
        0);

    // The core could not send it yet and waits to try again: never a plain "Sending…".
    entry.error = u"the server does not answer"_s;
    entry.nextAttempt = QDateTime(QDate(2025, 5, 1), QTime(12, 0, 42)).toUTC();
    m_model.updateOutboxEntry(entry);
    const QString status = MessageDelegate::sendStatusText(m_model.index(0));
    EXPECT_TRUE(status.startsWith(u"Not sent yet: the server does not answer"_s))
        << status.toStdString();
    EXPECT_TRUE(status.contains(u"42"_s)) << status.toStdString(); // the time, with seconds

    const QStyleOptionViewItem option = optionAt(0);
    const QPoint retry
        = findAction(m_delegate, option, m_model.index(0), MessageDelegate::Action::Retry);
    ASSERT_GE(retry.x(), 0);
    EXPECT_LT(
        findAction(m_delegate, option, m_model.index(0), MessageDelegate::Action::Discard).x(), 0);
    QSignalSpy retried(&m_delegate, &MessageDelegate::retryRequested);
    EXPECT_TRUE(click(m_delegate, &m_model, option, m_model.index(0), retry));
    ASSERT_EQ(retried.size(), 1);
    EXPECT_EQ(retried.at(0).at(0).toString(), u"c7"_s);

    // Without a known time it still says why.
    entry.nextAttempt = {};
    m_model.updateOutboxEntry(entry);
    EXPECT_EQ(MessageDelegate::sendStatusText(m_model.index(0)),
        u"Not sent yet: the server does not answer"_s);
}

TEST_F(MessageDelegateTest, SystemAndGapLinesAreDrawnAsNotices)
{
    ChatMessage system;
    system.kind = ChatMessage::Kind::System;
    system.text = u"messages sent meanwhile may be missing"_s;
    system.timestamp = noon();
    ChatMessage gap;
    gap.kind = ChatMessage::Kind::Gap;
    gap.timestamp = noon();
    m_model.appendMessages({chat(u"bob"_s, u"before"_s), system, gap});
    // No author line, the text as sent, and no actions.
    for (int row = 1; row < 3; ++row) {
        EXPECT_LT(height(row), height(0)) << row;
        EXPECT_LT(findAction(
                      m_delegate, optionAt(row), m_model.index(row), MessageDelegate::Action::Retry)
                      .x(),
            0);
    }
    EXPECT_EQ(m_delegate.layoutText(optionAt(1), m_model.index(1)), system.text);
    EXPECT_EQ(
        m_delegate.layoutText(optionAt(2), m_model.index(2)), u"Some messages were missed here"_s);
}

} // namespace
