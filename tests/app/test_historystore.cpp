// SPDX-License-Identifier: MIT
#include "core/historystore.h"

#include <QTemporaryDir>
#include <QTimeZone>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::ChatMessage;
using hibiki::ChatMessages;
using hibiki::HistoryStore;

namespace {

ChatMessage chat(const QString &id, const QString &text)
{
    ChatMessage message;
    message.id = id;
    message.text = text;
    message.author = u"alice"_s;
    message.eventType = u"message"_s;
    message.timestamp
        = QDateTime::fromMSecsSinceEpoch(1700000000000 + text.size(), QTimeZone::utc());
    return message;
}

} // namespace

TEST(HistoryStore, StoresMessagesAndLastEventIdTogether)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"room.sqlite"_s);
    {
        HistoryStore store;
        ASSERT_TRUE(store.open(path)) << store.error().toStdString();
        const ChatMessages added
            = store.append({chat(u"1"_s, u"a"_s), chat(u"2"_s, u"b"_s)}, u"2"_s);
        EXPECT_EQ(added.size(), 2);
    }
    HistoryStore reopened;
    ASSERT_TRUE(reopened.open(path));
    EXPECT_EQ(reopened.lastEventId(), u"2"_s);
    EXPECT_EQ(reopened.count(), 2);
    const ChatMessages loaded = reopened.load(0, 10);
    ASSERT_EQ(loaded.size(), 2);
    EXPECT_EQ(loaded[0], chat(u"1"_s, u"a"_s));
    EXPECT_EQ(loaded[1], chat(u"2"_s, u"b"_s));
}

TEST(HistoryStore, DuplicatesBySameIdAreStoredOnce)
{
    HistoryStore store;
    ASSERT_TRUE(store.open(u":memory:"_s));
    store.append({chat(u"1"_s, u"a"_s)}, u"1"_s);
    const ChatMessages added
        = store.append({chat(u"1"_s, u"a"_s), chat(u"2"_s, u"b"_s), chat(u"2"_s, u"b"_s)}, u"2"_s);
    ASSERT_EQ(added.size(), 1);
    EXPECT_EQ(added[0].id, u"2"_s);
    EXPECT_EQ(store.count(), 2);
    EXPECT_TRUE(store.contains(u"1"_s));
    EXPECT_FALSE(store.contains(u"3"_s));
}

TEST(HistoryStore, MessagesWithoutIdAreNeverDeduplicated)
{
    HistoryStore store;
    ASSERT_TRUE(store.open(u":memory:"_s));
    const ChatMessages added = store.append({chat({}, u"same"_s), chat({}, u"same"_s)}, {});
    EXPECT_EQ(added.size(), 2);
    EXPECT_EQ(store.count(), 2);
}

TEST(HistoryStore, RetentionKeepsTheNewest)
{
    HistoryStore store;
    ASSERT_TRUE(store.open(u":memory:"_s));
    store.setRetention(3);
    for (int i = 1; i <= 10; ++i) {
        store.append({chat(QString::number(i), u"m%1"_s.arg(i))}, QString::number(i));
    }
    EXPECT_EQ(store.count(), 3);
    const ChatMessages kept = store.load(0, 100);
    ASSERT_EQ(kept.size(), 3);
    EXPECT_EQ(kept.front().id, u"8"_s);
    EXPECT_EQ(kept.back().id, u"10"_s);
    EXPECT_EQ(store.load(1, 1).front().id, u"9"_s);
}

