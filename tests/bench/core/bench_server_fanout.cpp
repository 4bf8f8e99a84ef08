// SPDX-License-Identifier: MIT
// Fan-out figures of the Hibiki room server (server/), running in its own thread:
//  1. latency: one POST at a time reaches S subscribers; p50/p99/max from sending the
//     POST to each subscriber parsing the event (default S = 500);
//  2. throughput: messages/s posted over HTTP (8 keep-alive connections) and
//     in-process, until every one of 10 subscribers has received every message;
//  3. slow readers: F fast readers and S readers that take 4 KiB every 100 ms while 1 KiB
//     messages are posted at 50/s: connections held, memory per stream, fan-out p99 to
//     the fast ones, and who the budget of all queues (64 MiB) cuts off.
//
//   bench_server_fanout [--subscribers 500] [--posts 200] [--messages 20000]
//                       [--fast 1000] [--slow 1000] [--slow-posts 300] [--rate 50]
//                       [--bytes 1024]
//                       [--only latency|http|inprocess|slow]
// Linux only (the client side uses epoll).
#include <hibikiserver/roomserver.h>
#include <sseclient/parser.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSocketNotifier>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <ctime>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using Clock = std::chrono::steady_clock;

namespace {

// Runs the event loop until `done` or the deadline, sleeping in poll() while nothing
// happens and waking for every event, so it adds no latency of its own. (Not
// processEvents(flags, ms): that one drops WaitForMoreEvents and spins, which took a whole
// core from the server it measures. Not QTest::qWaitFor either: it sleeps 10 ms between
// looks.)
bool spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    QTimer wake; // a wait without any event still looks at the deadline
    wake.start(50);
    while (!done()) {
        if (Clock::now() >= deadline) {
            return false;
        }
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

// The benchmark's client side shares the two cores with the server, so it must cost far
// less than the server per message, or it is what gets measured. Its sockets are raw
// non-blocking sockets on one epoll set, and the Qt event loop watches only the epoll
// descriptor: one poll() entry for 500 subscribers instead of 500, no QIODevice buffers,
// and each ready socket is read with one recv() per chunk.
class Connection
{
public:
    virtual ~Connection()
    {
        if (m_fd >= 0) {
            ::close(m_fd);
        }
    }
    int fd() const { return m_fd; }
    // The non-blocking connect finished: send the request.
    virtual void onConnected() = 0;
    virtual void onReadable() = 0;

protected:
    // recv() into `buffer` until the socket is drained; calls `consume` for each chunk.
    // False when the connection closed or failed.
    template<typename Consume>
    bool drain(Consume consume)
    {
        char buffer[64 * 1024];
        for (;;) {
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n > 0) {
                consume(QByteArrayView(buffer, qsizetype(n)));
                if (size_t(n) < sizeof buffer) {
                    return true; // drained; epoll (level-triggered) reports what comes next
                }
                continue;
            }
            if (n < 0 && errno == EINTR) {
                continue;
            }
            return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
        }
    }
    bool sendAll(QByteArrayView bytes)
    {
        while (!bytes.isEmpty()) {
            const ssize_t n = ::send(m_fd, bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                return false; // requests are tiny: a full send buffer does not happen here
            }
            bytes = bytes.sliced(qsizetype(n));
        }
        return true;
    }

    int m_fd = -1;
    friend class Reactor;
};

class Reactor
{
public:
    Reactor()
        : m_epoll(::epoll_create1(EPOLL_CLOEXEC))
        , m_notifier(m_epoll, QSocketNotifier::Read)
    {
        QObject::connect(&m_notifier, &QSocketNotifier::activated, [this] { dispatch(); });
    }
    ~Reactor() { ::close(m_epoll); }

    // Starts a non-blocking connect of `connection` to `base`. `receiveBuffer` > 0 sets a
    // small SO_RCVBUF (a slow reader's kernel then holds little for it).
    void open(const QUrl &base, Connection *connection, int receiveBuffer = 0)
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        const int on = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        if (receiveBuffer > 0) {
            ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, sizeof receiveBuffer);
        }
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(quint16(base.port()));
        ::inet_pton(AF_INET, base.host().toLatin1().constData(), &address.sin_addr);
        ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address);
        connection->m_fd = fd;
        epoll_event event {};
        event.events = EPOLLIN | EPOLLOUT;
        event.data.ptr = connection;
        ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
    }

    // Stops watching `connection`: it is read only when its owner asks.
    void mute(Connection *connection)
    {
        ::epoll_ctl(m_epoll, EPOLL_CTL_DEL, connection->fd(), nullptr);
    }

