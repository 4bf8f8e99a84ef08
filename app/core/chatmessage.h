// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace hibiki {

// One line of a room's history, as the user sees it. Immutable once stored; text is
// always plain text from an untrusted server and must never be rendered as markup.
struct ChatMessage
{
    enum class Kind {
        Chat, // a message someone wrote
        Join, // presence: `user` joined
        Leave, // presence: `user` left
        System, // a notice from the server
        Gap, // messages were lost to this client here: the server says so (an `event: gap`),
             // or this app does (a server without ids cannot resend; see isLocalNotice())
    };

    Kind kind = Kind::Chat;
    QString id; // the server's message id (JSON field or SSE id); empty when it has none
    QString author; // empty when the server sends none
    QString text;
    QDateTime timestamp; // UTC; the arrival time when the server sends none
    // Set on messages sent by a Hibiki client and matches an outbox entry. On the echo of a
    // message sent from here it is always set (the chat core fills it in when the server
    // does not carry it), so that a shown outbox entry can give way to its echo.
    QString clientId;
    QString eventType; // the SSE event type it came with; empty for a line this app added
    // The echo of a message sent from this device (matched to an outbox entry by client id,
    // by the id in the server's answer, or by text and author): never notify about it.
    bool fromThisDevice = false;
    // `text` is only the start of a longer stored message: HistoryStore::load() reads no
    // more than HistoryStore::LoadedTextChars of a text, HistoryStore::wholeText() all of it.
    bool textIsCut = false;

    // A line this app added itself rather than a server (e.g. "messages sent while
    // disconnected may be missing" after a reconnect to a server without ids).
    bool isLocalNotice() const { return eventType.isEmpty() && kind != Kind::Chat; }

    bool operator==(const ChatMessage &) const = default;
};

using ChatMessages = QList<ChatMessage>;

} // namespace hibiki

Q_DECLARE_METATYPE(hibiki::ChatMessage)
