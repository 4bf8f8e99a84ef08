// SPDX-License-Identifier: MIT
// The whole window, driven with QTest: the first run hosts a room one can chat in at once,
// several rooms are connected together, unread counts and notifications, mute, search,
// and rooms saved for the next start.
#include <ui/appearance.h>
#include <ui/chatview.h>
#include <ui/composeedit.h>
#include <ui/connectionbanner.h>
#include <ui/elidedlabel.h>
#include <ui/mainwindow.h>
#include <ui/messagemodel.h>
#include <ui/notifier.h>
#include <ui/roomdrawer.h>
#include <ui/roomlistmodel.h>
#include <ui/roomlistplacement.h>
#include <ui/roomnotifications.h>
#include <ui/roomwidget.h>
#include <ui/searchbar.h>
#include <ui/serverdialog.h>
#include <ui/settingsdialog.h>
#include <ui/windowstatusbar.h>

#include <hibikiserver/roomserver.h>
#include <shell/hostedroom.h>
#include <shell/rooms.h>

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QSplitter>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <gtest/gtest.h>

#include <memory>

using namespace Qt::StringLiterals;
using hibiki::ConnectionStatus;
using hibiki::MainWindow;
using hibiki::MessageModel;
using hibiki::Preferences;
using hibiki::RoomConfig;
using hibiki::RoomConfigStore;
using hibiki::RoomListModel;
using hibiki::RoomListPlacement;
using hibiki::Rooms;
using hibiki::RoomServer;
using hibiki::RoomWidget;

namespace {

constexpr int TimeoutMs = 15000;

class MainWindowTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        // Room histories and hosted rooms' data go to a fresh place for every test.
        qputenv("XDG_DATA_HOME", m_dir.filePath(u"data"_s).toLocal8Bit());
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(u"config"_s).toLocal8Bit());
        m_store = std::make_unique<RoomConfigStore>(m_dir.filePath(u"config"_s));
    }

    void TearDown() override
    {
        m_windows.clear(); // before their rooms
        m_rooms.clear();
        hibiki::Appearance::apply(Preferences::Theme::System, 0); // for the next tests
    }

    // A window over rooms of its own (kept by the fixture, which outlives the window).
    MainWindow *makeWindow(const QString &user = u"alice"_s, RoomConfigStore *store = nullptr)
    {
        Rooms::Options roomOptions;
        roomOptions.userOverride = user;
        roomOptions.keepDrafts = false;
        roomOptions.defaultHostPort = 0; // never the real 8787: tests run side by side
        m_rooms.push_back(std::make_unique<Rooms>(store ? store : m_store.get(), roomOptions));
        MainWindow::Options options;
        options.restoreSettings = false;
        options.preferencesFile = m_dir.filePath(u"preferences.conf"_s);
        m_windows.push_back(std::make_unique<MainWindow>(m_rooms.back().get(), options));
        m_windows.back()->resize(900, 600);
        return m_windows.back().get();
    }

    // Closes the last window and its rooms, as when the app quits.
    void closeLastWindow()
    {
        m_windows.pop_back();
        m_rooms.pop_back();
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

    static int rowsWithText(RoomWidget *room, const QString &text, bool *pending = nullptr)
    {
        int count = 0;
        for (int row = 0; row < room->model()->rowCount(); ++row) {
            const QModelIndex index = room->model()->index(row);
            if (index.data().toString() == text) {
                ++count;
                if (pending) {
                    *pending = index.data(MessageModel::IsPendingRole).toBool();
                }
            }
        }
        return count;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<RoomConfigStore> m_store;
    std::vector<std::unique_ptr<Rooms>> m_rooms;
    std::vector<std::unique_ptr<MainWindow>> m_windows;
};

TEST_F(MainWindowTest, FirstRunHostsARoomWhereOneCanChatAtOnce)
{
    MainWindow *window = makeWindow();
    window->openConfiguredRooms();
    window->ensureARoom();
    window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window));

    RoomWidget *room = window->currentRoom();
    ASSERT_NE(room, nullptr);
    EXPECT_EQ(window->rooms()->ids().size(), 1);
    hibiki::HostedRoom *host = window->rooms()->hostedRoom(window->currentRoomId());
    ASSERT_NE(host, nullptr);
    EXPECT_TRUE(host->isRunning());
    EXPECT_EQ(room->session()->profile().streamUrl.port(), host->port());
    EXPECT_EQ(room->session()->profile().streamUrl.host(), u"127.0.0.1"_s);
    ASSERT_TRUE(waitConnected(room));

    // The keyboard is in the compose box: typing and Enter posts.
    EXPECT_TRUE(room->composeEdit()->hasFocus() || QApplication::focusWidget() == nullptr);
    QTest::keyClicks(room->composeEdit(), u"first words"_s);
    QTest::keyClick(room->composeEdit(), Qt::Key_Return);
    bool pending = true;
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return rowsWithText(room, u"first words"_s, &pending) == 1 && !pending; },
        TimeoutMs));

    // The room is saved, to be hosted again on the next start.
    ASSERT_EQ(m_store->rooms().size(), 1);
    EXPECT_TRUE(m_store->rooms().constFirst().hosted);
    RoomConfigStore reread(m_dir.filePath(u"config"_s));
    ASSERT_TRUE(reread.load());
    ASSERT_EQ(reread.rooms().size(), 1);
    EXPECT_EQ(reread.rooms().constFirst().profile.name, Rooms::defaultHostedRoomName());
}

