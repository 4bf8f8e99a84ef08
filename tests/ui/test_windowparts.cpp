// SPDX-License-Identifier: MIT
// The parts the window is made of, each on its own: where the room list lives (splitter or
// drawer), the room pages following Rooms, the room menu's state, the status bar.
#include <ui/elidedlabel.h>
#include <ui/roomdrawer.h>
#include <ui/roomlistmodel.h>
#include <ui/roomlistplacement.h>
#include <ui/roompages.h>
#include <ui/roomwidget.h>
#include <ui/windowactions.h>
#include <ui/windowstatusbar.h>

#include <hibikiserver/roomserver.h>
#include <shell/hostedroom.h>
#include <shell/rooms.h>

#include <QAction>
#include <QLabel>
#include <QListView>
#include <QMainWindow>
#include <QSplitter>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QVBoxLayout>

#include <gtest/gtest.h>

#include "testrooms.h"

#include <memory>

using namespace Qt::StringLiterals;
using hibiki::ConnectionStatus;
using hibiki::RoomConfigStore;
using hibiki::RoomListModel;
using hibiki::RoomListPlacement;
using hibiki::RoomPages;
using hibiki::Rooms;
using hibiki::RoomServer;
using hibiki::WindowActions;
using hibiki::WindowStatusBar;

namespace {

constexpr int TimeoutMs = 15000;

// A side panel (a list in it) and a content pane placed in a window of their own.
class RoomListPlacementTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        auto *side = new QWidget;
        m_list = new QListView(side);
        (new QVBoxLayout(side))->addWidget(m_list);
        m_placement = new RoomListPlacement(side, m_list, new QWidget, &m_window);
        (new QVBoxLayout(&m_window))->addWidget(m_placement);
        m_window.resize(900, 600);
        m_window.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&m_window));
    }

    QWidget m_window;
    QListView *m_list = nullptr;
    RoomListPlacement *m_placement = nullptr;
};

TEST_F(RoomListPlacementTest, NarrowPutsTheListInTheDrawerAndWideGivesItBackAtItsWidth)
{
    QSplitter *splitter = m_placement->splitter();
    ASSERT_EQ(splitter->count(), 2);
    const QList<int> wideSizes = {300, splitter->sizes().at(0) + splitter->sizes().at(1) - 300};
    splitter->setSizes(wideSizes);
    EXPECT_FALSE(m_placement->drawerButton()->isVisible());

    m_placement->fitWidth(RoomListPlacement::NarrowWidth - 1);
    ASSERT_TRUE(m_placement->isNarrow());
    EXPECT_EQ(splitter->count(), 1); // the room alone
    EXPECT_TRUE(m_placement->drawer()->isAncestorOf(m_list));
    EXPECT_TRUE(m_placement->drawerButton()->isVisible());
    EXPECT_FALSE(m_list->isVisible());
    QTest::mouseClick(m_placement->drawerButton(), Qt::LeftButton);
    EXPECT_TRUE(m_placement->drawer()->isOpen());
    EXPECT_TRUE(m_list->isVisible());
    m_placement->closeDrawer();
    EXPECT_FALSE(m_placement->drawer()->isOpen());
    EXPECT_FALSE(m_placement->drawerButton()->isChecked());
    m_placement->showRoomList();
    EXPECT_TRUE(m_placement->drawer()->isOpen());
    EXPECT_TRUE(m_placement->drawerButton()->isChecked());

    m_placement->fitWidth(RoomListPlacement::NarrowWidth);
    ASSERT_FALSE(m_placement->isNarrow());
    ASSERT_EQ(splitter->count(), 2);
    EXPECT_TRUE(splitter->widget(0)->isAncestorOf(m_list));
    EXPECT_FALSE(m_placement->drawerButton()->isVisible());
    EXPECT_EQ(splitter->sizes(), wideSizes);
}

TEST_F(RoomListPlacementTest, ShowingTheListBringsBackAListDraggedShut)
{
    QSplitter *splitter = m_placement->splitter();
    const int total = splitter->sizes().at(0) + splitter->sizes().at(1);
    splitter->setSizes({0, total});
    ASSERT_EQ(splitter->sizes().at(0), 0);
    m_placement->showRoomList();
    EXPECT_GE(splitter->sizes().at(0), RoomListPlacement::MinSidePanelWidth);
    EXPECT_LE(splitter->sizes().at(0), RoomListPlacement::SidePanelWidth);
    EXPECT_EQ(splitter->sizes().at(0) + splitter->sizes().at(1), total);

    // A list at a usable width stays as the user left it.
    splitter->setSizes({200, total - 200});
    m_placement->showRoomList();
    EXPECT_EQ(splitter->sizes().at(0), 200);
}