private:
    void dispatch()
    {
        epoll_event events[256];
        const int count = ::epoll_wait(m_epoll, events, 256, 0);
        for (int i = 0; i < count; ++i) {
            auto *connection = static_cast<Connection *>(events[i].data.ptr);
            if (events[i].events & EPOLLOUT) {
                epoll_event event {};
                event.events = EPOLLIN;
                event.data.ptr = connection;
                ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, connection->fd(), &event);
                connection->onConnected();
            }
            if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
                connection->onReadable();
            }
        }
    }

    int m_epoll;
    QSocketNotifier m_notifier;
};

// One subscriber: GET /sse read through sse::Parser.
class Subscriber
    : public Connection
    , public sse::ParserHandler
{
public:
    Subscriber(Reactor &reactor, const QUrl &base, std::function<void(qint64 sequence)> onMessage)
        : m_parser(*this)
        , m_onMessage(std::move(onMessage))
        , m_request("GET /sse HTTP/1.1\r\nHost: " + base.authority().toLatin1()
              + "\r\nAccept: text/event-stream\r\n\r\n")
    {
        reactor.open(base, this);
    }

    bool isOpen() const { return m_headEnded; }
    qint64 received() const { return m_received; }

private:
    void onConnected() override { sendAll(m_request); }

    void onReadable() override
    {
        drain([this](QByteArrayView bytes) {
            if (!m_headEnded) {
                m_head += bytes;
                const qsizetype end = m_head.indexOf("\r\n\r\n");
                if (end < 0) {
                    return;
                }
                m_headEnded = true;
                m_parser.feed(QByteArrayView(m_head).sliced(end + 4));
                m_head.clear();
                return;
            }
            m_parser.feed(bytes);
        });
    }

    void onEvent(const QString &type, const QString &data, const QString &) override
    {
        if (type != "message"_L1) {
            return;
        }
        ++m_received;
        // The benchmark's own messages: the content is the sequence number. A string search
        // instead of a JSON parse keeps the 500 subscribers' own cost out of the figures.
        // The content starts with the sequence number (padding may follow).
        static const QString key = u"\"content\":\""_s;
        const qsizetype at = data.indexOf(key);
        if (at >= 0) {
            const qsizetype begin = at + key.size();
            qsizetype end = begin;
            while (end < data.size() && data.at(end).isDigit()) {
                ++end;
            }
            m_onMessage(QStringView(data).sliced(begin, end - begin).toLongLong());
        }
    }

    sse::Parser m_parser;
    std::function<void(qint64)> m_onMessage;
    QByteArray m_request;
    QByteArray m_head;
    bool m_headEnded = false;
    qint64 m_received = 0;
};

// CPU time (user + system) of the calling thread. The machine is shared, so wall-clock
// figures are noisy; the server thread's CPU time per message is the stable figure.
double threadCpuMs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

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
                config.maxConnections = 5000;
                config.history = 10;
                config.heartbeatMs = 0;
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
    // CPU time the server thread has used so far.
    double cpuMs()
    {
        double ms = 0;
        QMetaObject::invokeMethod(
            &m_context, [&ms] { ms = threadCpuMs(); }, Qt::BlockingQueuedConnection);
        return ms;
    }
    // Posts `count` messages in-process, in batches so that the server's loop keeps writing.
    // Each content is the sequence number, then `padding`.
    void postInProcess(qint64 first, qint64 count, const QString &padding = {})
    {
        QMetaObject::invokeMethod(&m_context, [this, first, count, padding] {
            for (qint64 i = first; i < first + count; ++i) {
                m_server->post(u"bench"_s, QString::number(i) + padding);
            }
        });
    }
    int connectionCount()
    {
        int count = 0;
        QMetaObject::invokeMethod(
            &m_context, [&] { count = m_server->connectionCount(); }, Qt::BlockingQueuedConnection);
        return count;
    }
    hibiki::RoomServer::Statistics statistics()
    {
        hibiki::RoomServer::Statistics stats;
        QMetaObject::invokeMethod(
            &m_context, [&] { stats = m_server->statistics(); }, Qt::BlockingQueuedConnection);
        return stats;
    }

