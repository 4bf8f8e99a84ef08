// SPDX-License-Identifier: MIT
#include "messagedelegate.h"

#include "authorcolor.h"
#include "emojitext.h"
#include "messagemodel.h"

#include <core/chatmessage.h>
#include <core/outbox.h>

#include <QAbstractItemView>
#include <QDate>
#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QRegularExpression>
#include <QTextLine>
#include <QToolTip>

#include <cmath>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// Layouts are kept for about this many rows: a few screens around the view.
constexpr int LayoutCacheRows = 1500;
// Heights are tiny; the table is only cleared when rows that left the model pile up.
constexpr int HeightCacheRows = 200000;

QFont boldFont(QFont font)
{
    font.setBold(true);
    return font;
}

QFont smallFont(QFont font, bool italic = false)
{
    if (font.pointSizeF() > 0) {
        font.setPointSizeF(font.pointSizeF() * 0.85);
    } else {
        font.setPixelSize(qMax(8, font.pixelSize() * 85 / 100));
    }
    font.setItalic(italic);
    return font;
}

// The fonts and distances of a row, all derived from the view's font so that rows scale
// with it (and with the screen's DPI, which Qt applies to fonts).
QString timeText(const QDateTime &local)
{
    // The locale's short time, without seconds (some locales' short format has them); the
    // pattern is worked out again only when the default locale changes.
    static QLocale locale(QLocale::c());
    static QString format;
    if (const QLocale current; format.isEmpty() || current != locale) {
        locale = current;
        format = current.timeFormat(QLocale::ShortFormat);
        format.remove(QRegularExpression(u"[:.]?ss?"_s));
        format = format.trimmed();
    }
    return locale.toString(local.time(), format);
}

// The widest time timeText() gives in `fm`'s font ("10:58 PM" in English).
int widestTimeWidth(const QFontMetrics &fm)
{
    int widest = 0;
    for (int hour = 0; hour < 24; ++hour) {
        const QDateTime time(QDate(2000, 1, 1), QTime(hour, 58));
        widest = qMax(widest, fm.horizontalAdvance(timeText(time)));
    }
    return widest;
}

struct Metrics
{
    explicit Metrics(const QFont &base)
        : font(base)
        , bold(boldFont(base))
        , small(smallFont(base))
        , italic(smallFont(base, true))
        , fm(font)
        , boldFm(bold)
        , smallFm(small)
        , line(fm.height())
        , margin(qMax(8, line * 2 / 3))
        , avatar(qMax(24, line * 2))
        , timeWidth(widestTimeWidth(smallFm))
        // The column of avatars, and of the times of notices and grouped rows, right-aligned
        // line / 2 before the text: as wide as a time needs ("10:58 PM" is wider than an
        // avatar in most fonts).
        , gutter(qMax(margin + avatar + qMax(8, line / 2), margin / 2 + timeWidth + line / 2))
    { }

    const QFont font, bold, small, italic;
    const QFontMetrics fm, boldFm, smallFm;
    const int line;
    const int margin;
    const int avatar;
    const int timeWidth;
    const int gutter;
    const QLocale locale; // the times' (the default locale when they were measured)
};

const Metrics &metricsFor(const QFont &font)
{
    // Rows are laid out many times with one font: keep its metrics. GUI thread only.
    static std::unique_ptr<Metrics> cached;
    if (!cached || cached->font != font || cached->locale != QLocale()) {
        cached = std::make_unique<Metrics>(font);
    }
    return *cached;
}

enum class RowStyle { Chat, Notice, Gap };

RowStyle styleOf(ChatMessage::Kind kind)
{
    switch (kind) {
    case ChatMessage::Kind::Chat:
        return RowStyle::Chat;
    case ChatMessage::Kind::Gap:
        return RowStyle::Gap;
    case ChatMessage::Kind::Join:
    case ChatMessage::Kind::Leave:
    case ChatMessage::Kind::System:
        break;
    }
    return RowStyle::Notice;
}

