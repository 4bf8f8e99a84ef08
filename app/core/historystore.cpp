// SPDX-License-Identifier: MIT
#include "historystore.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QVariant>

#include <atomic>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

const QString lastEventIdKey = u"last_event_id"_s;

bool exec(QSqlQuery &query, const QString &sql, QString *error)
{
    if (query.exec(sql)) {
        return true;
    }
    if (error) {
        *error = query.lastError().text();
    }
    return false;
}

QVariant nullIfEmpty(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

} // namespace

HistoryStore::HistoryStore()
{
    static std::atomic_int counter = 0;
    m_connectionName = u"hibiki-history-%1"_s.arg(counter++);
}

HistoryStore::~HistoryStore()
{
    close();
}

bool HistoryStore::open(const QString &path)
{
    close();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
        db.setDatabaseName(path);
        if (!db.open()) {
            m_error = u"cannot open the history file %1: %2"_s.arg(path, db.lastError().text());
            return false;
        }
        QSqlQuery query(db);
        // WAL with synchronous=NORMAL survives an application crash, and appends stay cheap.
        const bool ok = exec(query, u"PRAGMA journal_mode=WAL"_s, &m_error)
            && exec(query, u"PRAGMA synchronous=NORMAL"_s, &m_error)
            && exec(query,
                u"CREATE TABLE IF NOT EXISTS messages ("
                "seq INTEGER PRIMARY KEY AUTOINCREMENT, msg_id TEXT, kind INTEGER NOT NULL, "
                "author TEXT NOT NULL, text TEXT NOT NULL, ts INTEGER NOT NULL, "
                "client_id TEXT, event_type TEXT NOT NULL)"_s,
                &m_error)
            && exec(query,
                u"CREATE UNIQUE INDEX IF NOT EXISTS messages_msg_id ON messages(msg_id) "
                "WHERE msg_id IS NOT NULL"_s,
                &m_error)
            && exec(query,
                u"CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL)"_s,
                &m_error);
        if (!ok) {
            m_error = u"cannot prepare the history file %1: %2"_s.arg(path, m_error);
            db.close();
        }
    }
    if (!m_error.isEmpty()) {
        QSqlDatabase::removeDatabase(m_connectionName);
        return false;
    }
    const QSqlDatabase db = database();
    m_statements
        = std::make_unique<Statements>(Statements {QSqlQuery(db), QSqlQuery(db), QSqlQuery(db)});
    m_statements->insert.prepare(
        u"INSERT INTO messages (msg_id, kind, author, text, ts, client_id, event_type) "
        "VALUES (?, ?, COALESCE(?, ''), COALESCE(?, ''), ?, ?, COALESCE(?, ''))"_s);
    m_statements->exists.prepare(u"SELECT 1 FROM messages WHERE msg_id = ?"_s);
    m_statements->saveLastEventId.prepare(
        u"INSERT OR REPLACE INTO state (key, value) VALUES (?, COALESCE(?, ''))"_s);
    return true;
}

void HistoryStore::close()
{
    m_statements.reset(); // queries must go before their connection
    if (!QSqlDatabase::contains(m_connectionName)) {
        return;
    }
    QSqlDatabase::database(m_connectionName, false).close();
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool HistoryStore::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName)
        && QSqlDatabase::database(m_connectionName, false).isOpen();
}

QSqlDatabase HistoryStore::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

