// SPDX-License-Identifier: MIT
// The chat core end to end against the real Hibiki room server: in-process, and as a
// separate process that is killed and restarted.
#include "core/chatsession.h"

#include <hibikiserver/roomserver.h>

#include "scriptedserver.h"
#include "serverprocess.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::ChatMessage;
using hibiki::ChatMessages;
using hibiki::ChatSession;
using hibiki::ConnectionStatus;
using hibiki::OutboxEntry;
using hibiki::Profile;
using hibiki::RoomServer;
using hibiki::test::Response;
using hibiki::test::ScriptedServer;

namespace {

constexpr int timeoutMs = 15000;

// A user of the core: one session and everything it showed, in order.
class Participant
{
public:
    Participant(const QUrl &baseUrl, const QString &user, const QString &storagePath)
    {
        ChatSession::Config config;
        config.userName = user;
        config.storagePath = storagePath;
        config.streamOptions.initialReconnectDelayMs = 50;
        config.streamOptions.maxReconnectDelayMs = 300;
        session = std::make_unique<ChatSession>(Profile::hibikiRoom(baseUrl), config);
        session->outbox().setBackoff(50, 300);
        QObject::connect(
            session.get(), &ChatSession::messagesAppended, [this](const ChatMessages &batch) {
                for (const ChatMessage &message : batch) {
                    messages.append(message);
                    if (message.kind == ChatMessage::Kind::Chat) {
                        texts.append(message.text);
                    } else if (message.kind == ChatMessage::Kind::Gap) {
                        ++gaps;
                    }
                }
            });
        QObject::connect(session.get(), &ChatSession::connectionStatusChanged,
            [this](const ConnectionStatus &status) { states.append(status.state); });
        QObject::connect(
            session.get(), &ChatSession::outboxEntryChanged, [this](const OutboxEntry &entry) {
                if (entry.state == OutboxEntry::State::Delivered) {
                    ++delivered;
                }
            });
    }

    bool waitForTexts(qsizetype count)
    {
        return QTest::qWaitFor([&] { return texts.size() >= count; }, timeoutMs);
    }

    bool waitForState(ConnectionStatus::State state)
    {
        return QTest::qWaitFor(
            [&] { return session->connectionStatus().state == state; }, timeoutMs);
    }

    std::unique_ptr<ChatSession> session;
    ChatMessages messages; // everything shown, any kind
    QStringList texts;
    QList<ConnectionStatus::State> states;
    int delivered = 0;
    int gaps = 0;
};

RoomServer::Config loopbackConfig()
{
    RoomServer::Config config;
    config.port = 0;
    return config;
}

} // namespace

TEST(ChatSession, TwoPeopleChatThroughTheRoomAndSeeEachMessageOnceInOrder)
{
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen()) << server.errorString().toStdString();

    Participant alice(server.baseUrl(), u"alice"_s, {});
    Participant bob(server.baseUrl(), u"bob"_s, {});
    alice.session->connectToServer();
    bob.session->connectToServer();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
    ASSERT_TRUE(bob.waitForState(ConnectionStatus::State::Connected));

    alice.session->send(u"Hello, Bob!"_s);
    ASSERT_TRUE(bob.waitForTexts(1));
    bob.session->send(u"Hi Alice <3"_s);
    ASSERT_TRUE(alice.waitForTexts(2));
    ASSERT_TRUE(bob.waitForTexts(2));

    const QStringList expected {u"Hello, Bob!"_s, u"Hi Alice <3"_s};
    EXPECT_EQ(alice.texts, expected);
    EXPECT_EQ(bob.texts, expected);
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return alice.delivered == 1 && bob.delivered == 1; }, timeoutMs));
    EXPECT_EQ(server.lastId(), 2);
    EXPECT_EQ(alice.session->history().count(), 2);
    EXPECT_EQ(alice.session->history().load(0, 1).front().author, u"alice"_s);
}