ChatMessage::Kind kindOf(const QModelIndex &index)
{
    return ChatMessage::Kind(index.data(MessageModel::KindRole).toInt());
}

// What a row shows of a text: all of it, or its start with an ellipsis. Looks at no more
// than `maxChars` characters, whatever the size of the text.
struct ShownText
{
    QString text; // ready for QTextLayout
    bool cut = false;
};

ShownText shownText(const QString &full, int maxChars, int maxLines)
{
    qsizetype end = qMin<qsizetype>(full.size(), maxChars);
    int lines = 1;
    for (qsizetype i = 0; i < end; ++i) {
        if (full.at(i) == u'\n' && ++lines > maxLines) {
            end = i;
            break;
        }
    }
    if (end < full.size() && end > 0 && full.at(end - 1).isHighSurrogate()) {
        --end; // never half a character
    }
    ShownText shown;
    shown.cut = end < full.size();
    shown.text = full.left(end);
    // QTextLayout breaks lines only at U+2028; a message's own line ends become that (one
    // character for one, so link offsets stay valid).
    for (QChar &c : shown.text) {
        if (c == u'\n' || c == u'\r') {
            c = QChar::LineSeparator;
        }
    }
    if (shown.cut) {
        while (!shown.text.isEmpty() && shown.text.back() == QChar::LineSeparator) {
            shown.text.chop(1);
        }
        shown.text.append(u'…');
    }
    return shown;
}

QColor mixed(const QColor &a, const QColor &b, qreal amountOfB)
{
    return QColor::fromRgbF(a.redF() * (1 - amountOfB) + b.redF() * amountOfB,
        a.greenF() * (1 - amountOfB) + b.greenF() * amountOfB,
        a.blueF() * (1 - amountOfB) + b.blueF() * amountOfB);
}

QColor dimText(const QPalette &palette)
{
    return mixed(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.45);
}

QColor warningColor(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5 ? QColor(255, 120, 110)
                                                            : QColor(190, 30, 30);
}

// The locale's time with seconds (for a retry that is seconds away), without the zone.
QString timeWithSecondsText(const QDateTime &local)
{
    static const QLocale locale;
    static const QString format = [] {
        QString pattern = QLocale().timeFormat(QLocale::LongFormat);
        pattern.remove(QRegularExpression(u"\\s*t+"_s));
        return pattern.trimmed();
    }();
    return locale.toString(local.time(), format);
}

} // namespace

struct MessageDelegate::Geometry
{
    RowStyle style = RowStyle::Chat;
    int daySeparator = 0; // heights of the parts above the message
    int marker = 0;
    QRect body; // the message's own area, below separator and marker
    QRect avatar; // empty for grouped rows
    QPoint header; // top-left of the author line; (-1, -1) when none
    QPointF text; // top-left of the text layout
    int textWidth = 0;
    QRect more; // "Show whole message" / "Show less"; empty when none
    QString moreLabel;
    QRect footer; // pending state line; empty when none
    QRect retry;
    QString retryLabel;
    QRect discard;
    int height = 0;
};

MessageDelegate::MessageDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
    , m_layouts(LayoutCacheRows)
{ }

MessageDelegate::~MessageDelegate() = default;

void MessageDelegate::setWidth(int width)
{
    m_width = qMax(0, width);
}

void MessageDelegate::setSearchText(const QString &text)
{
    m_searchText = text;
}

void MessageDelegate::invalidate()
{
    m_layouts.clear();
    m_heights.clear();
}

void MessageDelegate::setExpanded(quint64 rowKey, bool expanded)
{
    if (expanded == m_expanded.contains(rowKey)) {
        return;
    }
    if (expanded) {
        m_expanded.insert(rowKey);
    } else {
        m_expanded.remove(rowKey);
    }
    m_layouts.remove(rowKey);
    m_heights.remove(rowKey);
}

