// SPDX-License-Identifier: MIT
#include "scriptedserver.h"

#include <QCryptographicHash>
#include <QFile>
#include <QMetaObject>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslServer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <zlib.h>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace hibiki::test {

namespace {

// Back-pressure for writeRepeated()/writeGenerated(): stop queueing above the high mark,
// resume once the socket drained below the low mark.
constexpr qint64 kHighWater = 256 * 1024;
constexpr qint64 kLowWater = 64 * 1024;

bool sameName(QByteArrayView a, QByteArrayView b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 204:
        return "No Content";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Found";
    case 303:
        return "See Other";
    case 307:
        return "Temporary Redirect";
    case 308:
        return "Permanent Redirect";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

bool statusAllowsBody(int status)
{
    return status >= 200 && status != 204 && status != 304;
}

// A gzip stream (RFC 1952) produced incrementally: every encode() is a sync flush, so
// the client can decode everything sent so far.
class GzipEncoder
{
public:
    GzipEncoder()
    {
        // windowBits 15 + 16 asks zlib for the gzip wrapper instead of the zlib one.
        m_ok = deflateInit2(&m_stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
    }
    ~GzipEncoder()
    {
        if (m_ok) {
            deflateEnd(&m_stream);
        }
    }
    GzipEncoder(const GzipEncoder &) = delete;
    GzipEncoder &operator=(const GzipEncoder &) = delete;

    QByteArray encode(QByteArrayView input) { return run(input, Z_SYNC_FLUSH); }
    QByteArray finish() { return run({}, Z_FINISH); }

private:
    QByteArray run(QByteArrayView input, int flush)
    {
        QByteArray out;
        if (!m_ok || m_finished) {
            return out;
        }
        m_stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(input.data()));
        m_stream.avail_in = uInt(input.size());
        char buffer[16384];
        int result = Z_OK;
        do {
            m_stream.next_out = reinterpret_cast<Bytef *>(buffer);
            m_stream.avail_out = sizeof buffer;
            result = deflate(&m_stream, flush);
            out.append(buffer, qsizetype(sizeof buffer - m_stream.avail_out));
        } while (m_stream.avail_out == 0 || (flush == Z_FINISH && result == Z_OK));
        if (flush == Z_FINISH) {
            m_finished = true;
        }
        return out;
    }

    z_stream m_stream {};
    bool m_ok = false;
    bool m_finished = false;
};

} // namespace

// ---- Request ---------------------------------------------------------------------------

bool Request::hasHeader(QByteArrayView name) const
{
    return std::any_of(headers.cbegin(), headers.cend(),
        [name](const auto &h) { return sameName(h.first, name); });
}

QByteArray Request::header(QByteArrayView name) const
{
    for (const auto &h : headers) {
        if (sameName(h.first, name)) {
            return h.second;
        }
    }
    return {};
}

QList<QByteArray> Request::headerValues(QByteArrayView name) const
{
    QList<QByteArray> values;
    for (const auto &h : headers) {
        if (sameName(h.first, name)) {
            values.append(h.second);
        }
    }
    return values;
}

QString Request::path() const
{
    return QUrl::fromEncoded(target).path();
}

QUrlQuery Request::query() const
{
    return QUrlQuery(QUrl::fromEncoded(target));
}

// ---- Response --------------------------------------------------------------------------

Response::Response(int status, QByteArray reason)
    : m_status(status)
    , m_reason(reason.isEmpty() ? reasonPhrase(status) : std::move(reason))
{ }

Response Response::sse()
{
    Response response(200);
    response.header("Content-Type", "text/event-stream");
    response.header("Cache-Control", "no-cache");
    response.framing(Framing::CloseDelimited);
    return response;
}

Response Response::status(int status, QByteArray body)
{
    Response response(status);
    if (!body.isEmpty()) {
        response.header("Content-Type", "text/plain");
        response.write(body);
    }
    return response;
}

Response Response::redirect(int status, const QByteArray &location)
{
    Response response(status);
    response.header("Location", location);
    return response;
}

Response Response::noAnswer()
{
    Response response;
    response.m_silent = true;
    return response;
}

Response Response::raw()
{
    Response response;
    response.m_raw = true;
    response.m_framing = Framing::CloseDelimited;
    return response;
}

Response &Response::header(const QByteArray &name, const QByteArray &value)
{
    auto it = std::find_if(m_headers.begin(), m_headers.end(),
        [&name](const auto &h) { return sameName(h.first, name); });
    if (it != m_headers.end()) {
        it->second = value;
    } else {
        m_headers.append({name, value});
    }
    return *this;
}

Response &Response::framing(Framing framing)
{
    m_framing = framing;
    return *this;
}

Response &Response::gzip(bool enabled)
{
    m_gzip = enabled;
    return *this;
}

Response &Response::addStep(Step step)
{
    m_steps.push_back(std::move(step));
    return *this;
}

Response &Response::sendHead()
{
    return addStep({.kind = Step::Head});
}

Response &Response::write(const QByteArray &bytes)
{
    return addStep({.kind = Step::Write, .bytes = bytes});
}

Response &Response::writeRepeated(const QByteArray &piece, qint64 count)
{
    return addStep({.kind = Step::Generate, .bytes = piece, .count = count});
}

Response &Response::writeGenerated(std::function<QByteArray()> next)
{
    return addStep({.kind = Step::Generate, .count = -1, .generator = std::move(next)});
}

Response &Response::delay(int milliseconds)
{
    return addStep({.kind = Step::Delay, .milliseconds = milliseconds});
}

Response &Response::waitFor(const QString &trigger)
{
    return addStep({.kind = Step::WaitFor, .trigger = trigger});
}

Response &Response::finish()
{
    return addStep({.kind = Step::Finish});
}

Response &Response::close()
{
    return addStep({.kind = Step::Close});
}

Response &Response::abort()
{
    return addStep({.kind = Step::Abort});
}

Response &Response::hold()
{
    return addStep({.kind = Step::Hold});
}

bool Response::hasHeader(QByteArrayView name) const
{
    return std::any_of(m_headers.cbegin(), m_headers.cend(),
        [name](const auto &h) { return sameName(h.first, name); });
}

QByteArray Response::headerValue(QByteArrayView name) const
{
    for (const auto &h : m_headers) {
        if (sameName(h.first, name)) {
            return h.second;
        }
    }
    return {};
}

// ---- Connection ------------------------------------------------------------------------

// One accepted TCP connection: parses requests one after the other and runs the script
// of the response to each.
class Connection : public QObject
{
public:
    Connection(ScriptedServer *server, QTcpSocket *socket, int id)
        : QObject(server)
        , m_server(server)
        , m_socket(socket)
        , m_id(id)
    {
        socket->setParent(this);
        connect(socket, &QTcpSocket::readyRead, this, &Connection::onReadyRead);
        connect(socket, &QTcpSocket::bytesWritten, this, &Connection::onBytesWritten);
        connect(socket, &QTcpSocket::disconnected, this, &Connection::onDisconnected);
    }

