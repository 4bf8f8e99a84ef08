// SPDX-License-Identifier: MIT
#include "historystore.h"

#include <QHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QTimeZone>
#include <QVariant>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

const QString lastEventIdKey = u"last_event_id"_s;

QVariant nullIfEmpty(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

// Search excerpts: this many characters of the text before the first match, this many in
// all.
constexpr int ExcerptCharsBefore = 60;
constexpr int ExcerptChars = 200;

// The characters that are the same letter in another case, by Unicode's simple case
// folding (what Qt::CaseInsensitive compares), for every character that has any: built
// once, on the first search, in a few milliseconds.
const QHash<char32_t, QList<char32_t>> &caseClasses()
{
    static const QHash<char32_t, QList<char32_t>> classes = [] {
        QHash<char32_t, QList<char32_t>> byFold;
        for (char32_t c = 0; c <= QChar::LastValidCodePoint; ++c) {
            if (QChar::isLowSurrogate(c) || QChar::isHighSurrogate(c)) {
                continue;
            }
            const char32_t folded = QChar::toCaseFolded(c);
            if (folded != c) {
                byFold[folded].append(c);
            }
        }
        QHash<char32_t, QList<char32_t>> result;
        for (auto it = byFold.cbegin(); it != byFold.cend(); ++it) {
            QList<char32_t> members = it.value();
            members.append(it.key());
            for (const char32_t member : std::as_const(members)) {
                result.insert(member, members);
            }
        }
        return result;
    }();
    return classes;
}

// The forms of `c` a search matches. ASCII letters match their ASCII other case only, as
// SQLite's LIKE does (so that a search for "kiss" does not need the slow path for the
// Kelvin sign and the long s).
QList<char32_t> caseForms(char32_t c)
{
    if (c < 128) {
        const QChar ascii(c);
        return ascii.isLetter() ? QList<char32_t> {c, char32_t(ascii.toLower().unicode()),
                   char32_t(ascii.toUpper().unicode())}
                                : QList<char32_t> {c};
    }
    return caseClasses().value(c, {c});
}

// Whether LIKE matches `c` exactly as a case-insensitive search should: ASCII (LIKE folds
// it) and characters that have no other case.
bool likeMatchesExactly(char32_t c)
{
    return c < 128 || !caseClasses().contains(c);
}

// Drops the last character of `text` when it has more than `maxCharacters` (code points,
// as SQLite's substr() counts them); true when it did.
bool dropCharacterPast(QString &text, qsizetype maxCharacters)
{
    if (text.size() <= maxCharacters) {
        return false; // no more characters than UTF-16 units
    }
    const auto isPairEnd = [&](qsizetype i) {
        return i > 0 && text.at(i).isLowSurrogate() && text.at(i - 1).isHighSurrogate();
    };
    qsizetype characters = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        characters += isPairEnd(i) ? 0 : 1;
    }
    if (characters <= maxCharacters) {
        return false;
    }
    text.chop(isPairEnd(text.size() - 1) ? 2 : 1);
    return true;
}

QString fromCodePoint(char32_t c)
{
    return QString::fromUcs4(&c, 1);
}

// The SQL condition on `text` for a case-insensitive search of `term`, and its parameters.
// LIKE is fast (a plain scan, no allocation per row) but folds ASCII only; GLOB with a
// character class per letter ("[Éé]cole") matches other cases too, at about five times the
// cost, so it only runs where LIKE cannot decide, after LIKE filtered on the longest part
// of the term it can.
struct TextCondition
{
    QString sql;
    QVariantList values;
};