bool MessageDelegate::isCut(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    return index.isValid() && !geometry(option, index).more.isEmpty()
        && !isExpanded(index.data(MessageModel::RowKeyRole).toULongLong());
}

MessageDelegate::TextBlock *MessageDelegate::textBlock(
    const QStyleOptionViewItem &option, const QModelIndex &index, int textWidth) const
{
    const quint64 key = index.data(MessageModel::RowKeyRole).toULongLong();
    if (TextBlock *cached = m_layouts.object(key); cached && cached->width == textWidth) {
        return cached;
    }
    const Metrics &m = metricsFor(option.font);
    const RowStyle style = styleOf(kindOf(index));

    auto block = std::make_unique<TextBlock>();
    block->width = textWidth;
    const bool expanded = isExpanded(key);
    const ShownText shown = shownText(index.data(Qt::DisplayRole).toString(),
        expanded ? ExpandInPlaceMaxChars : MaxShownChars,
        expanded ? ExpandInPlaceMaxChars : MaxShownLines);
    const QString &text = shown.text;
    block->cut = shown.cut;
    m_laidOutChars += text.size();
    block->layout.setText(text);
    block->layout.setFont(style == RowStyle::Chat ? m.font : m.italic);
    QTextOption textOption;
    textOption.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    textOption.setAlignment(style == RowStyle::Gap ? Qt::AlignHCenter : Qt::AlignLeft);
    block->layout.setTextOption(textOption);
    block->layout.setCacheEnabled(true);

    // Emoji in colour: Qt 6.4 would draw ❤️ with the text font's black heart.
    QList<QTextLayout::FormatRange> formats = EmojiText::formats(text);
    if (style == RowStyle::Chat) {
        block->links = findLinks(text);
        // An address that runs into the cut is not all there: not a link.
        if (shown.cut && !block->links.isEmpty()
            && block->links.constLast().start + block->links.constLast().length
                >= text.size() - 1) {
            block->links.removeLast();
        }
        for (const TextLink &link : block->links) {
            QTextLayout::FormatRange range;
            range.start = int(link.start);
            range.length = int(link.length);
            range.format.setForeground(option.palette.color(QPalette::Link));
            range.format.setFontUnderline(true);
            formats.append(range);
        }
    }
    block->layout.setFormats(formats);

    qreal y = 0;
    block->layout.beginLayout();
    for (QTextLine line = block->layout.createLine(); line.isValid();
         line = block->layout.createLine()) {
        line.setLineWidth(textWidth);
        line.setPosition(QPointF(0, y));
        y += line.height();
    }
    block->layout.endLayout();
    block->height = std::ceil(y);

    m_heights.insert(key, {textWidth, block->height, m_width, block->cut});
    TextBlock *result = block.get();
    m_layouts.insert(key, block.release());
    return result;
}

MessageDelegate::TextSize MessageDelegate::textSize(
    const QStyleOptionViewItem &option, const QModelIndex &index, int textWidth) const
{
    const quint64 key = index.data(MessageModel::RowKeyRole).toULongLong();
    if (const auto it = m_heights.constFind(key);
        it != m_heights.constEnd() && it->width == textWidth) {
        return {it->height, it->cut};
    }
    if (index.row() < m_estimateBefore) {
        return estimatedTextSize(option, index, textWidth);
    }
    if (m_heights.size() > HeightCacheRows) {
        m_heights.clear();
    }
    const TextBlock *block = textBlock(option, index, textWidth);
    return {block->height, block->cut};
}

