// SPDX-License-Identifier: MIT
// GET /sse over loopback: head, retry, history, replay, gaps, presence, heartbeats and the
// cut-off of a client that does not keep up.
#include "roomfixture.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hibiki;
using namespace hibiki::test;

namespace {

class RoomStreamTest : public RoomTest
{
protected:
    void postNumbered(int count)
    {
        for (int i = 1; i <= count; ++i) {
            ASSERT_EQ(postMessage(u"alice"_s, u"m%1"_s.arg(i)).status, 201);
        }
    }
    static QList<qint64> range(qint64 from, qint64 to)
    {
        QList<qint64> ids;
        for (qint64 id = from; id <= to; ++id) {
            ids.append(id);
        }
        return ids;
    }
};

TEST_F(RoomStreamTest, HeadAndRetryComeFirst)
{
    start();
    SseConnection stream(port());
    ASSERT_TRUE(stream.waitUntil([&] { return stream.body().contains("\n\n"); }));
    EXPECT_EQ(stream.status(), 200);
    EXPECT_EQ(stream.header("Content-Type"), "text/event-stream; charset=utf-8");
    EXPECT_EQ(stream.header("Cache-Control"), "no-store");
    EXPECT_EQ(stream.header("X-Accel-Buffering"), "no");
    EXPECT_TRUE(stream.header("Access-Control-Allow-Origin").isEmpty()); // no CORS by default
    EXPECT_TRUE(stream.header("Content-Length").isEmpty());
    EXPECT_TRUE(stream.body().startsWith("retry: 3000\n\n")) << stream.body().constData();
}

TEST_F(RoomStreamTest, LiveMessagesHaveTheDocumentedShape)
{
    start();
    SseConnection stream(port());
    ASSERT_TRUE(QTest::qWaitFor([&] { return server().clientCount() == 1; }, 5000));
    const HttpReply posted = postMessage(u"alice"_s, u"Hello!\nSecond line \"quoted\""_s, u"c1"_s);
    ASSERT_EQ(posted.status, 201);
    ASSERT_TRUE(stream.waitForMessages(1));
    const QByteArray expected = "id: " + id(1) + "\nevent: message\ndata: " + posted.body + "\n\n";
    EXPECT_TRUE(stream.body().endsWith(expected)) << stream.body().constData();
    const SseEvent event = stream.events(u"message"_s).first();
    EXPECT_EQ(event.id, QString::fromLatin1(id(1)));
    EXPECT_EQ(event.json().value("id"_L1).toString(), event.id);
    EXPECT_EQ(event.json().value("content"_L1).toString(), u"Hello!\nSecond line \"quoted\""_s);
    EXPECT_EQ(event.json().value("clientId"_L1).toString(), u"c1"_s);
}

TEST_F(RoomStreamTest, NewClientGetsTheRecentHistory)
{
    RoomServerConfig config;
    config.history = 3;
    start(config);
    postNumbered(6);
    SseConnection stream(port());
    ASSERT_TRUE(stream.waitForMessages(3));
    EXPECT_EQ(stream.messageIds(), range(4, 6));
    EXPECT_TRUE(stream.events(u"gap"_s).isEmpty());
    // Then live.
    postNumbered(1);
    ASSERT_TRUE(stream.waitForMessages(4));
    EXPECT_EQ(stream.messageIds(), range(4, 7));
}

TEST_F(RoomStreamTest, ReplaysAfterLastEventIdHeader)
{
    start();
    postNumbered(5);
    SseConnection stream(port(), "/sse", {{"Last-Event-ID", id(2)}});
    ASSERT_TRUE(stream.waitForMessages(3));
    EXPECT_EQ(stream.messageIds(), range(3, 5));
    EXPECT_TRUE(stream.events(u"gap"_s).isEmpty());
    postNumbered(1);
    ASSERT_TRUE(stream.waitForMessages(4));
    EXPECT_EQ(stream.messageIds(), range(3, 6));
}

TEST_F(RoomStreamTest, ReplaysAfterLastEventIdQueryAndHeaderWins)
{
    start();
    postNumbered(5);
    SseConnection byQuery(port(), "/sse?lastEventId=" + id(3));
    ASSERT_TRUE(byQuery.waitForMessages(2));
    SseConnection both(port(), "/sse?lastEventId=" + id(1), {{"Last-Event-ID", id(4)}});
    ASSERT_TRUE(both.waitForMessages(1));
    SseConnection upToDate(port(), "/sse", {{"Last-Event-ID", id(5)}});
    ASSERT_TRUE(QTest::qWaitFor([&] { return server().clientCount() == 3; }, 5000));
    postNumbered(1); // id 6 is the first thing upToDate sees
    ASSERT_TRUE(upToDate.waitForMessages(1));
    ASSERT_TRUE(byQuery.waitForMessages(3));
    ASSERT_TRUE(both.waitForMessages(2));
    EXPECT_EQ(byQuery.messageIds(), range(4, 6));
    EXPECT_EQ(both.messageIds(), range(5, 6));
    EXPECT_EQ(upToDate.messageIds(), range(6, 6));
}

TEST_F(RoomStreamTest, GapWhenTheAskedIdIsOlderThanTheHistory)
{
    RoomServerConfig config;
    config.history = 3;
    start(config);
    postNumbered(7);
    SseConnection stream(port(), "/sse", {{"Last-Event-ID", id(1)}});
    ASSERT_TRUE(stream.waitForMessages(3));
    const QList<SseEvent> events = stream.events();
    // retry, gap, 5, 6, 7 - the gap precedes the messages and carries no id.
    const QList<SseEvent> gaps = stream.events(u"gap"_s);
    ASSERT_EQ(gaps.size(), 1);
    EXPECT_FALSE(gaps.first().hasId);
    EXPECT_EQ(gaps.first().json().value("from"_L1).toInteger(), 2);
    EXPECT_EQ(gaps.first().json().value("to"_L1).toInteger(), 4);
    EXPECT_EQ(gaps.first().json().value("reason"_L1).toString(), u"expired"_s);
    EXPECT_EQ(stream.messageIds(), range(5, 7));
    qsizetype gapIndex = -1, firstMessage = -1;
    for (qsizetype i = 0; i < events.size(); ++i) {
        if (events[i].type == "gap"_L1 && gapIndex < 0) {
            gapIndex = i;
        }
        if (events[i].type == "message"_L1 && firstMessage < 0) {
            firstMessage = i;
        }
    }
    EXPECT_LT(gapIndex, firstMessage);
}

TEST_F(RoomStreamTest, GapUnknownForIdsThisRoomNeverIssued)
{
    RoomServerConfig config;
    config.history = 2;
    start(config);
    postNumbered(3);
    // Newer than the newest of this run, malformed, or an epoch with a bad number.
    for (const QByteArray &foreign : {id(99), "abc"_ba, "-1"_ba, "2x"_ba, id(2) + 'x'}) {
        SseConnection stream(port(), "/sse", {{"Last-Event-ID", foreign}});
        ASSERT_TRUE(stream.waitForMessages(2)) << foreign.constData();
        const QList<SseEvent> gaps = stream.events(u"gap"_s);
        ASSERT_EQ(gaps.size(), 1) << foreign.constData();
        EXPECT_EQ(gaps.first().json().value("reason"_L1).toString(), u"unknown"_s);
        EXPECT_EQ(
            gaps.first().json().value("lastEventId"_L1).toString(), QString::fromLatin1(foreign));
        EXPECT_EQ(gaps.first().json().value("lastId"_L1).toInteger(), 3);
        // Then what a new client gets.
        EXPECT_EQ(stream.messageIds(), range(2, 3)) << foreign.constData();
    }
}

TEST_F(RoomStreamTest, GapResetForIdsOfAnotherRunOfAMemoryOnlyRoom)
{
    RoomServerConfig config;
    config.history = 2;
    start(config);
    postNumbered(3);
    ASSERT_EQ(server().epoch().size(), 12);
    // Another epoch (even with a number this run has), or a plain number.
    const QByteArray otherEpoch
        = server().epoch() == "000000000000"_L1 ? "000000000001" : "000000000000";
    for (const QByteArray &earlier : {otherEpoch + "-2", "2"_ba, "99"_ba}) {
        SseConnection stream(port(), "/sse", {{"Last-Event-ID", earlier}});
        ASSERT_TRUE(stream.waitForMessages(2)) << earlier.constData();
        const QList<SseEvent> events = stream.events();
        const QList<SseEvent> gaps = stream.events(u"gap"_s);
        ASSERT_EQ(gaps.size(), 1) << earlier.constData();
        EXPECT_EQ(gaps.first().data,
            u"{\"reason\":\"reset\",\"lastEventId\":\"%1\",\"epoch\":\"%2\"}"_s.arg(
                QString::fromLatin1(earlier), server().epoch()));
        EXPECT_FALSE(gaps.first().hasId);
        // First the gap (after retry), then the recent history.
        ASSERT_GE(events.size(), 4);
        EXPECT_EQ(events.at(1).type, u"gap"_s);
        EXPECT_EQ(stream.messageIds(), range(2, 3)) << earlier.constData();
    }
}

TEST_F(RoomStreamTest, ReplayLargerThanTheWatermarkIsPacedNotCutOff)
{
    RoomServerConfig config;
    config.history = 5000;
    config.maxQueueBytes = 16 * 1024; // far below the replay size
    config.replayBatch = 100;
    start(config);
    const QString content(200, u'r');
    for (int i = 0; i < 1500; ++i) {
        ASSERT_EQ(server().post(u"alice"_s, content).status, PostResult::Status::Created);
    }
    QSignalSpy cut(&server(), &RoomServer::clientCutOff);
    SseConnection stream(port(), "/sse", {{"Last-Event-ID", id(0)}});
    ASSERT_TRUE(stream.waitForMessages(1500, 20000));
    postNumbered(1);
    ASSERT_TRUE(stream.waitForMessages(1501));
    EXPECT_EQ(stream.messageIds(), range(1, 1501));
    EXPECT_EQ(cut.size(), 0);
    EXPECT_TRUE(stream.isConnected());
}

TEST_F(RoomStreamTest, HeartbeatComments)
{
    RoomServerConfig config;
    config.heartbeatMs = 30;
    start(config);
    SseConnection stream(port());
    ASSERT_TRUE(stream.waitUntil([&] { return stream.body().count(": ping\n\n") >= 2; }));
    for (const SseEvent &event : stream.events()) {
        if (!event.comments.isEmpty()) {
            EXPECT_EQ(event.comments, QStringList {u"ping"_s});
            EXPECT_FALSE(event.hasId);
            EXPECT_TRUE(event.data.isEmpty());
        }
    }
}

TEST_F(RoomStreamTest, PresenceJoinAndLeave)
{
    start();
    SseConnection alice(port(), "/sse?user=alice");
    ASSERT_TRUE(alice.waitUntil([&] { return alice.events(u"join"_s).size() == 1; }));
    EXPECT_EQ(alice.events(u"join"_s).first().json().value("user"_L1).toString(), u"alice"_s);

    auto bob = std::make_unique<SseConnection>(port(), "/sse?user=%20bob");
    ASSERT_TRUE(alice.waitUntil([&] { return alice.events(u"join"_s).size() == 2; }));
    EXPECT_EQ(alice.events(u"join"_s).at(1).json().value("user"_L1).toString(), u"bob"_s);
    // The newcomer learns who is here, then sees itself arrive.
    ASSERT_TRUE(bob->waitUntil([&] { return bob->events(u"join"_s).size() == 2; }));
    EXPECT_EQ(bob->events(u"join"_s).at(0).json().value("user"_L1).toString(), u"alice"_s);
    EXPECT_EQ(bob->events(u"join"_s).at(1).json().value("user"_L1).toString(), u"bob"_s);
    for (const SseEvent &event : bob->events(u"join"_s)) {
        EXPECT_FALSE(event.hasId);
    }

    // A second stream of alice is no new arrival; closing it is no departure.
    auto aliceAgain = std::make_unique<SseConnection>(port(), "/sse?user=alice");
    ASSERT_TRUE(QTest::qWaitFor([&] { return server().clientCount() == 3; }, 5000));
    aliceAgain.reset();
    ASSERT_TRUE(QTest::qWaitFor([&] { return server().clientCount() == 2; }, 5000));

    bob.reset();
    ASSERT_TRUE(alice.waitUntil([&] { return alice.events(u"leave"_s).size() == 1; }));
    EXPECT_EQ(alice.events(u"leave"_s).first().json().value("user"_L1).toString(), u"bob"_s);
    EXPECT_EQ(alice.events(u"join"_s).size(), 2);
    // Anonymous streams are not announced.
    SseConnection anonymous(port());
    ASSERT_TRUE(QTest::qWaitFor([&] { return server().clientCount() == 2; }, 5000));
    postNumbered(1); // anything after the anonymous arrival would have come before this
    ASSERT_TRUE(alice.waitForMessages(1));
    EXPECT_EQ(alice.events(u"join"_s).size(), 2);
}

TEST_F(RoomStreamTest, InvalidUserParameterIs400)
{
    start();
    const HttpReply reply = http().get(url(u"/sse?user=%07bell"_s));
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.header("Content-Type"), "application/json");
    EXPECT_EQ(server().clientCount(), 0);
}

