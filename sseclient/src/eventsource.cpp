// SPDX-License-Identifier: MIT
#include "sseclient/eventsource.h"

#include "sseclient/backoff.h"
#include "sseclient/certificatepinning.h"
#include "sseclient/retryafter.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTimer>
#if QT_CONFIG(ssl)
#include <QSslError>
#endif

#include <algorithm>
#include <limits>
#include <memory>

using namespace Qt::StringLiterals;

namespace sse {

namespace {

constexpr qsizetype readChunkBytes = 64 * 1024;
// How much of the stream QNAM may hold unread (see sendRequest()).
constexpr qint64 readAheadBytes = 1024 * 1024;
// Strings up to this size are copied into the reused MessageEvent instead of shared with
// the parser (see copyOrShare()).
constexpr qsizetype copiedCharacters = 256;

// Makes `target` hold `source`'s text. Sharing a QString costs two atomic reference-count
// changes (one to take it, one to let go after the signal), about 8 ns each here; copying
// a short string into `target`'s existing buffer costs less, and leaves the parser's
// buffer unshared, ready for the next event. An empty string is shared: that keeps a null
// string null, and costs nothing.
void copyOrShare(QString &target, const QString &source)
{
    if (!source.isEmpty() && source.size() <= copiedCharacters) {
        target.setUnicode(source.constData(), source.size()); // keeps target's buffer
    } else {
        target = source;
    }
}

// Headers that carry credentials and must never follow a redirect to another origin.
bool isCredentialHeader(const QByteArray &name)
{
    return name.compare("authorization", Qt::CaseInsensitive) == 0
        || name.compare("cookie", Qt::CaseInsensitive) == 0
        || name.compare("proxy-authorization", Qt::CaseInsensitive) == 0;
}

QUrl originOf(const QUrl &url)
{
    QUrl origin;
    origin.setScheme(url.scheme());
    origin.setHost(url.host());
    origin.setPort(url.port());
    return origin;
}

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme() == b.scheme() && a.host() == b.host()
        && a.port(a.scheme() == "https"_L1 ? 443 : 80)
        == b.port(b.scheme() == "https"_L1 ? 443 : 80);
}

// "text/event-stream; charset=utf-8" → true. Compares the MIME type essence only.
bool isEventStream(const QByteArray &contentType)
{
    // Not left(indexOf(';')): in Qt 6, left(-1) is empty, which refused every bare type.
    const qsizetype semicolon = contentType.indexOf(';');
    const QByteArray essence
        = (semicolon < 0 ? contentType : contentType.first(semicolon)).trimmed();
    return essence.compare("text/event-stream", Qt::CaseInsensitive) == 0;
}

bool isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// The reconnection time is the backoff's base: `retry:` changes it.
Backoff::Policy backoffPolicy(const Options &options, int reconnectionTimeMs)
{
    return {.initial = std::chrono::milliseconds(std::max(0, reconnectionTimeMs)),
        .max = std::chrono::milliseconds(std::max(0, options.maxReconnectDelayMs)),
        .resetAfter = std::chrono::milliseconds(std::max(0, options.backoffResetAfterMs))};
}

// A duration in whole milliseconds as the int the signals and Error carry.
int toIntMs(std::chrono::milliseconds value)
{
    return int(std::clamp<qint64>(value.count(), 0, std::numeric_limits<int>::max()));
}

QString describeNetworkError(const QNetworkReply &reply)
{
    switch (reply.error()) {
    case QNetworkReply::NoError:
        return u"the server ended the stream"_s;
    case QNetworkReply::ConnectionRefusedError:
        return u"connection refused by %1"_s.arg(reply.url().host());
    case QNetworkReply::HostNotFoundError:
        return u"host %1 not found"_s.arg(reply.url().host());
    case QNetworkReply::RemoteHostClosedError:
        return u"the server closed the connection"_s;
    case QNetworkReply::TimeoutError:
        return u"the connection timed out"_s;
    case QNetworkReply::SslHandshakeFailedError:
        if (const QString refused = refusedCertificateMessage(reply); !refused.isEmpty()) {
            return refused;
        }
        return u"secure connection to %1 failed: %2"_s.arg(reply.url().host(), reply.errorString());
    default:
        return reply.errorString();
    }
}

} // namespace

