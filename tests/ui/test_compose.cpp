// SPDX-License-Identifier: MIT
// The compose box: its height from the text as laid out, emoji in colour, completion of
// names (Tab, @) and emoji (:shortcode:), and the emoji list behind it.
#include "ui/composecompleter.h"
#include "ui/composeedit.h"
#include "ui/emojicatalog.h"
#include "ui/emojipicker.h"
#include "ui/emojitext.h"

#include <QApplication>
#include <QFontDatabase>
#include <QImage>
#include <QLineEdit>
#include <QListView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QVBoxLayout>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::ComposeEdit;
using hibiki::EmojiCatalog;
namespace EmojiText = hibiki::EmojiText;

namespace {

const QString heart = u"\u2764\uFE0F"_s; // ❤️: a text character made emoji by U+FE0F

// Pixels that are clearly coloured (not black, white or grey), as a colour emoji has and
// text never does.
int colouredPixels(const QImage &image)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    int count = 0;
    for (int y = 0; y < rgb.height(); ++y) {
        for (int x = 0; x < rgb.width(); ++x) {
            const QColor colour = rgb.pixelColor(x, y);
            if (colour.saturation() > 120 && colour.value() > 80) {
                ++count;
            }
        }
    }
    return count;
}

class ComposeTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_window.resize(600, 400);
        auto *layout = new QVBoxLayout(&m_window);
        m_other = new QLineEdit(&m_window);
        m_edit = new ComposeEdit(&m_window);
        layout->addStretch(1);
        layout->addWidget(m_other);
        layout->addWidget(m_edit);
        m_edit->setNameSource([this] { return m_names; });
        m_window.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&m_window));
        m_window.activateWindow();
        m_edit->setFocus();
        ASSERT_TRUE(QTest::qWaitFor([&] { return m_edit->hasFocus(); }, 5000));
    }

    void type(const QString &text) { QTest::keyClicks(m_edit, text); }
    hibiki::ComposeCompleter *completer() const { return m_edit->completer(); }

    QWidget m_window;
    QLineEdit *m_other = nullptr;
    ComposeEdit *m_edit = nullptr;
    QStringList m_names {u"alice"_s, u"Alfred"_s, u"bob"_s};
};

// --- Height ---------------------------------------------------------------------------

TEST_F(ComposeTest, OneLineOfJapaneseOrEmojiFitsWithoutAScrollBar)
{
    for (const QString &text : {u"hello"_s, u"日本語のテキストを一行だけ書きます"_s,
             u"今日は ❤️ 🌸 👩‍💻 ありがとう"_s}) {
        m_edit->setPlainText(text);
        QApplication::processEvents();
        const int plainHeight = m_edit->height();
        EXPECT_EQ(m_edit->verticalScrollBar()->maximum(), 0) << text.toStdString();
        EXPECT_FALSE(m_edit->verticalScrollBar()->isVisible()) << text.toStdString();
        // The line as laid out (its fallback fonts' height) fits in the box.
        const QTextLayout *layout = m_edit->document()->begin().layout();
        ASSERT_EQ(layout->lineCount(), 1) << text.toStdString();
        EXPECT_GE(m_edit->viewport()->height(), int(layout->lineAt(0).height()))
            << text.toStdString();
        EXPECT_GT(plainHeight, 0);
    }
}

TEST_F(ComposeTest, GrowsLineByLineUpToTheMaximumThenScrolls)
{
    m_edit->setPlainText(u"one"_s);
    QApplication::processEvents();
    int previous = m_edit->height();
    QString text = u"one"_s;
    for (int lines = 2; lines <= ComposeEdit::MaximumVisibleLines; ++lines) {
        text += u"\n日本語 line %1"_s.arg(lines);
        m_edit->setPlainText(text);
        QApplication::processEvents();
        EXPECT_GT(m_edit->height(), previous) << lines;
        EXPECT_EQ(m_edit->verticalScrollBar()->maximum(), 0) << lines;
        previous = m_edit->height();
    }
    text += u"\none too many"_s;
    m_edit->setPlainText(text);
    QApplication::processEvents();
    EXPECT_EQ(m_edit->height(), previous) << "no taller than the maximum";
    EXPECT_GT(m_edit->verticalScrollBar()->maximum(), 0) << "the rest scrolls";

    m_edit->clear();
    QApplication::processEvents();
    EXPECT_LT(m_edit->height(), previous);
}

