// SPDX-License-Identifier: MIT
// Recognizing the echo of one's own message on every kind of server: by clientId, by the
// id in the post's answer, and by text (and author) in order within a window.
#include "core/ownechomatcher.h"

#include <QElapsedTimer>
#include <QTest>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::ChatMessage;
using hibiki::OutboxEntry;
using hibiki::OwnEchoMatcher;

namespace {

OutboxEntry entry(const QString &clientId, const QString &text, OutboxEntry::State state,
    int attempts, const QString &serverId = {})
{
    OutboxEntry e;
    e.clientId = clientId;
    e.text = text;
    e.state = state;
    e.attempts = attempts;
    e.serverId = serverId;
    return e;
}

OutboxEntry posted(const QString &clientId, const QString &text)
{
    return entry(clientId, text, OutboxEntry::State::Sending, 1);
}

OutboxEntry delivered(const QString &clientId, const QString &text, const QString &serverId = {})
{
    return entry(clientId, text, OutboxEntry::State::Delivered, 1, serverId);
}

ChatMessage echo(const QString &text, const QString &id = {}, const QString &author = {},
    const QString &clientId = {})
{
    ChatMessage message;
    message.text = text;
    message.id = id;
    message.author = author;
    message.clientId = clientId;
    message.eventType = u"message"_s;
    return message;
}

} // namespace

TEST(OwnEchoMatcher, AClientIdEchoIsOursAndAForeignClientIdNeverMatchesByText)
{
    OwnEchoMatcher matcher;
    matcher.track(posted(u"c1"_s, u"hello"_s));
    ChatMessage foreign = echo(u"hello"_s, u"1"_s, {}, u"other-device"_s);
    EXPECT_FALSE(matcher.claim(foreign));
    EXPECT_FALSE(foreign.fromThisDevice);
    EXPECT_EQ(foreign.clientId, u"other-device"_s);

    ChatMessage mine = echo(u"hello"_s, u"2"_s, u"alice"_s, u"c1"_s);
    EXPECT_TRUE(matcher.claim(mine));
    EXPECT_TRUE(mine.fromThisDevice);
}

TEST(OwnEchoMatcher, TheIdInThePostsAnswerMatchesTheEchoEvenWithOtherText)
{
    OwnEchoMatcher matcher;
    matcher.track(posted(u"c1"_s, u"hello"_s));
    matcher.track(delivered(u"c1"_s, u"hello"_s, u"17"_s));
    // Someone else's message with our text but another id is not ours.
    ChatMessage other = echo(u"hello"_s, u"16"_s);
    EXPECT_FALSE(matcher.claim(other));
    ChatMessage mine = echo(u"hello (edited by the server)"_s, u"17"_s);
    EXPECT_TRUE(matcher.claim(mine));
    EXPECT_EQ(mine.clientId, u"c1"_s);
    EXPECT_TRUE(mine.fromThisDevice);
    EXPECT_EQ(matcher.trackedCount(), 0) << "delivered and echoed: nothing left to wait for";
}

TEST(OwnEchoMatcher, WithoutIdsTheEchoMatchesByTextInOrderAndOnlyOnce)
{
    OwnEchoMatcher matcher;
    matcher.setUserName(u"alice"_s);
    matcher.track(posted(u"c1"_s, u"ok"_s));
    matcher.track(delivered(u"c1"_s, u"ok"_s));
    matcher.track(posted(u"c2"_s, u"ok"_s));

    ChatMessage first = echo(u"ok"_s);
    ASSERT_TRUE(matcher.claim(first));
    EXPECT_EQ(first.clientId, u"c1"_s);
    // Bob's "ok" is not ours when the server says who wrote it.
    ChatMessage bobs = echo(u"ok"_s, {}, u"bob"_s);
    EXPECT_FALSE(matcher.claim(bobs));
    EXPECT_FALSE(bobs.fromThisDevice);
    ChatMessage second = echo(u" ok\n"_s, {}, u"alice"_s);
    ASSERT_TRUE(matcher.claim(second));
    EXPECT_EQ(second.clientId, u"c2"_s);
    // Both are claimed: a third "ok" is someone else's.
    ChatMessage third = echo(u"ok"_s);
    EXPECT_FALSE(matcher.claim(third));
}

TEST(OwnEchoMatcher, AnEchoBeforeThePostsAnswerIsMatchedAndTheAnswerDoesNotWaitAgain)
{
    OwnEchoMatcher matcher;
    matcher.track(posted(u"c1"_s, u"quick"_s));
    ChatMessage mine = echo(u"quick"_s, u"5"_s);
    ASSERT_TRUE(matcher.claim(mine));
    EXPECT_EQ(mine.clientId, u"c1"_s);
    matcher.track(delivered(u"c1"_s, u"quick"_s, u"5"_s));
    EXPECT_EQ(matcher.trackedCount(), 0);
    ChatMessage replay = echo(u"quick"_s, u"5"_s);
    EXPECT_FALSE(matcher.claim(replay));
}

TEST(OwnEchoMatcher, WhatWasNeverPostedRefusedOrDiscardedIsNeverMatched)
{
    OwnEchoMatcher matcher;
    matcher.track(entry(u"queued"_s, u"a"_s, OutboxEntry::State::Sending, 0));
    matcher.track(posted(u"refused"_s, u"b"_s));
    matcher.track(entry(u"refused"_s, u"b"_s, OutboxEntry::State::Failed, 1));
    matcher.track(posted(u"dropped"_s, u"c"_s));
    matcher.track(entry(u"dropped"_s, u"c"_s, OutboxEntry::State::Discarded, 1));
    for (const QString &text : {u"a"_s, u"b"_s, u"c"_s}) {
        ChatMessage message = echo(text);
        EXPECT_FALSE(matcher.claim(message)) << text.toStdString();
    }
    ChatMessage presence = echo(u"a"_s);
    presence.kind = ChatMessage::Kind::Join;
    matcher.track(posted(u"queued"_s, u"a"_s));
    EXPECT_FALSE(matcher.claim(presence)) << "only chat messages are echoes";
}

TEST(OwnEchoMatcher, TextMatchingEndsWithItsWindowAndDeliveredPostsAreBounded)
{
    OwnEchoMatcher::Limits limits;
    limits.textWindowMs = 50;
    limits.maxRemembered = 3;
    OwnEchoMatcher matcher(limits);
    matcher.track(posted(u"c1"_s, u"late"_s));
    QElapsedTimer clock;
    clock.start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return clock.elapsed() > 80; }, 5000));
    ChatMessage late = echo(u"late"_s);
    EXPECT_FALSE(matcher.claim(late)) << "an echo long after the post is someone else's";

    for (int i = 0; i < 10; ++i) {
        const QString id = u"d%1"_s.arg(i);
        matcher.track(posted(id, id));
        matcher.track(delivered(id, id, u"server-%1"_s.arg(i)));
    }
    EXPECT_LE(matcher.trackedCount(), 4); // 3 delivered and the unechoed c1
    ChatMessage newest = echo(u"x"_s, u"server-9"_s);
    EXPECT_TRUE(matcher.claim(newest));
    ChatMessage oldest = echo(u"x"_s, u"server-0"_s);
    EXPECT_FALSE(matcher.claim(oldest));
}
