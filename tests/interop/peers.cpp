// SPDX-License-Identifier: MIT
#include "peers.h"

#include <sseclient/certificatepinning.h>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTest>
#include <QUuid>

#if QT_CONFIG(ssl)
#include <QSslError>
#endif

#ifdef Q_OS_LINUX
#include <sys/prctl.h>

#include <csignal>
#endif

using namespace Qt::StringLiterals;

namespace hibiki::interop {

namespace {

constexpr qsizetype maxRecordedBytes = 1024 * 1024;

QString findProgram(const QString &name, const QStringList &extraDirs = {})
{
    QString found = QStandardPaths::findExecutable(name);
    if (found.isEmpty()) {
        // /usr/sbin is not on every user's PATH, but nginx lives there.
        found = QStandardPaths::findExecutable(name, extraDirs);
    }
    return found;
}

// nginx with the nchan module, serving /sub/<room> and /pub/<room> (tests/interop/nginx).
class NchanPeer : public Peer
{
public:
    NchanPeer(const QString &workDir, Options options)
        : Peer(PeerKind::Nchan, workDir, std::move(options))
    { }

    QString unavailableReason() const override
    {
        if (nginx().isEmpty()) {
            return u"nginx is not installed (Debian package nginx-light, see "
                   "scripts/packages.txt)"_s;
        }
        if (!QFileInfo::exists(module())) {
            return u"the nchan module %1 is missing (Debian package libnginx-mod-nchan)"_s.arg(
                module());
        }
        return {};
    }

    Profile profile(const QUrl &baseUrl, const QString &room) const override
    {
        return Profile::nchanChannel(baseUrl, room);
    }

    // nchan's ids are "<unix seconds>:<n>" and its memory store starts empty: a restart
    // within the second of the last message would hand out that message's id again. A real
    // restart takes longer than that (and a deployment keeps its messages in Redis, see
    // docs/DEPLOYMENT.md), so move on to the next second before killing. With Redis the
    // channels and their ids outlive the node: nothing to wait for.
    void prepareRestart() override
    {
        if (m_options.redisPort != 0) {
            return;
        }
        const qint64 second = QDateTime::currentSecsSinceEpoch();
        const bool moved
            = QTest::qWaitFor([&] { return QDateTime::currentSecsSinceEpoch() > second; }, 3000);
        Q_UNUSED(moved); // the clock always moves on; the deadline only bounds the loop
    }

protected:
    static QString nginx() { return findProgram(u"nginx"_s, {u"/usr/sbin"_s, u"/sbin"_s}); }
    static QString module()
    {
        const QString configured = qEnvironmentVariable("HIBIKI_NCHAN_MODULE");
        return configured.isEmpty() ? u"/usr/lib/nginx/modules/ngx_nchan_module.so"_s : configured;
    }

    bool prepare() override
    {
        const bool redis = m_options.redisPort != 0;
        QFile templateFile(redis
                ? QStringLiteral(HIBIKI_INTEROP_SOURCE_DIR "/nginx/cluster.conf.in")
                : QStringLiteral(HIBIKI_INTEROP_SOURCE_DIR "/nginx/nchan.conf.in"));
        if (!templateFile.open(QIODevice::ReadOnly)) {
            m_error = u"cannot read %1"_s.arg(templateFile.fileName());
            return false;
        }
        QString config = QString::fromUtf8(templateFile.readAll());
        const bool tls = !m_options.certificatePath.isEmpty();
        const QString listen
            = u"127.0.0.1:%1%2"_s.arg(m_port).arg(tls ? u" ssl http2"_s : QString());
        const QString tlsLines = tls
            ? u"        ssl_certificate %1;\n        ssl_certificate_key %2;"_s.arg(
                m_options.certificatePath, m_options.keyPath)
            : QString();
        config.replace(u"@NCHAN_MODULE@"_s, module())
            .replace(u"@PREFIX@"_s, m_workDir)
            .replace(u"@LISTEN@"_s, listen)
            .replace(u"@TLS@"_s, tlsLines)
            .replace(u"@PING_SECONDS@"_s, QString::number(std::max(1, m_options.pingMs / 1000)))
            .replace(u"@DROP_SECONDS@"_s, QString::number(m_options.dropSeconds));
        if (redis) {
            const QString redisUrl = u"redis://127.0.0.1:%1"_s.arg(m_options.redisPort);
            const QString upstream = m_options.redisUrlSpelling
                ? QString()
                : u"    upstream hibiki_redis {\n        nchan_redis_server %1;\n    }"_s.arg(
                    redisUrl);
            const QString location = m_options.redisUrlSpelling
                ? u"            nchan_use_redis on;\n            nchan_redis_url %1;"_s.arg(
                    redisUrl)
                : u"            nchan_redis_pass hibiki_redis;"_s;
            config.replace(u"@REDIS_UPSTREAM@"_s, upstream)
                .replace(u"@REDIS_LOCATION@"_s, location);
        }
        QFile out(configPath());
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            m_error = u"cannot write %1"_s.arg(out.fileName());
            return false;
        }
        out.write(config.toUtf8());
        // Started as root, nginx runs its worker as "nobody": let it reach its prefix.
        QFile::setPermissions(m_workDir,
            QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
        return true;
    }

