// SPDX-License-Identifier: MIT
#include "httputil.h"

#include "jsonwriter.h"
#include "socketwrite.h"

#include <QHttpServerRequest>
#include <QTcpSocket>

namespace hibiki::http {

namespace {

// The status lines QtHttpServer 6.4 writes for the answers the room gives (its reason
// phrases: 413 is "Request Entity Too Large"). Others go through the responder.
QByteArrayView statusLine(Status status)
{
    switch (status) {
    case Status::Ok:
        return "HTTP/1.1 200 OK\r\n";
    case Status::Created:
        return "HTTP/1.1 201 Created\r\n";
    case Status::BadRequest:
        return "HTTP/1.1 400 Bad Request\r\n";
    case Status::NotFound:
        return "HTTP/1.1 404 Not Found\r\n";
    case Status::MethodNotAllowed:
        return "HTTP/1.1 405 Method Not Allowed\r\n";
    case Status::PayloadTooLarge:
        return "HTTP/1.1 413 Request Entity Too Large\r\n";
    case Status::UnsupportedMediaType:
        return "HTTP/1.1 415 Unsupported Media Type\r\n";
    case Status::InternalServerError:
        return "HTTP/1.1 500 Internal Server Error\r\n";
    case Status::ServiceUnavailable:
        return "HTTP/1.1 503 Service Unavailable\r\n";
    default:
        return {};
    }
}

} // namespace

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
    // sends indented JSON and cannot add Cache-Control. The whole answer is built first and
    // leaves in one send(): the responder's writes would each append to the socket and
    // cost a loop turn with a notifier toggle before anything is sent (see socketwrite.h).
    const QByteArrayView line = statusLine(status);
    if (!line.isEmpty() && responder.socket()) {
        QByteArray out;
        out.reserve(160 + json.size());
        out += line;
        out += "Content-Type: application/json\r\nContent-Length: ";
        out += QByteArray::number(json.size());
        out += "\r\nCache-Control: no-store\r\n";
        for (const auto &[name, value] : extraHeaders) {
            out += name;
            out += ": ";
            out += value;
            out += "\r\n";
        }
        out += "\r\n";
        out += json;
        net::write(responder.socket(), out);
        return;
    }
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