TEST_F(MainWindowTest, SecondWindowJoinsTheRoomTheFirstHostsAndTheyChat)
{
    MainWindow *first = makeWindow(u"alice"_s);
    RoomWidget *aliceRoom = first->hostRoom(0);
    ASSERT_NE(aliceRoom, nullptr);
    ASSERT_TRUE(waitConnected(aliceRoom));
    const QUrl address = first->rooms()->hostedRoom(first->currentRoomId())->baseUrl();

    // Another user, with a configuration of their own, opens the address.
    QTemporaryDir otherConfig;
    RoomConfigStore otherStore(otherConfig.path());
    MainWindow *second = makeWindow(u"bob"_s, &otherStore);
    RoomWidget *bobRoom = second->openServer(address);
    ASSERT_NE(bobRoom, nullptr);
    ASSERT_TRUE(waitConnected(bobRoom));

    bobRoom->sendMessage(u"hello alice"_s);
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return rowsWithText(aliceRoom, u"hello alice"_s) == 1; }, TimeoutMs));
    aliceRoom->sendMessage(u"hi bob"_s);
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return rowsWithText(bobRoom, u"hi bob"_s) == 1; }, TimeoutMs));
    const int row = aliceRoom->model()->rowCount() - 2;
    EXPECT_EQ(aliceRoom->model()->index(row).data(MessageModel::AuthorRole).toString(), u"bob"_s);
    EXPECT_TRUE(aliceRoom->model()->index(row).data(MessageModel::MentionRole).toBool());
}

