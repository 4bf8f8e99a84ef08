// SPDX-License-Identifier: MIT
// Ctrl+F in a room: the whole stored history is searched (not only the rows loaded in the
// view), the matches are counted ("3 of 12"), each one is brought into view, and the ends
// are said out loud ("No more matches") before a search wraps around.
#include <ui/chatview.h>
#include <ui/historysearch.h>
#include <ui/messagedelegate.h>
#include <ui/messagemodel.h>
#include <ui/searchbar.h>

#include <core/historystore.h>

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>
#include <QVBoxLayout>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::ChatMessage;
using hibiki::ChatMessages;
using hibiki::ChatView;
using hibiki::HistoryStore;
using hibiki::MessageModel;
using hibiki::SearchBar;

namespace {

constexpr int TimeoutMs = 15000;

class SearchBarTest : public ::testing::Test
{
protected:
    static constexpr int Stored = 20000;
    // The messages that contain "needle", oldest first.
    const QList<int> m_needles {100, 5000, 12000, 19990};

    void SetUp() override
    {
        ASSERT_TRUE(m_store.open(u":memory:"_s));
        m_store.setRetention(0);
        ChatMessages batch;
        for (int i = 0; i < Stored; ++i) {
            batch.append(
                message(m_needles.contains(i) ? u"a Needle in m%1"_s.arg(i) : u"m%1 hay"_s.arg(i)));
        }
        ASSERT_EQ(m_store.append(batch, {}).size(), Stored);
        m_model.setHistory(&m_store);
        m_view = new ChatView(&m_room);
        m_bar = new SearchBar(&m_room);
        auto *layout = new QVBoxLayout(&m_room);
        layout->addWidget(m_bar);
        layout->addWidget(m_view, 1);
        m_view->setMessageModel(&m_model);
        m_bar->setRoom(m_view, &m_store);
        m_bar->hide();
        m_room.resize(640, 480);
        m_room.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&m_room));
        ASSERT_TRUE(QTest::qWaitFor([&] { return m_view->isFollowing(); }, TimeoutMs));
    }

    static ChatMessage message(const QString &text)
    {
        ChatMessage message;
        message.author = u"bob"_s;
        message.text = text;
        message.eventType = u"message"_s;
        message.timestamp = QDateTime(QDate(2025, 5, 1), QTime(8, 0), QTimeZone::utc());
        return message;
    }

    void search(const QString &term)
    {
        m_bar->activate();
        m_bar->lineEdit()->clear();
        QTest::keyClicks(m_bar->lineEdit(), term);
        ASSERT_TRUE(QTest::qWaitFor([&] { return !m_bar->isSearching(); }, TimeoutMs));
    }

    void press(Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QTest::keyClick(m_bar->lineEdit(), Qt::Key_Return, modifiers);
        // A step may wait for the search to reach its match.
        ASSERT_TRUE(QTest::qWaitFor([&] { return !m_bar->isSearching(); }, TimeoutMs));
    }

    // The store offset of the selected row; -1 when none.
    qint64 selectedOffset() const
    {
        const QModelIndex current = m_view->currentIndex();
        return current.isValid() ? m_model.offsetOfRow(current.row()) : -1;
    }

    // The selected row is on screen, whole.
    bool selectedIsOnScreen() const
    {
        const QRect rect = m_view->visualRect(m_view->currentIndex());
        return rect.isValid() && m_view->viewport()->rect().contains(rect);
    }

    HistoryStore m_store;
    MessageModel m_model;
    QWidget m_room;
    ChatView *m_view = nullptr;
    SearchBar *m_bar = nullptr;
};

