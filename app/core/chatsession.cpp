// SPDX-License-Identifier: MIT
#include "chatsession.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// What went wrong, in the user's language; the library's own (English) sentence is kept
// where it carries details such as a host name or a certificate fingerprint.
QString stateReason(const sse::Error &error)
{
    using Kind = sse::Error::Kind;
    switch (error.kind) {
    case Kind::HttpStatus:
        if (error.httpStatus == 401 || error.httpStatus == 403) {
            return QCoreApplication::translate(
                "hibiki::ChatSession", "the server refused access (HTTP %1): check the token")
                .arg(error.httpStatus);
        }
        if (error.httpStatus == 404) {
            return QCoreApplication::translate(
                "hibiki::ChatSession", "no chat stream at this address (HTTP 404)");
        }
        if (error.httpStatus >= 500) {
            return QCoreApplication::translate(
                "hibiki::ChatSession", "the server has a problem (HTTP %1)")
                .arg(error.httpStatus);
        }
        return QCoreApplication::translate("hibiki::ChatSession", "the server answered HTTP %1")
            .arg(error.httpStatus);
    case Kind::ContentType:
        return error.contentType.isEmpty()
            ? QCoreApplication::translate(
                "hibiki::ChatSession", "this address does not send a chat stream")
            : QCoreApplication::translate(
                "hibiki::ChatSession", "this address does not send a chat stream (it sends %1)")
                  .arg(error.contentType);
    case Kind::IdleTimeout:
        return QCoreApplication::translate(
            "hibiki::ChatSession", "%1; a proxy may be buffering the stream")
            .arg(error.message);
    case Kind::Protocol:
        return QCoreApplication::translate(
            "hibiki::ChatSession", "the server sent more than the size limits allow: %1")
            .arg(error.message);
    case Kind::ServerShutdown:
        return QCoreApplication::translate(
            "hibiki::ChatSession", "the server asked the app to stop connecting");
    case Kind::Redirect:
        return QCoreApplication::translate("hibiki::ChatSession", "refused a redirect: %1")
            .arg(error.message);
    case Kind::GaveUp:
        return QCoreApplication::translate("hibiki::ChatSession", "gave up reconnecting: %1")
            .arg(error.message);
    case Kind::Network:
        break;
    }
    return error.message;
}

// A Hibiki room's gap with reason "unknown": the id we resumed from means nothing to the
// server any more (a memory-only room restarted and counts from 1 again).
bool isIdReset(const QString &data)
{
    return QJsonDocument::fromJson(data.toUtf8()).object().value(u"reason"_s).toString()
        == "unknown"_L1;
}

} // namespace

sse::Options ChatSession::Config::defaultStreamOptions()
{
    // A chat app should keep trying: back off, survive server restarts and 5xx, and notice
    // a stream that went silent (the servers ping every 15 s).
    sse::Options options;
    options.initialReconnectDelayMs = 1000;
    options.exponentialBackoff = true;
    options.maxReconnectDelayMs = 30000;
    options.retryOnServerErrors = true;
    options.idleTimeoutMs = 45000;
    return options;
}

ChatSession::ChatSession(const Profile &profile, const Config &config, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_config(config)
    , m_decoder(profile)
{
    qRegisterMetaType<hibiki::ChatMessages>();
    qRegisterMetaType<hibiki::ConnectionStatus>();
    if (!m_history.open(config.storagePath.isEmpty() ? u":memory:"_s : config.storagePath)) {
        m_error = m_history.error();
    }
    m_history.setRetention(config.historyRetention);

    QNetworkAccessManager *manager = config.networkAccessManager;
    if (!manager) {
        m_ownManager = std::make_unique<QNetworkAccessManager>();
        manager = m_ownManager.get();
    }

    QList<QPair<QByteArray, QByteArray>> headers = profile.headers;
    if (!config.authorization.isEmpty()) {
        headers.append({"Authorization", config.authorization});
    }
    sse::Options options = config.streamOptions;
    options.headers += headers;
    options.networkAccessManager = manager;
    options.lastEventId = m_history.lastEventId();
    for (const QString &fingerprint : profile.trustedCertificateSha256) {
        options.trustedCertificateSha256.append(fingerprint.toLatin1());
    }
    QUrl streamUrl = profile.streamUrl;
    m_source = new sse::EventSource(streamUrl, options, this);
    connect(m_source, &sse::EventSource::message, this, &ChatSession::onEvent);
    connect(m_source, &sse::EventSource::errorOccurred, this, &ChatSession::onError);
    connect(
        m_source, &sse::EventSource::readyStateChanged, this, &ChatSession::onReadyStateChanged);
    m_previousEventId = options.lastEventId;

    m_outbox = std::make_unique<Outbox>(profile, m_history.database(), manager);
    m_outbox->setHeaders(headers);
    m_outbox->setTrustedCertificates(options.trustedCertificateSha256);
    m_outbox->setUserName(config.userName);
    connect(m_outbox.get(), &Outbox::entryChanged, this, &ChatSession::outboxEntryChanged);

    // Store and announce what arrived once per event-loop turn: one transaction and one
    // signal for a flood of events instead of one each.
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &ChatSession::flushPending);
}

