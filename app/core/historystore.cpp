// SPDX-License-Identifier: MIT
#include "historystore.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

const QString lastEventIdKey = u"last_event_id"_s;

QVariant nullIfEmpty(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

} // namespace

HistoryStore::HistoryStore() = default;

HistoryStore::~HistoryStore()
{
    close();
}

bool HistoryStore::open(const QString &path)
{
    close();
    auto own = std::make_unique<RoomStore>();
    if (!own->open(path)) {
        m_error = own->error();
        return false;
    }
    m_ownStore = std::move(own);
    m_store = m_ownStore.get();
    return prepareStatements();
}

bool HistoryStore::open(RoomStore &store)
{
    close();
    if (!store.isOpen()) {
        m_error = store.error().isEmpty() ? u"the room's file is not open"_s : store.error();
        return false;
    }
    m_store = &store;
    return prepareStatements();
}

bool HistoryStore::prepareStatements()
{
    m_error.clear();
    const QSqlDatabase db = database();
    m_statements
        = std::make_unique<Statements>(Statements {QSqlQuery(db), QSqlQuery(db), QSqlQuery(db)});
    const bool prepared = m_statements->insert.prepare(
                              u"INSERT INTO messages (msg_id, kind, author, text, ts, client_id, "
                              "event_type, from_this_device) VALUES (?, ?, COALESCE(?, ''), "
                              "COALESCE(?, ''), ?, ?, COALESCE(?, ''), ?)"_s)
        && m_statements->exists.prepare(u"SELECT 1 FROM messages WHERE msg_id = ?"_s)
        && m_statements->saveLastEventId.prepare(
            u"INSERT OR REPLACE INTO state (key, value) VALUES (?, COALESCE(?, ''))"_s);
    if (!prepared) {
        m_error = u"the room's file %1 has an unexpected layout"_s.arg(m_store->path());
        close();
        return false;
    }
    return true;
}

void HistoryStore::close()
{
    m_statements.reset(); // queries must go before their connection
    m_store = nullptr;
    m_ownStore.reset();
}

bool HistoryStore::isOpen() const
{
    return m_store && m_store->isOpen();
}

QSqlDatabase HistoryStore::database() const
{
    return m_store ? m_store->database() : QSqlDatabase();
}

ChatMessages HistoryStore::append(const ChatMessages &messages, const QString &lastEventId)
{
    return tryAppend(messages, lastEventId).value_or(ChatMessages());
}

std::optional<ChatMessages> HistoryStore::tryAppend(
    const ChatMessages &messages, const QString &lastEventId)
{
    if (!m_statements) {
        m_lastWriteError = QSqlError(u"the history is not open"_s, {}, QSqlError::ConnectionError);
        return std::nullopt;
    }
    ChatMessages added;
    added.reserve(messages.size());
    const QSqlError error = m_store->transaction([&](QSqlDatabase &) {
        QSqlQuery &insert = m_statements->insert;
        // Checked before inserting rather than with INSERT OR IGNORE: an ignored insert
        // still uses up a seq number, and the rows must stay contiguous (see count() and
        // load()).
        QSqlQuery &exists = m_statements->exists;
        for (const ChatMessage &message : messages) {
            if (!message.id.isEmpty()) {
                exists.bindValue(0, message.id);
                if (!exists.exec()) {
                    return exists.lastError();
                }
                const bool known = exists.next();
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
            insert.bindValue(7, message.fromThisDevice ? 1 : 0);
            if (!insert.exec()) {
                return insert.lastError();
            }
            if (insert.numRowsAffected() == 1) {
                added.append(message);
            }
        }
        QSqlQuery &state = m_statements->saveLastEventId;
        state.bindValue(0, lastEventIdKey);
        state.bindValue(1, lastEventId);
        return state.exec() ? QSqlError() : state.lastError();
    });
    m_lastWriteError = error;
    if (error.isValid()) {
        m_error = error.text();
        return std::nullopt;
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
    query.prepare(u"SELECT msg_id, kind, author, text, ts, client_id, event_type, "
                  "from_this_device FROM messages "
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
        message.fromThisDevice = query.value(7).toBool();
        messages.append(std::move(message));
    }
    return messages;
}

QList<std::pair<QString, QDateTime>> HistoryStore::recentAuthors(qint64 messages) const
{
    QList<std::pair<QString, QDateTime>> authors;
    QSqlQuery query(database());
    query.setForwardOnly(true);
    query.prepare(u"SELECT author, MAX(ts) FROM (SELECT author, ts FROM messages "
                  "WHERE kind = ? AND author != '' ORDER BY seq DESC LIMIT ?) GROUP BY author"_s);
    query.bindValue(0, int(ChatMessage::Kind::Chat));
    query.bindValue(1, messages);
    if (!query.exec()) {
        return authors;
    }
    while (query.next()) {
        authors.append({query.value(0).toString(),
            QDateTime::fromMSecsSinceEpoch(query.value(1).toLongLong(), QTimeZone::utc())});
    }
    return authors;
}

bool HistoryStore::contains(const QString &id) const
{
    QSqlQuery query(database());
    query.prepare(u"SELECT 1 FROM messages WHERE msg_id = ?"_s);
    query.bindValue(0, id);
    return query.exec() && query.next();
}

bool HistoryStore::forgetMessageIds()
{
    QSqlQuery query(database());
    const bool done = query.exec(u"UPDATE messages SET msg_id = NULL WHERE msg_id IS NOT NULL"_s);
    m_lastWriteError = done ? QSqlError() : query.lastError();
    return done;
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
