// SPDX-License-Identifier: MIT
#include "messagedecoder.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>

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

// Ids and names may arrive as strings or numbers; anything else counts as absent.
QString scalarText(const QJsonValue &value)
{
    if (value.isString()) {
        return value.toString();
    }
    if (value.isDouble()) {
        const double number = value.toDouble();
        if (number == double(qint64(number))) {
            return QString::number(qint64(number));
        }
        return QString::number(number);
    }
    return {};
}

} // namespace

MessageDecoder::MessageDecoder(const Profile &profile)
    : m_profile(profile)
{ }

QDateTime MessageDecoder::parseTimestamp(const QJsonValue &value)
{
    if (value.isDouble()) {
        const double number = value.toDouble();
        // Seconds until the year 5138, milliseconds after: no chat server sends either.
        const qint64 ms = number < 1e11 ? qint64(number * 1000) : qint64(number);
        return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc());
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
    return parsed.isValid() ? parsed.toUTC() : QDateTime();
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
