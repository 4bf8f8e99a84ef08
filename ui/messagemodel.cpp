// SPDX-License-Identifier: MIT
#include "messagemodel.h"

#include <core/historystore.h>

#include <QJsonDocument>
#include <QJsonObject>
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
    m_store = store;
    m_storeCount = m_store && m_store->isOpen() ? m_store->count() : 0;
    m_unreadOffset = -1;
    if (canReload()) {
        const qint64 count = qMin<qint64>(qMax(0, initialRows), m_storeCount);
        replaceWindow(m_storeCount - count, m_store->load(m_storeCount - count, count));
    } else {
        replaceWindow(0, {});
    }
}

void MessageModel::setUserName(const QString &name)
{
    if (name == m_userName) {
        return;
    }
    m_userName = name;
    m_mentionPattern = mentionPattern(name);
    for (Row &row : m_rows) {
        row.mention = isMention(row.message);
    }
    for (Row &row : m_pending) {
        row.message.author = m_userName;
        row.author = m_userName.left(MaxAuthorChars);
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
    if (parent.isValid()) {
        return 0;
    }
    return int(m_rows.size() + (m_pendingShown ? m_pending.size() : 0));
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
        return row.notice.isNull() ? message.text : row.notice;
    case Qt::ToolTipRole:
        // With the zone's name, which the cached-offset local time does not carry.
        return QLocale().toString(row.localTime.toLocalTime(), QLocale::LongFormat);
    case Qt::AccessibleTextRole:
        return message.kind == ChatMessage::Kind::Chat
            ? tr("%1 at %2: %3")
                  .arg(row.author.isEmpty() ? tr("Someone") : row.author,
                      QLocale().toString(row.localTime.time(), QLocale::ShortFormat),
                      message.text.left(MentionScanChars))
            : data(index, Qt::DisplayRole).toString();
    case KindRole:
        return int(message.kind);
    case AuthorRole:
        return row.author;
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
    case NextAttemptRole:
        return row.pending ? QVariant(row.nextAttempt) : QVariant();
    case IsOwnRole:
        return row.pending || isOwn(message);
    case IsGroupedRole:
        return isGrouped(rowNumber);
    case DaySeparatorRole:
        return startsDay(rowNumber) ? QVariant(row.localDate) : QVariant();
    case UnreadMarkerRole:
        return isUnreadMarker(rowNumber);
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
    names.insert(NextAttemptRole, "nextAttempt");
    names.insert(IsOwnRole, "own");
    names.insert(IsGroupedRole, "grouped");
    names.insert(DaySeparatorRole, "daySeparator");
    names.insert(UnreadMarkerRole, "unreadMarker");
    names.insert(MentionRole, "mention");
    names.insert(RowKeyRole, "rowKey");
    return names;
}

bool MessageModel::canReload() const
{
    return m_store && m_store->isOpen();
}

qint64 MessageModel::olderMessageCount() const
{
    return m_store ? qMax<qint64>(0, m_windowStart) : 0;
}

int MessageModel::rowForOffset(qint64 offset) const
{
    const qint64 row = offset - m_windowStart;
    return row >= 0 && row < m_rows.size() ? int(row) : -1;
}

bool MessageModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && canReload() && olderMessageCount() > 0;
}

void MessageModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent)) {
        return;
    }
    const qint64 count = qMin<qint64>(m_fetchBatch, olderMessageCount());
    const ChatMessages batch = m_store->load(m_windowStart - count, count);
    if (batch.size() != count) {
        // The store no longer holds what was counted (it cannot shrink from under the
        // window but by retention, which appendMessages() follows): show what it has.
        qWarning("MessageModel: the history has %lld messages fewer than expected",
            static_cast<long long>(count - batch.size()));
        m_windowStart = batch.size();
    }
    if (batch.isEmpty()) {
        return;
    }
    QList<Row> rows = makeRows(batch);
    beginInsertRows({}, 0, int(rows.size()) - 1);
    m_rows = std::move(rows) + m_rows;
    m_windowStart -= batch.size();
    endInsertRows();
    // The former first row may now continue the block above it, or no longer start a day.
    emitRowChanged(int(batch.size()));
    dropNewest(rowsOverLimit());
}

bool MessageModel::canFetchNewer() const
{
    return canReload() && newerMessageCount() > 0;
}

void MessageModel::fetchNewer()
{
    if (!canFetchNewer()) {
        return;
    }
    const qint64 count = qMin<qint64>(m_fetchBatch, newerMessageCount());
    const ChatMessages batch = m_store->load(windowEnd(), count);
    if (batch.size() != count) {
        qWarning("MessageModel: the history has %lld messages fewer than expected",
            static_cast<long long>(count - batch.size()));
        m_storeCount = windowEnd() + batch.size();
    }
    appendRows(batch, 0, batch.size());
    syncPendingShown();
    dropOldest(rowsOverLimit());
}

