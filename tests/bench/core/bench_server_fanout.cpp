// SPDX-License-Identifier: MIT
// Fan-out figures of the Hibiki room server (server/), running in its own thread:
//  1. latency: one POST at a time reaches S subscribers; p50/p99/max from sending the
//     POST to each subscriber parsing the event (default S = 500);
//  2. throughput: messages/s posted over HTTP (8 keep-alive connections) and
//     in-process, until every one of 10 subscribers has received every message.
//
//   bench_server_fanout [--subscribers 500] [--posts 200] [--messages 20000]
#include <hibikiserver/roomserver.h>
#include <sseclient/parser.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>
#include <QThread>

#include <algorithm>
#include <chrono>
#include <cstdio>

using namespace Qt::StringLiterals;
using Clock = std::chrono::steady_clock;

namespace {

// Runs the event loop until `done` or the deadline. Unlike QTest::qWaitFor, which sleeps
// 10 ms between looks, this wakes for every event, so it adds no latency of its own.
bool spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    while (!done()) {
        if (Clock::now() >= deadline) {
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

// One subscriber: a raw socket reading GET /sse through sse::Parser.
class Subscriber : public sse::ParserHandler
{
public:
    Subscriber(const QUrl &base, std::function<void(qint64 sequence)> onMessage)
        : m_parser(*this)
        , m_onMessage(std::move(onMessage))
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] { read(); });
        m_socket.connectToHost(base.host(), quint16(base.port()));
        m_socket.write("GET /sse HTTP/1.1\r\nHost: " + base.authority().toLatin1()
            + "\r\nAccept: text/event-stream\r\n\r\n");
    }

    bool isOpen() const { return m_headEnded; }
    qint64 received() const { return m_received; }

private:
    void read()
    {
        QByteArray bytes = m_socket.readAll();
        if (!m_headEnded) {
            m_head += bytes;
            const qsizetype end = m_head.indexOf("\r\n\r\n");
            if (end < 0) {
                return;
            }
            m_headEnded = true;
            bytes = m_head.mid(end + 4);
            m_head.clear();
        }
        m_parser.feed(bytes);
    }

    void onEvent(const QString &type, const QString &data, const QString &) override
    {
        if (type != "message"_L1) {
            return;
        }
        ++m_received;
        // The benchmark's own messages: the content is the sequence number. A string search
        // instead of a JSON parse keeps the 500 subscribers' own cost out of the figures.
        static const QString key = u"\"content\":\""_s;
        const qsizetype at = data.indexOf(key);
        if (at >= 0) {
            const qsizetype begin = at + key.size();
            m_onMessage(
                QStringView(data).sliced(begin, data.indexOf(u'"', begin) - begin).toLongLong());
        }
    }

    QTcpSocket m_socket;
    sse::Parser m_parser;
    std::function<void(qint64)> m_onMessage;
    QByteArray m_head;
    bool m_headEnded = false;
    qint64 m_received = 0;
};

// The room server in a thread of its own, as a host application would run it.
class ServerThread
{
public:
    ServerThread()
    {
        m_thread.start();
        m_context.moveToThread(&m_thread);
        QMetaObject::invokeMethod(
            &m_context,
            [this] {
                hibiki::RoomServer::Config config;
                config.port = 0;
                config.maxClients = 5000;
                config.history = 10;
                m_server = new hibiki::RoomServer(config);
                m_server->listen();
                m_url = m_server->baseUrl();
            },
            Qt::BlockingQueuedConnection);
    }
    ~ServerThread()
    {
        QMetaObject::invokeMethod(
            &m_context, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }

    QUrl url() const { return m_url; }
    // Posts `count` messages in-process, in batches so that the server's loop keeps writing.
    void postInProcess(qint64 first, qint64 count)
    {
        QMetaObject::invokeMethod(&m_context, [this, first, count] {
            for (qint64 i = first; i < first + count; ++i) {
                m_server->post(u"bench"_s, QString::number(i));
            }
        });
    }

private:
    QThread m_thread;
    QObject m_context;
    hibiki::RoomServer *m_server = nullptr; // lives in m_thread
    QUrl m_url;
};

std::vector<std::unique_ptr<Subscriber>> subscribe(
    const QUrl &url, int count, const std::function<void(qint64)> &onMessage)
{
    std::vector<std::unique_ptr<Subscriber>> subscribers;
    for (int i = 0; i < count; ++i) {
        subscribers.push_back(std::make_unique<Subscriber>(url, onMessage));
    }
    const bool open = spinUntil(
        [&] {
            return std::all_of(
                subscribers.begin(), subscribers.end(), [](auto &s) { return s->isOpen(); });
        },
        60000);
    if (!open) {
        std::fprintf(stderr, "not every subscriber could connect\n");
    }
    return subscribers;
}

QNetworkReply *post(QNetworkAccessManager &manager, const QUrl &base, qint64 sequence)
{
    QNetworkRequest request(base.resolved(QUrl(u"/messages"_s)));
    request.setRawHeader("Content-Type", "application/json");
    const QByteArray body
        = R"({"user":"bench","content":")" + QByteArray::number(sequence) + R"("})";
    QNetworkReply *reply = manager.post(request, body);
    QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    return reply;
}

void latency(const QUrl &url, int subscriberCount, int posts)
{
    std::vector<Clock::time_point> sentAt(size_t(posts) + 1);
    std::vector<double> samples;
    samples.reserve(size_t(subscriberCount) * size_t(posts));
    int arrivals = 0;
    auto subscribers = subscribe(url, subscriberCount, [&](qint64 sequence) {
        if (sequence >= 1 && sequence <= posts) {
            samples.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - sentAt[size_t(sequence)])
                    .count());
            ++arrivals;
        }
    });
    QNetworkAccessManager manager;
    for (int i = 1; i <= posts; ++i) {
        sentAt[size_t(i)] = Clock::now();
        post(manager, url, i);
        if (!spinUntil([&] { return arrivals >= i * subscriberCount; }, 10000)) {
            std::fprintf(stderr, "latency: post %d did not reach everyone\n", i);
            return;
        }
    }
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) {
        return samples[std::min(samples.size() - 1, size_t(q * double(samples.size())))];
    };
    std::printf(
        "fanout_latency subscribers=%d posts=%d samples=%zu p50_ms=%.2f p99_ms=%.2f max_ms=%.2f\n",
        subscriberCount, posts, samples.size(), at(0.50), at(0.99), samples.back());
}

