// SPDX-License-Identifier: MIT
#pragma once

#include <hibikiserver/roommessage.h>

#include <QByteArray>
#include <QString>

// The bytes of each SSE event the room sends (docs/PROTOCOL.md, "GET /sse"). Every frame
// ends with a blank line, and only messages carry an `id:`, so presence, gaps and pings
// never move a client's Last-Event-ID.
namespace hibiki::frames {

QByteArray retry(int milliseconds); // "retry: 3000\n\n"
QByteArray message(const RoomMessage &message); // "id: 42\nevent: message\ndata: {…}\n\n"
// The same with eventId = message.eventId() and json = message.toJson().
QByteArray message(QByteArrayView eventId, QByteArrayView json);
QByteArray join(const QString &user); // "event: join\ndata: {"user":"alice"}\n\n"
QByteArray leave(const QString &user);
// Messages `from`..`to` (inclusive) exist no more: {"from":5,"to":9,"reason":"expired"}.
QByteArray gapExpired(qint64 from, qint64 to);
// The Last-Event-ID was never issued by this room (its history was reset, or the id is
// not a number): {"reason":"unknown","lastEventId":"…","lastId":42}.
QByteArray gapUnknown(const QString &lastEventId, qint64 lastId);
// The Last-Event-ID is from an earlier run of this memory-only room (another epoch, or a
// plain number): {"reason":"reset","lastEventId":"…","epoch":"<this run's epoch>"}.
QByteArray gapReset(const QString &lastEventId, const QString &epoch);
QByteArray ping(); // ": ping\n\n"

} // namespace hibiki::frames