TEST(ChatSession, RecreatedOnTheSameStoreResumesFromTheSavedId)
{
    QTemporaryDir dir;
    const QString store = dir.filePath(u"room.sqlite"_s);
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen());
    for (int i = 1; i <= 3; ++i) {
        ASSERT_TRUE(server.post(u"carol"_s, u"before %1"_s.arg(i)).isStored());
    }
    const QString thirdId = server.lastEventId(); // "<epoch>-3": a memory-only room
    {
        Participant first(server.baseUrl(), u"dave"_s, store);
        first.session->connectToServer();
        ASSERT_TRUE(first.waitForTexts(3));
    } // the app quits
    for (int i = 1; i <= 2; ++i) {
        ASSERT_TRUE(server.post(u"carol"_s, u"while away %1"_s.arg(i)).isStored());
    }

    Participant again(server.baseUrl(), u"dave"_s, store);
    EXPECT_EQ(again.session->history().lastEventId(), thirdId);
    again.session->connectToServer();
    ASSERT_TRUE(again.waitForTexts(2));
    EXPECT_EQ(again.texts, (QStringList {u"while away 1"_s, u"while away 2"_s}));
    EXPECT_EQ(again.session->history().count(), 5);
}

TEST(ChatSession, AGapInTheServersHistoryIsShownHonestly)
{
    RoomServer::Config config = loopbackConfig();
    config.history = 3;
    RoomServer server(config);
    ASSERT_TRUE(server.listen());
    QTemporaryDir dir;
    const QString store = dir.filePath(u"room.sqlite"_s);
    {
        Participant early(server.baseUrl(), u"erin"_s, store);
        ASSERT_TRUE(server.post(u"frank"_s, u"one"_s).isStored());
        early.session->connectToServer();
        ASSERT_TRUE(early.waitForTexts(1));
    }
    for (int i = 2; i <= 10; ++i) {
        ASSERT_TRUE(server.post(u"frank"_s, u"m%1"_s.arg(i)).isStored());
    }
    Participant late(server.baseUrl(), u"erin"_s, store);
    late.session->connectToServer();
    ASSERT_TRUE(late.waitForTexts(3));
    EXPECT_EQ(late.gaps, 1);
    EXPECT_EQ(late.texts, (QStringList {u"m8"_s, u"m9"_s, u"m10"_s}));
}

TEST(ChatSession, ServerKilledAndRestartedNothingLostNothingTwice)
{
    QTemporaryDir dir;
    hibiki::test::ServerProcess server(QStringLiteral(HIBIKI_SERVER_PATH),
        dir.filePath(u"server"_s), {u"--heartbeat-ms"_s, u"1000"_s});
    ASSERT_TRUE(server.start());
    const QUrl url = server.url();

    Participant alice(url, u"alice"_s, dir.filePath(u"alice.sqlite"_s));
    Participant bob(url, u"bob"_s, dir.filePath(u"bob.sqlite"_s));
    alice.session->connectToServer();
    bob.session->connectToServer();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
    ASSERT_TRUE(bob.waitForState(ConnectionStatus::State::Connected));
    alice.session->send(u"before the crash"_s);
    ASSERT_TRUE(bob.waitForTexts(1));

    server.kill();
    ASSERT_TRUE(bob.waitForState(ConnectionStatus::State::Reconnecting));
    // Written while the server is down: it waits in the outbox.
    alice.session->send(u"while the server is down"_s);
    bob.session->send(u"me too"_s);

    ASSERT_TRUE(server.start(url.port()));
    ASSERT_TRUE(alice.waitForTexts(3));
    ASSERT_TRUE(bob.waitForTexts(3));
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return alice.delivered == 2 && bob.delivered == 1; }, timeoutMs));

    // Let any duplicate that would come arrive: one more message from each end travels
    // after everything above.
    bob.session->send(u"last"_s);
    ASSERT_TRUE(alice.waitForTexts(4));
    ASSERT_TRUE(bob.waitForTexts(4));
    EXPECT_EQ(alice.texts, bob.texts);
    EXPECT_EQ(alice.texts.count(u"before the crash"_s), 1);
    EXPECT_EQ(alice.texts.count(u"while the server is down"_s), 1);
    EXPECT_EQ(alice.texts.count(u"me too"_s), 1);
    EXPECT_EQ(alice.texts.back(), u"last"_s);
    EXPECT_TRUE(alice.states.contains(ConnectionStatus::State::Reconnecting));
}