    QString program() const override { return nginx(); }
    QStringList arguments() const override
    {
        return {u"-p"_s, m_workDir, u"-c"_s, configPath(), u"-e"_s, u"stderr"_s, u"-g"_s,
            u"daemon off;"_s};
    }

private:
    QString configPath() const { return m_workDir + u"/nginx.conf"_s; }
};

// redis-server, with its append-only file on (appendonly yes, fsync every second) in its
// temporary directory: what the nchan nodes of a cluster share. Not a chat server.
class RedisPeer : public Peer
{
public:
    RedisPeer(const QString &workDir, Options options)
        : Peer(PeerKind::Redis, workDir, std::move(options))
    { }

    QString unavailableReason() const override
    {
        if (redisServer().isEmpty()) {
            return u"redis-server is not installed (Debian package redis-server, see "
                   "scripts/packages.txt)"_s;
        }
        return {};
    }

    Profile profile(const QUrl &, const QString &) const override { return {}; }

protected:
    static QString redisServer()
    {
        return findProgram(u"redis-server"_s, {u"/usr/sbin"_s, u"/usr/bin"_s});
    }

    bool prepare() override
    {
        // The lines docs/DEPLOYMENT.md shows; the rest is redis.conf's defaults.
        const QString config = u"bind 127.0.0.1\n"
                               "port %1\n"
                               "dir %2\n"
                               "appendonly yes\n"
                               "appendfsync everysec\n"
                               "save \"\"\n"
                               "daemonize no\n"
                               "logfile \"\"\n"_s.arg(m_port)
                                   .arg(m_workDir);
        QFile out(configPath());
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            m_error = u"cannot write %1"_s.arg(out.fileName());
            return false;
        }
        out.write(config.toUtf8());
        return true;
    }

    QString program() const override { return redisServer(); }
    QStringList arguments() const override { return {configPath()}; }

private:
    QString configPath() const { return m_workDir + u"/redis.conf"_s; }
};

// The tutorial's chat server on Hono (tests/interop/hono/server.mjs), run by node from the
// build tree, where `npm ci` installed its pinned dependencies. PeerKind::Bare runs it in
// the tutorial's bare shape.
class HonoPeer : public Peer
{
public:
    HonoPeer(PeerKind kind, const QString &workDir, Options options)
        : Peer(kind, workDir, std::move(options))
    { }

    QString unavailableReason() const override
    {
        if (node().isEmpty()) {
            return u"node is not installed (Debian package nodejs, see scripts/packages.txt)"_s;
        }
        if (!QFileInfo::exists(QStringLiteral(HIBIKI_HONO_DIR "/node_modules/hono/package.json"))
            || !QFileInfo::exists(
                QStringLiteral(HIBIKI_HONO_DIR "/node_modules/@hono/node-server/package.json"))) {
            return u"hono is not installed in " HIBIKI_HONO_DIR
                   " (the build runs npm ci there; is npm installed?)"_s;
        }
        return {};
    }

    Profile profile(const QUrl &baseUrl, const QString &) const override
    {
        return Profile::tutorialServer(baseUrl);
    }

protected:
    static QString node()
    {
        const QString node = findProgram(u"node"_s);
        return node.isEmpty() ? findProgram(u"nodejs"_s) : node;
    }
    QString program() const override { return node(); }
    QStringList arguments() const override
    {
        return {QStringLiteral(HIBIKI_HONO_DIR "/server.mjs")};
    }
    QProcessEnvironment environment() const override
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"PORT"_s, QString::number(m_port));
        environment.insert(u"HOST"_s, u"127.0.0.1"_s);
        environment.insert(u"PING_MS"_s, QString::number(m_options.pingMs));
        environment.insert(u"RETRY_MS"_s, u"250"_s);
        environment.insert(u"DATA_FILE"_s, m_workDir + u"/messages.jsonl"_s);
        environment.insert(u"BARE"_s, m_kind == PeerKind::Bare ? u"1"_s : u"0"_s);
        if (m_options.history > 0) {
            environment.insert(u"HISTORY"_s, QString::number(m_options.history));
        }
        return environment;
    }
};