// Hidden: not part of the ABI, and called directly (see parser.cpp).
class Q_DECL_HIDDEN EventSource::Private final : public ParserHandler
{
public:
    Private(EventSource *q, const QUrl &url, const Options &options);

    void open();
    void close();
    void restart();
    void dropReply();

    EventSource *const q;
    const QUrl m_url;
    const Options m_options;
    ReadyState m_readyState = ReadyState::Closed;
    int m_reconnectionTimeMs = 0;
    QUrl m_responseOrigin;
    bool m_usesHttp2 = false; // of the response that is or was last open
    Statistics m_statistics;
    Parser m_parser;

private:
    // ParserHandler
    void onEvent(const QString &type, const QString &data, const QString &lastEventId) override;
    void onRetry(qint64 milliseconds) override;
    void onLastEventIdChanged(const QString &lastEventId) override;
    void onComment(const QString &text) override;
    void onError(ParseError error, const QString &message) override;

    void startChain();
    void sendRequest(const QUrl &url);
    void stopTimers();
    void onMetaDataChanged();
    void onReadyRead();
    void onFinished(QNetworkReply *reply);
    void onIdleTimerFired();
    bool followRedirect(int status);
    void announceOpen();
    void failConnection(Error error);
    void reestablish(Error error, int minimumDelayMs = 0);
    int nextReconnectDelayMs();
    int retryAfterMs() const;
    void setReadyState(ReadyState state);
    QNetworkAccessManager *manager();

    std::unique_ptr<QNetworkAccessManager> m_ownManager;
    QPointer<QNetworkReply> m_reply;
    QUrl m_requestUrl; // where the current request went (after redirects)
    QByteArray m_method; // of the current request chain: a 303 turns POST into GET
    QByteArray m_body;
    int m_redirectsFollowed = 0;
    QList<QUrl> m_chainUrls; // every URL of the current chain, to see it loop
    QUrl m_pendingRedirect; // where m_redirectTimer goes
    bool m_credentialsDropped = false; // the chain has left the original origin
    bool m_responseHandled = false; // the current reply's status has been looked at
    bool m_responseAccepted = false; // ... and it is an open event stream
    Backoff m_backoff; // used with Options::exponentialBackoff
    QByteArray m_readBuffer;
    MessageEvent m_event; // the event handed to message(), reused (see onEvent())
    bool m_eventIdOutdated = true; // m_event.lastEventId differs from the parser's

    QTimer m_reconnectTimer;
    QTimer m_redirectTimer; // a redirect back to an earlier URL waits
    QTimer m_idleTimer;
    QElapsedTimer m_sinceLastByte;
    QElapsedTimer m_sinceOpen;
};

EventSource::EventSource(const QUrl &url, const Options &options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, url, options))
{ }

EventSource::~EventSource()
{
    d->dropReply();
}

void EventSource::open()
{
    d->open();
}

void EventSource::close()
{
    d->close();
}

void EventSource::restart()
{
    d->restart();
}

QUrl EventSource::url() const
{
    return d->m_url;
}

const Options &EventSource::options() const
{
    return d->m_options;
}

EventSource::ReadyState EventSource::readyState() const
{
    return d->m_readyState;
}

QString EventSource::lastEventId() const
{
    return d->m_parser.lastEventId();
}

int EventSource::reconnectionTimeMs() const
{
    return d->m_reconnectionTimeMs;
}

QUrl EventSource::responseOrigin() const
{
    return d->m_responseOrigin;
}

bool EventSource::usesHttp2() const
{
    return d->m_usesHttp2;
}

const Statistics &EventSource::statistics() const
{
    return d->m_statistics;
}