TEST_F(RoomListPlacementTest, TheNarrowBarNamesTheRoomAndCountsUnread)
{
    m_placement->setTitle(u"Team"_s, 3);
    EXPECT_EQ(m_placement->narrowTitle()->text(), u"Team"_s);
    EXPECT_EQ(m_placement->drawerButton()->text(), u"☰ Rooms (3)"_s);
    m_placement->setTitle(QString(), 0);
    EXPECT_TRUE(m_placement->narrowTitle()->text().isEmpty());
    EXPECT_EQ(m_placement->drawerButton()->text(), u"☰ Rooms"_s);
}

// Rooms of their own (a hosted one, one on another server) for the parts that follow them.
class WindowPartsTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_rooms = hibiki::test::makeTestRooms(m_dir, m_store, u"alice"_s);
        RoomServer::Config config;
        config.port = 0;
        m_server = std::make_unique<RoomServer>(config);
        ASSERT_TRUE(m_server->listen());
    }

    void TearDown() override
    {
        m_window.reset(); // before the rooms it shows
        m_rooms.reset();
    }

    // A window with room pages over the rooms, and the menus when asked for.
    void makeWindow(bool withActions)
    {
        m_window = std::make_unique<QMainWindow>();
        m_listModel = new RoomListModel(m_window.get());
        m_list = new QListView(m_window.get());
        m_list->setModel(m_listModel);
        m_pages = new RoomPages(m_rooms.get(), m_listModel, m_list, new QWidget, m_window.get());
        m_window->setCentralWidget(m_pages);
        if (withActions) {
            m_actions = new WindowActions(m_rooms.get(), m_pages, m_window.get());
            QObject::connect(
                m_pages, &RoomPages::roomStateChanged, m_actions, &WindowActions::update);
            QObject::connect(
                m_pages, &RoomPages::currentRoomChanged, m_actions, &WindowActions::update);
            m_actions->update();
        }
    }

    QTemporaryDir m_dir;
    std::unique_ptr<RoomConfigStore> m_store;
    std::unique_ptr<Rooms> m_rooms;
    std::unique_ptr<RoomServer> m_server;
    std::unique_ptr<QMainWindow> m_window;
    RoomListModel *m_listModel = nullptr;
    QListView *m_list = nullptr;
    RoomPages *m_pages = nullptr;
    WindowActions *m_actions = nullptr;
};

TEST_F(WindowPartsTest, RoomPagesFollowWhatRoomsOpensMovesAndCloses)
{
    const QString hosted = m_rooms->hostRoom(0);
    makeWindow(false); // after a room opened: it is there too
    ASSERT_NE(m_pages->roomWidget(hosted), nullptr);
    EXPECT_EQ(m_pages->currentRoomId(), hosted);
    EXPECT_EQ(m_pages->currentRoom(), m_pages->roomWidget(hosted));

    const QString joined = m_rooms->joinServer(m_server->baseUrl());
    ASSERT_EQ(m_listModel->rowCount(), 2);
    EXPECT_EQ(m_pages->count(), 3); // the empty page and a page a room
    EXPECT_EQ(m_pages->currentRoomId(), hosted); // a new room does not take the selection
    EXPECT_EQ(m_pages->showRoom(joined), m_pages->roomWidget(joined));
    EXPECT_EQ(m_pages->currentWidget(), m_pages->roomWidget(joined));
    m_pages->selectRelativeRoom(1); // round the end
    EXPECT_EQ(m_pages->currentRoomId(), hosted);
    m_pages->selectRelativeRoom(-1);
    EXPECT_EQ(m_pages->currentRoomId(), joined);

    ASSERT_TRUE(m_rooms->moveRoom(joined, 0));
    EXPECT_EQ(m_listModel->idAt(0), joined);
    EXPECT_EQ(m_pages->currentRoomId(), joined);

    m_rooms->setMuted(joined, true);
    EXPECT_TRUE(m_listModel->entry(joined)->muted);

    m_pages->roomWidget(joined)->setDraft(u"half a thought"_s);
    m_pages->handDraftsToRooms();
    EXPECT_EQ(m_rooms->draft(joined), u"half a thought"_s);

    m_rooms->removeRoom(joined, true);
    m_rooms->removeRoom(hosted, true);
    EXPECT_EQ(m_listModel->rowCount(), 0);
    EXPECT_EQ(m_pages->count(), 1);
    EXPECT_EQ(m_pages->currentRoom(), nullptr);
    EXPECT_EQ(m_pages->currentIndex(), 0); // the empty page
}

