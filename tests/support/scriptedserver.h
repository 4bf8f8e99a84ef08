// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <vector>

class QSslConfiguration;
class QTcpServer;
class QTcpSocket;

namespace hibiki::test {

// One HTTP request as the scripted server received it.
struct Request
{
    QByteArray method;
    QByteArray target; // path and query exactly as sent, e.g. "/events?room=1"
    QByteArray version; // "HTTP/1.1"
    QList<QPair<QByteArray, QByteArray>> headers; // in order, names as sent
    QByteArray body; // Content-Length or chunked body, de-chunked

    int index = 0; // position in ScriptedServer::requests()
    int connectionId = 0; // requests on one kept-alive connection share it
    QHostAddress localAddress; // which listener received it (e.g. 127.0.0.2)
    quint16 localPort = 0;
    qint64 receivedAtMs = 0; // monotonic, since the server was created

    // Header lookup ignores case. header() returns the first value, or an empty array.
    bool hasHeader(QByteArrayView name) const;
    QByteArray header(QByteArrayView name) const;
    QList<QByteArray> headerValues(QByteArrayView name) const;

    QString path() const; // decoded path without the query
    QUrlQuery query() const;
};

// What the server answers to one request: a status line, headers, then a script of steps
// run in order without ever blocking the event loop. Built fluently:
//
//   server.enqueue(Response::sse().write("data: a\n\n").waitFor(u"go"_s)
//                      .write("data: b\n\n").close());
//
// The head (status line and headers) goes out before the first step, or where sendHead()
// puts it. When the script ends, a Content-Length response is complete and its connection
// is kept for the next request; a close-delimited or chunked body stays open (a "stream")
// until a step or the test (ScriptedServer::send(), closeAll(), abortAll()) ends it.
class Response
{
public:
    // How the end of the body is known.
    enum class Framing {
        ContentLength, // all written bytes are counted up front; keep-alive afterwards
        Chunked, // Transfer-Encoding: chunked; finish() writes the last chunk
        CloseDelimited, // no length at all: the body ends when the connection closes
    };

    explicit Response(int status = 200, QByteArray reason = {});

    // 200, text/event-stream, Cache-Control: no-cache, body delimited by close.
    static Response sse();
    // A status with a small Content-Length body (e.g. an error page).
    static Response status(int status, QByteArray body = {});
    // A redirect with a Location header (relative or absolute).
    static Response redirect(int status, const QByteArray &location);
    // Never answers: the connection stays silent until the test closes it.
    static Response noAnswer();
    // Writes exactly the bytes of the script: no generated head, no framing. For
    // malformed responses.
    static Response raw();

    // Head. A header set here replaces the generated one of the same name
    // (Content-Length, Transfer-Encoding, Content-Encoding, Connection).
    Response &header(const QByteArray &name, const QByteArray &value);
    Response &contentType(const QByteArray &value) { return header("Content-Type", value); }
    Response &framing(Framing framing);
    Response &chunked() { return framing(Framing::Chunked); }
    // Encodes the body as a real gzip stream (Content-Encoding: gzip). Every write is
    // flushed so that the client can decode it at once.
    Response &gzip(bool enabled = true);

    // Script steps.
    Response &sendHead(); // puts the head here instead of before the first step
    Response &write(const QByteArray &bytes);
    // Writes `piece` `count` times, only as fast as the client reads (the server keeps at
    // most a few hundred KiB queued): a huge body without a huge buffer.
    Response &writeRepeated(const QByteArray &piece, qint64 count);
    // Calls `next` for more bytes whenever the socket has drained, until it returns an
    // empty array. Same back-pressure as writeRepeated().
    Response &writeGenerated(std::function<QByteArray()> next);
    Response &delay(int milliseconds); // a QTimer, never a sleep
    Response &waitFor(const QString &trigger); // until ScriptedServer::trigger(trigger)
    Response &finish(); // ends the body (last chunk); the connection is kept
    Response &close(); // finish() and close the connection gracefully
    Response &abort(); // reset the connection at once, nothing flushed
    Response &hold(); // stop here, keeping the connection as it is, until the test acts

    int statusCode() const { return m_status; }
    QByteArray headerValue(QByteArrayView name) const;

private:
    friend class Connection;
    friend class ScriptedServer;

    struct Step
    {
        enum Kind { Head, Write, Generate, Delay, WaitFor, Finish, Close, Abort, Hold };
        Kind kind = Write;
        QByteArray bytes {};
        qint64 count = 0;
        int milliseconds = 0;
        QString trigger {};
        std::function<QByteArray()> generator {};
    };

