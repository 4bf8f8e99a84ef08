// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace hibiki {

// What a client asks the room to store: the checked fields of a POST /messages body (their
// rules: docs/PROTOCOL.md, "POST /messages").
struct MessageRequest
{
    static constexpr int MaxUserLength = 64;
    static constexpr int MaxClientIdLength = 128;

    QString user; // trimmed
    QString content; // as sent
    QString clientId; // may be empty

    // Parses {"user":"…","content":"…","clientId":"…"}; on failure returns nothing and sets
    // `error` to a sentence for the 400 answer.
    static std::optional<MessageRequest> fromJson(const QByteArray &body, QString *error);
    // Checks the fields (also for in-process posts); returns an empty string when valid.
    QString validate();
};

// A display name: trimmed, 1..MaxUserLength characters, no control characters. Returns
// the trimmed name, or nothing when invalid.
std::optional<QString> normalizedUser(const QString &user);

// True when `bytes` are well-formed UTF-8 (no overlong forms, no encoded surrogates).
bool isValidUtf8(QByteArrayView bytes);

// True for `application/json` with optional parameters (a charset, if any, must be UTF-8).
bool isJsonContentType(const QByteArray &contentType);

} // namespace hibiki
