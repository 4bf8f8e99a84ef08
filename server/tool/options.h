// SPDX-License-Identifier: MIT
#pragma once

#include <hibikiserver/roomserver.h>

#include <QStringList>

#include <optional>

namespace hibiki {

// The hibiki-server command line, turned into a room configuration. Handles --help and
// --version itself (prints and exits); on a bad value prints the error and returns nothing.
std::optional<RoomServerConfig> parseOptions(const QStringList &arguments);

} // namespace hibiki