private:
    QThread m_thread;
    QObject m_context;
    hibiki::RoomServer *m_server = nullptr; // lives in m_thread
    QUrl m_url;
};

std::vector<std::unique_ptr<Subscriber>> subscribe(
    Reactor &reactor, const QUrl &url, int count, const std::function<void(qint64)> &onMessage)
{
    std::vector<std::unique_ptr<Subscriber>> subscribers;
    for (int i = 0; i < count; ++i) {
        subscribers.push_back(std::make_unique<Subscriber>(reactor, url, onMessage));
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

void latency(ServerThread &server, int subscriberCount, int posts)
{
    const QUrl url = server.url();
    std::vector<Clock::time_point> sentAt(size_t(posts) + 1);
    std::vector<double> samples;
    samples.reserve(size_t(subscriberCount) * size_t(posts));
    int arrivals = 0;
    Reactor reactor;
    auto subscribers = subscribe(reactor, url, subscriberCount, [&](qint64 sequence) {
        if (sequence >= 1 && sequence <= posts) {
            samples.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - sentAt[size_t(sequence)])
                    .count());
            ++arrivals;
        }
    });
    QNetworkAccessManager manager;
    const double serverCpuStart = server.cpuMs();
    const double clientCpuStart = threadCpuMs();
    for (int i = 1; i <= posts; ++i) {
        sentAt[size_t(i)] = Clock::now();
        post(manager, url, i);
        if (!spinUntil([&] { return arrivals >= i * subscriberCount; }, 10000)) {
            std::fprintf(stderr, "latency: post %d did not reach everyone\n", i);
            return;
        }
    }
    const double serverCpu = server.cpuMs() - serverCpuStart;
    const double clientCpu = threadCpuMs() - clientCpuStart;
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) {
        return samples[std::min(samples.size() - 1, size_t(q * double(samples.size())))];
    };
    std::printf(
        "fanout_latency subscribers=%d posts=%d samples=%zu p50_ms=%.2f p99_ms=%.2f max_ms=%.2f "
        "server_cpu_ms_per_post=%.3f client_cpu_ms_per_post=%.3f\n",
        subscriberCount, posts, samples.size(), at(0.50), at(0.99), samples.back(),
        serverCpu / posts, clientCpu / posts);
}

// A lean HTTP/1.1 load client: one keep-alive connection posting the next message as soon
// as the previous answer is complete. QNetworkAccessManager costs more per request than the
// server does, so it cannot drive the server to its limit.
class Poster : public Connection
{
public:
    Poster(Reactor &reactor, const QUrl &base, std::function<qint64()> nextSequence)
        : m_host(base.authority().toLatin1())
        , m_next(std::move(nextSequence))
    {
        reactor.open(base, this);
    }

    qint64 answered() const { return m_answered; }
    bool failed() const { return m_failed; }

private:
    void onConnected() override { sendNext(); }

    void sendNext()
    {
        const qint64 sequence = m_next();
        if (sequence < 0) {
            return;
        }
        const QByteArray body
            = R"({"user":"bench","content":")" + QByteArray::number(sequence) + R"("})";
        if (!sendAll("POST /messages HTTP/1.1\r\nHost: " + m_host
                + "\r\nContent-Type: application/json\r\nContent-Length: "
                + QByteArray::number(body.size()) + "\r\n\r\n" + body)) {
            m_failed = true;
        }
    }

