// SPDX-License-Identifier: MIT
#include "endpointstatus.h"

#include <QCoreApplication>

#include <cmath>

namespace hibiki {

namespace {

// The banner's own words, in the banner's translation context.
QString translate(const char *text, int n = -1)
{
    return QCoreApplication::translate("hibiki::ConnectionBanner", text, nullptr, n);
}

} // namespace

QString describeEndpointStatus(const ConnectionStatus &status)
{
    if (status.endpointCount <= 1 || status.endpoint.isEmpty()) {
        return {};
    }
    switch (status.state) {
    case ConnectionStatus::State::Connecting:
        return translate("Connecting to %1…").arg(status.endpoint);
    case ConnectionStatus::State::Connected:
        return status.movedFrom.isEmpty() ? translate("Connected via %1").arg(status.endpoint)
                                          : translate("Moved to %1").arg(status.endpoint);
    case ConnectionStatus::State::Reconnecting: {
        const qint64 ms = QDateTime::currentDateTimeUtc().msecsTo(status.nextRetry);
        const int seconds = ms <= 0 ? 0 : int(std::ceil(ms / 1000.0));
        if (seconds == 0) {
            return translate("Moving to %1 (attempt %2)…").arg(status.endpoint).arg(status.attempt);
        }
        return translate("Moving to %1 in %n s (attempt %2)", seconds)
            .arg(status.endpoint)
            .arg(status.attempt);
    }
    case ConnectionStatus::State::Disconnected:
        break;
    }
    return {};
}

} // namespace hibiki
