// SPDX-License-Identifier: MIT
#include <hibikiserver/roommessage.h>

#include "jsonwriter.h"

namespace hibiki {

QString RoomMessage::timestampText() const
{
    return timestamp.toUTC().toString(Qt::ISODate);
}

QByteArray RoomMessage::toJson() const
{
    QByteArray out;
    out.reserve(96 + content.size() + user.size() + clientId.size());
    out += "{\"id\":\"";
    out += QByteArray::number(id);
    out += "\",\"user\":";
    json::appendString(out, user);
    out += ",\"content\":";
    json::appendString(out, content);
    out += ",\"timestamp\":";
    json::appendString(out, timestampText());
    if (!clientId.isEmpty()) {
        out += ",\"clientId\":";
        json::appendString(out, clientId);
    }
    out += '}';
    return out;
}

} // namespace hibiki
