// SPDX-License-Identifier: MIT
#include "httpadapter.h"

#include "jsonwriter.h"

#include <QHttpServerRequest>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>

#if QT_CONFIG(ssl)
#include <QSslSocket>
#endif

#include <algorithm>
#include <optional>

#include <cerrno>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace http {

QByteArray header(const QHttpServerRequest &request, QByteArrayView name)
{
    // A hash lookup in Qt 6.4 (by the lower-cased name); headers() would copy them all.
    return request.value(name.toByteArray());
}

bool hasHeader(const QHttpServerRequest &request, QByteArrayView name)
{
    const auto headers = request.headers();
    return std::any_of(headers.cbegin(), headers.cend(),
        [name](const auto &entry) { return entry.first.compare(name, Qt::CaseInsensitive) == 0; });
}

QByteArray errorJson(const QString &message)
{
    QByteArray json = "{\"error\":";
    json::appendString(json, message);
    json += '}';
    return json;
}

} // namespace http

namespace {

// Connections answered 503 (room full) that linger at once; past this they are just closed.
constexpr int MaxRejecting = 64;
// Connections accepted per wake-up of the listening socket, so that a flood of connections
// cannot starve the streams already open.
constexpr int AcceptsPerWake = 64;
// Out of descriptors: excess connections shed per wake-up, and the back-off after that.
constexpr int ShedPerWake = 16;
constexpr int FirstBackOffMs = 10;
constexpr int MaxBackOffMs = 250;
// A request head that arrives whole is looked at in a buffer of this size on the stack.
constexpr qsizetype StackHeadBytes = 8 * 1024;
// A chunked body is counted with its chunk framing: allow for it on top of maxBodyBytes.
constexpr qint64 ChunkFramingAllowance = 16 * 1024;
// The methods Qt 6.4's http_parser knows; it fails on any other, and Qt then leaves the
// connection open with every signal disconnected.
constexpr QByteArrayView KnownMethods[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS",
    "PATCH", "TRACE", "COPY", "LOCK", "MKCOL", "MOVE", "PROPFIND", "PROPPATCH", "SEARCH", "UNLOCK",
    "BIND", "REBIND", "UNBIND", "ACL", "REPORT", "MKACTIVITY", "CHECKOUT", "MERGE", "M-SEARCH",
    "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE", "PURGE", "MKCALENDAR", "LINK", "UNLINK"};

// Clients that write a request in two pieces (QNetworkAccessManager sends the head, then
// the body) with Nagle's algorithm on hold the body back until the head is acknowledged,
// and Linux delays that ACK by up to 40 ms on a kept-alive connection. Acknowledging as
// soon as the bytes are read turns a 40 ms POST into a sub-millisecond one.
void acknowledgeNow(QTcpSocket *socket)
{
#if defined(TCP_QUICKACK)
    const int on = 1;
    ::setsockopt(int(socket->socketDescriptor()), IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
#else
    Q_UNUSED(socket);
#endif
}

QByteArray statusLine(http::Status status)
{
    QByteArray line = "HTTP/1.1 ";
    line += QByteArray::number(int(status));
    line += ' ';
    line += HttpAdapter::reasonPhrase(status);
    line += "\r\n";
    return line;
}

void appendHeaders(QByteArray &out, http::Headers headers)
{
    for (const auto &[name, value] : headers) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
}

QByteArray jsonAnswer(
    http::Status status, QByteArrayView json, http::Headers extraHeaders, bool closeAfter)
{
    QByteArray out;
    out.reserve(192 + json.size());
    out += statusLine(status);
    out += "Content-Type: application/json\r\nContent-Length: ";
    out += QByteArray::number(json.size());
    out += "\r\nCache-Control: no-store\r\n";
    appendHeaders(out, extraHeaders);
    if (closeAfter) {
        out += "Connection: close\r\n";
    }
    out += "\r\n";
    out += json;
    return out;
}

bool isTokenChar(char c)
{
    // RFC 9110 tchar.
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

// What the adapter needs to know of a complete request head, or why it is refused.
struct HeadCheck
{
    http::Status refusal = http::Status::Ok; // Ok: acceptable
    QString reason;
    bool closeAfter = false; // HTTP/1.0 or Connection: close
    bool chunked = false;
    qint64 contentLength = 0;
    bool expectContinue = false;
};

HeadCheck refuse(http::Status status, const QString &reason)
{
    HeadCheck check;
    check.refusal = status;
    check.reason = reason;
    return check;
}

bool hasListToken(QByteArrayView value, QByteArrayView token)
{
    while (!value.isEmpty()) {
        const qsizetype comma = value.indexOf(',');
        const QByteArrayView item = (comma < 0 ? value : value.first(comma)).trimmed();
        if (item.compare(token, Qt::CaseInsensitive) == 0) {
            return true;
        }
        value = comma < 0 ? QByteArrayView() : value.sliced(comma + 1);
    }
    return false;
}

// The next line of a head from `*at` (without its CR LF), advancing `*at` past it.
QByteArrayView nextLine(QByteArrayView head, qsizetype *at)
{
    qsizetype end = head.indexOf('\n', *at);
    if (end < 0) {
        end = head.size();
    }
    QByteArrayView line = head.sliced(*at, end - *at);
    if (line.endsWith('\r')) {
        line.chop(1);
    }
    *at = end + 1;
    return line;
}

// Checks a complete head (request line and header lines, without the blank line) for what
// Qt's parser would refuse or the room does not take. Strict where http_parser is lenient
// about framing (Content-Length with Transfer-Encoding, differing lengths), as request
// smuggling defences are.
HeadCheck checkHead(QByteArrayView head, const HttpLimits &limits)
{
    qsizetype at = 0;
    // Request line: METHOD SP request-target SP HTTP-version.
    const QByteArrayView requestLine = nextLine(head, &at);
    const qsizetype firstSpace = requestLine.indexOf(' ');
    const qsizetype lastSpace = requestLine.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace <= firstSpace + 1) {
        return refuse(http::Status::BadRequest, u"malformed request line"_s);
    }
    const QByteArrayView method = requestLine.first(firstSpace);
    const QByteArrayView target = requestLine.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = requestLine.sliced(lastSpace + 1);
    if (target.size() > limits.maxUrlBytes) {
        return refuse(http::Status::UriTooLong,
            u"the request target is longer than %1 bytes"_s.arg(limits.maxUrlBytes));
    }
    if (!isToken(method)
        || std::none_of(std::begin(KnownMethods), std::end(KnownMethods),
            [method](QByteArrayView known) { return known == method; })) {
        return refuse(http::Status::BadRequest, u"unknown method"_s);
    }
    if (method == "CONNECT") {
        return refuse(http::Status::BadRequest, u"CONNECT is not supported"_s);
    }
    const bool targetOk
        = std::all_of(target.begin(), target.end(), [](char c) { return c > 0x20 && c < 0x7f; });
    if (!targetOk) {
        return refuse(http::Status::BadRequest, u"malformed request target"_s);
    }
    HeadCheck check;
    if (version == "HTTP/1.0") {
        check.closeAfter = true; // no keep-alive for HTTP/1.0 clients
    } else if (version != "HTTP/1.1") {
        return refuse(http::Status::BadRequest, u"only HTTP/1.0 and HTTP/1.1 are spoken here"_s);
    }
    int hosts = 0;
    bool upgrade = false;
    bool hasContentLength = false;
    bool hasTransferEncoding = false;
    while (at <= head.size()) {
        const QByteArrayView line = nextLine(head, &at);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.first(colon))) {
            // Also obsolete line folding (a line starting with white space).
            return refuse(http::Status::BadRequest, u"malformed header line"_s);
        }
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        const bool valueOk = std::all_of(value.begin(), value.end(), [](char c) {
            const auto byte = static_cast<unsigned char>(c);
            return byte >= 0x20 ? byte != 0x7f : byte == '\t';
        });
        if (!valueOk) {
            return refuse(http::Status::BadRequest, u"control character in a header"_s);
        }
        if (name.compare("host", Qt::CaseInsensitive) == 0) {
            ++hosts;
        } else if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            const bool digits = !value.isEmpty() && value.size() <= 18
                && std::all_of(
                    value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
            if (!digits) {
                return refuse(http::Status::BadRequest, u"malformed Content-Length"_s);
            }
            const qint64 length = value.toLongLong();
            if (hasContentLength && length != check.contentLength) {
                return refuse(http::Status::BadRequest, u"conflicting Content-Length"_s);
            }
            hasContentLength = true;
            check.contentLength = length;
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            if (hasTransferEncoding || value.compare("chunked", Qt::CaseInsensitive) != 0) {
                return refuse(http::Status::BadRequest, u"only Transfer-Encoding: chunked"_s);
            }
            hasTransferEncoding = true;
            check.chunked = true;
        } else if (name.compare("connection", Qt::CaseInsensitive) == 0) {
            if (hasListToken(value, "close")) {
                check.closeAfter = true;
            }
            if (hasListToken(value, "upgrade")) {
                upgrade = true;
            }
        } else if (name.compare("expect", Qt::CaseInsensitive) == 0) {
            check.expectContinue = value.compare("100-continue", Qt::CaseInsensitive) == 0;
        }
    }
    if (hasContentLength && hasTransferEncoding) {
        return refuse(http::Status::BadRequest, u"Content-Length and Transfer-Encoding together"_s);
    }
    if (hosts > 1 || (hosts == 0 && version == "HTTP/1.1")) {
        return refuse(http::Status::BadRequest, u"an HTTP/1.1 request needs one Host header"_s);
    }
    if (upgrade) {
        // Qt 6.4 would drop the connection (and log a warning for each such request).
        return refuse(http::Status::BadRequest, u"protocol upgrades are not supported"_s);
    }
    if (check.contentLength > limits.maxBodyBytes) {
        return refuse(
            http::Status::PayloadTooLarge, u"body exceeds %1 bytes"_s.arg(limits.maxBodyBytes));
    }
    return check;
}

