// SPDX-License-Identifier: MIT
// Who is here, on screen, and a room's loose ends: the member list beside the messages
// (presence on a Hibiki room, recent authors elsewhere), names completed from it, the app
// announcing its user to Hibiki rooms only, a send refused when it cannot be stored, the
// history's storage problem in the banner, and no notification for one's own echo.
#include <ui/composecompleter.h>
#include <ui/composeedit.h>
#include <ui/connectionbanner.h>
#include <ui/emojipicker.h>
#include <ui/memberlist.h>
#include <ui/notifier.h>
#include <ui/roomnotifications.h>
#include <ui/roomwidget.h>

#include <core/chatsession.h>
#include <hibikiserver/roomserver.h>
#include <shell/roomconfig.h>
#include <shell/rooms.h>

#include <scriptedserver.h>

#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <gtest/gtest.h>

#include <memory>

using namespace Qt::StringLiterals;
using hibiki::ChatMessage;
using hibiki::ChatSession;
using hibiki::ConnectionStatus;
using hibiki::MemberListModel;
using hibiki::Profile;
using hibiki::RoomServer;
using hibiki::RoomWidget;
using hibiki::test::Response;
using hibiki::test::ScriptedServer;

namespace {

constexpr int TimeoutMs = 15000;

// One person in a room on screen: a session announced as the app announces it, and its
// RoomWidget.
struct Person
{
    Person(const Profile &profile, const QString &user, const QString &storagePath = u":memory:"_s)
    {
        ChatSession::Config config;
        config.storagePath = storagePath;
        config.userName = user;
        config.streamOptions.initialReconnectDelayMs = 50;
        config.streamOptions.maxReconnectDelayMs = 300;
        config.storageRetryIntervalMs = 100;
        Profile announced = profile;
        if (profile.preset == Profile::Preset::HibikiRoom) {
            announced.streamUrl = hibiki::streamUrlAnnouncing(profile.streamUrl, user);
        }
        session = std::make_unique<ChatSession>(announced, config);
        session->outbox().setBackoff(50, 300);
        room = std::make_unique<RoomWidget>(session.get());
        room->resize(900, 500);
        room->show();
        room->setActive(true);
    }

    bool connect()
    {
        session->connectToServer();
        return QTest::qWaitFor(
            [&] { return session->connectionStatus().state == ConnectionStatus::State::Connected; },
            TimeoutMs);
    }

    // The member list as shown, "(you)" and headings included.
    QStringList listed() const
    {
        QStringList rows;
        const MemberListModel *model = room->memberList()->model();
        for (int row = 0; row < model->rowCount(); ++row) {
            rows.append(model->index(row).data().toString());
        }
        return rows;
    }
    bool waitForListed(const QStringList &expected) const
    {
        return QTest::qWaitFor([&] { return listed() == expected; }, TimeoutMs);
    }

    ~Person()
    {
        room.reset();
        session.reset();
    }

    std::unique_ptr<ChatSession> session;
    std::unique_ptr<RoomWidget> room;
};

RoomServer::Config loopbackConfig()
{
    RoomServer::Config config;
    config.port = 0;
    config.heartbeatMs = 0;
    return config;
}

// Another program holding the room's file in a write transaction (SQLite's lock).
class FileLock
{
public:
    explicit FileLock(const QString &path)
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        m_locked = db.open() && QSqlQuery(db).exec(u"BEGIN IMMEDIATE"_s);
    }
    ~FileLock() { release(); }
    bool isLocked() const { return m_locked; }
    void release()
    {
        if (!QSqlDatabase::contains(m_name)) {
            return;
        }
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            QSqlQuery(db).exec(u"ROLLBACK"_s);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
        m_locked = false;
    }

private:
    QString m_name = u"test-members-file-lock"_s;
    bool m_locked = false;
};

// --- The member list ------------------------------------------------------------------

