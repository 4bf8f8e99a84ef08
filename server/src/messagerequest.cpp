// SPDX-License-Identifier: MIT
#include "messagerequest.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace hibiki {

std::optional<QString> normalizedUser(const QString &user)
{
    const QString trimmed = user.trimmed();
    if (trimmed.isEmpty() || trimmed.size() > MessageRequest::MaxUserLength)
        return std::nullopt;
    const bool hasControl = std::any_of(trimmed.cbegin(), trimmed.cend(),
        [](QChar c) { return c.category() == QChar::Other_Control; });
    if (hasControl)
        return std::nullopt;
    return trimmed;
}

bool isJsonContentType(const QByteArray &contentType)
{
    const QList<QByteArray> parts = contentType.split(';');
    if (parts.first().trimmed().toLower() != "application/json")
        return false;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray parameter = parts.at(i).trimmed().toLower();
        if (!parameter.startsWith("charset="))
            continue;
        QByteArray charset = parameter.mid(8);
        if (charset.size() >= 2 && charset.startsWith('"') && charset.endsWith('"'))
            charset = charset.mid(1, charset.size() - 2);
        // JSON exchanged between systems is UTF-8 (RFC 8259), nothing else is decoded.
        if (charset != "utf-8" && charset != "utf8")
            return false;
    }
    return true;
}

std::optional<MessageRequest> MessageRequest::fromJson(const QByteArray &body, QString *error)
{
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
    if (!error->isEmpty())
        return std::nullopt;
    return request;
}

QString MessageRequest::validate()
{
    const auto name = normalizedUser(user);
    if (!name)
        return u"\"user\" must have 1 to %1 characters and no control characters"_s.arg(
            MaxUserLength);
    user = *name;
    if (content.trimmed().isEmpty())
        return u"\"content\" is empty"_s;
    if (clientId.size() > MaxClientIdLength)
        return u"\"clientId\" is longer than %1 characters"_s.arg(MaxClientIdLength);
    return {};
}

} // namespace hibiki
