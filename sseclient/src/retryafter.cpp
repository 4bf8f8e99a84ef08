// SPDX-License-Identifier: MIT
#include "sseclient/retryafter.h"

#include <QDateTime>
#include <QNetworkReply>
#include <QtNumeric>

#include <algorithm>
#include <array>

namespace sse {

using std::chrono::milliseconds;

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmedOws(QByteArrayView value)
{
    while (!value.isEmpty() && isOws(value.front())) {
        value = value.sliced(1);
    }
    while (!value.isEmpty() && isOws(value.back())) {
        value.chop(1);
    }
    return value;
}

// delay-seconds = 1*DIGIT. Saturates at `cap` without ever overflowing: the running value
// never exceeds cap / 1000, so neither the next digit nor the final * 1000 can overflow.
milliseconds delaySeconds(QByteArrayView digits, milliseconds cap)
{
    const qint64 maximumSeconds = cap.count() / 1000;
    qint64 seconds = 0;
    for (const char c : digits) {
        seconds = seconds * 10 + (c - '0');
        if (seconds > maximumSeconds) {
            return cap;
        }
    }
    return milliseconds(seconds * 1000);
}

// Reads the fixed-layout pieces of an HTTP-date (RFC 9110, section 5.6.7) from the front
// of a byte string. Each read either consumes exactly what the grammar asks or fails.
// Qt 6.4's Qt::RFC2822Date cannot stand in: it refuses the "GMT" every HTTP-date ends in.
class DateReader
{
public:
    explicit DateReader(QByteArrayView text)
        : m_rest(text)
    { }

    bool literal(QByteArrayView expected)
    {
        if (!m_rest.startsWith(expected)) {
            return false;
        }
        m_rest = m_rest.sliced(expected.size());
        return true;
    }

    // Exactly `count` digits.
    std::optional<int> number(int count)
    {
        if (m_rest.size() < count) {
            return std::nullopt;
        }
        int value = 0;
        for (int i = 0; i < count; ++i) {
            if (!isDigit(m_rest[i])) {
                return std::nullopt;
            }
            value = value * 10 + (m_rest[i] - '0');
        }
        m_rest = m_rest.sliced(count);
        return value;
    }

    // "Jan" ... "Dec" as 1 ... 12 (case-sensitive, as the grammar says).
    std::optional<int> month()
    {
        static constexpr std::array<const char *, 12> names
            = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        for (int i = 0; i < int(names.size()); ++i) {
            if (literal(names[size_t(i)])) {
                return i + 1;
            }
        }
        return std::nullopt;
    }

    // "Mon" ... "Sun", or with `longForm` "Monday" ... "Sunday". The day name says nothing
    // the date does not: it is checked for form only.
    bool dayName(bool longForm)
    {
        static constexpr std::array<const char *, 7> shortNames
            = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
        static constexpr std::array<const char *, 7> longNames
            = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
        const auto &names = longForm ? longNames : shortNames;
        return std::any_of(
            names.begin(), names.end(), [this](const char *name) { return literal(name); });
    }

    // time-of-day = hour ":" minute ":" second
    std::optional<QTime> timeOfDay()
    {
        const auto hour = number(2);
        if (!hour || !literal(":")) {
            return std::nullopt;
        }
        const auto minute = number(2);
        if (!minute || !literal(":")) {
            return std::nullopt;
        }
        const auto second = number(2);
        if (!second || *second > 60) {
            return std::nullopt;
        }
        // A leap second (60) is read as the last second of its minute.
        const QTime time(*hour, *minute, std::min(*second, 59));
        return time.isValid() ? std::optional<QTime>(time) : std::nullopt;
    }

