// SPDX-License-Identifier: MIT
#pragma once

#include "core/profile.h"

#include <QByteArray>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QString>
#include <QTcpServer>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkReply;
class QTcpSocket;

// Real SSE chat servers that nobody here wrote (and hibiki-server), started by the tests as
// child processes on loopback, each with its own temporary directory and port.
namespace hibiki::interop {

// A TCP port on 127.0.0.1 that was free a moment ago: bound to 0, read, released.
quint16 freeLoopbackPort();

// Polls connecting to 127.0.0.1:`port` until a connection is accepted, `alive` returns
// false (the process died) or the deadline passes.
bool waitUntilAccepting(quint16 port, int timeoutMs, const std::function<bool()> &alive);

// Bare: the tutorial's server in its bare shape (server.mjs with BARE=1): no ids, no
// replay, no user, POST answered {"ok":true}. Redis: not a chat server but what nchan
// nodes share their channels through (redis-server with its append-only file on).
enum class PeerKind { Nchan, Hono, Hibiki, Bare, Redis };
QString peerName(PeerKind kind);

// One server process. The port is picked on the first start() and kept, and so is the
// server's data, so that restart() is the same server coming back.
class Peer
{
public:
    struct Options
    {
        int pingMs = 1000; // the server's heartbeat, short so that tests see a few
        int dropSeconds = 1; // nchan: subscriber timeout of the /drop/ locations
        int history = 0; // hibiki-server and Hono: messages kept for replay (0: default)
        QString certificatePath; // nchan: serve HTTPS + HTTP/2 with this PEM pair
        QString keyPath;
        // nchan: keep channels in the Redis at this port, shared with other nodes
        // (tests/interop/nginx/cluster.conf.in); 0: nchan's own memory store.
        quint16 redisPort = 0;
        // nchan with Redis: the older "nchan_use_redis on" + "nchan_redis_url" in each
        // location instead of an upstream block and "nchan_redis_pass".
        bool redisUrlSpelling = false;
    };

    static std::unique_ptr<Peer> create(PeerKind kind, const QString &workDir, Options options);
    static std::unique_ptr<Peer> create(PeerKind kind, const QString &workDir)
    {
        return create(kind, workDir, Options {});
    }
    virtual ~Peer();

    PeerKind kind() const { return m_kind; }
    QString name() const { return peerName(m_kind); }
    // Empty when the peer can run here; else why not (a missing binary or package), for a
    // loud skip message.
    virtual QString unavailableReason() const = 0;

    // Starts and waits until the server accepts connections. False: see errorString().
    bool start(int timeoutMs = 20000);
    // Ends the process with SIGKILL, as a crash would, and waits for it. Every peer is one
    // process (nginx runs with `master_process off`), so nothing is left behind.
    void kill();
    // Asks the process to end (SIGTERM), as a service manager stops it, and waits for it;
    // SIGKILL if it has not ended within `timeoutMs`. False when it had to be killed.
    bool stop(int timeoutMs = 10000);
    bool isRunning() const;
    // Called before a kill() that will be followed by start(): whatever the server needs
    // so that its restart is a restart and not time travel (see NchanPeer).
    virtual void prepareRestart() { }

    quint16 port() const { return m_port; }
    // http://127.0.0.1:<port> (https:// for nchan with a certificate).
    QUrl baseUrl() const;
    // The built-in profile for this server at `baseUrl` (e.g. through a proxy), room `room`.
    virtual Profile profile(
        const QUrl &baseUrl, const QString &room = QStringLiteral("lobby")) const = 0;
    Profile profile() const { return profile(baseUrl()); }

    QString errorString() const { return m_error; }
    // Everything the process printed (stdout and stderr), for failure messages.
    QString output();

protected:
    Peer(PeerKind kind, const QString &workDir, Options options);
    // Writes configuration files; the program and its arguments and environment.
    virtual bool prepare() { return true; }
    virtual QString program() const = 0;
    virtual QStringList arguments() const = 0;
    virtual QProcessEnvironment environment() const
    {
        return QProcessEnvironment::systemEnvironment();
    }

    PeerKind m_kind;
    QString m_workDir;
    Options m_options;
    quint16 m_port = 0;
    QString m_error;

private:
    std::unique_ptr<QProcess> m_process;
    QByteArray m_output;
};

// POSTs as "someone else" to a profile's post URL, the way a Hibiki client would, and waits
// for the answer.
class Publisher
{
public:
    struct Result
    {
        int status = 0; // 0: no answer
        QByteArray body;
        QString error;
    };

    explicit Publisher(const Profile &profile, const QString &user = QStringLiteral("bob"));
    Result post(const QString &text, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    // post() and expect a 2xx; the failure in words otherwise (empty on success).
    QString publish(const QString &text);
    void setTrustedCertificates(const QList<QByteArray> &sha256) { m_trusted = sha256; }

private:
    Profile m_profile;
    QString m_user;
    QNetworkAccessManager m_manager;
    QList<QByteArray> m_trusted;
};

// A TCP forwarder between a client and a server that a test can cut: the network or a
// load balancer dropping connections, for any server. Also records the request heads that
// went through it.
class DropProxy : public QObject
{
    Q_OBJECT

public:
    explicit DropProxy(quint16 upstreamPort, QObject *parent = nullptr);
    ~DropProxy() override;

    bool isListening() const { return m_server.isListening(); }
    QUrl url() const; // http://127.0.0.1:<proxy port>

    // Resets every connection through the proxy at once.
    void cutAll();
    // While refusing, every new connection is reset as soon as it is accepted.
    void setRefusing(bool refusing) { m_refusing = refusing; }
    int refusedCount() const { return m_refused; }
    int acceptedCount() const { return m_accepted; }

    // Heads of the GET requests that went upstream, in order ("GET /sse HTTP/1.1\r\n...").
    QList<QByteArray> getRequestHeads() const;

private:
    struct Pipe;
    void onNewConnection();
    void closePipe(Pipe *pipe);

    QTcpServer m_server;
    quint16 m_upstreamPort;
    bool m_refusing = false;
    int m_refused = 0;
    int m_accepted = 0;
    std::vector<std::unique_ptr<Pipe>> m_pipes;
    QList<QByteArray> m_clientBytes; // per connection, what the client sent (capped)
};

// A plain GET through QNetworkAccessManager that keeps every byte of the body, to show
// what a server really sends (no SSE parsing).
class RawGet
{
public:
    RawGet(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers);
    ~RawGet();
    // Spins the event loop until the body contains `needle` (or the reply ended).
    bool waitForBody(QByteArrayView needle, int timeoutMs = 10000);
    bool waitForFinished(int timeoutMs = 10000);
    int status() const;
    QByteArray header(const QByteArray &name) const;
    QByteArray body();

private:
    QNetworkAccessManager m_manager;
    QPointer<QNetworkReply> m_reply;
    QByteArray m_body;
};

// The value of a request header in a raw request head, or empty.
QByteArray headerValue(const QByteArray &head, QByteArrayView name);

} // namespace hibiki::interop
