// SPDX-License-Identifier: MIT
#pragma once

#include "chatmessage.h"
#include "profile.h"

#include <sseclient/types.h>

#include <optional>

namespace hibiki {

// Turns an SSE event into a chat message, the way a profile says the server speaks.
// Events the profile does not name (pings, unknown types) give nullopt.
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
    static QDateTime parseTimestamp(const QJsonValue &value);

private:
    Profile m_profile;
};

} // namespace hibiki
