// SPDX-License-Identifier: MIT
#include "chatsession.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QSet>

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

// A Hibiki room's gap with reason "unknown" (the id we resumed from means nothing to the
// server any more) or "reset" (a memory-only room restarted with a new epoch): its ids
// start over, and the old ones must not be taken for the new.
bool isIdReset(const QString &data)
{
    const QString reason
        = QJsonDocument::fromJson(data.toUtf8()).object().value(u"reason"_s).toString();
    return reason == "unknown"_L1 || reason == "reset"_L1;
}

ConnectionStatus statusOf(ConnectionStatus::State state, const QString &reason = {})
{
    ConnectionStatus status;
    status.state = state;
    status.reason = reason;
    return status;
}

QString resumeNoticeText()
{
    return QCoreApplication::translate("hibiki::ChatSession",
        "messages sent while the connection was down may be missing: this server cannot send "
        "them again");
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
    if (!m_store.open(config.storagePath.isEmpty() ? u":memory:"_s : config.storagePath)) {
        m_error = m_store.error();
    } else if (!m_history.open(m_store)) {
        m_error = m_history.error();
    }
    m_history.setRetention(config.historyRetention);
    m_members.setUserName(config.userName);
    m_members.setHasPresence(profile.preset == Profile::Preset::HibikiRoom);
    if (const qint64 stored = m_history.count(); stored > 0) {
        m_members.seed(m_history.recentAuthors(RoomMembers::SeedMessages));
        // Messages stored without a last event id came from a server that sends none.
        m_serverSendsNoIds = m_history.lastEventId().isEmpty();
        // Without its text, which may be 16 MiB.
        const ChatMessages last = m_history.loadWithoutText(stored - 1, 1);
        m_lastShownIsResumeNotice = !last.isEmpty() && last.front().isLocalNotice();
    }

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
    for (const QString &fingerprint : profile.trustedCertificateSha256) {
        options.trustedCertificateSha256.append(fingerprint.toLatin1());
    }
    m_streamOptions = options;
    m_endpoints = profile.endpoints();
    m_failover = FailoverPolicy(int(m_endpoints.size()),
        {options.initialReconnectDelayMs, options.maxReconnectDelayMs,
            options.backoffResetAfterMs});
    createSource(0, m_history.lastEventId());

    m_outbox = std::make_unique<Outbox>(profile, m_store, manager);
    m_outbox->setHeaders(headers);
    m_outbox->setTrustedCertificates(options.trustedCertificateSha256);
    m_outbox->setUserName(config.userName);
    m_echoes.setUserName(config.userName);
    connect(m_outbox.get(), &Outbox::entryChanged, this, [this](const OutboxEntry &entry) {
        m_echoes.track(entry);
        Q_EMIT outboxEntryChanged(entry);
    });
    connect(m_outbox.get(), &Outbox::storageFailed, this, &ChatSession::onStorageFailed);

    m_storageRetryTimer.setSingleShot(false);
    m_storageRetryTimer.setInterval(std::max(1, config.storageRetryIntervalMs));
    connect(&m_storageRetryTimer, &QTimer::timeout, this, &ChatSession::retryStorage);

    // Store and announce what arrived once per event-loop turn: one transaction and one
    // signal for a flood of events instead of one each.
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(0);
    connect(&m_flushTimer, &QTimer::timeout, this, &ChatSession::flushPending);

    m_moveTimer.setSingleShot(true);
    m_moveTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_moveTimer, &QTimer::timeout, this, [this] { m_source->open(); });
    m_preferredTimer.setSingleShot(true);
    connect(&m_preferredTimer, &QTimer::timeout, this, &ChatSession::probePreferredEndpoint);
}

ChatSession::~ChatSession()
{
    m_source->close();
    flushPending();
    if (m_hasUnsaved) {
        // A last try. What still cannot be written is not lost: the last event id on disk
        // is older, so the next start resumes from there and the server sends it again.
        retryStorage();
    }
}

void ChatSession::createSource(int endpoint, const QString &lastEventId)
{
    if (m_source) {
        disconnect(m_source, nullptr, this, nullptr);
        m_source->close();
        // Possibly inside one of its own signals: it goes once that has returned.
        m_source->deleteLater();
    }
    sse::Options options = m_streamOptions;
    options.lastEventId = lastEventId;
    m_source = new sse::EventSource(m_endpoints.at(endpoint).streamUrl, options, this);
    connect(m_source, &sse::EventSource::message, this, &ChatSession::onEvent);
    connect(m_source, &sse::EventSource::errorOccurred, this, &ChatSession::onError);
    connect(
        m_source, &sse::EventSource::readyStateChanged, this, &ChatSession::onReadyStateChanged);
    m_previousEventId = lastEventId;
}

