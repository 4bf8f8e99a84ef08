// SPDX-License-Identifier: MIT
// A room with several endpoints, against scripted servers that play its nodes: the stream
// moves to the next when one fails and resumes there with its last event id, posts follow,
// and the room returns to the preferred node once it answers again. The same with real
// nginx + nchan nodes sharing Redis is tests/interop/test_cluster.cpp.
#include "core/chatsession.h"
#include "core/outbox.h"
#include "core/roomstore.h"

#include "scriptedserver.h"

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
using hibiki::Endpoint;
using hibiki::Outbox;
using hibiki::OutboxEntry;
using hibiki::Profile;
using hibiki::RoomStore;
using hibiki::test::Request;
using hibiki::test::Response;
using hibiki::test::ScriptedServer;

namespace {

constexpr int timeoutMs = 15000;

QByteArray message(const QByteArray &id, const QByteArray &text, const QByteArray &clientId = {})
{
    QByteArray data = R"({"id":")" + id + R"(","user":"bob","content":")" + text + '"';
    if (!clientId.isEmpty()) {
        data += R"(,"clientId":")" + clientId + '"';
    }
    return "id: " + id + "\nevent: message\ndata: " + data + "}\n\n";
}

// A Hibiki room whose preferred node is `a` and whose fallback is `b`.
Profile twoNodeRoom(const ScriptedServer &a, const ScriptedServer &b)
{
    Profile profile = Profile::hibikiRoom(a.url(u"/"_s));
    profile.fallbackEndpoints.append({b.url(u"/sse"_s), b.url(u"/messages"_s)});
    return profile;
}

QString label(const ScriptedServer &server)
{
    return u"127.0.0.1:%1"_s.arg(server.port());
}

QList<Request> streamRequests(const ScriptedServer &server)
{
    QList<Request> streams;
    for (const Request &request : server.requests()) {
        if (request.method == "GET") {
            streams.append(request);
        }
    }
    return streams;
}

class Room
{
public:
    explicit Room(const Profile &profile, int preferredEndpointRetryMs = 0)
    {
        ChatSession::Config config;
        config.userName = u"alice"_s;
        config.streamOptions.initialReconnectDelayMs = 50;
        config.streamOptions.maxReconnectDelayMs = 300;
        config.preferredEndpointRetryMs = preferredEndpointRetryMs;
        session = std::make_unique<ChatSession>(profile, config);
        session->outbox().setBackoff(50, 300);
        QObject::connect(
            session.get(), &ChatSession::messagesAppended, [this](const ChatMessages &batch) {
                for (const ChatMessage &message : batch) {
                    texts.append(message.text);
                }
            });
        QObject::connect(session.get(), &ChatSession::connectionStatusChanged,
            [this](const ConnectionStatus &status) { statuses.append(status); });
        QObject::connect(
            session.get(), &ChatSession::outboxEntryChanged, [this](const OutboxEntry &entry) {
                if (entry.state == OutboxEntry::State::Delivered) {
                    delivered.append(entry.text);
                }
            });
    }

    bool waitForTexts(qsizetype count)
    {
        return QTest::qWaitFor([&] { return texts.size() >= count; }, timeoutMs);
    }
    bool waitForConnectedTo(const ScriptedServer &server)
    {
        return QTest::qWaitFor(
            [&] {
                const ConnectionStatus status = session->connectionStatus();
                return status.state == ConnectionStatus::State::Connected
                    && status.endpoint == label(server);
            },
            timeoutMs);
    }

    std::unique_ptr<ChatSession> session;
    QStringList texts;
    QList<ConnectionStatus> statuses;
    QStringList delivered;
};

} // namespace