// Settings → font size: the window's font changes and reaches the box as a FontChange.
TEST_F(ComposeTest, HeightFollowsAFontChange)
{
    for (const QString &text : {QString(), u"one line"_s, u"two\nlines"_s}) {
        QFont font = m_window.font();
        font.setPointSizeF(10);
        m_window.setFont(font);
        m_edit->setPlainText(text);
        QApplication::processEvents();
        const int small = m_edit->height();
        EXPECT_EQ(m_edit->verticalScrollBar()->maximum(), 0) << text.toStdString();

        font.setPointSizeF(24);
        m_window.setFont(font);
        QApplication::processEvents();
        const int large = m_edit->height();
        EXPECT_GT(large, small * 3 / 2) << text.toStdString();
        EXPECT_EQ(m_edit->verticalScrollBar()->maximum(), 0) << text.toStdString();
        EXPECT_GE(m_edit->viewport()->height(),
            int(m_edit->document()->begin().layout()->lineAt(0).height()))
            << text.toStdString();

        font.setPointSizeF(10);
        m_window.setFont(font);
        QApplication::processEvents();
        EXPECT_EQ(m_edit->height(), small) << text.toStdString() << ": back";
    }
}

// --- Colour emoji ---------------------------------------------------------------------

TEST(EmojiText, FindsEmojiPresentationSequencesAndKeepsTheVariationSelector)
{
    using Range = EmojiText::Range;
    EXPECT_EQ(EmojiText::ranges(u"I \u2764\uFE0F you"_s), (QList<Range> {{2, 2}}));
    EXPECT_TRUE(EmojiText::ranges(u"I \u2764 you"_s).isEmpty()) << "text presentation";
    EXPECT_TRUE(EmojiText::ranges(u"\U0001F600\uFE0E"_s).isEmpty()) << "asked for text";
    EXPECT_EQ(EmojiText::ranges(u"a\U0001F600b"_s), (QList<Range> {{1, 2}}));
    // A ZWJ sequence, a skin tone, a flag and a keycap are one picture each.
    EXPECT_EQ(EmojiText::ranges(u"\U0001F469\u200D\U0001F4BB"_s), (QList<Range> {{0, 5}}));
    EXPECT_EQ(EmojiText::ranges(u"\U0001F44D\U0001F3FD!"_s), (QList<Range> {{0, 4}}));
    EXPECT_EQ(EmojiText::ranges(u"\U0001F1EF\U0001F1F5"_s), (QList<Range> {{0, 4}}));
    EXPECT_EQ(EmojiText::ranges(u"1\uFE0F\u20E3 and 1"_s), (QList<Range> {{0, 3}}));
    EXPECT_TRUE(EmojiText::ranges(u"12:30 #1 ©"_s).isEmpty());
    EXPECT_TRUE(EmojiText::ranges(u"日本語"_s).isEmpty());
}

TEST_F(ComposeTest, AHeartInTheBoxIsDrawnInColour)
{
    if (EmojiText::colorFontFamily().isEmpty()) {
        GTEST_SKIP() << "no colour emoji font installed (fonts-noto-color-emoji)";
    }
    m_edit->setPlainText(u"I "_s + heart + u" you"_s);
    QApplication::processEvents();
    EXPECT_EQ(m_edit->toPlainText(), u"I \u2764\uFE0F you"_s) << "U+FE0F kept";
    EXPECT_GT(colouredPixels(m_edit->viewport()->grab().toImage()), 20);

    m_edit->setPlainText(u"I \u2764 you"_s); // the text heart stays text
    QApplication::processEvents();
    EXPECT_EQ(colouredPixels(m_edit->viewport()->grab().toImage()), 0);
}

// --- The emoji list -------------------------------------------------------------------

TEST(EmojiCatalog, TheShippedListHasNamesShortcodesAndFullyQualifiedEmoji)
{
    const EmojiCatalog &catalog = EmojiCatalog::instance();
    ASSERT_GT(catalog.all().size(), 1500);
    EXPECT_EQ(catalog.groups().first(), u"Smileys & Emotion"_s);
    const hibiki::Emoji *redHeart = catalog.forShortcode(u"red_heart"_s);
    ASSERT_NE(redHeart, nullptr);
    EXPECT_EQ(redHeart->text, heart);
    EXPECT_EQ(redHeart->name, u"red heart"_s);
    EXPECT_EQ(catalog.forShortcode(u"HEART"_s), redHeart);
    ASSERT_NE(catalog.forShortcode(u"+1"_s), nullptr);
    EXPECT_EQ(catalog.forShortcode(u"+1"_s)->text, u"\U0001F44D"_s);
    EXPECT_EQ(catalog.forShortcode(u"flag_japan"_s)->text, u"\U0001F1EF\U0001F1F5"_s);
    EXPECT_EQ(catalog.forShortcode(u"no_such_thing"_s), nullptr);

    const QList<const hibiki::Emoji *> hea = catalog.search(u"hea"_s, 8);
    ASSERT_FALSE(hea.isEmpty());
    EXPECT_EQ(hea.first(), redHeart) << "the shortcode that starts with it first";
    EXPECT_EQ(hea.size(), 8);
    const QList<const hibiki::Emoji *> both = catalog.search(u"red hea"_s);
    ASSERT_FALSE(both.isEmpty());
    EXPECT_EQ(both.first(), redHeart);
    EXPECT_EQ(catalog.search({}).size(), catalog.all().size());
    EXPECT_EQ(EmojiCatalog::shortcodeOf(u"flag: Côte d’Ivoire"_s), u"flag_côte_d_ivoire"_s);
}

