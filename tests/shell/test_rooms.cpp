// SPDX-License-Identifier: MIT
// The rooms' lifecycle without any window (hibiki::Rooms): the first run hosts a room,
// joining, reconfiguring, moving, muting and removing rooms, tokens from the keychain,
// drafts, history locks, and many rooms on one HTTP/1.1 host at once. Against the real
// room server in-process on loopback, and a scripted server to read request headers.
#include "fakekeychain.h"

#include <shell/hostedroom.h>
#include <shell/networkpool.h>
#include <shell/rooms.h>
#include <shell/tokenstore.h>

#include <hibikiserver/roomserver.h>
#include <scriptedserver.h>

#include <QCoreApplication>
#include <QFile>
#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::ChatSession;
using hibiki::ConnectionStatus;
using hibiki::OutboxEntry;
using hibiki::Profile;
using hibiki::RoomConfig;
using hibiki::RoomConfigStore;
using hibiki::Rooms;
using hibiki::RoomServer;
using hibiki::test::FakeKeychain;

namespace {

constexpr int TimeoutMs = 15000;

// Every text the room's outbox saw delivered.
class DeliveryLog
{
public:
    explicit DeliveryLog(ChatSession *session)
    {
        QObject::connect(
            session, &ChatSession::outboxEntryChanged, session, [this](const OutboxEntry &entry) {
                if (entry.state == OutboxEntry::State::Delivered) {
                    texts.append(entry.text);
                }
            });
    }
    bool waitFor(const QString &text)
    {
        return QTest::qWaitFor([&] { return texts.contains(text); }, TimeoutMs);
    }
    QStringList texts;
};

class RoomsTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_store = std::make_unique<RoomConfigStore>(m_dir.filePath(u"config"_s));
    }

    Rooms::Options options(const QString &user = u"alice"_s) const
    {
        Rooms::Options options;
        options.userOverride = user;
        options.keepDrafts = false;
        options.defaultHostPort = 0; // never the real 8787: tests run side by side
        options.dataDirectory = m_dir.filePath(u"data"_s);
        options.streamOptions.initialReconnectDelayMs = 50;
        options.streamOptions.maxReconnectDelayMs = 300;
        return options;
    }

    QString historyPath(const QString &id) const
    {
        return m_dir.filePath(u"data/rooms/%1.sqlite"_s.arg(id));
    }

    // A room that never connects anywhere (nothing listens on port 1).
    static RoomConfig offlineRoom(const QString &name)
    {
        RoomConfig config;
        config.id = RoomConfig::newId();
        config.profile = Profile::nchanChannel(QUrl(u"http://127.0.0.1:1"_s), name);
        config.profile.name = name;
        return config;
    }

    static bool waitConnected(ChatSession *session)
    {
        return session
            && QTest::qWaitFor(
                [&] {
                    return session->connectionStatus().state == ConnectionStatus::State::Connected;
                },
                TimeoutMs);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<RoomConfigStore> m_store;
};

