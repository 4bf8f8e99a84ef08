// SPDX-License-Identifier: MIT
#pragma once

#include "chatmessage.h"
#include "outbox.h"

#include <QElapsedTimer>
#include <QList>
#include <QString>

namespace hibiki {

// Recognizes the echo of a message sent from here when it comes back on the stream, so
// that it is shown once (in place of its outbox entry) and never notified. In order of
// trust:
//   1. its clientId is one of ours (a Hibiki room, nchan: the posted body comes back);
//   2. its message id is the id the server gave in its answer to the post (the tutorial
//      server on Hono answers {"id": 7, …} and sends `id: 7`);
//   3. neither: same text and, when the server sends an author, our name, matched to the
//      oldest unmatched post in order, within a window after that post went out.
// A server that sends clientIds is taken at its word: a foreign clientId is never
// matched by text. See docs/PROTOCOL.md, "Your own message, once".
class OwnEchoMatcher
{
public:
    struct Limits
    {
        qint64 textWindowMs = 120000; // rule 3: the echo comes within this after the post
        qint64 rememberMs = 3600000; // rules 1 and 2: a delivered post waits this long
        qsizetype maxRemembered = 256; // delivered posts waiting for their echo
    };

    OwnEchoMatcher() = default;
    explicit OwnEchoMatcher(Limits limits)
        : m_limits(limits)
    { }

    void setUserName(const QString &name) { m_userName = name; }
    // Follows the outbox: posts that went out, their server ids, and the ones that will
    // never echo (refused, discarded).
    void track(const OutboxEntry &entry);
    // When `message` is the echo of a post from here: sets its clientId (when the server
    // did not carry it) and fromThisDevice, and returns true.
    bool claim(ChatMessage &message);

    qsizetype trackedCount() const { return m_sent.size(); }

private:
    struct Sent
    {
        QString clientId;
        QString text; // trimmed
        QString serverId;
        QElapsedTimer postedAt; // invalid until the first attempt went out
        QElapsedTimer deliveredAt; // invalid until the server accepted it
        bool echoed = false;
    };

    Sent *find(const QString &clientId);
    void prune();
    static void mark(ChatMessage &message, const Sent &sent);

    Limits m_limits;
    QString m_userName;
    QList<Sent> m_sent; // in the order they were posted
};

} // namespace hibiki
