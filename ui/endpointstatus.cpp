// SPDX-License-Identifier: MIT
#include "endpointstatus.h"

#include <QCoreApplication>

#include <cmath>

namespace hibiki {

QString describeEndpointStatus(const ConnectionStatus &status)
{
    if (status.endpointCount <= 1 || status.endpoint.isEmpty()) {
        return {};
    }
    switch (status.state) {
    case ConnectionStatus::State::Connecting:
        return QCoreApplication::translate("hibiki::ConnectionBanner", "Connecting to %1…")
            .arg(status.endpoint);
    case ConnectionStatus::State::Connected:
        return status.movedFrom.isEmpty()
            ? QCoreApplication::translate("hibiki::ConnectionBanner", "Connected via %1")
                  .arg(status.endpoint)
            : QCoreApplication::translate("hibiki::ConnectionBanner", "Moved to %1")
                  .arg(status.endpoint);
    case ConnectionStatus::State::Reconnecting: {
        const qint64 ms = QDateTime::currentDateTimeUtc().msecsTo(status.nextRetry);
        const int seconds = ms <= 0 ? 0 : int(std::ceil(ms / 1000.0));
        if (seconds == 0) {
            return QCoreApplication::translate(
                "hibiki::ConnectionBanner", "Moving to %1 (attempt %2)…")
                .arg(status.endpoint)
                .arg(status.attempt);
        }
        return QCoreApplication::translate(
            "hibiki::ConnectionBanner", "Moving to %1 in %n s (attempt %2)", nullptr, seconds)
            .arg(status.endpoint)
            .arg(status.attempt);
    }
    case ConnectionStatus::State::Disconnected:
        break;
    }
    return {};
}

} // namespace hibiki
