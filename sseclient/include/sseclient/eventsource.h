// SPDX-License-Identifier: MIT
#pragma once

#include "sseclient/sseclient_export.h"
#include "sseclient/types.h" // includes parser.h (ParserLimits)

#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>

namespace sse {

// The browser's EventSource (WHATWG HTML, "Server-sent events") for Qt.
//
//   auto *source = new sse::EventSource(QUrl(u"https://example.org/sse"_s), {}, this);
//   connect(source, &sse::EventSource::message, this, &Chat::onEvent);
//   source->open();
//
// Signals are emitted synchronously from the event loop; after close() none is emitted.
class SSECLIENT_EXPORT EventSource : public QObject
{
    Q_OBJECT
    Q_PROPERTY(ReadyState readyState READ readyState NOTIFY readyStateChanged)

public:
    enum class ReadyState { Connecting, Open, Closed };
    Q_ENUM(ReadyState)

    explicit EventSource(const QUrl &url, const Options &options = {}, QObject *parent = nullptr);
    ~EventSource() override;

    // Starts connecting (readyState Connecting). Calling it again after close() starts over.
    void open();
    // Stops at once, in any state: aborts the request, cancels a pending reconnect, and
    // emits nothing afterwards (readyStateChanged(Closed) is the last signal).
    void close();
    // Drops the current connection (if any) and reconnects immediately, keeping the last
    // event ID. Counts as a reconnect but not as a failure.
    void restart();

    QUrl url() const;
    const Options &options() const;
    ReadyState readyState() const;
    QString lastEventId() const;
    int reconnectionTimeMs() const;
    // The origin of the response that is or was last open (differs from url() after a
    // redirect).
    QUrl responseOrigin() const;
    // Whether the response that is or was last open came over HTTP/2 (one connection may
    // then carry the streams of many event sources to its host: see
    // Options::networkAccessManager). False before the first open.
    bool usesHttp2() const;
    const Statistics &statistics() const;

    // Like addEventListener(type, ...): calls `slot` for events of this type only.
    template<typename Functor>
    QMetaObject::Connection addEventListener(
        const QString &type, const QObject *context, Functor slot)
    {
        return connect(
            this, &EventSource::message, context, [type, slot](const MessageEvent &event) {
                if (event.type == type) {
                    slot(event);
                }
            });
    }

Q_SIGNALS:
    void readyStateChanged(sse::EventSource::ReadyState state);
    void opened();
    // Every dispatched event, whatever its type.
    void message(const sse::MessageEvent &event);
    // Only with Options::reportComments.
    void comment(const QString &text);
    void errorOccurred(const sse::Error &error);
    // The server sent a valid `retry:` field.
    void reconnectionTimeChanged(int milliseconds);
    void lastEventIdChanged(const QString &lastEventId);
    // A reconnect is scheduled in `delayMs`; `attempt` counts consecutive failures.
    void reconnectScheduled(int delayMs, int attempt);

private:
    // All state lives in the private class (a stable ABI; see Parser). It emits this
    // object's signals.
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace sse