TEST_F(MainWindowTest, SeveralRoomsAtOnceWithUnreadCountsNotificationsAndMute)
{
    RoomServer::Config config;
    config.port = 0;
    RoomServer other(config);
    ASSERT_TRUE(other.listen());

    MainWindow *window = makeWindow();
    RoomWidget *hosted = window->hostRoom(0);
    RoomWidget *remote = window->openServer(other.baseUrl());
    ASSERT_NE(hosted, nullptr);
    ASSERT_NE(remote, nullptr);
    EXPECT_EQ(window->rooms()->ids().size(), 2);
    ASSERT_TRUE(waitConnected(hosted));
    ASSERT_TRUE(waitConnected(remote));
    const QString remoteId = window->rooms()->ids().at(1);
    EXPECT_EQ(window->currentRoom(), remote);

    // Look at the hosted room; messages in the other one count as unread and notify (the
    // window is not active here, so ordinary messages notify too).
    window->selectRoom(window->rooms()->ids().at(0));
    EXPECT_EQ(window->currentRoom(), hosted);
    QSignalSpy notified(window->notifier(), &hibiki::Notifier::notified);
    other.post(u"carol"_s, u"news from the other room"_s);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return window->roomListModel()->entry(remoteId)->unread == 1; }, TimeoutMs));
    EXPECT_EQ(window->notifier()->unread(), 1);
    EXPECT_TRUE(window->windowTitle().startsWith(u"(1) "_s)) << window->windowTitle().toStdString();
    ASSERT_GE(notified.size(), 1);
    EXPECT_TRUE(notified.constLast().at(0).toString().contains(u"carol"_s));
    EXPECT_EQ(notified.constLast().at(1).toString(), u"news from the other room"_s);

    // Muted: ordinary messages stay quiet, a mention still notifies.
    window->rooms()->setMuted(remoteId, true);
    notified.clear();
    QTest::qWait(0);
    other.post(u"carol"_s, u"quiet please"_s);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return window->roomListModel()->entry(remoteId)->unread == 2; }, TimeoutMs));
    EXPECT_TRUE(notified.isEmpty());
    other.post(u"carol"_s, u"@alice look"_s);
    ASSERT_TRUE(QTest::qWaitFor([&] { return notified.size() == 1; }, TimeoutMs));
    EXPECT_TRUE(notified.at(0).at(0).toString().contains(u"mentioned you"_s));
    EXPECT_EQ(window->roomListModel()->entry(remoteId)->mentions, 1);
    // A muted room's plain unread messages do not count in the total, its mentions do.
    EXPECT_EQ(window->notifier()->unread(), 1);

    ASSERT_EQ(m_store->rooms().size(), 2);
    EXPECT_TRUE(m_store->rooms().at(1).muted);
}

TEST_F(MainWindowTest, RoomsComeBackOnTheNextStartAndOpenByName)
{
    RoomServer::Config config;
    config.port = 0;
    RoomServer server(config);
    ASSERT_TRUE(server.listen());
    QString name;
    {
        MainWindow *window = makeWindow();
        RoomWidget *room = window->openServer(server.baseUrl());
        ASSERT_NE(room, nullptr);
        name = room->session()->profile().name;
        ASSERT_TRUE(waitConnected(room));
        server.post(u"bob"_s, u"kept for later"_s);
        ASSERT_TRUE(QTest::qWaitFor(
            [&] { return rowsWithText(room, u"kept for later"_s) == 1; }, TimeoutMs));
        // Opening the same address again selects the room instead of adding another.
        EXPECT_EQ(window->openServer(server.baseUrl()), room);
        EXPECT_EQ(window->rooms()->ids().size(), 1);
        closeLastWindow();
    }
    RoomConfigStore store(m_dir.filePath(u"config"_s));
    ASSERT_TRUE(store.load());
    m_store = std::make_unique<RoomConfigStore>(std::move(store));
    MainWindow *window = makeWindow();
    window->openConfiguredRooms();
    ASSERT_EQ(window->rooms()->ids().size(), 1);
    RoomWidget *room = window->openRoomNamed(name.toUpper());
    ASSERT_NE(room, nullptr);
    EXPECT_EQ(window->openRoomNamed(u"no such room"_s), nullptr);
    // The history was kept on disk: the message is there before anything arrives.
    EXPECT_EQ(rowsWithText(room, u"kept for later"_s), 1);
    ASSERT_TRUE(waitConnected(room));
    QCoreApplication::processEvents();
    EXPECT_EQ(rowsWithText(room, u"kept for later"_s), 1);
}