// A window of rows costs the same with huge messages in it: of a text longer than
// LoadedTextChars only its start is read, and wholeText() reads all of it.
TEST(HistoryStore, LoadReadsTheStartOfAHugeTextAndWholeTextAllOfIt)
{
    HistoryStore store;
    ASSERT_TRUE(store.open(u":memory:"_s));
    // 16 MiB, with characters outside the BMP (two UTF-16 units, four UTF-8 bytes) where
    // the cut falls: never half of one.
    const QString huge = u"😀"_s.repeated(HistoryStore::LoadedTextChars)
        + QString(u"0123456789abcdef"_s).repeated(1024 * 1024 - 8 * 1024);
    const QString exact = QString(HistoryStore::LoadedTextChars, u'e');
    store.append({chat(u"1"_s, u"small"_s), chat(u"2"_s, huge), chat(u"3"_s, exact),
                     chat(u"4"_s, u"é"_s.repeated(HistoryStore::LoadedTextChars + 1))},
        u"4"_s);

    const ChatMessages loaded = store.load(0, 10);
    ASSERT_EQ(loaded.size(), 4);
    EXPECT_EQ(loaded[0], chat(u"1"_s, u"small"_s));
    EXPECT_FALSE(loaded[0].textIsCut);
    EXPECT_TRUE(loaded[1].textIsCut);
    EXPECT_EQ(loaded[1].text, u"😀"_s.repeated(HistoryStore::LoadedTextChars));
    EXPECT_EQ(loaded[1].id, u"2"_s);
    EXPECT_EQ(loaded[1].author, u"alice"_s);
    EXPECT_EQ(loaded[1].timestamp, chat(u"2"_s, huge).timestamp);
    EXPECT_FALSE(loaded[2].textIsCut) << "exactly as long as is read";
    EXPECT_EQ(loaded[2].text, exact);
    EXPECT_TRUE(loaded[3].textIsCut);
    EXPECT_EQ(loaded[3].text.size(), HistoryStore::LoadedTextChars);

    const ChatMessages withoutText = store.loadWithoutText(1, 1);
    ASSERT_EQ(withoutText.size(), 1);
    EXPECT_TRUE(withoutText[0].text.isEmpty());
    EXPECT_TRUE(withoutText[0].textIsCut);
    EXPECT_EQ(withoutText[0].id, u"2"_s);
    EXPECT_EQ(withoutText[0].eventType, u"message"_s);
    EXPECT_EQ(withoutText[0].timestamp, loaded[1].timestamp);

    EXPECT_EQ(store.wholeText(1), huge);
    EXPECT_EQ(store.wholeText(0), u"small"_s);
    EXPECT_EQ(store.wholeText(3), u"é"_s.repeated(HistoryStore::LoadedTextChars + 1));
    EXPECT_FALSE(store.wholeText(4).has_value());
    store.append({chat(u"5"_s, QString())}, u"5"_s);
    ASSERT_TRUE(store.wholeText(4).has_value());
    EXPECT_TRUE(store.wholeText(4)->isEmpty());
}

TEST(HistoryStore, OpenFailureIsReported)
{
    HistoryStore store;
    EXPECT_FALSE(store.open(u"/nonexistent-dir/x/room.sqlite"_s));
    EXPECT_FALSE(store.error().isEmpty());
}

namespace {

// Keys of the hits of `term` over the whole history, newest first.
QList<qint64> searchKeys(const HistoryStore &store, const QString &term, int limit = 100)
{
    QList<qint64> keys;
    for (const HistoryStore::SearchHit &hit :
        store.search(term, store.firstKey(), store.lastKey(), limit)) {
        keys.append(hit.key);
    }
    return keys;
}

// The texts of the messages `term` finds, newest first.
QStringList searchTexts(const HistoryStore &store, const QString &term)
{
    QStringList texts;
    for (const qint64 key : searchKeys(store, term)) {
        texts.append(store.load(store.offsetOfKey(key), 1).value(0).text);
    }
    return texts;
}

} // namespace

