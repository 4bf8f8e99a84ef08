// SPDX-License-Identifier: MIT
#include "subscriberhub.h"

#include "messagestore.h"
#include "sseframes.h"
#include "subscriber.h"

#include <algorithm>
#include <optional>

namespace hibiki {

namespace {

// A replay pauses while this much is queued and goes on as the socket drains, so that
// replaying thousands of messages never holds more than this in memory per client.
constexpr qint64 ReplayWatermark = 64 * 1024;
// How much of a foreign Last-Event-ID is echoed back in a gap event.
constexpr qsizetype MaxEchoedIdLength = 64;

// The length of an epoch (MessageStore::epoch()).
constexpr qsizetype EpochLength = 12;

std::optional<qint64> parseNumber(QStringView text)
{
    if (text.isEmpty() || text.size() > 18) {
        return std::nullopt;
    }
    for (const QChar c : text) {
        if (c < u'0' || c > u'9') {
            return std::nullopt;
        }
    }
    return text.toLongLong();
}

bool isEpoch(QStringView text)
{
    return text.size() == EpochLength && std::all_of(text.begin(), text.end(), [](QChar c) {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f');
    });
}

// An event id as the room issues them: "42" or "<epoch>-42".
struct EventId
{
    QString epoch; // empty for a plain number
    qint64 number = 0;
};

std::optional<EventId> parseEventId(const QString &text)
{
    const qsizetype dash = text.indexOf(u'-');
    if (dash < 0) {
        if (const auto number = parseNumber(text)) {
            return EventId {{}, *number};
        }
        return std::nullopt;
    }
    const QStringView epoch = QStringView(text).first(dash);
    const auto number = parseNumber(QStringView(text).sliced(dash + 1));
    if (!isEpoch(epoch) || !number) {
        return std::nullopt;
    }
    return EventId {epoch.toString(), *number};
}

} // namespace

SubscriberHub::SubscriberHub(const MessageStore &store, const Settings &settings, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_settings(settings)
{
    connect(&m_heartbeat, &QTimer::timeout, this, &SubscriberHub::heartbeat);
    if (m_settings.heartbeatMs > 0) {
        m_heartbeat.start(m_settings.heartbeatMs);
    }
}

SubscriberHub::~SubscriberHub()
{
    // The subscribers die with us as children; their last signals must not reach us.
    for (Subscriber *subscriber : std::as_const(m_subscribers)) {
        subscriber->disconnect(this);
    }
}

void SubscriberHub::add(HttpConnection &&connection, const QByteArray &head, const QString &user,
    const QString &lastEventId)
{
    auto subscriber = new Subscriber(std::move(connection), head, user, this);
    subscriber->start();
    subscriber->write(frames::retry(m_settings.retryMs));
    startCursor(subscriber, lastEventId);
    for (auto it = m_presence.cbegin(); it != m_presence.cend(); ++it) {
        subscriber->write(frames::join(it.key()));
    }

    m_subscribers.append(subscriber);
    connect(subscriber, &Subscriber::gone, this, [this, subscriber] { remove(subscriber); });
    connect(subscriber, &Subscriber::drained, this, [this, subscriber] { pump(subscriber); });
    Q_EMIT countChanged(count());
    // A user's first stream announces them; a second window of the same user does not.
    if (!user.isEmpty() && m_presence[user]++ == 0) {
        deliverToAll(frames::join(user));
    }
    pump(subscriber);
}

void SubscriberHub::startCursor(Subscriber *subscriber, const QString &lastEventId)
{
    const qint64 lastId = m_store.lastId();
    if (lastEventId.isEmpty()) {
        subscriber->setCursor(m_store.recentStart());
        return;
    }
    const QString &epoch = m_store.epoch();
    const auto id = parseEventId(lastEventId);
    if (id && id->epoch == epoch && id->number <= lastId) {
        subscriber->setCursor(id->number);
        return;
    }
    const QString echoed = lastEventId.left(MaxEchoedIdLength);
    if (id && !epoch.isEmpty() && id->epoch != epoch) {
        // An id of an earlier run of this memory-only room (or of a room that had plain
        // ids): this run's messages are new to the client, even where the numbers match.
        subscriber->write(frames::gapReset(echoed, epoch));
    } else {
        // Not an id this room issued (malformed, newer than the newest, or an epoch id
        // sent to a room with a data directory): the client's view and ours have parted.
        subscriber->write(frames::gapUnknown(echoed, lastId));
    }
    // Either way the stream goes on as for a new client.
    subscriber->setCursor(m_store.recentStart());
}

void SubscriberHub::pump(Subscriber *subscriber)
{
    while (!subscriber->isLive() && subscriber->isOpen()) {
        // Each step's frames leave at once in one piece; what the kernel does not take
        // waits in the socket's buffer, and its draining (drained()) calls again.
        subscriber->flush();
        if (subscriber->queuedBytes() >= ReplayWatermark) {
            return;
        }
        if (subscriber->cursor() >= m_store.lastId()) {
            subscriber->setLive(true);
            break;
        }
        const QList<RoomMessage> batch
            = m_store.after(subscriber->cursor(), m_settings.replayBatch);
        if (batch.isEmpty()) {
            // The store failed to read: end the stream, the client retries from its id.
            subscriber->abort();
            return;
        }
        const qint64 next = subscriber->cursor() + 1;
        if (batch.first().id > next) {
            subscriber->write(frames::gapExpired(next, batch.first().id - 1));
        }
        for (const RoomMessage &message : batch) {
            subscriber->write(frames::message(message));
        }
        subscriber->setCursor(batch.last().id);
    }
    subscriber->flush();
}

void SubscriberHub::publish(const RoomMessage &message, QByteArrayView json)
{
    // Encoded once for everyone; QByteArray is shared, each socket copies into its buffer.
    const QByteArray frame = frames::message(message.eventId().toLatin1(), json);
    QList<Subscriber *> behind;
    for (Subscriber *subscriber : std::as_const(m_subscribers)) {
        if (!subscriber->isLive() || !subscriber->isOpen()) {
            continue; // a replaying stream reads this message from the store in turn
        }
        subscriber->write(frame);
        subscriber->setCursor(message.id);
        if (subscriber->queuedBytes() > m_settings.maxQueueBytes) {
            behind.append(subscriber);
        }
    }
    cut(behind);
    scheduleFlush();
}

void SubscriberHub::deliverToAll(const QByteArray &frame)
{
    QList<Subscriber *> behind;
    for (Subscriber *subscriber : std::as_const(m_subscribers)) {
        subscriber->write(frame);
        if (subscriber->isLive() && subscriber->queuedBytes() > m_settings.maxQueueBytes) {
            behind.append(subscriber);
        }
    }
    cut(behind);
    scheduleFlush();
}

void SubscriberHub::scheduleFlush()
{
    if (m_flushScheduled) {
        return;
    }
    m_flushScheduled = true;
    // Queued, so it runs after everything the current event-loop turn handles: the frames
    // of all the POSTs read in one turn leave in one send() per subscriber. (A queued call
    // rather than QAbstractEventDispatcher::aboutToBlock, which a loop driven by
    // processEvents() without WaitForMoreEvents never emits.)
    QMetaObject::invokeMethod(this, &SubscriberHub::flushAll, Qt::QueuedConnection);
}

void SubscriberHub::flushAll()
{
    m_flushScheduled = false;
    // What the kernel does not take is copied into the socket's buffer: that is where slow
    // readers cost memory. The total of those backlogs is kept within the budget as the
    // flush goes (a burst of messages to streams whose kernel buffers are full could
    // otherwise copy far more than the budget in one turn), cutting the streams furthest
    // behind first among those flushed so far.
    const QList<Subscriber *> subscribers = m_subscribers; // cuts remove from the member
    QList<Subscriber *> flushed;
    flushed.reserve(subscribers.size());
    qint64 total = 0;
    for (Subscriber *subscriber : subscribers) {
        if (!subscriber->isOpen()) {
            continue; // cut in this very loop
        }
        subscriber->flush();
        const qint64 backlog = subscriber->backlogBytes();
        if (backlog == 0) {
            continue;
        }
        flushed.append(subscriber);
        total += backlog;
        if (total > m_settings.maxQueuedBytesTotal) {
            total = enforceBudget(flushed, total);
        }
    }
}

qint64 SubscriberHub::enforceBudget(QList<Subscriber *> &behind, qint64 total)
{
    // The biggest backlog is the slowest reader. Replaying streams are bounded by the
    // replay watermark and are left alone.
    std::sort(behind.begin(), behind.end(), [](const Subscriber *a, const Subscriber *b) {
        return a->backlogBytes() > b->backlogBytes();
    });
    QList<Subscriber *> victims;
    QList<Subscriber *> kept;
    for (Subscriber *subscriber : std::as_const(behind)) {
        if (total > m_settings.maxQueuedBytesTotal && subscriber->isLive()) {
            total -= subscriber->backlogBytes();
            victims.append(subscriber);
        } else {
            kept.append(subscriber);
        }
    }
    behind = kept;
    cut(victims);
    return total;
}

void SubscriberHub::cut(const QList<Subscriber *> &victims)
{
    for (Subscriber *subscriber : victims) {
        // An earlier cut may have removed it already (its leave event overflowed another).
        if (!m_subscribers.contains(subscriber)) {
            continue;
        }
        Q_EMIT cutOff();
        subscriber->abort();
    }
}

void SubscriberHub::remove(Subscriber *subscriber)
{
    if (!m_subscribers.removeOne(subscriber)) {
        return;
    }
    const QString user = subscriber->user();
    subscriber->disconnect(this);
    subscriber->deleteLater();
    Q_EMIT countChanged(count());
    if (user.isEmpty()) {
        return;
    }
    const auto it = m_presence.find(user);
    if (it != m_presence.end() && --*it == 0) {
        m_presence.erase(it);
        deliverToAll(frames::leave(user));
    }
}

void SubscriberHub::heartbeat()
{
    deliverToAll(frames::ping());
}

void SubscriberHub::dropAll()
{
    // Each abort() removes its subscriber (gone) and tells the others that left.
    const QList<Subscriber *> subscribers = m_subscribers;
    for (Subscriber *subscriber : subscribers) {
        subscriber->abort();
    }
}

void SubscriberHub::finishAll()
{
    m_heartbeat.stop();
    const QList<Subscriber *> subscribers = std::exchange(m_subscribers, {});
    m_presence.clear();
    for (Subscriber *subscriber : subscribers) {
        subscriber->disconnect(this);
        subscriber->finish();
        subscriber->deleteLater();
    }
    if (!subscribers.isEmpty()) {
        Q_EMIT countChanged(0);
    }
}

} // namespace hibiki
