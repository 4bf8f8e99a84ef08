// SPDX-License-Identifier: MIT
#include "contractservice.h"

#include "servicelog.h"
#include "streamconfig.h"
#include "streamentity.h"

#include <QCoreApplication>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace hibiki {

Q_LOGGING_CATEGORY(lcContract, "hibiki.contract", QtInfoMsg)

namespace {

using StatusCode = QHttpServerResponder::StatusCode;

const QString streamsPrefix = u"/streams/"_s;

void replyText(QHttpServerResponder &responder, StatusCode status, const QString &text)
{
    responder.write(text.toUtf8() + '\n', "text/plain; charset=utf-8"_ba, status);
}

void replyNoContent(QHttpServerResponder &responder)
{
    responder.write(QHttpServerResponder::HeaderList {}, StatusCode::NoContent);
}

void replyMethodNotAllowed(QHttpServerResponder &responder, const QByteArray &allow)
{
    responder.write("method not allowed\n"_ba,
        {{"Content-Type"_ba, "text/plain; charset=utf-8"_ba}, {"Allow"_ba, allow}},
        StatusCode::MethodNotAllowed);
}

QByteArray headerValue(const QHttpServerRequest &request, QByteArrayView name)
{
    const auto headers = request.headers();
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

// "host", "host:port", "[v6]:port": nothing that could break out of a header or a URL.
bool isPlainHost(QByteArrayView host)
{
    if (host.isEmpty()) {
        return false;
    }
    for (const char c : host) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
        if (!ok) {
            return false;
        }
    }
    return true;
}

// "/streams/12" → 12; anything else (no digits, a sign, a trailing slash) → -1.
int streamIdFromPath(const QString &path)
{
    const QString digits = path.mid(streamsPrefix.size());
    if (digits.isEmpty() || digits.size() > 9) {
        return -1;
    }
    for (const QChar c : digits) {
        if (c < u'0' || c > u'9') {
            return -1;
        }
    }
    return digits.toInt();
}

} // namespace

ContractService::ContractService(QObject *parent)
    : QAbstractHttpServer(parent)
{ }

ContractService::~ContractService()
{
    // Before the callback manager (a member) goes: the streams post through it.
    for (const auto &[id, stream] : m_streams) {
        delete stream;
    }
    m_streams.clear();
}

QStringList ContractService::capabilities()
{
    return {
        u"bom"_s, // Parser strips one BOM at the start, even split across chunks
        u"comments"_s, // Options::reportComments + EventSource::comment()
        u"headers"_s, // Options::headers
        u"last-event-id"_s, // Options::lastEventId
        u"post"_s, // Options::method / body / bodyContentType, resent on reconnect
        u"report"_s,
        u"read-timeout"_s, // Options::idleTimeoutMs
        u"restart"_s, // EventSource::restart()
        u"event-type-listeners"_s, // EventSource::addEventListener(); see StreamEntity
        u"server-directed-shutdown-request"_s, // 204 → Error::Kind::ServerShutdown, no retry
        // The same test under its older name (suite 2.2 up to the rename).
        u"204"_s,
        // A redirect with an empty or no Location fails with Error::Kind::Redirect (some
        // suite versions run those tests only for this capability).
        u"empty-or-missing-location"_s,
        // Payloads up to 1 MiB arrive at once: the parser limits are raised for the suite
        // (streamconfig.cpp).
        u"payload-size-stress-testable"_s,
    };
}

bool ContractService::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    const QString path = request.url().path();
    const QHttpServerRequest::Method method = request.method();
    qCDebug(lcContract).noquote() << method << path << request.body();

    if (path == "/"_L1) {
        switch (method) {
        case QHttpServerRequest::Method::Get:
            status(responder);
            break;
        case QHttpServerRequest::Method::Post:
            createStream(request, responder);
            break;
        case QHttpServerRequest::Method::Delete:
            stop(responder);
            break;
        default:
            replyMethodNotAllowed(responder, "GET, POST, DELETE"_ba);
            break;
        }
        return true;
    }

    StreamEntity *const target
        = path.startsWith(streamsPrefix) ? stream(streamIdFromPath(path)) : nullptr;
    if (!target) {
        replyText(responder, StatusCode::NotFound, u"no such stream: %1"_s.arg(path));
        return true;
    }
    switch (method) {
    case QHttpServerRequest::Method::Post:
        command(target, request, responder);
        break;
    case QHttpServerRequest::Method::Delete:
        closeStream(target->id(), responder);
        break;
    default:
        replyMethodNotAllowed(responder, "POST, DELETE"_ba);
        break;
    }
    return true;
}

