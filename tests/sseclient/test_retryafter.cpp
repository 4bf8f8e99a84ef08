// SPDX-License-Identifier: MIT
// sse::parseRetryAfter: delay-seconds, the three HTTP-date forms, the cap, and values
// that must be refused or clamped without overflow.
#include "sseclient/retryafter.h"

#include <QDateTime>

#include <gtest/gtest.h>

#include <limits>

using namespace std::chrono_literals;
using sse::parseRetryAfter;
using std::chrono::milliseconds;

namespace {

const QDateTime now(QDate(1994, 11, 6), QTime(8, 49, 0), Qt::UTC);
constexpr milliseconds hour = 3600s;

std::optional<milliseconds> parse(QByteArrayView value, milliseconds cap = hour)
{
    return parseRetryAfter(value, now, cap);
}

TEST(RetryAfter, DelaySeconds)
{
    EXPECT_EQ(parse("120"), milliseconds(120s));
    EXPECT_EQ(parse("0"), 0ms);
    EXPECT_EQ(parse("007"), 7000ms);
    EXPECT_EQ(parse(" \t5 "), 5000ms); // optional white space around the value
}

TEST(RetryAfter, HugeDelaySecondsAreCappedWithoutOverflow)
{
    EXPECT_EQ(parse("99999999999999"), hour);
    EXPECT_EQ(parse("99999999999999999999999999999999999999"), hour);
    EXPECT_EQ(parse("3601"), hour);
    EXPECT_EQ(parse("3600"), hour);
    const milliseconds largest(std::numeric_limits<qint64>::max());
    EXPECT_EQ(parse("99999999999999999999999999999999999999", largest), largest);
    EXPECT_EQ(parse("9223372036854775", largest), milliseconds(9223372036854775000));
    EXPECT_EQ(parse("9223372036854776", largest), largest);
}

TEST(RetryAfter, ANegativeCapMeansZero)
{
    EXPECT_EQ(parse("10", -5ms), 0ms);
}

TEST(RetryAfter, GarbageIsRefused)
{
    for (const QByteArrayView value : {"", "   ", "-1", "+5", "1.5", "1e300", "-1e300", "0x10",
             "soon", "12 34", "١٢", "\xff", "inf", "NaN", "5s"}) {
        EXPECT_EQ(parse(value), std::nullopt) << std::string(value.data(), value.size());
    }
}

TEST(RetryAfter, ImfFixdate)
{
    EXPECT_EQ(parse("Sun, 06 Nov 1994 08:49:37 GMT"), 37000ms);
    EXPECT_EQ(parse("Sun, 06 Nov 1994 08:59:00 GMT"), milliseconds(10min));
}

TEST(RetryAfter, ObsoleteRfc850Date)
{
    EXPECT_EQ(parse("Sunday, 06-Nov-94 08:49:37 GMT"), 37000ms);
    // A two-digit year is never more than 50 years ahead: in 2026, "76" is 2076 and
    // "77" is 1977.
    const QDateTime in2026(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC);
    EXPECT_EQ(parseRetryAfter("Thursday, 01-Jan-26 00:00:10 GMT", in2026, hour), 10000ms);
    EXPECT_EQ(parseRetryAfter("Wednesday, 01-Jan-76 00:00:00 GMT", in2026, hour), hour);
    EXPECT_EQ(parseRetryAfter("Saturday, 01-Jan-77 00:00:00 GMT", in2026, hour), 0ms);
    // "94" is 1994, in the past: no wait.
    EXPECT_EQ(parseRetryAfter("Sunday, 06-Nov-94 08:49:37 GMT", in2026, hour), 0ms);
}

TEST(RetryAfter, AsctimeDate)
{
    EXPECT_EQ(parse("Sun Nov  6 08:49:37 1994"), 37000ms);
    EXPECT_EQ(parse("Sun Nov 06 08:49:37 1994"), 37000ms);
}

TEST(RetryAfter, DatesInThePastMeanNoWaitAndFarFutureIsCapped)
{
    EXPECT_EQ(parse("Sat, 05 Nov 1994 08:49:37 GMT"), 0ms);
    EXPECT_EQ(parse("Thu, 01 Jan 1970 00:00:00 GMT"), 0ms);
    EXPECT_EQ(parse("Fri, 31 Dec 9999 23:59:59 GMT"), hour);
}

TEST(RetryAfter, MalformedDatesAreRefused)
{
    for (const QByteArrayView value : {
             "Sun, 06 Nov 1994 08:49:37", // no zone
             "Sun, 06 Nov 1994 08:49:37 +0000", // a zone other than GMT
             "Sun, 06 Nov 1994 08:49:37 gmt", // GMT is case-sensitive
             "sun, 06 Nov 1994 08:49:37 GMT", // so are day and month names
             "Sun, 06 nov 1994 08:49:37 GMT",
             "Sun, 6 Nov 1994 08:49:37 GMT", // IMF-fixdate has two-digit days
             "Sun, 31 Feb 1994 08:49:37 GMT", // no such day
             "Sun, 06 Nov 1994 24:00:00 GMT", // no such hour
             "Sun, 06 Nov 1994 08:60:00 GMT",
             "Sun, 06 Nov 1994 08:49:61 GMT",
             "Sun, 06 Nov 1994 08:49:37 GMT trailing",
             "Sun, 06 Nov 19940 08:49:37 GMT",
             "Sun 06 Nov 1994 08:49:37 GMT",
             "Sun, 06-Nov-94 08:49:37 GMT", // RFC 850 needs the long day name
             "Sunday, 06-Nov-1994 08:49:37 GMT",
             "Sun Nov 6 08:49:37 1994", // asctime pads the day with a space
             "Sun Nov  6 08:49:37 94",
             "Sun, 06 Nov 1994 8:49:37 GMT",
         }) {
        EXPECT_EQ(parse(value), std::nullopt) << std::string(value.data(), value.size());
    }
}

TEST(RetryAfter, ALeapSecondIsReadAsTheLastSecondOfItsMinute)
{
    EXPECT_EQ(parse("Sun, 06 Nov 1994 08:49:60 GMT"), 59000ms);
}

TEST(RetryAfter, DatesNeedAValidNowButSecondsDoNot)
{
    EXPECT_EQ(parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", QDateTime(), hour), std::nullopt);
    EXPECT_EQ(parseRetryAfter("5", QDateTime(), hour), 5000ms);
}

TEST(RetryAfter, NowAtTheEdgesOfTimeDoesNotOverflow)
{
    const QDateTime earliest
        = QDateTime::fromMSecsSinceEpoch(std::numeric_limits<qint64>::min() / 2, Qt::UTC);
    const QDateTime latest
        = QDateTime::fromMSecsSinceEpoch(std::numeric_limits<qint64>::max() / 2, Qt::UTC);
    const milliseconds largest(std::numeric_limits<qint64>::max());
    ASSERT_TRUE(earliest.isValid());
    ASSERT_TRUE(latest.isValid());
    EXPECT_EQ(
        parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", earliest, largest).has_value(), true);
    EXPECT_EQ(parseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", latest, largest), 0ms);
}

} // namespace