    int id() const { return m_id; }
    bool isGone() const { return m_gone; }
    bool isStreamOpen() const
    {
        return !m_gone && m_responding && (m_headSent || m_response.m_raw) && !m_bodyFinished
            && !m_response.m_silent;
    }
    QString waitingFor() const { return m_waitingTrigger; }

    void release()
    {
        m_waitingTrigger.clear();
        ++m_step;
        run();
    }

    void send(const QByteArray &bytes) { writeBody(bytes); }

    void closeGracefully()
    {
        if (m_gone) {
            return;
        }
        if (isStreamOpen()) {
            finishBody();
        }
        stopScript();
        m_socket->disconnectFromHost();
    }

    void abortNow()
    {
        if (m_gone) {
            return;
        }
        stopScript();
        m_socket->abort();
        // abort() does not always emit disconnected(): make sure the server forgets us.
        onDisconnected();
    }

private:
    void stopScript()
    {
        m_step = m_response.m_steps.size();
        m_waitingTrigger.clear();
        m_waitingForDrain = false;
        m_generatorLeft = 0;
        ++m_generation; // invalidates pending delay timers
    }

    void onReadyRead()
    {
        m_in.append(m_socket->readAll());
        if (!m_responding) {
            processInput();
        }
    }

    void onBytesWritten()
    {
        if (m_waitingForDrain && m_socket->bytesToWrite() < kLowWater) {
            m_waitingForDrain = false;
            run();
        }
    }

    void onDisconnected()
    {
        if (m_gone) {
            return;
        }
        m_gone = true;
        stopScript();
        Q_EMIT m_server->connectionClosed(m_id);
        deleteLater();
    }

