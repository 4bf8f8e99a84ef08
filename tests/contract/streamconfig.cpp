// SPDX-License-Identifier: MIT
#include "streamconfig.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// The suite streams events of 1 MiB and more; the library's defaults (1 MiB per line) are
// meant for chat servers, not for this stress test.
constexpr qsizetype maxLineBytes = 64 << 20;
constexpr qsizetype maxEventBytes = 64 << 20;

// RFC 9110 token: method names and header field names.
bool isToken(QByteArrayView text)
{
    if (text.isEmpty()) {
        return false;
    }
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
        if (!ok) {
            return false;
        }
    }
    return true;
}

// A header value must not be able to start another header or end the head.
bool isFieldValue(QByteArrayView text)
{
    return !text.contains('\r') && !text.contains('\n') && !text.contains('\0');
}

bool isAbsent(const QJsonValue &value)
{
    return value.isUndefined() || value.isNull();
}

std::optional<QUrl> httpUrl(const QJsonObject &object, const QString &key, QString *error)
{
    const QJsonValue value = object.value(key);
    if (!value.isString()) {
        *error = isAbsent(value) ? u"%1 is required"_s.arg(key) : u"%1 must be a string"_s.arg(key);
        return std::nullopt;
    }
    const QUrl url(value.toString(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != "http"_L1 && url.scheme() != "https"_L1)
        || url.host().isEmpty()) {
        *error = u"%1 is not an http(s) URL: %2"_s.arg(key, value.toString());
        return std::nullopt;
    }
    return url;
}

// Absent → `fallback`; otherwise a whole number of milliseconds that fits an int.
std::optional<int> milliseconds(
    const QJsonObject &object, const QString &key, int fallback, QString *error)
{
    const QJsonValue value = object.value(key);
    if (isAbsent(value)) {
        return fallback;
    }
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number < 0 || number != std::floor(number)
        || number > std::numeric_limits<int>::max()) {
        *error = u"%1 must be a non-negative whole number of milliseconds"_s.arg(key);
        return std::nullopt;
    }
    return int(number);
}

std::optional<QString> optionalString(const QJsonObject &object, const QString &key, QString *error)
{
    const QJsonValue value = object.value(key);
    if (isAbsent(value)) {
        return QString();
    }
    if (!value.isString()) {
        *error = u"%1 must be a string"_s.arg(key);
        return std::nullopt;
    }
    return value.toString();
}

} // namespace

std::optional<StreamConfig> parseStreamConfig(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        *error = u"the request body is not a JSON object"_s;
        return std::nullopt;
    }
    const QJsonObject object = document.object();

    StreamConfig config;
    const auto streamUrl = httpUrl(object, u"streamUrl"_s, error);
    const auto callbackUrl = httpUrl(object, u"callbackUrl"_s, error);
    const auto tag = optionalString(object, u"tag"_s, error);
    const auto initialDelay
        = milliseconds(object, u"initialDelayMs"_s, config.options.initialReconnectDelayMs, error);
    const auto readTimeout = milliseconds(object, u"readTimeoutMs"_s, 0, error);
    const auto lastEventId = optionalString(object, u"lastEventId"_s, error);
    const auto method = optionalString(object, u"method"_s, error);
    const auto body = optionalString(object, u"body"_s, error);
    if (!streamUrl || !callbackUrl || !tag || !initialDelay || !readTimeout || !lastEventId
        || !method || !body) {
        return std::nullopt; // `error` names the last bad property
    }
    config.streamUrl = *streamUrl;
    config.callbackUrl = *callbackUrl;
    config.tag = *tag;

    sse::Options &options = config.options;
    options.initialReconnectDelayMs = *initialDelay;
    options.idleTimeoutMs = *readTimeout;
    options.lastEventId = *lastEventId;
    options.reportComments = true;
    options.limits.maxLineBytes = maxLineBytes;
    options.limits.maxEventBytes = maxEventBytes;

    if (!method->isEmpty()) {
        const QByteArray name = method->toLatin1();
        if (!isToken(name) || QString::fromLatin1(name) != *method) {
            *error = u"method is not an HTTP method name: %1"_s.arg(*method);
            return std::nullopt;
        }
        options.method = name;
    }
    options.body = body->toUtf8();

    const QJsonValue headers = object.value("headers"_L1);
    if (!isAbsent(headers) && !headers.isObject()) {
        *error = u"headers must be an object of strings"_s;
        return std::nullopt;
    }
    const QJsonObject headerObject = headers.toObject();
    for (auto it = headerObject.begin(); it != headerObject.end(); ++it) {
        const QByteArray name = it.key().toLatin1();
        if (!it.value().isString() || !isToken(name) || QString::fromLatin1(name) != it.key()) {
            *error = u"headers must map header names to strings (bad entry \"%1\")"_s.arg(it.key());
            return std::nullopt;
        }
        const QByteArray value = it.value().toString().toUtf8();
        if (!isFieldValue(value)) {
            *error = u"the value of header \"%1\" contains a line break or NUL"_s.arg(it.key());
            return std::nullopt;
        }
        // With a body the content type travels as the body's own type, so that the request
        // never carries two Content-Type headers.
        if (!options.body.isEmpty() && name.compare("content-type", Qt::CaseInsensitive) == 0) {
            options.bodyContentType = value;
            continue;
        }
        options.headers.append({name, value});
    }
    if (!options.body.isEmpty() && options.bodyContentType.isEmpty()) {
        // The suite: "If the test harness also sets a Content-Type header in headers, the
        // client should use that type, otherwise it can use text/plain."
        options.bodyContentType = "text/plain; charset=utf-8";
    }
    return config;
}

} // namespace hibiki