// hibiki-server, the reference room server of this project.
class HibikiPeer : public Peer
{
public:
    HibikiPeer(const QString &workDir, Options options)
        : Peer(PeerKind::Hibiki, workDir, std::move(options))
    { }

    QString unavailableReason() const override
    {
#ifdef HIBIKI_SERVER_PATH
        if (!QFileInfo(QStringLiteral(HIBIKI_SERVER_PATH)).isExecutable()) {
            return u"hibiki-server was not built at " HIBIKI_SERVER_PATH ""_s;
        }
        return {};
#else
        return u"this build has no hibiki-server target"_s;
#endif
    }

    Profile profile(const QUrl &baseUrl, const QString &) const override
    {
        return Profile::hibikiRoom(baseUrl);
    }

protected:
    QString program() const override
    {
#ifdef HIBIKI_SERVER_PATH
        return QStringLiteral(HIBIKI_SERVER_PATH);
#else
        return {};
#endif
    }
    QStringList arguments() const override
    {
        QDir(m_workDir).mkpath(u"data"_s);
        QStringList arguments {u"--port"_s, QString::number(m_port), u"--data"_s,
            m_workDir + u"/data"_s, u"--heartbeat-ms"_s, QString::number(m_options.pingMs)};
        if (m_options.history > 0) {
            arguments << u"--history"_s << QString::number(m_options.history);
        }
        return arguments;
    }
};

} // namespace

quint16 freeLoopbackPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0)) {
        return 0;
    }
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

bool waitUntilAccepting(quint16 port, int timeoutMs, const std::function<bool()> &alive)
{
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < timeoutMs) {
        if (alive && !alive()) {
            return false;
        }
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        const bool settled = QTest::qWaitFor(
            [&] {
                return socket.state() == QAbstractSocket::ConnectedState
                    || socket.state() == QAbstractSocket::UnconnectedState;
            },
            1000);
        if (settled && socket.state() == QAbstractSocket::ConnectedState) {
            socket.abort();
            return true;
        }
        socket.abort();
        QTest::qWait(20); // the next poll
    }
    return false;
}

QString peerName(PeerKind kind)
{
    switch (kind) {
    case PeerKind::Nchan:
        return u"nchan"_s;
    case PeerKind::Hono:
        return u"hono"_s;
    case PeerKind::Bare:
        return u"bare"_s;
    case PeerKind::Redis:
        return u"redis"_s;
    case PeerKind::Hibiki:
        break;
    }
    return u"hibiki"_s;
}

std::unique_ptr<Peer> Peer::create(PeerKind kind, const QString &workDir, Options options)
{
    switch (kind) {
    case PeerKind::Nchan:
        return std::make_unique<NchanPeer>(workDir, std::move(options));
    case PeerKind::Hono:
    case PeerKind::Bare:
        return std::make_unique<HonoPeer>(kind, workDir, std::move(options));
    case PeerKind::Redis:
        return std::make_unique<RedisPeer>(workDir, std::move(options));
    case PeerKind::Hibiki:
        break;
    }
    return std::make_unique<HibikiPeer>(workDir, std::move(options));
}

Peer::Peer(PeerKind kind, const QString &workDir, Options options)
    : m_kind(kind)
    , m_workDir(workDir)
    , m_options(std::move(options))
{ }

Peer::~Peer()
{
    kill();
}

bool Peer::start(int timeoutMs)
{
    if (isRunning()) {
        return true;
    }
    if (const QString reason = unavailableReason(); !reason.isEmpty()) {
        m_error = reason;
        return false;
    }
    if (m_port == 0) {
        m_port = freeLoopbackPort();
    }
    if (!prepare()) {
        return false;
    }
    m_process = std::make_unique<QProcess>();
    m_process->setProgram(program());
    m_process->setArguments(arguments());
    m_process->setProcessEnvironment(environment());
    m_process->setWorkingDirectory(m_workDir);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
#ifdef Q_OS_LINUX
    // Should the test process die (a crash, a CTest timeout), the server dies with it
    // instead of holding its port for ever.
    m_process->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
#endif
    QProcess *const process = m_process.get();
    QObject::connect(process, &QProcess::readyReadStandardOutput, process, [this, process] {
        m_output += process->readAllStandardOutput();
        if (m_output.size() > maxRecordedBytes) {
            m_output = m_output.right(maxRecordedBytes);
        }
    });
    m_process->start();
    if (!m_process->waitForStarted(timeoutMs)) {
        m_error = u"%1 did not start: %2"_s.arg(program(), m_process->errorString());
        return false;
    }
    if (!waitUntilAccepting(m_port, timeoutMs, [this] { return isRunning(); })) {
        m_error = isRunning()
            ? u"%1 did not accept connections on port %2 in time"_s.arg(name()).arg(m_port)
            : u"%1 exited (code %2) before accepting connections"_s.arg(name()).arg(
                m_process->exitCode());
        m_error += u"; its output:\n"_s + output();
        return false;
    }
    return true;
}

