// SPDX-License-Identifier: MIT
#include "httputil.h"

#include "jsonwriter.h"

#include <QHttpServerRequest>

namespace hibiki::http {

QByteArray header(const QHttpServerRequest &request, QByteArrayView name)
{
    for (const auto &[key, value] : request.headers()) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

bool hasHeader(const QHttpServerRequest &request, QByteArrayView name)
{
    const auto headers = request.headers();
    return std::any_of(headers.cbegin(), headers.cend(),
        [name](const auto &entry) { return entry.first.compare(name, Qt::CaseInsensitive) == 0; });
}

void replyJson(QHttpServerResponder &responder, Status status, const QByteArray &json,
    std::initializer_list<std::pair<QByteArray, QByteArray>> extraHeaders)
{
    // Written by hand rather than with QHttpServerResponder::write(QJsonDocument), which
    // sends indented JSON and cannot add Cache-Control.
    responder.writeStatusLine(status);
    responder.writeHeader("Content-Type", "application/json");
    responder.writeHeader("Content-Length", QByteArray::number(json.size()));
    responder.writeHeader("Cache-Control", "no-store");
    for (const auto &[name, value] : extraHeaders)
        responder.writeHeader(name, value);
    responder.writeBody(json);
}

void replyError(QHttpServerResponder &responder, Status status, const QString &message,
    std::initializer_list<std::pair<QByteArray, QByteArray>> extraHeaders)
{
    QByteArray json = "{\"error\":";
    json::appendString(json, message);
    json += '}';
    replyJson(responder, status, json, extraHeaders);
}

} // namespace hibiki::http