TEST_F(RoomStreamTest, SlowClientIsCutOffWhileOthersKeepUp)
{
    RoomServerConfig config;
    config.maxQueueBytes = 64 * 1024;
    config.maxBodyBytes = 1024 * 1024;
    config.history = 1000;
    start(config);

    // A client that reads nothing: Qt's buffer stays tiny, so the kernel buffers fill and
    // then the server's send queue grows.
    QTcpSocket slow;
    slow.setReadBufferSize(1024);
    slow.connectToHost(u"127.0.0.1"_s, port());
    ASSERT_TRUE(slow.waitForConnected(5000));
    slow.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    slow.write("GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    SseConnection good(port());
    ASSERT_TRUE(QTest::qWaitFor([&] { return server().clientCount() == 2; }, 5000));

    QSignalSpy cut(&server(), &RoomServer::clientCutOff);
    const QString content(32 * 1024, u'z');
    int posted = 0;
    // Bounded: the kernel cannot hold more than a few MB for the silent socket.
    while (cut.isEmpty() && posted < 1000) {
        ASSERT_EQ(postMessage(u"alice"_s, content).status, 201);
        ++posted;
    }
    ASSERT_EQ(cut.size(), 1) << "posted " << posted;
    EXPECT_EQ(server().clientCount(), 1);
    EXPECT_EQ(server().statistics().clientsCutOff, 1u);
    // The good client got every message, in order, and is still connected.
    ASSERT_TRUE(good.waitForMessages(posted, 20000));
    EXPECT_EQ(good.messageIds(), range(1, posted));
    EXPECT_TRUE(good.isConnected());
    EXPECT_EQ(postMessage(u"alice"_s, u"after"_s).status, 201);
    ASSERT_TRUE(good.waitForMessages(posted + 1));
}

} // namespace