ChatMessages HistoryStore::append(const ChatMessages &messages, const QString &lastEventId)
{
    if (!m_statements) {
        return {};
    }
    QSqlDatabase db = database();
    ChatMessages added;
    added.reserve(messages.size());
    if (!db.transaction()) {
        m_error = db.lastError().text();
        return added;
    }
    QSqlQuery &insert = m_statements->insert;
    // Checked before inserting rather than with INSERT OR IGNORE: an ignored insert still
    // uses up a seq number, and the rows must stay contiguous (see count() and load()).
    QSqlQuery &exists = m_statements->exists;
    for (const ChatMessage &message : messages) {
        if (!message.id.isEmpty()) {
            exists.bindValue(0, message.id);
            const bool known = exists.exec() && exists.next();
            exists.finish();
            if (known) {
                continue;
            }
        }
        insert.bindValue(0, nullIfEmpty(message.id));
        insert.bindValue(1, int(message.kind));
        insert.bindValue(2, message.author);
        insert.bindValue(3, message.text);
        insert.bindValue(4, message.timestamp.toMSecsSinceEpoch());
        insert.bindValue(5, nullIfEmpty(message.clientId));
        insert.bindValue(6, message.eventType);
        if (!insert.exec()) {
            m_error = insert.lastError().text();
            db.rollback();
            return {};
        }
        if (insert.numRowsAffected() == 1) {
            added.append(message);
        }
    }
    QSqlQuery &state = m_statements->saveLastEventId;
    state.bindValue(0, lastEventIdKey);
    state.bindValue(1, lastEventId);
    if (!state.exec() || !db.commit()) {
        m_error = db.lastError().text();
        db.rollback();
        return {};
    }
    applyRetention();
    return added;
}

QString HistoryStore::lastEventId() const
{
    QSqlQuery query(database());
    query.prepare(u"SELECT value FROM state WHERE key = ?"_s);
    query.bindValue(0, lastEventIdKey);
    if (query.exec() && query.next()) {
        return query.value(0).toString();
    }
    return {};
}

qint64 HistoryStore::count() const
{
    QSqlQuery query(database());
    // Rows are contiguous in seq: retention deletes from the front only. MIN() and MAX()
    // come from the primary key only when each stands alone; together SQLite scans the
    // table (95 ms at a million rows).
    if (query.exec(
            u"SELECT COALESCE((SELECT MAX(seq) FROM messages) - (SELECT MIN(seq) FROM messages) + 1, 0)"_s)
        && query.next()) {
        return query.value(0).toLongLong();
    }
    return 0;
}

ChatMessages HistoryStore::load(qint64 offset, qint64 limit) const
{
    ChatMessages messages;
    QSqlQuery query(database());
    query.setForwardOnly(true);
    query.prepare(u"SELECT msg_id, kind, author, text, ts, client_id, event_type FROM messages "
                  "WHERE seq >= (SELECT MIN(seq) FROM messages) + ? ORDER BY seq LIMIT ?"_s);
    query.bindValue(0, offset);
    query.bindValue(1, limit);
    if (!query.exec()) {
        return messages;
    }
    messages.reserve(limit);
    while (query.next()) {
        ChatMessage message;
        message.id = query.value(0).toString();
        message.kind = ChatMessage::Kind(query.value(1).toInt());
        message.author = query.value(2).toString();
        message.text = query.value(3).toString();
        message.timestamp
            = QDateTime::fromMSecsSinceEpoch(query.value(4).toLongLong(), QTimeZone::utc());
        message.clientId = query.value(5).toString();
        message.eventType = query.value(6).toString();
        messages.append(std::move(message));
    }
    return messages;
}

bool HistoryStore::contains(const QString &id) const
{
    QSqlQuery query(database());
    query.prepare(u"SELECT 1 FROM messages WHERE msg_id = ?"_s);
    query.bindValue(0, id);
    return query.exec() && query.next();
}

void HistoryStore::forgetMessageIds()
{
    QSqlQuery query(database());
    query.exec(u"UPDATE messages SET msg_id = NULL WHERE msg_id IS NOT NULL"_s);
}

void HistoryStore::setRetention(qint64 maxMessages)
{
    m_retention = std::max<qint64>(0, maxMessages);
    applyRetention();
}

void HistoryStore::applyRetention()
{
    if (m_retention <= 0) {
        return;
    }
    QSqlQuery query(database());
    query.prepare(u"DELETE FROM messages WHERE seq <= (SELECT MAX(seq) FROM messages) - ?"_s);
    query.bindValue(0, m_retention);
    query.exec();
}

} // namespace hibiki
