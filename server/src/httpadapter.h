// SPDX-License-Identifier: MIT
//
// HttpAdapter: everything the room does on top of QtHttpServer 6.4, in one place.
//
// What Qt 6.4 does for us: parsing each request (its bundled http_parser) into a
// QHttpServerRequest, and handing complete requests to QAbstractHttpServer::handleRequest().
//
// What Qt 6.4 lacks, and this adapter adds:
// - Accepting. QTcpServer retries accept() in a tight loop when the process is out of file
//   descriptors (EMFILE/ENFILE), and has no cap on open connections. The adapter accepts
//   itself (accept4 on the listening socket Qt created), caps open connections (the excess
//   gets 503), sheds the excess when out of descriptors (a spare descriptor is closed to
//   accept and close one), and backs off instead of spinning.
// - Limits and timeouts. Qt buffers any head and any body with no limit and no deadline.
//   The adapter reads each request head ahead of Qt's parser: 431 for a head over
//   maxHeaderBytes, 414 for a URL over maxUrlBytes, 400 for what the parser would reject
//   (Qt 6.4 then disconnects every signal of the socket and leaves it open), 413 as soon as
//   a Content-Length over maxBodyBytes is seen; a head must arrive within headTimeoutMs, a
//   body within bodyTimeoutMs, and an idle keep-alive connection closes after
//   keepAliveTimeoutMs.
// - Closing. Qt ignores HTTP/1.0 and `Connection: close`; the adapter closes after the
//   answer. Every close after an answer is a lingering close (as nginx does): shut down the
//   sending side, read and discard up to a bound, then close, so that a client that sends a
//   whole body before reading still gets the early answer instead of a reset.
// - `Expect: 100-continue`, which Qt 6.4 ignores (curl then waits a second).
// - Writing. Answers are written here in one piece (status line, headers, body) rather
//   than through QHttpServerResponder, whose write(QJsonDocument) sends indented JSON and
//   whose every call costs a loop turn; on plain TCP the bytes go to the kernel in one
//   send() when the socket has nothing queued (see HttpConnection::write()).
// - TLS: the accepted descriptor becomes a QSslSocket whose handshake completes before Qt
//   sees the connection.
//
// What the adapter relies on in Qt 6.4 (tests/server/test_server_qtbehaviour.cpp fails if
// any of it changes):
// 1. QAbstractHttpServer takes each connection through the virtual
//    QTcpServer::nextPendingConnection() when the bound server emits
//    pendingConnectionAvailable (which QTcpServer::addPendingConnection() does).
// 2. Qt connects its parser to readyRead only then, so the adapter's readyRead slot,
//    connected before, runs first and sees each chunk before the parser consumes it.
// 3. handleRequest() is called from inside that readyRead emission, once the whole request
//    (head and body) is buffered, and disconnecting Qt's readyRead slot from within the
//    emission stops the parser from seeing the chunk.
// 4. QHttpServerRequest::value() finds a header whatever the case of its name.
// (Sockets are deleted by the adapter itself once they disconnect; Qt 6.4 does it too.)
#pragma once

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <initializer_list>
#include <utility>

#if QT_CONFIG(ssl)
#include <QSslConfiguration>
#endif

class QTcpSocket;

namespace hibiki {

class HttpAdapter;

namespace http {

// The status codes the room answers with.
enum class Status : int {
    Ok = 200,
    Created = 201,
    NoContent = 204,
    BadRequest = 400,
    Unauthorized = 401,
    Forbidden = 403,
    NotFound = 404,
    MethodNotAllowed = 405,
    RequestTimeout = 408,
    PayloadTooLarge = 413,
    UriTooLong = 414,
    UnsupportedMediaType = 415,
    MisdirectedRequest = 421,
    RequestHeaderFieldsTooLarge = 431,
    InternalServerError = 500,
    ServiceUnavailable = 503,
};

using Headers = std::initializer_list<std::pair<QByteArrayView, QByteArrayView>>;

// A request header by name, ignoring case; empty when absent (or empty).
QByteArray header(const QHttpServerRequest &request, QByteArrayView name);
// Whether the request has the header at all (also with an empty value). Copies the headers.
bool hasHeader(const QHttpServerRequest &request, QByteArrayView name);
// {"error":"<message>"}
QByteArray errorJson(const QString &message);

} // namespace http

// The limits of the HTTP layer (see docs/SERVER.md, "Limits").
struct HttpLimits
{
    int maxConnections = 1024; // open connections of every kind; the excess gets 503
    int headTimeoutMs = 10000; // a request head must be complete this long after it began
    int bodyTimeoutMs = 30000; // a body must be complete this long after its head
    int keepAliveTimeoutMs = 60000; // an idle kept-alive connection closes after this
    qint64 maxHeaderBytes = 16 * 1024; // request line and headers; more gets 431
    qint64 maxUrlBytes = 8 * 1024; // request target; longer gets 414
    qint64 maxBodyBytes = 64 * 1024; // declared or received body; more gets 413
    int lingerMs = 5000; // a lingering close reads and discards for at most this long
    qint64 lingerBytes = 16 * 1024 * 1024; // ... and at most this much
};

// One connection, handed to the request handler with each request. A cheap, movable handle:
// an event stream keeps it for as long as the connection lives.
class HttpConnection
{
public:
    HttpConnection() = default;

    QTcpSocket *socket() const { return m_socket; }
    bool isOpen() const;

