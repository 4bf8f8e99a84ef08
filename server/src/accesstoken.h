// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QString>

#include <optional>

// The room's bearer token (`Authorization: Bearer <token>` on /sse and /messages; see
// docs/PROTOCOL.md, "Authentication").
namespace hibiki::token {

// 256 random bits from the system's generator, base64url without padding (43 characters).
QString generate();
// The token in `path` (its first line, trimmed), or a new one written to a new `path`
// readable by its owner only (0600).
std::optional<QString> loadOrCreate(const QString &path, QString *error);
// Replaces the token in `path` (a new file of mode 0600 renamed over the old one).
bool store(const QString &path, const QString &token, QString *error);
// Whether an Authorization header value carries `token` ("Bearer <token>", the scheme in
// any case). The comparison takes the same time wherever the first difference is.
bool authorizes(QByteArrayView authorization, const QString &token);

} // namespace hibiki::token