MessageDelegate::TextSize MessageDelegate::estimatedTextSize(
    const QStyleOptionViewItem &option, const QModelIndex &index, int textWidth) const
{
    // Characters times an average width, wide (CJK) characters counted twice: no shaping,
    // no copy, and no more characters looked at than the row shows. Off by a line now and
    // then, which only matters once the row comes near the view, and then it is laid out
    // for real.
    const Metrics &m = metricsFor(option.font);
    const bool notice = styleOf(kindOf(index)) != RowStyle::Chat;
    const QFontMetrics &fm = notice ? m.smallFm : m.fm;
    const bool expanded = isExpanded(index.data(MessageModel::RowKeyRole).toULongLong());
    const int maxChars = expanded ? ExpandInPlaceMaxChars : MaxShownChars;
    const int maxLines = expanded ? ExpandInPlaceMaxChars : MaxShownLines;
    const QString text = index.data(Qt::DisplayRole).toString();
    const qsizetype end = qMin<qsizetype>(text.size(), maxChars);
    const int charWidth = qMax(1, fm.averageCharWidth());
    int lines = 0;
    int sourceLines = 1;
    int columns = 0;
    bool cut = end < text.size();
    const auto endLine = [&] {
        lines += qMax(1, int((qint64(columns) * charWidth + textWidth - 1) / textWidth));
        columns = 0;
    };
    for (qsizetype i = 0; i < end; ++i) {
        const QChar c = text.at(i);
        if (c == u'\n') {
            if (++sourceLines > maxLines) {
                cut = true;
                break;
            }
            endLine();
        } else {
            columns += c.unicode() >= 0x1100 && !c.isSurrogate() ? 2 : 1;
        }
    }
    endLine();
    return {qreal(lines * fm.lineSpacing()), cut};
}

bool MessageDelegate::hasExactHeight(const QModelIndex &index) const
{
    const auto it = m_heights.constFind(index.data(MessageModel::RowKeyRole).toULongLong());
    return it != m_heights.constEnd() && it->rowWidth == m_width;
}

MessageDelegate::Geometry MessageDelegate::geometry(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Metrics &m = metricsFor(option.font);
    const int width = m_width > 0 ? m_width : qMax(option.rect.width(), 200);
    const QPoint origin = option.rect.topLeft();

    Geometry g;
    g.style = styleOf(kindOf(index));
    if (index.data(MessageModel::DaySeparatorRole).toDate().isValid()) {
        g.daySeparator = m.line + m.line / 2 + 8;
    }
    if (index.data(MessageModel::UnreadMarkerRole).toBool()) {
        g.marker = m.smallFm.height() + 8;
    }
    int y = g.daySeparator + g.marker;
    const int bodyTop = y;
    g.header = QPoint(-1, -1);
    // The text, and under a cut (or expanded) one the line that shows the rest (or less).
    const auto addText = [&](int top) {
        const TextSize text = textSize(option, index, g.textWidth);
        int bottom = top + int(text.height);
        const bool expanded = isExpanded(index.data(MessageModel::RowKeyRole).toULongLong());
        if (text.cut || expanded) {
            g.moreLabel = expanded ? tr("Show less") : tr("Show whole message");
            g.more = QRect(int(g.text.x()), bottom + 1,
                m.smallFm.horizontalAdvance(g.moreLabel) + 8, m.smallFm.height());
            bottom = g.more.bottom() + 1;
        }
        return bottom;
    };

    if (g.style == RowStyle::Chat) {
        const bool grouped = index.data(MessageModel::IsGroupedRole).toBool();
        g.textWidth = qMax(40, width - m.gutter - m.margin);
        int minimumBottom = 0;
        if (grouped) {
            y += 1;
        } else {
            y += qMax(6, m.line / 2);
            g.avatar = QRect(m.margin, y + 2, m.avatar, m.avatar);
            g.header = QPoint(m.gutter, y);
            y += m.boldFm.height() + 1;
            minimumBottom = g.avatar.bottom() + 4;
        }
        g.text = QPointF(m.gutter, y);
        y = addText(y);
        if (index.data(MessageModel::IsPendingRole).toBool()) {
            const auto state = OutboxEntry::State(index.data(MessageModel::SendStateRole).toInt());
            const bool waiting = state == OutboxEntry::State::Sending
                && !index.data(MessageModel::SendErrorRole).toString().isEmpty();
            if (state == OutboxEntry::State::Sending || state == OutboxEntry::State::Failed) {
                g.footer = QRect(m.gutter, y + 1, g.textWidth, m.smallFm.height());
                int linksLeft = g.footer.right() + 1;
                if (state == OutboxEntry::State::Failed) {
                    const int discardWidth = m.smallFm.horizontalAdvance(tr("Discard")) + 8;
                    g.discard = QRect(g.footer.right() - discardWidth + 1, g.footer.top(),
                        discardWidth, g.footer.height());
                    linksLeft = g.discard.left() - 4;
                    g.retryLabel = tr("Retry");
                } else if (waiting) {
                    g.retryLabel = tr("Retry now");
                }
                if (!g.retryLabel.isEmpty()) {
                    const int retryWidth = m.smallFm.horizontalAdvance(g.retryLabel) + 8;
                    g.retry = QRect(
                        linksLeft - retryWidth, g.footer.top(), retryWidth, g.footer.height());
                }
                y = g.footer.bottom() + 1;
            }
        }
        y = qMax(y + 4, minimumBottom);
    } else {
        const int pad = g.style == RowStyle::Gap ? m.line / 2 + 2 : 3;
        g.textWidth = qMax(40, width - m.gutter - m.margin);
        y += pad;
        g.text = QPointF(g.style == RowStyle::Gap ? m.margin : m.gutter, y);
        if (g.style == RowStyle::Gap) {
            g.textWidth = qMax(40, width - 2 * m.margin);
        }
        y = addText(y) + pad;
    }
    g.body = QRect(0, bodyTop, width, y - bodyTop);
    g.height = y;

    // Everything above is relative to the row; move it to where the row is.
    g.body.translate(origin);
    g.avatar.translate(origin);
    if (g.header.x() >= 0) {
        g.header += origin;
    }
    g.text += origin;
    g.more.translate(origin);
    g.footer.translate(origin);
    g.retry.translate(origin);
    g.discard.translate(origin);
    return g;
}