void Peer::kill()
{
    if (!m_process) {
        return;
    }
    if (m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished(10000);
    }
    m_output += m_process->readAllStandardOutput();
    m_process.reset();
}

bool Peer::stop(int timeoutMs)
{
    if (!m_process) {
        return true;
    }
    bool stopped = true;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        stopped = m_process->waitForFinished(timeoutMs);
        if (!stopped) {
            m_process->kill();
            m_process->waitForFinished(10000);
        }
    }
    m_output += m_process->readAllStandardOutput();
    m_process.reset();
    return stopped;
}

bool Peer::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QUrl Peer::baseUrl() const
{
    QUrl url;
    url.setScheme(m_options.certificatePath.isEmpty() ? u"http"_s : u"https"_s);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(m_port);
    return url;
}

QString Peer::output()
{
    if (m_process) {
        m_output += m_process->readAllStandardOutput();
    }
    return QString::fromUtf8(m_output);
}

Publisher::Publisher(const Profile &profile, const QString &user)
    : m_profile(profile)
    , m_user(user)
{ }

Publisher::Result Publisher::post(
    const QString &text, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(m_profile.postUrl);
    request.setHeader(QNetworkRequest::ContentTypeHeader, m_profile.postContentType());
    for (const auto &[name, value] : headers) {
        request.setRawHeader(name, value);
    }
    const QByteArray body
        = m_profile.postBody(text, m_user, QUuid::createUuid().toString(QUuid::WithoutBraces));
    QNetworkReply *reply = m_manager.sendCustomRequest(request, m_profile.postMethod, body);
#if QT_CONFIG(ssl)
    QObject::connect(
        reply, &QNetworkReply::sslErrors, reply, [this, reply](const QList<QSslError> &errors) {
            sse::acceptPinnedCertificate(reply, errors, m_trusted);
        });
#endif
    Result result;
    if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 15000)) {
        result.error = u"no answer to the POST in 15 s"_s;
        reply->abort();
    }
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    if (result.error.isEmpty() && reply->error() != QNetworkReply::NoError) {
        result.error = reply->errorString();
    }
    reply->deleteLater();
    return result;
}

QString Publisher::publish(const QString &text)
{
    const Result result = post(text);
    if (result.status >= 200 && result.status < 300) {
        return {};
    }
    return u"POST %1 answered %2 %3 %4"_s.arg(m_profile.postUrl.toString())
        .arg(result.status)
        .arg(result.error, QString::fromUtf8(result.body.left(300)));
}

struct DropProxy::Pipe
{
    QPointer<QTcpSocket> client;
    QPointer<QTcpSocket> upstream;
    qsizetype index = 0; // into m_clientBytes
    QByteArray pending; // client bytes before the upstream connection is up
};

DropProxy::DropProxy(quint16 upstreamPort, QObject *parent)
    : QObject(parent)
    , m_upstreamPort(upstreamPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &DropProxy::onNewConnection);
    m_server.listen(QHostAddress::LocalHost, 0);
}

DropProxy::~DropProxy()
{
    cutAll();
}

QUrl DropProxy::url() const
{
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(u"127.0.0.1"_s);
    url.setPort(m_server.serverPort());
    return url;
}

