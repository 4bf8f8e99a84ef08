// SPDX-License-Identifier: MIT
#include "messagemodel.h"

#include <core/historystore.h>

#include <QLocale>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// How far back from the newest row an echo of a pending message is looked for. Echoes
// arrive within moments of the post; a window this size is generous and cheap to scan.
constexpr int EchoSearchRows = 512;
// Client ids echoed before their post was confirmed; a few are plenty.
constexpr int MaxEchoedRemembered = 256;

} // namespace

MessageModel::MessageModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

MessageModel::~MessageModel() = default;

void MessageModel::setHistory(const HistoryStore *store, int initialRows)
{
    beginResetModel();
    m_store = store;
    m_rows.clear();
    m_unreadKey = 0;
    m_storeCount = 0;
    if (m_store && m_store->isOpen()) {
        m_storeCount = m_store->count();
        const qint64 count = qMin<qint64>(qMax(0, initialRows), m_storeCount);
        const ChatMessages newest = m_store->load(m_storeCount - count, count);
        m_rows.reserve(newest.size());
        for (const ChatMessage &message : newest) {
            m_rows.append(makeRow(message));
        }
    }
    endResetModel();
}

void MessageModel::setUserName(const QString &name)
{
    if (name == m_userName) {
        return;
    }
    m_userName = name;
    m_mentionPattern = mentionPattern(name);
    for (Row &row : m_rows) {
        row.mention = mentions(row.message);
    }
    for (Row &row : m_pending) {
        row.message.author = m_userName;
    }
    if (rowCount() > 0) {
        Q_EMIT dataChanged(index(0), index(rowCount() - 1));
    }
}

void MessageModel::setRowLimit(int rows)
{
    m_rowLimit = qMax(0, rows);
}

int MessageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size() + m_pending.size());
}

const MessageModel::Row &MessageModel::rowAt(int row) const
{
    return row < m_rows.size() ? m_rows.at(row) : m_pending.at(row - m_rows.size());
}

QVariant MessageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const int rowNumber = index.row();
    const Row &row = rowAt(rowNumber);
    const ChatMessage &message = row.message;
    switch (role) {
    case Qt::DisplayRole:
        switch (message.kind) {
        case ChatMessage::Kind::Join:
            return tr("%1 joined").arg(message.author);
        case ChatMessage::Kind::Leave:
            return tr("%1 left").arg(message.author);
        case ChatMessage::Kind::Gap:
            return message.text.isEmpty()
                ? tr("Some messages were missed here")
                : tr("Some messages were missed here: %1").arg(message.text);
        case ChatMessage::Kind::Chat:
        case ChatMessage::Kind::System:
            break;
        }
        return message.text;
    case Qt::ToolTipRole:
        // With the zone's name, which the cached-offset local time does not carry.
        return QLocale().toString(row.localTime.toLocalTime(), QLocale::LongFormat);
    case Qt::AccessibleTextRole:
        return message.kind == ChatMessage::Kind::Chat
            ? tr("%1 at %2: %3")
                  .arg(message.author.isEmpty() ? tr("Someone") : message.author,
                      QLocale().toString(row.localTime.time(), QLocale::ShortFormat), message.text)
            : data(index, Qt::DisplayRole).toString();
    case KindRole:
        return int(message.kind);
    case AuthorRole:
        return message.author;
    case TimestampRole:
        return message.timestamp;
    case LocalTimeRole:
        return row.localTime;
    case MessageIdRole:
        return message.id;
    case ClientIdRole:
        return message.clientId;
    case IsPendingRole:
        return row.pending;
    case SendStateRole:
        return row.pending ? QVariant(int(row.sendState)) : QVariant();
    case SendErrorRole:
        return row.pending ? QVariant(row.sendError) : QVariant();
    case IsOwnRole:
        return row.pending || (!m_userName.isEmpty() && message.author == m_userName);
    case IsGroupedRole:
        return isGrouped(rowNumber);
    case DaySeparatorRole:
        return startsDay(rowNumber) ? QVariant(row.localDate) : QVariant();
    case UnreadMarkerRole:
        return m_unreadKey != 0 && row.key == m_unreadKey;
    case MentionRole:
        return row.mention;
    case RowKeyRole:
        return row.key;
    default:
        return {};
    }
}

