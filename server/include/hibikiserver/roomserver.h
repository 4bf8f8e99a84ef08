// SPDX-License-Identifier: MIT
#pragma once

#include <hibikiserver/roommessage.h>

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>

class QHttpServerRequest;

namespace hibiki {

class HttpAdapter;
class HttpConnection;
class MessageStore;
class SubscriberHub;

// How a room is served. The defaults are those of `hibiki-server` without options.
struct RoomServerConfig
{
    static constexpr quint16 DefaultPort = 8787;

    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = DefaultPort; // 0 picks an ephemeral port; port() tells which
    QString dataDir; // empty: memory only; else SQLite in this directory
    int history = 200; // messages kept in memory, and sent to a client without Last-Event-ID
    int heartbeatMs = 15000; // ": ping" comment interval; 0 disables heartbeats
    int maxClients = 1000; // open /sse streams; more get 503
    qint64 maxBodyBytes = 64 * 1024; // POST bodies above this get 413
    qint64 maxQueueBytes = 1024 * 1024; // a live stream with more unsent bytes is cut off
    int retryMs = 3000; // the `retry:` sent first on every stream
    int replayBatch = 256; // messages written per step of a replay

    // Who may talk to the room (docs/PROTOCOL.md, "Host and Origin"). A request whose Host
    // is not one of the room's names gets 421 (DNS rebinding): its names are its listen
    // address (every address of the machine when listening on all), loopback addresses,
    // `localhost`, the machine's host name (also with `.local`) and `serverNames`. The port
    // in Host is not looked at.
    QStringList serverNames;
    // Web origins ("https://chat.example.org") whose pages may read and post (CORS). Empty:
    // no CORS headers, and /sse or /messages with any Origin header gets 403. "*": any.
    QStringList allowedOrigins;

    // Exhaustion limits (docs/SERVER.md, "Limits").
    int maxConnections = 0; // all open connections; 0: the descriptor limit less 64
    int headTimeoutMs = 10000; // a request head must be complete within this
    int bodyTimeoutMs = 30000; // a body must be complete within this after its head
    int keepAliveTimeoutMs = 60000; // an idle kept-alive connection closes after this
    qint64 maxHeaderBytes = 16 * 1024; // request line and headers; more gets 431
    qint64 maxUrlBytes = 8 * 1024; // request target; longer gets 414
    qint64 maxQueuedBytesTotal = 64 * 1024 * 1024; // all streams' send queues together
    int lingerMs = 5000; // closing after an early answer reads and drops input this long
    qint64 lingerBytes = 16 * 1024 * 1024; // ... and at most this much

    // TLS, token and invites (docs/SERVER.md, "TLS, token and invites").
    // Serve HTTPS from tlsDirectory/cert.pem and key.pem; when both are missing a
    // self-signed pair is created there (the key with mode 0600). Empty: plain HTTP.
    QString tlsDirectory;
    // Require `Authorization: Bearer <token>` on /sse and /messages (/health stays open):
    // `token` when set, else the first line of tokenFile, which is created with a new
    // random 256-bit token (mode 0600) when missing. Both empty: no token.
    QString token;
    QString tokenFile;
    QString roomName; // the name in invite links; empty: the machine's host name
    QUrl inviteBaseUrl; // the base URL in invite links; empty: publicUrl()
};

// What RoomServer::post() did with a message.
struct PostResult
{
    enum class Status {
        Created, // stored now (HTTP 201)
        Duplicate, // its clientId was stored before: `message` is that first one (HTTP 200)
        Rejected, // invalid user or content (HTTP 400); see `error`
        StorageFailed, // the data directory could not take it (HTTP 500)
    };
    Status status = Status::Rejected;
    RoomMessage message;
    QString error;

    bool isStored() const { return status == Status::Created || status == Status::Duplicate; }
};

// The Hibiki room: GET /sse, POST /messages, GET /health over HTTP/1.1 (QtHttpServer), as
// docs/PROTOCOL.md describes them.
// Not thread-safe: use it from the thread it lives in, which also calls listen(). To keep
// the SQLite fsync off a GUI thread, move it to a worker QThread before listen().
class RoomServer : public QObject
{
    Q_OBJECT
public:
    using Config = RoomServerConfig;

