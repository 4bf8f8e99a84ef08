// SPDX-License-Identifier: MIT
#pragma once

#include "sseclient/parser.h"
#include "sseclient/sseclient_export.h"
#include "sseclient/types.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace sse {

// The browser's EventSource (WHATWG HTML, "Server-sent events") for Qt.
//
//   auto *source = new sse::EventSource(QUrl(u"https://example.org/sse"_s), {}, this);
//   connect(source, &sse::EventSource::message, this, &Chat::onEvent);
//   source->open();
//
// Signals are emitted synchronously from the event loop; after close() none is emitted.
class SSECLIENT_EXPORT EventSource
    : public QObject
    , private ParserHandler
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

    QUrl url() const { return m_url; }
    const Options &options() const { return m_options; }
    ReadyState readyState() const { return m_readyState; }
    QString lastEventId() const { return m_parser.lastEventId(); }
    int reconnectionTimeMs() const { return m_reconnectionTimeMs; }
    // The origin of the response that is or was last open (differs from url() after a
    // redirect).
    QUrl responseOrigin() const { return m_responseOrigin; }
    const Statistics &statistics() const { return m_statistics; }

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
    // ParserHandler
    void onEvent(const QString &type, const QString &data, const QString &lastEventId) override;
    void onRetry(qint64 milliseconds) override;
    void onLastEventIdChanged(const QString &lastEventId) override;
    void onComment(const QString &text) override;
    void onError(ParseError error, const QString &message) override;

    void connectTo(const QUrl &url);
    void onMetaDataChanged();
    void onReadyRead();
    void onFinished();
    void onIdleTimerFired();
    bool followRedirect(int status);
    void announceOpen();
    void failConnection(Error error);
    void reestablish(Error error, int minimumDelayMs = 0);
    int nextReconnectDelayMs();
    void setReadyState(ReadyState state);
    void dropReply();
    QNetworkAccessManager *manager();

    QUrl m_url;
    Options m_options;
    ReadyState m_readyState = ReadyState::Closed;
    int m_reconnectionTimeMs = 0;
    QUrl m_responseOrigin;
    Statistics m_statistics;

    Parser m_parser;
    std::unique_ptr<QNetworkAccessManager> m_ownManager;
    QPointer<QNetworkReply> m_reply;
    QUrl m_requestUrl; // where the current request went (after redirects)
    QByteArray m_method; // of the current request chain: a 303 turns POST into GET
    QByteArray m_body;
    int m_redirectsFollowed = 0;
    bool m_credentialsDropped = false; // the chain has left the original origin
    bool m_responseHandled = false; // the current reply's status has been looked at
    bool m_responseAccepted = false; // ... and it is an open event stream
    int m_backoffExponent = 0;
    QByteArray m_readBuffer;
    MessageEvent m_event; // the event handed to message(), reused (see onEvent())
    bool m_eventIdOutdated = true; // m_event.lastEventId differs from the parser's

    QTimer m_reconnectTimer;
    QTimer m_idleTimer;
    QElapsedTimer m_sinceLastByte;
    QElapsedTimer m_sinceOpen;
};

} // namespace sse