// Where the blank line that ends a head begins, searching from `from`; -1 when not yet.
// Returns the index just past the blank line in `end`.
qsizetype findHeadEnd(QByteArrayView buffered, qsizetype from, qsizetype *end)
{
    for (qsizetype at = buffered.indexOf('\n', from); at >= 0;
         at = buffered.indexOf('\n', at + 1)) {
        if (at + 1 < buffered.size() && buffered.at(at + 1) == '\n') {
            *end = at + 2;
            return at;
        }
        if (at + 2 < buffered.size() && buffered.at(at + 1) == '\r'
            && buffered.at(at + 2) == '\n') {
            *end = at + 3;
            return at;
        }
    }
    return -1;
}

} // namespace

// The listening socket. QTcpServer::listen() creates and binds it; accepting is done here
// (see the top of httpadapter.h), so Qt's own accept loop stays paused for good.
class HttpAdapter::Listener : public QTcpServer
{
public:
    explicit Listener(HttpAdapter *adapter)
        : QTcpServer(adapter)
        , m_adapter(adapter)
    {
        m_resume.setSingleShot(true);
        QObject::connect(&m_resume, &QTimer::timeout, this, [this] { resume(); });
    }

    ~Listener() override { stop(); }

    bool start(const QHostAddress &address, quint16 port)
    {
        if (!QTcpServer::listen(address, port)) {
            return false;
        }
        // Qt's accept loop stays paused for good (see nextPendingConnection()).
        pauseAccepting();
        m_spare = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        m_notifier = new QSocketNotifier(socketDescriptor(), QSocketNotifier::Read, this);
        QObject::connect(m_notifier, &QSocketNotifier::activated, this, [this] { acceptAll(); });
        return true;
    }

