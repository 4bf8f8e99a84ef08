// SPDX-License-Identifier: MIT
#pragma once

#include <core/chatsession.h>

#include <QString>

namespace hibiki {

// How the connection of a room with several endpoints reads, naming the node: "Connected
// via node-b:8080", "Moving to node-b:8080 in 2 s (attempt 1)", "Moved to node-b:8080".
// Empty for a room with one endpoint, and for Disconnected (whose reason names the node):
// the banner's usual words apply.
QString describeEndpointStatus(const ConnectionStatus &status);

} // namespace hibiki
