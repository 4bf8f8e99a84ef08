// SPDX-License-Identifier: MIT
#include "networksource.h"

#include <sseclient/eventsource.h>

namespace sse::tail {

namespace {

Options eventSourceOptions(const TailOptions &options)
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
    return result;
}

} // namespace

NetworkSource::NetworkSource(const TailOptions &options, SourceSink &sink)
    : m_sink(sink)
    , m_eventSource(new EventSource(options.url, eventSourceOptions(options), this))
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
    connect(source, &EventSource::errorOccurred, this, [this](const Error &error) {
        if (error.willRetry) {
            m_sink.sourceError(error.message, true, error.retryInMs);
        } else if (!m_stopped) {
            m_stopped = true;
            // 204 No Content is the server's way to say "done", not a failure.
            m_sink.sourceFinished(error.kind == Error::Kind::ServerShutdown ? 0 : 1, error.message);
        }
    });
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

} // namespace sse::tail