// --- Names -----------------------------------------------------------------------------

TEST_F(ComposeTest, TabCompletesANameAndCyclesThroughTheMatches)
{
    type(u"hi al"_s);
    EXPECT_EQ(completer()->tabCandidates(), (QStringList {u"alice"_s, u"Alfred"_s}));
    QTest::keyClick(m_edit, Qt::Key_Tab);
    EXPECT_EQ(m_edit->text(), u"hi alice "_s);
    EXPECT_TRUE(m_edit->hasFocus());
    QTest::keyClick(m_edit, Qt::Key_Tab);
    EXPECT_EQ(m_edit->text(), u"hi Alfred "_s);
    QTest::keyClick(m_edit, Qt::Key_Tab);
    EXPECT_EQ(m_edit->text(), u"hi alice "_s) << "round again";
    QTest::keyClick(m_edit, Qt::Key_Backtab, Qt::ShiftModifier);
    EXPECT_EQ(m_edit->text(), u"hi Alfred "_s) << "Shift+Tab goes back";
    type(u"how are you"_s);
    EXPECT_EQ(m_edit->text(), u"hi Alfred how are you"_s);
}

TEST_F(ComposeTest, TabWithNothingToCompleteStillMovesTheFocus)
{
    QTest::keyClick(m_edit, Qt::Key_Tab);
    EXPECT_TRUE(QTest::qWaitFor([&] { return !m_edit->hasFocus(); }, 2000))
        << "an empty box: Tab moves on";
    m_edit->setFocus();
    ASSERT_TRUE(QTest::qWaitFor([&] { return m_edit->hasFocus(); }, 2000));
    type(u"zzz"_s);
    QTest::keyClick(m_edit, Qt::Key_Tab);
    EXPECT_TRUE(QTest::qWaitFor([&] { return !m_edit->hasFocus(); }, 2000))
        << "no name starts with it: Tab moves on";
    EXPECT_EQ(m_edit->text(), u"zzz"_s);
}

TEST_F(ComposeTest, AtOpensTheNamesNarrowsThemAndEnterPicksOne)
{
    type(u"thanks @"_s);
    ASSERT_TRUE(completer()->isPopupVisible());
    EXPECT_EQ(completer()->suggestions(), m_names);
    EXPECT_FALSE(completer()->popup()->hasFocus()) << "the box keeps the keyboard";
    type(u"b"_s);
    EXPECT_EQ(completer()->suggestions(), QStringList {u"bob"_s});
    QTest::keyClick(m_edit, Qt::Key_Return);
    EXPECT_EQ(m_edit->text(), u"thanks @bob "_s) << "Enter picks, it does not send";
    EXPECT_FALSE(completer()->isPopupVisible());

    type(u"and @A"_s);
    EXPECT_EQ(completer()->suggestions(), (QStringList {u"alice"_s, u"Alfred"_s}));
    QTest::keyClick(m_edit, Qt::Key_Down);
    QTest::keyClick(m_edit, Qt::Key_Tab);
    EXPECT_EQ(m_edit->text(), u"thanks @bob and @Alfred "_s);

    type(u"@x"_s);
    EXPECT_FALSE(completer()->isPopupVisible()) << "nobody matches";
    type(u" @"_s);
    ASSERT_TRUE(completer()->isPopupVisible());
    QTest::keyClick(m_edit, Qt::Key_Escape);
    EXPECT_FALSE(completer()->isPopupVisible());
    EXPECT_TRUE(m_edit->text().endsWith(u" @"_s));
}

TEST_F(ComposeTest, EnterStillSendsWhenNoListIsOpen)
{
    QStringList sent;
    QObject::connect(
        m_edit, &ComposeEdit::submitted, [&](const QString &text) { sent.append(text); });
    type(u"an email: bob@example.org"_s);
    EXPECT_FALSE(completer()->isPopupVisible()) << "an @ inside a word is not a mention";
    QTest::keyClick(m_edit, Qt::Key_Return);
    EXPECT_EQ(sent, QStringList {u"an email: bob@example.org"_s});
}

// --- Emoji shortcodes -------------------------------------------------------------------

