// SPDX-License-Identifier: MIT
#include "core/messagedecoder.h"

#include <QTimeZone>

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::ChatMessage;
using hibiki::MessageDecoder;
using hibiki::Profile;

namespace {

sse::MessageEvent event(const QString &type, const QString &data, const QString &id = {})
{
    return sse::MessageEvent {type, data, id, QUrl(u"http://h"_s)};
}

const QDateTime arrival = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), QTimeZone::utc());

} // namespace

TEST(MessageDecoder, HibikiRoomMessage)
{
    const MessageDecoder decoder(Profile::hibikiRoom(QUrl(u"http://h"_s)));
    const auto message = decoder.decode(
        event(u"message"_s,
            uR"({"id":"42","user":"alice","content":"Hello!","timestamp":"2025-05-01T22:00:00Z","clientId":"c1"})"_s,
            u"42"_s),
        true, arrival);
    ASSERT_TRUE(message);
    EXPECT_EQ(message->kind, ChatMessage::Kind::Chat);
    EXPECT_EQ(message->id, u"42"_s);
    EXPECT_EQ(message->author, u"alice"_s);
    EXPECT_EQ(message->text, u"Hello!"_s);
    EXPECT_EQ(message->clientId, u"c1"_s);
    EXPECT_EQ(message->timestamp, QDateTime(QDate(2025, 5, 1), QTime(22, 0), QTimeZone::utc()));
}

TEST(MessageDecoder, TutorialMessageWithLocalTimeAndNoUserOrId)
{
    const MessageDecoder decoder(Profile::tutorialServer(QUrl(u"http://h"_s)));
    const auto message = decoder.decode(
        event(u"message"_s, uR"({"content":"Hello!","timestamp":"2025-05-01 22:00"})"_s), false,
        arrival);
    ASSERT_TRUE(message);
    EXPECT_EQ(message->text, u"Hello!"_s);
    EXPECT_TRUE(message->author.isEmpty());
    EXPECT_TRUE(message->id.isEmpty());
    const QDateTime local(QDate(2025, 5, 1), QTime(22, 0));
    EXPECT_EQ(message->timestamp, local.toUTC());
}

TEST(MessageDecoder, NonJsonDataIsPlainTextAndMarkupIsKept)
{
    const MessageDecoder decoder(Profile::hibikiRoom(QUrl(u"http://h"_s)));
    const auto message
        = decoder.decode(event(u"message"_s, u"<b>hi</b> &amp;"_s, u"7"_s), true, arrival);
    ASSERT_TRUE(message);
    EXPECT_EQ(message->text, u"<b>hi</b> &amp;"_s);
    EXPECT_EQ(message->id, u"7"_s);
    EXPECT_EQ(message->timestamp, arrival);
}

TEST(MessageDecoder, InheritedSseIdIsNotUsedAsMessageId)
{
    // An event without its own `id:` carries the previous id; using it would make the
    // store drop this message as a duplicate.
    const MessageDecoder decoder(Profile::nchanChannel(QUrl(u"http://h"_s), u"r"_s));
    const auto own = decoder.decode(event(u"message"_s, u"a"_s, u"1795463797:2"_s), true);
    const auto inherited = decoder.decode(event(u"message"_s, u"b"_s, u"1795463797:2"_s), false);
    ASSERT_TRUE(own && inherited);
    EXPECT_EQ(own->id, u"1795463797:2"_s);
    EXPECT_TRUE(inherited->id.isEmpty());
}

TEST(MessageDecoder, PresenceGapAndIgnoredTypes)
{
    const MessageDecoder decoder(Profile::hibikiRoom(QUrl(u"http://h"_s)));
    const auto join = decoder.decode(event(u"join"_s, uR"({"user":"bob"})"_s), false);
    ASSERT_TRUE(join);
    EXPECT_EQ(join->kind, ChatMessage::Kind::Join);
    EXPECT_EQ(join->author, u"bob"_s);
    EXPECT_TRUE(join->id.isEmpty());

    const auto leave = decoder.decode(event(u"leave"_s, uR"({"user":"bob"})"_s), false);
    ASSERT_TRUE(leave);
    EXPECT_EQ(leave->kind, ChatMessage::Kind::Leave);

    const auto gap = decoder.decode(event(u"gap"_s, uR"({"from":"3","to":"9"})"_s), false);
    ASSERT_TRUE(gap);
    EXPECT_EQ(gap->kind, ChatMessage::Kind::Gap);

    EXPECT_FALSE(decoder.decode(event(u"ping"_s, u"1"_s), false));
    EXPECT_FALSE(decoder.decode(event(u"whatever"_s, u"{}"_s), false));
}