TEST_F(MainWindowTest, CtrlFSearchesTheCurrentRoom)
{
    MainWindow *window = makeWindow();
    RoomWidget *room = window->hostRoom(0);
    ASSERT_NE(room, nullptr);
    window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window));
    ASSERT_TRUE(waitConnected(room));
    room->sendMessage(u"the needle is here"_s);
    room->sendMessage(u"something else"_s);
    ASSERT_TRUE(QTest::qWaitFor([&] { return room->model()->historyRowCount() == 2; }, TimeoutMs));

    window->activateWindow();
    room->composeEdit()->setFocus();
    QTest::keyClick(window, Qt::Key_F, Qt::ControlModifier);
    ASSERT_TRUE(room->searchBar()->isVisible());
    EXPECT_TRUE(room->searchBar()->lineEdit()->hasFocus() || !window->isActiveWindow());
    QTest::keyClicks(room->searchBar()->lineEdit(), u"NEEDLE"_s);
    QTest::keyClick(room->searchBar()->lineEdit(), Qt::Key_Return);
    ASSERT_TRUE(room->chatView()->currentIndex().isValid());
    EXPECT_EQ(room->chatView()->currentIndex().data().toString(), u"the needle is here"_s);
    QTest::keyClick(room->searchBar()->lineEdit(), Qt::Key_Escape);
    EXPECT_FALSE(room->searchBar()->isVisible());
}

TEST_F(MainWindowTest, EditingARoomReconnectsItInPlace)
{
    RoomServer::Config config;
    config.port = 0;
    RoomServer server(config);
    ASSERT_TRUE(server.listen());
    MainWindow *window = makeWindow();
    window->hostRoom(0);
    RoomWidget *room = window->openServer(server.baseUrl());
    ASSERT_NE(room, nullptr);
    room->setDraft(u"half a thought"_s);
    const QString id = window->currentRoomId();
    RoomConfig edited = *window->rooms()->config(id);
    edited.profile.name = u"Team"_s;
    window->rooms()->reconfigure(edited);

    EXPECT_EQ(window->rooms()->ids().size(), 2);
    EXPECT_EQ(window->rooms()->ids().at(1), id);
    EXPECT_EQ(window->currentRoomId(), id);
    EXPECT_EQ(window->roomListModel()->entry(id)->name, u"Team"_s);
    RoomWidget *reopened = window->roomWidget(id);
    ASSERT_NE(reopened, nullptr);
    EXPECT_EQ(reopened->draft(), u"half a thought"_s);
    ASSERT_TRUE(waitConnected(reopened));
    EXPECT_EQ(m_store->rooms().at(1).profile.name, u"Team"_s);
}

TEST_F(MainWindowTest, RemovingARoomForgetsIt)
{
    MainWindow *window = makeWindow();
    window->hostRoom(0);
    const QString id = window->currentRoomId();
    window->rooms()->removeRoom(id, true);
    EXPECT_TRUE(window->rooms()->ids().isEmpty());
    EXPECT_EQ(window->currentRoom(), nullptr);
    EXPECT_TRUE(m_store->rooms().isEmpty());
    EXPECT_EQ(window->roomListModel()->rowCount(), 0);
}

TEST_F(MainWindowTest, AMovedRoomMovesInTheListAndStaysSelected)
{
    MainWindow *window = makeWindow();
    ASSERT_NE(window->hostRoom(0), nullptr);
    RoomServer::Config config;
    config.port = 0;
    RoomServer server(config);
    ASSERT_TRUE(server.listen());
    window->openServer(server.baseUrl());
    const QString joined = window->currentRoomId();
    ASSERT_EQ(window->rooms()->ids().size(), 2);
    ASSERT_TRUE(window->rooms()->moveRoom(joined, 0));
    EXPECT_EQ(window->roomListModel()->idAt(0), joined);
    EXPECT_EQ(window->currentRoomId(), joined);
    EXPECT_EQ(window->currentRoom(), window->roomWidget(joined));
}