    void stop()
    {
        delete m_notifier;
        m_notifier = nullptr;
        m_resume.stop();
        if (m_spare >= 0) {
            ::close(m_spare);
            m_spare = -1;
        }
        QTcpServer::close();
    }

    // A connection is ready for Qt: addPendingConnection() emits pendingConnectionAvailable,
    // on which QAbstractHttpServer 6.4 takes it through nextPendingConnection().
    void offer(QTcpSocket *socket) { addPendingConnection(socket); }

    QTcpSocket *nextPendingConnection() override
    {
        QTcpSocket *socket = QTcpServer::nextPendingConnection();
        // QTcpServer enables its own accept loop again here; accepting stays ours.
        pauseAccepting();
        return socket;
    }

    // A connection closed: if accepting was paused for want of descriptors, try again now.
    void descriptorFreed()
    {
        if (m_resume.isActive()) {
            m_resume.stop();
            resume();
        }
    }

private:
    void resume()
    {
        if (m_notifier) {
            m_notifier->setEnabled(true);
            acceptAll();
        }
    }

    void acceptAll()
    {
        for (int i = 0; i < AcceptsPerWake && m_notifier; ++i) {
            const int descriptor = ::accept4(
                int(socketDescriptor()), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (descriptor >= 0) {
                m_backOffMs = 0;
                m_adapter->adopt(descriptor);
                continue;
            }
            switch (errno) {
            case EINTR:
            case ECONNABORTED:
                continue; // that one is gone; the next may be there
            case EAGAIN:
#if EAGAIN != EWOULDBLOCK
            case EWOULDBLOCK:
#endif
                return; // all taken: wait for the next wake-up
            case EMFILE:
            case ENFILE:
                shed();
                backOff();
                return;
            default:
                // ENOBUFS, ENOMEM and the unexpected: never spin on them.
                backOff();
                return;
            }
        }
    }

    // Out of descriptors, the first waiting connection keeps the listening socket readable,
    // so poll() would return at once, forever: the busy loop. The spare descriptor makes
    // room to accept a few and close them at once (with a 503 for those that read it).
    void shed()
    {
        static constexpr QByteArrayView busy = "HTTP/1.1 503 Service Unavailable\r\n"
                                               "Content-Type: application/json\r\n"
                                               "Content-Length: 36\r\n"
                                               "Retry-After: 5\r\n"
                                               "Connection: close\r\n\r\n"
                                               "{\"error\":\"the server is overloaded\"}";
        static_assert(QByteArrayView("{\"error\":\"the server is overloaded\"}").size() == 36);
        for (int i = 0; i < ShedPerWake && m_spare >= 0; ++i) {
            ::close(m_spare);
            const int descriptor = ::accept4(
                int(socketDescriptor()), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (descriptor >= 0) {
                if (!m_adapter->m_encrypted) { // a TLS client could not read it
                    [[maybe_unused]] const auto sent = ::send(
                        descriptor, busy.data(), size_t(busy.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
                }
                ::close(descriptor);
                ++m_adapter->m_stats.shed;
            }
            m_spare = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
            if (descriptor < 0) {
                break;
            }
        }
    }

    void backOff()
    {
        m_backOffMs = std::clamp(m_backOffMs * 2, FirstBackOffMs, MaxBackOffMs);
        m_notifier->setEnabled(false);
        m_resume.start(m_backOffMs);
    }

    HttpAdapter *m_adapter;
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_resume;
    int m_backOffMs = 0;
    int m_spare = -1; // a descriptor kept open to be given up when out of descriptors
};

// HttpConnection

HttpConnection::HttpConnection(
    QTcpSocket *socket, HttpAdapter *adapter, bool plain, bool closeAfter)
    : m_socket(socket)
    , m_adapter(adapter)
    , m_plain(plain)
    , m_closeAfter(closeAfter)
{ }

bool HttpConnection::isOpen() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void HttpConnection::replyJson(http::Status status, QByteArrayView json, http::Headers extraHeaders)
{
    sendAnswer(jsonAnswer(status, json, extraHeaders, m_closeAfter));
}

void HttpConnection::replyError(
    http::Status status, const QString &message, http::Headers extraHeaders)
{
    replyJson(status, http::errorJson(message), extraHeaders);
}

void HttpConnection::replyEmpty(http::Status status, http::Headers extraHeaders)
{
    QByteArray out = statusLine(status);
    if (status != http::Status::NoContent) {
        out += "Content-Length: 0\r\n";
    }
    out += "Cache-Control: no-store\r\n";
    appendHeaders(out, extraHeaders);
    if (m_closeAfter) {
        out += "Connection: close\r\n";
    }
    out += "\r\n";
    sendAnswer(out);
}

QByteArray HttpConnection::startEventStream(http::Headers extraHeaders)
{
    if (m_adapter && m_socket) {
        m_adapter->becameStream(m_socket);
    }
    // No Content-Length and no chunking: the body runs until the connection closes, which
    // HTTP/1.1 allows only with Connection: close.
    QByteArray head = "HTTP/1.1 200 OK\r\n"
                      "Content-Type: text/event-stream; charset=utf-8\r\n"
                      "Cache-Control: no-store\r\n"
                      "X-Accel-Buffering: no\r\n"_ba;
    appendHeaders(head, extraHeaders);
    head += "Connection: close\r\n\r\n";
    return head;
}

void HttpConnection::sendAnswer(const QByteArray &answer)
{
    if (!isOpen()) {
        return;
    }
    write(answer);
    if (m_adapter) {
        m_adapter->answered(m_socket, m_closeAfter);
    }
}

void HttpConnection::write(QByteArrayView bytes)
{
    if (bytes.isEmpty() || !m_socket) {
        return;
    }
#if defined(MSG_NOSIGNAL)
    // Only with an empty queue: bytes sent now must not overtake bytes Qt still holds.
    if (m_plain && m_socket->bytesToWrite() == 0
        && m_socket->state() == QAbstractSocket::ConnectedState) {
        const int fd = int(m_socket->socketDescriptor());
        while (fd >= 0 && !bytes.isEmpty()) {
            const ssize_t sent
                = ::send(fd, bytes.data(), size_t(bytes.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (sent > 0) {
                bytes = bytes.sliced(qsizetype(sent));
            } else if (!(sent < 0 && errno == EINTR)) {
                break; // full (EAGAIN) or failed: QTcpSocket takes over below
            }
        }
        if (bytes.isEmpty()) {
            return;
        }
    }
#endif
    m_socket->write(bytes.data(), bytes.size());
}

void HttpConnection::write(const QList<QByteArray> &pieces)
{
    if (pieces.size() == 1) {
        write(QByteArrayView(pieces.first()));
        return;
    }
    if (pieces.isEmpty() || !m_socket) {
        return;
    }
    qsizetype first = 0; // the first piece not (completely) sent
    qint64 offset = 0; // bytes of it already sent
    if (m_plain && m_socket->bytesToWrite() == 0
        && m_socket->state() == QAbstractSocket::ConnectedState) {
        const int fd = int(m_socket->socketDescriptor());
        constexpr qsizetype MaxPieces = 64; // per sendmsg(); well below IOV_MAX
        while (fd >= 0 && first < pieces.size()) {
            iovec vectors[MaxPieces];
            int count = 0;
            for (qsizetype i = first; i < pieces.size() && count < MaxPieces; ++i, ++count) {
                const qint64 skip = i == first ? offset : 0;
                vectors[count].iov_base = const_cast<char *>(pieces.at(i).constData() + skip);
                vectors[count].iov_len = size_t(pieces.at(i).size() - skip);
            }
            msghdr message {};
            message.msg_iov = vectors;
            message.msg_iovlen = size_t(count);
            const ssize_t sent = ::sendmsg(fd, &message, MSG_NOSIGNAL | MSG_DONTWAIT);
            if (sent < 0 && errno == EINTR) {
                continue;
            }
            if (sent <= 0) {
                break; // full (EAGAIN) or failed: QTcpSocket takes over below
            }
            qint64 left = sent;
            while (left > 0) {
                const qint64 rest = pieces.at(first).size() - offset;
                if (left >= rest) {
                    left -= rest;
                    ++first;
                    offset = 0;
                } else {
                    offset += left;
                    left = 0;
                }
            }
        }
    }
    for (qsizetype i = first; i < pieces.size(); ++i) {
        const qint64 skip = i == first ? offset : 0;
        m_socket->write(pieces.at(i).constData() + skip, pieces.at(i).size() - skip);
    }
}

// HttpAdapter

HttpAdapter::HttpAdapter(Handler handler, const HttpLimits &limits, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_handler(std::move(handler))
    , m_limits(limits)
{
    m_clock.start();
    // Deadlines are checked by one sweep rather than a timer per connection; a quarter of
    // the shortest timeout keeps them within 25 %.
    const int shortest = std::min({m_limits.headTimeoutMs, m_limits.bodyTimeoutMs,
        m_limits.keepAliveTimeoutMs, m_limits.lingerMs});
    m_sweep.setInterval(std::clamp(shortest / 4, 10, 1000));
    connect(&m_sweep, &QTimer::timeout, this, &HttpAdapter::sweep);
}

HttpAdapter::~HttpAdapter()
{
    shutdown();
    // The listener's sockets go with it, while this object's members still exist.
    delete m_listener;
}

#if QT_CONFIG(ssl)
void HttpAdapter::setTlsConfiguration(const QSslConfiguration &configuration)
{
    m_tls = configuration;
    m_encrypted = true;
}
#endif

bool HttpAdapter::listen(const QHostAddress &address, quint16 port)
{
    auto listener = new Listener(this);
    if (!listener->start(address, port)) {
        m_error = u"cannot listen on %1 port %2: %3"_s.arg(address.toString())
                      .arg(port)
                      .arg(listener->errorString());
        delete listener;
        return false;
    }
    bind(listener);
    m_listener = listener;
    m_sweep.start();
    return true;
}

quint16 HttpAdapter::port() const
{
    return m_listener ? m_listener->serverPort() : 0;
}

void HttpAdapter::shutdown()
{
    m_sweep.stop();
    if (!m_listener) {
        return;
    }
    m_listener->stop();
    const auto connections = m_connections;
    for (const Connection &connection : connections) {
        if (QTcpSocket *socket = connection.socket) {
            socket->flush();
            socket->disconnectFromHost();
        }
    }
}

QByteArrayView HttpAdapter::reasonPhrase(http::Status status)
{
    switch (status) {
    case http::Status::Ok:
        return "OK";
    case http::Status::Created:
        return "Created";
    case http::Status::NoContent:
        return "No Content";
    case http::Status::BadRequest:
        return "Bad Request";
    case http::Status::Unauthorized:
        return "Unauthorized";
    case http::Status::Forbidden:
        return "Forbidden";
    case http::Status::NotFound:
        return "Not Found";
    case http::Status::MethodNotAllowed:
        return "Method Not Allowed";
    case http::Status::RequestTimeout:
        return "Request Timeout";
    case http::Status::PayloadTooLarge:
        return "Payload Too Large";
    case http::Status::UriTooLong:
        return "URI Too Long";
    case http::Status::UnsupportedMediaType:
        return "Unsupported Media Type";
    case http::Status::MisdirectedRequest:
        return "Misdirected Request";
    case http::Status::RequestHeaderFieldsTooLarge:
        return "Request Header Fields Too Large";
    case http::Status::InternalServerError:
        return "Internal Server Error";
    case http::Status::ServiceUnavailable:
        return "Service Unavailable";
    }
    return "Unknown";
}

void HttpAdapter::adopt(int descriptor)
{
    ++m_stats.accepted;
    const bool full = connectionCount() - m_rejecting >= m_limits.maxConnections;
    if (full && (m_rejecting >= MaxRejecting || m_encrypted)) {
        ++m_stats.rejectedFull;
        ::close(descriptor);
        return;
    }
    QTcpSocket *socket = nullptr;
#if QT_CONFIG(ssl)
    if (m_encrypted) {
        socket = new QSslSocket(m_listener);
    }
#endif
    if (!socket) {
        socket = new QTcpSocket(m_listener);
    }
    if (!socket->setSocketDescriptor(descriptor)) {
        ::close(descriptor);
        delete socket;
        return;
    }
    // Small SSE frames and JSON answers must leave at once: Nagle's algorithm with delayed
    // ACKs would add up to 40 ms to a message's way to its subscribers.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    Connection connection;
    connection.socket = socket;
    connection.plain = !m_encrypted;
    connection.state = m_encrypted ? State::Handshake : State::ReadingHead;
    connection.deadline = now() + m_limits.headTimeoutMs;
    m_connections.insert(socket, connection);
    // Context m_listener, not this: detachFromQt() removes the slots of this object (Qt's).
    connect(socket, &QTcpSocket::readyRead, m_listener, [this, socket] { onReadyRead(socket); });
    connect(
        socket, &QTcpSocket::bytesWritten, m_listener, [this, socket] { onBytesWritten(socket); });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    connect(socket, &QObject::destroyed, m_listener, [this, socket] { forget(socket); });

    if (full) {
        ++m_stats.rejectedFull;
        ++m_rejecting;
        Connection &rejected = m_connections[socket];
        rejected.closeAfter = true;
        rejected.rejected = true;
        answerEarly(rejected, http::Status::ServiceUnavailable, u"the server is full"_s);
        return;
    }
#if QT_CONFIG(ssl)
    if (auto ssl = qobject_cast<QSslSocket *>(socket)) {
        ssl->setSslConfiguration(m_tls);
        connect(ssl, &QSslSocket::encrypted, m_listener, [this, ssl] {
            const auto it = m_connections.find(ssl);
            if (it == m_connections.end()) {
                return;
            }
            it->state = State::ReadingHead;
            handToQt(ssl);
        });
        // A failed handshake (a plain HTTP client, an untrusting peer): nothing to answer.
        connect(ssl, &QAbstractSocket::errorOccurred, m_listener, [this, ssl] {
            const auto it = m_connections.find(ssl);
            if (it != m_connections.end() && it->state == State::Handshake) {
                ssl->abort();
            }
        });
        ssl->startServerEncryption();
        return;
    }
#endif
    handToQt(socket);
}

void HttpAdapter::handToQt(QTcpSocket *socket)
{
    m_connections[socket].handedToQt = true;
    m_listener->offer(socket);
}

void HttpAdapter::onReadyRead(QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end() || socket->state() != QAbstractSocket::ConnectedState) {
        return;
    }
    Connection &connection = *it;
    // Runs before Qt's parser (see the top of the header): bytesAvailable() is what has just
    // arrived, Qt's parser has read everything before it in its transaction.
    const qint64 available = socket->bytesAvailable();
    switch (connection.state) {
    case State::Streaming:
    case State::Lingering:
        discardInput(connection);
        return;
    case State::Handshake:
    case State::WithQt:
        return;
    case State::Idle:
        connection.state = State::ReadingHead;
        connection.deadline = now() + m_limits.headTimeoutMs;
        [[fallthrough]];
    case State::ReadingHead:
        readHead(connection, available);
        break;
    case State::ReadingBody:
        connection.bodyReceived += available;
        if (connection.bodyExpected < 0) {
            if (connection.bodyReceived > m_limits.maxBodyBytes + ChunkFramingAllowance) {
                answerEarly(connection, http::Status::PayloadTooLarge,
                    u"body exceeds %1 bytes"_s.arg(m_limits.maxBodyBytes));
            }
        } else if (connection.bodyReceived >= connection.bodyExpected) {
            connection.state = State::WithQt;
        }
        break;
    }
    // A whole request is answered at once, and the answer carries the ACK: the setsockopt()
    // is only needed while the client still has to send the rest.
    if (connection.state == State::ReadingHead || connection.state == State::ReadingBody) {
        acknowledgeNow(socket);
    }
}

void HttpAdapter::readHead(Connection &connection, qint64 available)
{
    QTcpSocket *socket = connection.socket;
    const qsizetype before = connection.head.size();
    // Empty lines before a request line are ignored (RFC 9112, 2.2).
    const auto requestStart = [](QByteArrayView bytes) {
        qsizetype start = 0;
        while (start < bytes.size() && (bytes.at(start) == '\r' || bytes.at(start) == '\n')) {
            ++start;
        }
        return start;
    };
    qsizetype end = -1;
    qsizetype blank = -1;
    QByteArrayView buffered;
    // The usual case, a whole head in one chunk, is looked at on the stack.
    char stack[StackHeadBytes];
    if (before == 0) {
        const qint64 take
            = std::min({available, qint64(sizeof stack), m_limits.maxHeaderBytes + 4});
        const qint64 peeked = socket->peek(stack, take);
        buffered = QByteArrayView(stack, qsizetype(std::max<qint64>(0, peeked)));
        blank = findHeadEnd(buffered, requestStart(buffered), &end);
    }
    if (blank < 0) {
        // Only the head is kept (at most maxHeaderBytes and the blank line), never a body.
        const qint64 room = std::max<qint64>(0, m_limits.maxHeaderBytes + 4 - before);
        const qint64 take = std::min(available, room);
        connection.head.resize(before + qsizetype(take));
        const qint64 peeked = socket->peek(connection.head.data() + before, take);
        connection.head.resize(before + qsizetype(std::max<qint64>(0, peeked)));
        buffered = QByteArrayView(connection.head);
        blank = findHeadEnd(buffered, std::max(requestStart(buffered), before - 3), &end);
    }
    const qsizetype start = requestStart(buffered);
    if (blank < 0) {
        const qsizetype lineEnd = buffered.indexOf('\n', start);
        if (lineEnd < 0 && buffered.size() - start > m_limits.maxUrlBytes + 32) {
            answerEarly(connection, http::Status::UriTooLong,
                u"the request target is longer than %1 bytes"_s.arg(m_limits.maxUrlBytes));
        } else if (buffered.size() > m_limits.maxHeaderBytes) {
            answerEarly(connection, http::Status::RequestHeaderFieldsTooLarge,
                u"the request head is larger than %1 bytes"_s.arg(m_limits.maxHeaderBytes));
        }
        return;
    }
    const HeadCheck check = checkHead(buffered.sliced(start, blank - start), m_limits);
    if (check.refusal != http::Status::Ok) {
        answerEarly(connection, check.refusal, check.reason);
        return;
    }
    connection.closeAfter = check.closeAfter;
    const qint64 bodyInThisChunk = before + available - end;
    connection.head.clear();
    connection.bodyReceived = bodyInThisChunk;
    connection.bodyExpected = check.chunked ? -1 : check.contentLength;
    if (!check.chunked && bodyInThisChunk >= check.contentLength) {
        connection.state = State::WithQt;
        // Qt's parser calls handleRequest() in this very emission. If it refuses what
        // checkHead() let through, the sweep closes the connection after this deadline.
        connection.deadline = now() + 1000;
        return;
    }
    connection.state = State::ReadingBody;
    connection.deadline = now() + m_limits.bodyTimeoutMs;
    // Qt 6.4 ignores `Expect: 100-continue`: the interim answer goes out here, once the head
    // has arrived alone and the body is acceptable.
    if (check.expectContinue && bodyInThisChunk == 0) {
        socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    }
}

void HttpAdapter::onBytesWritten(QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it != m_connections.end() && it->state == State::Lingering && !it->shutDown
        && socket->bytesToWrite() == 0) {
        linger(*it);
    }
}

bool HttpAdapter::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end() || socket->state() != QAbstractSocket::ConnectedState) {
        return true;
    }
    // Already answered (early) or a stream: nothing more to say.
    if (it->state == State::Lingering || it->state == State::Streaming) {
        return true;
    }
    it->state = State::WithQt;
    it->deadline = 0;
    m_handler(request, HttpConnection(socket, this, it->plain, it->closeAfter));
    return true;
}

void HttpAdapter::missingHandler(const QHttpServerRequest &, QTcpSocket *socket)
{
    // handleRequest() answers everything; kept for completeness of the interface.
    const auto it = m_connections.find(socket);
    if (it != m_connections.end()) {
        answerEarly(*it, http::Status::NotFound, u"not found"_s);
    }
}

void HttpAdapter::answered(QTcpSocket *socket, bool closeAfter)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->state == State::Streaming
        || it->state == State::Lingering) {
        return;
    }
    if (closeAfter) {
        detachFromQt(socket);
        linger(*it);
        return;
    }
    it->state = State::Idle;
    it->deadline = now() + m_limits.keepAliveTimeoutMs;
}

void HttpAdapter::becameStream(QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end()) {
        return;
    }
    it->state = State::Streaming;
    it->deadline = 0;
    detachFromQt(socket);
}

