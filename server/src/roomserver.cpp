// SPDX-License-Identifier: MIT
// RoomServer: lifecycle and posting. The HTTP routes are in roomroutes.cpp.
#include <hibikiserver/roomserver.h>

#include "httpfrontend.h"
#include "messagerequest.h"
#include "messagestore.h"
#include "subscriberhub.h"

#include <QHttpServerResponder>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// Headers and request line on top of the largest accepted body before the connection is
// cut without waiting for the end of the request (see LimitedTcpServer).
constexpr qint64 RequestHeadAllowance = 64 * 1024;

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
    if (isListening())
        return true;
    m_error.clear();
    m_stats = {};
    m_store = std::make_unique<MessageStore>(m_config.history);
    if (!m_store->open(m_config.dataDir)) {
        m_error = m_store->errorString();
        m_store.reset();
        return false;
    }
    auto frontend = new HttpFrontend(
        [this](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
            route(request, std::move(responder));
        },
        m_config.maxBodyBytes + RequestHeadAllowance, this);
    if (!frontend->listen(m_config.listenAddress, m_config.port)) {
        m_error = frontend->errorString();
        delete frontend;
        m_store.reset();
        return false;
    }
    m_frontend = frontend;
    m_port = frontend->port();

    const SubscriberHub::Settings settings {
        m_config.maxQueueBytes, m_config.replayBatch, m_config.heartbeatMs, m_config.retryMs};
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
    if (!isListening())
        return;
    if (m_hub) {
        m_hub->finishAll();
        m_hub->disconnect(this);
        // Deferred: close() may run inside a request handler of this very hub or frontend.
        m_hub->deleteLater();
    }
    if (m_frontend) {
        m_frontend->shutdown();
        m_frontend->deleteLater();
    }
    m_hub = nullptr;
    m_frontend = nullptr;
    m_port = 0;
    m_store.reset();
}

bool RoomServer::isListening() const
{
    return m_frontend != nullptr;
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
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress(QHostAddress::LocalHostIPv6);
    QUrl url;
    url.setScheme(u"http"_s);
    url.setHost(host.toString());
    url.setPort(m_port);
    return url;
}

int RoomServer::clientCount() const
{
    return m_hub ? m_hub->count() : 0;
}

qint64 RoomServer::lastId() const
{
    return m_store ? m_store->lastId() : 0;
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
    if (!result.error.isEmpty())
        return result; // Rejected
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
        if (json)
            *json = result.message.toJson();
        return result;
    case MessageStore::Append::Outcome::Created:
        break;
    }
    result.status = PostResult::Status::Created;
    ++m_stats.messagesStored;
    const QByteArray encoded = result.message.toJson();
    m_hub->publish(result.message, encoded);
    if (json)
        *json = encoded;
    Q_EMIT messagePosted(result.message);
    return result;
}

} // namespace hibiki