TextCondition textCondition(const QString &term)
{
    const QList<uint> codePoints = term.toUcs4();
    const bool needsGlob = std::any_of(
        codePoints.cbegin(), codePoints.cend(), [](uint c) { return !likeMatchesExactly(c); });
    // The longest run LIKE matches exactly: all of the term, unless GLOB is needed.
    qsizetype bestStart = 0;
    qsizetype bestLength = 0;
    for (qsizetype start = 0; start < codePoints.size();) {
        qsizetype end = start;
        while (end < codePoints.size() && likeMatchesExactly(codePoints.at(end))) {
            ++end;
        }
        if (end - start > bestLength) {
            bestStart = start;
            bestLength = end - start;
        }
        start = end + 1;
    }
    TextCondition condition;
    if (bestLength > 0) {
        QString like = u"%"_s;
        for (qsizetype i = bestStart; i < bestStart + bestLength; ++i) {
            const char32_t c = codePoints.at(i);
            if (c == u'%' || c == u'_' || c == u'\\') {
                like.append(u'\\');
            }
            like.append(fromCodePoint(c));
        }
        like.append(u'%');
        condition.sql = u"text LIKE ? ESCAPE '\\'"_s;
        condition.values.append(like);
    }
    if (needsGlob) {
        QString glob = u"*"_s;
        for (const uint c : codePoints) {
            const QList<char32_t> forms = caseForms(c);
            if (forms.size() > 1) {
                glob.append(u'[');
                for (const char32_t form : forms) {
                    glob.append(fromCodePoint(form));
                }
                glob.append(u']');
            } else if (c == u'*' || c == u'?' || c == u'[') {
                glob.append(u'[').append(fromCodePoint(c)).append(u']');
            } else {
                glob.append(fromCodePoint(c));
            }
        }
        glob.append(u'*');
        if (!condition.sql.isEmpty()) {
            condition.sql.append(u" AND "_s);
        }
        condition.sql.append(u"text GLOB ?"_s);
        condition.values.append(glob);
    }
    return condition;
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
    return read(offset, limit, TextPart::Start);
}

ChatMessages HistoryStore::loadWithoutText(qint64 offset, qint64 limit) const
{
    return read(offset, limit, TextPart::None);
}

ChatMessages HistoryStore::read(qint64 offset, qint64 limit, TextPart part) const
{
    ChatMessages messages;
    QSqlQuery query(database());
    query.setForwardOnly(true);
    // substr() counts characters, never half of one. SQLite still copies a huge text out of
    // its pages (10-70 ms for 16 MiB), but converts and hands over only its start: the
    // conversion to UTF-16 and the copies into QString were most of the time. One character
    // more than is kept tells whether there is more: asking SQLite (length(), or a second
    // substr()) would copy the text a second time. Without text, SQLite skips over it: the
    // columns after it cost nothing more.
    const bool withText = part == TextPart::Start;
    query.prepare(u"SELECT msg_id, kind, author, %1, ts, client_id, event_type, "
                  "from_this_device FROM messages "
                  "WHERE seq >= (SELECT MIN(seq) FROM messages) + ? ORDER BY seq LIMIT ?"_s.arg(
                      withText ? u"substr(text, 1, ?)"_s : u"''"_s));
    if (withText) {
        query.addBindValue(LoadedTextChars + 1);
    }
    query.addBindValue(offset);
    query.addBindValue(limit);
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
        message.textIsCut = withText ? dropCharacterPast(message.text, LoadedTextChars) : true;
        messages.append(std::move(message));
    }
    return messages;
}

std::optional<QString> HistoryStore::wholeText(qint64 offset) const
{
    QSqlQuery query(database());
    query.setForwardOnly(true);
    // As UTF-8 bytes: QString::fromUtf8() converts 16 MiB several times faster than
    // SQLite's own UTF-16 conversion, which the driver asks for with a text value.
    query.prepare(u"SELECT CAST(text AS BLOB) FROM messages "
                  "WHERE seq = (SELECT MIN(seq) FROM messages) + ?"_s);
    query.bindValue(0, offset);
    if (!query.exec() || !query.next()) {
        return std::nullopt;
    }
    return QString::fromUtf8(query.value(0).toByteArray());
}

