// SPDX-License-Identifier: MIT
// Rows as drawn: colour emoji in a message, and the app's own notice ("messages sent
// meanwhile may be missing") shown as it is, on the gap line's band.
#include <ui/emojitext.h>
#include <ui/messagedelegate.h>
#include <ui/messagemodel.h>

#include <QApplication>
#include <QImage>
#include <QPainter>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::ChatMessage;
using hibiki::MessageDelegate;
using hibiki::MessageModel;

namespace {

constexpr int RowWidth = 500;

ChatMessage chat(const QString &text, int minute)
{
    static int id = 0;
    ChatMessage message;
    message.id = u"r%1"_s.arg(++id);
    message.author = u"bob"_s;
    message.text = text;
    message.eventType = u"message"_s;
    message.timestamp = QDateTime(QDate(2025, 5, 1), QTime(12, minute), Qt::UTC);
    return message;
}

// Clearly coloured pixels (neither black, white nor grey).
int colouredPixels(const QImage &image)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor colour = image.pixelColor(x, y);
            if (colour.saturation() > 120 && colour.value() > 80) {
                ++count;
            }
        }
    }
    return count;
}

class MessageRowsTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_model.setUserName(u"alice"_s);
        m_delegate.setWidth(RowWidth);
        m_option.font = QApplication::font();
        m_option.palette = QApplication::palette();
    }

    QStyleOptionViewItem optionAt(int row) const
    {
        QStyleOptionViewItem option = m_option;
        option.rect = QRect(0, 0, RowWidth, 0);
        option.rect.setHeight(m_delegate.sizeHint(option, m_model.index(row)).height());
        return option;
    }

    QImage paint(int row) const
    {
        const QStyleOptionViewItem option = optionAt(row);
        QImage image(option.rect.size(), QImage::Format_RGB32);
        image.fill(m_option.palette.color(QPalette::Base));
        QPainter painter(&image);
        m_delegate.paint(&painter, option, m_model.index(row));
        painter.end();
        return image;
    }

    MessageModel m_model;
    MessageDelegate m_delegate;
    QStyleOptionViewItem m_option;
};

TEST_F(MessageRowsTest, AHeartIsDrawnInColourAndItsVariationSelectorKept)
{
    if (hibiki::EmojiText::colorFontFamily().isEmpty()) {
        GTEST_SKIP() << "no colour emoji font installed (fonts-noto-color-emoji)";
    }
    // Rows 1 and 2 follow row 0 by the same author: no coloured avatar, only the text.
    m_model.appendMessages(
        {chat(u"first"_s, 0), chat(u"I \u2764\uFE0F you"_s, 1), chat(u"I \u2764 you"_s, 2)});
    EXPECT_EQ(m_model.index(1).data(Qt::DisplayRole).toString(), u"I \u2764\uFE0F you"_s);
    EXPECT_EQ(m_delegate.layoutText(optionAt(1), m_model.index(1)), u"I \u2764\uFE0F you"_s);
    EXPECT_GT(colouredPixels(paint(1)), 20) << "❤️ drew black";
    EXPECT_EQ(colouredPixels(paint(2)), 0) << "a plain ❤ (text presentation) stays text";
}

TEST_F(MessageRowsTest, TheAppsOwnNoticeShowsItsTextAsItIsOnTheGapBand)
{
    ChatMessage notice;
    notice.kind = ChatMessage::Kind::Gap; // no event type: the app's own line
    notice.text = u"messages sent while the connection was down may be missing: this server "
                  "cannot send them again"_s;
    notice.timestamp = QDateTime(QDate(2025, 5, 1), QTime(12, 5), Qt::UTC);
    ASSERT_TRUE(notice.isLocalNotice());
    ChatMessage system = notice;
    system.kind = ChatMessage::Kind::System;
    system.eventType = u"system"_s;
    m_model.appendMessages({chat(u"before"_s, 0), notice, system});

    EXPECT_EQ(m_model.index(1).data(Qt::DisplayRole).toString(), notice.text)
        << "no prefix, no JSON reading: the line as the core wrote it";
    EXPECT_EQ(m_delegate.layoutText(optionAt(1), m_model.index(1)), notice.text);
    EXPECT_EQ(m_model.index(1).data(MessageModel::KindRole).toInt(), int(ChatMessage::Kind::Gap));

    // The gap line's tinted band reaches across the row (above its text, near the right
    // edge); a system line has none.
    const auto tintedAtTheEdge = [&](int row) {
        const QImage image = paint(row);
        return image.pixelColor(image.width() - 30, 4) != m_option.palette.color(QPalette::Base);
    };
    EXPECT_TRUE(tintedAtTheEdge(1));
    EXPECT_FALSE(tintedAtTheEdge(2));
}

} // namespace
