// SPDX-License-Identifier: MIT
// RoomServer's HTTP routes: GET /sse, POST /messages, GET /health, and the errors.
#include <hibikiserver/roomserver.h>

#include "accesstoken.h"
#include "httpadapter.h"
#include "messagerequest.h"
#include "messagestore.h"
#include "subscriberhub.h"

#include <QHttpServerRequest>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

QByteArray resultName(PostResult::Status status)
{
    return status == PostResult::Status::Created ? "created" : "duplicate";
}

} // namespace

void RoomServer::route(const QHttpServerRequest &request, HttpConnection &&connection)
{
    using Method = QHttpServerRequest::Method;
    if (!m_hub || !m_store) {
        // A request that was already parsed when close() ran.
        connection.replyError(http::Status::ServiceUnavailable, u"the room is closing"_s);
        return;
    }
    // DNS rebinding: a page of evil.example whose name now points at 127.0.0.1 sends
    // `Host: evil.example`. (HTTP/1.0 requests may come without Host.)
    const QByteArray host = http::header(request, "Host");
    if (!host.isEmpty() && !isOwnHost(host)) {
        connection.replyError(http::Status::MisdirectedRequest,
            u"this server does not answer to %1"_s.arg(QString::fromLatin1(host.left(100))));
        return;
    }
    const QString path = request.url().path();
    const Method method = request.method();
    const bool chatPath = path == "/sse"_L1 || path == "/messages"_L1;
    // Browsers send Origin with cross-origin requests (and with every POST): a page may only
    // read or post when its origin was allowed. Other clients send none.
    QByteArray allowedOrigin;
    const QByteArray origin = chatPath ? http::header(request, "Origin") : QByteArray();
    if (!origin.isEmpty()) {
        if (!isAllowedOrigin(origin)) {
            connection.replyError(http::Status::Forbidden,
                u"web pages of origin %1 may not use this room"_s.arg(
                    QString::fromLatin1(origin.left(100))));
            return;
        }
        allowedOrigin = origin;
    }
    if (chatPath && method == Method::Options && !allowedOrigin.isEmpty()
        && !http::header(request, "Access-Control-Request-Method").isEmpty()) {
        servePreflight(request, std::move(connection));
        return;
    }
    if (chatPath && !m_token.isEmpty()
        && !token::authorizes(http::header(request, "Authorization"), m_token)) {
        connection.replyError(http::Status::Unauthorized,
            u"this room needs its access token (Authorization: Bearer <token>)"_s,
            {{"WWW-Authenticate", "Bearer realm=\"hibiki\""}});
        return;
    }
    const auto onlyAllow = [&](Method allowed, const QByteArray &name) {
        if (method == allowed) {
            return true;
        }
        connection.replyError(http::Status::MethodNotAllowed,
            u"method not allowed; use %1"_s.arg(QString::fromLatin1(name)), {{"Allow", name}});
        return false;
    };
    if (path == "/sse"_L1) {
        if (onlyAllow(Method::Get, "GET")) {
            serveStream(request, std::move(connection), allowedOrigin);
        }
    } else if (path == "/messages"_L1) {
        if (onlyAllow(Method::Post, "POST")) {
            servePost(request, std::move(connection), allowedOrigin);
        }
    } else if (path == "/health"_L1) {
        if (onlyAllow(Method::Get, "GET")) {
            serveHealth(std::move(connection));
        }
    } else {
        connection.replyError(http::Status::NotFound, u"no such resource: %1"_s.arg(path));
    }
}

void RoomServer::servePreflight(const QHttpServerRequest &request, HttpConnection &&connection)
{
    const bool stream = request.url().path() == "/sse"_L1;
    const QByteArray origin = http::header(request, "Origin");
    connection.replyEmpty(http::Status::NoContent,
        {{"Access-Control-Allow-Origin", origin},
            {"Access-Control-Allow-Methods", stream ? "GET" : "POST"},
            {"Access-Control-Allow-Headers", "Content-Type, Last-Event-ID, Authorization"},
            {"Access-Control-Max-Age", "600"}, {"Vary", "Origin"}});
}