TEST_F(RoomsTest, TheFirstRunHostsARoomWhereOneChatsAtOnce)
{
    Rooms rooms(m_store.get(), options());
    QSignalSpy added(&rooms, &Rooms::roomAdded);
    const QString id = rooms.ensureARoom();
    ASSERT_FALSE(id.isEmpty());
    ASSERT_EQ(added.size(), 1);
    EXPECT_EQ(added.at(0).at(0).toString(), id);
    EXPECT_EQ(added.at(0).at(1).toInt(), 0);

    hibiki::HostedRoom *host = rooms.hostedRoom(id);
    ASSERT_NE(host, nullptr);
    EXPECT_TRUE(host->isRunning());
    EXPECT_EQ(rooms.hostedRoomId(), id);
    ChatSession *session = rooms.session(id);
    ASSERT_NE(session, nullptr);
    EXPECT_EQ(session->profile().streamUrl.port(), host->port());
    EXPECT_EQ(session->userName(), u"alice"_s);
    ASSERT_TRUE(waitConnected(session));
    DeliveryLog delivered(session);
    session->send(u"first words"_s);
    ASSERT_TRUE(delivered.waitFor(u"first words"_s));

    // Once there is a room, nothing more is hosted; hosting again means the same room.
    EXPECT_TRUE(rooms.ensureARoom().isEmpty());
    EXPECT_EQ(rooms.hostRoom(), id);
    EXPECT_EQ(added.size(), 1);

    // Saved, to be hosted again on the next start; its history is on disk, locked.
    ASSERT_EQ(m_store->rooms().size(), 1);
    EXPECT_TRUE(m_store->rooms().constFirst().hosted);
    EXPECT_EQ(m_store->rooms().constFirst().profile.name, Rooms::defaultHostedRoomName());
    EXPECT_TRUE(QFile::exists(historyPath(id)));
    EXPECT_TRUE(QFile::exists(historyPath(id) + u".lock"_s));
}

TEST_F(RoomsTest, JoiningAnAddressTwiceOpensOneRoomAndOnlyOthersMessagesArrive)
{
    RoomServer::Config config;
    config.port = 0;
    RoomServer server(config);
    ASSERT_TRUE(server.listen());
    Rooms rooms(m_store.get(), options());
    QSignalSpy added(&rooms, &Rooms::roomAdded);
    const QString id = rooms.joinServer(server.baseUrl());
    EXPECT_EQ(rooms.joinServer(server.baseUrl()), id);
    EXPECT_EQ(added.size(), 1);
    ChatSession *session = rooms.session(id);
    ASSERT_TRUE(waitConnected(session));

    QStringList arrived;
    QObject::connect(&rooms, &Rooms::messagesArrived, &rooms,
        [&](const QString &room, const hibiki::ChatMessages &messages) {
            EXPECT_EQ(room, id);
            for (const hibiki::ChatMessage &message : messages) {
                arrived.append(message.text);
            }
        });
    DeliveryLog delivered(session);
    session->send(u"from me"_s);
    ASSERT_TRUE(delivered.waitFor(u"from me"_s));
    // Posted after mine: when it has arrived, the echo of mine has too.
    server.post(u"bob"_s, u"from bob"_s);
    ASSERT_TRUE(QTest::qWaitFor([&] { return arrived.contains(u"from bob"_s); }, TimeoutMs));
    EXPECT_EQ(arrived, QStringList {u"from bob"_s});
}

TEST_F(RoomsTest, ReconfiguringReopensTheRoomInPlaceWithANewSession)
{
    Rooms rooms(m_store.get(), options());
    rooms.hostRoom();
    RoomServer::Config config;
    config.port = 0;
    RoomServer server(config);
    ASSERT_TRUE(server.listen());
    const QString id = rooms.joinServer(server.baseUrl());
    rooms.setDraft(id, u"half a thought"_s);
    const QPointer<ChatSession> old = rooms.session(id);

    QStringList events;
    QObject::connect(&rooms, &Rooms::roomAboutToBeReopened, &rooms, [&](const QString &room) {
        events.append(u"about to reopen %1, session %2"_s.arg(room == id)
                          .arg(rooms.session(id) == old ? u"old"_s : u"other"_s));
    });
    QObject::connect(&rooms, &Rooms::roomReopened, &rooms, [&](const QString &room) {
        events.append(u"reopened %1, session %2"_s.arg(room == id)
                          .arg(old.isNull() && rooms.session(id) ? u"new"_s : u"other"_s));
    });
    QSignalSpy removed(&rooms, &Rooms::roomRemoved);
    RoomConfig edited = *rooms.config(id);
    edited.profile.name = u"Team"_s;
    rooms.reconfigure(edited);

    EXPECT_EQ(
        events, (QStringList {u"about to reopen 1, session old"_s, u"reopened 1, session new"_s}));
    EXPECT_TRUE(removed.isEmpty());
    EXPECT_EQ(rooms.position(id), 1);
    EXPECT_EQ(rooms.config(id)->profile.name, u"Team"_s);
    EXPECT_EQ(rooms.session(id)->profile().name, u"Team"_s);
    EXPECT_EQ(rooms.draft(id), u"half a thought"_s);
    EXPECT_EQ(m_store->rooms().at(1).profile.name, u"Team"_s);
    EXPECT_TRUE(waitConnected(rooms.session(id)));
}