TEST(MemberList, TwoPeopleOnAHibikiRoomSeeEachOtherComeAndGo)
{
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen()) << server.errorString().toStdString();
    const Profile room = Profile::hibikiRoom(server.baseUrl(), u"Team"_s);

    Person alice(room, u"alice"_s);
    ASSERT_TRUE(alice.connect());
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return alice.room->memberList()->title() == u"People · 1 here"_s; }, TimeoutMs));
    EXPECT_EQ(alice.listed(), (QStringList {u"Here now"_s, u"alice (you)"_s}));

    {
        Person bob(room, u"bob"_s);
        ASSERT_TRUE(bob.connect());
        ASSERT_TRUE(alice.waitForListed({u"Here now"_s, u"alice (you)"_s, u"bob"_s}));
        ASSERT_TRUE(bob.waitForListed({u"Here now"_s, u"bob (you)"_s, u"alice"_s}));
        EXPECT_EQ(alice.room->memberList()->title(), u"People · 2 here"_s);
        const QModelIndex you = alice.room->memberList()->model()->index(1);
        EXPECT_TRUE(you.data(MemberListModel::IsYouRole).toBool());
        EXPECT_TRUE(you.data(MemberListModel::IsPresentRole).toBool());

        bob.session->send(u"hello"_s);
        ASSERT_TRUE(QTest::qWaitFor(
            [&] {
                const QList<hibiki::RoomMember> members = alice.session->members().members();
                return members.size() == 2 && members.at(1).lastSeen.isValid();
            },
            TimeoutMs));
    }
    // Bob left: he is no longer here, but among those who wrote lately, with when.
    ASSERT_TRUE(
        alice.waitForListed({u"Here now"_s, u"alice (you)"_s, u"Recently active"_s, u"bob"_s}));
    EXPECT_EQ(alice.room->memberList()->model()->index(3).data(MemberListModel::LastSeenTextRole),
        u"just now"_s);
    EXPECT_FALSE(alice.room->memberList()->model()->index(2).flags() & Qt::ItemIsSelectable)
        << "headings are not rows to select";
}

TEST(MemberList, WithoutPresenceTheRecentAuthorsAreListedWithAHint)
{
    ScriptedServer server;
    ASSERT_TRUE(server.isListening());
    server.enqueue(
        Response::sse().write("event: message\ndata: {\"user\":\"carol\",\"content\":\"hi\","
                              "\"timestamp\":\"2025-05-01T12:00:00Z\"}\n\n"
                              "event: message\ndata: {\"user\":\"dave\",\"content\":\"yo\","
                              "\"timestamp\":\"2025-05-01T12:01:00Z\"}\n\n"));
    Profile custom = Profile::forUrl(server.url(u"/events"_s));
    ASSERT_EQ(custom.preset, Profile::Preset::Custom);
    Person alice(custom, u"alice"_s);
    ASSERT_TRUE(alice.connect());
    ASSERT_TRUE(alice.waitForListed({u"alice (you)"_s, u"dave"_s, u"carol"_s}));
    EXPECT_EQ(alice.room->memberList()->title(), u"People"_s);
    EXPECT_FALSE(alice.session->members().hasPresence());
    const auto hints = alice.room->memberList()->findChildren<QLabel *>();
    EXPECT_TRUE(std::any_of(hints.cbegin(), hints.cend(), [](const QLabel *label) {
        return label->isVisible() && label->text().contains(u"does not say who is online"_s);
    }));
    // The stream carried no name: only Hibiki rooms are told who is here.
    ASSERT_FALSE(server.requests().isEmpty());
    EXPECT_FALSE(server.requests().first().target.contains("user="));
}

TEST(MemberList, FoldsInANarrowRoomAndCtrlShiftMToggles)
{
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen());
    Person alice(Profile::hibikiRoom(server.baseUrl()), u"alice"_s);
    ASSERT_TRUE(QTest::qWaitForWindowExposed(alice.room.get()));
    hibiki::MemberListPanel *panel = alice.room->memberList();
    EXPECT_FALSE(panel->isCollapsed());
    EXPECT_TRUE(panel->list()->isVisible());

    alice.room->resize(420, 500);
    ASSERT_TRUE(QTest::qWaitFor([&] { return panel->isCollapsed(); }, TimeoutMs));
    EXPECT_FALSE(panel->list()->isVisible());
    EXPECT_LT(panel->width(), 60);

    alice.room->activateWindow();
    alice.room->composeEdit()->setFocus();
    QTest::keyClick(alice.room->composeEdit(), Qt::Key_M, Qt::ControlModifier | Qt::ShiftModifier);
    EXPECT_FALSE(panel->isCollapsed()) << "the user's choice wins over the width";
    alice.room->resize(400, 500);
    QTest::qWait(0);
    EXPECT_FALSE(panel->isCollapsed());
    QTest::mouseClick(panel->toggleButton(), Qt::LeftButton);
    EXPECT_TRUE(panel->isCollapsed());
}