TEST(HistoryStoreSearch, FindsTheWholeHistoryNewestFirstIgnoringCase)
{
    HistoryStore store;
    ASSERT_TRUE(store.open(u":memory:"_s));
    store.setRetention(0);
    ChatMessages batch;
    for (int i = 0; i < 1000; ++i) {
        batch.append(chat({}, i % 100 == 7 ? u"Lunch at %1?"_s.arg(i) : u"m%1"_s.arg(i)));
    }
    store.append(batch, {});
    EXPECT_EQ(store.lastKey() - store.firstKey() + 1, 1000);

    const QList<qint64> keys = searchKeys(store, u"LUNCH"_s);
    ASSERT_EQ(keys.size(), 10);
    EXPECT_TRUE(std::is_sorted(keys.rbegin(), keys.rend()));
    EXPECT_EQ(store.offsetOfKey(keys.front()), 907);
    EXPECT_EQ(store.offsetOfKey(keys.back()), 7);
    EXPECT_EQ(searchTexts(store, u"lunch at 507"_s), QStringList {u"Lunch at 507?"_s});

    // A limit and a key range bound the work: the newest within the range come first.
    const QList<qint64> firstTwo = searchKeys(store, u"lunch"_s, 2);
    EXPECT_EQ(firstTwo, keys.mid(0, 2));
    const qint64 first = store.firstKey();
    const QList<HistoryStore::SearchHit> ranged
        = store.search(u"lunch"_s, first + 100, first + 399, 100);
    ASSERT_EQ(ranged.size(), 3);
    EXPECT_EQ(store.offsetOfKey(ranged.front().key), 307);
    EXPECT_EQ(store.offsetOfKey(ranged.back().key), 107);

    EXPECT_TRUE(searchKeys(store, u"dinner"_s).isEmpty());
    EXPECT_TRUE(searchKeys(store, {}).isEmpty());
}

TEST(HistoryStoreSearch, IgnoresCaseBeyondAsciiAndTakesSpecialCharactersLiterally)
{
    HistoryStore store;
    ASSERT_TRUE(store.open(u":memory:"_s));
    store.append({chat({}, u"À L'ÉCOLE demain"_s), chat({}, u"ΣΟΦΊΑ and σοφία"_s),
                     chat({}, u"東京で会いましょう"_s), chat({}, u"100% sure_thing"_s),
                     chat({}, u"1000 surely"_s), chat({}, u"a*b?c[d] \\path"_s),
                     chat({}, u"axbyc d"_s), chat({}, u"Straße"_s)},
        {});
    EXPECT_EQ(searchTexts(store, u"l'école"_s), QStringList {u"À L'ÉCOLE demain"_s});
    EXPECT_EQ(searchTexts(store, u"à l'é"_s), QStringList {u"À L'ÉCOLE demain"_s});
    EXPECT_EQ(searchTexts(store, u"σοφία"_s).size(), 1);
    EXPECT_EQ(searchTexts(store, u"ΣΟΦΊΑ AND"_s).size(), 1);
    EXPECT_EQ(searchTexts(store, u"東京"_s), QStringList {u"東京で会いましょう"_s});
    EXPECT_EQ(searchTexts(store, u"STRASSE"_s).size(), 0); // ß is not "ss" (simple folding)
    EXPECT_EQ(searchTexts(store, u"STRAẞE"_s), QStringList {u"Straße"_s});
    // LIKE's and GLOB's wildcards mean themselves.
    EXPECT_EQ(searchTexts(store, u"0%"_s), QStringList {u"100% sure_thing"_s});
    EXPECT_EQ(searchTexts(store, u"e_t"_s), QStringList {u"100% sure_thing"_s});
    EXPECT_EQ(searchTexts(store, u"*b?c["_s), QStringList {u"a*b?c[d] \\path"_s});
    EXPECT_EQ(searchTexts(store, u"\\PATH"_s), QStringList {u"a*b?c[d] \\path"_s});
    EXPECT_EQ(searchTexts(store, u"a*b"_s).size(), 1); // not "axb"
    EXPECT_EQ(searchTexts(store, u"É*"_s).size(), 0);
}