void HttpAdapter::answerEarly(Connection &connection, http::Status status, const QString &message)
{
    QTcpSocket *socket = connection.socket;
    ++m_stats.earlyAnswers;
    detachFromQt(socket);
    HttpConnection(socket, nullptr, connection.plain, true)
        .write(jsonAnswer(status, http::errorJson(message),
            status == http::Status::ServiceUnavailable ? http::Headers {{"Retry-After", "5"}}
                                                       : http::Headers {},
            true));
    linger(connection);
}

void HttpAdapter::linger(Connection &connection)
{
    QTcpSocket *socket = connection.socket;
    if (connection.state != State::Lingering) {
        connection.state = State::Lingering;
        connection.deadline = now() + m_limits.lingerMs;
        connection.discarded = 0;
        connection.head = QByteArray();
    }
    discardInput(connection);
    if (!socket || socket->state() != QAbstractSocket::ConnectedState) {
        return;
    }
    // Once the answer has left, the sending side is shut down: the client reads the answer
    // and then end-of-file, while what it still sends is read here and dropped (closing with
    // unread data would send a reset, which may destroy the answer before it is read).
    if (socket->bytesToWrite() == 0 && !connection.shutDown) {
        connection.shutDown = true;
        if (connection.plain) {
            ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
        } else {
            socket->disconnectFromHost(); // TLS: close_notify; Qt closes after it
        }
    }
}