TEST_F(ComposeTest, ColonAndTwoLettersOfferEmojiByNameAndEnterInsertsOne)
{
    type(u"love :h"_s);
    EXPECT_FALSE(completer()->isPopupVisible()) << "one letter is too little";
    type(u"ea"_s);
    ASSERT_TRUE(completer()->isPopupVisible());
    const QStringList offered = completer()->suggestions();
    ASSERT_FALSE(offered.isEmpty());
    EXPECT_EQ(offered.first(), u":heart:  red heart"_s);
    EXPECT_LE(offered.size(), hibiki::ComposeCompleter::MaxSuggestions);
    QTest::keyClick(m_edit, Qt::Key_Return);
    EXPECT_EQ(m_edit->text(), u"love "_s + heart);
    EXPECT_FALSE(completer()->isPopupVisible());

    type(u" 12:30"_s);
    EXPECT_FALSE(completer()->isPopupVisible()) << "a time is not a shortcode";
}

TEST_F(ComposeTest, AWholeShortcodeBecomesItsEmojiWhenItsColonIsTyped)
{
    type(u"great :+1:"_s);
    EXPECT_EQ(m_edit->text(), u"great \U0001F44D"_s);
    type(u" :tada: and :nonsense: "_s);
    EXPECT_EQ(m_edit->text(), u"great \U0001F44D \U0001F389 and :nonsense: "_s);
}

// --- The emoji picker ---------------------------------------------------------------------

TEST_F(ComposeTest, ThePickerFindsEmojiByNameAndEnterPicksTheFirst)
{
    hibiki::EmojiPicker picker(&EmojiCatalog::instance(), &m_window);
    QSignalSpy chosen(&picker, &hibiki::EmojiPicker::emojiChosen);
    picker.popUp(m_edit);
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&picker));
    EXPECT_EQ(picker.shown().size(), EmojiCatalog::instance().all().size());
    EXPECT_EQ(picker.groupButtons().size(), EmojiCatalog::instance().groups().size());

    QTest::keyClicks(picker.searchField(), u"heart"_s);
    ASSERT_FALSE(picker.shown().isEmpty());
    EXPECT_EQ(picker.shown().first(), heart);
    EXPECT_EQ(picker.model()->index(0).data().toString(), u"\u2764"_s)
        << "drawn without U+FE0F, which the colour font lacks and Qt 6.4 gives another font";
    EXPECT_LT(picker.shown().size(), 100);
    QTest::keyClick(picker.searchField(), Qt::Key_Return);
    ASSERT_EQ(chosen.size(), 1);
    EXPECT_EQ(chosen.at(0).at(0).toString(), heart) << "with its U+FE0F";
    EXPECT_FALSE(picker.isVisible());

    // Shortcodes as typed in the box work too; Down moves in the grid, Enter picks there.
    picker.popUp(m_edit);
    QTest::keyClicks(picker.searchField(), u":+1:"_s);
    ASSERT_FALSE(picker.shown().isEmpty());
    EXPECT_EQ(picker.shown().first(), u"\U0001F44D"_s);
    picker.searchField()->clear();
    QTest::keyClicks(picker.searchField(), u"face"_s);
    ASSERT_GE(picker.shown().size(), 40) << "more than a row of the grid";
    QTest::keyClick(picker.searchField(), Qt::Key_Down);
    const QString current = picker.grid()->currentIndex().data(Qt::UserRole).toString();
    EXPECT_NE(current, picker.shown().first());
    EXPECT_TRUE(picker.searchField()->hasFocus()) << "typing goes on in the field";
    QTest::keyClick(picker.searchField(), Qt::Key_Return);
    ASSERT_EQ(chosen.size(), 2);
    EXPECT_EQ(chosen.at(1).at(0).toString(), current);

    // A group button shows that group's first emoji; Esc closes.
    picker.popUp(m_edit);
    QToolButton *flags = picker.groupButtons().constLast();
    EXPECT_EQ(flags->toolTip(), u"Flags"_s);
    flags->click();
    EXPECT_EQ(picker.grid()->currentIndex().data(hibiki::EmojiGridModel::GroupRole).toString(),
        u"Flags"_s);
    QTest::keyClick(picker.searchField(), Qt::Key_Escape);
    EXPECT_FALSE(picker.isVisible());
}

TEST_F(ComposeTest, ThePickersGridIsInColour)
{
    if (EmojiText::colorFontFamily().isEmpty()) {
        GTEST_SKIP() << "no colour emoji font installed (fonts-noto-color-emoji)";
    }
    hibiki::EmojiPicker picker(&EmojiCatalog::instance(), &m_window);
    picker.popUp(m_edit);
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&picker));
    QTest::keyClicks(picker.searchField(), u"red heart"_s);
    EXPECT_GT(colouredPixels(picker.grid()->viewport()->grab().toImage()), 20);
}

} // namespace