    // Parses as many complete requests as the buffer holds, one at a time: the next is
    // looked at only once the response to the previous one is complete.
    void processInput()
    {
        while (!m_responding && !m_gone) {
            Request request;
            if (!parseRequest(request)) {
                return;
            }
            m_server->recordRequest(request);
            m_request = request;
            startResponse(m_server->responseFor(request));
        }
    }

    bool parseRequest(Request &request)
    {
        const qsizetype headEnd = m_in.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        const QList<QByteArray> lines = m_in.left(headEnd).split('\n');
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.target = requestLine.value(1);
        request.version = requestLine.value(2);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0) {
                request.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
            }
        }

        qsizetype consumed = headEnd + 4;
        if (sameName(request.header("Transfer-Encoding"), "chunked")) {
            // Needs the whole chunked body in the buffer; re-parsed from the start otherwise.
            QByteArray body;
            qsizetype pos = consumed;
            for (;;) {
                const qsizetype lineEnd = m_in.indexOf("\r\n", pos);
                if (lineEnd < 0) {
                    return false;
                }
                bool ok = false;
                const qsizetype size = m_in.mid(pos, lineEnd - pos)
                                           .split(';')
                                           .value(0)
                                           .trimmed()
                                           .toLongLong(&ok, 16);
                if (!ok) {
                    return false;
                }
                pos = lineEnd + 2;
                if (size == 0) {
                    const qsizetype trailerEnd = m_in.indexOf("\r\n", pos);
                    if (trailerEnd < 0) {
                        return false;
                    }
                    pos = trailerEnd + 2;
                    break;
                }
                if (m_in.size() < pos + size + 2) {
                    return false;
                }
                body.append(m_in.mid(pos, size));
                pos += size + 2;
            }
            request.body = body;
            consumed = pos;
        } else if (request.hasHeader("Content-Length")) {
            const qsizetype length = request.header("Content-Length").toLongLong();
            if (m_in.size() < consumed + length) {
                return false;
            }
            request.body = m_in.mid(consumed, length);
            consumed += length;
        }
        m_in.remove(0, consumed);
        request.connectionId = m_id;
        request.localAddress = m_socket->localAddress();
        request.localPort = m_socket->localPort();
        return true;
    }

    void startResponse(Response response)
    {
        m_response = std::move(response);
        m_responding = true;
        m_headSent = false;
        m_bodyFinished = false;
        m_step = 0;
        m_encoder.reset();
        if (m_response.m_gzip) {
            m_encoder = std::make_unique<GzipEncoder>();
        }
        if (m_response.m_silent) {
            return; // the test closes the connection, or the client gives up
        }
        const bool explicitHead
            = std::any_of(m_response.m_steps.cbegin(), m_response.m_steps.cend(),
                [](const Response::Step &step) { return step.kind == Response::Step::Head; });
        if (!explicitHead) {
            writeHead();
        }
        run();
    }

    bool bodyAllowed() const
    {
        return statusAllowsBody(m_response.m_status) && m_request.method != "HEAD";
    }

    // The bytes the body will have on the wire before framing, for Content-Length:
    // encoding is deterministic, so a throwaway encoder yields the same length.
    qint64 precomputedBodyLength() const
    {
        std::unique_ptr<GzipEncoder> encoder;
        if (m_response.m_gzip) {
            encoder = std::make_unique<GzipEncoder>();
        }
        qint64 length = 0;
        auto add = [&](const QByteArray &bytes) {
            length
                += encoder ? (bytes.isEmpty() ? 0 : encoder->encode(bytes).size()) : bytes.size();
        };
        for (const auto &step : m_response.m_steps) {
            if (step.kind == Response::Step::Write) {
                add(step.bytes);
            } else if (step.kind == Response::Step::Generate && step.count >= 0) {
                for (qint64 i = 0; i < step.count; ++i) {
                    add(step.bytes);
                }
            } else if (step.kind == Response::Step::Generate) {
                qWarning("ScriptedServer: writeGenerated() cannot be counted for "
                         "Content-Length; use chunked() or CloseDelimited framing");
            }
        }
        if (encoder) {
            length += encoder->finish().size();
        }
        return length;
    }

    void writeHead()
    {
        if (m_headSent) {
            return;
        }
        m_headSent = true;
        if (m_response.m_raw) {
            return;
        }
        const Response &r = m_response;
        QByteArray head = "HTTP/1.1 " + QByteArray::number(r.m_status) + ' ' + r.m_reason + "\r\n";
        for (const auto &h : r.m_headers) {
            head += h.first + ": " + h.second + "\r\n";
        }
        if (statusAllowsBody(r.m_status)) {
            if (r.m_gzip && !r.hasHeader("Content-Encoding")) {
                head += "Content-Encoding: gzip\r\n";
            }
            switch (r.m_framing) {
            case Response::Framing::ContentLength:
                if (!r.hasHeader("Content-Length")) {
                    head += "Content-Length: " + QByteArray::number(precomputedBodyLength())
                        + "\r\n";
                }
                break;
            case Response::Framing::Chunked:
                if (!r.hasHeader("Transfer-Encoding")) {
                    head += "Transfer-Encoding: chunked\r\n";
                }
                break;
            case Response::Framing::CloseDelimited:
                if (!r.hasHeader("Connection")) {
                    head += "Connection: close\r\n";
                }
                break;
            }
        }
        head += "\r\n";
        m_socket->write(head);
    }

    // Encodes and frames one piece of the body.
    void writeBody(const QByteArray &plain)
    {
        if (m_gone || m_bodyFinished || (!m_response.m_raw && !bodyAllowed())) {
            return;
        }
        writeHead();
        const QByteArray data
            = m_encoder ? (plain.isEmpty() ? QByteArray() : m_encoder->encode(plain)) : plain;
        writeFramed(data);
    }

    void writeFramed(const QByteArray &data)
    {
        if (data.isEmpty()) {
            return; // an empty chunk would end a chunked body
        }
        if (m_response.m_framing == Response::Framing::Chunked && !m_response.m_raw) {
            m_socket->write(QByteArray::number(data.size(), 16) + "\r\n");
            m_socket->write(data);
            m_socket->write("\r\n");
        } else {
            m_socket->write(data);
        }
    }

    void finishBody()
    {
        if (m_bodyFinished || m_gone) {
            return;
        }
        writeHead();
        if (!m_response.m_raw && bodyAllowed()) {
            if (m_encoder) {
                writeFramed(m_encoder->finish());
            }
            if (m_response.m_framing == Response::Framing::Chunked) {
                m_socket->write("0\r\n\r\n");
            }
        }
        m_bodyFinished = true;
    }

    // Runs the script from the current step until it has to wait or ends.
    void run()
    {
        auto &steps = m_response.m_steps;
        while (!m_gone && m_step < steps.size()) {
            Response::Step &step = steps[m_step];
            switch (step.kind) {
            case Response::Step::Head:
                writeHead();
                break;
            case Response::Step::Write:
                writeBody(step.bytes);
                break;
            case Response::Step::Generate:
                if (!pump(step)) {
                    return;
                }
                break;
            case Response::Step::Delay: {
                ++m_step;
                const int generation = m_generation;
                QTimer::singleShot(step.milliseconds, this, [this, generation] {
                    if (generation == m_generation) {
                        run();
                    }
                });
                return;
            }
            case Response::Step::WaitFor:
                if (!m_server->consumeTrigger(step.trigger)) {
                    m_waitingTrigger = step.trigger;
                    return; // release() continues
                }
                break;
            case Response::Step::Finish:
                finishBody();
                break;
            case Response::Step::Close:
                closeGracefully();
                return;
            case Response::Step::Abort:
                abortNow();
                return;
            case Response::Step::Hold:
                return;
            }
            ++m_step;
        }
        if (m_gone || m_step > steps.size()) {
            return;
        }
        writeHead();
        const bool complete = m_response.m_raw
            ? false
            : m_response.m_framing == Response::Framing::ContentLength || !bodyAllowed();
        if (complete && !m_bodyFinished) {
            finishBody();
            completeResponse();
        }
        // Otherwise the body stays open: a stream the test feeds with send().
    }

    // Writes generated bytes until the socket has enough queued. Returns true when the
    // generator is exhausted.
    bool pump(Response::Step &step)
    {
        if (m_generatorLeft == 0 && step.count >= 0) {
            m_generatorLeft = step.count;
            if (m_generatorLeft == 0) {
                return true;
            }
        }
        while (m_socket->bytesToWrite() < kHighWater) {
            QByteArray piece;
            if (step.count >= 0) {
                if (m_generatorLeft == 0) {
                    return true;
                }
                piece = step.bytes;
                --m_generatorLeft;
            } else {
                piece = step.generator();
                if (piece.isEmpty()) {
                    return true;
                }
            }
            writeBody(piece);
            if (m_gone) {
                return false;
            }
            if (step.count >= 0 && m_generatorLeft == 0) {
                return true;
            }
        }
        m_waitingForDrain = true;
        return false;
    }

    void completeResponse()
    {
        m_responding = false;
        ++m_step; // past the end: run() will not finish twice
        const bool closeAfter = sameName(m_response.headerValue("Connection"), "close")
            || sameName(m_request.header("Connection"), "close");
        if (closeAfter) {
            m_socket->disconnectFromHost();
            return;
        }
        // A kept-alive connection may already hold the next request.
        QMetaObject::invokeMethod(
            this, [this] { processInput(); }, Qt::QueuedConnection);
    }

    ScriptedServer *m_server;
    QTcpSocket *m_socket;
    const int m_id;
    QByteArray m_in;
    Request m_request;
    Response m_response;
    std::unique_ptr<GzipEncoder> m_encoder;
    size_t m_step = 0;
    QString m_waitingTrigger;
    qint64 m_generatorLeft = 0;
    int m_generation = 0;
    bool m_responding = false;
    bool m_headSent = false;
    bool m_bodyFinished = false;
    bool m_waitingForDrain = false;
    bool m_gone = false;
};

