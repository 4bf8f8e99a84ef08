// SPDX-License-Identifier: MIT
// RoomServer: lifecycle and posting. The HTTP routes are in roomroutes.cpp.
#include <hibikiserver/roomserver.h>

#include "accesstoken.h"
#include "httpadapter.h"
#include "messagerequest.h"
#include "messagestore.h"
#include "subscriberhub.h"
#include "tlsidentity.h"

#include <QHostInfo>
#include <QNetworkInterface>
#include <QSslConfiguration>
#include <QUrlQuery>

#include <algorithm>

#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// Descriptors kept for everything but connections (SQLite, its WAL, the lock file, the
// event loop's, the spare one of the listener) when the cap comes from the limit.
constexpr int ReservedDescriptors = 64;

int connectionCap(int configured)
{
    if (configured > 0) {
        return configured;
    }
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
        return 4096; // no limit: the same cap as the largest limit
    }
    // Capped also for memory: each connection costs a socket object and its buffers.
    return int(std::clamp<rlim_t>(limit.rlim_cur, ReservedDescriptors + 16, 4096 + 64))
        - ReservedDescriptors;
}

} // namespace

RoomServer::RoomServer(const Config &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
{ }

RoomServer::~RoomServer()
{
    close();
}

bool RoomServer::listen()
{
    if (isListening()) {
        return true;
    }
    m_error.clear();
    m_stats = {};
    collectOwnNames();
    m_token = m_config.token;
    if (m_token.isEmpty() && !m_config.tokenFile.isEmpty()) {
        const auto token = token::loadOrCreate(m_config.tokenFile, &m_error);
        if (!token) {
            return false;
        }
        m_token = *token;
    }
    std::optional<TlsIdentity> tls;
    m_fingerprint.clear();
    if (!m_config.tlsDirectory.isEmpty()) {
        QStringList names = m_ownNames;
        QStringList addresses {u"127.0.0.1"_s, u"::1"_s};
        for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
            addresses << address.toString();
        }
        addresses.removeDuplicates();
        // The host name first: it becomes the certificate's common name.
        names.removeAll(u"localhost"_s);
        names.append(u"localhost"_s);
        tls = TlsIdentity::loadOrCreate(m_config.tlsDirectory, names, addresses, &m_error);
        if (!tls) {
            return false;
        }
        m_fingerprint = tls->fingerprint();
    }
    m_store = std::make_unique<MessageStore>(m_config.history);
    if (!m_store->open(m_config.dataDir)) {
        m_error = m_store->errorString();
        m_store.reset();
        return false;
    }
    HttpLimits limits;
    limits.maxConnections = connectionCap(m_config.maxConnections);
    limits.headTimeoutMs = m_config.headTimeoutMs;
    limits.bodyTimeoutMs = m_config.bodyTimeoutMs;
    limits.keepAliveTimeoutMs = m_config.keepAliveTimeoutMs;
    limits.maxHeaderBytes = m_config.maxHeaderBytes;
    limits.maxUrlBytes = m_config.maxUrlBytes;
    limits.maxBodyBytes = m_config.maxBodyBytes;
    limits.lingerMs = m_config.lingerMs;
    limits.lingerBytes = m_config.lingerBytes;
    auto http = new HttpAdapter(
        [this](const QHttpServerRequest &request, HttpConnection &&connection) {
            route(request, std::move(connection));
        },
        limits, this);
    if (tls) {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setLocalCertificate(tls->certificate);
        configuration.setPrivateKey(tls->key);
        configuration.setProtocol(QSsl::TlsV1_2OrLater);
        configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
        configuration.setAllowedNextProtocols({QByteArray(QSslConfiguration::NextProtocolHttp1_1)});
        http->setTlsConfiguration(configuration);
    }
    if (!http->listen(m_config.listenAddress, m_config.port)) {
        m_error = http->errorString();
        delete http;
        m_store.reset();
        return false;
    }
    m_http = http;
    m_port = http->port();

    const SubscriberHub::Settings settings {m_config.maxQueueBytes, m_config.replayBatch,
        m_config.heartbeatMs, m_config.retryMs, m_config.maxQueuedBytesTotal};
    m_hub = new SubscriberHub(*m_store, settings, this);
    connect(m_hub, &SubscriberHub::countChanged, this, &RoomServer::clientCountChanged);
    connect(m_hub, &SubscriberHub::cutOff, this, [this] {
        ++m_stats.clientsCutOff;
        Q_EMIT clientCutOff();
    });
    return true;
}

