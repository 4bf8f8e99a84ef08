// SPDX-License-Identifier: MIT
#include "ownechomatcher.h"

#include <algorithm>

namespace hibiki {

OwnEchoMatcher::Sent *OwnEchoMatcher::find(const QString &clientId)
{
    const auto it = std::find_if(
        m_sent.begin(), m_sent.end(), [&](const Sent &s) { return s.clientId == clientId; });
    return it == m_sent.end() ? nullptr : &*it;
}

void OwnEchoMatcher::track(const OutboxEntry &entry)
{
    if (entry.clientId.isEmpty()) {
        return;
    }
    using State = OutboxEntry::State;
    if (entry.state == State::Failed || entry.state == State::Discarded) {
        // Refused or taken back: no echo will come.
        m_sent.removeIf([&](const Sent &s) { return s.clientId == entry.clientId; });
        return;
    }
    Sent *sent = find(entry.clientId);
    if (!sent) {
        m_sent.append(Sent {entry.clientId, entry.text.trimmed(), {}, {}, {}, false});
        sent = &m_sent.last();
    }
    if (!sent->postedAt.isValid() && (entry.attempts > 0 || entry.state == State::Delivered)) {
        sent->postedAt.start();
    }
    if (entry.state == State::Delivered) {
        if (sent->echoed) {
            // The echo came before the answer: nothing is left to wait for.
            m_sent.removeIf([&](const Sent &s) { return s.clientId == entry.clientId; });
        } else {
            sent->serverId = entry.serverId;
            sent->deliveredAt.start();
        }
    }
    prune();
}

void OwnEchoMatcher::mark(ChatMessage &message, const Sent &sent)
{
    message.clientId = sent.clientId;
    message.fromThisDevice = true;
}

bool OwnEchoMatcher::claim(ChatMessage &message)
{
    if (message.kind != ChatMessage::Kind::Chat) {
        return false;
    }
    prune();
    const auto accept = [&](Sent &sent) {
        mark(message, sent);
        sent.echoed = true;
        prune(); // a delivered post that echoed waits for nothing more
        return true;
    };
    if (!message.clientId.isEmpty()) {
        Sent *sent = find(message.clientId);
        if (!sent) {
            return false; // another device's, or someone else's
        }
        return accept(*sent);
    }
    if (!message.id.isEmpty()) {
        for (Sent &sent : m_sent) {
            if (!sent.echoed && !sent.serverId.isEmpty() && sent.serverId == message.id) {
                return accept(sent);
            }
        }
    }
    if (!message.author.isEmpty() && !m_userName.isEmpty() && message.author != m_userName) {
        return false;
    }
    const QString text = message.text.trimmed();
    for (Sent &sent : m_sent) {
        if (sent.echoed || !sent.postedAt.isValid()) {
            continue;
        }
        // A post the server gave an id answers only to that id, when the echo has one.
        if (!sent.serverId.isEmpty() && !message.id.isEmpty()) {
            continue;
        }
        if (sent.postedAt.elapsed() > m_limits.textWindowMs) {
            continue;
        }
        if (sent.text == text) {
            return accept(sent);
        }
    }
    return false;
}

void OwnEchoMatcher::prune()
{
    // Delivered posts wait for their echo a bounded time, and only so many of them.
    m_sent.removeIf([&](const Sent &s) {
        return s.deliveredAt.isValid()
            && (s.echoed || s.deliveredAt.elapsed() > m_limits.rememberMs);
    });
    qsizetype delivered = std::count_if(
        m_sent.cbegin(), m_sent.cend(), [](const Sent &s) { return s.deliveredAt.isValid(); });
    for (auto it = m_sent.begin(); delivered > m_limits.maxRemembered && it != m_sent.end();) {
        if (it->deliveredAt.isValid()) {
            it = m_sent.erase(it);
            --delivered;
        } else {
            ++it;
        }
    }
}

} // namespace hibiki
