// SPDX-License-Identifier: MIT
#pragma once

#include <hibikiserver/roommessage.h>

#include <QList>
#include <QLockFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>
#include <optional>

namespace hibiki {

// Every message of a room in SQLite (QtSql, QSQLITE). WAL with synchronous=FULL: insert()
// returns only once the row is on disk, so a message is durable before its POST is
// answered. A lock file keeps a second server off the same directory (its ids would clash).
class SqliteJournal
{
public:
    SqliteJournal();
    ~SqliteJournal();
    SqliteJournal(const SqliteJournal &) = delete;
    SqliteJournal &operator=(const SqliteJournal &) = delete;

    bool open(const QString &directory);
    void close();
    QString errorString() const { return m_error; }

    bool insert(const RoomMessage &message);
    std::optional<RoomMessage> findByClientId(const QString &clientId);
    QList<RoomMessage> after(qint64 id, int limit); // ascending ids greater than `id`
    QList<RoomMessage> latest(int count); // the newest `count`, ascending
    qint64 lastId();

private:
    bool exec(const QString &statement);
    bool fail(const QString &what, const QSqlQuery &query);
    QList<RoomMessage> readAll(QSqlQuery &query);

    QString m_connectionName;
    QSqlDatabase m_db;
    std::unique_ptr<QLockFile> m_lock;
    std::optional<QSqlQuery> m_insert;
    std::optional<QSqlQuery> m_byClientId;
    std::optional<QSqlQuery> m_after;
    QString m_error;
};

} // namespace hibiki