TEST_F(SearchBarTest, CountsEveryStoredMatchAndStepsThroughThemNewestFirst)
{
    // Only the newest rows are loaded; three of the four matches are not.
    ASSERT_LT(m_model.historyRowCount(), Stored / 10);
    ASSERT_EQ(m_model.rowForOffset(m_needles.at(0)), -1);

    search(u"NEEDLE"_s);
    EXPECT_EQ(m_bar->counterText(), u"4 matches"_s);
    EXPECT_EQ(m_bar->matchCount(), 4);
    EXPECT_EQ(m_bar->noticeText(), QString());

    // Enter goes back in time from the newest match.
    for (int step = 1; step <= 4; ++step) {
        press();
        EXPECT_EQ(m_bar->counterText(), u"%1 of 4"_s.arg(step));
        EXPECT_EQ(m_bar->currentMatch(), step);
        EXPECT_EQ(selectedOffset(), m_needles.at(4 - step)) << step;
        EXPECT_TRUE(selectedIsOnScreen()) << step;
        EXPECT_TRUE(m_view->currentIndex().data().toString().contains(u"Needle"_s));
        EXPECT_EQ(m_bar->noticeText(), QString());
    }
    // The oldest match, far outside the rows first loaded, is in view; the window is bounded.
    EXPECT_GE(m_model.rowForOffset(m_needles.at(0)), 0);
    EXPECT_LE(m_model.rowCount(), ChatView::DefaultRowLimit);
    EXPECT_FALSE(m_view->isFollowing());
    EXPECT_EQ(m_view->messageDelegate()->searchText(), u"NEEDLE"_s);

    // At the end: said in words, no silent wrap.
    press();
    EXPECT_EQ(m_bar->noticeText(), u"No more matches"_s);
    EXPECT_EQ(m_bar->counterText(), u"4 of 4"_s);
    EXPECT_EQ(selectedOffset(), m_needles.at(0));
    // Asked again, it wraps and says so.
    press();
    EXPECT_EQ(m_bar->noticeText(), u"Wrapped to the first match"_s);
    EXPECT_EQ(m_bar->counterText(), u"1 of 4"_s);
    EXPECT_EQ(selectedOffset(), m_needles.at(3));
    EXPECT_TRUE(selectedIsOnScreen());

    // Shift+Enter goes the other way, with the same care at the newest end.
    press(Qt::ShiftModifier);
    EXPECT_EQ(m_bar->noticeText(), u"No more matches"_s);
    EXPECT_EQ(m_bar->counterText(), u"1 of 4"_s);
    press(Qt::ShiftModifier);
    EXPECT_EQ(m_bar->noticeText(), u"Wrapped to the last match"_s);
    EXPECT_EQ(m_bar->counterText(), u"4 of 4"_s);
    EXPECT_EQ(selectedOffset(), m_needles.at(0));
    press(Qt::ShiftModifier);
    EXPECT_EQ(m_bar->counterText(), u"3 of 4"_s);
    EXPECT_EQ(m_bar->noticeText(), QString());
    EXPECT_EQ(selectedOffset(), m_needles.at(1));
    EXPECT_TRUE(selectedIsOnScreen());

    // Escape closes the bar and the highlight goes.
    QTest::keyClick(m_bar->lineEdit(), Qt::Key_Escape);
    EXPECT_FALSE(m_bar->isVisible());
    EXPECT_EQ(m_view->messageDelegate()->searchText(), QString());
}

TEST_F(SearchBarTest, SaysNoMatchesInWords)
{
    search(u"zebra"_s);
    EXPECT_EQ(m_bar->counterText(), u"No matches"_s);
    press();
    EXPECT_EQ(m_bar->counterText(), u"No matches"_s);
    EXPECT_TRUE(m_view->selectionModel()->selectedRows().isEmpty());
    EXPECT_TRUE(m_view->isFollowing());
    // Typing more counts again.
    search(u"m1999"_s);
    EXPECT_EQ(m_bar->counterText(), u"11 matches"_s); // m1999 and m19990..m19999
}

TEST_F(SearchBarTest, TheFirstStepStartsFromWhatTheViewShows)
{
    QTest::keyClick(m_view, Qt::Key_Home);
    ASSERT_EQ(m_model.offsetOfRow(m_view->indexAt(QPoint(1, 1)).row()), 0);
    search(u"needle"_s);
    // Nothing older than the oldest messages on screen.
    press();
    EXPECT_EQ(m_bar->noticeText(), u"No more matches"_s);
    EXPECT_TRUE(m_view->selectionModel()->selectedRows().isEmpty());
    // Newer: the oldest match below them.
    press(Qt::ShiftModifier);
    EXPECT_EQ(selectedOffset(), m_needles.at(0));
    EXPECT_EQ(m_bar->counterText(), u"4 of 4"_s);
    EXPECT_EQ(m_bar->noticeText(), QString());
    press(Qt::ShiftModifier);
    EXPECT_EQ(selectedOffset(), m_needles.at(1));
    EXPECT_EQ(m_bar->counterText(), u"3 of 4"_s);
    EXPECT_TRUE(selectedIsOnScreen());

    // From the middle of the history, Enter finds the newest match above the screen's end.
    ASSERT_TRUE(m_view->showMessageAt(8000));
    m_bar->lineEdit()->clear(); // a new search: no current match
    m_bar->lineEdit()->setText(u"needle"_s);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !m_bar->isSearching(); }, TimeoutMs));
    press();
    EXPECT_EQ(selectedOffset(), m_needles.at(1));
    EXPECT_EQ(m_bar->counterText(), u"3 of 4"_s);
}