void RoomServer::serveStream(
    const QHttpServerRequest &request, HttpConnection &&connection, const QByteArray &allowedOrigin)
{
    if (m_hub->count() >= m_config.maxClients) {
        connection.replyError(
            http::Status::ServiceUnavailable, u"the room is full"_s, {{"Retry-After", "5"}});
        return;
    }
    const QUrlQuery query = request.query();
    QString user;
    if (query.hasQueryItem(u"user"_s)) {
        // Bytes that are not UTF-8 would be decoded to U+FFFD: refused rather than renamed.
        const QByteArray raw = QByteArray::fromPercentEncoding(
            query.queryItemValue(u"user"_s, QUrl::FullyEncoded).toLatin1());
        const auto name = isValidUtf8(raw)
            ? normalizedUser(query.queryItemValue(u"user"_s, QUrl::FullyDecoded))
            : std::nullopt;
        if (!name) {
            connection.replyError(http::Status::BadRequest,
                u"\"user\" must be UTF-8 with 1 to %1 characters and no control characters"_s.arg(
                    MessageRequest::MaxUserLength));
            return;
        }
        user = *name;
    }
    // The header wins: EventSource sends it on reconnects, while the query parameter is
    // for the first connection of a client that restored its id from disk.
    QString lastEventId;
    const QByteArray header = http::header(request, "Last-Event-ID");
    if (!header.isEmpty() || http::hasHeader(request, "Last-Event-ID")) {
        lastEventId = QString::fromUtf8(header).trimmed();
    } else {
        lastEventId = query.queryItemValue(u"lastEventId"_s, QUrl::FullyDecoded).trimmed();
    }
    const QByteArray head = allowedOrigin.isEmpty()
        ? connection.startEventStream()
        : connection.startEventStream(
            {{"Access-Control-Allow-Origin", allowedOrigin}, {"Vary", "Origin"}});
    m_hub->add(std::move(connection), head, user, lastEventId);
}

void RoomServer::servePost(
    const QHttpServerRequest &request, HttpConnection &&connection, const QByteArray &allowedOrigin)
{
    // A page of an allowed origin may read every answer, and its result header.
    const auto reply = [&](http::Status status, const QByteArray &json,
                           QByteArrayView resultHeader = {}) {
        if (allowedOrigin.isEmpty()) {
            if (resultHeader.isEmpty()) {
                connection.replyJson(status, json);
            } else {
                connection.replyJson(status, json, {{"X-Hibiki-Result", resultHeader}});
            }
        } else if (resultHeader.isEmpty()) {
            connection.replyJson(
                status, json, {{"Access-Control-Allow-Origin", allowedOrigin}, {"Vary", "Origin"}});
        } else {
            connection.replyJson(status, json,
                {{"X-Hibiki-Result", resultHeader}, {"Access-Control-Allow-Origin", allowedOrigin},
                    {"Access-Control-Expose-Headers", "X-Hibiki-Result"}, {"Vary", "Origin"}});
        }
    };
    using http::errorJson;
    const QByteArray body = request.body();
    if (body.size() > m_config.maxBodyBytes) {
        reply(http::Status::PayloadTooLarge,
            errorJson(u"body exceeds %1 bytes"_s.arg(m_config.maxBodyBytes)));
        return;
    }
    if (!isJsonContentType(http::header(request, "Content-Type"))) {
        reply(http::Status::UnsupportedMediaType,
            errorJson(u"Content-Type must be application/json"_s));
        return;
    }
    QString error;
    const auto parsed = MessageRequest::fromJson(body, &error);
    if (!parsed) {
        reply(http::Status::BadRequest, errorJson(error));
        return;
    }
    QByteArray json;
    const PostResult result = postMessage(parsed->user, parsed->content, parsed->clientId, &json);
    switch (result.status) {
    case PostResult::Status::Created:
    case PostResult::Status::Duplicate:
        reply(
            result.status == PostResult::Status::Created ? http::Status::Created : http::Status::Ok,
            json, resultName(result.status));
        return;
    case PostResult::Status::Rejected:
        reply(http::Status::BadRequest, errorJson(result.error));
        return;
    case PostResult::Status::StorageFailed:
        reply(http::Status::InternalServerError, errorJson(result.error));
        return;
    }
}

void RoomServer::serveHealth(HttpConnection &&connection)
{
    const QByteArray json = "{\"status\":\"ok\",\"clients\":" + QByteArray::number(clientCount())
        + ",\"lastId\":" + QByteArray::number(lastId())
        + ",\"persistent\":" + (m_store->isPersistent() ? "true" : "false") + '}';
    connection.replyJson(http::Status::Ok, json);
}

} // namespace hibiki
