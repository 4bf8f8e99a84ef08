// SPDX-License-Identifier: MIT
#pragma once

#include <sseclient/types.h>

#include <QByteArray>
#include <QString>
#include <QUrl>

#include <optional>

namespace hibiki {

// One "create stream" request of the SSE contract-test protocol, checked and turned into
// event source options.
struct StreamConfig
{
    QUrl streamUrl;
    QUrl callbackUrl;
    QString tag; // the suite's test name, for logs only
    sse::Options options;
};

// Parses the JSON body of `POST /`: {streamUrl, callbackUrl, tag?, initialDelayMs?,
// readTimeoutMs?, lastEventId?, headers?, method?, body?}. A property set to null counts as
// absent (the suite sends null for unset numbers). Returns nullopt and a sentence in `error`
// when the body is not a JSON object or a property is missing, of the wrong type or unusable.
std::optional<StreamConfig> parseStreamConfig(const QByteArray &json, QString *error);

} // namespace hibiki
