// SPDX-License-Identifier: MIT
#include "sseframes.h"

#include "jsonwriter.h"

namespace hibiki::frames {

namespace {

QByteArray presence(const char *type, const QString &user)
{
    QByteArray out = "event: ";
    out += type;
    out += "\ndata: {\"user\":";
    json::appendString(out, user);
    out += "}\n\n";
    return out;
}

} // namespace

QByteArray retry(int milliseconds)
{
    return "retry: " + QByteArray::number(milliseconds) + "\n\n";
}

QByteArray message(const RoomMessage &message)
{
    return frames::message(message.eventId().toLatin1(), message.toJson());
}

QByteArray message(QByteArrayView eventId, QByteArrayView json)
{
    QByteArray out;
    out.reserve(json.size() + 64);
    out += "id: ";
    out += eventId;
    out += "\nevent: message\ndata: ";
    out += json;
    out += "\n\n";
    return out;
}

QByteArray join(const QString &user)
{
    return presence("join", user);
}

QByteArray leave(const QString &user)
{
    return presence("leave", user);
}

QByteArray gapExpired(qint64 from, qint64 to)
{
    return "event: gap\ndata: {\"from\":" + QByteArray::number(from)
        + ",\"to\":" + QByteArray::number(to) + ",\"reason\":\"expired\"}\n\n";
}

QByteArray gapUnknown(const QString &lastEventId, qint64 lastId)
{
    QByteArray out = "event: gap\ndata: {\"reason\":\"unknown\",\"lastEventId\":";
    json::appendString(out, lastEventId);
    out += ",\"lastId\":" + QByteArray::number(lastId) + "}\n\n";
    return out;
}

QByteArray gapReset(const QString &lastEventId, const QString &epoch)
{
    QByteArray out = "event: gap\ndata: {\"reason\":\"reset\",\"lastEventId\":";
    json::appendString(out, lastEventId);
    out += ",\"epoch\":";
    json::appendString(out, epoch);
    out += "}\n\n";
    return out;
}

QByteArray ping()
{
    return ": ping\n\n";
}

} // namespace hibiki::frames