void MessageModel::moveWindowTo(qint64 firstOffset, int rows)
{
    if (!canReload()) {
        return;
    }
    const qint64 count = qMin<qint64>(qMax(1, rows), m_storeCount);
    const qint64 first = qBound<qint64>(0, firstOffset, m_storeCount - count);
    replaceWindow(first, m_store->load(first, count));
}

void MessageModel::showNewest(int rows)
{
    moveWindowTo(m_storeCount, rows);
}

void MessageModel::replaceWindow(qint64 firstOffset, const ChatMessages &messages)
{
    beginResetModel();
    m_rows = makeRows(messages);
    m_windowStart = firstOffset;
    if (windowEnd() > m_storeCount) {
        m_storeCount = windowEnd();
    }
    m_pendingShown = isAtNewest();
    endResetModel();
}

void MessageModel::appendMessages(const ChatMessages &messages)
{
    if (messages.isEmpty()) {
        return;
    }
    removeEchoedPending(messages);
    const bool wasAtNewest = isAtNewest();
    const int oldMarkerRow = m_markNext ? unreadMarkerRow() : -1;
    const qint64 firstOffset = m_storeCount;
    m_storeCount += messages.size();
    // The store deletes its oldest messages beyond its retention: every offset moves.
    qint64 deleted = 0;
    if (m_store && m_store->retention() > 0 && m_storeCount > m_store->retention()) {
        deleted = m_storeCount - m_store->retention();
        m_storeCount = m_store->retention();
    }
    m_windowStart -= deleted;
    if (m_unreadOffset >= 0) {
        m_unreadOffset = qMax<qint64>(0, m_unreadOffset - deleted);
    }
    if (m_markNext) {
        m_markNext = false;
        m_unreadOffset = qMax<qint64>(0, firstOffset - deleted);
    }

    if (wasAtNewest) {
        qsizetype from = 0;
        qsizetype take = messages.size();
        if (m_following && m_rowLimit > 0 && take >= m_rowLimit) {
            // More than the window holds: only the newest are shown.
            dropOldest(int(m_rows.size()));
            m_windowStart = windowEnd() + take - m_rowLimit;
            from = take - m_rowLimit;
        } else if (!m_following && m_rowLimit > 0 && canReload()) {
            // The user reads further up: the window does not grow past the limit, and
            // what does not fit stays in the store until the view gets there.
            take = qBound<qsizetype>(0, m_rowLimit - m_rows.size(), take);
        }
        if (from + take < messages.size()) {
            syncPendingShown(); // not everything is shown: the pending rows go first
        }
        appendRows(messages, from, take);
        syncPendingShown();
        // The first pending row may now continue the block of the last new message.
        if (m_pendingShown && !m_pending.isEmpty()) {
            emitRowChanged(int(m_rows.size()));
        }
    } else {
        syncPendingShown();
    }
    emitRowChanged(oldMarkerRow);
    if (m_following) {
        dropOldest(rowsOverLimit());
    }
    Q_EMIT messagesAppended(messages);
}

void MessageModel::appendRows(const ChatMessages &messages, qsizetype from, qsizetype count)
{
    if (count <= 0) {
        return;
    }
    QList<Row> rows = makeRows(messages, from, count);
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(rows.size()) - 1);
    m_rows.append(std::move(rows));
    endInsertRows();
}