EventSource::Private::Private(EventSource *q, const QUrl &url, const Options &options)
    : q(q)
    , m_url(url)
    , m_options(options)
    , m_reconnectionTimeMs(options.initialReconnectDelayMs)
    , m_parser(*this, options.limits)
    , m_backoff(backoffPolicy(options, options.initialReconnectDelayMs))
{
    qRegisterMetaType<sse::MessageEvent>();
    qRegisterMetaType<sse::Error>();
    m_parser.setCommentsEnabled(options.reportComments);
    // The parser keeps the last event ID, across connections too: the one copy of it.
    m_parser.reset(options.lastEventId);
    m_reconnectTimer.setSingleShot(true);
    // A coarse timer may fire up to 5 % early: Retry-After and `retry:` are minimums.
    m_reconnectTimer.setTimerType(Qt::PreciseTimer);
    m_idleTimer.setSingleShot(true);
    m_redirectTimer.setSingleShot(true);
    m_redirectTimer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_reconnectTimer, &QTimer::timeout, q, [this] {
        ++m_statistics.reconnects;
        startChain();
    });
    QObject::connect(
        &m_redirectTimer, &QTimer::timeout, q, [this] { sendRequest(m_pendingRedirect); });
    QObject::connect(&m_idleTimer, &QTimer::timeout, q, [this] { onIdleTimerFired(); });
}

void EventSource::Private::open()
{
    if (m_readyState != ReadyState::Closed) {
        return;
    }
    m_statistics.consecutiveFailures = 0;
    m_backoff.reset();
    setReadyState(ReadyState::Connecting);
    startChain();
}

void EventSource::Private::close()
{
    stopTimers();
    m_parser.interrupt();
    dropReply();
    setReadyState(ReadyState::Closed);
}

void EventSource::Private::restart()
{
    if (m_readyState == ReadyState::Closed) {
        return;
    }
    stopTimers();
    m_parser.interrupt();
    dropReply();
    setReadyState(ReadyState::Connecting);
    ++m_statistics.reconnects;
    startChain();
}

void EventSource::Private::stopTimers()
{
    m_reconnectTimer.stop();
    m_redirectTimer.stop();
}

QNetworkAccessManager *EventSource::Private::manager()
{
    if (m_options.networkAccessManager) {
        return m_options.networkAccessManager;
    }
    if (!m_ownManager) {
        m_ownManager = std::make_unique<QNetworkAccessManager>();
    }
    return m_ownManager.get();
}

// A new request chain (open, reconnect, restart): redirects start over, with the caller's
// method, body and headers. Only here: a redirect back to the original URL is part of the
// chain, counts toward maxRedirects and keeps a 303's switch to GET.
void EventSource::Private::startChain()
{
    m_redirectsFollowed = 0;
    m_chainUrls = {m_url};
    m_method = m_options.method;
    m_body = m_options.body;
    m_credentialsDropped = false;
    sendRequest(m_url);
}

void EventSource::Private::sendRequest(const QUrl &url)
{
    m_requestUrl = url;

    QNetworkRequest request(url);
    for (const auto &[name, value] : m_options.headers) {
        if (!(m_credentialsDropped && isCredentialHeader(name))) {
            request.setRawHeader(name, value);
        }
    }
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-cache");
    if (const QString lastEventId = m_parser.lastEventId(); !lastEventId.isEmpty()) {
        request.setRawHeader("Last-Event-ID", lastEventId.toUtf8());
    }
    if (!m_body.isEmpty() && !m_options.bodyContentType.isEmpty()) {
        request.setHeader(QNetworkRequest::ContentTypeHeader, m_options.bodyContentType);
    }
    request.setAttribute(
        QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    // Qt's own redirect handling forwards every header to the new origin: follow by hand.
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, m_options.http2Allowed);

    QNetworkReply *reply = m_method == "GET"
        ? manager()->get(request)
        : manager()->sendCustomRequest(request, m_method, m_body);
    m_reply = reply;
    // By default QNAM reads ahead without limit: when the stream arrives faster than it is
    // parsed, the backlog grew to hundreds of MiB here, all of it freshly page-faulted
    // memory. A bounded buffer lets TCP flow control pace the server instead, and keeps
    // the memory that is reused warm: less CPU and the same throughput (see BENCHMARKS.md).
    reply->setReadBufferSize(readAheadBytes);
    m_responseAccepted = false;
    m_responseHandled = false;
    QObject::connect(reply, &QNetworkReply::metaDataChanged, q, [this] { onMetaDataChanged(); });
    QObject::connect(reply, &QNetworkReply::readyRead, q, [this] { onReadyRead(); });
    QObject::connect(reply, &QNetworkReply::finished, q, [this, reply] { onFinished(reply); });
#if QT_CONFIG(ssl)
    QObject::connect(
        reply, &QNetworkReply::sslErrors, q, [this, reply](const QList<QSslError> &errors) {
            acceptPinnedCertificate(reply, errors, m_options.trustedCertificateSha256);
        });
#endif

    if (m_options.idleTimeoutMs > 0) {
        m_sinceLastByte.start();
        m_idleTimer.start(m_options.idleTimeoutMs);
    }
}

