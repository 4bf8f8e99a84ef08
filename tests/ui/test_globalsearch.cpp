// SPDX-License-Identifier: MIT
// Ctrl+Shift+F: every room's stored history searched at once, results grouped by room, and
// a chosen result shown in its room, fetched from far back in the history when needed.
#include <ui/chatview.h>
#include <ui/globalsearchdialog.h>
#include <ui/mainwindow.h>
#include <ui/messagemodel.h>
#include <ui/roomwidget.h>
#include <ui/searchbar.h>

#include <hibikiserver/roomserver.h>
#include <shell/roomconfig.h>
#include <shell/rooms.h>

#include <QLineEdit>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <gtest/gtest.h>

#include "testrooms.h"

#include <memory>

using namespace Qt::StringLiterals;
using hibiki::ConnectionStatus;
using hibiki::GlobalSearchDialog;
using hibiki::HistoryStore;
using hibiki::MainWindow;
using hibiki::RoomConfigStore;
using hibiki::Rooms;
using hibiki::RoomServer;
using hibiki::RoomWidget;

namespace {

constexpr int TimeoutMs = 20000;

class GlobalSearchTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_rooms = hibiki::test::makeTestRooms(m_dir, m_store, u"alice"_s);
        MainWindow::Options options;
        options.restoreSettings = false;
        m_window = std::make_unique<MainWindow>(m_rooms.get(), options);
        m_window->resize(900, 600);

        RoomServer::Config config;
        config.port = 0;
        config.heartbeatMs = 0;
        m_server = std::make_unique<RoomServer>(config);
        ASSERT_TRUE(m_server->listen());
        m_first = m_window->openServer(m_server->baseUrl());
        ASSERT_NE(m_first, nullptr);
        ASSERT_TRUE(waitConnected(m_first));
        RoomServer::Config otherConfig = config;
        m_otherServer = std::make_unique<RoomServer>(otherConfig);
        ASSERT_TRUE(m_otherServer->listen());
        m_second = m_window->openServer(m_otherServer->baseUrl());
        ASSERT_NE(m_second, nullptr);
        ASSERT_TRUE(waitConnected(m_second));
        ASSERT_EQ(m_rooms->ids().size(), 2);
    }

    void TearDown() override
    {
        m_window.reset();
        m_rooms.reset();
        m_server.reset();
        m_otherServer.reset();
    }

    static bool waitConnected(RoomWidget *room)
    {
        return QTest::qWaitFor(
            [&] {
                return room->session()->connectionStatus().state
                    == ConnectionStatus::State::Connected;
            },
            TimeoutMs);
    }

    static bool waitStored(RoomWidget *room, qint64 count)
    {
        return QTest::qWaitFor(
            [&] { return room->model()->storedMessageCount() == count; }, TimeoutMs);
    }

    QTreeWidgetItem *headingOf(GlobalSearchDialog *dialog, RoomWidget *room) const
    {
        const QString name = room->session()->profile().name;
        QTreeWidget *list = dialog->resultList();
        for (int i = 0; i < list->topLevelItemCount(); ++i) {
            if (list->topLevelItem(i)->text(0).startsWith(name + u" — "_s)) {
                return list->topLevelItem(i);
            }
        }
        return nullptr;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<RoomConfigStore> m_store;
    std::unique_ptr<Rooms> m_rooms;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<RoomServer> m_server;
    std::unique_ptr<RoomServer> m_otherServer;
    RoomWidget *m_first = nullptr;
    RoomWidget *m_second = nullptr;
};

