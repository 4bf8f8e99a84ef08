// SPDX-License-Identifier: MIT
#pragma once

#include <core/chatmessage.h>
#include <core/outbox.h>

#include <QAbstractListModel>
#include <QDate>
#include <QHash>
#include <QList>
#include <QRegularExpression>

namespace hibiki {

class HistoryStore;

// The rows of one room as the view shows them: a window onto the room's history (the
// newest messages, older ones fetched on demand with canFetchMore()/fetchMore()), then the
// user's own messages that the server has not echoed back yet (outbox entries).
//
// The window always ends at the newest stored message: appendMessages() extends it, and a
// row limit lets the view drop the oldest rows while it follows the bottom, so a flood or a
// million-message history costs memory and layout only for what is near the view.
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
    };
    Q_ENUM(Role)

    // Two chat messages of one author closer than this are drawn as one block.
    static constexpr int GroupingSeconds = 5 * 60;
    static constexpr int DefaultFetchBatch = 200;

    explicit MessageModel(QObject *parent = nullptr);
    ~MessageModel() override;

    // Shows the newest `initialRows` messages of `store` (not owned; may be null) and fetches
    // older ones from it. Resets the model; pending rows are kept.
    void setHistory(const HistoryStore *store, int initialRows = DefaultFetchBatch);
    void setFetchBatchSize(int rows) { m_fetchBatch = qMax(1, rows); }

    // Marks the user's own messages and mentions of them.
    void setUserName(const QString &name);
    QString userName() const { return m_userName; }

    // 0: unlimited. Otherwise appending beyond this many history rows drops the oldest
    // (they stay in the store and can be fetched again).
    void setRowLimit(int rows);
    int rowLimit() const { return m_rowLimit; }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Older history: there is more in the store than the window holds.
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

    // New messages, just stored, in arrival order. Removes the pending rows they echo.
    void appendMessages(const ChatMessages &messages);
    // Follows the outbox: adds, updates and removes pending rows.
    void updateOutboxEntry(const OutboxEntry &entry);

    // The next row to be appended gets the unread marker (the previous marker goes).
    void markUnreadFromNextMessage();
    void clearUnreadMarker();
    int unreadMarkerRow() const; // -1 when none

    int historyRowCount() const { return int(m_rows.size()); }
    int pendingRowCount() const { return int(m_pending.size()); }
    // The stored messages that are older than the window (0 without a store).
    qint64 olderMessageCount() const;
    ChatMessage message(int row) const;
    int rowForClientId(const QString &clientId) const; // pending rows only; -1 when none
    int rowForKey(quint64 key) const; // -1 when none
    // Whether `text` names `userName` as a whole word, with or without a leading @.
    static bool mentionsUser(const QString &text, const QString &userName);
    static QRegularExpression mentionPattern(const QString &userName);

    // Plain text of a row as it is copied: "[2025-05-01 22:00] alice: text".
    QString plainText(int row) const;

private:
    struct Row
    {
        ChatMessage message;
        QDateTime localTime;
        QDate localDate;
        quint64 key = 0;
        bool mention = false;
        // Pending rows only.
        bool pending = false;
        OutboxEntry::State sendState = OutboxEntry::State::Sending;
        QString sendError;
    };

    Row makeRow(ChatMessage message);
    Row makePendingRow(const OutboxEntry &entry);
    const Row &rowAt(int row) const;
    bool isGrouped(int row) const;
    bool startsDay(int row) const;
    bool mentions(const ChatMessage &message) const;
    void removeEchoedPending(const ChatMessages &messages);
    bool historyTailHasClientId(const QString &clientId) const;
    void trimToLimit();
    void emitRowChanged(int row);
    void rememberEchoed(const QString &clientId);

    const HistoryStore *m_store = nullptr;
    qint64 m_storeCount = 0; // messages in the store, tracked without querying it
    QList<Row> m_rows; // history window, oldest first
    QList<Row> m_pending; // outbox entries, in creation order
    QList<QString> m_echoed; // client ids echoed before their outbox entry was delivered
    QString m_userName;
    QRegularExpression m_mentionPattern;
    quint64 m_nextKey = 1;
    quint64 m_unreadKey = 0; // row with the marker; 0 none
    bool m_markNext = false;
    int m_rowLimit = 0;
    int m_fetchBatch = DefaultFetchBatch;
};

} // namespace hibiki