Qt::ItemFlags MessageModel::flags(const QModelIndex &index) const
{
    // Selectable for copying; never editable.
    return index.isValid() ? Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren
                           : Qt::NoItemFlags;
}

QHash<int, QByteArray> MessageModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(KindRole, "kind");
    names.insert(AuthorRole, "author");
    names.insert(TimestampRole, "timestamp");
    names.insert(LocalTimeRole, "localTime");
    names.insert(MessageIdRole, "messageId");
    names.insert(ClientIdRole, "clientId");
    names.insert(IsPendingRole, "pending");
    names.insert(SendStateRole, "sendState");
    names.insert(SendErrorRole, "sendError");
    names.insert(IsOwnRole, "own");
    names.insert(IsGroupedRole, "grouped");
    names.insert(DaySeparatorRole, "daySeparator");
    names.insert(UnreadMarkerRole, "unreadMarker");
    names.insert(MentionRole, "mention");
    names.insert(RowKeyRole, "rowKey");
    return names;
}

qint64 MessageModel::olderMessageCount() const
{
    return m_store ? qMax<qint64>(0, m_storeCount - m_rows.size()) : 0;
}

bool MessageModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && olderMessageCount() > 0;
}

void MessageModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || !m_store || !m_store->isOpen()) {
        return;
    }
    const qint64 older = olderMessageCount();
    if (older <= 0) {
        return;
    }
    const qint64 count = qMin<qint64>(m_fetchBatch, older);
    const ChatMessages batch = m_store->load(older - count, count);
    if (batch.isEmpty()) {
        m_storeCount = m_rows.size();
        return;
    }
    QList<Row> rows;
    rows.reserve(batch.size());
    for (const ChatMessage &message : batch) {
        rows.append(makeRow(message));
    }
    beginInsertRows({}, 0, int(rows.size()) - 1);
    m_rows = rows + m_rows;
    endInsertRows();
    // The former first row may now continue the block above it, or no longer start a day.
    emitRowChanged(int(rows.size()));
}

void MessageModel::appendMessages(const ChatMessages &messages)
{
    if (messages.isEmpty()) {
        return;
    }
    removeEchoedPending(messages);
    m_storeCount += messages.size();
    if (m_store && m_store->retention() > 0) {
        m_storeCount = qMin(m_storeCount, m_store->retention());
    }

    const int first = int(m_rows.size());
    const int oldMarkerRow = m_markNext ? unreadMarkerRow() : -1;
    beginInsertRows({}, first, first + int(messages.size()) - 1);
    for (const ChatMessage &message : messages) {
        m_rows.append(makeRow(message));
    }
    if (m_markNext) {
        m_markNext = false;
        m_unreadKey = m_rows.at(first).key;
    }
    endInsertRows();
    emitRowChanged(oldMarkerRow);
    // The first pending row may now continue the block of the last new message.
    if (!m_pending.isEmpty()) {
        emitRowChanged(int(m_rows.size()));
    }
    trimToLimit();
}

