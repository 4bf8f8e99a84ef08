// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace hibiki {

// One chat message as the room stores and sends it. `id` only ever increases; with a data
// directory also across restarts. A memory-only room starts each run with a new `epoch`,
// and its event ids are "<epoch>-<id>" (see eventId() and docs/PROTOCOL.md, "Ids").
struct RoomMessage
{
    qint64 id = 0;
    QString user;
    QString content;
    QDateTime timestamp; // UTC, whole seconds
    QString clientId; // the sender's idempotency key; empty when the sender gave none
    QString epoch; // this run of a memory-only room; empty for a room with a data directory

    // The SSE event id and the JSON "id": "42", or "<epoch>-42" in a memory-only room.
    QString eventId() const;
    // One line of compact JSON, fields in the documented order:
    // {"id":"42","user":"alice","content":"Hello!","timestamp":"2025-05-01T22:00:00Z","clientId":"…"}
    // `clientId` is left out when empty.
    QByteArray toJson() const;
    // ISO 8601 in UTC with a trailing Z, e.g. "2025-05-01T22:00:00Z".
    QString timestampText() const;

    friend bool operator==(const RoomMessage &, const RoomMessage &) = default;
};

} // namespace hibiki

Q_DECLARE_METATYPE(hibiki::RoomMessage)