// A lean HTTP/1.1 load client: one keep-alive connection posting the next message as soon
// as the previous answer is complete. QNetworkAccessManager costs more per request than the
// server does, so it cannot drive the server to its limit.
class Poster
{
public:
    Poster(const QUrl &base, std::function<qint64()> nextSequence)
        : m_host(base.authority().toLatin1())
        , m_next(std::move(nextSequence))
    {
        m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        QObject::connect(&m_socket, &QTcpSocket::connected, [this] { sendNext(); });
        QObject::connect(&m_socket, &QTcpSocket::readyRead, [this] { read(); });
        m_socket.connectToHost(base.host(), quint16(base.port()));
    }

    qint64 answered() const { return m_answered; }
    bool failed() const { return m_failed; }

private:
    void sendNext()
    {
        const qint64 sequence = m_next();
        if (sequence < 0) {
            return;
        }
        const QByteArray body
            = R"({"user":"bench","content":")" + QByteArray::number(sequence) + R"("})";
        m_socket.write("POST /messages HTTP/1.1\r\nHost: " + m_host
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    }

    void read()
    {
        m_buffer += m_socket.readAll();
        for (;;) {
            const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
            if (headEnd < 0) {
                return;
            }
            const QByteArray head = m_buffer.left(headEnd).toLower();
            const qsizetype at = head.indexOf("content-length:");
            const qint64 length = at < 0
                ? 0
                : head.mid(at + 15, head.indexOf('\r', at) - at - 15).trimmed().toLongLong();
            if (m_buffer.size() < headEnd + 4 + length) {
                return;
            }
            if (!head.startsWith("http/1.1 201")) {
                m_failed = true;
            }
            m_buffer.remove(0, headEnd + 4 + length);
            ++m_answered;
            sendNext();
        }
    }

    QTcpSocket m_socket;
    QByteArray m_host;
    std::function<qint64()> m_next;
    QByteArray m_buffer;
    qint64 m_answered = 0;
    bool m_failed = false;
};

void throughputHttp(const QUrl &url, qint64 messages, int connections)
{
    qint64 delivered = 0;
    auto subscribers = subscribe(url, 10, [&](qint64) { ++delivered; });
    qint64 next = 1;
    const auto nextSequence = [&]() -> qint64 { return next <= messages ? next++ : -1; };
    const auto start = Clock::now();
    std::vector<std::unique_ptr<Poster>> posters;
    for (int i = 0; i < connections; ++i) {
        posters.push_back(std::make_unique<Poster>(url, nextSequence));
    }
    if (!spinUntil([&] { return delivered >= messages * 10; }, 300000)) {
        std::fprintf(stderr, "not everything was delivered\n");
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const bool failed
        = std::any_of(posters.begin(), posters.end(), [](auto &p) { return p->failed(); });
    std::printf("http_post_throughput connections=%d subscribers=10 messages=%lld delivered=%lld "
                "seconds=%.2f messages_per_s=%.0f%s\n",
        connections, messages, delivered, seconds, double(messages) / seconds,
        failed ? " (some posts were refused)" : "");
}

void throughputInProcess(ServerThread &server, qint64 messages)
{
    qint64 delivered = 0;
    auto subscribers = subscribe(server.url(), 10, [&](qint64) { ++delivered; });
    const auto start = Clock::now();
    // Keep a bounded window of posted-but-undelivered messages: posting everything at once
    // would queue more than a subscriber may fall behind (1 MiB) and get it cut off.
    const qint64 batch = 250;
    const qint64 window = 1000;
    for (qint64 first = 1; first <= messages; first += batch) {
        if (!spinUntil([&] { return first - 1 - delivered / 10 <= window; }, 60000)) {
            break;
        }
        server.postInProcess(first, std::min(batch, messages - first + 1));
    }
    if (!spinUntil([&] { return delivered >= messages * 10; }, 300000)) {
        std::fprintf(stderr, "not everything was delivered\n");
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("inprocess_post_throughput subscribers=10 messages=%lld delivered=%lld "
                "seconds=%.2f messages_per_s=%.0f\n",
        messages, delivered, seconds, double(messages) / seconds);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({u"subscribers"_s, u"Subscribers for the latency run."_s, u"N"_s, u"500"_s});
    parser.addOption({u"posts"_s, u"Posts in the latency run."_s, u"N"_s, u"200"_s});
    parser.addOption({u"messages"_s, u"Messages in the throughput runs."_s, u"N"_s, u"20000"_s});
    parser.process(app);

    {
        ServerThread server;
        latency(
            server.url(), parser.value(u"subscribers"_s).toInt(), parser.value(u"posts"_s).toInt());
    }
    {
        ServerThread server;
        throughputHttp(server.url(), parser.value(u"messages"_s).toLongLong(), 8);
    }
    {
        ServerThread server;
        throughputInProcess(server, parser.value(u"messages"_s).toLongLong() * 5);
    }
    return 0;
}
