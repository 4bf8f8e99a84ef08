// SPDX-License-Identifier: MIT
#include "sqlitejournal.h"

#include <QAtomicInteger>
#include <QDir>
#include <QSqlError>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

QAtomicInteger<quint64> connectionCounter;

QVariant nullIfEmpty(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

} // namespace

SqliteJournal::SqliteJournal()
    // Each journal needs its own named connection: a process may host several rooms, and
    // a restarted room opens a new one before the old name is released.
    : m_connectionName(u"hibiki-room-%1"_s.arg(connectionCounter.fetchAndAddRelaxed(1)))
{ }

SqliteJournal::~SqliteJournal()
{
    close();
}

bool SqliteJournal::open(const QString &directory)
{
    close();
    if (!QDir().mkpath(directory)) {
        m_error = u"cannot create data directory %1"_s.arg(directory);
        return false;
    }
    const QDir dir(directory);
    m_lock = std::make_unique<QLockFile>(dir.filePath(u"room.lock"_s));
    if (!m_lock->tryLock(0)) {
        m_error = u"data directory %1 is in use by another server"_s.arg(directory);
        m_lock.reset();
        return false;
    }
    m_db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
    m_db.setDatabaseName(dir.filePath(u"room.sqlite"_s));
    if (!m_db.open()) {
        m_error = u"cannot open %1: %2"_s.arg(m_db.databaseName(), m_db.lastError().text());
        close();
        return false;
    }
    const bool ready = exec(u"PRAGMA journal_mode=WAL"_s) && exec(u"PRAGMA synchronous=FULL"_s)
        && exec(u"CREATE TABLE IF NOT EXISTS messages ("
                "id INTEGER PRIMARY KEY, user TEXT NOT NULL, content TEXT NOT NULL, "
                "timestamp TEXT NOT NULL, client_id TEXT)"_s)
        && exec(u"CREATE UNIQUE INDEX IF NOT EXISTS messages_client_id ON messages(client_id) "
                "WHERE client_id IS NOT NULL"_s);
    if (!ready) {
        close();
        return false;
    }
    m_insert.emplace(m_db);
    m_byClientId.emplace(m_db);
    m_after.emplace(m_db);
    if (!m_insert->prepare(u"INSERT INTO messages (id, user, content, timestamp, client_id) "
                           "VALUES (?, ?, ?, ?, ?)"_s)
        || !m_byClientId->prepare(u"SELECT id, user, content, timestamp, client_id FROM messages "
                                  "WHERE client_id = ?"_s)
        || !m_after->prepare(u"SELECT id, user, content, timestamp, client_id FROM messages "
                             "WHERE id > ? ORDER BY id LIMIT ?"_s)) {
        m_error = u"cannot prepare statements: %1"_s.arg(m_db.lastError().text());
        close();
        return false;
    }
    return true;
}

void SqliteJournal::close()
{
    // Queries and the database handle must be gone before the connection is removed.
    m_insert.reset();
    m_byClientId.reset();
    m_after.reset();
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
    m_lock.reset();
}

bool SqliteJournal::insert(const RoomMessage &message)
{
    m_insert->bindValue(0, message.id);
    m_insert->bindValue(1, message.user);
    m_insert->bindValue(2, message.content);
    m_insert->bindValue(3, message.timestampText());
    m_insert->bindValue(4, nullIfEmpty(message.clientId));
    if (!m_insert->exec()) {
        return fail(u"insert"_s, *m_insert);
    }
    m_insert->finish();
    return true;
}

std::optional<RoomMessage> SqliteJournal::findByClientId(const QString &clientId)
{
    m_byClientId->bindValue(0, clientId);
    if (!m_byClientId->exec()) {
        fail(u"lookup"_s, *m_byClientId);
        return std::nullopt;
    }
    const QList<RoomMessage> found = readAll(*m_byClientId);
    if (found.isEmpty()) {
        return std::nullopt;
    }
    return found.first();
}

QList<RoomMessage> SqliteJournal::after(qint64 id, int limit)
{
    m_after->bindValue(0, id);
    m_after->bindValue(1, limit);
    if (!m_after->exec()) {
        fail(u"replay"_s, *m_after);
        return {};
    }
    return readAll(*m_after);
}

QList<RoomMessage> SqliteJournal::latest(int count)
{
    QSqlQuery query(m_db);
    query.prepare(u"SELECT id, user, content, timestamp, client_id FROM "
                  "(SELECT * FROM messages ORDER BY id DESC LIMIT ?) ORDER BY id"_s);
    query.bindValue(0, count);
    if (!query.exec()) {
        fail(u"load"_s, query);
        return {};
    }
    return readAll(query);
}

qint64 SqliteJournal::lastId()
{
    QSqlQuery query(m_db);
    if (!query.exec(u"SELECT COALESCE(MAX(id), 0) FROM messages"_s) || !query.next()) {
        fail(u"last id"_s, query);
        return 0;
    }
    return query.value(0).toLongLong();
}

bool SqliteJournal::exec(const QString &statement)
{
    QSqlQuery query(m_db);
    if (!query.exec(statement)) {
        return fail(statement, query);
    }
    return true;
}

bool SqliteJournal::fail(const QString &what, const QSqlQuery &query)
{
    m_error = u"SQLite %1 failed: %2"_s.arg(what, query.lastError().text());
    qWarning("hibiki-server: %s", qPrintable(m_error));
    return false;
}

QList<RoomMessage> SqliteJournal::readAll(QSqlQuery &query)
{
    QList<RoomMessage> messages;
    while (query.next()) {
        RoomMessage message;
        message.id = query.value(0).toLongLong();
        message.user = query.value(1).toString();
        message.content = query.value(2).toString();
        message.timestamp = QDateTime::fromString(query.value(3).toString(), Qt::ISODate);
        message.clientId = query.value(4).toString();
        messages.append(std::move(message));
    }
    query.finish();
    return messages;
}

} // namespace hibiki