TEST_F(RoomsTest, RemovingARoomFreesItsSessionLockHistoryAndNetwork)
{
    RoomServer::Config config;
    config.port = 0;
    RoomServer server(config);
    ASSERT_TRUE(server.listen());
    Rooms rooms(m_store.get(), options());
    const QString id = rooms.joinServer(server.baseUrl());
    ASSERT_TRUE(waitConnected(rooms.session(id)));
    EXPECT_EQ(rooms.network()->managerCount(), 1);
    ASSERT_TRUE(QFile::exists(historyPath(id)));

    bool sessionThereWhenAsked = false;
    QObject::connect(&rooms, &Rooms::roomAboutToBeRemoved, &rooms,
        [&](const QString &room) { sessionThereWhenAsked = rooms.session(room) != nullptr; });
    QSignalSpy removed(&rooms, &Rooms::roomRemoved);
    rooms.removeRoom(id, true);

    EXPECT_TRUE(sessionThereWhenAsked) << "views must get the chance to let go of the session";
    ASSERT_EQ(removed.size(), 1);
    EXPECT_EQ(removed.at(0).at(0).toString(), id);
    EXPECT_TRUE(rooms.ids().isEmpty());
    EXPECT_EQ(rooms.session(id), nullptr);
    EXPECT_EQ(rooms.network()->managerCount(), 0);
    EXPECT_FALSE(QFile::exists(historyPath(id)));
    EXPECT_FALSE(QFile::exists(historyPath(id) + u".lock"_s));
    EXPECT_TRUE(m_store->rooms().isEmpty());
    EXPECT_TRUE(QTest::qWaitFor([&] { return server.clientCount() == 0; }, TimeoutMs));
}

TEST_F(RoomsTest, TheDefaultNameFromTheSettingsIsFollowedByRoomsWithoutANameOfTheirOwn)
{
    Rooms::Options noOverride = options(QString());
    noOverride.defaultUserName = u"alice"_s;
    Rooms rooms(m_store.get(), noOverride);
    EXPECT_EQ(rooms.defaultUserName(), u"alice"_s);
    EXPECT_EQ(rooms.newRoomUserName(), u"alice"_s);
    RoomConfig follows = offlineRoom(u"Follows"_s);
    follows.profile.userName = u"alice"_s;
    RoomConfig own = offlineRoom(u"Own"_s);
    own.profile.userName = u"ali"_s; // a name given to this room alone
    rooms.addRoom(follows);
    rooms.addRoom(own);

    QSignalSpy reopened(&rooms, &Rooms::roomReopened);
    rooms.setDefaultUserName(u" Alice Liddell "_s);
    EXPECT_EQ(rooms.defaultUserName(), u"Alice Liddell"_s);
    ASSERT_EQ(reopened.size(), 1);
    EXPECT_EQ(reopened.at(0).at(0).toString(), follows.id);
    EXPECT_EQ(rooms.session(follows.id)->userName(), u"Alice Liddell"_s);
    EXPECT_EQ(rooms.session(own.id)->userName(), u"ali"_s);
    EXPECT_EQ(m_store->find(follows.id)->profile.userName, u"Alice Liddell"_s);

    // Unchanged: nothing reconnects. Empty: the system's name again.
    rooms.setDefaultUserName(u"Alice Liddell"_s);
    EXPECT_EQ(reopened.size(), 1);
    rooms.setDefaultUserName(QString());
    EXPECT_EQ(rooms.defaultUserName(), Rooms::systemUserName());
    EXPECT_EQ(rooms.session(follows.id)->userName(), Rooms::systemUserName());

    // --user still wins for this run.
    Rooms overridden(m_store.get(), options(u"bob"_s));
    overridden.setDefaultUserName(u"carol"_s);
    EXPECT_EQ(overridden.newRoomUserName(), u"bob"_s);
}

