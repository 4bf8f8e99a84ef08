// SPDX-License-Identifier: MIT
#pragma once

#include "chatmessage.h"
#include "profile.h"

#include <sseclient/types.h>

#include <optional>

namespace hibiki {

// Turns an SSE event into a chat message, the way a profile says the server speaks.
// Events the profile does not name (pings, unknown types) give nullopt. The rules (event
// types, dotted field paths, fall-backs): docs/PROTOCOL.md, "Events" to "Fall-backs".
class MessageDecoder
{
public:
    explicit MessageDecoder(const Profile &profile);

    // `hasOwnId`: the event's lastEventId was set by this event (it differs from the one
    // before). Only then may it stand in for a missing message id: an event without an
    // `id:` line inherits the previous ID, and using that would drop it as a duplicate.
    std::optional<ChatMessage> decode(const sse::MessageEvent &event, bool hasOwnId,
        const QDateTime &arrival = QDateTime::currentDateTimeUtc()) const;

    // "2025-05-01T22:00:00Z", "2025-05-01 22:00" (local time), epoch seconds or ms.
    // Invalid (the caller uses the arrival time) for anything outside the years 1 to 9999,
    // not finite, or not a time at all: hostile numbers never overflow.
    static QDateTime parseTimestamp(const QJsonValue &value);

    // An id or name that may arrive as a string or a number, as text; empty for anything
    // else. A number must be a whole number that JSON carries exactly (|n| < 2^53, or any
    // integer that fits 64 bits), or a finite fraction (shortest exact form): 1e300 or a 30-digit
    // integer would stand for many different ids at once, so they count as absent.
    static QString scalarText(const QJsonValue &value);

private:
    Profile m_profile;
};

} // namespace hibiki