void ChatSession::connectToServer()
{
    m_outbox->start();
    if (m_source->readyState() == sse::EventSource::ReadyState::Closed && !m_moveTimer.isActive()) {
        setStatus(statusOf(ConnectionStatus::State::Connecting));
        m_source->open();
    }
}

void ChatSession::stopStream()
{
    m_moveTimer.stop();
    m_preferredTimer.stop();
    stopProbe();
    m_openSince.invalidate();
    m_source->close();
}

void ChatSession::disconnectFromServer()
{
    m_pausedForStorage = false;
    stopStream();
    flushPending();
    setStatus(statusOf(ConnectionStatus::State::Disconnected));
}

void ChatSession::retryNow()
{
    if (m_moveTimer.isActive()) {
        // Moving to another endpoint: go now.
        m_moveTimer.stop();
        setStatus(statusOf(ConnectionStatus::State::Connecting));
        m_source->open();
    } else if (m_source->readyState() == sse::EventSource::ReadyState::Closed) {
        setStatus(statusOf(ConnectionStatus::State::Connecting));
        m_source->open();
    } else if (m_status.state == ConnectionStatus::State::Reconnecting) {
        m_source->restart();
    }
    m_outbox->retryAllNow();
}

QString ChatSession::send(const QString &text, QString *error)
{
    return m_outbox->enqueue(text, error).clientId;
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
        forgetMessageIds();
    }
    if (message && !m_members.observe(*message)) {
        message.reset(); // a presence line that is not news (a snapshot, the user's own)
    }
    if (message) {
        if ((message->kind == ChatMessage::Kind::Chat || message->kind == ChatMessage::Kind::System)
            && event.lastEventId.isEmpty()) {
            m_serverSendsNoIds = true;
        }
        m_echoes.claim(*message);
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
    m_members.batchHandled();
    const ChatMessages batch = std::exchange(m_pending, {});
    const QString lastEventId = m_hasPendingLastEventId ? m_pendingLastEventId
        : m_hasUnsaved                                  ? m_unsavedLastEventId
                                                        : m_history.lastEventId();
    m_hasPendingLastEventId = false;
    if (m_hasUnsaved) {
        // The file is failing: the retry timer writes everything held, in order.
        holdUnsaved(batch, lastEventId);
        return;
    }
    // Deduplication happens here: the store keeps one message per id.
    const std::optional<ChatMessages> added = m_history.tryAppend(batch, lastEventId);
    if (!added) {
        setStorageProblem(describeStorageFailure(m_history.lastWriteError(), m_store.path()));
        holdUnsaved(batch, lastEventId);
        return;
    }
    if (!added->isEmpty()) {
        m_lastShownIsResumeNotice = added->constLast().isLocalNotice();
        Q_EMIT messagesAppended(*added);
    }
}

ChatMessages ChatSession::withoutKnown(const ChatMessages &batch) const
{
    // What the store would drop as a duplicate (same non-empty id), without writing.
    ChatMessages fresh;
    fresh.reserve(batch.size());
    QSet<QString> seen;
    for (const ChatMessage &held : m_unsaved) {
        if (!held.id.isEmpty()) {
            seen.insert(held.id);
        }
    }
    for (const ChatMessage &message : batch) {
        if (!message.id.isEmpty()) {
            if (seen.contains(message.id)
                || (!m_forgetIdsPending && m_history.contains(message.id))) {
                continue;
            }
            seen.insert(message.id);
        }
        fresh.append(message);
    }
    return fresh;
}

void ChatSession::holdUnsaved(const ChatMessages &batch, const QString &lastEventId)
{
    const ChatMessages fresh = withoutKnown(batch);
    m_unsaved += fresh;
    m_unsavedLastEventId = lastEventId;
    m_hasUnsaved = true;
    if (!m_storageRetryTimer.isActive()) {
        m_storageRetryTimer.start();
    }
    if (m_unsaved.size() >= m_config.maxUnsavedMessages && !m_pausedForStorage
        && (m_source->readyState() != sse::EventSource::ReadyState::Closed
            || m_moveTimer.isActive())) {
        // Memory stays bounded: stop receiving until the file works. The stream then
        // resumes after the last held message, which is on disk by then.
        m_pausedForStorage = true;
        stopStream();
        setStatus(statusOf(ConnectionStatus::State::Disconnected,
            QCoreApplication::translate(
                "hibiki::ChatSession", "paused: %1 messages are waiting to be saved")
                .arg(m_unsaved.size())));
    }
    if (!fresh.isEmpty()) {
        m_lastShownIsResumeNotice = fresh.constLast().isLocalNotice();
        Q_EMIT messagesAppended(fresh);
    }
}