void MessageModel::updateOutboxEntry(const OutboxEntry &entry)
{
    const auto found = std::find_if(m_pending.begin(), m_pending.end(),
        [&](const Row &row) { return row.message.clientId == entry.clientId; });
    const int pendingIndex = found == m_pending.end() ? -1 : int(found - m_pending.begin());
    const int row = pendingIndex < 0 ? -1 : int(m_rows.size()) + pendingIndex;

    switch (entry.state) {
    case OutboxEntry::State::Discarded:
        m_echoed.removeAll(entry.clientId);
        if (row >= 0) {
            beginRemoveRows({}, row, row);
            m_pending.removeAt(pendingIndex);
            endRemoveRows();
            emitRowChanged(row); // the next pending row may start a block now
        }
        return;
    case OutboxEntry::State::Delivered:
        m_echoed.removeAll(entry.clientId);
        // Keep showing it (as sent) until the stream brings the stored message back: the
        // message does not flicker away when the post answers before the echo arrives.
        if (row >= 0) {
            m_pending[pendingIndex].sendState = entry.state;
            m_pending[pendingIndex].sendError.clear();
            emitRowChanged(row);
        }
        return;
    case OutboxEntry::State::Sending:
    case OutboxEntry::State::Failed:
        if (row >= 0) {
            Row &pendingRow = m_pending[pendingIndex];
            pendingRow.sendState = entry.state;
            pendingRow.sendError = entry.error;
            emitRowChanged(row);
            return;
        }
        // The stored message came back before the post was confirmed (or a retried post
        // of a message that is already shown): show it once.
        if (m_echoed.contains(entry.clientId) || historyTailHasClientId(entry.clientId)) {
            return;
        }
        beginInsertRows({}, rowCount(), rowCount());
        m_pending.append(makePendingRow(entry));
        endInsertRows();
        return;
    }
}

void MessageModel::markUnreadFromNextMessage()
{
    m_markNext = true;
}

void MessageModel::clearUnreadMarker()
{
    m_markNext = false;
    const int row = unreadMarkerRow();
    m_unreadKey = 0;
    emitRowChanged(row);
}

int MessageModel::unreadMarkerRow() const
{
    return m_unreadKey == 0 ? -1 : rowForKey(m_unreadKey);
}

ChatMessage MessageModel::message(int row) const
{
    return row >= 0 && row < rowCount() ? rowAt(row).message : ChatMessage();
}

int MessageModel::rowForClientId(const QString &clientId) const
{
    for (int i = 0; i < m_pending.size(); ++i) {
        if (m_pending.at(i).message.clientId == clientId) {
            return int(m_rows.size()) + i;
        }
    }
    return -1;
}

int MessageModel::rowForKey(quint64 key) const
{
    // Keys increase with insertion, except for fetched older rows; a linear scan from the
    // end finds recent rows (the common case) first.
    for (int i = int(m_pending.size()) - 1; i >= 0; --i) {
        if (m_pending.at(i).key == key) {
            return int(m_rows.size()) + i;
        }
    }
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (m_rows.at(i).key == key) {
            return i;
        }
    }
    return -1;
}

QString MessageModel::plainText(int row) const
{
    if (row < 0 || row >= rowCount()) {
        return {};
    }
    const Row &r = rowAt(row);
    const QString time = r.localTime.toString(u"yyyy-MM-dd HH:mm"_s);
    if (r.message.kind == ChatMessage::Kind::Chat) {
        return u"[%1] %2: %3"_s.arg(time, r.message.author, r.message.text);
    }
    return u"[%1] %2"_s.arg(time, data(index(row), Qt::DisplayRole).toString());
}

namespace {

// Local time of a UTC time. QDateTime::toLocalTime() asks the C library, which re-reads the
// zone file on every call; during a flood that is thousands of reads a second. The offset
// from UTC only changes at a zone's transitions, which fall on quarter hours: it is asked
// once per quarter hour of message time.
QDateTime localTimeOf(const QDateTime &utc)
{
    constexpr qint64 BucketMs = 15 * 60 * 1000;
    static qint64 cachedBucket = std::numeric_limits<qint64>::min();
    static int cachedOffset = 0;
    const qint64 ms = utc.toMSecsSinceEpoch();
    const qint64 bucket = ms >= 0 ? ms / BucketMs : (ms - BucketMs + 1) / BucketMs;
    if (bucket != cachedBucket) {
        cachedOffset = utc.toLocalTime().offsetFromUtc();
        cachedBucket = bucket;
    }
    return utc.toOffsetFromUtc(cachedOffset);
}

} // namespace

MessageModel::Row MessageModel::makeRow(ChatMessage message)
{
    Row row;
    row.localTime = localTimeOf(message.timestamp);
    row.localDate = row.localTime.date();
    row.key = m_nextKey++;
    row.message = std::move(message);
    row.mention = mentions(row.message);
    return row;
}

