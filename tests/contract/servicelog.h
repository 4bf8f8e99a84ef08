// SPDX-License-Identifier: MIT
#pragma once

#include <QLoggingCategory>

namespace hibiki {

// Everything the contract-test service logs. Debug output (requests, stream states) only
// with --verbose; warnings always.
Q_DECLARE_LOGGING_CATEGORY(lcContract)

} // namespace hibiki