void RoomServer::close()
{
    if (!isListening()) {
        return;
    }
    m_stats = statistics(); // keeps the HTTP layer's figures past close()
    if (m_hub) {
        m_hub->finishAll();
        m_hub->disconnect(this);
        // Deferred: close() may run inside a request handler of this very hub or frontend.
        m_hub->deleteLater();
    }
    if (m_http) {
        m_http->shutdown();
        m_http->deleteLater();
    }
    m_hub = nullptr;
    m_http = nullptr;
    m_port = 0;
    m_store.reset();
}

bool RoomServer::isListening() const
{
    return m_http != nullptr;
}

QString RoomServer::errorString() const
{
    return m_error;
}

quint16 RoomServer::port() const
{
    return m_port;
}

QUrl RoomServer::baseUrl() const
{
    QHostAddress host = m_config.listenAddress;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4) {
        host = QHostAddress(QHostAddress::LocalHost);
    } else if (host == QHostAddress::AnyIPv6) {
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    }
    QUrl url;
    url.setScheme(isEncrypted() ? u"https"_s : u"http"_s);
    url.setHost(host.toString());
    url.setPort(m_port);
    return url;
}

QUrl RoomServer::publicUrl() const
{
    if (!m_config.inviteBaseUrl.isEmpty()) {
        return m_config.inviteBaseUrl;
    }
    QUrl url = baseUrl();
    const QHostAddress listen = m_config.listenAddress;
    if (listen == QHostAddress::Any || listen == QHostAddress::AnyIPv4
        || listen == QHostAddress::AnyIPv6) {
        for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
            if (!address.isLoopback() && address.protocol() == QAbstractSocket::IPv4Protocol
                && !address.isLinkLocal()) {
                url.setHost(address.toString());
                break;
            }
        }
    }
    return url;
}

bool RoomServer::isEncrypted() const
{
    return !m_fingerprint.isEmpty() && isListening();
}

QString RoomServer::certificateSha256() const
{
    return isListening() ? m_fingerprint : QString();
}

QString RoomServer::accessToken() const
{
    return m_token;
}

QUrl RoomServer::inviteUrl() const
{
    return QUrl(inviteLink(), QUrl::StrictMode);
}

QString RoomServer::inviteLink() const
{
    // Built by hand so that every value is percent-encoded the same way (QUrlQuery leaves
    // some delimiters as they are).
    const auto encoded
        = [](const QString &value) { return QString::fromLatin1(QUrl::toPercentEncoding(value)); };
    const QString name
        = m_config.roomName.isEmpty() ? QHostInfo::localHostName() : m_config.roomName;
    QString link = u"hibiki://join?url="_s + encoded(publicUrl().toString(QUrl::FullyEncoded));
    if (!certificateSha256().isEmpty()) {
        link += u"&sha256="_s + encoded(certificateSha256());
    }
    if (!m_token.isEmpty()) {
        link += u"&token="_s + encoded(m_token);
    }
    link += u"&name="_s + encoded(name);
    return link;
}

QString RoomServer::rotateToken()
{
    if (m_token.isEmpty()) {
        return {};
    }
    const QString fresh = token::generate();
    if (m_config.token.isEmpty() && !m_config.tokenFile.isEmpty()
        && !token::store(m_config.tokenFile, fresh, &m_error)) {
        return {};
    }
    m_token = fresh;
    if (m_hub) {
        m_hub->dropAll();
    }
    return fresh;
}

int RoomServer::clientCount() const
{
    return m_hub ? m_hub->count() : 0;
}

int RoomServer::connectionCount() const
{
    return m_http ? m_http->connectionCount() : 0;
}

qint64 RoomServer::lastId() const
{
    return m_store ? m_store->lastId() : 0;
}

QString RoomServer::lastEventId() const
{
    if (!m_store || m_store->lastId() == 0) {
        return {};
    }
    RoomMessage newest;
    newest.id = m_store->lastId();
    newest.epoch = m_store->epoch();
    return newest.eventId();
}

QString RoomServer::epoch() const
{
    return m_store ? m_store->epoch() : QString();
}

RoomServer::Statistics RoomServer::statistics() const
{
    Statistics stats = m_stats;
    if (m_http) {
        const HttpAdapter::Statistics http = m_http->statistics();
        stats.connectionsRefused = http.rejectedFull;
        stats.connectionsShed = http.shed;
        stats.connectionsTimedOut = http.timedOut;
    }
    return stats;
}