void EventSource::Private::onMetaDataChanged()
{
    if (m_responseHandled || !m_reply) {
        return;
    }
    const QVariant statusAttribute = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!statusAttribute.isValid()) {
        return;
    }
    m_responseHandled = true;
    const int status = statusAttribute.toInt();
    const QByteArray contentType = m_reply->rawHeader("Content-Type");

    if (isRedirect(status)) {
        followRedirect(status);
        return;
    }
    if (status == 200 && isEventStream(contentType)) {
        announceOpen();
        return;
    }

    Error error;
    error.httpStatus = status;
    error.contentType = QString::fromLatin1(contentType);
    if (status == 200) {
        error.kind = Error::Kind::ContentType;
        error.message = contentType.isEmpty()
            ? u"the server answered without a content type instead of text/event-stream"_s
            : u"the server answered with content type %1 instead of text/event-stream"_s.arg(
                error.contentType);
        failConnection(error);
        return;
    }
    const QString reason
        = m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    error.message = u"the server answered HTTP %1 %2"_s.arg(status).arg(reason).trimmed();
    if (status == 204) {
        error.kind = Error::Kind::ServerShutdown;
        error.message = u"the server asked the client to stop (HTTP 204 No Content)"_s;
        failConnection(error);
        return;
    }
    error.kind = Error::Kind::HttpStatus;
    if (m_options.retryOnServerErrors && (status >= 500 || status == 429)) {
        reestablish(error, retryAfterMs());
        return;
    }
    failConnection(error);
}

bool EventSource::Private::followRedirect(int status)
{
    const QByteArray location = m_reply->rawHeader("Location");
    const QUrl target = m_requestUrl.resolved(QUrl::fromEncoded(location));
    Error error;
    error.kind = Error::Kind::Redirect;
    error.httpStatus = status;
    if (location.isEmpty() || !target.isValid()
        || (target.scheme() != "http"_L1 && target.scheme() != "https"_L1)) {
        error.message = u"the server redirected to an unusable location \"%1\""_s.arg(
            QString::fromLatin1(location));
        failConnection(error);
        return false;
    }
    if (m_redirectsFollowed >= m_options.maxRedirects) {
        error.message = u"too many redirects (more than %1)"_s.arg(m_options.maxRedirects);
        failConnection(error);
        return false;
    }
    if (m_requestUrl.scheme() == "https"_L1 && target.scheme() == "http"_L1) {
        error.message = u"refused a redirect from https to insecure http"_s;
        failConnection(error);
        return false;
    }
    ++m_redirectsFollowed;
    if (!sameOrigin(target, m_requestUrl)) {
        m_credentialsDropped = true;
    }
    // As fetch does: 303, and 301/302 after POST, continue as GET without a body.
    if (status == 303 || ((status == 301 || status == 302) && m_method == "POST")) {
        m_method = "GET";
        m_body.clear();
    }
    // A chain that comes back to one of its URLs (A -> A, A -> B -> A) is a server asking
    // again and again: each round waits the reconnection time instead of hammering it.
    // Retry-After on a 3xx is the minimum wait before the redirected request (RFC 9110).
    const bool loops = m_chainUrls.contains(target);
    m_chainUrls.append(target);
    const int delay = std::max(loops ? std::max(0, m_reconnectionTimeMs) : 0, retryAfterMs());
    dropReply();
    if (delay == 0) {
        sendRequest(target);
    } else {
        m_pendingRedirect = target;
        m_redirectTimer.start(delay);
    }
    return true;
}