TEST_F(RoomsTest, MovingAndMutingAreSaved)
{
    Rooms rooms(m_store.get(), options());
    const RoomConfig a = offlineRoom(u"a"_s);
    const RoomConfig b = offlineRoom(u"b"_s);
    const RoomConfig c = offlineRoom(u"c"_s);
    for (const RoomConfig &config : {a, b, c}) {
        rooms.addRoom(config);
    }
    ASSERT_EQ(rooms.ids(), (QStringList {a.id, b.id, c.id}));

    QSignalSpy moved(&rooms, &Rooms::roomMoved);
    EXPECT_TRUE(rooms.moveRoom(c.id, 0));
    EXPECT_EQ(rooms.ids(), (QStringList {c.id, a.id, b.id}));
    ASSERT_EQ(moved.size(), 1);
    EXPECT_EQ(moved.at(0).at(0).toString(), c.id);
    EXPECT_EQ(moved.at(0).at(1).toInt(), 0);
    EXPECT_TRUE(rooms.moveRoom(a.id, 99)); // to the end
    EXPECT_EQ(rooms.ids(), (QStringList {c.id, b.id, a.id}));
    EXPECT_FALSE(rooms.moveRoom(u"no such room"_s, 0));
    QStringList saved;
    for (const RoomConfig &config : m_store->rooms()) {
        saved.append(config.id);
    }
    EXPECT_EQ(saved, rooms.ids());

    QSignalSpy changed(&rooms, &Rooms::roomChanged);
    rooms.setMuted(b.id, true);
    rooms.setMuted(b.id, true); // no change, no signal
    ASSERT_EQ(changed.size(), 1);
    EXPECT_EQ(changed.at(0).at(0).toString(), b.id);
    EXPECT_TRUE(rooms.config(b.id)->muted);
    EXPECT_TRUE(m_store->find(b.id)->muted);
}

TEST_F(RoomsTest, AKeychainThatCannotStoreATokenIsSaidAndTheTokenServesThisRun)
{
    hibiki::test::ScriptedServer server;
    ASSERT_TRUE(server.isListening());
    server.setHandler([](const hibiki::test::Request &) {
        return hibiki::test::Response::sse().write(": open\n\n").hold();
    });
    FakeKeychain keychain;
    keychain.writeError = u"no keychain service"_s;
    Rooms::Options withKeychain = options();
    withKeychain.tokens = &keychain;
    Rooms rooms(m_store.get(), withKeychain);
    QSignalSpy messages(&rooms, &Rooms::statusMessage);
    QSignalSpy added(&rooms, &Rooms::roomAdded);
    RoomConfig config;
    config.id = RoomConfig::newId();
    config.profile = Profile::forUrl(server.url(u"/sse"_s));
    config.profile.name = u"Private"_s;

    rooms.addRoom(config, u"s3cret"_s);
    ASSERT_TRUE(added.wait(TimeoutMs));
    ASSERT_EQ(messages.size(), 1);
    QString text = messages.constLast().at(0).toString();
    EXPECT_TRUE(text.contains(u"no keychain service"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"Private"_s)) << text.toStdString();
    EXPECT_TRUE(keychain.tokens.isEmpty());
    EXPECT_FALSE(m_store->find(config.id)->hasToken) << "no token to read back next time";
    ASSERT_TRUE(server.waitForRequests(1, TimeoutMs));
    EXPECT_EQ(server.lastRequest().header("Authorization"), "Bearer s3cret");

    // A new token given in Edit Room: the same, and the room reconnects with it.
    QSignalSpy reopened(&rooms, &Rooms::roomReopened);
    rooms.reconfigure(*rooms.config(config.id), u"n3w"_s);
    ASSERT_TRUE(reopened.wait(TimeoutMs));
    ASSERT_EQ(messages.size(), 2);
    text = messages.constLast().at(0).toString();
    EXPECT_TRUE(text.contains(u"no keychain service"_s)) << text.toStdString();
    ASSERT_TRUE(server.waitForRequests(2, TimeoutMs));
    EXPECT_EQ(server.lastRequest().header("Authorization"), "Bearer n3w");
}