void RoomServer::collectOwnNames()
{
    m_lastOwnHost.clear();
    m_ownNames = {u"localhost"_s};
    m_ownAddresses = {m_config.listenAddress};
    const QHostAddress listen = m_config.listenAddress;
    if (listen == QHostAddress::Any || listen == QHostAddress::AnyIPv4
        || listen == QHostAddress::AnyIPv6) {
        m_ownAddresses += QNetworkInterface::allAddresses();
    }
    const QString hostName = QHostInfo::localHostName().toLower();
    if (!hostName.isEmpty()) {
        m_ownNames << hostName << hostName + u".local"_s;
        const QString domain = QHostInfo::localDomainName().toLower();
        if (!domain.isEmpty()) {
            m_ownNames << hostName + u'.' + domain;
        }
    }
    for (const QString &name : m_config.serverNames) {
        QString normalized = name.trimmed().toLower();
        while (normalized.endsWith(u'.')) {
            normalized.chop(1);
        }
        if (!normalized.isEmpty()) {
            m_ownNames << normalized;
        }
    }
}

bool RoomServer::isOwnHost(const QByteArray &host) const
{
    if (host == m_lastOwnHost) {
        return true;
    }
    if (!isOwnHostName(host)) {
        return false;
    }
    m_lastOwnHost = host;
    return true;
}

bool RoomServer::isOwnHostName(const QByteArray &host) const
{
    // "name", "name:port", "1.2.3.4:port", "[::1]:port"; the port is not looked at.
    QString name = QString::fromLatin1(host).trimmed().toLower();
    if (name.startsWith(u'[')) {
        const qsizetype close = name.indexOf(u']');
        if (close < 0) {
            return false;
        }
        name = name.mid(1, close - 1);
    } else if (name.count(u':') == 1) {
        name.truncate(name.indexOf(u':'));
    }
    while (name.endsWith(u'.')) {
        name.chop(1);
    }
    QHostAddress address;
    if (address.setAddress(name)) {
        if (address.isLoopback()) {
            return true;
        }
        return std::any_of(m_ownAddresses.cbegin(), m_ownAddresses.cend(),
            [&](const QHostAddress &own) { return own.isEqual(address); });
    }
    return m_ownNames.contains(name);
}

bool RoomServer::isAllowedOrigin(const QByteArray &origin) const
{
    QString text = QString::fromLatin1(origin).trimmed();
    while (text.endsWith(u'/')) {
        text.chop(1);
    }
    return std::any_of(
        m_config.allowedOrigins.cbegin(), m_config.allowedOrigins.cend(), [&](QString allowed) {
            while (allowed.endsWith(u'/')) {
                allowed.chop(1);
            }
            return allowed == "*"_L1 || allowed.compare(text, Qt::CaseInsensitive) == 0;
        });
}

PostResult RoomServer::post(const QString &user, const QString &content, const QString &clientId)
{
    return postMessage(user, content, clientId, nullptr);
}

PostResult RoomServer::postMessage(
    const QString &user, const QString &content, const QString &clientId, QByteArray *json)
{
    PostResult result;
    if (!m_store) {
        result.status = PostResult::Status::StorageFailed;
        result.error = u"the room is not open"_s;
        return result;
    }
    MessageRequest request {user, content, clientId};
    result.error = request.validate();
    if (!result.error.isEmpty()) {
        return result; // Rejected
    }
    // Whole seconds, so that the JSON text and the stored value are the same instant.
    const QDateTime now
        = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
    const auto append = m_store->append(request.user, request.content, request.clientId, now);
    result.message = append.message;
    switch (append.outcome) {
    case MessageStore::Append::Outcome::Failed:
        result.status = PostResult::Status::StorageFailed;
        result.error = u"the message could not be stored"_s;
        return result;
    case MessageStore::Append::Outcome::Duplicate:
        result.status = PostResult::Status::Duplicate;
        ++m_stats.duplicatesAnswered;
        if (json) {
            *json = result.message.toJson();
        }
        return result;
    case MessageStore::Append::Outcome::Created:
        break;
    }
    result.status = PostResult::Status::Created;
    ++m_stats.messagesStored;
    const QByteArray encoded = result.message.toJson();
    m_hub->publish(result.message, encoded);
    if (json) {
        *json = encoded;
    }
    Q_EMIT messagePosted(result.message);
    return result;
}

} // namespace hibiki