TEST(Failover, AFailedNodeHandsTheRoomToTheNextWhichResumesAfterTheLastEventId)
{
    ScriptedServer a;
    ScriptedServer b;
    a.enqueue(Response::sse()
                  .write(message("1", "one"))
                  .write(message("2", "two"))
                  .waitFor(u"crash"_s)
                  .abort());
    b.enqueue(Response::sse().write(message("3", "three")).hold());
    Room room(twoNodeRoom(a, b));
    room.session->connectToServer();
    ASSERT_TRUE(room.waitForTexts(2));
    ConnectionStatus status = room.session->connectionStatus();
    EXPECT_EQ(status.state, ConnectionStatus::State::Connected);
    EXPECT_EQ(status.endpoint, label(a));
    EXPECT_EQ(status.endpointCount, 2);
    EXPECT_TRUE(status.movedFrom.isEmpty());

    a.trigger(u"crash"_s);
    ASSERT_TRUE(room.waitForTexts(3));
    EXPECT_EQ(room.texts, (QStringList {u"one"_s, u"two"_s, u"three"_s}));
    const QList<Request> atB = streamRequests(b);
    ASSERT_EQ(atB.size(), 1);
    EXPECT_EQ(atB.front().header("Last-Event-ID"), "2");
    ASSERT_TRUE(room.waitForConnectedTo(b));
    status = room.session->connectionStatus();
    EXPECT_EQ(status.movedFrom, label(a));
    EXPECT_EQ(room.session->endpointIndex(), 1);
    EXPECT_EQ(room.session->history().lastEventId(), u"3"_s);

    // On the way: "moving to B", with what happened to A in words.
    const auto moving = std::find_if(room.statuses.begin(), room.statuses.end(),
        [](const ConnectionStatus &s) { return s.state == ConnectionStatus::State::Reconnecting; });
    ASSERT_NE(moving, room.statuses.end());
    EXPECT_EQ(moving->endpoint, label(b));
    EXPECT_EQ(moving->movedFrom, label(a));
    EXPECT_TRUE(moving->reason.startsWith(label(a) + u": "_s)) << moving->reason.toStdString();
    EXPECT_EQ(moving->attempt, 1);
}

TEST(Failover, AMessageTypedWhileTheRoomMovesIsPostedToTheNodeItMovesTo)
{
    ScriptedServer a;
    ScriptedServer b;
    a.enqueue(Response::sse().write(message("1", "one")).waitFor(u"crash"_s).abort());
    // Node A refuses everything from now on, posts included: nothing may go there.
    a.setDefaultResponse(Response::status(503, "down"));
    b.setHandler([&](const Request &request) {
        if (request.method == "POST") {
            return Response::status(201, "{}").contentType("application/json");
        }
        return Response::sse().hold();
    });
    Room room(twoNodeRoom(a, b));
    room.session->connectToServer();
    ASSERT_TRUE(room.waitForTexts(1));

    // Typed in the very turn the node fails: the outbox has not tried A yet.
    QObject::connect(room.session.get(), &ChatSession::connectionStatusChanged, room.session.get(),
        [&](const ConnectionStatus &status) {
            if (status.state == ConnectionStatus::State::Reconnecting
                && room.session->outbox().entries().isEmpty()) {
                room.session->send(u"typed while moving"_s);
            }
        });
    a.trigger(u"crash"_s);
    ASSERT_TRUE(QTest::qWaitFor([&] { return room.delivered.size() == 1; }, timeoutMs));
    EXPECT_EQ(room.delivered, QStringList {u"typed while moving"_s});
    for (const Request &request : a.requests()) {
        EXPECT_NE(request.method, "POST") << "a post went to the failed node";
    }
    qsizetype postsAtB = 0;
    for (const Request &request : b.requests()) {
        postsAtB += request.method == "POST" ? 1 : 0;
    }
    EXPECT_EQ(postsAtB, 1);
    EXPECT_EQ(room.session->outbox().postEndpoint(), 1);
}

TEST(Failover, WhenEveryNodeIsDownTheRoomAlternatesBetweenThemAndBacksOff)
{
    ScriptedServer a;
    ScriptedServer b;
    a.setDefaultResponse(Response::status(502, "bad gateway"));
    b.setDefaultResponse(Response::status(503, "unavailable"));
    QByteArray order; // which node each request reached, in order
    QObject::connect(&a, &ScriptedServer::requestReceived, [&] { order += 'a'; });
    QObject::connect(&b, &ScriptedServer::requestReceived, [&] { order += 'b'; });
    Room room(twoNodeRoom(a, b));
    room.session->connectToServer();
    ASSERT_TRUE(QTest::qWaitFor([&] { return order.size() >= 6; }, timeoutMs));
    room.session->disconnectFromServer();
    EXPECT_TRUE(order.startsWith("ababab")) << order.toStdString();
    QList<int> attempts;
    for (const ConnectionStatus &status : std::as_const(room.statuses)) {
        if (status.state == ConnectionStatus::State::Reconnecting) {
            attempts.append(status.attempt);
            EXPECT_TRUE(status.reason.contains(u"HTTP 50"_s)) << status.reason.toStdString();
        }
    }
    ASSERT_GE(attempts.size(), 5);
    for (qsizetype i = 0; i < 5; ++i) {
        EXPECT_EQ(attempts[i], i + 1);
    }
}