    void onReadable() override
    {
        if (!drain([this](QByteArrayView bytes) { m_buffer += bytes; })) {
            m_failed = true;
        }
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

    QByteArray m_host;
    std::function<qint64()> m_next;
    QByteArray m_buffer;
    qint64 m_answered = 0;
    bool m_failed = false;
};

void throughputHttp(ServerThread &server, qint64 messages, int connections)
{
    const QUrl url = server.url();
    qint64 delivered = 0;
    Reactor reactor;
    auto subscribers = subscribe(reactor, url, 10, [&](qint64) { ++delivered; });
    const double serverCpuStart = server.cpuMs();
    const double clientCpuStart = threadCpuMs();
    qint64 next = 1;
    const auto nextSequence = [&]() -> qint64 { return next <= messages ? next++ : -1; };
    const auto start = Clock::now();
    std::vector<std::unique_ptr<Poster>> posters;
    for (int i = 0; i < connections; ++i) {
        posters.push_back(std::make_unique<Poster>(reactor, url, nextSequence));
    }
    if (!spinUntil([&] { return delivered >= messages * 10; }, 300000)) {
        std::fprintf(stderr, "not everything was delivered\n");
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double serverCpu = server.cpuMs() - serverCpuStart;
    const double clientCpu = threadCpuMs() - clientCpuStart;
    const bool failed
        = std::any_of(posters.begin(), posters.end(), [](auto &p) { return p->failed(); });
    std::printf("http_post_throughput connections=%d subscribers=10 messages=%lld delivered=%lld "
                "seconds=%.2f messages_per_s=%.0f server_cpu_us_per_post=%.1f "
                "client_cpu_us_per_post=%.1f%s\n",
        connections, messages, delivered, seconds, double(messages) / seconds,
        serverCpu * 1e3 / double(messages), clientCpu * 1e3 / double(messages),
        failed ? " (some posts were refused)" : "");
}

void throughputInProcess(ServerThread &server, qint64 messages)
{
    qint64 delivered = 0;
    Reactor reactor;
    auto subscribers = subscribe(reactor, server.url(), 10, [&](qint64) { ++delivered; });
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

// A reader that reads only when asked, at most so much each time: a slow client.
class SlowReader : public Connection
{
public:
    SlowReader(Reactor &reactor, const QUrl &base)
        : m_reactor(reactor)
        , m_request("GET /sse HTTP/1.1\r\nHost: " + base.authority().toLatin1()
              + "\r\nAccept: text/event-stream\r\n\r\n")
    {
        reactor.open(base, this, 4096);
    }

    bool isOpen() const { return m_headSeen && !m_closed; }
    // Reads up to `bytes`; notices when the server ended the stream.
    void trickle(size_t bytes)
    {
        char buffer[4096];
        while (!m_closed && bytes > 0) {
            const ssize_t n = ::recv(m_fd, buffer, std::min(bytes, sizeof buffer), 0);
            if (n > 0) {
                bytes -= size_t(n);
                continue;
            }
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
                return;
            }
            m_closed = true; // end of file or reset: cut off
        }
    }

private:
    void onConnected() override { sendAll(m_request); }
    void onReadable() override
    {
        // The head, then the reactor forgets it: from now on it reads only in trickle().
        m_headSeen = true;
        trickle(1024);
        m_reactor.mute(this);
    }

    Reactor &m_reactor;
    QByteArray m_request;
    bool m_headSeen = false;
    bool m_closed = false;
};

// Resident memory of this process, in KiB.
long residentKb()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly)) {
        return 0;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').first().toLong();
        }
    }
    return 0;
}