TEST(ChatSession, AMemoryOnlyRoomThatRestartsItsIdsLosesNothing)
{
    RoomServer::Config config = loopbackConfig();
    auto server = std::make_unique<RoomServer>(config);
    ASSERT_TRUE(server->listen());
    const quint16 port = server->port();
    QTemporaryDir dir;
    Participant alice(server->baseUrl(), u"alice"_s, dir.filePath(u"alice.sqlite"_s));
    alice.session->connectToServer();
    ASSERT_TRUE(server->post(u"bob"_s, u"first life 1"_s).isStored());
    ASSERT_TRUE(server->post(u"bob"_s, u"first life 2"_s).isStored());
    ASSERT_TRUE(alice.waitForTexts(2));

    server.reset(); // the room restarts without a data directory: ids start again at 1
    config.port = port;
    server = std::make_unique<RoomServer>(config);
    ASSERT_TRUE(server->listen()) << server->errorString().toStdString();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
    ASSERT_TRUE(server->post(u"bob"_s, u"second life 1"_s).isStored()); // id 1 again
    ASSERT_TRUE(alice.waitForTexts(3));
    EXPECT_EQ(alice.texts.back(), u"second life 1"_s);
    EXPECT_EQ(alice.gaps, 1);
}

TEST(ChatSession, MyOwnEchoIsMarkedAsFromThisDeviceAndOthersCopiesAreNot)
{
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen());
    Participant alice(server.baseUrl(), u"alice"_s, {});
    Participant bob(server.baseUrl(), u"bob"_s, {});
    alice.session->connectToServer();
    bob.session->connectToServer();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
    ASSERT_TRUE(bob.waitForState(ConnectionStatus::State::Connected));

    const QString clientId = alice.session->send(u"mine"_s);
    ASSERT_FALSE(clientId.isEmpty());
    ASSERT_TRUE(alice.waitForTexts(1));
    ASSERT_TRUE(bob.waitForTexts(1));
    EXPECT_TRUE(alice.messages.front().fromThisDevice);
    EXPECT_EQ(alice.messages.front().clientId, clientId);
    EXPECT_FALSE(bob.messages.front().fromThisDevice);
    EXPECT_TRUE(alice.session->history().load(0, 1).front().fromThisDevice) << "stored too";
}

namespace {

QByteArray sseEvent(const QByteArray &type, const QByteArray &data, const QByteArray &id = {})
{
    QByteArray event = "event: " + type + "\ndata: " + data + "\n";
    if (!id.isNull()) {
        event += "id: " + id + "\n";
    }
    return event + "\n";
}

QByteArray chatData(const QByteArray &text)
{
    return R"({"content":")" + text + R"("})";
}

// Resumes after old ids 1 and 2 to a stream that starts over at 1 after a gap with
// `reason`; returns the texts shown once "barrier" (id 3) arrived.
QStringList textsAfterAnIdRestart(const QByteArray &reason)
{
    ScriptedServer server;
    server.enqueue(Response::sse()
                       .write(sseEvent("message", chatData("old one"), "1"))
                       .write(sseEvent("message", chatData("old two"), "2"))
                       .close());
    server.enqueue(Response::sse()
                       .write(sseEvent("gap", R"({"reason":")" + reason + R"("})"))
                       .write(sseEvent("message", chatData("new one"), "1"))
                       .write(sseEvent("message", chatData("barrier"), "3"))
                       .hold());
    Participant alice(server.url(u"/"_s), u"alice"_s, {});
    alice.session->connectToServer();
    if (!QTest::qWaitFor([&] { return alice.texts.contains(u"barrier"_s); }, timeoutMs)) {
        ADD_FAILURE() << "barrier never arrived; shown: "
                      << alice.texts.join(u", "_s).toStdString();
    }
    EXPECT_EQ(server.requests().value(1).header("Last-Event-ID"), "2");
    EXPECT_EQ(alice.gaps, 1);
    return alice.texts;
}

} // namespace

TEST(ChatSession, AResetGapStopsDeduplicatingAgainstTheOldRunsIdsLikeUnknown)
{
    const QStringList everything {u"old one"_s, u"old two"_s, u"new one"_s, u"barrier"_s};
    EXPECT_EQ(textsAfterAnIdRestart("reset"), everything);
    EXPECT_EQ(textsAfterAnIdRestart("unknown"), everything);
    // Control: any other gap keeps the ids, and the new run's 1 counts as seen.
    EXPECT_EQ(
        textsAfterAnIdRestart("expired"), (QStringList {u"old one"_s, u"old two"_s, u"barrier"_s}));
}

