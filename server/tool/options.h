// SPDX-License-Identifier: MIT
#pragma once

#include <hibikiserver/roomserver.h>

#include <QStringList>

#include <optional>

namespace hibiki {

// What the hibiki-server command line asks for.
struct ServerOptions
{
    RoomServerConfig room;
    bool printInvite = false; // --print-invite: the invite link on stdout once listening
};

// The hibiki-server command line, turned into a room configuration. Handles --help and
// --version itself (prints and exits); on a bad value prints the error and returns nothing.
std::optional<ServerOptions> parseOptions(const QStringList &arguments);

} // namespace hibiki