QSize MessageDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!index.isValid()) {
        return {};
    }
    const Geometry g = geometry(option, index);
    return QSize(m_width > 0 ? m_width : option.rect.width(), g.height);
}

void MessageDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    if (!index.isValid()) {
        return;
    }
    const Metrics &m = metricsFor(option.font);
    const Geometry g = geometry(option, index);
    const QPalette &palette = option.palette;
    const QRect row(option.rect.topLeft(), QSize(option.rect.width(), g.height));

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setClipRect(row);

    int y = row.top();
    if (g.daySeparator > 0) {
        paintDaySeparator(painter, option, QRect(row.left(), y, row.width(), g.daySeparator),
            index.data(MessageModel::DaySeparatorRole).toDate());
        y += g.daySeparator;
    }
    if (g.marker > 0) {
        paintUnreadMarker(painter, option, QRect(row.left(), y, row.width(), g.marker));
    }

    // Background of the message itself: selection, mention, hover.
    QRect body = g.body;
    body.setWidth(row.width());
    const bool mention = index.data(MessageModel::MentionRole).toBool();
    if (option.state & QStyle::State_Selected) {
        QColor highlight = palette.color(QPalette::Highlight);
        highlight.setAlpha(70);
        painter->fillRect(body, highlight);
    } else if (mention) {
        painter->fillRect(body, QColor(255, 190, 0, 45));
    } else if (option.state & QStyle::State_MouseOver) {
        QColor hover = palette.color(QPalette::Text);
        hover.setAlpha(14);
        painter->fillRect(body, hover);
    }
    if (mention) {
        painter->fillRect(QRect(body.left(), body.top(), 3, body.height()), QColor(230, 150, 0));
    }
    if (g.style == RowStyle::Gap) {
        painter->fillRect(
            body.adjusted(m.margin / 2, 2, -m.margin / 2, -2), QColor(230, 150, 0, 40));
    }

    const QDateTime local = index.data(MessageModel::LocalTimeRole).toDateTime();
    const bool pending = index.data(MessageModel::IsPendingRole).toBool();
    const auto sendState = OutboxEntry::State(index.data(MessageModel::SendStateRole).toInt());

    // Author line: coloured initial and name, then the time.
    if (g.header.x() >= 0) {
        const QString author = index.data(MessageModel::AuthorRole).toString();
        const QColor color = authorColor(author, palette.color(QPalette::Base));
        int x = g.header.x();
        if (!author.isEmpty()) {
            paintAvatar(painter, g.avatar, author, color);
            painter->setFont(m.bold);
            painter->setPen(color);
            const QString name = m.boldFm.elidedText(author, Qt::ElideRight, g.textWidth * 2 / 3);
            painter->drawText(QPoint(x, g.header.y() + m.boldFm.ascent()), name);
            x += m.boldFm.horizontalAdvance(name) + m.line / 2;
        }
        painter->setFont(m.small);
        painter->setPen(dimText(palette));
        painter->drawText(QPoint(x, g.header.y() + m.boldFm.ascent()), timeText(local));
    } else if (g.style == RowStyle::Notice
        || (g.style == RowStyle::Chat && (option.state & QStyle::State_MouseOver))) {
        // Grouped rows show their time in the gutter on hover; notices always.
        painter->setFont(m.small);
        painter->setPen(dimText(palette));
        const QRect gutter(row.left(), int(g.text.y()), m.gutter - m.line / 2, m.fm.height());
        painter->drawText(gutter, Qt::AlignRight | Qt::AlignVCenter, timeText(local));
    }

    // The text.
    TextBlock *block = textBlock(option, index, g.textWidth);
    QList<QTextLayout::FormatRange> selections;
    if (!m_searchText.isEmpty()) {
        const QString text = block->layout.text();
        for (qsizetype from = text.indexOf(m_searchText, 0, Qt::CaseInsensitive); from >= 0;
             from = text.indexOf(m_searchText, from + m_searchText.size(), Qt::CaseInsensitive)) {
            QTextLayout::FormatRange range;
            range.start = int(from);
            range.length = int(m_searchText.size());
            range.format.setBackground(QColor(255, 210, 0));
            range.format.setForeground(QColor(Qt::black));
            selections.append(range);
        }
    }
    QColor textColor = palette.color(QPalette::Text);
    if (g.style == RowStyle::Notice) {
        textColor = dimText(palette);
    } else if (pending && sendState == OutboxEntry::State::Sending) {
        textColor = mixed(textColor, palette.color(QPalette::Base), 0.35);
    }
    painter->setPen(textColor);
    block->layout.draw(painter, g.text, selections);

    QFont linkFont = m.small;
    linkFont.setUnderline(true);
    // "Show whole message" under a cut text.
    if (!g.more.isEmpty()) {
        painter->setFont(linkFont);
        painter->setPen(palette.color(QPalette::Link));
        painter->drawText(g.more, Qt::AlignLeft | Qt::AlignVCenter, g.moreLabel);
    }

    // Sending / not sent yet / not sent, with Retry (now) and Discard.
    if (!g.footer.isEmpty()) {
        painter->setFont(m.small);
        const bool problem = sendState != OutboxEntry::State::Sending
            || !index.data(MessageModel::SendErrorRole).toString().isEmpty();
        painter->setPen(problem ? warningColor(palette) : dimText(palette));
        const int textRight = g.retry.isEmpty() ? g.footer.right() : g.retry.left() - 8;
        const QRect textRect(
            g.footer.left(), g.footer.top(), textRight - g.footer.left(), g.footer.height());
        painter->drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
            m.smallFm.elidedText(sendStatusText(index), Qt::ElideRight, textRect.width()));
        painter->setFont(linkFont);
        painter->setPen(palette.color(QPalette::Link));
        if (!g.retry.isEmpty()) {
            painter->drawText(g.retry, Qt::AlignCenter, g.retryLabel);
        }
        if (!g.discard.isEmpty()) {
            painter->drawText(g.discard, Qt::AlignCenter, tr("Discard"));
        }
    }

    if (option.state & QStyle::State_HasFocus) {
        QColor focus = palette.color(QPalette::Highlight);
        painter->setPen(focus);
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(body.adjusted(0, 0, -1, -1));
    }
    painter->restore();
}