void EventSource::Private::announceOpen()
{
    m_responseAccepted = true;
    m_responseOrigin = originOf(m_requestUrl);
    m_usesHttp2 = m_reply->attribute(QNetworkRequest::Http2WasUsedAttribute).toBool();
    m_event.origin = m_responseOrigin;
    m_parser.reset(m_parser.lastEventId()); // a new stream that keeps the ID
    m_eventIdOutdated = true;
    m_statistics.consecutiveFailures = 0;
    m_sinceOpen.start();
    setReadyState(ReadyState::Open);
    if (m_readyState != ReadyState::Open) {
        return;
    }
    Q_EMIT q->opened();
    if (m_reply && m_reply->bytesAvailable() > 0) {
        onReadyRead();
    }
}

void EventSource::Private::onReadyRead()
{
    if (!m_responseAccepted) {
        return; // a body of a response that is being refused or redirected
    }
    if (m_options.idleTimeoutMs > 0) {
        m_sinceLastByte.start();
    }
    QNetworkReply *const reply = m_reply;
    if (m_readBuffer.size() < readChunkBytes) {
        m_readBuffer.resize(readChunkBytes);
    }
    while (reply == m_reply) {
        const qint64 read = reply->read(m_readBuffer.data(), m_readBuffer.size());
        if (read <= 0) {
            break;
        }
        m_statistics.bytesReceived += read;
        m_parser.feed(QByteArrayView(m_readBuffer.constData(), read));
    }
}

void EventSource::Private::onFinished(QNetworkReply *reply)
{
    if (!reply || reply != m_reply) {
        return;
    }
    onMetaDataChanged(); // a response whose head arrived with its end
    if (reply != m_reply) {
        return; // refused, redirected or retried above
    }
    onReadyRead(); // whatever arrived with the end
    if (reply != m_reply) {
        return;
    }
    Error error;
    error.kind = Error::Kind::Network;
    error.message = describeNetworkError(*reply);
    error.untrustedCertificateSha256 = refusedCertificateSha256(*reply);
    reestablish(error);
}

void EventSource::Private::onIdleTimerFired()
{
    const qint64 idle = m_sinceLastByte.elapsed();
    if (idle < m_options.idleTimeoutMs) {
        m_idleTimer.start(int(m_options.idleTimeoutMs - idle));
        return;
    }
    Error error;
    error.kind = Error::Kind::IdleTimeout;
    error.message = u"no data from the server for %1 s"_s.arg(m_options.idleTimeoutMs / 1000.0);
    reestablish(error);
}

void EventSource::Private::failConnection(Error error)
{
    stopTimers();
    dropReply();
    if (m_readyState == ReadyState::Closed) {
        return;
    }
    error.willRetry = false;
    error.retryInMs = -1;
    setReadyState(ReadyState::Closed);
    Q_EMIT q->errorOccurred(error);
}