void ContractService::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // handleRequest() answers everything; required by the interface.
    QHttpServerResponder responder = makeResponder(request, socket);
    replyText(responder, StatusCode::NotFound, u"not found"_s);
}

void ContractService::status(QHttpServerResponder &responder)
{
    const QJsonObject body {
        {u"name"_s, u"hibiki-sseclient"_s},
        {u"clientVersion"_s, QCoreApplication::applicationVersion()},
        {u"capabilities"_s, QJsonArray::fromStringList(capabilities())},
    };
    responder.write(QJsonDocument(body));
}

void ContractService::stop(QHttpServerResponder &responder)
{
    qCDebug(lcContract) << "stop requested";
    for (const auto &[id, stream] : m_streams) {
        stream->close();
    }
    replyNoContent(responder);
    // The answer must leave before the process does: push it to the kernel now, and quit
    // only from the event loop, after this request is done with.
    if (QTcpSocket *const socket = responder.socket()) {
        socket->flush();
    }
    QMetaObject::invokeMethod(this, &ContractService::stopRequested, Qt::QueuedConnection);
}

void ContractService::createStream(
    const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    QString error;
    std::optional<StreamConfig> config = parseStreamConfig(request.body(), &error);
    if (!config) {
        qCDebug(lcContract).noquote() << "refused to create a stream:" << error;
        replyText(responder, StatusCode::BadRequest, error);
        return;
    }

    const int id = m_nextStreamId++;
    qCDebug(lcContract).noquote() << u"stream %1 (%2): %3 %4"_s.arg(id).arg(config->tag,
        QString::fromLatin1(config->options.method), config->streamUrl.toDisplayString());
    auto *const stream = new StreamEntity(id, std::move(*config), &m_callbackManager, this);
    m_streams.emplace(id, stream);
    stream->open();

    // An absolute URL: the suite prefixes a relative Location with its --url as given, which
    // may end in a slash.
    QByteArray host = headerValue(request, "Host");
    if (!isPlainHost(host)) {
        const QTcpSocket *const socket = responder.socket();
        host = "127.0.0.1:"_ba + QByteArray::number(socket ? socket->localPort() : 0);
    }
    const QByteArray location
        = "http://"_ba + host + streamsPrefix.toLatin1() + QByteArray::number(id);
    const QByteArray body
        = QJsonDocument(QJsonObject {{u"id"_s, id}}).toJson(QJsonDocument::Compact);
    responder.write(body, {{"Content-Type"_ba, "application/json"_ba}, {"Location"_ba, location}},
        StatusCode::Created);
}

void ContractService::command(
    StreamEntity *stream, const QHttpServerRequest &request, QHttpServerResponder &responder)
{
    const QJsonDocument document = QJsonDocument::fromJson(request.body());
    const QJsonObject object = document.object();
    const QString name = object.value("command"_L1).toString();
    if (name == "restart"_L1) {
        stream->restart();
        replyNoContent(responder);
        return;
    }
    if (name == "listen"_L1) {
        // "Listen" is how suite versions before the JSON tag on that field spelled it.
        QJsonValue listen = object.value("listen"_L1);
        if (!listen.isObject()) {
            listen = object.value("Listen"_L1);
        }
        const QJsonValue type = listen.toObject().value("type"_L1);
        if (!type.isString() || type.toString().isEmpty()) {
            replyText(responder, StatusCode::BadRequest,
                u"listen needs {\"listen\": {\"type\": <event type>}}"_s);
            return;
        }
        stream->listen(type.toString());
        replyNoContent(responder);
        return;
    }
    replyText(responder, StatusCode::BadRequest,
        document.isObject() ? u"unknown command \"%1\""_s.arg(name)
                            : u"the request body is not a JSON object"_s);
}

void ContractService::closeStream(int id, QHttpServerResponder &responder)
{
    const auto it = m_streams.find(id);
    if (it == m_streams.end()) {
        replyText(responder, StatusCode::NotFound, u"no such stream: %1"_s.arg(id));
        return;
    }
    StreamEntity *const stream = it->second;
    m_streams.erase(it);
    qCDebug(lcContract) << "stream" << id << "closed";
    stream->close();
    stream->deleteLater();
    replyNoContent(responder);
}

StreamEntity *ContractService::stream(int id) const
{
    const auto it = m_streams.find(id);
    return it == m_streams.end() ? nullptr : it->second;
}

} // namespace hibiki
