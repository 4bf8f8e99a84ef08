// SPDX-License-Identifier: MIT
// The room as an attacker and a strict HTTP client see it: Host and Origin checks, limits
// and timeouts, lingering close, HTTP/1.0 and Connection: close, 431/414, Unicode, the
// connection cap and the budget of all streams' queues. Each test fails without its defence.
#include "roomfixture.h"

#include <QElapsedTimer>
#include <QHostInfo>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace hibiki;
using namespace hibiki::test;

namespace {

// An event stream whose reader stops reading at once: a plain socket with a small receive
// buffer that is only read when asked whether the server still has it open.
class StalledReader
{
public:
    explicit StalledReader(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        const int small = 4096;
        ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
        const QByteArray request = "GET /sse HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        m_connected
            = m_connected && ::send(m_fd, request.data(), request.size(), 0) == request.size();
    }
    ~StalledReader() { ::close(m_fd); }
    StalledReader(const StalledReader &) = delete;
    StalledReader &operator=(const StalledReader &) = delete;

    bool isConnected() const { return m_connected; }
    // Reads what is there without waiting: false once the server closed or reset it.
    bool isOpenOnServer()
    {
        char buffer[65536];
        for (;;) {
            const ssize_t got = ::recv(m_fd, buffer, sizeof buffer, MSG_DONTWAIT);
            if (got > 0) {
                continue;
            }
            return got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR);
        }
    }

private:
    int m_fd = -1;
    bool m_connected = false;
};

int statusOf(const QByteArray &answer)
{
    const QList<QByteArray> parts = answer.left(answer.indexOf("\r\n")).split(' ');
    return parts.size() >= 2 ? parts.at(1).toInt() : 0;
}

QByteArray headerOf(const QByteArray &answer, QByteArrayView name)
{
    const QList<QByteArray> lines = answer.left(answer.indexOf("\r\n\r\n")).split('\n');
    for (const QByteArray &raw : lines) {
        const QByteArray line = raw.trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).compare(name, Qt::CaseInsensitive) == 0) {
            return line.mid(colon + 1).trimmed();
        }
    }
    return {};
}

QByteArray post(const QByteArray &host, const QByteArray &body, const QByteArray &extra = {})
{
    return "POST /messages HTTP/1.1\r\nHost: " + host
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
        + "\r\n" + extra + "\r\n" + body;
}

class RoomHardeningTest : public RoomTest
{
protected:
    QByteArray get(const QByteArray &target, const QByteArray &headers)
    {
        return rawExchange(port(), "GET " + target + " HTTP/1.1\r\n" + headers + "\r\n");
    }
};

TEST_F(RoomHardeningTest, ForeignHostIs421AndNothingIsStored)
{
    start();
    const QByteArray body = messageBody(u"mallory"_s, u"rebound"_s);
    // DNS rebinding: a page of evil.example whose name now resolves to 127.0.0.1.
    const QByteArray posted = rawExchange(port(), post("evil.example", body));
    EXPECT_EQ(statusOf(posted), 421) << posted.constData();
    EXPECT_TRUE(posted.contains("\"error\""));
    EXPECT_EQ(statusOf(get("/sse?lastEventId=0",
                  "Host: evil.example:" + QByteArray::number(port()) + "\r\n")),
        421);
    EXPECT_EQ(statusOf(get("/health", "Host: 10.0.0.1\r\n")), 421);
    EXPECT_EQ(server().lastId(), 0);
    EXPECT_EQ(server().clientCount(), 0);
}

