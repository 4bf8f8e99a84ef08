// SPDX-License-Identifier: MIT
// RoomServer's HTTP routes: GET /sse, POST /messages, GET /health, and the errors.
#include <hibikiserver/roomserver.h>

#include "httputil.h"
#include "messagerequest.h"
#include "messagestore.h"
#include "subscriberhub.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

QByteArray resultName(PostResult::Status status)
{
    return status == PostResult::Status::Created ? "created" : "duplicate";
}

} // namespace

void RoomServer::route(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    using Method = QHttpServerRequest::Method;
    if (!m_hub || !m_store) {
        // A request that was already parsed when close() ran.
        http::replyError(responder, http::Status::ServiceUnavailable, u"the room is closing"_s);
        return;
    }
    const QString path = request.url().path();
    const Method method = request.method();
    const auto onlyAllow = [&](Method allowed, const QByteArray &name) {
        if (method == allowed)
            return true;
        http::replyError(responder, http::Status::MethodNotAllowed,
            u"method not allowed; use %1"_s.arg(QString::fromLatin1(name)), {{"Allow", name}});
        return false;
    };
    if (path == "/sse"_L1) {
        if (onlyAllow(Method::Get, "GET"))
            serveStream(request, std::move(responder));
    } else if (path == "/messages"_L1) {
        if (onlyAllow(Method::Post, "POST"))
            servePost(request, std::move(responder));
    } else if (path == "/health"_L1) {
        if (onlyAllow(Method::Get, "GET"))
            serveHealth(std::move(responder));
    } else {
        http::replyError(responder, http::Status::NotFound, u"no such resource: %1"_s.arg(path));
    }
}

void RoomServer::serveStream(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    if (m_hub->count() >= m_config.maxClients) {
        http::replyError(responder, http::Status::ServiceUnavailable, u"the room is full"_s,
            {{"Retry-After", "5"}});
        return;
    }
    const QUrlQuery query = request.query();
    QString user;
    if (query.hasQueryItem(u"user"_s)) {
        const auto name = normalizedUser(query.queryItemValue(u"user"_s, QUrl::FullyDecoded));
        if (!name) {
            http::replyError(responder, http::Status::BadRequest,
                u"\"user\" must have 1 to %1 characters and no control characters"_s.arg(
                    MessageRequest::MaxUserLength));
            return;
        }
        user = *name;
    }
    // The header wins: EventSource sends it on reconnects, while the query parameter is
    // for the first connection of a client that restored its id from disk.
    QString lastEventId;
    if (http::hasHeader(request, "Last-Event-ID"))
        lastEventId = QString::fromUtf8(http::header(request, "Last-Event-ID")).trimmed();
    else
        lastEventId = query.queryItemValue(u"lastEventId"_s, QUrl::FullyDecoded).trimmed();
    m_hub->add(std::move(responder), user, lastEventId);
}

void RoomServer::servePost(const QHttpServerRequest &request, QHttpServerResponder &&responder)
{
    const QByteArray body = request.body();
    if (body.size() > m_config.maxBodyBytes) {
        http::replyError(responder, http::Status::PayloadTooLarge,
            u"body exceeds %1 bytes"_s.arg(m_config.maxBodyBytes));
        return;
    }
    if (!isJsonContentType(http::header(request, "Content-Type"))) {
        http::replyError(responder, http::Status::UnsupportedMediaType,
            u"Content-Type must be application/json"_s);
        return;
    }
    QString error;
    const auto parsed = MessageRequest::fromJson(body, &error);
    if (!parsed) {
        http::replyError(responder, http::Status::BadRequest, error);
        return;
    }
    QByteArray json;
    const PostResult result = postMessage(parsed->user, parsed->content, parsed->clientId, &json);
    switch (result.status) {
    case PostResult::Status::Created:
    case PostResult::Status::Duplicate:
        http::replyJson(responder,
            result.status == PostResult::Status::Created ? http::Status::Created : http::Status::Ok,
            json, {{"X-Hibiki-Result", resultName(result.status)}});
        return;
    case PostResult::Status::Rejected:
        http::replyError(responder, http::Status::BadRequest, result.error);
        return;
    case PostResult::Status::StorageFailed:
        http::replyError(responder, http::Status::InternalServerError, result.error);
        return;
    }
}

void RoomServer::serveHealth(QHttpServerResponder &&responder)
{
    const QByteArray json = "{\"status\":\"ok\",\"clients\":" + QByteArray::number(clientCount())
        + ",\"lastId\":" + QByteArray::number(lastId())
        + ",\"persistent\":" + (m_store->isPersistent() ? "true" : "false") + '}';
    http::replyJson(responder, http::Status::Ok, json);
}

} // namespace hibiki