    struct Statistics
    {
        quint64 messagesStored = 0;
        quint64 duplicatesAnswered = 0;
        quint64 clientsCutOff = 0; // streams dropped for falling behind (also over budget)
        quint64 connectionsRefused = 0; // 503: maxConnections reached
        quint64 connectionsShed = 0; // closed at once: out of file descriptors
        quint64 connectionsTimedOut = 0; // head, body or keep-alive timeout
    };

    explicit RoomServer(const Config &config = {}, QObject *parent = nullptr);
    ~RoomServer() override;

    // Opens the store and starts listening. On failure returns false, errorString() says why.
    bool listen();
    // Ends every stream and connection, stops listening and closes the store. Safe to call
    // twice; a closed server can listen() again.
    void close();

    bool isListening() const;
    QString errorString() const;
    const Config &config() const { return m_config; }
    quint16 port() const; // the real port once listening (also with Config::port == 0)
    QUrl baseUrl() const; // e.g. http://127.0.0.1:8787 (a wildcard address becomes loopback)
    // The base URL for others: Config::inviteBaseUrl, else the listen address (listening on
    // all interfaces: the machine's first non-loopback IPv4 address, else loopback).
    QUrl publicUrl() const;
    bool isEncrypted() const; // serving HTTPS
    QString certificateSha256() const; // SHA-256 of the certificate, lower-case hex; or empty
    QString accessToken() const; // the bearer token, empty when none is required
    // hibiki://join?url=<publicUrl>&sha256=<certificateSha256>&token=<token>&name=<name>,
    // every value percent-encoded; sha256 and token are left out when there are none
    // (docs/PROTOCOL.md, "Invite links").
    QUrl inviteUrl() const;
    QString inviteLink() const; // inviteUrl() as text, exactly as printed by --print-invite
    // A new random token (written to Config::tokenFile when the token came from it); every
    // open stream is closed, as each holds the old one. Returns the new token; empty when
    // the room has no token or the file could not be written (errorString() says why).
    QString rotateToken();
    int clientCount() const; // open /sse streams
    int connectionCount() const; // open connections of every kind
    qint64 lastId() const; // id of the newest stored message, 0 when none
    // The event id of the newest message ("42", or "<epoch>-42" in a memory-only room).
    QString lastEventId() const;
    // This run's epoch in a memory-only room; empty with a data directory.
    QString epoch() const;
    Statistics statistics() const;

    // Stores and broadcasts a message exactly as POST /messages would (same validation and
    // clientId idempotency). For in-process hosts and benchmarks.
    PostResult post(const QString &user, const QString &content, const QString &clientId = {});

Q_SIGNALS:
    void messagePosted(const hibiki::RoomMessage &message); // newly stored, not duplicates
    void clientCountChanged(int count);
    void clientCutOff(); // a stream fell more than maxQueueBytes behind and was dropped

private:
    void route(const QHttpServerRequest &request, HttpConnection &&connection);
    void serveStream(const QHttpServerRequest &request, HttpConnection &&connection,
        const QByteArray &allowedOrigin);
    void servePost(const QHttpServerRequest &request, HttpConnection &&connection,
        const QByteArray &allowedOrigin);
    void serveHealth(HttpConnection &&connection);
    void servePreflight(const QHttpServerRequest &request, HttpConnection &&connection);
    bool isOwnHost(const QByteArray &host) const;
    bool isOwnHostName(const QByteArray &host) const;
    bool isAllowedOrigin(const QByteArray &origin) const;
    void collectOwnNames();
    // post(); `json` (if given) receives the message's JSON, encoded once for the stream
    // and the HTTP answer.
    PostResult postMessage(
        const QString &user, const QString &content, const QString &clientId, QByteArray *json);

    Config m_config;
    QString m_error;
    std::unique_ptr<MessageStore> m_store;
    QPointer<SubscriberHub> m_hub;
    QPointer<HttpAdapter> m_http;
    quint16 m_port = 0;
    Statistics m_stats;
    QStringList m_ownNames; // lower case, for the Host check
    QList<QHostAddress> m_ownAddresses;
    mutable QByteArray m_lastOwnHost; // the Host value last found to be ours (clients repeat it)
    QString m_token;
    QString m_fingerprint;
};

} // namespace hibiki