TEST_F(RoomHardeningTest, OwnNamesAnswerWhateverThePort)
{
    RoomServerConfig config;
    config.serverNames = {u"Chat.Example.Org"_s};
    start(config);
    const QList<QByteArray> hosts {"127.0.0.1", "127.0.0.1:1", "localhost", "LOCALHOST:99",
        "[::1]:8787", "chat.example.org", "chat.example.org.:443",
        QHostInfo::localHostName().toLatin1()};
    for (const QByteArray &host : hosts) {
        EXPECT_EQ(statusOf(get("/health", "Host: " + host + "\r\n")), 200) << host.constData();
    }
    EXPECT_EQ(statusOf(get("/health", "Host: chat.example.org.evil.example\r\n")), 421);
    // HTTP/1.1 requires Host; HTTP/1.0 may leave it out.
    EXPECT_EQ(statusOf(get("/health", "")), 400);
    EXPECT_EQ(statusOf(rawExchange(port(), "GET /health HTTP/1.0\r\n\r\n")), 200);
}

TEST_F(RoomHardeningTest, NoCorsByDefaultAndForeignOriginsAre403)
{
    start();
    const QByteArray body = messageBody(u"mallory"_s, u"from a web page"_s);
    const QByteArray posted
        = rawExchange(port(), post("127.0.0.1", body, "Origin: https://evil.example\r\n"));
    EXPECT_EQ(statusOf(posted), 403) << posted.constData();
    EXPECT_EQ(server().lastId(), 0);
    const QByteArray stream = get(
        "/sse?lastEventId=0&user=ghost", "Host: 127.0.0.1\r\nOrigin: https://evil.example\r\n");
    EXPECT_EQ(statusOf(stream), 403);
    EXPECT_EQ(server().clientCount(), 0); // no presence was announced either
    // No Origin (curl, the app): served, and no CORS header anywhere.
    const HttpReply created = postMessage(u"alice"_s, u"hi"_s);
    EXPECT_EQ(created.status, 201);
    EXPECT_TRUE(created.header("Access-Control-Allow-Origin").isEmpty());
    SseConnection reader(port());
    ASSERT_TRUE(reader.waitForHead());
    EXPECT_TRUE(reader.header("Access-Control-Allow-Origin").isEmpty());
    // A preflight from a page gets nothing either.
    const QByteArray preflight = rawExchange(port(),
        "OPTIONS /messages HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://evil.example\r\n"
        "Access-Control-Request-Method: POST\r\n\r\n");
    EXPECT_EQ(statusOf(preflight), 403);
    EXPECT_TRUE(headerOf(preflight, "Access-Control-Allow-Origin").isEmpty());
}

TEST_F(RoomHardeningTest, AllowedOriginsReadAndPost)
{
    RoomServerConfig config;
    config.allowedOrigins = {u"https://chat.example.org"_s, u"http://localhost:5173/"_s};
    start(config);
    const QByteArray body = messageBody(u"alice"_s, u"from the web app"_s);
    const QByteArray posted
        = rawExchange(port(), post("127.0.0.1", body, "Origin: https://chat.example.org\r\n"));
    EXPECT_EQ(statusOf(posted), 201) << posted.constData();
    EXPECT_EQ(headerOf(posted, "Access-Control-Allow-Origin"), "https://chat.example.org");
    EXPECT_EQ(headerOf(posted, "Vary"), "Origin");
    SseConnection stream(port(), "/sse", {{"Origin", "http://localhost:5173"}});
    ASSERT_TRUE(stream.waitForMessages(1));
    EXPECT_EQ(stream.status(), 200);
    EXPECT_EQ(stream.header("Access-Control-Allow-Origin"), "http://localhost:5173");
    const QByteArray preflight = rawExchange(port(),
        "OPTIONS /messages HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: https://chat.example.org\r\n"
        "Connection: close\r\n"
        "Access-Control-Request-Method: POST\r\n"
        "Access-Control-Request-Headers: content-type\r\n\r\n");
    EXPECT_EQ(statusOf(preflight), 204) << preflight.constData();
    EXPECT_EQ(headerOf(preflight, "Access-Control-Allow-Methods"), "POST");
    EXPECT_TRUE(headerOf(preflight, "Access-Control-Allow-Headers").contains("Content-Type"));
    // Others still may not.
    EXPECT_EQ(statusOf(rawExchange(port(),
                  post("127.0.0.1", body, "Origin: https://chat.example.org.evil.example\r\n"))),
        403);
    EXPECT_EQ(server().lastId(), 1);
}