TEST_F(MainWindowTest, TheStatusBarSaysWhyASecondWindowKeepsNoHistory)
{
    MainWindow *first = makeWindow();
    ASSERT_NE(first->hostRoom(0), nullptr);
    // The same configuration and data in a second window, as a second `hibiki` would be.
    MainWindow *second = makeWindow();
    second->openConfiguredRooms();
    const QString message = second->statusText();
    EXPECT_TRUE(message.contains(
        u"another Hibiki window (process %1)"_s.arg(QCoreApplication::applicationPid())))
        << message.toStdString();
}

// A dialog the test failed to close ends anyway, so that a failure fails instead of
// hanging in the dialog's event loop.
void closeAnyDialogLater(QObject *context)
{
    QTimer::singleShot(TimeoutMs, context, [] {
        if (QWidget *dialog = QApplication::activeModalWidget()) {
            dialog->close();
        }
    });
}

// Settings (Ctrl+,): what is chosen there is used at once and is there again in a new
// window.
TEST_F(MainWindowTest, SettingsAreAppliedAndKeptForTheNextWindow)
{
    MainWindow *window = makeWindow(QString()); // no --user: the settings' name counts
    window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window));
    const QColor systemWindowColor = qApp->palette().color(QPalette::Window);

    bool sawDialog = false;
    QTimer::singleShot(0, window, [&] {
        auto *dialog = qobject_cast<hibiki::SettingsDialog *>(QApplication::activeModalWidget());
        if (!dialog) {
            return;
        }
        sawDialog = true;
        dialog->userEdit()->setText(u"Alice Liddell"_s);
        dialog->notificationsBox()->setCurrentIndex(
            dialog->notificationsBox()->findData(int(Preferences::Notifications::MentionsOnly)));
        dialog->themeBox()->setCurrentIndex(
            dialog->themeBox()->findData(int(Preferences::Theme::Dark)));
        dialog->fontSizeBox()->setValue(15);
        // The look is previewed before OK.
        EXPECT_LT(qApp->palette().color(QPalette::Window).lightness(), 80);
        EXPECT_EQ(QApplication::font().pointSize(), 15);
        dialog->languageBox()->setCurrentIndex(dialog->languageBox()->findData(u"ja"_s));
        EXPECT_TRUE(dialog->languageNote()->text().contains(u"next time Hibiki starts"_s));
        dialog->accept();
    });
    closeAnyDialogLater(window);
    QTest::keyClick(window, Qt::Key_Comma, Qt::ControlModifier);
    ASSERT_TRUE(sawDialog);

    // Applied: theme (a real palette, Fusion), font size app-wide, notifications, name.
    EXPECT_LT(qApp->palette().color(QPalette::Window).lightness(), 80);
    EXPECT_EQ(QApplication::style()->name().toLower(), u"fusion"_s);
    EXPECT_EQ(QApplication::font().pointSize(), 15);
    // Widgets take the new font as the application's change event reaches them.
    EXPECT_TRUE(QTest::qWaitFor(
        [&] { return window->roomListView()->font().pointSize() == 15; }, TimeoutMs));
    EXPECT_EQ(window->roomNotifications()->mode(), Preferences::Notifications::MentionsOnly);
    EXPECT_EQ(window->rooms()->defaultUserName(), u"Alice Liddell"_s);
    EXPECT_EQ(window->rooms()->newRoomUserName(), u"Alice Liddell"_s);

    // A new window (the next start) reads them back.
    closeLastWindow();
    hibiki::Appearance::apply(Preferences::Theme::System, 0);
    EXPECT_EQ(qApp->palette().color(QPalette::Window), systemWindowColor);
    MainWindow *next = makeWindow(QString());
    EXPECT_EQ(next->preferences().userName, u"Alice Liddell"_s);
    EXPECT_EQ(next->preferences().notifications, Preferences::Notifications::MentionsOnly);
    EXPECT_EQ(next->preferences().theme, Preferences::Theme::Dark);
    EXPECT_EQ(next->preferences().fontPointSize, 15);
    EXPECT_EQ(next->preferences().language, u"ja"_s);
    EXPECT_LT(qApp->palette().color(QPalette::Window).lightness(), 80);
    EXPECT_EQ(QApplication::font().pointSize(), 15);
    EXPECT_EQ(next->rooms()->defaultUserName(), u"Alice Liddell"_s);
    RoomWidget *room = next->hostRoom(0);
    ASSERT_NE(room, nullptr);
    EXPECT_EQ(room->session()->userName(), u"Alice Liddell"_s);

    // Cancel puts the look back as it was.
    QTimer::singleShot(0, next, [&] {
        if (auto *dialog
            = qobject_cast<hibiki::SettingsDialog *>(QApplication::activeModalWidget())) {
            dialog->themeBox()->setCurrentIndex(
                dialog->themeBox()->findData(int(Preferences::Theme::Light)));
            dialog->fontSizeBox()->setValue(9);
            EXPECT_GT(qApp->palette().color(QPalette::Window).lightness(), 180);
            dialog->reject();
        }
    });
    closeAnyDialogLater(next);
    next->showSettingsDialog();
    EXPECT_LT(qApp->palette().color(QPalette::Window).lightness(), 80);
    EXPECT_EQ(QApplication::font().pointSize(), 15);
}

