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

TEST(HistoryStore, OpenFailureIsReported)
{
    HistoryStore store;
    EXPECT_FALSE(store.open(u"/nonexistent-dir/x/room.sqlite"_s));
    EXPECT_FALSE(store.error().isEmpty());
}