TEST(MessageDecoder, NestedFieldPathsAndNumericValues)
{
    Profile profile = Profile::hibikiRoom(QUrl(u"http://h"_s));
    profile.textField = u"msg.body"_s;
    profile.authorField = u"msg.from.name"_s;
    profile.idField = u"seq"_s;
    profile.timeField = u"ts"_s;
    const MessageDecoder decoder(profile);
    const auto message = decoder.decode(
        event(u"message"_s,
            uR"({"seq":17,"ts":1700000000,"msg":{"body":"hi","from":{"name":"z"}}})"_s),
        false);
    ASSERT_TRUE(message);
    EXPECT_EQ(message->text, u"hi"_s);
    EXPECT_EQ(message->author, u"z"_s);
    EXPECT_EQ(message->id, u"17"_s);
    EXPECT_EQ(message->timestamp.toSecsSinceEpoch(), 1700000000);
}

TEST(MessageDecoder, JsonWithoutTextFieldShowsTheJson)
{
    const MessageDecoder decoder(Profile::hibikiRoom(QUrl(u"http://h"_s)));
    const auto message = decoder.decode(event(u"message"_s, uR"({"other":1})"_s), false);
    ASSERT_TRUE(message);
    EXPECT_EQ(message->text, uR"({"other":1})"_s);
}

TEST(MessageDecoder, TimestampFormats)
{
    EXPECT_EQ(MessageDecoder::parseTimestamp(QJsonValue(u"2025-05-01T22:00:00.250Z"_s))
                  .toMSecsSinceEpoch()
            % 1000,
        250);
    EXPECT_EQ(MessageDecoder::parseTimestamp(QJsonValue(1700000000123.0)).toMSecsSinceEpoch(),
        1700000000123);
    EXPECT_FALSE(MessageDecoder::parseTimestamp(QJsonValue(u"yesterday"_s)).isValid());
    EXPECT_FALSE(MessageDecoder::parseTimestamp(QJsonValue(true)).isValid());
}

TEST(MessageDecoder, OutOfRangeTimesFallBackToTheArrivalTime)
{
    const MessageDecoder decoder(Profile::hibikiRoom(QUrl(u"http://h"_s)));
    // Numbers as JSON text, exactly as a hostile server would send them. 1e400 does not
    // fit a double at all.
    for (const QString &number :
        {u"1e300"_s, u"-1e300"_s, u"1e400"_s, u"-1e400"_s, u"123456789012345678901234567890"_s,
            u"-123456789012345678901234567890"_s, u"9223372036854775807"_s,
            u"-9223372036854775808"_s, u"253402300800000"_s, u"1e15"_s}) {
        const auto message = decoder.decode(
            event(u"message"_s, uR"({"content":"x","timestamp":%1})"_s.arg(number)), false,
            arrival);
        ASSERT_TRUE(message) << number.toStdString();
        EXPECT_EQ(message->timestamp, arrival) << number.toStdString();
    }
    // The edges of the range still count.
    EXPECT_EQ(MessageDecoder::parseTimestamp(QJsonValue(253402300799999.0)).date().year(), 9999);
    EXPECT_EQ(MessageDecoder::parseTimestamp(QJsonValue(-1.0)).toMSecsSinceEpoch(), -1000);
    EXPECT_FALSE(MessageDecoder::parseTimestamp(QJsonValue(std::nan(""))).isValid());
    EXPECT_FALSE(MessageDecoder::parseTimestamp(QJsonValue(std::numeric_limits<double>::infinity()))
                     .isValid());
}

TEST(MessageDecoder, IdsThatNoNumberCanHoldExactlyAreRejectedNotRounded)
{
    const MessageDecoder decoder(Profile::hibikiRoom(QUrl(u"http://h"_s)));
    const auto idOf = [&](const QString &json) {
        const auto message = decoder.decode(
            event(u"message"_s, uR"({"content":"x","id":%1})"_s.arg(json), u"sse-7"_s), true,
            arrival);
        return message ? message->id : u"<no message>"_s;
    };
    // Rejected: the SSE id stands in, as for a message without an id.
    EXPECT_EQ(idOf(u"1e300"_s), u"sse-7"_s);
    EXPECT_EQ(idOf(u"-1e300"_s), u"sse-7"_s);
    EXPECT_EQ(idOf(u"1e400"_s), u"sse-7"_s);
    EXPECT_EQ(idOf(u"123456789012345678901234567890"_s), u"sse-7"_s);
    EXPECT_EQ(idOf(u"123456789012345678901234567891"_s), u"sse-7"_s);
    // Exact: every integer that fits 64 bits, and fractions with all their digits.
    EXPECT_EQ(idOf(u"9007199254740993"_s), u"9007199254740993"_s); // 2^53 + 1
    EXPECT_EQ(idOf(u"9223372036854775807"_s), u"9223372036854775807"_s);
    EXPECT_EQ(idOf(u"-42"_s), u"-42"_s);
    EXPECT_EQ(idOf(u"1.5"_s), u"1.5"_s);
    EXPECT_EQ(idOf(u"0.30000000000000004"_s), u"0.30000000000000004"_s);
    EXPECT_EQ(idOf(u"\"123456789012345678901234567890\""_s), u"123456789012345678901234567890"_s);
}