QFuture<WholeTextReader::Result> HistoryStore::wholeTextInBackground(qint64 offset) const
{
    const qint64 first = firstKey();
    if (!m_store || first < 0 || offset < 0) {
        return QtFuture::makeReadyFuture(WholeTextReader::Result {});
    }
    if (m_store->path() == u":memory:"_s) {
        return QtFuture::makeReadyFuture(
            WholeTextReader::Result {wholeText(offset), QThread::currentThread()});
    }
    return WholeTextReader::read(m_store->path(), first + offset);
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

qint64 HistoryStore::firstKey() const
{
    QSqlQuery query(database());
    if (query.exec(u"SELECT MIN(seq) FROM messages"_s) && query.next()
        && !query.value(0).isNull()) {
        return query.value(0).toLongLong();
    }
    return -1;
}

qint64 HistoryStore::lastKey() const
{
    QSqlQuery query(database());
    if (query.exec(u"SELECT MAX(seq) FROM messages"_s) && query.next()
        && !query.value(0).isNull()) {
        return query.value(0).toLongLong();
    }
    return -1;
}

qint64 HistoryStore::offsetOfKey(qint64 key) const
{
    const qint64 first = firstKey();
    if (first < 0 || key < first || key > lastKey()) {
        return -1;
    }
    return key - first; // keys have no gaps (see tryAppend())
}

QList<HistoryStore::SearchHit> HistoryStore::search(
    const QString &term, qint64 fromKey, qint64 toKey, int limit, SearchDetail detail) const
{
    QList<SearchHit> hits;
    if (term.isEmpty() || limit <= 0 || fromKey > toKey || !isOpen()) {
        return hits;
    }
    const TextCondition condition = textCondition(term);
    const QString where
        = u"seq BETWEEN ? AND ? AND kind IN (%1, %2) AND %3"_s.arg(int(ChatMessage::Kind::Chat))
              .arg(int(ChatMessage::Kind::System))
              .arg(condition.sql);
    QSqlQuery query(database());
    query.setForwardOnly(true);
    if (detail == SearchDetail::KeysOnly) {
        query.prepare(u"SELECT seq FROM messages WHERE %1 ORDER BY seq DESC LIMIT ?"_s.arg(where));
    } else {
        // Where the term starts, as far as lower() (ASCII only) finds it: the excerpt is
        // taken around it, else from the start. Only matching rows get here, and no more
        // than ExcerptMaxChars of a text is ever read into memory.
        query.prepare(
            u"SELECT seq, kind, author, ts, "
            "CASE WHEN p > 0 THEN substr(text, max(1, p - %1), %2) ELSE substr(text, 1, %3) END, "
            "p > %1 + 1, "
            "CASE WHEN p > 0 THEN max(1, p - %1) + %2 - 1 ELSE %3 END < length(text) "
            "FROM (SELECT seq, kind, author, ts, text, instr(lower(text), lower(?)) AS p "
            "FROM messages WHERE %4 ORDER BY seq DESC LIMIT ?) ORDER BY seq DESC"_s.arg(
                QString::number(ExcerptCharsBefore), QString::number(ExcerptChars),
                QString::number(ExcerptMaxChars), where));
        query.addBindValue(term);
    }
    query.addBindValue(fromKey);
    query.addBindValue(toKey);
    for (const QVariant &value : condition.values) {
        query.addBindValue(value);
    }
    query.addBindValue(limit);
    if (!query.exec()) {
        return hits;
    }
    while (query.next()) {
        SearchHit hit;
        hit.key = query.value(0).toLongLong();
        if (detail == SearchDetail::Excerpts) {
            hit.kind = ChatMessage::Kind(query.value(1).toInt());
            hit.author = query.value(2).toString();
            hit.timestamp
                = QDateTime::fromMSecsSinceEpoch(query.value(3).toLongLong(), QTimeZone::utc());
            hit.excerpt = query.value(4).toString();
            hit.excerptCutBefore = query.value(5).toBool();
            hit.excerptCutAfter = query.value(6).toBool();
        }
        hits.append(std::move(hit));
    }
    return hits;
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