// ---- ScriptedServer --------------------------------------------------------------------

ScriptedServer::ScriptedServer(QObject *parent)
    : QObject(parent)
    , m_defaultResponse(Response::status(404, "no scripted response\n"))
{
    qRegisterMetaType<hibiki::test::Request>();
    m_clock.start();
    listenOn(QHostAddress(QHostAddress::LocalHost));
}

ScriptedServer::~ScriptedServer()
{
    abortAll();
}

int ScriptedServer::listenOn(const QHostAddress &address)
{
    auto *listener = new QTcpServer(this);
    connect(listener, &QTcpServer::newConnection, this,
        [this, listener] { onNewConnection(listener); });
    return addListener(listener, address, false);
}

int ScriptedServer::listenOnTls(const QHostAddress &address, const QSslConfiguration &configuration)
{
    auto *listener = new QSslServer(this);
    listener->setSslConfiguration(configuration);
    // A QSslServer hands out a connection once its handshake is done.
    connect(listener, &QTcpServer::pendingConnectionAvailable, this,
        [this, listener] { onNewConnection(listener); });
    return addListener(listener, address, true);
}

int ScriptedServer::addListener(QTcpServer *listener, const QHostAddress &address, bool tls)
{
    if (!listener->listen(address, 0)) {
        qWarning("ScriptedServer: cannot listen on %s: %s", qPrintable(address.toString()),
            qPrintable(listener->errorString()));
        delete listener;
        return -1;
    }
    m_listeners.push_back(listener);
    m_tls.push_back(tls);
    return int(m_listeners.size()) - 1;
}