TEST(MemberList, TabAndAtCompleteTheNamesOfTheRoom)
{
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen());
    const Profile room = Profile::hibikiRoom(server.baseUrl());
    Person alice(room, u"alice"_s);
    Person bob(room, u"bob"_s);
    ASSERT_TRUE(alice.connect());
    ASSERT_TRUE(bob.connect());
    ASSERT_TRUE(server.post(u"barbara"_s, u"hi all"_s).isStored());
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return alice.session->members().names() == QStringList({u"barbara"_s, u"bob"_s});
        },
        TimeoutMs));

    hibiki::ComposeEdit *compose = alice.room->composeEdit();
    alice.room->activateWindow();
    compose->setFocus();
    QTest::keyClicks(compose, u"b"_s);
    QTest::keyClick(compose, Qt::Key_Tab);
    EXPECT_EQ(compose->text(), u"barbara "_s) << "the most recent writer first";
    QTest::keyClick(compose, Qt::Key_Tab);
    EXPECT_EQ(compose->text(), u"bob "_s);
    QTest::keyClicks(compose, u"and @"_s);
    EXPECT_EQ(compose->completer()->suggestions(), (QStringList {u"barbara"_s, u"bob"_s}));
    QTest::keyClick(compose, Qt::Key_Down);
    QTest::keyClick(compose, Qt::Key_Return);
    EXPECT_EQ(compose->text(), u"bob and @bob "_s);

    // The member list offers the same: activating a name mentions them.
    compose->clear();
    hibiki::MemberListPanel *panel = alice.room->memberList();
    const QModelIndex bobRow = panel->model()->index(2);
    ASSERT_EQ(bobRow.data(MemberListModel::NameRole).toString(), u"bob"_s);
    Q_EMIT panel->list()->activated(bobRow);
    EXPECT_EQ(compose->text(), u"@bob "_s);
}

TEST(MemberList, TheEmojiButtonBesideTheBoxInsertsAtTheCursor)
{
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen());
    Person alice(Profile::hibikiRoom(server.baseUrl()), u"alice"_s);
    ASSERT_TRUE(QTest::qWaitForWindowExposed(alice.room.get()));
    hibiki::ComposeEdit *compose = alice.room->composeEdit();
    compose->setPlainText(u"well done "_s);
    compose->moveCursor(QTextCursor::End);

    EXPECT_EQ(alice.room->emojiButton()->accessibleName(), u"Insert emoji"_s);
    QTest::mouseClick(alice.room->emojiButton(), Qt::LeftButton);
    hibiki::EmojiPicker *picker = alice.room->emojiPicker();
    ASSERT_NE(picker, nullptr);
    ASSERT_TRUE(QTest::qWaitForWindowExposed(picker));
    QTest::keyClicks(picker->searchField(), u"tada"_s);
    QTest::keyClick(picker->searchField(), Qt::Key_Return);
    EXPECT_FALSE(picker->isVisible());
    EXPECT_EQ(compose->text(), u"well done \U0001F389"_s);
}

// --- Announcing the user ----------------------------------------------------------------

TEST(Announce, RoomsTellAHibikiRoomWhoIsHereAndNoOtherServer)
{
    QTemporaryDir dir;
    ScriptedServer server;
    ASSERT_TRUE(server.isListening());
    server.enqueue(Response::sse().write(": hello\n\n"));
    server.enqueue(Response::sse().write(": hello\n\n"));

    hibiki::RoomConfigStore store(dir.filePath(u"config"_s));
    hibiki::Rooms::Options options;
    options.userOverride = u"José & Ana+1"_s;
    options.keepDrafts = false;
    options.defaultHostPort = 0;
    options.dataDirectory = dir.filePath(u"data"_s);
    hibiki::Rooms rooms(&store, options);

    hibiki::RoomConfig hibikiRoom;
    hibikiRoom.id = hibiki::RoomConfig::newId();
    hibikiRoom.profile = Profile::hibikiRoom(server.url(u"/team"_s), u"Team"_s);
    rooms.addRoom(hibikiRoom);
    hibiki::RoomConfig other;
    other.id = hibiki::RoomConfig::newId();
    other.profile = Profile::forUrl(server.url(u"/events?room=1"_s));
    other.profile.name = u"Other"_s;
    rooms.addRoom(other);

    ASSERT_TRUE(QTest::qWaitFor([&] { return server.requests().size() >= 2; }, TimeoutMs));
    QStringList targets;
    for (const auto &request : server.requests()) {
        targets.append(QString::fromLatin1(request.target));
    }
    targets.sort();
    EXPECT_EQ(targets,
        (QStringList {u"/events?room=1"_s, u"/team/sse?user=Jos%C3%A9%20%26%20Ana%2B1"_s}));
    // The room list keeps the address as configured, without the name.
    EXPECT_EQ(rooms.config(hibikiRoom.id)->profile.streamUrl, hibikiRoom.profile.streamUrl);
}

// --- Loose ends: refused sends, storage problems, notifications --------------------------

