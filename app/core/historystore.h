// SPDX-License-Identifier: MIT
#pragma once

#include "chatmessage.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>

namespace hibiki {

// A room's history on disk (SQLite): its messages in arrival order and the last event
// ID they were received with. Messages and the ID are saved in one transaction, so after
// a crash or restart the stream resumes exactly after what is stored.
class HistoryStore
{
public:
    HistoryStore();
    ~HistoryStore();
    HistoryStore(const HistoryStore &) = delete;
    HistoryStore &operator=(const HistoryStore &) = delete;

    // `path` ":memory:" keeps everything in memory. False and error() on failure.
    bool open(const QString &path);
    void close();
    bool isOpen() const;
    QString error() const { return m_error; }
    // The open connection, shared with the outbox of the same room.
    QSqlDatabase database() const;

    // Stores the messages that are not already stored (same non-empty id) and the last
    // event ID, atomically. Returns the messages that were new, in order.
    ChatMessages append(const ChatMessages &messages, const QString &lastEventId);

    QString lastEventId() const;
    qint64 count() const;
    // Rows [offset, offset + limit) in arrival order; 0 is the oldest kept message.
    ChatMessages load(qint64 offset, qint64 limit) const;
    // Keep at most this many messages (oldest deleted first). 0: unlimited.
    void setRetention(qint64 maxMessages);
    qint64 retention() const { return m_retention; }
    bool contains(const QString &id) const;
    // The server started its ids over (e.g. a memory-only room restarted): stored messages
    // stay, but their ids no longer count for deduplication.
    void forgetMessageIds();

private:
    void applyRetention();

    // Prepared once per open database: appends run once per event-loop turn in a flood.
    struct Statements
    {
        QSqlQuery insert;
        QSqlQuery exists;
        QSqlQuery saveLastEventId;
    };

    QString m_connectionName;
    std::unique_ptr<Statements> m_statements;
    QString m_error;
    qint64 m_retention = 100000;
};

} // namespace hibiki
