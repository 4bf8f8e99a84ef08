// SPDX-License-Identifier: MIT
#pragma once

#include <hibikiserver/roommessage.h>

#include <QHash>
#include <QList>
#include <QString>

#include <deque>
#include <memory>

namespace hibiki {

class SqliteJournal;

// The room's messages. The newest `history` live in memory (recent history for new clients,
// fast replay, clientId lookups); with a data directory every message is also in SQLite,
// which answers replays from before the memory window and clientId lookups after a
// restart. Without one, what has left memory is gone (replays report a gap).
class MessageStore
{
public:
    explicit MessageStore(int history);
    ~MessageStore();

    // An empty directory means memory only.
    bool open(const QString &dataDirectory);
    void close();
    QString errorString() const { return m_error; }
    bool isPersistent() const { return m_journal != nullptr; }

    struct Append
    {
        enum class Outcome { Created, Duplicate, Failed };
        Outcome outcome = Outcome::Failed;
        RoomMessage message; // the stored one (for Duplicate: the first with this clientId)
    };
    // Stores a new message with the next id unless `clientId` was stored before.
    Append append(const QString &user, const QString &content, const QString &clientId,
        const QDateTime &timestamp);

    qint64 lastId() const { return m_lastId; }
    // This run's epoch in a memory-only room (12 hex digits, new on every open()); empty
    // with a data directory, whose ids go on across runs.
    const QString &epoch() const { return m_epoch; }
    // The cursor after which the newest `history` messages follow (what a new client gets).
    qint64 recentStart() const;
    // Up to `limit` messages with ids greater than `id`, ascending. The first one's id is
    // more than id + 1 when messages in between are no longer kept.
    QList<RoomMessage> after(qint64 id, int limit) const;

private:
    void remember(const RoomMessage &message);
    const RoomMessage *findInMemory(const QString &clientId) const;

    int m_history;
    qint64 m_lastId = 0;
    QString m_epoch;
    std::deque<RoomMessage> m_recent; // contiguous ascending ids, at most m_history
    QHash<QString, qint64> m_byClientId; // for the messages in m_recent
    std::unique_ptr<SqliteJournal> m_journal;
    QString m_error;
};

} // namespace hibiki
