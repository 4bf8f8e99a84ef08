// SPDX-License-Identifier: MIT
// The room's building blocks without HTTP: message JSON, frames and the message store.
#include "messagestore.h"
#include "sseframes.h"

#include <hibikiserver/roommessage.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace hibiki;

namespace {

const QDateTime stamp = QDateTime(QDate(2025, 5, 1), QTime(22, 0), Qt::UTC);

TEST(RoomMessage, JsonMatchesTheDocumentedExample)
{
    const RoomMessage message {42, u"alice"_s, u"Hello!"_s, stamp, u"abc"_s, {}};
    EXPECT_EQ(message.toJson(),
        R"({"id":"42","user":"alice","content":"Hello!","timestamp":"2025-05-01T22:00:00Z","clientId":"abc"})");
    EXPECT_EQ(
        frames::message(message), "id: 42\nevent: message\ndata: " + message.toJson() + "\n\n");
}

TEST(RoomMessage, JsonEscapesEverythingThatMatters)
{
    QString tricky = u"quote\" backslash\\ lf\n cr\r tab\t bell\u0007 nul"_s;
    tricky += QChar(0);
    tricky += u" \u2028 日本 🎉 </script>"_s;
    const RoomMessage message {1, u"a\"b"_s, tricky, stamp, {}, {}};
    const QByteArray json = message.toJson();
    EXPECT_FALSE(json.contains('\n'));
    EXPECT_FALSE(json.contains('\r'));
    QJsonParseError error;
    const QJsonObject object = QJsonDocument::fromJson(json, &error).object();
    ASSERT_EQ(error.error, QJsonParseError::NoError) << json.constData();
    EXPECT_EQ(object.value("content"_L1).toString(), tricky);
    EXPECT_EQ(object.value("user"_L1).toString(), u"a\"b"_s);
    EXPECT_FALSE(object.contains("clientId"_L1));
}

TEST(RoomFrames, PresenceGapRetryAndPing)
{
    EXPECT_EQ(frames::retry(2500), "retry: 2500\n\n");
    EXPECT_EQ(frames::join(u"bob"_s), "event: join\ndata: {\"user\":\"bob\"}\n\n");
    EXPECT_EQ(frames::leave(u"bob"_s), "event: leave\ndata: {\"user\":\"bob\"}\n\n");
    EXPECT_EQ(frames::gapExpired(3, 9),
        "event: gap\ndata: {\"from\":3,\"to\":9,\"reason\":\"expired\"}\n\n");
    EXPECT_EQ(frames::gapUnknown(u"x\ny"_s, 4),
        "event: gap\ndata: {\"reason\":\"unknown\",\"lastEventId\":\"x\\ny\",\"lastId\":4}\n\n");
    EXPECT_EQ(frames::ping(), ": ping\n\n");
}

TEST(RoomMessageStore, MemoryKeepsTheNewestHistory)
{
    MessageStore store(3);
    ASSERT_TRUE(store.open({}));
    EXPECT_FALSE(store.isPersistent());
    EXPECT_EQ(store.recentStart(), 0);
    for (int i = 1; i <= 5; ++i) {
        const auto append = store.append(u"u"_s, u"m%1"_s.arg(i), u"c%1"_s.arg(i), stamp);
        EXPECT_EQ(append.outcome, MessageStore::Append::Outcome::Created);
        EXPECT_EQ(append.message.id, i);
    }
    EXPECT_EQ(store.lastId(), 5);
    EXPECT_EQ(store.recentStart(), 2);
    const auto fromStart = store.after(0, 100); // 1 and 2 are gone: the caller sees the hole
    ASSERT_EQ(fromStart.size(), 3);
    EXPECT_EQ(fromStart.first().id, 3);
    EXPECT_EQ(store.after(3, 1).size(), 1);
    EXPECT_EQ(store.after(3, 1).first().id, 4);
    EXPECT_TRUE(store.after(5, 10).isEmpty());
    // Duplicates within the window are recognised; beyond it memory cannot know.
    EXPECT_EQ(store.append(u"u"_s, u"x"_s, u"c4"_s, stamp).outcome,
        MessageStore::Append::Outcome::Duplicate);
    EXPECT_EQ(store.append(u"u"_s, u"x"_s, u"c4"_s, stamp).message.content, u"m4"_s);
    EXPECT_EQ(store.append(u"u"_s, u"x"_s, u"c1"_s, stamp).outcome,
        MessageStore::Append::Outcome::Created);
}

TEST(RoomMessageStore, SqliteKeepsEverythingAcrossReopen)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    {
        MessageStore store(2);
        ASSERT_TRUE(store.open(dir.path())) << qPrintable(store.errorString());
        EXPECT_TRUE(store.isPersistent());
        for (int i = 1; i <= 4; ++i) {
            store.append(u"u"_s, u"m%1"_s.arg(i), i == 2 ? QString() : u"c%1"_s.arg(i), stamp);
        }
    }
    MessageStore store(2);
    ASSERT_TRUE(store.open(dir.path())) << qPrintable(store.errorString());
    EXPECT_EQ(store.lastId(), 4);
    EXPECT_EQ(store.recentStart(), 2);
    const auto all = store.after(0, 10);
    ASSERT_EQ(all.size(), 4);
    EXPECT_EQ(all.at(1).content, u"m2"_s);
    EXPECT_TRUE(all.at(1).clientId.isEmpty());
    EXPECT_EQ(all.at(0).timestamp, stamp);
    const auto older = store.append(u"u"_s, u"again"_s, u"c1"_s, stamp);
    EXPECT_EQ(older.outcome, MessageStore::Append::Outcome::Duplicate);
    EXPECT_EQ(older.message, all.at(0));
    // Messages without a clientId never collide with each other.
    EXPECT_EQ(store.append(u"u"_s, u"n"_s, {}, stamp).message.id, 5);
    EXPECT_EQ(store.append(u"u"_s, u"n"_s, {}, stamp).message.id, 6);
}

} // namespace
