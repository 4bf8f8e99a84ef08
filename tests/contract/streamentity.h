// SPDX-License-Identifier: MIT
#pragma once

#include "streamconfig.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QUrl>

#include <deque>

class QNetworkAccessManager;
class QNetworkReply;

namespace sse {
class EventSource;
struct MessageEvent;
struct Error;
} // namespace sse

namespace hibiki {

// One stream of the contract-test protocol: an sse::EventSource and the callbacks that
// tell the suite what it saw. Every event, comment and error becomes a POST to
// {callbackUrl}/{n}, n = 1, 2, 3... for this stream, sent strictly one after another.
class StreamEntity : public QObject
{
    Q_OBJECT

public:
    // `callbackManager` posts the callbacks (not owned; shared by all streams). The event
    // source gets its own network manager: a stream must never wait for a free connection
    // behind other streams or behind the callbacks, which often go to the same host.
    StreamEntity(int id, StreamConfig config, QNetworkAccessManager *callbackManager,
        QObject *parent = nullptr);
    ~StreamEntity() override;

    int id() const { return m_id; }
    const StreamConfig &config() const { return m_config; }

    void open();
    // Drops the connection and reconnects at once; reopens a stream that has stopped (after
    // an HTTP error or a 204).
    void restart();
    // Reports events of `type` from now on. Only "message" is reported without this, as
    // the browser's EventSource does (the "event-type-listeners" capability).
    void listen(const QString &type);
    // Stops the event source and drops callbacks not yet delivered.
    void close();

private:
    void reportEvent(const sse::MessageEvent &event);
    void report(const QJsonObject &message);
    void sendNextCallback();
    void onCallbackFinished();
    QUrl callbackUrl(int number) const;

    const int m_id;
    const StreamConfig m_config;
    QNetworkAccessManager *const m_callbackManager;
    sse::EventSource *m_source = nullptr; // child
    QSet<QString> m_listenedTypes;

    struct Callback
    {
        int number = 0;
        QByteArray body;
    };
    int m_callbacksQueued = 0;
    std::deque<Callback> m_pendingCallbacks;
    QPointer<QNetworkReply> m_callbackInFlight;
    bool m_closed = false;
};

} // namespace hibiki