void MessageDelegate::paintDaySeparator(QPainter *painter, const QStyleOptionViewItem &option,
    const QRect &rect, const QDate &date) const
{
    const Metrics &m = metricsFor(option.font);
    const QDate today = QDate::currentDate();
    const QString text = date == today ? tr("Today")
        : date == today.addDays(-1)    ? tr("Yesterday")
                                       : QLocale().toString(date, QLocale::LongFormat);
    painter->setFont(m.bold);
    const int textWidth = m.boldFm.horizontalAdvance(text) + m.line;
    const QRect textRect(rect.center().x() - textWidth / 2, rect.top(), textWidth, rect.height());
    QColor line = option.palette.color(QPalette::Text);
    line.setAlpha(50);
    const int midY = rect.center().y();
    painter->fillRect(
        QRect(rect.left() + m.margin, midY, textRect.left() - rect.left() - m.margin, 1), line);
    painter->fillRect(
        QRect(textRect.right(), midY, rect.right() - m.margin - textRect.right(), 1), line);
    painter->setPen(dimText(option.palette));
    painter->drawText(textRect, Qt::AlignCenter, text);
}

void MessageDelegate::paintUnreadMarker(
    QPainter *painter, const QStyleOptionViewItem &option, const QRect &rect) const
{
    const Metrics &m = metricsFor(option.font);
    const QColor color = warningColor(option.palette);
    const QString text = tr("New messages");
    painter->setFont(m.small);
    const int textWidth = m.smallFm.horizontalAdvance(text) + m.line / 2;
    const int midY = rect.center().y();
    painter->fillRect(
        QRect(rect.left() + m.margin, midY, rect.width() - 2 * m.margin - textWidth, 1), color);
    painter->setPen(color);
    painter->drawText(
        QRect(rect.right() - m.margin - textWidth, rect.top(), textWidth, rect.height()),
        Qt::AlignRight | Qt::AlignVCenter, text);
}