void DropProxy::onNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        client->setParent(this);
        if (m_refusing) {
            ++m_refused;
            client->abort();
            client->deleteLater();
            continue;
        }
        ++m_accepted;
        auto pipe = std::make_unique<Pipe>();
        Pipe *const p = pipe.get();
        p->client = client;
        p->upstream = new QTcpSocket(this);
        p->index = m_clientBytes.size();
        m_clientBytes.append(QByteArray());
        m_pipes.push_back(std::move(pipe));

        connect(p->upstream, &QTcpSocket::connected, this,
            [p] { p->upstream->write(std::exchange(p->pending, {})); });
        connect(client, &QTcpSocket::readyRead, this, [this, p] {
            const QByteArray bytes = p->client->readAll();
            QByteArray &record = m_clientBytes[p->index];
            if (record.size() < maxRecordedBytes) {
                record += bytes.left(maxRecordedBytes - record.size());
            }
            if (p->upstream->state() == QAbstractSocket::ConnectedState) {
                p->upstream->write(bytes);
            } else {
                p->pending += bytes;
            }
        });
        connect(p->upstream, &QTcpSocket::readyRead, this,
            [p] { p->client->write(p->upstream->readAll()); });
        // A side that closes gracefully closes the other side gracefully, after what is
        // still in flight.
        connect(p->upstream, &QTcpSocket::disconnected, this, [this, p] {
            p->client->write(p->upstream->readAll());
            p->client->disconnectFromHost();
            closePipe(p);
        });
        connect(client, &QTcpSocket::disconnected, this, [this, p] {
            p->upstream->disconnectFromHost();
            closePipe(p);
        });
        connect(p->upstream, &QTcpSocket::errorOccurred, this,
            [this, p](QAbstractSocket::SocketError error) {
                if (error != QAbstractSocket::RemoteHostClosedError) {
                    p->client->abort();
                    closePipe(p);
                }
            });
        p->upstream->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
    }
}

void DropProxy::closePipe(Pipe *pipe)
{
    const auto it = std::find_if(m_pipes.begin(), m_pipes.end(),
        [pipe](const std::unique_ptr<Pipe> &candidate) { return candidate.get() == pipe; });
    if (it == m_pipes.end()) {
        return;
    }
    for (QTcpSocket *socket : {pipe->client.data(), pipe->upstream.data()}) {
        if (socket) {
            disconnect(socket, nullptr, this, nullptr);
            socket->deleteLater();
        }
    }
    m_pipes.erase(it);
}

void DropProxy::cutAll()
{
    while (!m_pipes.empty()) {
        Pipe *const pipe = m_pipes.back().get();
        for (QTcpSocket *socket : {pipe->client.data(), pipe->upstream.data()}) {
            if (socket) {
                disconnect(socket, nullptr, this, nullptr);
                socket->abort();
            }
        }
        closePipe(pipe);
    }
}

QList<QByteArray> DropProxy::getRequestHeads() const
{
    // A request line may follow a previous request's body directly on a kept-alive
    // connection: look for "GET <target> HTTP/1.1\r\n" anywhere.
    static const QRegularExpression requestLine(u"GET [^ \r\n]+ HTTP/1\\.1\r\n"_s);
    QList<QByteArray> heads;
    for (const QByteArray &bytes : m_clientBytes) {
        const QString text = QString::fromLatin1(bytes);
        QRegularExpressionMatchIterator it = requestLine.globalMatch(text);
        while (it.hasNext()) {
            const qsizetype at = it.next().capturedStart();
            const qsizetype end = bytes.indexOf("\r\n\r\n", at);
            heads.append(bytes.mid(at, end < 0 ? -1 : end - at + 2));
        }
    }
    return heads;
}

RawGet::RawGet(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QNetworkRequest request(url);
    for (const auto &[name, value] : headers) {
        request.setRawHeader(name, value);
    }
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    m_reply = m_manager.get(request);
}

RawGet::~RawGet()
{
    if (m_reply) {
        m_reply->abort();
        delete m_reply.data();
    }
}

QByteArray RawGet::body()
{
    if (m_reply) {
        m_body += m_reply->readAll();
    }
    return m_body;
}

bool RawGet::waitForBody(QByteArrayView needle, int timeoutMs)
{
    return QTest::qWaitFor(
               [&] { return body().contains(needle) || !m_reply || m_reply->isFinished(); },
               timeoutMs)
        && body().contains(needle);
}

bool RawGet::waitForFinished(int timeoutMs)
{
    return QTest::qWaitFor([&] { return !m_reply || m_reply->isFinished(); }, timeoutMs);
}

int RawGet::status() const
{
    return m_reply ? m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() : 0;
}

QByteArray RawGet::header(const QByteArray &name) const
{
    return m_reply ? m_reply->rawHeader(name) : QByteArray();
}

QByteArray headerValue(const QByteArray &head, QByteArrayView name)
{
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0
            && QByteArrayView(line).first(colon).trimmed().compare(name, Qt::CaseInsensitive)
                == 0) {
            return line.mid(colon + 1).trimmed();
        }
    }
    return {};
}

} // namespace hibiki::interop