void ChatSession::onStorageFailed(const QString &problem)
{
    setStorageProblem(problem);
    if (!m_storageRetryTimer.isActive()) {
        m_storageRetryTimer.start();
    }
}

void ChatSession::forgetMessageIds()
{
    for (ChatMessage &held : m_unsaved) {
        held.id.clear();
    }
    if (!m_history.forgetMessageIds()) {
        m_forgetIdsPending = true;
        onStorageFailed(describeStorageFailure(m_history.lastWriteError(), m_store.path()));
    }
}

void ChatSession::retryStorage()
{
    if (m_forgetIdsPending) {
        if (!m_history.forgetMessageIds()) {
            setStorageProblem(describeStorageFailure(m_history.lastWriteError(), m_store.path()));
            return;
        }
        m_forgetIdsPending = false;
    }
    // Everything held, with the last event id it came with; with nothing held, the last
    // event id alone: a write that tells whether the file works again.
    const QString lastEventId = m_hasUnsaved ? m_unsavedLastEventId : m_history.lastEventId();
    if (!m_history.tryAppend(m_unsaved, lastEventId)) {
        setStorageProblem(describeStorageFailure(m_history.lastWriteError(), m_store.path()));
        return;
    }
    m_unsaved.clear();
    m_unsavedLastEventId.clear();
    m_hasUnsaved = false;
    m_storageRetryTimer.stop();
    setStorageProblem({});
    if (m_pausedForStorage) {
        m_pausedForStorage = false;
        connectToServer();
    }
}

void ChatSession::setStorageProblem(const QString &problem)
{
    if (problem == m_storageProblem) {
        return;
    }
    if (!problem.isEmpty()) {
        qWarning("%s", qPrintable(problem));
    }
    m_storageProblem = problem;
    Q_EMIT storageProblemChanged(m_storageProblem);
}

void ChatSession::addResumeNoticeIfMissedMessagesCannotBeResent()
{
    // A server that sends no ids cannot be asked for what came while the connection was
    // down (or the app closed). Say so, once per reconnect that follows something shown.
    if (!m_serverSendsNoIds || !m_source->lastEventId().isEmpty() || m_lastShownIsResumeNotice) {
        return;
    }
    ChatMessage notice;
    notice.kind = ChatMessage::Kind::Gap;
    notice.text = resumeNoticeText();
    notice.timestamp = QDateTime::currentDateTimeUtc();
    m_pending.append(notice);
    m_lastShownIsResumeNotice = true;
    if (!m_flushTimer.isActive()) {
        m_flushTimer.start();
    }
}

void ChatSession::onError(const sse::Error &error)
{
    flushPending();
    m_untrustedCertificateSha256 = error.untrustedCertificateSha256;
    if (error.willRetry && m_endpoints.size() > 1) {
        failOver(error);
        return;
    }
    m_openSince.invalidate();
    ConnectionStatus status;
    status.reason = m_endpoints.size() > 1
        ? u"%1: %2"_s.arg(m_endpoints.at(m_failover.current()).label(), stateReason(error))
        : stateReason(error);
    if (error.kind == sse::Error::Kind::HttpStatus && error.httpStatus == 401
        && !m_config.unauthorizedReason.isEmpty()) {
        status.reason = m_config.unauthorizedReason;
    } else if (!error.untrustedCertificateSha256.isEmpty()
        && !m_profile.trustedCertificateSha256.isEmpty()) {
        // The room was pinned to a certificate and now shows another: said first, with the
        // details (host, what is wrong, the new fingerprint) after it.
        status.reason = QCoreApplication::translate("hibiki::ChatSession",
                            "This room's certificate changed since you joined. Its host may "
                            "have made a new one, or someone may be intercepting the "
                            "connection: ask its host before you trust the new one.")
            + u" ("_s + status.reason + u")"_s;
    }
    if (error.willRetry) {
        status.state = ConnectionStatus::State::Reconnecting;
        status.nextRetry = QDateTime::currentDateTimeUtc().addMSecs(error.retryInMs);
        status.attempt = m_source->statistics().consecutiveFailures;
    } else {
        status.state = ConnectionStatus::State::Disconnected;
    }
    setStatus(status);
}