void HttpAdapter::detachFromQt(QTcpSocket *socket)
{
    if (!socket) {
        return;
    }
    // Qt's parser slot has this object as its context (ours have the listener).
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    if (socket->isTransactionStarted()) {
        socket->commitTransaction();
    }
}

void HttpAdapter::discardInput(Connection &connection)
{
    QTcpSocket *socket = connection.socket;
    if (!socket) {
        return;
    }
    const qint64 available = socket->bytesAvailable();
    if (available > 0) {
        socket->skip(available);
        connection.discarded += available;
    }
    if (connection.discarded > m_limits.lingerBytes) {
        socket->abort();
    }
}

void HttpAdapter::forget(QTcpSocket *socket)
{
    const auto it = m_connections.find(socket);
    if (it == m_connections.end()) {
        return;
    }
    if (it->rejected) {
        m_rejecting = std::max(0, m_rejecting - 1);
    }
    m_connections.erase(it);
    if (m_listener) {
        m_listener->descriptorFreed();
    }
}

void HttpAdapter::sweep()
{
    const qint64 time = now();
    QList<QPointer<QTcpSocket>> expired;
    for (auto it = m_connections.begin(); it != m_connections.end();) {
        if (!it->socket) {
            // Deleted without our destroyed() slot: Qt 6.4 disconnects every signal of a
            // socket whose request it cannot parse.
            it = m_connections.erase(it);
            continue;
        }
        if (it->deadline > 0 && time >= it->deadline) {
            expired.append(it->socket);
        }
        ++it;
    }
    for (const QPointer<QTcpSocket> &socket : std::as_const(expired)) {
        if (!socket) {
            continue;
        }
        const auto it = m_connections.find(socket);
        if (it == m_connections.end()) {
            continue;
        }
        ++m_stats.timedOut;
        // A request that began gets a word; an idle connection just closes.
        const bool midRequest = it->state == State::ReadingBody || it->state == State::WithQt
            || (it->state == State::ReadingHead && !it->head.isEmpty());
        if (midRequest && socket->state() == QAbstractSocket::ConnectedState) {
            HttpConnection(socket, nullptr, it->plain, true)
                .write(jsonAnswer(http::Status::RequestTimeout,
                    http::errorJson(u"the request did not arrive in time"_s), {}, true));
        }
        socket->abort();
        // Also when Qt's own slots were disconnected (see above).
        socket->deleteLater();
    }
}

} // namespace hibiki
