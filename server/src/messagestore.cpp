// SPDX-License-Identifier: MIT
#include "messagestore.h"

#include "sqlitejournal.h"

#include <QRandomGenerator>

#include <algorithm>

namespace hibiki {

MessageStore::MessageStore(int history)
    : m_history(std::max(1, history))
{ }

MessageStore::~MessageStore() = default;

bool MessageStore::open(const QString &dataDirectory)
{
    close();
    if (dataDirectory.isEmpty()) {
        // 48 random bits: a client holding an id of an earlier run can tell it apart.
        const quint64 bits = QRandomGenerator::system()->generate64() & 0xffffffffffffULL;
        m_epoch = QString::number(bits, 16).rightJustified(12, u'0');
        return true;
    }
    auto journal = std::make_unique<SqliteJournal>();
    if (!journal->open(dataDirectory)) {
        m_error = journal->errorString();
        return false;
    }
    m_lastId = journal->lastId();
    for (const RoomMessage &message : journal->latest(m_history)) {
        remember(message);
    }
    m_journal = std::move(journal);
    return true;
}

void MessageStore::close()
{
    m_journal.reset();
    m_recent.clear();
    m_byClientId.clear();
    m_lastId = 0;
    m_epoch.clear();
}

MessageStore::Append MessageStore::append(const QString &user, const QString &content,
    const QString &clientId, const QDateTime &timestamp)
{
    if (!clientId.isEmpty()) {
        if (const RoomMessage *known = findInMemory(clientId)) {
            return {Append::Outcome::Duplicate, *known};
        }
        if (m_journal) {
            if (auto stored = m_journal->findByClientId(clientId)) {
                return {Append::Outcome::Duplicate, *stored};
            }
        }
    }
    RoomMessage message {m_lastId + 1, user, content, timestamp, clientId, m_epoch};
    if (m_journal && !m_journal->insert(message)) {
        m_error = m_journal->errorString();
        return {Append::Outcome::Failed, {}};
    }
    m_lastId = message.id;
    remember(message);
    return {Append::Outcome::Created, std::move(message)};
}

qint64 MessageStore::recentStart() const
{
    return m_recent.empty() ? m_lastId : m_recent.front().id - 1;
}

QList<RoomMessage> MessageStore::after(qint64 id, int limit) const
{
    QList<RoomMessage> out;
    if (id >= m_lastId || limit <= 0) {
        return out;
    }
    if (m_journal && (m_recent.empty() || id + 1 < m_recent.front().id)) {
        return m_journal->after(id, limit);
    }
    const auto begin = std::upper_bound(m_recent.begin(), m_recent.end(), id,
        [](qint64 value, const RoomMessage &message) { return value < message.id; });
    const auto count = std::min<qsizetype>(limit, std::distance(begin, m_recent.end()));
    out.reserve(count);
    std::copy_n(begin, count, std::back_inserter(out));
    return out;
}

void MessageStore::remember(const RoomMessage &message)
{
    m_recent.push_back(message);
    if (!message.clientId.isEmpty()) {
        m_byClientId.insert(message.clientId, message.id);
    }
    while (qsizetype(m_recent.size()) > m_history) {
        const RoomMessage &oldest = m_recent.front();
        if (!oldest.clientId.isEmpty()) {
            m_byClientId.remove(oldest.clientId);
        }
        m_recent.pop_front();
    }
}

const RoomMessage *MessageStore::findInMemory(const QString &clientId) const
{
    const auto it = m_byClientId.constFind(clientId);
    if (it == m_byClientId.cend()) {
        return nullptr;
    }
    const qint64 id = *it;
    const auto found = std::lower_bound(m_recent.begin(), m_recent.end(), id,
        [](const RoomMessage &message, qint64 value) { return message.id < value; });
    return found != m_recent.end() && found->id == id ? &*found : nullptr;
}

} // namespace hibiki
