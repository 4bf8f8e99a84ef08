// SPDX-License-Identifier: MIT
#include "messagerequest.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QStringDecoder>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace hibiki {

std::optional<QString> normalizedUser(const QString &user)
{
    const QString trimmed = user.trimmed();
    if (trimmed.isEmpty() || trimmed.size() > MessageRequest::MaxUserLength
        || !trimmed.isValidUtf16()) {
        return std::nullopt;
    }
    const bool hasControl = std::any_of(trimmed.cbegin(), trimmed.cend(),
        [](QChar c) { return c.category() == QChar::Other_Control; });
    if (hasControl) {
        return std::nullopt;
    }
    return trimmed;
}

bool isValidUtf8(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    [[maybe_unused]] const QString decoded = decoder(bytes);
    return !decoder.hasError();
}

bool isJsonContentType(const QByteArray &contentType)
{
    const QList<QByteArray> parts = contentType.split(';');
    if (parts.first().trimmed().toLower() != "application/json") {
        return false;
    }
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray parameter = parts.at(i).trimmed().toLower();
        if (!parameter.startsWith("charset=")) {
            continue;
        }
        QByteArray charset = parameter.mid(8);
        if (charset.size() >= 2 && charset.startsWith('"') && charset.endsWith('"')) {
            charset = charset.mid(1, charset.size() - 2);
        }
        // JSON exchanged between systems is UTF-8 (RFC 8259), nothing else is decoded.
        if (charset != "utf-8" && charset != "utf8") {
            return false;
        }
    }
    return true;
}

std::optional<MessageRequest> MessageRequest::fromJson(const QByteArray &body, QString *error)
{
    // What is acknowledged must be exactly what is stored and replayed: bytes that are not
    // UTF-8 are refused, not decoded to U+FFFD.
    if (!isValidUtf8(body)) {
        *error = u"body is not valid UTF-8"_s;
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = u"body is not valid JSON: %1"_s.arg(parseError.errorString());
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = u"body must be a JSON object"_s;
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    const QJsonValue user = object.value("user"_L1);
    const QJsonValue content = object.value("content"_L1);
    const QJsonValue clientId = object.value("clientId"_L1);
    if (!user.isString()) {
        *error = u"\"user\" must be a string"_s;
        return std::nullopt;
    }
    if (!content.isString()) {
        *error = u"\"content\" must be a string"_s;
        return std::nullopt;
    }
    if (!clientId.isUndefined() && !clientId.isNull() && !clientId.isString()) {
        *error = u"\"clientId\" must be a string"_s;
        return std::nullopt;
    }
    MessageRequest request {user.toString(), content.toString(), clientId.toString()};
    *error = request.validate();
    if (!error->isEmpty()) {
        return std::nullopt;
    }
    return request;
}

QString MessageRequest::validate()
{
    // A lone UTF-16 surrogate ("\ud800" in JSON) has no UTF-8 form: it would be stored as
    // something else than what was acknowledged.
    if (!user.isValidUtf16() || !content.isValidUtf16() || !clientId.isValidUtf16()) {
        return u"text must be valid Unicode (no unpaired surrogates)"_s;
    }
    const auto name = normalizedUser(user);
    if (!name) {
        return u"\"user\" must have 1 to %1 characters and no control characters"_s.arg(
            MaxUserLength);
    }
    user = *name;
    if (content.trimmed().isEmpty()) {
        return u"\"content\" is empty"_s;
    }
    if (clientId.size() > MaxClientIdLength) {
        return u"\"clientId\" is longer than %1 characters"_s.arg(MaxClientIdLength);
    }
    return {};
}

} // namespace hibiki