    bool atEnd() const { return m_rest.isEmpty(); }
    bool startsWithDigit() const { return !m_rest.isEmpty() && isDigit(m_rest.front()); }

private:
    QByteArrayView m_rest;
};

QDateTime utcDateTime(int year, int month, int day, std::optional<QTime> time)
{
    const QDate date(year, month, day);
    if (!date.isValid() || !time) {
        return {};
    }
    return QDateTime(date, *time, Qt::UTC);
}

// IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
QDateTime imfFixdate(QByteArrayView text)
{
    DateReader reader(text);
    if (!reader.dayName(false) || !reader.literal(", ")) {
        return {};
    }
    const auto day = reader.number(2);
    if (!day || !reader.literal(" ")) {
        return {};
    }
    const auto month = reader.month();
    if (!month || !reader.literal(" ")) {
        return {};
    }
    const auto year = reader.number(4);
    if (!year || !reader.literal(" ")) {
        return {};
    }
    const auto time = reader.timeOfDay();
    if (!reader.literal(" GMT") || !reader.atEnd()) {
        return {};
    }
    return utcDateTime(*year, *month, *day, time);
}

// rfc850-date: "Sunday, 06-Nov-94 08:49:37 GMT". Its two-digit year is the one nearest
// `now` that is not more than 50 years ahead of it (RFC 9110, section 5.6.7).
QDateTime rfc850Date(QByteArrayView text, const QDateTime &now)
{
    DateReader reader(text);
    if (!reader.dayName(true) || !reader.literal(", ")) {
        return {};
    }
    const auto day = reader.number(2);
    if (!day || !reader.literal("-")) {
        return {};
    }
    const auto month = reader.month();
    if (!month || !reader.literal("-")) {
        return {};
    }
    const auto shortYear = reader.number(2);
    if (!shortYear || !reader.literal(" ")) {
        return {};
    }
    const auto time = reader.timeOfDay();
    if (!reader.literal(" GMT") || !reader.atEnd()) {
        return {};
    }
    const int thisYear = now.toUTC().date().year();
    int year = thisYear - thisYear % 100 + *shortYear;
    if (year > thisYear + 50) {
        year -= 100;
    } else if (year < thisYear - 49) {
        year += 100;
    }
    return utcDateTime(year, *month, *day, time);
}

// asctime-date: "Sun Nov  6 08:49:37 1994" (the day is two digits, or a space and one).
QDateTime asctimeDate(QByteArrayView text)
{
    DateReader reader(text);
    if (!reader.dayName(false) || !reader.literal(" ")) {
        return {};
    }
    const auto month = reader.month();
    if (!month || !reader.literal(" ")) {
        return {};
    }
    const auto day = reader.startsWithDigit()
        ? reader.number(2)
        : (reader.literal(" ") ? reader.number(1) : std::nullopt);
    if (!day || !reader.literal(" ")) {
        return {};
    }
    const auto time = reader.timeOfDay();
    if (!reader.literal(" ")) {
        return {};
    }
    const auto year = reader.number(4);
    if (!year || !reader.atEnd()) {
        return {};
    }
    return utcDateTime(*year, *month, *day, time);
}

QDateTime httpDate(QByteArrayView text, const QDateTime &now)
{
    if (QDateTime date = imfFixdate(text); date.isValid()) {
        return date;
    }
    if (QDateTime date = rfc850Date(text, now); date.isValid()) {
        return date;
    }
    return asctimeDate(text);
}

} // namespace

std::optional<milliseconds> parseRetryAfter(
    QByteArrayView value, const QDateTime &now, milliseconds cap)
{
    cap = std::max(cap, milliseconds::zero());
    value = trimmedOws(value);
    if (value.isEmpty()) {
        return std::nullopt;
    }
    if (std::all_of(value.begin(), value.end(), isDigit)) {
        return delaySeconds(value, cap);
    }
    if (!now.isValid()) {
        return std::nullopt;
    }
    const QDateTime when = httpDate(value, now);
    if (!when.isValid()) {
        return std::nullopt;
    }
    // `now` may be any valid QDateTime, even one near the end of its range.
    qint64 difference = 0;
    if (qSubOverflow(when.toMSecsSinceEpoch(), now.toMSecsSinceEpoch(), &difference)) {
        return now > when ? milliseconds::zero() : cap;
    }
    return milliseconds(std::clamp<qint64>(difference, 0, cap.count()));
}

std::optional<milliseconds> retryAfter(const QNetworkReply &reply, milliseconds cap)
{
    return parseRetryAfter(reply.rawHeader("Retry-After"), QDateTime::currentDateTimeUtc(), cap);
}

} // namespace sse
