// SPDX-License-Identifier: MIT
#pragma once

#include <hibikiserver/roommessage.h>

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

namespace hibiki {

class HttpConnection;
class MessageStore;
class Subscriber;

// Fan-out to the open event streams. A stream first replays from the store at the pace
// its socket drains (a long replay never counts as slowness), then goes live: each new
// message is queued to it at once and sent with everything else of the same event-loop
// turn. A live stream whose send queue (socket write buffer) grows past maxQueueBytes has
// fallen behind and is cut off; it reconnects and replays. All streams' queues together may
// hold maxQueuedBytesTotal: past that, the streams furthest behind are cut first. Also presence
// (join/leave per user, snapshot for newcomers) and heartbeats. What a stream carries, in
// which order, and the gap events: docs/PROTOCOL.md, "GET /sse".
class SubscriberHub : public QObject
{
    Q_OBJECT
public:
    struct Settings
    {
        qint64 maxQueueBytes = 1024 * 1024;
        int replayBatch = 256;
        int heartbeatMs = 15000;
        int retryMs = 3000;
        qint64 maxQueuedBytesTotal = 64 * 1024 * 1024;
    };

    SubscriberHub(const MessageStore &store, const Settings &settings, QObject *parent = nullptr);
    ~SubscriberHub() override;

    int count() const { return int(m_subscribers.size()); }
    // Opens a stream on `connection` (`head`: its HTTP head). `lastEventId` is the raw
    // Last-Event-ID (empty: none): replay after it, or after recentStart() for a new client.
    void add(HttpConnection &&connection, const QByteArray &head, const QString &user,
        const QString &lastEventId);
    // A message was stored: live streams get it now. `json` is message.toJson().
    void publish(const RoomMessage &message, QByteArrayView json);
    // Ends every stream, flushing what is queued.
    void finishAll();
    // Ends every stream at once (the token they were opened with is no longer valid).
    void dropAll();

Q_SIGNALS:
    void countChanged(int count);
    void cutOff(); // a stream fell behind and was dropped

private:
    void startCursor(Subscriber *subscriber, const QString &lastEventId);
    void pump(Subscriber *subscriber);
    void remove(Subscriber *subscriber);
    void deliverToAll(const QByteArray &frame);
    // Sends every subscriber's queued frames once the current event-loop turn is done.
    void scheduleFlush();
    void flushAll();
    void cut(const QList<Subscriber *> &victims);
    // The backlogs of `behind` add up to `total`, over the budget: cuts the streams furthest
    // behind until the rest fit; `behind` keeps the others. Returns the new total.
    qint64 enforceBudget(QList<Subscriber *> &behind, qint64 total);
    void heartbeat();

    const MessageStore &m_store;
    Settings m_settings;
    QList<Subscriber *> m_subscribers;
    QHash<QString, int> m_presence; // user → open streams
    QTimer m_heartbeat;
    bool m_flushScheduled = false;
};

} // namespace hibiki