void MessageDelegate::paintAvatar(
    QPainter *painter, const QRect &rect, const QString &author, const QColor &color) const
{
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawEllipse(rect);
    // The first character (a whole surrogate pair when it is one), upper-cased.
    QString initial = author.left(author.at(0).isHighSurrogate() ? 2 : 1).toUpper();
    QFont font = painter->font();
    font.setBold(true);
    font.setPixelSize(qMax(8, rect.height() * 9 / 20));
    painter->setFont(font);
    painter->setPen(color.lightnessF() > 0.6 ? QColor(20, 20, 20) : QColor(Qt::white));
    painter->drawText(rect, Qt::AlignCenter, initial);
    painter->setBrush(Qt::NoBrush);
}

QString MessageDelegate::sendStatusText(const QModelIndex &index)
{
    if (!index.data(MessageModel::IsPendingRole).toBool()) {
        return {};
    }
    const QString error = index.data(MessageModel::SendErrorRole).toString();
    switch (OutboxEntry::State(index.data(MessageModel::SendStateRole).toInt())) {
    case OutboxEntry::State::Sending: {
        if (error.isEmpty()) {
            return tr("Sending…");
        }
        // It did not go out yet: say why, and when it is tried again, never just "Sending…".
        const QDateTime next = index.data(MessageModel::NextAttemptRole).toDateTime();
        return next.isValid() ? tr("Not sent yet: %1. Next try at %2.")
                                    .arg(error, timeWithSecondsText(next.toLocalTime()))
                              : tr("Not sent yet: %1").arg(error);
    }
    case OutboxEntry::State::Failed:
        return error.isEmpty() ? tr("Not sent.") : tr("Not sent: %1").arg(error);
    case OutboxEntry::State::Delivered:
    case OutboxEntry::State::Discarded:
        break;
    }
    return {};
}