ChatSession::~ChatSession()
{
    m_source->close();
    flushPending();
}

void ChatSession::connectToServer()
{
    m_outbox->start();
    if (m_source->readyState() == sse::EventSource::ReadyState::Closed) {
        setStatus({ConnectionStatus::State::Connecting, {}, {}, 0});
        m_source->open();
    }
}

void ChatSession::disconnectFromServer()
{
    m_source->close();
    flushPending();
    setStatus({ConnectionStatus::State::Disconnected, {}, {}, 0});
}

void ChatSession::retryNow()
{
    if (m_source->readyState() == sse::EventSource::ReadyState::Closed) {
        setStatus({ConnectionStatus::State::Connecting, {}, {}, 0});
        m_source->open();
    } else if (m_status.state == ConnectionStatus::State::Reconnecting) {
        m_source->restart();
    }
    m_outbox->retryAllNow();
}

QString ChatSession::send(const QString &text)
{
    return m_outbox->enqueue(text).clientId;
}

void ChatSession::onEvent(const sse::MessageEvent &event)
{
    const bool hasOwnId = event.lastEventId != m_previousEventId;
    m_previousEventId = event.lastEventId;
    m_pendingLastEventId = event.lastEventId;
    m_hasPendingLastEventId = true;
    std::optional<ChatMessage> message = m_decoder.decode(event, hasOwnId);
    if (message && message->kind == ChatMessage::Kind::Gap && isIdReset(event.data)) {
        // What is stored so far used the old ids; what follows must not be taken for it.
        flushPending();
        m_history.forgetMessageIds();
    }
    if (message) {
        m_pending.append(std::move(*message));
    }
    if (!m_flushTimer.isActive()) {
        m_flushTimer.start();
    }
}

void ChatSession::flushPending()
{
    m_flushTimer.stop();
    if (m_pending.isEmpty() && !m_hasPendingLastEventId) {
        return;
    }
    const ChatMessages batch = std::exchange(m_pending, {});
    const QString lastEventId
        = m_hasPendingLastEventId ? m_pendingLastEventId : m_history.lastEventId();
    m_hasPendingLastEventId = false;
    // Deduplication happens here: the store keeps one message per id.
    const ChatMessages added = m_history.append(batch, lastEventId);
    if (!added.isEmpty()) {
        Q_EMIT messagesAppended(added);
    }
}

void ChatSession::onError(const sse::Error &error)
{
    flushPending();
    ConnectionStatus status;
    status.reason = stateReason(error);
    m_untrustedCertificateSha256 = error.untrustedCertificateSha256;
    if (error.willRetry) {
        status.state = ConnectionStatus::State::Reconnecting;
        status.nextRetry = QDateTime::currentDateTimeUtc().addMSecs(error.retryInMs);
        status.attempt = m_source->statistics().consecutiveFailures;
    } else {
        status.state = ConnectionStatus::State::Disconnected;
    }
    setStatus(status);
}

void ChatSession::onReadyStateChanged(sse::EventSource::ReadyState state)
{
    if (state == sse::EventSource::ReadyState::Open) {
        m_previousEventId = m_source->lastEventId();
        m_untrustedCertificateSha256.clear();
        setStatus({ConnectionStatus::State::Connected, {}, {}, 0});
        m_outbox->retryAllNow(); // the server is back: don't wait for the backoff
    }
}

void ChatSession::setStatus(ConnectionStatus status)
{
    if (status == m_status) {
        return;
    }
    m_status = std::move(status);
    Q_EMIT connectionStatusChanged(m_status);
}

} // namespace hibiki