    Response &addStep(Step step);
    bool hasHeader(QByteArrayView name) const;

    int m_status = 200;
    QByteArray m_reason;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    Framing m_framing = Framing::ContentLength;
    bool m_gzip = false;
    bool m_raw = false;
    bool m_silent = false;
    std::vector<Step> m_steps;
};

class Connection;

// A loopback HTTP/1.1 server for tests: records every request and answers each from a
// queue of scripted responses, then from a handler, then with the default response.
// Everything runs in the caller's thread on its event loop.
class ScriptedServer : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<Response(const Request &)>;

    // Listens on 127.0.0.1 at an ephemeral port. Check isListening().
    explicit ScriptedServer(QObject *parent = nullptr);
    ~ScriptedServer() override;

    // Also listens on another loopback address (e.g. 127.0.0.2, a different origin for
    // cross-origin tests). Returns the listener's index for url(), or -1.
    int listenOn(const QHostAddress &address);
    // The same over TLS (HTTP/1.1 only: no ALPN is offered): url() of it is https://.
    int listenOnTls(const QHostAddress &address, const QSslConfiguration &configuration);

    bool isListening() const;
    quint16 port(int listener = 0) const;
    // http://127.0.0.1:<port><path> (path may carry a query).
    QUrl url(const QString &path = QStringLiteral("/"), int listener = 0) const;
    QByteArray origin(int listener = 0) const; // "http://127.0.0.1:<port>"

    // Answers the next requests in order.
    void enqueue(Response response);
    // Answers requests once the queue is empty.
    void setHandler(Handler handler);
    // Answers when neither queue nor handler do. Initially 404 "no scripted response".
    void setDefaultResponse(Response response);

    const QList<Request> &requests() const { return m_requests; }
    qsizetype requestCount() const { return m_requests.size(); }
    Request lastRequest() const { return m_requests.isEmpty() ? Request {} : m_requests.last(); }
    // Spins the event loop until at least `count` requests arrived or the time is up.
    bool waitForRequests(qsizetype count, int timeoutMs = 5000);

    // Releases every response waiting on `name`; with none waiting, the next one that
    // reaches waitFor(name) passes straight on (triggers are counted).
    void trigger(const QString &name);
    // Appends bytes to every open body (head sent, not finished), through its framing
    // and encoding. Returns how many bodies got them.
    int send(const QByteArray &bytes);
    // Ends every open body and closes every connection gracefully.
    void closeAll();
    // Resets every connection.
    void abortAll();

    int openStreamCount() const; // bodies a send() would reach
    int openConnectionCount() const;
    int connectionCount() const { return m_connectionsAccepted; } // ever accepted
    bool waitForOpenConnections(int count, int timeoutMs = 5000); // exactly `count`

Q_SIGNALS:
    void requestReceived(const hibiki::test::Request &request);
    void connectionOpened(int connectionId);
    void connectionClosed(int connectionId);

private:
    friend class Connection;

    void onNewConnection(QTcpServer *listener);
    Response responseFor(const Request &request);
    void recordRequest(Request &request);
    bool consumeTrigger(const QString &name);

    int addListener(QTcpServer *listener, const QHostAddress &address, bool tls);

    std::vector<QTcpServer *> m_listeners; // children
    std::vector<bool> m_tls; // per listener
    QList<QPointer<Connection>> m_connections;
    QList<Request> m_requests;
    std::vector<Response> m_queue;
    Handler m_handler;
    Response m_defaultResponse;
    QHash<QString, int> m_pendingTriggers;
    int m_connectionsAccepted = 0;
    QElapsedTimer m_clock;
};

// A throwaway self-signed certificate and key for a TLS test server on 127.0.0.1 (the
// subjectAltName a client checks), made with the openssl command in `directory`. Test
// fixtures only: nothing else ever uses them.
struct TestCertificate
{
    QSslCertificate certificate;
    QSslKey key;
    QString certificatePath;
    QString keyPath;
    QByteArray sha256; // 64 lowercase hex digits
    QString error; // why there is none (e.g. openssl is not installed)

    bool isValid() const { return error.isEmpty(); }
    // What a server presents: this certificate and key, TLS 1.2 or later.
    QSslConfiguration serverConfiguration() const;
};

TestCertificate makeTestCertificate(const QString &directory);

} // namespace hibiki::test

Q_DECLARE_METATYPE(hibiki::test::Request)