MessageDelegate::Action MessageDelegate::actionAt(const QStyleOptionViewItem &option,
    const QModelIndex &index, const QPoint &pos, QUrl *url) const
{
    if (!index.isValid()) {
        return Action::None;
    }
    const Geometry g = geometry(option, index);
    if (g.more.contains(pos)) {
        return isExpanded(index.data(MessageModel::RowKeyRole).toULongLong()) ? Action::ShowLess
                                                                              : Action::ShowWhole;
    }
    if (g.retry.contains(pos)) {
        return Action::Retry;
    }
    if (g.discard.contains(pos)) {
        return Action::Discard;
    }
    if (g.style != RowStyle::Chat) {
        return Action::None;
    }
    TextBlock *block = textBlock(option, index, g.textWidth);
    if (block->links.isEmpty()) {
        return Action::None;
    }
    const QPointF local = QPointF(pos) - g.text;
    for (int i = 0; i < block->layout.lineCount(); ++i) {
        const QTextLine line = block->layout.lineAt(i);
        if (local.y() < line.y() || local.y() >= line.y() + line.height()
            || local.x() > line.x() + line.naturalTextWidth()) {
            continue;
        }
        const int cursor = line.xToCursor(local.x(), QTextLine::CursorOnCharacter);
        for (const TextLink &link : block->links) {
            if (cursor >= link.start && cursor < link.start + link.length) {
                if (url) {
                    *url = link.url;
                }
                return Action::Link;
            }
        }
    }
    return Action::None;
}

QUrl MessageDelegate::linkAt(
    const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &pos) const
{
    QUrl url;
    return actionAt(option, index, pos, &url) == Action::Link ? url : QUrl();
}

QList<TextLink> MessageDelegate::links(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Geometry g = geometry(option, index);
    return textBlock(option, index, g.textWidth)->links;
}

QString MessageDelegate::layoutText(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Geometry g = geometry(option, index);
    return textBlock(option, index, g.textWidth)->layout.text();
}

int MessageDelegate::layoutLineCount(
    const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const Geometry g = geometry(option, index);
    return textBlock(option, index, g.textWidth)->layout.lineCount();
}

bool MessageDelegate::editorEvent(QEvent *event, QAbstractItemModel *model,
    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() == QEvent::MouseButtonRelease) {
        const auto *mouse = static_cast<QMouseEvent *>(event);
        if (mouse->button() == Qt::LeftButton) {
            QUrl url;
            switch (actionAt(option, index, mouse->position().toPoint(), &url)) {
            case Action::Link:
                Q_EMIT linkActivated(url);
                return true;
            case Action::Retry:
                Q_EMIT retryRequested(index.data(MessageModel::ClientIdRole).toString());
                return true;
            case Action::Discard:
                Q_EMIT discardRequested(index.data(MessageModel::ClientIdRole).toString());
                return true;
            case Action::ShowWhole:
                Q_EMIT showWholeMessageRequested(index);
                return true;
            case Action::ShowLess:
                Q_EMIT showLessRequested(index);
                return true;
            case Action::None:
                break;
            }
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

bool MessageDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view,
    const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::ToolTip || !index.isValid()) {
        return QStyledItemDelegate::helpEvent(event, view, option, index);
    }
    const QUrl url = linkAt(option, index, event->pos());
    const QString tip
        = url.isValid() ? url.toDisplayString() : index.data(Qt::ToolTipRole).toString();
    // Escaped inside an explicit paragraph: QToolTip guesses whether a string is rich text,
    // and a guess must never turn text from a server into markup.
    QToolTip::showText(event->globalPos(),
        u"<p style='white-space:pre'>%1</p>"_s.arg(tip.toHtmlEscaped()), view->viewport());
    return true;
}

} // namespace hibiki