TEST_F(MainWindowTest, NotificationSettingsSuppressWhatTheyShould)
{
    RoomServer::Config config;
    config.port = 0;
    RoomServer other(config);
    ASSERT_TRUE(other.listen());
    MainWindow *window = makeWindow();
    ASSERT_NE(window->hostRoom(0), nullptr);
    RoomWidget *remote = window->openServer(other.baseUrl());
    ASSERT_NE(remote, nullptr);
    ASSERT_TRUE(waitConnected(remote));
    const QString remoteId = window->currentRoomId();
    window->selectRoom(window->rooms()->ids().at(0)); // looking at the other room
    QSignalSpy notified(window->notifier(), &hibiki::Notifier::notified);
    int posted = 0;
    const auto post = [&](const QString &text) {
        other.post(u"carol"_s, text);
        ++posted;
        return QTest::qWaitFor(
            [&] { return window->roomListModel()->entry(remoteId)->unread == posted; }, TimeoutMs);
    };

    Preferences preferences = window->preferences();
    preferences.notifications = Preferences::Notifications::MentionsOnly;
    window->setPreferences(preferences);
    ASSERT_TRUE(post(u"ordinary news"_s));
    EXPECT_TRUE(notified.isEmpty());
    ASSERT_TRUE(post(u"alice, a question"_s));
    ASSERT_TRUE(QTest::qWaitFor([&] { return notified.size() == 1; }, TimeoutMs));
    EXPECT_TRUE(notified.at(0).at(0).toString().contains(u"mentioned you"_s));

    preferences.notifications = Preferences::Notifications::None;
    window->setPreferences(preferences);
    notified.clear();
    ASSERT_TRUE(post(u"alice, again"_s));
    ASSERT_TRUE(post(u"more news"_s));
    EXPECT_TRUE(notified.isEmpty());

    // All: ordinary messages notify again (the window is not active here).
    preferences.notifications = Preferences::Notifications::All;
    window->setPreferences(preferences);
    ASSERT_TRUE(post(u"and now?"_s));
    ASSERT_TRUE(QTest::qWaitFor([&] { return notified.size() == 1; }, TimeoutMs));
    EXPECT_EQ(notified.at(0).at(1).toString(), u"and now?"_s);
}

// The widget's rectangle in the window's coordinates.
QRect inWindow(const QWidget *widget, const QWidget *window)
{
    return QRect(widget->mapTo(window, QPoint(0, 0)), widget->size());
}