MessageModel::Row MessageModel::makePendingRow(const OutboxEntry &entry)
{
    ChatMessage message;
    message.author = m_userName;
    message.text = entry.text;
    message.timestamp = entry.created.isValid() ? entry.created : QDateTime::currentDateTimeUtc();
    message.clientId = entry.clientId;
    Row row = makeRow(std::move(message));
    row.mention = false;
    row.pending = true;
    row.sendState = entry.state;
    row.sendError = entry.error;
    return row;
}

QRegularExpression MessageModel::mentionPattern(const QString &userName)
{
    // A whole-word match, with or without a leading @: "alice" in "hi alice!" and
    // "@alice", but not in "malice".
    if (userName.isEmpty()) {
        return QRegularExpression();
    }
    return QRegularExpression(
        u"(?<![\\w@])@?"_s + QRegularExpression::escape(userName) + u"(?!\\w)"_s,
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::UseUnicodePropertiesOption);
}

bool MessageModel::mentionsUser(const QString &text, const QString &userName)
{
    return !userName.isEmpty() && mentionPattern(userName).match(text).hasMatch();
}

bool MessageModel::isGrouped(int row) const
{
    if (row <= 0) {
        return false;
    }
    const Row &current = rowAt(row);
    const Row &previous = rowAt(row - 1);
    return current.message.kind == ChatMessage::Kind::Chat
        && previous.message.kind == ChatMessage::Kind::Chat
        && current.message.author == previous.message.author
        && current.localDate == previous.localDate && current.key != m_unreadKey
        && qAbs(previous.message.timestamp.secsTo(current.message.timestamp)) <= GroupingSeconds;
}

bool MessageModel::startsDay(int row) const
{
    return row == 0 || rowAt(row).localDate != rowAt(row - 1).localDate;
}

bool MessageModel::mentions(const ChatMessage &message) const
{
    return message.kind == ChatMessage::Kind::Chat && !m_userName.isEmpty()
        && message.author != m_userName && m_mentionPattern.isValid()
        && m_mentionPattern.match(message.text).hasMatch();
}

void MessageModel::removeEchoedPending(const ChatMessages &messages)
{
    if (m_pending.isEmpty()) {
        return;
    }
    for (const ChatMessage &message : messages) {
        if (message.clientId.isEmpty()) {
            continue;
        }
        const int row = rowForClientId(message.clientId);
        if (row < 0) {
            continue;
        }
        const int pendingIndex = row - int(m_rows.size());
        if (m_pending.at(pendingIndex).sendState != OutboxEntry::State::Delivered) {
            rememberEchoed(message.clientId);
        }
        beginRemoveRows({}, row, row);
        m_pending.removeAt(pendingIndex);
        endRemoveRows();
        emitRowChanged(row);
    }
}

bool MessageModel::historyTailHasClientId(const QString &clientId) const
{
    const int stop = qMax(0, int(m_rows.size()) - EchoSearchRows);
    for (int i = int(m_rows.size()) - 1; i >= stop; --i) {
        if (m_rows.at(i).message.clientId == clientId) {
            return true;
        }
    }
    return false;
}

void MessageModel::trimToLimit()
{
    if (m_rowLimit <= 0 || m_rows.size() <= m_rowLimit) {
        return;
    }
    const int excess = int(m_rows.size()) - m_rowLimit;
    beginRemoveRows({}, 0, excess - 1);
    m_rows.remove(0, excess);
    endRemoveRows();
    emitRowChanged(0); // the new first row starts a day and no block continues into it
}

void MessageModel::emitRowChanged(int row)
{
    if (row >= 0 && row < rowCount()) {
        const QModelIndex changed = index(row);
        Q_EMIT dataChanged(changed, changed);
    }
}

void MessageModel::rememberEchoed(const QString &clientId)
{
    m_echoed.append(clientId);
    if (m_echoed.size() > MaxEchoedRemembered) {
        m_echoed.removeFirst();
    }
}

} // namespace hibiki
