// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHttpServerResponder>
#include <QString>

#include <utility>

class QHttpServerRequest;

namespace hibiki::http {

using Status = QHttpServerResponder::StatusCode;

// A request header by name, ignoring case; empty when absent.
QByteArray header(const QHttpServerRequest &request, QByteArrayView name);
bool hasHeader(const QHttpServerRequest &request, QByteArrayView name);

// Answers with a complete JSON body (compact, Content-Length, Cache-Control: no-store).
void replyJson(QHttpServerResponder &responder, Status status, const QByteArray &json,
    std::initializer_list<std::pair<QByteArray, QByteArray>> extraHeaders = {});
// Answers {"error":"<message>"} with `status`.
void replyError(QHttpServerResponder &responder, Status status, const QString &message,
    std::initializer_list<std::pair<QByteArray, QByteArray>> extraHeaders = {});

} // namespace hibiki::http
