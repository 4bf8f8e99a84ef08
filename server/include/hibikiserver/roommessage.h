// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QMetaType>
#include <QString>

namespace hibiki {

// One chat message as the room stores and sends it. `id` is also the SSE event id: it
// only ever increases (across restarts too when the room has a data directory).
struct RoomMessage
{
    qint64 id = 0;
    QString user;
    QString content;
    QDateTime timestamp; // UTC, whole seconds
    QString clientId; // the sender's idempotency key; empty when the sender gave none

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