TEST_F(RoomHardeningTest, EarlyAnswerIsReadableByAClientThatSendsTheWholeBodyFirst)
{
    RoomServerConfig config;
    config.maxBodyBytes = 1024;
    start(config);
    // Like Python's urllib: the whole 8 MiB body, no Expect, and only then read.
    RawClient client(port());
    ASSERT_TRUE(client.isConnected());
    const QByteArray body(8 * 1024 * 1024, 'x');
    client.send("POST /messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                "Content-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    ASSERT_TRUE(client.waitForSent());
    ASSERT_TRUE(client.waitForClosed());
    // Without the lingering close the server's close with unread data is a reset, and the
    // answer is lost.
    EXPECT_EQ(client.status(), 413) << client.received().left(200).constData();
    EXPECT_TRUE(client.received().contains("\"error\""));
    EXPECT_EQ(headerOf(client.received(), "Connection"), "close");
    EXPECT_EQ(client.error(), QAbstractSocket::RemoteHostClosedError);
    EXPECT_EQ(server().lastId(), 0);
    EXPECT_EQ(postMessage(u"alice"_s, u"still here"_s).status, 201);
}

TEST_F(RoomHardeningTest, Http10AndConnectionCloseCloseAfterTheAnswer)
{
    start();
    for (const QByteArray &request :
        {"GET /health HTTP/1.0\r\n\r\n"_ba,
            "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"_ba,
            "GET /nothing HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive, close\r\n\r\n"_ba}) {
        RawClient client(port());
        client.send(request);
        // A client that reads to end of file must not wait for anything.
        ASSERT_TRUE(client.waitForClosed(5000)) << request.constData();
        EXPECT_NE(client.status(), 0) << request.constData();
        EXPECT_EQ(headerOf(client.received(), "Connection"), "close");
    }
    // HTTP/1.1 without it keeps the connection for the next request.
    RawClient kept(port());
    kept.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    ASSERT_TRUE(kept.waitForReceived("}"));
    kept.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    ASSERT_TRUE(QTest::qWaitFor([&] { return kept.received().count("HTTP/1.1 200") == 2; }, 5000));
    EXPECT_TRUE(kept.isOpen());
}

TEST_F(RoomHardeningTest, OversizedHeadIs431AndOversizedUrlIs414)
{
    RoomServerConfig config;
    config.maxHeaderBytes = 4096;
    config.maxUrlBytes = 1024;
    start(config);
    const QByteArray big(3000, 'a');
    const QByteArray heads = rawExchange(port(),
        "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: " + big + "\r\nX-B: " + big + "\r\n\r\n");
    EXPECT_EQ(statusOf(heads), 431) << heads.left(200).constData();
    const QByteArray url = rawExchange(
        port(), "GET /health?" + QByteArray(2000, 'q') + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    EXPECT_EQ(statusOf(url), 414) << url.left(200).constData();
    // A megabyte of header sent at once, without waiting: still a readable 431, not 413.
    RawClient flood(port());
    flood.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + QByteArray(1024 * 1024, 'h'));
    ASSERT_TRUE(flood.waitForSent());
    ASSERT_TRUE(flood.waitForReceived("}"));
    EXPECT_EQ(flood.status(), 431);
    // Just below the limits: served.
    EXPECT_EQ(statusOf(rawExchange(port(),
                  "GET /health?" + QByteArray(900, 'q') + " HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: "
                      + QByteArray(2500, 'a') + "\r\n\r\n")),
        200);
}

TEST_F(RoomHardeningTest, MalformedHeadsAre400NotLeftHanging)
{
    start();
    // What Qt 6.4's parser refuses (it then leaves the connection open, mute), and request
    // smuggling ambiguities.
    for (const QByteArray &request : {"BREW /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"_ba,
             "GET /health HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n"_ba,
             "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header: x\r\n\r\n"_ba,
             "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n folded\r\n\r\n"_ba,
             "POST /messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
             "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"_ba,
             "POST /messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
             "Content-Length: 6\r\n\r\nhello!"_ba,
             "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"_ba}) {
        QElapsedTimer timer;
        timer.start();
        const QByteArray answer = rawExchange(port(), request, 5000);
        EXPECT_EQ(statusOf(answer), 400) << request.constData() << answer.constData();
        EXPECT_LT(timer.elapsed(), 5000);
    }
}

TEST_F(RoomHardeningTest, TextThatIsNotUnicodeIs400)
{
    start();
    const auto expect400 = [&](const QByteArray &body) {
        const QByteArray answer = rawExchange(port(), post("127.0.0.1", body));
        EXPECT_EQ(statusOf(answer), 400) << body.constData() << answer.constData();
    };
    expect400(R"({"user":"alice","content":"lone \ud800 surrogate"})");
    expect400(R"({"user":"alice","content":"low first \udc00\ud800"})");
    expect400(R"({"user":"al\udfffice","content":"x"})");
    expect400(R"({"user":"alice","content":"x","clientId":"\ud83c"})");
    expect400("{\"user\":\"alice\",\"content\":\"latin-1 \xe9\"}");
    expect400("{\"user\":\"alice\",\"content\":\"encoded surrogate \xed\xa0\x80\"}");
    EXPECT_EQ(server().lastId(), 0);
    EXPECT_EQ(statusOf(get("/sse?user=%ED%A0%80", "Host: 127.0.0.1\r\n")), 400);
    EXPECT_EQ(statusOf(get("/sse?user=%E9", "Host: 127.0.0.1\r\n")), 400);
    // A proper pair is fine, and replayed exactly as acknowledged.
    const HttpReply ok
        = http().post(url(u"/messages"_s), R"({"user":"alice","content":"party \ud83c\udf89"})");
    ASSERT_EQ(ok.status, 201);
    EXPECT_EQ(ok.json().value("content"_L1).toString(), u"party 🎉"_s);
    SseConnection stream(port());
    ASSERT_TRUE(stream.waitForMessages(1));
    EXPECT_EQ(
        stream.events(u"message"_s).first().json().value("content"_L1).toString(), u"party 🎉"_s);
}

TEST_F(RoomHardeningTest, UnfinishedHeadIsDroppedInTime)
{
    RoomServerConfig config;
    config.headTimeoutMs = 300;
    start(config);
    QElapsedTimer timer;
    timer.start();
    RawClient slowloris(port());
    slowloris.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: 1\r\n");
    RawClient silent(port());
    ASSERT_TRUE(slowloris.waitForClosed(10000));
    ASSERT_TRUE(silent.waitForClosed(10000));
    EXPECT_GE(timer.elapsed(), 250); // not before its time
    EXPECT_EQ(slowloris.status(), 408); // a request had begun: it gets a word
    EXPECT_TRUE(silent.received().isEmpty());
    EXPECT_GE(server().statistics().connectionsTimedOut, 2u);
    // The room is unharmed.
    EXPECT_EQ(statusOf(get("/health", "Host: 127.0.0.1\r\n")), 200);
}

TEST_F(RoomHardeningTest, UnfinishedBodyAndIdleKeepAliveAreClosed)
{
    RoomServerConfig config;
    config.bodyTimeoutMs = 300;
    config.keepAliveTimeoutMs = 300;
    start(config);
    RawClient body(port());
    body.send("POST /messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              "Content-Length: 100\r\n\r\n{\"user\":");
    RawClient idle(port());
    idle.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    ASSERT_TRUE(idle.waitForReceived("}"));
    QElapsedTimer timer;
    timer.start();
    ASSERT_TRUE(body.waitForClosed());
    ASSERT_TRUE(idle.waitForClosed());
    EXPECT_GE(timer.elapsed(), 200);
    EXPECT_EQ(body.status(), 408);
    EXPECT_EQ(server().lastId(), 0);
}

TEST_F(RoomHardeningTest, EveryKindOfConnectionCountsTowardsTheCap)
{
    RoomServerConfig config;
    config.maxConnections = 3;
    start(config);
    // Connections that never send a request hold a place like streams do.
    RawClient first(port());
    RawClient second(port());
    SseConnection stream(port());
    ASSERT_TRUE(stream.waitForHead());
    ASSERT_TRUE(QTest::qWaitFor([&] { return server().connectionCount() == 3; }, 5000));
    RawClient excess(port());
    excess.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    ASSERT_TRUE(excess.waitForClosed());
    EXPECT_EQ(excess.status(), 503) << excess.received().constData();
    EXPECT_EQ(headerOf(excess.received(), "Retry-After"), "5");
    EXPECT_GE(server().statistics().connectionsRefused, 1u);
    // A place frees up: served again.
    first.socket().abort();
    ASSERT_TRUE(QTest::qWaitFor([&] { return server().connectionCount() == 2; }, 5000));
    EXPECT_EQ(statusOf(get("/health", "Host: 127.0.0.1\r\n")), 200);
    EXPECT_TRUE(stream.isConnected());
}

TEST_F(RoomHardeningTest, SlowestStreamsAreCutFirstWhenAllQueuesAreOverBudget)
{
    RoomServerConfig config;
    config.maxBodyBytes = 64 * 1024;
    config.maxQueueBytes = 256 * 1024 * 1024; // the per-stream limit never bites here
    config.maxQueuedBytesTotal = 2 * 1024 * 1024;
    config.heartbeatMs = 0;
    start(config);
    const QString content(60 * 1024, u'x');
    // Two readers that stop reading: "slowest" falls behind first, "slower" later.
    StalledReader slowest(port());
    ASSERT_TRUE(slowest.isConnected());
    SseConnection fast(port());
    ASSERT_TRUE(QTest::qWaitFor([&] { return server().clientCount() == 2; }, 5000));
    QSignalSpy cuts(&server(), &RoomServer::clientCutOff);
    int posted = 0;
    // About 1 MiB (half the budget) for the slowest alone; then the second one stalls too.
    for (; posted < 16; ++posted) {
        ASSERT_EQ(server().post(u"alice"_s, content).status, PostResult::Status::Created);
    }
    ASSERT_TRUE(fast.waitForMessages(posted, 20000));
    ASSERT_TRUE(cuts.isEmpty()); // within the budget so far
    StalledReader slower(port());
    ASSERT_TRUE(slower.isConnected());
    ASSERT_TRUE(QTest::qWaitFor([&] { return server().clientCount() == 3; }, 5000));
    // Post (and let the fast reader keep up) until the budget cuts someone.
    while (cuts.isEmpty() && posted < 2000) {
        ASSERT_EQ(server().post(u"alice"_s, content).status, PostResult::Status::Created);
        ++posted;
        ASSERT_TRUE(fast.waitForMessages(posted, 20000));
    }
    ASSERT_EQ(cuts.size(), 1) << "after " << posted << " messages";
    EXPECT_EQ(server().clientCount(), 2);
    // The one furthest behind went first; the other stalled one and the fast one stay.
    EXPECT_TRUE(QTest::qWaitFor([&] { return !slowest.isOpenOnServer(); }, 5000));
    EXPECT_TRUE(slower.isOpenOnServer());
    EXPECT_TRUE(fast.isConnected());
    EXPECT_EQ(fast.messageIds().size(), posted);
}

} // namespace