void slowReaders(
    ServerThread &server, int fastCount, int slowCount, int posts, int rate, int messageBytes)
{
    const QUrl url = server.url();
    const long rssBefore = residentKb();
    std::vector<Clock::time_point> sentAt(size_t(posts) + 1);
    std::vector<double> samples;
    samples.reserve(size_t(fastCount) * size_t(posts));
    qint64 arrivals = 0;
    Reactor reactor;
    auto fast = subscribe(reactor, url, fastCount, [&](qint64 sequence) {
        if (sequence >= 1 && sequence <= posts) {
            samples.push_back(
                std::chrono::duration<double, std::milli>(Clock::now() - sentAt[size_t(sequence)])
                    .count());
            ++arrivals;
        }
    });
    std::vector<std::unique_ptr<SlowReader>> slow;
    for (int i = 0; i < slowCount; ++i) {
        slow.push_back(std::make_unique<SlowReader>(reactor, url));
    }
    spinUntil(
        [&] { return std::all_of(slow.begin(), slow.end(), [](auto &s) { return s->isOpen(); }); },
        60000);
    const int held = server.connectionCount();
    const long rssConnected = residentKb();
    long rssPeak = rssConnected;

    QTimer trickle;
    QObject::connect(&trickle, &QTimer::timeout, [&] {
        for (auto &reader : slow) {
            reader->trickle(4096);
        }
        rssPeak = std::max(rssPeak, residentKb());
    });
    trickle.start(100);
    const QString padding = u' ' + QString(std::max(0, messageBytes - 100), u'p');
    const double serverCpuStart = server.cpuMs();
    const auto start = Clock::now();
    for (int i = 1; i <= posts; ++i) {
        // `rate` messages/s: wait for this one's turn, serving the readers meanwhile.
        const auto due = start + std::chrono::microseconds(1000000LL * i / rate);
        spinUntil([&] { return Clock::now() >= due; }, 10000);
        sentAt[size_t(i)] = Clock::now();
        server.postInProcess(i, 1, padding);
    }
    const bool delivered = spinUntil([&] { return arrivals >= qint64(posts) * fastCount; }, 60000);
    const double serverCpu = server.cpuMs() - serverCpuStart;
    const auto stats = server.statistics();
    std::sort(samples.begin(), samples.end());
    const auto at = [&](double q) {
        return samples.empty()
            ? 0.0
            : samples[std::min(samples.size() - 1, size_t(q * double(samples.size())))];
    };
    std::printf("slow_readers fast=%d slow=%d posts=%d rate=%d bytes=%d delivered_to_fast=%s "
                "connections_held=%d "
                "rss_per_stream_kb=%.1f rss_peak_over_connected_mb=%.1f fanout_p50_ms=%.2f "
                "fanout_p99_ms=%.2f fanout_max_ms=%.2f cut_off=%llu "
                "connections_at_end=%d server_cpu_ms_per_post=%.3f\n",
        fastCount, slowCount, posts, rate, messageBytes, delivered ? "all" : "NOT ALL", held,
        double(rssConnected - rssBefore) / double(fastCount + slowCount),
        double(rssPeak - rssConnected) / 1024.0, at(0.50), at(0.99),
        samples.empty() ? 0.0 : samples.back(),
        static_cast<unsigned long long>(stats.clientsCutOff), server.connectionCount(),
        serverCpu / posts);
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // Client and server share this process: two descriptors per connection.
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({u"subscribers"_s, u"Subscribers for the latency run."_s, u"N"_s, u"500"_s});
    parser.addOption({u"posts"_s, u"Posts in the latency run."_s, u"N"_s, u"200"_s});
    parser.addOption({u"messages"_s, u"Messages in the throughput runs."_s, u"N"_s, u"20000"_s});
    parser.addOption({u"fast"_s, u"Fast readers in the slow-reader run."_s, u"N"_s, u"1000"_s});
    parser.addOption({u"slow"_s, u"Slow readers in the slow-reader run."_s, u"N"_s, u"1000"_s});
    parser.addOption({u"slow-posts"_s, u"Messages in the slow-reader run."_s, u"N"_s, u"300"_s});
    parser.addOption(
        {u"rate"_s, u"Messages per second in the slow-reader run."_s, u"N"_s, u"50"_s});
    parser.addOption({u"bytes"_s, u"Message size in the slow-reader run."_s, u"N"_s, u"1024"_s});
    parser.addOption(
        {u"only"_s, u"Run one part only: latency, http, inprocess or slow."_s, u"PART"_s});
    parser.process(app);
    const QString only = parser.value(u"only"_s);
    const auto runs = [&](QLatin1StringView part) { return only.isEmpty() || only == part; };

    if (runs("latency"_L1)) {
        ServerThread server;
        latency(server, parser.value(u"subscribers"_s).toInt(), parser.value(u"posts"_s).toInt());
    }
    if (runs("http"_L1)) {
        ServerThread server;
        throughputHttp(server, parser.value(u"messages"_s).toLongLong(), 8);
    }
    if (runs("inprocess"_L1)) {
        ServerThread server;
        throughputInProcess(server, parser.value(u"messages"_s).toLongLong() * 5);
    }
    if (runs("slow"_L1)) {
        ServerThread server;
        slowReaders(server, parser.value(u"fast"_s).toInt(), parser.value(u"slow"_s).toInt(),
            parser.value(u"slow-posts"_s).toInt(), std::max(1, parser.value(u"rate"_s).toInt()),
            parser.value(u"bytes"_s).toInt());
    }
    return 0;
}