bool ScriptedServer::isListening() const
{
    return !m_listeners.empty() && m_listeners.front()->isListening();
}

quint16 ScriptedServer::port(int listener) const
{
    return listener >= 0 && size_t(listener) < m_listeners.size()
        ? m_listeners[size_t(listener)]->serverPort()
        : 0;
}

QByteArray ScriptedServer::origin(int listener) const
{
    if (listener < 0 || size_t(listener) >= m_listeners.size()) {
        return {};
    }
    const QTcpServer *server = m_listeners[size_t(listener)];
    return (m_tls[size_t(listener)] ? "https://" : "http://")
        + server->serverAddress().toString().toLatin1() + ':'
        + QByteArray::number(server->serverPort());
}

QUrl ScriptedServer::url(const QString &path, int listener) const
{
    return QUrl(QString::fromLatin1(origin(listener)) + path);
}

void ScriptedServer::enqueue(Response response)
{
    m_queue.push_back(std::move(response));
}

void ScriptedServer::setHandler(Handler handler)
{
    m_handler = std::move(handler);
}

void ScriptedServer::setDefaultResponse(Response response)
{
    m_defaultResponse = std::move(response);
}

bool ScriptedServer::waitForRequests(qsizetype count, int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_requests.size() >= count; }, timeoutMs);
}

bool ScriptedServer::waitForOpenConnections(int count, int timeoutMs)
{
    return QTest::qWaitFor([&] { return openConnectionCount() == count; }, timeoutMs);
}

