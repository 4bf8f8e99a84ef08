// SPDX-License-Identifier: MIT
#include "networksource.h"

#include <sseclient/certificatepinning.h>
#include <sseclient/eventsource.h>

#include <QNetworkAccessManager>
#include <QNetworkReply>
#if QT_CONFIG(ssl)
#include <QSslCertificate>
#include <QSslConfiguration>
#endif

using namespace Qt::StringLiterals;

namespace sse::tail {

namespace {

Options eventSourceOptions(const TailOptions &options, QNetworkAccessManager *manager)
{
    Options result;
    result.headers = options.headers;
    result.lastEventId = options.lastEventId;
    result.maxReconnectAttempts = options.maxReconnects;
    result.idleTimeoutMs = options.idleTimeoutMs;
    if (options.reconnectDelayMs >= 0) {
        result.initialReconnectDelayMs = options.reconnectDelayMs;
    }
    result.retryOnServerErrors = options.retryServerErrors;
    result.exponentialBackoff = options.backoff;
    result.http2Allowed = !options.http1Only;
    result.reportComments = options.comments;
    if (!options.pinnedSha256.isEmpty()) {
        result.trustedCertificateSha256 = {options.pinnedSha256};
    }
    result.networkAccessManager = manager;
    return result;
}

// With --pin-sha256 the tool needs its own manager, to see every handshake (see checkPin()).
QNetworkAccessManager *pinningManager(const TailOptions &options, QObject *parent)
{
    return options.pinnedSha256.isEmpty() ? nullptr : new QNetworkAccessManager(parent);
}

} // namespace

NetworkSource::NetworkSource(const TailOptions &options, SourceSink &sink)
    : m_sink(sink)
    , m_pinnedSha256(options.pinnedSha256)
    , m_manager(pinningManager(options, this))
    , m_eventSource(new EventSource(options.url, eventSourceOptions(options, m_manager), this))
{
    EventSource *const source = m_eventSource;
    connect(
        source, &EventSource::opened, this, [this, source] { m_sink.sourceOpened(source->url()); });
    connect(source, &EventSource::message, this, [this](const MessageEvent &event) {
        m_sink.sourceEvent(event.type, event.data, event.lastEventId);
    });
    connect(source, &EventSource::comment, this,
        [this](const QString &text) { m_sink.sourceComment(text); });
    connect(source, &EventSource::reconnectionTimeChanged, this,
        [this](int milliseconds) { m_sink.sourceRetry(milliseconds); });
    connect(source, &EventSource::errorOccurred, this, &NetworkSource::onError);
#if QT_CONFIG(ssl)
    if (m_manager) {
        connect(m_manager, &QNetworkAccessManager::encrypted, this, &NetworkSource::checkPin);
    }
#endif
}

NetworkSource::~NetworkSource() = default;

void NetworkSource::start()
{
    m_eventSource->open();
}

void NetworkSource::stop()
{
    m_stopped = true;
    m_eventSource->close();
}

qint64 NetworkSource::bytesReceived() const
{
    return m_eventSource->statistics().bytesReceived;
}

void NetworkSource::onError(const Error &error)
{
    if (m_stopped) {
        return;
    }
    // A refused certificate does not change by waiting: say which one, and stop.
    if (!error.untrustedCertificateSha256.isEmpty()) {
        const QString host = m_eventSource->url().host();
        if (m_pinnedSha256.isEmpty()) {
            fail(error.message + u" (--pin-sha256 trusts it)"_s);
        } else {
            fail(u"the certificate of %1 does not match --pin-sha256 %2: its SHA-256 "
                 "fingerprint is %3"_s.arg(host, displaySha256(m_pinnedSha256),
                     displaySha256(error.untrustedCertificateSha256)));
        }
        return;
    }
    if (error.willRetry) {
        m_sink.sourceError(error.message, true, error.retryInMs);
        return;
    }
    // 204 No Content is the server's way to say "done", not a failure.
    m_stopped = true;
    m_sink.sourceFinished(error.kind == Error::Kind::ServerShutdown ? 0 : 1, error.message);
}

// Pinning means "that certificate only": a certificate the system's authorities vouch for
// has no TLS errors to ignore, so the library would accept it; it is refused here, before
// a byte of the request's answer is read.
void NetworkSource::checkPin(QNetworkReply *reply)
{
#if QT_CONFIG(ssl)
    if (m_stopped) {
        return;
    }
    const QByteArray peerSha256 = certificateSha256Hex(reply->sslConfiguration().peerCertificate());
    if (peerSha256 == m_pinnedSha256) {
        return;
    }
    fail(u"the certificate of %1 does not match --pin-sha256 %2: its SHA-256 fingerprint is %3"_s
             .arg(reply->url().host(), displaySha256(m_pinnedSha256), displaySha256(peerSha256)));
#else
    Q_UNUSED(reply);
#endif
}

void NetworkSource::fail(const QString &reason)
{
    m_stopped = true;
    m_eventSource->close(); // aborts the request
    m_sink.sourceFinished(1, reason);
}

} // namespace sse::tail