void EventSource::Private::reestablish(Error error, int minimumDelayMs)
{
    if (m_responseAccepted && m_sinceOpen.isValid()) {
        m_backoff.resetIfGood(std::chrono::milliseconds(m_sinceOpen.elapsed()));
    }
    dropReply();
    if (m_readyState == ReadyState::Closed) {
        return;
    }
    ++m_statistics.consecutiveFailures;
    if (m_options.maxReconnectAttempts >= 0
        && m_statistics.consecutiveFailures > m_options.maxReconnectAttempts) {
        error.kind = Error::Kind::GaveUp;
        error.message
            = u"gave up after %1 reconnection attempts: %2"_s.arg(m_options.maxReconnectAttempts)
                  .arg(error.message);
        failConnection(error);
        return;
    }

    const int delay = std::max(nextReconnectDelayMs(), minimumDelayMs);
    m_statistics.currentReconnectDelayMs = delay;
    setReadyState(ReadyState::Connecting);
    error.willRetry = true;
    error.retryInMs = delay;
    Q_EMIT q->errorOccurred(error);
    if (m_readyState != ReadyState::Connecting) {
        return; // closed from a slot
    }
    Q_EMIT q->reconnectScheduled(delay, m_statistics.consecutiveFailures);
    if (m_readyState == ReadyState::Connecting && !m_reply) {
        m_reconnectTimer.start(delay);
    }
}

int EventSource::Private::nextReconnectDelayMs()
{
    if (!m_options.exponentialBackoff) {
        return std::max(0, m_reconnectionTimeMs);
    }
    return toIntMs(m_backoff.next());
}

// The current reply's Retry-After, capped; 0 when it has none (or an unreadable one).
int EventSource::Private::retryAfterMs() const
{
    const std::chrono::milliseconds cap(m_options.maxRetryAfterMs);
    return toIntMs(retryAfter(*m_reply, cap).value_or(std::chrono::milliseconds::zero()));
}

void EventSource::Private::setReadyState(ReadyState state)
{
    if (m_readyState == state) {
        return;
    }
    m_readyState = state;
    Q_EMIT q->readyStateChanged(state);
}

void EventSource::Private::dropReply()
{
    m_idleTimer.stop();
    m_responseAccepted = false;
    if (!m_reply) {
        return;
    }
    QNetworkReply *const reply = m_reply;
    m_reply = nullptr;
    QObject::disconnect(reply, nullptr, q, nullptr);
    reply->abort();
    reply->deleteLater();
}

void EventSource::Private::onEvent(
    const QString &type, const QString &data, const QString &lastEventId)
{
    if (m_readyState != ReadyState::Open) {
        return;
    }
    ++m_statistics.eventsDispatched;
    // Each QString or QUrl copy is an atomic reference count change, and a new
    // MessageEvent per event costs eight of them: at millions of events per second that
    // is a tenth of the time. So one event is reused: the origin is set on open, the type
    // is usually the very string of the previous event (the parser caches it), the last
    // event ID is only updated when the parser reports a change, and short strings are
    // copied rather than shared (copyOrShare()).
    if (!m_event.type.isSharedWith(type)) {
        m_event.type = type;
    }
    if (m_eventIdOutdated) {
        copyOrShare(m_event.lastEventId, lastEventId);
        m_eventIdOutdated = false;
    }
    copyOrShare(m_event.data, data);
    Q_EMIT q->message(m_event);
    if (data.size() > copiedCharacters) {
        m_event.data.clear(); // a big event's data is not kept until the next one
    }
}

void EventSource::Private::onRetry(qint64 milliseconds)
{
    const int value = int(std::min<qint64>(milliseconds, std::numeric_limits<int>::max()));
    if (value != m_reconnectionTimeMs) {
        m_reconnectionTimeMs = value;
        m_backoff.setPolicy(backoffPolicy(m_options, value)); // the new base, same count
        Q_EMIT q->reconnectionTimeChanged(value);
    }
}

void EventSource::Private::onLastEventIdChanged(const QString &lastEventId)
{
    m_eventIdOutdated = true;
    Q_EMIT q->lastEventIdChanged(lastEventId);
}

void EventSource::Private::onComment(const QString &text)
{
    if (m_readyState == ReadyState::Open) {
        Q_EMIT q->comment(text);
    }
}

void EventSource::Private::onError(ParseError error, const QString &message)
{
    Q_UNUSED(error);
    Error failure;
    failure.kind = Error::Kind::Protocol;
    failure.message = u"the stream was refused: %1"_s.arg(message);
    failConnection(failure);
}

} // namespace sse
