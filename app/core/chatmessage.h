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
        Gap, // the server says messages were lost to this client here
    };

    Kind kind = Kind::Chat;
    QString id; // the server's message id (JSON field or SSE id); empty when it has none
    QString author; // empty when the server sends none
    QString text;
    QDateTime timestamp; // UTC; the arrival time when the server sends none
    QString clientId; // set on messages sent by a Hibiki client; matches an outbox entry
    QString eventType; // the SSE event type it came with

    bool operator==(const ChatMessage &) const = default;
};

using ChatMessages = QList<ChatMessage>;

} // namespace hibiki

Q_DECLARE_METATYPE(hibiki::ChatMessage)