TEST_F(WindowPartsTest, TheRoomMenuFollowsTheCurrentRoom)
{
    makeWindow(true);
    for (QAction *action :
        {m_actions->editAction(), m_actions->removeAction(), m_actions->muteAction(),
            m_actions->connectAction(), m_actions->findAction(), m_actions->inviteAction()}) {
        EXPECT_FALSE(action->isEnabled()) << action->text().toStdString();
    }
    EXPECT_EQ(m_actions->hostAction()->text(), u"&Host a Room on This Computer…"_s);

    const QString joined = m_rooms->joinServer(m_server->baseUrl());
    ASSERT_EQ(m_pages->currentRoomId(), joined);
    for (QAction *action : {m_actions->editAction(), m_actions->removeAction(),
             m_actions->muteAction(), m_actions->connectAction(), m_actions->findAction()}) {
        EXPECT_TRUE(action->isEnabled()) << action->text().toStdString();
    }
    EXPECT_FALSE(m_actions->inviteAction()->isEnabled()); // nothing hosted here yet

    // Mute and Disconnect act on the current room and show what it is now.
    m_actions->muteAction()->trigger();
    EXPECT_TRUE(m_rooms->config(joined)->muted);
    EXPECT_TRUE(m_actions->muteAction()->isChecked());
    EXPECT_EQ(m_actions->connectAction()->text(), u"&Disconnect"_s);
    m_actions->connectAction()->trigger();
    EXPECT_EQ(
        m_rooms->session(joined)->connectionStatus().state, ConnectionStatus::State::Disconnected);
    EXPECT_EQ(m_actions->connectAction()->text(), u"&Connect"_s);
    m_actions->connectAction()->trigger();
    EXPECT_EQ(m_actions->connectAction()->text(), u"&Disconnect"_s);

    // One room hosted here: Host… becomes its settings, and people can be invited.
    const QString hosted = m_rooms->hostRoom(0);
    ASSERT_FALSE(hosted.isEmpty());
    EXPECT_EQ(m_actions->hostAction()->text(), u"Hosted Room &Settings…"_s);
    EXPECT_TRUE(m_actions->inviteAction()->isEnabled());
    // The context menu of a room offers the room's actions.
    EXPECT_EQ(m_actions->roomActions(),
        (QList<QAction *> {m_actions->editAction(), m_actions->muteAction(),
            m_actions->connectAction(), nullptr, m_actions->removeAction()}));
}

TEST_F(WindowPartsTest, TheStatusBarSaysWhatRoomsSaysAndWhatIsHostedHere)
{
    QMainWindow window;
    auto *bar = new WindowStatusBar(m_rooms.get(), &window);
    window.setStatusBar(bar);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    EXPECT_FALSE(bar->hostLabel()->isVisible());

    const QString hosted = m_rooms->hostRoom(0);
    ASSERT_FALSE(hosted.isEmpty());
    EXPECT_TRUE(bar->hostLabel()->isVisible());
    const QString port = QString::number(m_rooms->hostedRoom(hosted)->port());
    EXPECT_TRUE(bar->hostLabel()->fullText().contains(u"Hosting"_s));
    EXPECT_TRUE(bar->hostLabel()->fullText().contains(port)) << port.toStdString();

    Q_EMIT m_rooms->statusMessage(u"a word from the rooms"_s, 0);
    EXPECT_EQ(bar->statusText(), u"a word from the rooms"_s);
    bar->showStatus(u"for a moment"_s, 20);
    EXPECT_EQ(bar->statusLabel()->fullText(), u"for a moment"_s);
    EXPECT_TRUE(QTest::qWaitFor([&] { return bar->statusText().isEmpty(); }, TimeoutMs));

    m_rooms->removeRoom(hosted, true);
    EXPECT_FALSE(bar->hostLabel()->isVisible());
    EXPECT_TRUE(bar->hostLabel()->fullText().isEmpty());
}

} // namespace