TEST_F(SearchBarTest, MessagesArrivingWhileSearchingAreCounted)
{
    search(u"needle"_s);
    press();
    press();
    ASSERT_EQ(m_bar->counterText(), u"2 of 4"_s);
    const ChatMessages added = m_store.append({message(u"one more needle"_s)}, {});
    m_model.appendMessages(added);
    // The current match keeps its place; it is now the third newest.
    EXPECT_EQ(m_bar->counterText(), u"3 of 5"_s);
    EXPECT_EQ(selectedOffset(), m_needles.at(2));
    press(Qt::ShiftModifier);
    press(Qt::ShiftModifier);
    EXPECT_EQ(m_bar->counterText(), u"1 of 5"_s);
    EXPECT_EQ(selectedOffset(), Stored);
}

TEST_F(SearchBarTest, ACommonWordIsCountedUpToTheCapAndSaysSo)
{
    search(u"hay"_s);
    EXPECT_EQ(m_bar->matchCount(), SearchBar::MaxMatches);
    EXPECT_EQ(m_bar->counterText(), u"%1+ matches"_s.arg(SearchBar::MaxMatches));
    // Its tooltip says why.
    bool explained = false;
    for (const QLabel *label : m_bar->findChildren<QLabel *>()) {
        explained |= label->text() == m_bar->counterText() && !label->toolTip().isEmpty();
    }
    EXPECT_TRUE(explained);
    press();
    EXPECT_EQ(m_bar->counterText(), u"1 of %1+"_s.arg(SearchBar::MaxMatches));
    EXPECT_EQ(selectedOffset(), Stored - 1);
}

TEST_F(SearchBarTest, F3FindsTheNextMatchFromAnywhereInTheRoom)
{
    m_room.activateWindow();
    if (!QTest::qWaitForWindowActive(&m_room)) {
        GTEST_SKIP() << "the platform does not activate windows (shortcuts need it)";
    }
    search(u"needle"_s);
    m_view->setFocus();
    QTest::keyClick(m_view, Qt::Key_F3);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !m_bar->isSearching(); }, TimeoutMs));
    EXPECT_EQ(m_bar->counterText(), u"1 of 4"_s);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_F3);
    EXPECT_EQ(m_bar->counterText(), u"2 of 4"_s);
    QTest::keyClick(QApplication::focusWidget(), Qt::Key_F3, Qt::ShiftModifier);
    EXPECT_EQ(m_bar->counterText(), u"1 of 4"_s);
}

// A history too large for one turn of the event loop is searched in slices.
TEST(HistorySearchSlices, ALargeHistoryIsSearchedTurnByTurn)
{
    HistoryStore store;
    ASSERT_TRUE(store.open(u":memory:"_s));
    store.setRetention(0);
    ChatMessages batch;
    constexpr int Stored = 300000;
    batch.reserve(Stored);
    for (int i = 0; i < Stored; ++i) {
        ChatMessage message;
        message.text = i == 3 ? u"the old needle"_s : u"message %1 with a few words"_s.arg(i);
        message.timestamp = QDateTime::fromMSecsSinceEpoch(i, QTimeZone::utc());
        batch.append(message);
    }
    ASSERT_EQ(store.append(batch, {}).size(), Stored);

    hibiki::HistorySearch search;
    QSignalSpy progressed(&search, &hibiki::HistorySearch::progressed);
    search.start(&store, u"NEEDLE"_s);
    // The first turn searched only part of it (the rest follows turn by turn).
    EXPECT_TRUE(search.isRunning());
    EXPECT_TRUE(search.hits().isEmpty());
    EXPECT_GT(search.searchedDownTo(), store.firstKey());
    ASSERT_TRUE(QTest::qWaitFor([&] { return !search.isRunning(); }, TimeoutMs));
    ASSERT_EQ(search.hits().size(), 1);
    EXPECT_EQ(store.offsetOfKey(search.hits().at(0).key), 3);
    EXPECT_GE(progressed.size(), 1);
    EXPECT_FALSE(search.isCapped());
}

} // namespace