TEST(Failover, AfterAWhileOnAFallbackTheRoomReturnsToThePreferredNodeOnceItAnswers)
{
    ScriptedServer a;
    ScriptedServer b;
    int streamsAtA = 0;
    a.setHandler([&](const Request &request) {
        if (request.method != "GET") {
            return Response::status(404);
        }
        ++streamsAtA;
        if (streamsAtA == 1) {
            return Response::status(503, "starting"); // the room goes to B
        }
        if (streamsAtA == 2) {
            return Response::status(503, "still starting"); // the first check fails
        }
        // The check that succeeds, then the stream itself.
        return Response::sse().write(message("6", "six")).hold();
    });
    b.enqueue(Response::sse().write(message("5", "five")).hold());
    Room room(twoNodeRoom(a, b), 100);
    room.session->connectToServer();
    ASSERT_TRUE(room.waitForConnectedTo(b));
    ASSERT_TRUE(room.waitForTexts(1));
    ASSERT_TRUE(room.waitForConnectedTo(a));
    ASSERT_TRUE(room.waitForTexts(2));
    EXPECT_EQ(room.texts, (QStringList {u"five"_s, u"six"_s}))
        << "the check's events are not shown";
    const ConnectionStatus status = room.session->connectionStatus();
    EXPECT_EQ(status.movedFrom, label(b));
    EXPECT_EQ(room.session->endpointIndex(), 0);
    EXPECT_EQ(room.session->outbox().postEndpoint(), 0);
    const QList<Request> atA = streamRequests(a);
    ASSERT_EQ(atA.size(), 4);
    EXPECT_EQ(atA[2].header("Last-Event-ID"), "5") << "the check asks only for what is new";
    EXPECT_EQ(atA[3].header("Last-Event-ID"), "5");
    EXPECT_EQ(streamRequests(b).size(), 1) << "B's stream was never dropped for a failed check";
}

TEST(Failover, WithoutAChecksIntervalTheRoomStaysOnTheFallbackUntilItFails)
{
    ScriptedServer a;
    ScriptedServer b;
    a.enqueue(Response::status(503, "down"));
    a.enqueue(Response::sse().write(message("7", "seven")).hold());
    b.enqueue(Response::sse().write(message("5", "five")).waitFor(u"crash"_s).abort());
    Room room(twoNodeRoom(a, b), 0);
    room.session->connectToServer();
    ASSERT_TRUE(room.waitForConnectedTo(b));
    ASSERT_TRUE(room.waitForTexts(1));
    EXPECT_EQ(a.requestCount(), 1) << "no check of A while B works";
    // The next failure wraps around to the preferred node.
    b.trigger(u"crash"_s);
    ASSERT_TRUE(room.waitForConnectedTo(a));
    ASSERT_TRUE(room.waitForTexts(2));
    EXPECT_EQ(room.texts, (QStringList {u"five"_s, u"seven"_s}));
    EXPECT_EQ(streamRequests(a).value(1).header("Last-Event-ID"), "5");
}

TEST(Failover, ARoomWithOneEndpointReconnectsOnItsOwnEventSourceAsBefore)
{
    ScriptedServer server;
    server.enqueue(Response::sse().write(message("1", "one")).close());
    server.enqueue(Response::sse().write(message("2", "two")).hold());
    Room room(Profile::hibikiRoom(server.url(u"/"_s)));
    const sse::EventSource *source = &room.session->eventSource();
    room.session->connectToServer();
    ASSERT_TRUE(room.waitForTexts(2));
    EXPECT_EQ(&room.session->eventSource(), source);
    EXPECT_EQ(room.session->eventSource().statistics().reconnects, 1);
    EXPECT_EQ(server.requests().value(1).header("Last-Event-ID"), "1");
    const ConnectionStatus status = room.session->connectionStatus();
    EXPECT_EQ(status.endpoint, label(server));
    EXPECT_EQ(status.endpointCount, 1);
    EXPECT_TRUE(status.movedFrom.isEmpty());
}