TEST_F(MainWindowTest, ANarrowWindowFoldsTheRoomListIntoADrawer)
{
    RoomServer::Config config;
    config.port = 0;
    RoomServer server(config);
    ASSERT_TRUE(server.listen());
    MainWindow *window = makeWindow();
    const QString hosted = window->rooms()->hostRoom(0);
    ASSERT_NE(window->openServer(server.baseUrl()), nullptr);
    const QString joined = window->currentRoomId();
    window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window));
    QListView *list = window->roomListView();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return list->isVisible() && !window->roomListPlacement()->isNarrow(); }));

    window->resize(400, 600);
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return window->roomListPlacement()->isNarrow(); }, TimeoutMs));
    // The room has the whole width; the list is behind the ☰ button.
    EXPECT_FALSE(list->isVisible());
    ASSERT_TRUE(window->roomListPlacement()->drawerButton()->isVisible());
    RoomWidget *room = window->currentRoom();
    ASSERT_NE(room, nullptr);
    EXPECT_GE(room->width(), 380);
    EXPECT_LE(room->mapTo(window, QPoint(0, 0)).x(), 10);

    QTest::mouseClick(window->roomListPlacement()->drawerButton(), Qt::LeftButton);
    ASSERT_TRUE(window->roomListPlacement()->drawer()->isOpen());
    EXPECT_TRUE(list->isVisible());
    const QRect panel = inWindow(window->roomListPlacement()->drawer()->panel(), window);
    EXPECT_EQ(panel.left(), 0);
    EXPECT_GE(panel.width(), 200);
    EXPECT_LE(panel.width(), 340); // over part of the room, which keeps its width
    EXPECT_TRUE(window->rect().contains(panel));
    EXPECT_GE(room->width(), 380);

    // Choosing a room closes the drawer and shows it.
    const QRect row = list->visualRect(
        window->roomListModel()->index(window->roomListModel()->rowForId(hosted)));
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, row.center());
    EXPECT_EQ(window->currentRoomId(), hosted);
    EXPECT_FALSE(window->roomListPlacement()->drawer()->isOpen());
    EXPECT_FALSE(window->roomListPlacement()->drawerButton()->isChecked());

    // Esc and a click beside the list close it too.
    window->showRoomList();
    ASSERT_TRUE(window->roomListPlacement()->drawer()->isOpen());
    QTest::keyClick(list, Qt::Key_Escape);
    EXPECT_FALSE(window->roomListPlacement()->drawer()->isOpen());
    QTest::mouseClick(window->roomListPlacement()->drawerButton(), Qt::LeftButton);
    ASSERT_TRUE(window->roomListPlacement()->drawer()->isOpen());
    QTest::mouseClick(window->roomListPlacement()->drawer(), Qt::LeftButton, {},
        QPoint(window->roomListPlacement()->drawer()->width() - 10,
            window->roomListPlacement()->drawer()->height() / 2));
    EXPECT_FALSE(window->roomListPlacement()->drawer()->isOpen());
    EXPECT_EQ(window->currentRoomId(), hosted);

    // Wide again: the side panel is back beside the room.
    window->resize(900, 600);
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return !window->roomListPlacement()->isNarrow(); }, TimeoutMs));
    ASSERT_TRUE(QTest::qWaitFor([&] { return list->isVisible(); }, TimeoutMs));
    EXPECT_FALSE(window->roomListPlacement()->drawerButton()->isVisible());
    const QRect side = inWindow(list, window);
    EXPECT_GE(side.width(), 150);
    EXPECT_GE(inWindow(window->currentRoom(), window).left(), side.right());
    EXPECT_NE(joined, hosted);
}

