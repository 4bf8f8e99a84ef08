// SPDX-License-Identifier: MIT
#pragma once

#include <core/chatmessage.h>
#include <core/outbox.h>

#include <QAbstractListModel>
#include <QDate>
#include <QFuture>
#include <QHash>
#include <QList>
#include <QRegularExpression>

namespace hibiki {

class HistoryStore;

// The rows of one room as the view shows them: a window onto the room's stored history, then
// the user's own messages that the server has not echoed back yet (outbox entries), which
// are shown only while the window reaches the newest stored message.
//
// The window moves: older rows come with canFetchMore()/fetchMore(), newer ones with
// canFetchNewer()/fetchNewer(), and moveWindowTo()/showNewest() jump anywhere. A row limit
// bounds it: while following the newest messages the oldest rows are dropped as new ones
// come; otherwise new messages beyond the limit stay in the store (they are loaded when the
// view gets there) and fetching drops rows from the far end. A flood, a million-message
// history or 100,000 messages arriving while the user reads old ones cost memory and layout
// only for what is near the view.
//
// Rows are numbered from the window's first row; a message's place in the whole history is
// its offset in the store (offsetOfRow(), rowForOffset()), which is also how the unread
// marker is kept, so it survives the window moving away from it and back.
class MessageModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        KindRole = Qt::UserRole + 1, // ChatMessage::Kind, as int
        AuthorRole, // QString
        TimestampRole, // QDateTime (UTC)
        LocalTimeRole, // QDateTime (local time)
        MessageIdRole, // QString
        ClientIdRole, // QString
        IsPendingRole, // bool: an outbox entry, not (yet) in the history
        SendStateRole, // OutboxEntry::State as int; pending rows only
        SendErrorRole, // QString; pending rows only
        IsOwnRole, // bool: written by the user of this room
        IsGroupedRole, // bool: continues the block of the previous row's author
        DaySeparatorRole, // QDate: valid when a new day starts at this row
        UnreadMarkerRole, // bool: the first row the user has not seen
        MentionRole, // bool: someone else's message that names the user
        RowKeyRole, // quint64: stays with the row while rows around it come and go
        NextAttemptRole, // QDateTime (UTC): when a waiting pending row is tried again
    };
    Q_ENUM(Role)

    // Two chat messages of one author closer than this are drawn as one block.
    static constexpr int GroupingSeconds = 5 * 60;
    static constexpr int DefaultFetchBatch = 200;
    // Author names longer than this are cut for display: a name is laid out on every row.
    static constexpr int MaxAuthorChars = 200;
    // Mentions are looked for in this many characters from the start of a message: a
    // hostile 16 MiB message must not cost a regular-expression scan of all of it.
    static constexpr int MentionScanChars = 64 * 1024;

    explicit MessageModel(QObject *parent = nullptr);
    ~MessageModel() override;

    // Shows the newest `initialRows` messages of `store` (not owned; may be null) and fetches
    // older ones from it. Resets the model; pending rows are kept.
    void setHistory(const HistoryStore *store, int initialRows = DefaultFetchBatch);
    void setFetchBatchSize(int rows) { m_fetchBatch = qMax(1, rows); }

    // Marks the user's own messages and mentions of them.
    void setUserName(const QString &name);
    QString userName() const { return m_userName; }

    // The most history rows the window holds (0: unlimited). Rows beyond it stay in the
    // store and can be fetched again. Without a store nothing could be fetched again, so
    // then only following drops rows.
    void setRowLimit(int rows);
    int rowLimit() const { return m_rowLimit; }
    // Following (the default): new messages extend the window and the oldest rows go over
    // the limit. Not following: the window stays where the user reads, and new messages
    // past the limit are only counted.
    void setFollowing(bool following) { m_following = following; }
    bool isFollowing() const { return m_following; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Older history: there is more in the store before the window. Fetching drops the
    // newest rows when the window would grow past the limit.
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    // Newer history: the window ends before the newest stored message. Fetching drops the
    // oldest rows when the window would grow past the limit.
    bool canFetchNewer() const;
    void fetchNewer();
    // Resets the window to `rows` stored messages from `firstOffset` (moved back when fewer
    // than `rows` follow it), or to the newest `rows` ones.
    void moveWindowTo(qint64 firstOffset, int rows);
    void showNewest(int rows = DefaultFetchBatch);

    // New messages, just stored, in arrival order. Removes the pending rows they echo.
    void appendMessages(const ChatMessages &messages);
    // Follows the outbox: adds, updates and removes pending rows.
    void updateOutboxEntry(const OutboxEntry &entry);

    // The next message to be appended gets the unread marker (the previous marker goes).
    void markUnreadFromNextMessage();
    // Until then; the marker already placed stays.
    void stopMarkingUnread() { m_markNext = false; }
    bool isMarkingUnread() const { return m_markNext; }
    void clearUnreadMarker();
    int unreadMarkerRow() const; // -1 when none or outside the window
    qint64 unreadMarkerOffset() const { return m_unreadOffset; } // in the store; -1 none

    int historyRowCount() const { return int(m_rows.size()); }
    // Outbox entries, shown or not (they are shown while isAtNewest()).
    int pendingRowCount() const { return int(m_pending.size()); }
    // The stored messages that are older than the window (0 without a store).
    qint64 olderMessageCount() const;
    // The stored messages after the window's last row.
    qint64 newerMessageCount() const { return qMax<qint64>(0, m_storeCount - windowEnd()); }
    bool isAtNewest() const { return windowEnd() >= m_storeCount; }
    // Messages in the store (counted, never queried after setHistory()).
    qint64 storedMessageCount() const { return m_storeCount; }
    // The store offset of row 0. Negative when the store's retention already deleted rows
    // that the window still shows.
    qint64 windowStart() const { return m_windowStart; }
    // Place of a row in the whole history: its store offset; pending rows follow the newest.
    qint64 offsetOfRow(int row) const { return m_windowStart + row; }
    int rowForOffset(qint64 offset) const; // -1 outside the window
    ChatMessage message(int row) const;
    int rowForClientId(const QString &clientId) const; // pending rows only; -1 when none
    int rowForKey(quint64 key) const; // -1 when none
    // Whether `text` names `userName` as a whole word, with or without a leading @, in its
    // first MentionScanChars characters.
    static bool mentionsUser(const QString &text, const QString &userName);
    static QRegularExpression mentionPattern(const QString &userName);
    // Someone else's chat message that names the user; the user's own message.
    bool isMention(const ChatMessage &message) const;
    bool isOwn(const ChatMessage &message) const;

    // All of a row's text: what it shows for a notice, the whole message for chat and
    // system messages. A row loaded from the store holds only the start of a huge message
    // (ChatMessage::textIsCut); the rest is read from the store here, when it is asked for
    // ("Show whole message", copying).
    // Blocks while it reads: a 16 MiB text takes SQLite about 160 ms.
    QString wholeText(int row) const;
    // Whether wholeText() of the row would read from the store (the row holds only the
    // start of its text).
    bool needsStoreRead(int row) const;
    // wholeText() without blocking: ready at once when the row has all of its text,
    // otherwise read in a worker thread (HistoryStore::wholeTextInBackground()). The
    // future owes nothing to the model: the room may close before it is ready.
    QFuture<QString> wholeTextInBackground(int row) const;
    // Plain text of a row as it is copied: "[2025-05-01 22:00] alice: text".
    QString plainText(int row) const;
    // plainText() without blocking, as wholeTextInBackground().
    QFuture<QString> plainTextInBackground(int row) const;

Q_SIGNALS:
    // Every appendMessages() batch, whether the window shows it or not: the view counts
    // what arrives while the user reads further up.
    void messagesAppended(const hibiki::ChatMessages &messages);

private:
    // What plainText() puts before the text: "[2025-05-01 22:00] alice: ".
    QString plainTextStart(int row) const;
    struct Row
    {
        ChatMessage message;
        QString author; // message.author, cut to MaxAuthorChars
        QString notice; // the words of a presence or gap line; null for chat and system
        QDateTime localTime;
        QDate localDate;
        quint64 key = 0;
        bool mention = false;
        // Pending rows only.
        bool pending = false;
        OutboxEntry::State sendState = OutboxEntry::State::Sending;
        QString sendError;
        QDateTime nextAttempt;
    };

    Row makeRow(ChatMessage message);
    static QString noticeText(ChatMessage::Kind kind, const QString &author, const QString &text);
    Row makePendingRow(const OutboxEntry &entry);
    const Row &rowAt(int row) const;
    bool isGrouped(int row) const;
    bool startsDay(int row) const;
    bool isUnreadMarker(int row) const;
    bool canReload() const;
    qint64 windowEnd() const { return m_windowStart + m_rows.size(); }
    // Rows for messages[from, from + count); count -1: to the end.
    QList<Row> makeRows(const ChatMessages &messages, qsizetype from = 0, qsizetype count = -1);
    void appendRows(const ChatMessages &messages, qsizetype from, qsizetype count);
    void replaceWindow(qint64 firstOffset, const ChatMessages &messages);
    void removeEchoedPending(const ChatMessages &messages);
    void removePending(int pendingIndex);
    bool historyTailHasClientId(const QString &clientId) const;
    void syncPendingShown();
    void dropOldest(int rows);
    void dropNewest(int rows);
    int rowsOverLimit() const;
    void emitRowChanged(int row);
    void rememberEchoed(const QString &clientId);

    const HistoryStore *m_store = nullptr;
    qint64 m_storeCount = 0; // messages in the store, tracked without querying it
    qint64 m_windowStart = 0; // store offset of m_rows.first()
    QList<Row> m_rows; // history window, oldest first
    QList<Row> m_pending; // outbox entries, in creation order
    bool m_pendingShown = true; // the rows after m_rows; follows isAtNewest()
    QList<QString> m_echoed; // client ids echoed before their outbox entry was delivered
    QString m_userName;
    QRegularExpression m_mentionPattern;
    quint64 m_nextKey = 1;
    qint64 m_unreadOffset = -1; // store offset of the message with the marker; -1 none
    bool m_markNext = false;
    bool m_following = true;
    int m_rowLimit = 0;
    int m_fetchBatch = DefaultFetchBatch;
};

} // namespace hibiki