TEST(HistoryStoreSearch, SearchesChatAndSystemTextOnly)
{
    HistoryStore store;
    ASSERT_TRUE(store.open(u":memory:"_s));
    ChatMessage join = chat({}, u"hello"_s);
    join.kind = ChatMessage::Kind::Join;
    ChatMessage gap = chat({}, u"{\"reason\":\"hello\"}"_s);
    gap.kind = ChatMessage::Kind::Gap;
    ChatMessage system = chat({}, u"Hello from the server"_s);
    system.kind = ChatMessage::Kind::System;
    store.append({join, gap, system, chat({}, u"well, hello"_s)}, {});
    EXPECT_EQ(searchTexts(store, u"hello"_s),
        (QStringList {u"well, hello"_s, u"Hello from the server"_s}));
}

TEST(HistoryStoreSearch, ExcerptsAreBoundedAndSurroundTheMatch)
{
    HistoryStore store;
    ASSERT_TRUE(store.open(u":memory:"_s));
    const QString before = QString(u'a').repeated(5000);
    const QString after = QString(u'z').repeated(5000);
    store.append({chat({}, before + u" needle "_s + after), chat({}, u"short Needle"_s),
                     chat({}, before + u" ÉCOLE"_s)},
        {});
    const QList<HistoryStore::SearchHit> hits = store.search(
        u"needle"_s, store.firstKey(), store.lastKey(), 10, HistoryStore::SearchDetail::Excerpts);
    ASSERT_EQ(hits.size(), 2);
    EXPECT_EQ(hits[0].excerpt, u"short Needle"_s);
    EXPECT_FALSE(hits[0].excerptCutBefore);
    EXPECT_FALSE(hits[0].excerptCutAfter);
    EXPECT_EQ(hits[0].author, u"alice"_s);
    EXPECT_EQ(hits[0].kind, ChatMessage::Kind::Chat);
    EXPECT_TRUE(hits[0].timestamp.isValid());
    EXPECT_TRUE(hits[1].excerpt.contains(u" needle "_s));
    EXPECT_LE(hits[1].excerpt.size(), 200);
    EXPECT_TRUE(hits[1].excerptCutBefore);
    EXPECT_TRUE(hits[1].excerptCutAfter);

    // A match SQLite cannot place (other case beyond ASCII): the start of the text, bounded.
    const QList<HistoryStore::SearchHit> unplaced = store.search(
        u"école"_s, store.firstKey(), store.lastKey(), 10, HistoryStore::SearchDetail::Excerpts);
    ASSERT_EQ(unplaced.size(), 1);
    EXPECT_EQ(unplaced[0].excerpt.size(), HistoryStore::ExcerptMaxChars);
    EXPECT_FALSE(unplaced[0].excerptCutBefore);
    EXPECT_TRUE(unplaced[0].excerptCutAfter);
}

TEST(HistoryStoreSearch, KeysStayWhileRetentionMovesOffsets)
{
    HistoryStore store;
    ASSERT_TRUE(store.open(u":memory:"_s));
    store.setRetention(5);
    for (int i = 0; i < 5; ++i) {
        store.append({chat({}, i == 3 ? u"find me"_s : u"m%1"_s.arg(i))}, {});
    }
    const QList<qint64> keys = searchKeys(store, u"find"_s);
    ASSERT_EQ(keys.size(), 1);
    EXPECT_EQ(store.offsetOfKey(keys[0]), 3);
    store.append({chat({}, u"m5"_s), chat({}, u"m6"_s)}, {});
    EXPECT_EQ(searchKeys(store, u"find"_s), keys);
    EXPECT_EQ(store.offsetOfKey(keys[0]), 1);
    EXPECT_EQ(store.load(store.offsetOfKey(keys[0]), 1).value(0).text, u"find me"_s);
    store.append({chat({}, u"m7"_s), chat({}, u"m8"_s)}, {});
    EXPECT_EQ(store.offsetOfKey(keys[0]), -1); // deleted by retention
    EXPECT_TRUE(searchKeys(store, u"find"_s).isEmpty());

    HistoryStore empty;
    ASSERT_TRUE(empty.open(u":memory:"_s));
    EXPECT_EQ(empty.firstKey(), -1);
    EXPECT_EQ(empty.lastKey(), -1);
    EXPECT_EQ(empty.offsetOfKey(1), -1);
}