TEST_F(MainWindowTest, CtrlShiftLBringsBackAListDraggedShut)
{
    MainWindow *window = makeWindow();
    ASSERT_NE(window->hostRoom(0), nullptr);
    window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window));
    window->activateWindow();
    QSplitter *splitter = window->roomListPlacement()->splitter();
    const int total = splitter->sizes().at(0) + splitter->sizes().at(1);
    splitter->setSizes({0, total}); // dragged shut
    ASSERT_EQ(splitter->sizes().at(0), 0);

    QTest::keyClick(window, Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
    EXPECT_GE(splitter->sizes().at(0), RoomListPlacement::MinSidePanelWidth);
    EXPECT_LE(splitter->sizes().at(0), RoomListPlacement::SidePanelWidth);
    EXPECT_GE(window->roomListView()->width(), RoomListPlacement::MinSidePanelWidth - 20);
    EXPECT_TRUE(window->roomListView()->hasFocus() || !window->isActiveWindow());

    // In a narrow window the same keys open the drawer.
    window->resize(420, 600);
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return window->roomListPlacement()->isNarrow(); }, TimeoutMs));
    QTest::keyClick(window, Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
    EXPECT_TRUE(window->roomListPlacement()->drawer()->isOpen());
    EXPECT_TRUE(window->roomListView()->isVisible());
}

TEST_F(MainWindowTest, ALongStatusMessageIsCutWithItsWholeTextInTheTooltip)
{
    MainWindow *window = makeWindow();
    ASSERT_NE(window->hostRoom(0), nullptr);
    window->resize(400, 600);
    window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window));
    const QString message = u"\"Hibiki room\" is open in another Hibiki window (process 12345); "
                            "its history is not kept by this one."_s;
    window->showStatus(message, 0);
    hibiki::ElidedLabel *label = window->windowStatusBar()->statusLabel();
    ASSERT_TRUE(QTest::qWaitFor([&] { return label->isElided(); }, TimeoutMs))
        << label->text().toStdString();
    EXPECT_TRUE(label->text().endsWith(u"…"_s)) << label->text().toStdString();
    EXPECT_EQ(label->toolTip(), message);
    EXPECT_EQ(window->statusText(), message);
    EXPECT_EQ(window->width(), 400); // the window never grows for it
    EXPECT_LE(inWindow(label, window).right(), window->width());
    // The hosted room's addresses are cut the same way, never pushed out of the window.
    EXPECT_LE(inWindow(window->windowStatusBar()->hostLabel(), window).right(), window->width());

    // Wide enough: all of it, no tooltip; a message with a timeout goes by itself.
    window->resize(1200, 600);
    ASSERT_TRUE(QTest::qWaitFor([&] { return !label->isElided(); }, TimeoutMs));
    EXPECT_TRUE(label->toolTip().isEmpty());
    window->showStatus(u"short"_s, 50);
    EXPECT_EQ(label->text(), u"short"_s);
    EXPECT_TRUE(QTest::qWaitFor([&] { return window->statusText().isEmpty(); }, TimeoutMs));
}

TEST_F(MainWindowTest, AddRoomOffersTheRoomAlreadyInTheListInsteadOfACopy)
{
    RoomServer::Config config;
    config.port = 0;
    RoomServer server(config);
    ASSERT_TRUE(server.listen());
    MainWindow *window = makeWindow();
    ASSERT_NE(window->openServer(server.baseUrl()), nullptr);
    const QString known = window->currentRoomId();
    ASSERT_NE(window->hostRoom(0), nullptr);
    ASSERT_NE(window->currentRoomId(), known);

    window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window));
    bool offered = false;
    QTimer::singleShot(0, window, [&] {
        auto *dialog = qobject_cast<hibiki::ServerDialog *>(QApplication::activeModalWidget());
        if (!dialog) {
            return;
        }
        // The same server, written as a person might: a trailing slash, the stream's path.
        dialog->addressEdit()->setText(server.baseUrl().toString() + u"/sse/"_s);
        offered = dialog->openExistingButton()->isVisible();
        QTest::mouseClick(dialog->openExistingButton(), Qt::LeftButton);
    });
    closeAnyDialogLater(window);
    QTest::keyClick(window, Qt::Key_N, Qt::ControlModifier);
    EXPECT_TRUE(offered);
    EXPECT_EQ(window->currentRoomId(), known);
    EXPECT_EQ(window->rooms()->ids().size(), 2);
}

} // namespace
