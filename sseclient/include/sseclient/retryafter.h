// SPDX-License-Identifier: MIT
#pragma once

#include "sseclient/sseclient_export.h"

#include <QByteArrayView>

#include <chrono>
#include <optional>

class QDateTime;
class QNetworkReply;

namespace sse {

// The Retry-After header (RFC 9110, section 10.2.3): how long the server asks the client
// to wait, as delay-seconds ("120") or an HTTP-date in any of its three forms
// ("Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
// "Sun Nov  6 08:49:37 1994"), relative to `now` (UTC or any valid QDateTime).
//
// Returns nullopt when the value is absent or not one of those forms ("-1", "1.5",
// "1e300", "soon", a date with another zone than GMT): the caller goes on as if there were
// no header. A valid value is never longer than `cap` (negative: 0), however large it is
// ("99999999999999" gives `cap`, computed without overflow); a date in the past gives 0.
SSECLIENT_EXPORT std::optional<std::chrono::milliseconds> parseRetryAfter(
    QByteArrayView value, const QDateTime &now, std::chrono::milliseconds cap);

// The reply's Retry-After header, read with parseRetryAfter() against the current time.
SSECLIENT_EXPORT std::optional<std::chrono::milliseconds> retryAfter(
    const QNetworkReply &reply, std::chrono::milliseconds cap);

} // namespace sse