void ScriptedServer::trigger(const QString &name)
{
    bool released = false;
    // Copy: releasing runs scripts that may close connections.
    const auto connections = m_connections;
    for (const auto &connection : connections) {
        if (connection && !connection->isGone() && connection->waitingFor() == name) {
            released = true;
            connection->release();
        }
    }
    if (!released) {
        ++m_pendingTriggers[name];
    }
}

int ScriptedServer::send(const QByteArray &bytes)
{
    int reached = 0;
    const auto connections = m_connections;
    for (const auto &connection : connections) {
        if (connection && connection->isStreamOpen()) {
            connection->send(bytes);
            ++reached;
        }
    }
    return reached;
}

void ScriptedServer::closeAll()
{
    const auto connections = m_connections;
    for (const auto &connection : connections) {
        if (connection) {
            connection->closeGracefully();
        }
    }
}

void ScriptedServer::abortAll()
{
    const auto connections = m_connections;
    for (const auto &connection : connections) {
        if (connection) {
            connection->abortNow();
        }
    }
}

int ScriptedServer::openStreamCount() const
{
    return int(std::count_if(m_connections.cbegin(), m_connections.cend(),
        [](const auto &c) { return c && c->isStreamOpen(); }));
}

int ScriptedServer::openConnectionCount() const
{
    return int(std::count_if(m_connections.cbegin(), m_connections.cend(),
        [](const auto &c) { return c && !c->isGone(); }));
}

void ScriptedServer::onNewConnection(QTcpServer *listener)
{
    while (QTcpSocket *socket = listener->nextPendingConnection()) {
        // No Nagle: a response written in pieces must not wait for the client's delayed ACK.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        const int id = ++m_connectionsAccepted;
        m_connections.removeIf([](const auto &c) { return c.isNull() || c->isGone(); });
        m_connections.append(new Connection(this, socket, id));
        Q_EMIT connectionOpened(id);
    }
}

Response ScriptedServer::responseFor(const Request &request)
{
    if (!m_queue.empty()) {
        Response response = std::move(m_queue.front());
        m_queue.erase(m_queue.begin());
        return response;
    }
    if (m_handler) {
        return m_handler(request);
    }
    return m_defaultResponse;
}

void ScriptedServer::recordRequest(Request &request)
{
    request.index = int(m_requests.size());
    request.receivedAtMs = m_clock.elapsed();
    m_requests.append(request);
    Q_EMIT requestReceived(request);
}

bool ScriptedServer::consumeTrigger(const QString &name)
{
    auto it = m_pendingTriggers.find(name);
    if (it == m_pendingTriggers.end() || *it == 0) {
        return false;
    }
    --*it;
    return true;
}

QSslConfiguration TestCertificate::serverConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(certificate);
    configuration.setPrivateKey(key);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // no client certificates
    return configuration;
}

TestCertificate makeTestCertificate(const QString &directory)
{
    TestCertificate result;
    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    if (openssl.isEmpty()) {
        result.error = u"openssl is not installed (Debian package openssl)"_s;
        return result;
    }
    result.certificatePath = directory + u"/cert.pem"_s;
    result.keyPath = directory + u"/key.pem"_s;
    // A fresh self-signed certificate for 127.0.0.1, valid for a day.
    QProcess generate;
    generate.setProcessChannelMode(QProcess::MergedChannels);
    generate.start(openssl,
        {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
            u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-days"_s, u"1"_s, u"-subj"_s,
            u"/CN=127.0.0.1"_s, u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s, u"-keyout"_s,
            result.keyPath, u"-out"_s, result.certificatePath});
    if (!generate.waitForFinished(30000) || generate.exitStatus() != QProcess::NormalExit
        || generate.exitCode() != 0) {
        result.error = u"openssl req failed: "_s + QString::fromLocal8Bit(generate.readAll());
        return result;
    }
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(result.certificatePath);
    QFile keyFile(result.keyPath);
    if (certificates.size() != 1 || !keyFile.open(QIODevice::ReadOnly)) {
        result.error = u"cannot read the certificate or key openssl wrote"_s;
        return result;
    }
    result.certificate = certificates.first();
    result.key = QSslKey(&keyFile, QSsl::Ec);
    if (result.key.isNull()) {
        result.error = u"cannot read the EC key openssl wrote"_s;
        return result;
    }
    result.sha256 = result.certificate.digest(QCryptographicHash::Sha256).toHex();
    return result;
}

} // namespace hibiki::test
