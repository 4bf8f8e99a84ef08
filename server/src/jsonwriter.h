// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QStringView>

namespace hibiki::json {

// Appends `text` as a JSON string literal (quotes included) in UTF-8. Hand-written so the
// message JSON keeps the documented field order (QJsonObject sorts keys) and so the hot
// fan-out path builds each line with one allocation.
void appendString(QByteArray &out, QStringView text);

} // namespace hibiki::json