void MessageModel::updateOutboxEntry(const OutboxEntry &entry)
{
    const auto found = std::find_if(m_pending.begin(), m_pending.end(),
        [&](const Row &row) { return row.message.clientId == entry.clientId; });
    const int pendingIndex = found == m_pending.end() ? -1 : int(found - m_pending.begin());
    const int row = pendingIndex < 0 || !m_pendingShown ? -1 : int(m_rows.size()) + pendingIndex;

    switch (entry.state) {
    case OutboxEntry::State::Discarded:
        m_echoed.removeAll(entry.clientId);
        if (pendingIndex >= 0) {
            removePending(pendingIndex);
        }
        return;
    case OutboxEntry::State::Delivered:
        m_echoed.removeAll(entry.clientId);
        // Keep showing it (as sent) until the stream brings the stored message back: the
        // message does not flicker away when the post answers before the echo arrives.
        if (pendingIndex >= 0) {
            m_pending[pendingIndex].sendState = entry.state;
            m_pending[pendingIndex].sendError.clear();
            m_pending[pendingIndex].nextAttempt = {};
            emitRowChanged(row);
        }
        return;
    case OutboxEntry::State::Sending:
    case OutboxEntry::State::Failed:
        if (pendingIndex >= 0) {
            Row &pendingRow = m_pending[pendingIndex];
            pendingRow.sendState = entry.state;
            pendingRow.sendError = entry.error;
            pendingRow.nextAttempt = entry.nextAttempt;
            emitRowChanged(row);
            return;
        }
        // The stored message came back before the post was confirmed (or a retried post
        // of a message that is already shown): show it once.
        if (m_echoed.contains(entry.clientId) || historyTailHasClientId(entry.clientId)) {
            return;
        }
        if (m_pendingShown) {
            beginInsertRows({}, rowCount(), rowCount());
        }
        m_pending.append(makePendingRow(entry));
        if (m_pendingShown) {
            endInsertRows();
        }
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
    m_unreadOffset = -1;
    emitRowChanged(row);
}

int MessageModel::unreadMarkerRow() const
{
    return m_unreadOffset < 0 ? -1 : rowForOffset(m_unreadOffset);
}

bool MessageModel::isUnreadMarker(int row) const
{
    return m_unreadOffset >= 0 && row < m_rows.size() && m_windowStart + row == m_unreadOffset;
}

ChatMessage MessageModel::message(int row) const
{
    return row >= 0 && row < rowCount() ? rowAt(row).message : ChatMessage();
}

int MessageModel::rowForClientId(const QString &clientId) const
{
    if (!m_pendingShown) {
        return -1;
    }
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
    for (int i = rowCount() - 1; i >= 0; --i) {
        if (rowAt(i).key == key) {
            return i;
        }
    }
    return -1;
}

QString MessageModel::wholeText(int row) const
{
    if (row < 0 || row >= rowCount()) {
        return {};
    }
    const Row &r = rowAt(row);
    if (!r.notice.isNull()) {
        return r.notice;
    }
    if (!needsStoreRead(row)) {
        return r.message.text;
    }
    // The row's offset is the store's unless a write failed since it was loaded (then the
    // store holds fewer messages than the model counted): the start must match.
    const std::optional<QString> whole = m_store->wholeText(offsetOfRow(row));
    return whole && whole->startsWith(r.message.text) ? *whole : r.message.text;
}

bool MessageModel::needsStoreRead(int row) const
{
    // Pending rows (after m_rows) and messages kept only in memory (not stored) hold all
    // of their text.
    return row >= 0 && row < m_rows.size() && rowAt(row).notice.isNull()
        && rowAt(row).message.textIsCut && m_store && m_store->isOpen();
}

QFuture<QString> MessageModel::wholeTextInBackground(int row) const
{
    if (!needsStoreRead(row)) {
        return QtFuture::makeReadyFuture(wholeText(row));
    }
    const QString start = rowAt(row).message.text;
    // Checked in the worker thread, with nothing of the model: see wholeText().
    return m_store->wholeTextInBackground(offsetOfRow(row))
        .then([start](const WholeTextReader::Result &read) {
            return read.text && read.text->startsWith(start) ? *read.text : start;
        });
}

QString MessageModel::plainTextStart(int row) const
{
    const Row &r = rowAt(row);
    const QString time = r.localTime.toString(u"yyyy-MM-dd HH:mm"_s);
    if (r.message.kind == ChatMessage::Kind::Chat) {
        return u"[%1] %2: "_s.arg(time, r.message.author);
    }
    return u"[%1] "_s.arg(time);
}

QString MessageModel::plainText(int row) const
{
    if (row < 0 || row >= rowCount()) {
        return {};
    }
    return plainTextStart(row) + wholeText(row);
}

QFuture<QString> MessageModel::plainTextInBackground(int row) const
{
    if (!needsStoreRead(row)) {
        return QtFuture::makeReadyFuture(plainText(row));
    }
    // Made now: the row may be gone when the text is ready.
    const QString start = plainTextStart(row);
    return wholeTextInBackground(row).then([start](const QString &text) { return start + text; });
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

QString MessageModel::noticeText(ChatMessage::Kind kind, const QString &author, const QString &text)
{
    switch (kind) {
    case ChatMessage::Kind::Join:
        return tr("%1 joined").arg(author);
    case ChatMessage::Kind::Leave:
        return tr("%1 left").arg(author);
    case ChatMessage::Kind::Gap: {
        if (text.isEmpty()) {
            return tr("Some messages were missed here");
        }
        // The server's gap event as it came (a JSON object without a text field): its
        // reason in words. Any other text is the line itself, the server's or the app's
        // own ("Messages sent meanwhile may be missing").
        if (!text.startsWith(u'{')) {
            return text;
        }
        const QJsonObject gap
            = QJsonDocument::fromJson(text.left(MentionScanChars).toUtf8()).object();
        const QString reason = gap.value("reason"_L1).toString();
        if (reason == "expired"_L1) {
            return tr("Some messages were missed here: the server no longer keeps them");
        }
        if (reason == "unknown"_L1) {
            return tr("Some messages may be missing here: the server started over");
        }
        return tr("Some messages were missed here");
    }
    case ChatMessage::Kind::Chat:
    case ChatMessage::Kind::System:
        break;
    }
    return {};
}

MessageModel::Row MessageModel::makeRow(ChatMessage message)
{
    Row row;
    row.localTime = localTimeOf(message.timestamp);
    row.localDate = row.localTime.date();
    row.key = m_nextKey++;
    row.author = message.author.left(MaxAuthorChars);
    row.notice = noticeText(message.kind, row.author, message.text);
    row.message = std::move(message);
    row.mention = isMention(row.message);
    return row;
}

QList<MessageModel::Row> MessageModel::makeRows(
    const ChatMessages &messages, qsizetype from, qsizetype count)
{
    const qsizetype end = count < 0 ? messages.size() : qMin(messages.size(), from + count);
    QList<Row> rows;
    rows.reserve(qMax<qsizetype>(0, end - from));
    for (qsizetype i = from; i < end; ++i) {
        rows.append(makeRow(messages.at(i)));
    }
    return rows;
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
    row.nextAttempt = entry.nextAttempt;
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
    return !userName.isEmpty()
        && mentionPattern(userName).match(QStringView(text).left(MentionScanChars)).hasMatch();
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
        && current.localDate == previous.localDate && !isUnreadMarker(row)
        && qAbs(previous.message.timestamp.secsTo(current.message.timestamp)) <= GroupingSeconds;
}

bool MessageModel::startsDay(int row) const
{
    return row == 0 || rowAt(row).localDate != rowAt(row - 1).localDate;
}

bool MessageModel::isMention(const ChatMessage &message) const
{
    return message.kind == ChatMessage::Kind::Chat && !m_userName.isEmpty()
        && message.author != m_userName && m_mentionPattern.isValid()
        && m_mentionPattern.match(QStringView(message.text).left(MentionScanChars)).hasMatch();
}

bool MessageModel::isOwn(const ChatMessage &message) const
{
    return !m_userName.isEmpty() && message.author == m_userName;
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
        const auto found = std::find_if(m_pending.cbegin(), m_pending.cend(),
            [&](const Row &row) { return row.message.clientId == message.clientId; });
        if (found == m_pending.cend()) {
            continue;
        }
        if (found->sendState != OutboxEntry::State::Delivered) {
            rememberEchoed(message.clientId);
        }
        removePending(int(found - m_pending.cbegin()));
    }
}

void MessageModel::removePending(int pendingIndex)
{
    if (!m_pendingShown) {
        m_pending.removeAt(pendingIndex);
        return;
    }
    const int row = int(m_rows.size()) + pendingIndex;
    beginRemoveRows({}, row, row);
    m_pending.removeAt(pendingIndex);
    endRemoveRows();
    emitRowChanged(row); // the next pending row may start a block now
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

void MessageModel::syncPendingShown()
{
    const bool show = isAtNewest();
    if (show == m_pendingShown) {
        return;
    }
    if (m_pending.isEmpty()) {
        m_pendingShown = show;
        return;
    }
    const int first = int(m_rows.size());
    const int last = first + int(m_pending.size()) - 1;
    if (show) {
        beginInsertRows({}, first, last);
        m_pendingShown = true;
        endInsertRows();
        emitRowChanged(first); // may continue the block of the last history row
    } else {
        beginRemoveRows({}, first, last);
        m_pendingShown = false;
        endRemoveRows();
    }
}

int MessageModel::rowsOverLimit() const
{
    return m_rowLimit > 0 ? qMax(0, int(m_rows.size()) - m_rowLimit) : 0;
}

void MessageModel::dropOldest(int rows)
{
    rows = qMin(rows, int(m_rows.size()));
    if (rows <= 0) {
        return;
    }
    beginRemoveRows({}, 0, rows - 1);
    m_rows.remove(0, rows);
    m_windowStart += rows;
    endRemoveRows();
    emitRowChanged(0); // the new first row starts a day and no block continues into it
}

void MessageModel::dropNewest(int rows)
{
    rows = qMin(rows, int(m_rows.size()));
    if (rows <= 0 || !canReload()) {
        return;
    }
    const int first = int(m_rows.size()) - rows;
    beginRemoveRows({}, first, first + rows - 1);
    m_rows.remove(first, rows);
    endRemoveRows();
    syncPendingShown();
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