TEST_F(GlobalSearchTest, FindsInEveryRoomAndJumpsToTheRightRoomAndMessage)
{
    m_server->post(u"bob"_s, u"a zebra in the first room"_s);
    m_server->post(u"bob"_s, u"nothing here"_s);
    // In the second room the match is the oldest of 400: far outside the rows first loaded.
    m_otherServer->post(u"carol"_s, u"the ZEBRA crossing\nis on the second line"_s);
    for (int i = 0; i < 399; ++i) {
        m_otherServer->post(u"carol"_s, u"filler %1"_s.arg(i));
    }
    ASSERT_TRUE(waitStored(m_first, 2));
    ASSERT_TRUE(waitStored(m_second, 400));
    m_window->selectRoom(m_rooms->ids().at(0));
    // As when the room opens: its newest rows only.
    m_second->model()->showNewest(200);
    ASSERT_EQ(m_second->model()->rowForOffset(0), -1);

    m_window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(m_window.get()));
    m_window->activateWindow();
    ASSERT_TRUE(QTest::qWaitForWindowActive(m_window.get()));
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
    auto *dialog = m_window->findChild<GlobalSearchDialog *>();
    ASSERT_NE(dialog, nullptr);
    ASSERT_TRUE(dialog->isVisible());

    QTest::keyClicks(dialog->lineEdit(), u"zebra"_s);
    QTest::keyClick(dialog->lineEdit(), Qt::Key_Return);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !dialog->isSearching(); }, TimeoutMs));
    EXPECT_EQ(dialog->statusText(), u"2 matches in 2 rooms"_s);
    QTreeWidgetItem *first = headingOf(dialog, m_first);
    QTreeWidgetItem *second = headingOf(dialog, m_second);
    ASSERT_NE(first, nullptr);
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(first->text(0), m_first->session()->profile().name + u" — 1 match"_s);
    ASSERT_EQ(second->childCount(), 1);
    QTreeWidgetItem *result = second->child(0);
    // Author, time, and the words around the term on one line.
    EXPECT_EQ(result->text(0), u"the ZEBRA crossing is on the second line"_s);
    EXPECT_EQ(result->text(1), u"carol"_s);
    EXPECT_FALSE(result->text(2).isEmpty());
    EXPECT_EQ(GlobalSearchDialog::roomIdOf(result), m_rooms->ids().at(1));
    EXPECT_EQ(GlobalSearchDialog::roomIdOf(second), QString());

    // Enter on the result: its room, its message in view and selected, the room's search
    // bar on the term.
    dialog->resultList()->setFocus();
    dialog->resultList()->setCurrentItem(result);
    QTest::keyClick(dialog->resultList(), Qt::Key_Return);
    EXPECT_FALSE(dialog->isVisible());
    EXPECT_EQ(m_window->currentRoom(), m_second);
    hibiki::ChatView *view = m_second->chatView();
    const QModelIndex current = view->currentIndex();
    ASSERT_TRUE(current.isValid());
    EXPECT_EQ(m_second->model()->offsetOfRow(current.row()), 0);
    EXPECT_TRUE(current.data().toString().startsWith(u"the ZEBRA crossing"_s));
    EXPECT_TRUE(view->viewport()->rect().intersects(view->visualRect(current)));
    EXPECT_TRUE(m_second->searchBar()->isVisible());
    EXPECT_EQ(m_second->searchBar()->text(), u"zebra"_s);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !m_second->searchBar()->isSearching(); }, TimeoutMs));
    EXPECT_EQ(m_second->searchBar()->counterText(), u"1 of 1"_s);

    // Ctrl+Shift+F again: the same dialog, its term searched again.
    GlobalSearchDialog::showFor(m_window.get());
    EXPECT_EQ(m_window->findChildren<GlobalSearchDialog *>().size(), 1);
    EXPECT_EQ(dialog->lineEdit()->text(), u"zebra"_s);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !dialog->isSearching(); }, TimeoutMs));
    EXPECT_EQ(dialog->resultList()->topLevelItemCount(), 2);

    // A room that goes takes its results with it.
    m_rooms->removeRoom(m_rooms->ids().at(0), true);
    EXPECT_EQ(dialog->resultList()->topLevelItemCount(), 1);
    EXPECT_EQ(dialog->statusText(), u"1 match in 1 room"_s);
}

TEST_F(GlobalSearchTest, SaysNoMatchesAndCapsARoomsResults)
{
    for (int i = 0; i < GlobalSearchDialog::MaxMatchesPerRoom + 20; ++i) {
        m_server->post(u"bob"_s, u"common word %1"_s.arg(i));
    }
    ASSERT_TRUE(waitStored(m_first, GlobalSearchDialog::MaxMatchesPerRoom + 20));
    GlobalSearchDialog dialog(m_rooms.get());
    dialog.search(u"no such thing"_s);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !dialog.isSearching(); }, TimeoutMs));
    EXPECT_EQ(dialog.statusText(), u"No matches in 2 rooms"_s);
    EXPECT_EQ(dialog.resultList()->topLevelItemCount(), 0);

    dialog.search(u"COMMON"_s);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !dialog.isSearching(); }, TimeoutMs));
    QTreeWidgetItem *heading = headingOf(&dialog, m_first);
    ASSERT_NE(heading, nullptr);
    EXPECT_EQ(heading->childCount(), GlobalSearchDialog::MaxMatchesPerRoom);
    EXPECT_TRUE(heading->text(0).contains(u"there are more"_s)) << heading->text(0).toStdString();
    // The newest first.
    EXPECT_EQ(heading->child(0)->text(0),
        u"common word %1"_s.arg(GlobalSearchDialog::MaxMatchesPerRoom + 19));
}

TEST(GlobalSearchSnippet, ShowsTheWordsAroundTheTermOnOneLine)
{
    HistoryStore::SearchHit hit;
    hit.excerpt = QString(u"x"_s).repeated(200) + u" the Needle\tand\nmore "_s
        + QString(u"y"_s).repeated(200);
    const QString line = GlobalSearchDialog::snippet(hit, u"needle"_s, 60);
    EXPECT_TRUE(line.startsWith(u"…"_s));
    EXPECT_TRUE(line.endsWith(u"…"_s));
    EXPECT_LE(line.size(), 62);
    EXPECT_TRUE(line.contains(u"the Needle and more"_s)) << line.toStdString();

    hit.excerpt = u"short Needle"_s;
    EXPECT_EQ(GlobalSearchDialog::snippet(hit, u"needle"_s), u"short Needle"_s);
    hit.excerptCutBefore = true;
    hit.excerptCutAfter = true;
    EXPECT_EQ(GlobalSearchDialog::snippet(hit, u"needle"_s), u"…short Needle…"_s);
    // Never half a character.
    hit = {};
    hit.excerpt = u"😀"_s.repeated(100) + u"term"_s;
    const QString emoji = GlobalSearchDialog::snippet(hit, u"term"_s, 41);
    EXPECT_FALSE(emoji.mid(1, 1).at(0).isLowSurrogate());
    EXPECT_TRUE(emoji.endsWith(u"term"_s));
}

} // namespace