TEST(RoomLooseEnds, ASendThatCannotBeStoredKeepsTheTextAndSaysWhy)
{
    QTemporaryDir dir;
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen());
    const QString path = dir.filePath(u"room.sqlite"_s);
    Person alice(Profile::hibikiRoom(server.baseUrl()), u"alice"_s, path);
    ASSERT_TRUE(alice.connect());

    hibiki::ComposeEdit *compose = alice.room->composeEdit();
    alice.room->activateWindow();
    compose->setFocus();
    {
        FileLock lock(path);
        ASSERT_TRUE(lock.isLocked());
        QTest::keyClicks(compose, u"important words"_s);
        QTest::keyClick(compose, Qt::Key_Return);
        EXPECT_EQ(compose->text(), u"important words"_s) << "nothing is lost";
        EXPECT_TRUE(alice.room->sendErrorLabel()->isVisible());
        EXPECT_TRUE(alice.room->sendError().contains(u"could not be saved first"_s))
            << alice.room->sendError().toStdString();
        EXPECT_TRUE(alice.room->sendError().contains(u"still in the box"_s));
        EXPECT_TRUE(alice.session->outbox().entries().isEmpty()) << "not sent either";
    }
    // The file works again: Enter sends it, and the error goes.
    QTest::keyClick(compose, Qt::Key_Return);
    EXPECT_TRUE(compose->text().isEmpty());
    EXPECT_TRUE(alice.room->sendError().isEmpty());
    EXPECT_FALSE(alice.room->sendErrorLabel()->isVisible());
    ASSERT_TRUE(QTest::qWaitFor([&] { return server.lastId() == 1; }, TimeoutMs));
}

TEST(RoomLooseEnds, TheBannerSaysWhileTheHistoryCannotBeSaved)
{
    QTemporaryDir dir;
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen());
    const QString path = dir.filePath(u"room.sqlite"_s);
    Person alice(Profile::hibikiRoom(server.baseUrl()), u"alice"_s, path);
    ASSERT_TRUE(alice.connect());
    hibiki::ConnectionBanner *banner = alice.room->banner();
    EXPECT_TRUE(banner->storageText().isEmpty());

    FileLock lock(path);
    ASSERT_TRUE(lock.isLocked());
    ASSERT_TRUE(server.post(u"bob"_s, u"while locked"_s).isStored());
    ASSERT_TRUE(QTest::qWaitFor([&] { return !banner->storageText().isEmpty(); }, TimeoutMs));
    EXPECT_TRUE(banner->storageText().startsWith(u"History cannot be saved. Another program"_s))
        << banner->storageText().toStdString();
    EXPECT_TRUE(banner->storageText().endsWith(u"Messages are kept in memory until it can."_s));
    // It stays when "Connected" folds away.
    const auto connectedShown = [&] {
        const auto labels = banner->findChildren<QLabel *>();
        return std::any_of(labels.cbegin(), labels.cend(), [](const QLabel *label) {
            return label->isVisible() && label->text() == u"Connected"_s;
        });
    };
    ASSERT_TRUE(QTest::qWaitFor([&] { return !connectedShown(); }, TimeoutMs));
    EXPECT_TRUE(banner->isVisible());

    lock.release();
    ASSERT_TRUE(QTest::qWaitFor([&] { return banner->storageText().isEmpty(); }, TimeoutMs));
    EXPECT_FALSE(banner->isVisible()) << "connected and saving: nothing to say";
}

TEST(RoomLooseEnds, NoNotificationForTheEchoOfOnesOwnMessage)
{
    QTemporaryDir dir;
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen());
    hibiki::RoomConfigStore store(dir.filePath(u"config"_s));
    hibiki::Rooms::Options options;
    options.userOverride = u"alice"_s;
    options.keepDrafts = false;
    options.defaultHostPort = 0;
    options.dataDirectory = dir.filePath(u"data"_s);
    hibiki::Rooms rooms(&store, options);
    const QString id = rooms.joinServer(server.baseUrl());
    ASSERT_NE(rooms.session(id), nullptr);

    QWidget window;
    hibiki::Notifier notifier(&window);
    hibiki::RoomNotifications notifications(&rooms, &notifier, [](const QString &) {
        return false; // looking elsewhere: everything would notify
    });
    QSignalSpy notified(&notifier, &hibiki::Notifier::notified);

    // The tutorial's servers send no author: only fromThisDevice tells an echo apart.
    ChatMessage echo;
    echo.text = u"my own words"_s;
    echo.fromThisDevice = true;
    echo.clientId = u"c1"_s;
    ChatMessage other;
    other.author = u"bob"_s;
    other.text = u"bob's words"_s;
    Q_EMIT rooms.messagesArrived(id, {echo});
    EXPECT_TRUE(notified.isEmpty()) << "one's own echo notified";
    Q_EMIT rooms.messagesArrived(id, {echo, other});
    ASSERT_EQ(notified.size(), 1);
    EXPECT_EQ(notified.at(0).at(1).toString(), u"bob's words"_s);
}

} // namespace