TEST(Failover, RetryNowSkipsTheWaitOfAMove)
{
    ScriptedServer a;
    ScriptedServer b;
    a.enqueue(Response::sse().write(message("1", "one")).waitFor(u"crash"_s).abort());
    b.enqueue(Response::sse().write(message("2", "two")).hold());
    Profile profile = twoNodeRoom(a, b);
    ChatSession::Config config;
    config.streamOptions.initialReconnectDelayMs = 600000; // a move would wait minutes
    ChatSession session(profile, config);
    QStringList texts;
    QObject::connect(&session, &ChatSession::messagesAppended, [&](const ChatMessages &batch) {
        for (const ChatMessage &m : batch) {
            texts.append(m.text);
        }
    });
    session.connectToServer();
    ASSERT_TRUE(QTest::qWaitFor([&] { return texts.size() == 1; }, timeoutMs));
    a.trigger(u"crash"_s);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return session.connectionStatus().state == ConnectionStatus::State::Reconnecting; },
        timeoutMs));
    session.retryNow();
    ASSERT_TRUE(QTest::qWaitFor([&] { return texts.size() == 2; }, timeoutMs));
    EXPECT_EQ(session.connectionStatus().endpoint, label(b));
}

TEST(FailoverOutbox, APostThatFailsOnOneNodeIsRetriedOnTheNext)
{
    ScriptedServer a;
    ScriptedServer b;
    a.setDefaultResponse(Response::status(503, R"({"error":"redis is down"})"));
    b.setDefaultResponse(Response::status(201, "{}").contentType("application/json"));
    QTemporaryDir dir;
    RoomStore store;
    ASSERT_TRUE(store.open(dir.filePath(u"room.sqlite"_s)));
    QNetworkAccessManager manager;
    Outbox outbox(twoNodeRoom(a, b), store, &manager);
    outbox.setBackoff(20, 100);
    QSignalSpy spy(&outbox, &Outbox::entryChanged);
    outbox.start();
    EXPECT_EQ(outbox.postUrl(), a.url(u"/messages"_s));
    outbox.enqueue(u"hello"_s);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return !spy.isEmpty()
                && spy.last().at(0).value<OutboxEntry>().state == OutboxEntry::State::Delivered;
        },
        timeoutMs));
    EXPECT_EQ(a.requestCount(), 1);
    EXPECT_EQ(b.requestCount(), 1);
    EXPECT_EQ(outbox.postEndpoint(), 1);
    EXPECT_EQ(outbox.postUrl(), b.url(u"/messages"_s));
}

TEST(FailoverOutbox, ARefusedPostStaysRefusedAndDoesNotWanderToAnotherNode)
{
    ScriptedServer a;
    ScriptedServer b;
    a.setDefaultResponse(Response::status(400, R"({"error":"empty message"})"));
    QTemporaryDir dir;
    RoomStore store;
    ASSERT_TRUE(store.open(dir.filePath(u"room.sqlite"_s)));
    QNetworkAccessManager manager;
    Outbox outbox(twoNodeRoom(a, b), store, &manager);
    QSignalSpy spy(&outbox, &Outbox::entryChanged);
    outbox.start();
    outbox.enqueue(u" "_s);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return !spy.isEmpty()
                && spy.last().at(0).value<OutboxEntry>().state == OutboxEntry::State::Failed;
        },
        timeoutMs));
    EXPECT_EQ(b.requestCount(), 0);
    EXPECT_EQ(outbox.postEndpoint(), 0);
}

TEST(FailoverOutbox, PostsSkipANodeWithoutAPostAddressAndIgnoreAnUnknownIndex)
{
    ScriptedServer a;
    ScriptedServer b;
    Profile profile = twoNodeRoom(a, b);
    profile.fallbackEndpoints.append({QUrl(u"http://127.0.0.1:1/sse"_s), {}});
    QTemporaryDir dir;
    RoomStore store;
    ASSERT_TRUE(store.open(dir.filePath(u"room.sqlite"_s)));
    QNetworkAccessManager manager;
    Outbox outbox(profile, store, &manager);
    outbox.setPostEndpoint(2); // no post address there
    EXPECT_EQ(outbox.postEndpoint(), 0);
    outbox.setPostEndpoint(9);
    EXPECT_EQ(outbox.postEndpoint(), 0);
    outbox.setPostEndpoint(1);
    EXPECT_EQ(outbox.postEndpoint(), 1);
}