void ChatSession::failOver(const sse::Error &error)
{
    // Stop the stream that failed (its own reconnect included) and go on at the next
    // endpoint, from the last event dispatched here: everything up to it has been shown
    // and stored (or held), and the nodes share their ids.
    const qint64 openForMs = m_openSince.isValid() ? m_openSince.elapsed() : -1;
    m_openSince.invalidate();
    m_preferredTimer.stop();
    stopProbe();
    const QString from = m_endpoints.at(m_failover.current()).label();
    const QString lastEventId = m_source->lastEventId();
    const FailoverPolicy::Move move = m_failover.failed(openForMs);
    createSource(move.endpoint, lastEventId);
    m_movedFrom = from;
    // Posts waiting for an answer from the failed node try the next one too.
    m_outbox->setPostEndpoint(move.endpoint);

    ConnectionStatus status;
    status.state = ConnectionStatus::State::Reconnecting;
    status.reason = u"%1: %2"_s.arg(from, stateReason(error));
    status.nextRetry = QDateTime::currentDateTimeUtc().addMSecs(move.delayMs);
    status.attempt = m_failover.consecutiveFailures();
    setStatus(status);
    m_moveTimer.start(move.delayMs);
}

void ChatSession::probePreferredEndpoint()
{
    if (!m_failover.onFallback() || m_source->readyState() != sse::EventSource::ReadyState::Open
        || m_probe) {
        return;
    }
    // One attempt, no retries: does the preferred endpoint open a stream again? It asks
    // for what follows the last event seen here, so that a server with a buffer sends
    // little before the check closes it.
    sse::Options options = m_streamOptions;
    options.lastEventId = m_source->lastEventId();
    options.maxReconnectAttempts = 0;
    options.retryOnServerErrors = false;
    options.idleTimeoutMs
        = options.idleTimeoutMs > 0 ? std::min(options.idleTimeoutMs, 15000) : 15000;
    m_probe = new sse::EventSource(m_endpoints.front().streamUrl, options, this);
    connect(m_probe, &sse::EventSource::opened, this, [this] { finishProbe(true); });
    connect(m_probe, &sse::EventSource::errorOccurred, this, [this] { finishProbe(false); });
    m_probe->open();
}

void ChatSession::stopProbe()
{
    if (m_probe) {
        disconnect(m_probe, nullptr, this, nullptr);
        m_probe->close();
        m_probe->deleteLater(); // possibly inside one of its own signals
        m_probe = nullptr;
    }
}

void ChatSession::finishProbe(bool answered)
{
    stopProbe();
    if (!m_failover.onFallback() || m_source->readyState() != sse::EventSource::ReadyState::Open) {
        return;
    }
    if (!answered) {
        m_preferredTimer.start(m_config.preferredEndpointRetryMs);
        return;
    }
    // Back to the preferred endpoint, resuming after the last event seen on the fallback.
    flushPending();
    const QString lastEventId = m_source->lastEventId();
    m_movedFrom = m_endpoints.at(m_failover.current()).label();
    m_openSince.invalidate();
    m_failover.moveTo(0);
    createSource(0, lastEventId);
    setStatus(statusOf(ConnectionStatus::State::Connecting));
    m_source->open();
}

void ChatSession::onReadyStateChanged(sse::EventSource::ReadyState state)
{
    if (state != sse::EventSource::ReadyState::Open) {
        m_members.connectionLost();
    } else {
        m_members.connectionOpened();
        m_openSince.start();
        m_previousEventId = m_source->lastEventId();
        addResumeNoticeIfMissedMessagesCannotBeResent();
        m_untrustedCertificateSha256.clear();
        m_outbox->setPostEndpoint(m_failover.current());
        if (m_failover.onFallback() && m_config.preferredEndpointRetryMs > 0) {
            m_preferredTimer.start(m_config.preferredEndpointRetryMs);
        }
        setStatus(statusOf(ConnectionStatus::State::Connected));
        m_outbox->retryAllNow(); // the server is back: don't wait for the backoff
    }
}

void ChatSession::setStatus(ConnectionStatus status)
{
    status.endpoint = m_endpoints.at(m_failover.current()).label();
    status.endpointCount = int(m_endpoints.size());
    status.movedFrom = m_movedFrom;
    if (status == m_status) {
        return;
    }
    m_status = std::move(status);
    Q_EMIT connectionStatusChanged(m_status);
}

} // namespace hibiki
