// SPDX-License-Identifier: MIT
#include "messagedecoder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTimeZone>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// Follows a dotted path ("message.text") into nested objects.
QJsonValue valueAt(const QJsonObject &object, const QString &path)
{
    if (path.isEmpty()) {
        return QJsonValue::Undefined;
    }
    QJsonValue current = object;
    for (const QStringView part : QStringView(path).split(u'.')) {
        if (!current.isObject()) {
            return QJsonValue::Undefined;
        }
        current = current.toObject().value(part);
    }
    return current;
}

// The range QDateTime and every chat server share: 0001-01-01 to 9999-12-31, in ms since
// the epoch.
constexpr double minTimestampMs = -62135596800000.0;
constexpr double maxTimestampMs = 253402300799999.0;
// Whole numbers up to this are exact in a double.
constexpr double maxExactInteger = 9007199254740992.0; // 2^53

} // namespace

MessageDecoder::MessageDecoder(const Profile &profile)
    : m_profile(profile)
{ }

QString MessageDecoder::scalarText(const QJsonValue &value)
{
    if (value.isString()) {
        return value.toString();
    }
    if (!value.isDouble()) {
        return {};
    }
    // An integer that fits 64 bits is kept as one by the JSON reader: exact.
    constexpr qint64 notAnInteger = std::numeric_limits<qint64>::min();
    if (const qint64 integer = value.toInteger(notAnInteger); integer != notAnInteger) {
        return QString::number(integer);
    }
    const double number = value.toDouble();
    if (!std::isfinite(number)) {
        return {};
    }
    if (std::trunc(number) == number) {
        // A whole number beyond 64 bits: not exact, so not an id.
        return std::fabs(number) < maxExactInteger ? QString::number(qint64(number)) : QString();
    }
    return QString::number(number, 'g', QLocale::FloatingPointShortest);
}

QDateTime MessageDecoder::parseTimestamp(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double number = value.toDouble();
        // Seconds until the year 5138, milliseconds after: no chat server sends either.
        // Checked as doubles before any conversion: 1e300 and NaN never reach an integer.
        const double ms = std::fabs(number) < 1e11 ? number * 1000 : number;
        if (!std::isfinite(ms) || ms < minTimestampMs || ms > maxTimestampMs) {
            return {};
        }
        return QDateTime::fromMSecsSinceEpoch(qint64(ms), QTimeZone::utc());
    }
    if (!value.isString()) {
        return {};
    }
    const QString text = value.toString().trimmed();
    QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!parsed.isValid()) {
        // The tutorial's "2025-05-01 22:00": local time without a zone.
        for (const QString &format : {u"yyyy-MM-dd HH:mm:ss"_s, u"yyyy-MM-dd HH:mm"_s}) {
            parsed = QDateTime::fromString(text, format);
            if (parsed.isValid()) {
                break;
            }
        }
    }
    if (!parsed.isValid()) {
        return {};
    }
    // A local time late on 9999-12-31 is in the year 10000 in UTC.
    const qint64 ms = parsed.toMSecsSinceEpoch();
    return ms < minTimestampMs || ms > maxTimestampMs ? QDateTime() : parsed.toUTC();
}

std::optional<ChatMessage> MessageDecoder::decode(
    const sse::MessageEvent &event, bool hasOwnId, const QDateTime &arrival) const
{
    const QString sseId = hasOwnId ? event.lastEventId : QString();
    ChatMessage message;
    if (m_profile.chatEvents.contains(event.type)) {
        message.kind = ChatMessage::Kind::Chat;
    } else if (m_profile.joinEvents.contains(event.type)) {
        message.kind = ChatMessage::Kind::Join;
    } else if (m_profile.leaveEvents.contains(event.type)) {
        message.kind = ChatMessage::Kind::Leave;
    } else if (m_profile.systemEvents.contains(event.type)) {
        message.kind = ChatMessage::Kind::System;
    } else if (m_profile.gapEvents.contains(event.type)) {
        message.kind = ChatMessage::Kind::Gap;
    } else {
        return std::nullopt; // pings and types this room does not use
    }
    message.eventType = event.type;
    message.timestamp = arrival;

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(event.data.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        // Not a JSON object: the data itself is the text, shown as it is.
        message.text = event.data;
        if (message.kind == ChatMessage::Kind::Chat || message.kind == ChatMessage::Kind::System) {
            message.id = sseId;
        }
        return message;
    }

    const QJsonObject object = document.object();
    message.text = scalarText(valueAt(object, m_profile.textField));
    message.author = scalarText(valueAt(object, m_profile.authorField));
    message.clientId = scalarText(valueAt(object, m_profile.clientIdField));
    if (const QDateTime time = parseTimestamp(valueAt(object, m_profile.timeField));
        time.isValid()) {
        message.timestamp = time;
    }
    if (message.kind == ChatMessage::Kind::Chat || message.kind == ChatMessage::Kind::System) {
        message.id = scalarText(valueAt(object, m_profile.idField));
        if (message.id.isEmpty()) {
            message.id = sseId;
        }
        if (message.text.isEmpty() && !valueAt(object, m_profile.textField).isString()) {
            // JSON without the text field: show the JSON rather than an empty line.
            message.text = event.data;
        }
    }
    if (message.kind == ChatMessage::Kind::Gap && message.text.isEmpty()) {
        message.text = QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
    }
    return message;
}

} // namespace hibiki