    // A complete JSON answer (compact, Content-Length, Cache-Control: no-store) in one piece.
    // The connection stays open for the next request unless the request asked to close.
    void replyJson(http::Status status, QByteArrayView json, http::Headers extraHeaders = {});
    // {"error":"<message>"} with `status`.
    void replyError(http::Status status, const QString &message, http::Headers extraHeaders = {});
    // A complete answer without a body (204 and the like).
    void replyEmpty(http::Status status, http::Headers extraHeaders = {});
    // Turns the connection into an event stream and returns its head (200, text/event-stream,
    // no Content-Length, Connection: close: the body runs until the connection closes), for
    // the caller to send with the first frames. From now on anything the client sends on
    // this connection is read and discarded.
    QByteArray startEventStream(http::Headers extraHeaders = {});

    // Writes `bytes` after anything still queued. On plain TCP with an empty queue (the usual
    // case) they go to the kernel at once in one send(MSG_DONTWAIT | MSG_NOSIGNAL), and only
    // what the kernel does not take waits in QTcpSocket's buffer. QTcpSocket::write() alone
    // queues and toggles the socket's write notifier, which under the GLib dispatcher costs
    // eventfd wake-ups and a loop turn per frame. Errors are left to QTcpSocket, which reports
    // them as always. Bytes sent directly do not emit bytesWritten: pace on bytesToWrite().
    void write(QByteArrayView bytes);
    // The same for several pieces, in order: one sendmsg() when the queue is empty.
    void write(const QList<QByteArray> &pieces);

private:
    friend class HttpAdapter;
    HttpConnection(QTcpSocket *socket, HttpAdapter *adapter, bool plain, bool closeAfter);
    void sendAnswer(const QByteArray &answer);

    QPointer<QTcpSocket> m_socket;
    QPointer<HttpAdapter> m_adapter;
    bool m_plain = true; // plain TCP: write() may bypass QTcpSocket's queue
    bool m_closeAfter = false; // HTTP/1.0 or Connection: close
};

// See the comment at the top of this file.
class HttpAdapter : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<void(const QHttpServerRequest &, HttpConnection &&)>;

    struct Statistics
    {
        quint64 accepted = 0;
        quint64 rejectedFull = 0; // answered 503: maxConnections reached
        quint64 shed = 0; // accepted and closed at once: out of file descriptors
        quint64 timedOut = 0; // head, body or keep-alive timeout
        quint64 earlyAnswers = 0; // 400/413/414/431 answered before the request was read
    };

    HttpAdapter(Handler handler, const HttpLimits &limits, QObject *parent = nullptr);
    ~HttpAdapter() override;

#if QT_CONFIG(ssl)
    // Serve HTTPS with this configuration (certificate and key); call before listen().
    void setTlsConfiguration(const QSslConfiguration &configuration);
#endif
    bool isEncrypted() const
    {
        return m_encrypted;
    }

    bool listen(const QHostAddress &address, quint16 port);
    QString errorString() const
    {
        return m_error;
    }
    quint16 port() const;
    // Stops accepting and ends every connection (flushing what is already written).
    void shutdown();

    int connectionCount() const
    {
        return int(m_connections.size());
    }
    Statistics statistics() const
    {
        return m_stats;
    }

    // The reason phrase of `status` ("Not Found").
    static QByteArrayView reasonPhrase(http::Status status);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    class Listener;
    friend class HttpConnection;

    enum class State {
        Handshake, // TLS handshake; the head timeout runs
        ReadingHead, // waiting for (the rest of) a request head
        ReadingBody, // head read, body on its way
        WithQt, // complete: Qt's parser is to call handleRequest() in this emission
        Idle, // kept alive between requests
        Streaming, // an event stream: input is discarded
        Lingering, // answered and closing: input is discarded until EOF or a bound
    };
    struct Connection
    {
        QPointer<QTcpSocket> socket;
        State state = State::ReadingHead;
        qint64 deadline = 0; // ms on m_clock; 0: none
        QByteArray head; // the head so far (ReadingHead)
        qint64 bodyExpected = 0; // Content-Length; -1: chunked
        qint64 bodyReceived = 0;
        qint64 discarded = 0; // Streaming, Lingering
        bool closeAfter = false; // HTTP/1.0 or Connection: close
        bool plain = true;
        bool handedToQt = false;
        bool rejected = false; // answered 503 at once: the server is full
        bool shutDown = false; // our sending side is shut down (lingering)
    };

    void adopt(int descriptor);
    void handToQt(QTcpSocket *socket);
    void onReadyRead(QTcpSocket *socket);
    void readHead(Connection &connection, qint64 available);
    void onBytesWritten(QTcpSocket *socket);
    void forget(QTcpSocket *socket);
    void sweep();
    // An answer was written to `socket`: keep it alive for the next request, or close.
    void answered(QTcpSocket *socket, bool closeAfter);
    void becameStream(QTcpSocket *socket);
    // Answers before Qt has the request (it never will) and closes with lingering.
    void answerEarly(Connection &connection, http::Status status, const QString &message);
    void linger(Connection &connection);
    void detachFromQt(QTcpSocket *socket);
    void discardInput(Connection &connection);
    qint64 now() const
    {
        return m_clock.elapsed();
    }

    Handler m_handler;
    HttpLimits m_limits;
    QPointer<Listener> m_listener;
    QHash<QTcpSocket *, Connection> m_connections;
    int m_rejecting = 0; // connections answered 503, lingering
    QTimer m_sweep;
    QElapsedTimer m_clock;
    Statistics m_stats;
    QString m_error;
    bool m_encrypted = false;
#if QT_CONFIG(ssl)
    QSslConfiguration m_tls;
#endif
};

} // namespace hibiki
