// SPDX-License-Identifier: MIT
// hibiki-server as a child process with few file descriptors, under a connection flood and
// slowloris; and a memory-only room restarted under a client that resumes. The child's CPU
// time comes from /proc/<pid>/stat.
#include "roomtestclient.h"
#include "serverprocess.h"

#include <QElapsedTimer>
#include <QFile>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace hibiki::test;

namespace {

// User and system CPU time of process `pid` so far, in milliseconds; -1 when unreadable.
qint64 cpuMilliseconds(qint64 pid)
{
    QFile file(u"/proc/%1/stat"_s.arg(pid));
    if (!file.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QByteArray stat = file.readAll();
    // The command name may hold spaces: the fields after it start past the last ')'.
    const QList<QByteArray> fields = stat.mid(stat.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 13) {
        return -1;
    }
    const qint64 ticks = fields.at(11).toLongLong() + fields.at(12).toLongLong(); // utime, stime
    return ticks * 1000 / ::sysconf(_SC_CLK_TCK);
}

QByteArray postRequest(const QByteArray &body)
{
    return "POST /messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
           "Content-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// Opens connections that never send a byte, as fast as asked; forgets those the server closed.
class Flood
{
public:
    explicit Flood(quint16 port)
        : m_port(port)
    { }

    void open(int count)
    {
        for (int i = 0; i < count; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(u"127.0.0.1"_s, m_port);
            m_sockets.push_back(std::move(socket));
        }
        ++m_rounds;
    }
    // Connections the server closed at once (shed: accepted and closed, or answered 503).
    int closedByServer()
    {
        int closed = 0;
        for (auto &socket : m_sockets) {
            if (socket->state() == QAbstractSocket::UnconnectedState) {
                ++closed;
            }
        }
        return closed;
    }
    void closeAll() { m_sockets.clear(); }
    int rounds() const { return m_rounds; }

private:
    quint16 m_port;
    std::vector<std::unique_ptr<QTcpSocket>> m_sockets;
    int m_rounds = 0;
};

TEST(RoomServerExhaustion, DescriptorFloodNeitherSpinsNorStopsTheRoom)
{
    // 64 descriptors and a connection cap above that: the flood runs the process out of
    // descriptors (EMFILE in accept) rather than into the cap.
    ServerProcess server(QStringLiteral(HIBIKI_SERVER_PATH), {},
        {u"--max-connections"_s, u"1000"_s, u"--head-timeout-ms"_s, u"60000"_s, u"--heartbeat-ms"_s,
            u"0"_s});
    server.setDescriptorLimit(64);
    ASSERT_TRUE(server.start());
    const quint16 port = quint16(server.url().port());
    const qint64 pid = server.processId();
    ASSERT_GE(cpuMilliseconds(pid), 0);

    // Connected before the flood: a stream, and a kept-alive connection to post on.
    SseConnection stream(port);
    ASSERT_TRUE(stream.waitForHead());
    RawClient poster(port);
    ASSERT_TRUE(poster.isConnected());
    int posted = 0;
    const auto postOne = [&] {
        ++posted;
        poster.send(postRequest(messageBody(u"alice"_s, u"during the flood %1"_s.arg(posted))));
    };
    postOne();
    ASSERT_TRUE(stream.waitForMessages(1));

    Flood flood(port);
    flood.open(150);
    // The server is out of descriptors once it starts shedding.
    ASSERT_TRUE(QTest::qWaitFor([&] { return flood.closedByServer() > 0; }, 10000));

    // A sustained flood for 1.5 s (20 more every 50 ms), posting through it.
    QTimer more;
    QObject::connect(&more, &QTimer::timeout, [&] { flood.open(20); });
    more.start(50);
    const qint64 cpuBefore = cpuMilliseconds(pid);
    QElapsedTimer wall;
    wall.start();
    const bool flowed = QTest::qWaitFor(
        [&] {
            if (stream.messageIds().size() == posted && posted < 1000) {
                postOne();
            }
            return wall.elapsed() >= 1500 && flood.rounds() >= 10;
        },
        20000);
    const qint64 cpuUsed = cpuMilliseconds(pid) - cpuBefore;
    const qint64 elapsed = wall.elapsed();
    more.stop();
    ASSERT_TRUE(flowed);
    // A busy loop on accept() would take a whole core.
    EXPECT_LT(cpuUsed, elapsed / 5) << cpuUsed << " ms of CPU in " << elapsed << " ms";
    // Open streams keep flowing.
    ASSERT_TRUE(stream.waitForMessages(posted));
    EXPECT_GE(posted, 3);
    EXPECT_TRUE(stream.isConnected());

    // The flood ends: a new client is served within a second.
    flood.closeAll();
    QElapsedTimer recovery;
    recovery.start();
    const QByteArray answer
        = rawExchange(port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 10000);
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 200 ")) << answer.constData();
    EXPECT_LT(recovery.elapsed(), 1000);
}

TEST(RoomServerExhaustion, UnfinishedHeadsAreDroppedInTime)
{
    ServerProcess server(QStringLiteral(HIBIKI_SERVER_PATH), {},
        {u"--head-timeout-ms"_s, u"500"_s, u"--heartbeat-ms"_s, u"0"_s});
    server.setDescriptorLimit(64); // the cap is then 16 connections
    ASSERT_TRUE(server.start());
    const quint16 port = quint16(server.url().port());
    std::vector<std::unique_ptr<RawClient>> slowloris;
    for (int i = 0; i < 12; ++i) {
        slowloris.push_back(std::make_unique<RawClient>(port));
        slowloris.back()->send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow-");
    }
    QElapsedTimer timer;
    timer.start();
    for (auto &client : slowloris) {
        ASSERT_TRUE(client->waitForClosed(10000));
    }
    EXPECT_GE(timer.elapsed(), 400);
    const QByteArray answer = rawExchange(port, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 200 ")) << answer.constData();
}

TEST(RoomServerExhaustion, MemoryOnlyRestartSaysResetThenSendsTheNewRun)
{
    HttpClient http;
    const QStringList options {u"--heartbeat-ms"_s, u"0"_s};
    ServerProcess first(QStringLiteral(HIBIKI_SERVER_PATH), {}, options);
    ASSERT_TRUE(first.start());
    const quint16 port = quint16(first.url().port());
    QString seen;
    for (int i = 1; i <= 5; ++i) {
        const HttpReply reply = http.post(first.url().resolved(QUrl(u"/messages"_s)),
            messageBody(u"alice"_s, u"first run %1"_s.arg(i)));
        ASSERT_EQ(reply.status, 201);
        seen = reply.json().value("id"_L1).toString();
    }
    first.kill();

    ServerProcess second(QStringLiteral(HIBIKI_SERVER_PATH), {}, options);
    ASSERT_TRUE(second.start(port));
    for (int i = 1; i <= 8; ++i) {
        ASSERT_EQ(http.post(second.url().resolved(QUrl(u"/messages"_s)),
                          messageBody(u"bob"_s, u"second run %1"_s.arg(i)))
                      .status,
            201);
    }
    SseConnection stream(port, "/sse", {{"Last-Event-ID", seen.toLatin1()}});
    ASSERT_TRUE(stream.waitForMessages(8));
    const QList<SseEvent> events = stream.events();
    ASSERT_GE(events.size(), 10); // retry, gap, 8 messages
    EXPECT_EQ(events.at(1).type, u"gap"_s);
    EXPECT_EQ(events.at(1).json().value("reason"_L1).toString(), u"reset"_s);
    EXPECT_EQ(events.at(1).json().value("lastEventId"_L1).toString(), seen);
    // Nothing of the new run is skipped, although its 1..5 are "older" than the old 5.
    EXPECT_EQ(stream.messageIds(), (QList<qint64> {1, 2, 3, 4, 5, 6, 7, 8}));
    EXPECT_EQ(stream.events(u"message"_s).first().json().value("content"_L1).toString(),
        u"second run 1"_s);
    EXPECT_NE(stream.events(u"message"_s).first().id.section(u'-', 0, 0), seen.section(u'-', 0, 0));
}

} // namespace