TEST(ChatSession, AfterAReconnectToAServerWithoutIdsTheRoomSaysMessagesMayBeMissing)
{
    ScriptedServer server;
    server.enqueue(Response::sse().write(sseEvent("message", chatData("a"))).close());
    server.enqueue(Response::sse().write(sseEvent("message", chatData("b"))).close());
    server.enqueue(Response::sse().close()); // a reconnect with nothing new
    server.enqueue(Response::sse().write(sseEvent("message", chatData("c"))).hold());
    Participant alice(server.url(u"/"_s), u"alice"_s, {});
    alice.session->connectToServer();
    ASSERT_TRUE(alice.waitForTexts(3));

    QStringList shown;
    for (const ChatMessage &message : std::as_const(alice.messages)) {
        if (message.kind == ChatMessage::Kind::Gap) {
            EXPECT_TRUE(message.isLocalNotice());
            EXPECT_TRUE(message.text.contains(u"may be missing"_s)) << message.text.toStdString();
            shown.append(u"<notice>"_s);
        } else {
            EXPECT_FALSE(message.isLocalNotice());
            shown.append(message.text);
        }
    }
    // One line per reconnect that follows something shown: none before the first
    // connection, none piled up by a reconnect that brought nothing.
    EXPECT_EQ(shown, (QStringList {u"a"_s, u"<notice>"_s, u"b"_s, u"<notice>"_s, u"c"_s}));
    EXPECT_EQ(alice.session->history().count(), 5);
    for (const auto &request : server.requests()) {
        EXPECT_FALSE(request.hasHeader("Last-Event-ID"));
    }
}

TEST(ChatSession, AfterARestartARoomWithoutIdsSaysMessagesMayBeMissingAndAServerWithIdsDoesNot)
{
    QTemporaryDir dir;
    for (const bool withIds : {false, true}) {
        const QString store = dir.filePath(withIds ? u"ids.sqlite"_s : u"bare.sqlite"_s);
        ScriptedServer server;
        const QByteArray id = withIds ? QByteArray("1") : QByteArray();
        server.enqueue(Response::sse().write(sseEvent("message", chatData("a"), id)).hold());
        server.enqueue(Response::sse().write(sseEvent("message", chatData("b"), id + "0")).hold());
        {
            Participant first(server.url(u"/"_s), u"alice"_s, store);
            first.session->connectToServer();
            ASSERT_TRUE(first.waitForTexts(1));
        } // the app quits
        Participant again(server.url(u"/"_s), u"alice"_s, store);
        again.session->connectToServer();
        ASSERT_TRUE(again.waitForTexts(1));
        const ChatMessages stored = again.session->history().load(0, 10);
        ASSERT_EQ(stored.size(), withIds ? 2 : 3);
        EXPECT_EQ(stored[1].isLocalNotice(), !withIds) << "with ids: " << withIds;
    }
}

TEST(ChatSession, AHostedRoomAndTheClientsRoomFileShareOneProcess)
{
    // The app hosts a room (the server's SQLite journal) and joins it (the chat core's
    // room file) in one process: their database connections must not collide.
    QTemporaryDir dir;
    RoomServer::Config config = loopbackConfig();
    config.dataDir = dir.filePath(u"server"_s);
    QDir().mkpath(config.dataDir);
    RoomServer server(config);
    ASSERT_TRUE(server.listen()) << server.errorString().toStdString();
    Participant alice(server.baseUrl(), u"alice"_s, dir.filePath(u"alice.sqlite"_s));
    ASSERT_TRUE(alice.session->isValid()) << alice.session->error().toStdString();
    alice.session->connectToServer();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
    alice.session->send(u"stored twice, once each"_s);
    ASSERT_TRUE(alice.waitForTexts(1));
    EXPECT_EQ(server.lastId(), 1);
    EXPECT_EQ(alice.session->history().count(), 1);
    EXPECT_TRUE(QTest::qWaitFor([&] { return alice.delivered == 1; }, timeoutMs));
}
