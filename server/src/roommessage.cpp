// SPDX-License-Identifier: MIT
#include <hibikiserver/roommessage.h>

#include "jsonwriter.h"

namespace hibiki {

namespace {

// Appends `value` as `width` decimal digits.
void putDigits(char *at, int value, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        at[i] = char('0' + value % 10);
        value /= 10;
    }
}

// The text of QDateTime::toString(Qt::ISODate) in UTC ("2025-05-01T22:00:00Z", no
// milliseconds) as a JSON string, formatted here: Qt's formatter goes through
// QString::asprintf and was a fifth of the server's own CPU time per POST.
void appendTimestamp(QByteArray &out, const QDateTime &timestamp)
{
    const QDateTime utc = timestamp.toUTC();
    const QDate date = utc.date();
    const QTime time = utc.time();
    if (!date.isValid() || !time.isValid() || date.year() < 0 || date.year() > 9999) {
        json::appendString(out, utc.toString(Qt::ISODate)); // the rare cases: Qt's rules
        return;
    }
    char text[] = "\"0000-00-00T00:00:00Z\"";
    putDigits(text + 1, date.year(), 4);
    putDigits(text + 6, date.month(), 2);
    putDigits(text + 9, date.day(), 2);
    putDigits(text + 12, time.hour(), 2);
    putDigits(text + 15, time.minute(), 2);
    putDigits(text + 18, time.second(), 2);
    out.append(text, sizeof text - 1);
}

} // namespace

QString RoomMessage::eventId() const
{
    return epoch.isEmpty() ? QString::number(id) : epoch + u'-' + QString::number(id);
}

QString RoomMessage::timestampText() const
{
    return timestamp.toUTC().toString(Qt::ISODate);
}

QByteArray RoomMessage::toJson() const
{
    QByteArray out;
    out.reserve(96 + content.size() + user.size() + clientId.size());
    out += "{\"id\":\"";
    if (!epoch.isEmpty()) {
        out += epoch.toLatin1();
        out += '-';
    }
    out += QByteArray::number(id);
    out += "\",\"user\":";
    json::appendString(out, user);
    out += ",\"content\":";
    json::appendString(out, content);
    out += ",\"timestamp\":";
    appendTimestamp(out, timestamp);
    if (!clientId.isEmpty()) {
        out += ",\"clientId\":";
        json::appendString(out, clientId);
    }
    out += '}';
    return out;
}

} // namespace hibiki