TEST_F(RoomsTest, TokensGoToTheKeychainAndComeBackOnTheNextStart)
{
    hibiki::test::ScriptedServer server;
    ASSERT_TRUE(server.isListening());
    server.setHandler([](const hibiki::test::Request &) {
        return hibiki::test::Response::sse().write(": open\n\n").hold();
    });
    FakeKeychain keychain;
    Rooms::Options withKeychain = options();
    withKeychain.tokens = &keychain;
    RoomConfig config;
    config.id = RoomConfig::newId();
    config.profile = Profile::forUrl(server.url(u"/sse"_s));
    config.profile.name = u"Private"_s;
    {
        Rooms rooms(m_store.get(), withKeychain);
        QSignalSpy added(&rooms, &Rooms::roomAdded);
        rooms.addRoom(config, u"s3cret"_s);
        EXPECT_TRUE(added.isEmpty()) << "opened before the keychain stored the token";
        ASSERT_TRUE(added.wait(TimeoutMs));
        EXPECT_EQ(keychain.tokens.value(config.id), u"s3cret"_s);
        EXPECT_TRUE(m_store->find(config.id)->hasToken);
        ASSERT_TRUE(server.waitForRequests(1, TimeoutMs));
        EXPECT_EQ(server.lastRequest().header("Authorization"), "Bearer s3cret");
    }
    {
        // The next start reads it back before the room connects.
        Rooms rooms(m_store.get(), withKeychain);
        QSignalSpy added(&rooms, &Rooms::roomAdded);
        rooms.openConfiguredRooms();
        ASSERT_TRUE(added.wait(TimeoutMs));
        ASSERT_TRUE(server.waitForRequests(2, TimeoutMs));
        EXPECT_EQ(server.lastRequest().header("Authorization"), "Bearer s3cret");
        // Reconfiguring keeps the token.
        RoomConfig renamed = *rooms.config(config.id);
        renamed.profile.name = u"Private 2"_s;
        rooms.reconfigure(renamed);
        ASSERT_TRUE(server.waitForRequests(3, TimeoutMs));
        EXPECT_EQ(server.lastRequest().header("Authorization"), "Bearer s3cret");
    }
    {
        // A keychain that cannot be read: said so, and the room opens without a token.
        keychain.readError = u"the keychain is locked"_s;
        Rooms rooms(m_store.get(), withKeychain);
        QSignalSpy messages(&rooms, &Rooms::statusMessage);
        QSignalSpy added(&rooms, &Rooms::roomAdded);
        rooms.openConfiguredRooms();
        ASSERT_TRUE(added.wait(TimeoutMs));
        ASSERT_GE(messages.size(), 1);
        const QString text = messages.constLast().at(0).toString();
        EXPECT_TRUE(text.contains(u"the keychain is locked"_s)) << text.toStdString();
        EXPECT_TRUE(text.contains(u"Private 2"_s)) << text.toStdString();
        ASSERT_TRUE(server.waitForRequests(4, TimeoutMs));
        EXPECT_FALSE(server.lastRequest().hasHeader("Authorization"));

        // Removing the room removes its token.
        keychain.readError.clear();
        rooms.removeRoom(config.id, true);
        EXPECT_FALSE(keychain.tokens.contains(config.id));
    }
}

