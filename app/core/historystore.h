// SPDX-License-Identifier: MIT
#pragma once

#include "chatmessage.h"
#include "roomstore.h"
#include "wholetextreader.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

#include <memory>
#include <optional>

namespace hibiki {

// A room's history on disk: its messages in arrival order and the last event ID they
// were received with, in the room's file (RoomStore). Messages and the ID are saved in
// one transaction, so after a crash or restart the stream resumes exactly after what is
// stored.
class HistoryStore
{
public:
    HistoryStore();
    ~HistoryStore();
    HistoryStore(const HistoryStore &) = delete;
    HistoryStore &operator=(const HistoryStore &) = delete;

    // Opens a room file of its own. `path` ":memory:" keeps everything in memory. False
    // and error() on failure.
    bool open(const QString &path);
    // Uses a room file that someone else opened (and closes before `store` goes).
    bool open(RoomStore &store);
    void close();
    bool isOpen() const;
    QString error() const { return m_error; }
    // The open connection, shared with the outbox of the same room.
    QSqlDatabase database() const;
    // The room file in use; null when closed.
    RoomStore *roomStore() const { return m_store; }

    // Stores the messages that are not already stored (same non-empty id) and the last
    // event ID, atomically. Returns the messages that were new, in order, or nullopt when
    // nothing could be written (lastWriteError() says why; nothing was stored).
    std::optional<ChatMessages> tryAppend(const ChatMessages &messages, const QString &lastEventId);
    // tryAppend(), with a failure returning no messages.
    ChatMessages append(const ChatMessages &messages, const QString &lastEventId);
    QSqlError lastWriteError() const { return m_lastWriteError; }

    QString lastEventId() const;
    qint64 count() const;
    // Rows [offset, offset + limit) in arrival order; 0 is the oldest kept message. Of a
    // text longer than LoadedTextChars only its start is read (ChatMessage::textIsCut), so
    // that a window of rows with 16 MiB messages in it loads as fast as one without: the
    // rows show no more than that, and wholeText() reads the rest when it is asked for.
    ChatMessages load(qint64 offset, qint64 limit) const;
    // As many characters as a row ever looks at (MessageModel::MentionScanChars).
    static constexpr int LoadedTextChars = 64 * 1024;
    // All of the text of the message at `offset`; nullopt when there is no such message.
    std::optional<QString> wholeText(qint64 offset) const;
    // wholeText() without blocking the calling thread: read by a WholeTextReader in a
    // worker thread from the room's file, by the message's key as it is now (retention
    // deleting older messages meanwhile does not change which message is read). A store
    // in memory (":memory:"), which no other connection sees, is read at once.
    QFuture<WholeTextReader::Result> wholeTextInBackground(qint64 offset) const;
    // load() without reading any text (empty, textIsCut set): for what is known about
    // messages (their kind, author, time...) at no cost for their size.
    ChatMessages loadWithoutText(qint64 offset, qint64 limit) const;
    // The authors of the newest `messages` chat messages, each with the time of their
    // newest one, without reading any text (a message may be megabytes).
    QList<std::pair<QString, QDateTime>> recentAuthors(qint64 messages) const;
    // Keep at most this many messages (oldest deleted first). 0: unlimited.
    void setRetention(qint64 maxMessages);
    qint64 retention() const { return m_retention; }
    bool contains(const QString &id) const;
    // The server started its ids over (e.g. a memory-only room restarted): stored messages
    // stay, but their ids no longer count for deduplication. False when the file cannot be
    // written (lastWriteError()).
    bool forgetMessageIds();

    // Search. A message's key is its row number in the file: it never changes while the
    // message is stored, unlike its offset (key - firstKey()), which moves each time
    // retention deletes older messages. Keys grow with arrival and have no gaps.
    qint64 firstKey() const; // -1 when empty
    qint64 lastKey() const; // -1 when empty
    qint64 offsetOfKey(qint64 key) const; // -1 when not stored (any more)

    // One message that contains what was searched for.
    struct SearchHit
    {
        qint64 key = 0;
        ChatMessage::Kind kind = ChatMessage::Kind::Chat;
        QString author;
        QDateTime timestamp; // UTC
        // With SearchDetail::Excerpts: the text around the first match (or, when SQLite
        // cannot place it, the start of the text), at most ExcerptMaxChars characters of
        // it whatever the message's size. Empty otherwise.
        QString excerpt;
        bool excerptCutBefore = false; // the text goes on before the excerpt...
        bool excerptCutAfter = false; // ...and after it
    };
    enum class SearchDetail { KeysOnly, Excerpts };
    static constexpr int ExcerptMaxChars = 2000;

    // The chat and system messages with keys in [fromKey, toKey] whose text contains
    // `term`, newest first, at most `limit` of them. Case is ignored: for ASCII letters by
    // SQLite's LIKE, for other letters by their simple case mappings (É and é, Σ and σ),
    // without a per-message conversion; special characters (% _ * ? [ \) are literal. A
    // key range bounds the work, so that a caller can search a huge history in slices.
    QList<SearchHit> search(const QString &term, qint64 fromKey, qint64 toKey, int limit,
        SearchDetail detail = SearchDetail::KeysOnly) const;

private:
    enum class TextPart { Start, None };
    ChatMessages read(qint64 offset, qint64 limit, TextPart part) const;
    bool prepareStatements();
    void applyRetention();

    // Prepared once per open database: appends run once per event-loop turn in a flood.
    struct Statements
    {
        QSqlQuery insert;
        QSqlQuery exists;
        QSqlQuery saveLastEventId;
    };

    std::unique_ptr<RoomStore> m_ownStore; // when opened with a path
    RoomStore *m_store = nullptr;
    std::unique_ptr<Statements> m_statements;
    QString m_error;
    QSqlError m_lastWriteError;
    qint64 m_retention = 100000;
};

} // namespace hibiki