TEST_F(RoomsTest, DraftsAreKeptAcrossRunsWhenAsked)
{
    // QSettings: a scratch place for this test program, chosen before its first use.
    static QTemporaryDir settingsDir;
    qputenv("XDG_CONFIG_HOME", settingsDir.path().toLocal8Bit());
    QCoreApplication::setOrganizationName(u"HibikiShellTest"_s);
    QCoreApplication::setApplicationName(u"test_shell"_s);

    Rooms::Options keeping = options();
    keeping.keepDrafts = true;
    const RoomConfig config = offlineRoom(u"Drafty"_s);
    {
        Rooms rooms(m_store.get(), keeping);
        rooms.addRoom(config);
        rooms.setDraft(config.id, u"not finished"_s);
        rooms.saveDrafts();
    }
    {
        Rooms rooms(m_store.get(), keeping);
        rooms.openConfiguredRooms();
        EXPECT_EQ(rooms.draft(config.id), u"not finished"_s);
        rooms.removeRoom(config.id, true);
    }
    EXPECT_FALSE(QSettings().contains(u"drafts/"_s + config.id));
}

TEST_F(RoomsTest, AHistoryLockedByAnotherHibikiIsKeptInMemoryAndSaysWhy)
{
    RoomServer::Config serverConfig;
    serverConfig.port = 0;
    RoomServer server(serverConfig);
    ASSERT_TRUE(server.listen());
    Rooms first(m_store.get(), options());
    const QString id = first.joinServer(server.baseUrl());
    ASSERT_TRUE(waitConnected(first.session(id)));

    // Another Hibiki with the same rooms and the same data folder.
    RoomConfigStore otherStore(m_dir.filePath(u"other-config"_s));
    otherStore.setRooms(m_store->rooms());
    Rooms second(&otherStore, options(u"alice"_s));
    QSignalSpy messages(&second, &Rooms::statusMessage);
    second.openConfiguredRooms();
    ASSERT_EQ(messages.size(), 1);
    const QString text = messages.at(0).at(0).toString();
    EXPECT_TRUE(text.contains(u"another Hibiki"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(QString::number(QCoreApplication::applicationPid())))
        << text.toStdString();
    // It still chats, from memory.
    ASSERT_TRUE(waitConnected(second.session(id)));
    DeliveryLog delivered(second.session(id));
    second.session(id)->send(u"from the second window"_s);
    EXPECT_TRUE(delivered.waitFor(u"from the second window"_s));
}

TEST_F(RoomsTest, MoreRoomsOnOneHttp11HostThanItsConnectionLimitAllConnectAndPost)
{
    // Qt opens at most 6 HTTP/1.1 connections per host and manager: with one manager for
    // all, rooms 7 to 12 would stay "Connecting" and the post would wait behind streams.
    constexpr int roomCount = 12;
    RoomServer::Config serverConfig;
    serverConfig.port = 0;
    RoomServer server(serverConfig);
    ASSERT_TRUE(server.listen());
    Rooms rooms(m_store.get(), options());
    for (int i = 0; i < roomCount; ++i) {
        RoomConfig config;
        config.id = RoomConfig::newId();
        config.profile = Profile::hibikiRoom(server.baseUrl(), u"room %1"_s.arg(i));
        rooms.addRoom(config);
    }
    EXPECT_EQ(rooms.network()->managerCount(), roomCount);
    for (const QString &id : rooms.ids()) {
        ASSERT_TRUE(waitConnected(rooms.session(id)))
            << rooms.session(id)->connectionStatus().reason.toStdString();
    }
    ASSERT_TRUE(QTest::qWaitFor([&] { return server.clientCount() == roomCount; }, TimeoutMs));
    ChatSession *first = rooms.session(rooms.ids().constFirst());
    DeliveryLog delivered(first);
    first->send(u"while every stream is open"_s);
    ASSERT_TRUE(delivered.waitFor(u"while every stream is open"_s));
    EXPECT_EQ(server.clientCount(), roomCount);
}

} // namespace
