// SPDX-License-Identifier: MIT
#include "profile.h"

#include <sseclient/certificatepinning.h>

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

QUrl withPath(QUrl base, const QString &path)
{
    QString basePath = base.path();
    while (basePath.endsWith(u'/')) {
        basePath.chop(1);
    }
    base.setPath(basePath + path);
    base.setQuery(QString());
    base.setFragment(QString());
    return base;
}

// The name a room gets when the user gives none, shown in the window: `fallback` comes
// translated (QCoreApplication::translate() with the context "hibiki::Profile", which lupdate
// reads at the call).
QString defaultName(const QUrl &url, const QString &fallback)
{
    return url.host().isEmpty() ? fallback : u"%1 (%2)"_s.arg(fallback, url.authority());
}

QJsonArray toJsonArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QString jsonString(const QString &text)
{
    // A JSON string literal, quotes included.
    const QByteArray array = QJsonDocument(QJsonArray {text}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

// Reads the optional members of a profile JSON object, remembering the first error.
class FieldReader
{
public:
    // `context` starts each error, e.g. "profile field" or "endpoint 2 in \"endpoints\":
    // field".
    explicit FieldReader(const QJsonObject &json, QString context = u"profile field"_s)
        : m_json(json)
        , m_context(std::move(context))
    { }

    void string(const char *key, QString &target)
    {
        const QJsonValue value = m_json.value(QLatin1StringView(key));
        if (value.isUndefined()) {
            return;
        }
        if (!value.isString()) {
            setError(key, u"must be a string"_s);
            return;
        }
        target = value.toString();
    }

    void url(const char *key, QUrl &target, bool required)
    {
        const QJsonValue value = m_json.value(QLatin1StringView(key));
        if (value.isUndefined() && !required) {
            return;
        }
        if (!value.isString()) {
            setError(key, u"must be a URL string"_s);
            return;
        }
        const QUrl parsed(value.toString(), QUrl::StrictMode);
        if (value.toString().isEmpty() && !required) {
            target = QUrl();
            return;
        }
        if (!parsed.isValid() || (parsed.scheme() != "http"_L1 && parsed.scheme() != "https"_L1)
            || parsed.host().isEmpty()) {
            setError(key, u"is not an http(s) URL: \"%1\""_s.arg(value.toString()));
            return;
        }
        target = parsed;
    }

    void stringList(const char *key, QStringList &target)
    {
        const QJsonValue value = m_json.value(QLatin1StringView(key));
        if (value.isUndefined()) {
            return;
        }
        if (!value.isArray()) {
            setError(key, u"must be an array of strings"_s);
            return;
        }
        QStringList list;
        for (const QJsonValue item : value.toArray()) {
            if (!item.isString()) {
                setError(key, u"must be an array of strings"_s);
                return;
            }
            list.append(item.toString());
        }
        target = list;
    }

    void headers(const char *key, QList<QPair<QByteArray, QByteArray>> &target)
    {
        const QJsonValue value = m_json.value(QLatin1StringView(key));
        if (value.isUndefined()) {
            return;
        }
        if (!value.isObject()) {
            setError(key, u"must be an object of header names to values"_s);
            return;
        }
        QList<QPair<QByteArray, QByteArray>> list;
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (!it.value().isString() || it.key().isEmpty()) {
                setError(key, u"header \"%1\" must have a string value"_s.arg(it.key()));
                return;
            }
            list.append({it.key().toLatin1(), it.value().toString().toUtf8()});
        }
        target = list;
    }

    void setError(const char *key, const QString &what)
    {
        if (m_error.isEmpty()) {
            m_error = u"%1 \"%2\" %3"_s.arg(m_context, QLatin1StringView(key), what);
        }
    }
    // An error found elsewhere (an endpoint's own reader), unless there is one already.
    void addError(const QString &error)
    {
        if (m_error.isEmpty()) {
            m_error = error;
        }
    }

    QString error() const { return m_error; }

private:
    const QJsonObject &m_json;
    QString m_context;
    QString m_error;
};

// The "endpoints" list of a profile's JSON: one {"streamUrl", "postUrl"} object per
// endpoint, the preferred first. Empty with an error in `reader` when it is not valid.
QList<Endpoint> readEndpoints(const QJsonValue &value, FieldReader &reader)
{
    const QString shape
        = u"must be a non-empty array of {\"streamUrl\": …, \"postUrl\": …} objects"_s;
    if (!value.isArray() || value.toArray().isEmpty()) {
        reader.setError("endpoints", shape);
        return {};
    }
    QList<Endpoint> endpoints;
    int number = 0;
    for (const QJsonValue item : value.toArray()) {
        ++number;
        if (!item.isObject()) {
            reader.setError("endpoints", shape + u" (item %1 is not an object)"_s.arg(number));
            return {};
        }
        const QJsonObject object = item.toObject();
        FieldReader itemReader(object, u"endpoint %1 in \"endpoints\": field"_s.arg(number));
        Endpoint endpoint;
        itemReader.url("streamUrl", endpoint.streamUrl, true);
        itemReader.url("postUrl", endpoint.postUrl, false);
        if (!itemReader.error().isEmpty()) {
            reader.addError(itemReader.error());
            return {};
        }
        endpoints.append(endpoint);
    }
    return endpoints;
}

QString hostAndPort(const QUrl &url)
{
    const QString host = url.host();
    const int port = url.port(url.scheme() == "https"_L1 ? 443 : 80);
    return (host.contains(u':') ? u"[%1]:%2"_s : u"%1:%2"_s).arg(host).arg(port);
}

bool isHttpUrl(const QUrl &url)
{
    return url.isValid() && !url.host().isEmpty()
        && (url.scheme() == "http"_L1 || url.scheme() == "https"_L1);
}

} // namespace

QString Endpoint::label() const
{
    return hostAndPort(streamUrl);
}

QList<Endpoint> Profile::endpoints() const
{
    QList<Endpoint> all {{streamUrl, postUrl}};
    all += fallbackEndpoints;
    return all;
}

void Profile::setEndpoints(const QList<Endpoint> &endpoints)
{
    streamUrl = endpoints.isEmpty() ? QUrl() : endpoints.front().streamUrl;
    postUrl = endpoints.isEmpty() ? QUrl() : endpoints.front().postUrl;
    fallbackEndpoints = endpoints.mid(1);
}

Profile Profile::hibikiRoom(const QUrl &baseUrl, const QString &name)
{
    Profile profile;
    profile.preset = Preset::HibikiRoom;
    profile.name = name.isEmpty()
        ? defaultName(baseUrl, QCoreApplication::translate("hibiki::Profile", "Hibiki room"))
        : name;
    profile.streamUrl = withPath(baseUrl, u"/sse"_s);
    profile.postUrl = withPath(baseUrl, u"/messages"_s);
    return profile;
}

Profile Profile::tutorialServer(const QUrl &baseUrl, const QString &name)
{
    // The tutorial's server: `event: message` with {"content","timestamp"}, no user, no id.
    Profile profile = hibikiRoom(baseUrl,
        name.isEmpty()
            ? defaultName(baseUrl, QCoreApplication::translate("hibiki::Profile", "Tutorial chat"))
            : name);
    profile.preset = Preset::Tutorial;
    profile.joinEvents.clear();
    profile.leaveEvents.clear();
    return profile;
}

Profile Profile::nchanChannel(const QUrl &baseUrl, const QString &room, const QString &name)
{
    // nchan rebroadcasts the published body as `data` without an `event:` line and with
    // opaque ids like "1795463797:2": the SSE id is the message id.
    Profile profile;
    profile.preset = Preset::Nchan;
    profile.name = name.isEmpty() ? defaultName(baseUrl,
                       QCoreApplication::translate("hibiki::Profile", "nchan #%1").arg(room))
                                  : name;
    profile.streamUrl = withPath(baseUrl, u"/sub/"_s + room);
    profile.postUrl = withPath(baseUrl, u"/pub/"_s + room);
    profile.idField.clear();
    profile.joinEvents.clear();
    profile.leaveEvents.clear();
    profile.gapEvents.clear();
    return profile;
}

Profile Profile::nchanChannel(
    const QList<QUrl> &nodeBaseUrls, const QString &room, const QString &name)
{
    Profile profile = nchanChannel(nodeBaseUrls.value(0), room, name);
    for (qsizetype i = 1; i < nodeBaseUrls.size(); ++i) {
        const Profile node = nchanChannel(nodeBaseUrls.at(i), room);
        profile.fallbackEndpoints.append({node.streamUrl, node.postUrl});
    }
    return profile;
}

Profile Profile::forUrl(const QUrl &url)
{
    const QString path = url.path();
    const qsizetype sub = path.lastIndexOf("/sub/"_L1);
    if (sub >= 0 && sub + 5 < path.size()) {
        QUrl base = url;
        base.setPath(path.left(sub));
        return nchanChannel(base, path.mid(sub + 5));
    }
    if (path.isEmpty() || path == "/"_L1) {
        return hibikiRoom(url);
    }
    if (path.endsWith("/sse"_L1)) {
        QUrl base = url;
        base.setPath(path.left(path.size() - 4));
        return hibikiRoom(base);
    }
    // Any other stream: read what it sends, posting back is up to the user to set up.
    Profile profile;
    profile.preset = Preset::Custom;
    profile.name = defaultName(url, u"Stream"_s);
    profile.streamUrl = url;
    return profile;
}

QString Profile::presetName(Preset preset)
{
    switch (preset) {
    case Preset::HibikiRoom:
        return u"hibiki"_s;
    case Preset::Tutorial:
        return u"tutorial"_s;
    case Preset::Nchan:
        return u"nchan"_s;
    case Preset::Custom:
        break;
    }
    return u"custom"_s;
}

std::optional<Profile::Preset> Profile::presetFromName(const QString &name)
{
    for (const Preset preset :
        {Preset::HibikiRoom, Preset::Tutorial, Preset::Nchan, Preset::Custom}) {
        if (presetName(preset) == name) {
            return preset;
        }
    }
    return std::nullopt;
}

QJsonObject Profile::toJson() const
{
    QJsonObject headerObject;
    for (const auto &[key, value] : headers) {
        headerObject.insert(QString::fromLatin1(key), QString::fromUtf8(value));
    }
    QJsonObject object {
        {u"name"_s, name},
        {u"preset"_s, presetName(preset)},
        {u"streamUrl"_s, streamUrl.toString()},
        {u"chatEvents"_s, toJsonArray(chatEvents)},
        {u"joinEvents"_s, toJsonArray(joinEvents)},
        {u"leaveEvents"_s, toJsonArray(leaveEvents)},
        {u"systemEvents"_s, toJsonArray(systemEvents)},
        {u"gapEvents"_s, toJsonArray(gapEvents)},
        {u"textField"_s, textField},
        {u"authorField"_s, authorField},
        {u"timeField"_s, timeField},
        {u"idField"_s, idField},
        {u"clientIdField"_s, clientIdField},
        {u"postUrl"_s, postUrl.toString()},
        {u"postMethod"_s, QString::fromLatin1(postMethod)},
        {u"bodyFormat"_s, bodyFormat == BodyFormat::RawText ? u"text"_s : u"json"_s},
        {u"bodyTemplate"_s, bodyTemplate},
        {u"headers"_s, headerObject},
        {u"userName"_s, userName},
        {u"trustedCertificateSha256"_s, toJsonArray(trustedCertificateSha256)},
    };
    if (!fallbackEndpoints.isEmpty()) {
        QJsonArray list;
        for (const Endpoint &endpoint : endpoints()) {
            list.append(QJsonObject {{u"streamUrl"_s, endpoint.streamUrl.toString()},
                {u"postUrl"_s, endpoint.postUrl.toString()}});
        }
        object.insert(u"endpoints"_s, list);
    }
    return object;
}

std::optional<Profile> Profile::fromJson(const QJsonObject &json, QString *error)
{
    Profile profile;
    FieldReader reader(json);

    if (!json.value(u"name"_s).isString() || json.value(u"name"_s).toString().trimmed().isEmpty()) {
        reader.setError("name", u"must be a non-empty string"_s);
    } else {
        profile.name = json.value(u"name"_s).toString();
    }
    QString preset = presetName(Preset::Custom);
    reader.string("preset", preset);
    if (const auto known = presetFromName(preset)) {
        profile.preset = *known;
    } else {
        reader.setError("preset", u"must be one of hibiki, tutorial, nchan, custom"_s);
    }
    if (const QJsonValue list = json.value(u"endpoints"_s); list.isUndefined()) {
        reader.url("streamUrl", profile.streamUrl, true);
        reader.url("postUrl", profile.postUrl, false);
    } else if (const QList<Endpoint> endpoints = readEndpoints(list, reader);
               !endpoints.isEmpty()) {
        profile.setEndpoints(endpoints);
        // Written beside the list for releases that know only them: they must agree.
        Endpoint named = endpoints.front();
        if (json.contains(u"streamUrl"_s)) {
            reader.url("streamUrl", named.streamUrl, true);
        }
        if (json.contains(u"postUrl"_s)) {
            reader.url("postUrl", named.postUrl, false);
        }
        if (named.streamUrl != endpoints.front().streamUrl) {
            reader.setError(
                "streamUrl", u"must be the first endpoint's streamUrl, or be left out"_s);
        } else if (named.postUrl != endpoints.front().postUrl) {
            reader.setError("postUrl", u"must be the first endpoint's postUrl, or be left out"_s);
        }
    }
    reader.stringList("chatEvents", profile.chatEvents);
    reader.stringList("joinEvents", profile.joinEvents);
    reader.stringList("leaveEvents", profile.leaveEvents);
    reader.stringList("systemEvents", profile.systemEvents);
    reader.stringList("gapEvents", profile.gapEvents);
    reader.string("textField", profile.textField);
    reader.string("authorField", profile.authorField);
    reader.string("timeField", profile.timeField);
    reader.string("idField", profile.idField);
    reader.string("clientIdField", profile.clientIdField);

    QString method = QString::fromLatin1(profile.postMethod);
    reader.string("postMethod", method);
    if (method != "POST"_L1 && method != "PUT"_L1 && method != "PATCH"_L1) {
        reader.setError("postMethod", u"must be POST, PUT or PATCH"_s);
    }
    profile.postMethod = method.toLatin1();

    QString format = u"json"_s;
    reader.string("bodyFormat", format);
    if (format == "json"_L1) {
        profile.bodyFormat = BodyFormat::JsonTemplate;
    } else if (format == "text"_L1) {
        profile.bodyFormat = BodyFormat::RawText;
    } else {
        reader.setError("bodyFormat", u"must be \"json\" or \"text\""_s);
    }
    reader.string("bodyTemplate", profile.bodyTemplate);
    reader.headers("headers", profile.headers);
    reader.string("userName", profile.userName);
    reader.stringList("trustedCertificateSha256", profile.trustedCertificateSha256);
    for (const QString &fingerprint : std::as_const(profile.trustedCertificateSha256)) {
        if (sse::normalizedSha256Hex(fingerprint.toLatin1()).isEmpty()) {
            reader.setError("trustedCertificateSha256",
                u"must hold SHA-256 fingerprints (64 hex digits), not \"%1\""_s.arg(fingerprint));
        }
    }

    if (reader.error().isEmpty() && profile.bodyFormat == BodyFormat::JsonTemplate) {
        const QByteArray sample = profile.postBody(u"x"_s, u"y"_s, u"z"_s);
        QJsonParseError parseError;
        QJsonDocument::fromJson(sample, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            reader.setError(
                "bodyTemplate", u"does not give valid JSON: %1"_s.arg(parseError.errorString()));
        }
    }
    if (!reader.error().isEmpty()) {
        if (error) {
            *error = reader.error();
        }
        return std::nullopt;
    }
    return profile;
}

QString Profile::validate() const
{
    if (name.trimmed().isEmpty()) {
        return u"The room needs a name."_s;
    }
    if (fallbackEndpoints.isEmpty()) {
        if (!isHttpUrl(streamUrl)) {
            return u"The stream address must be an http:// or https:// URL."_s;
        }
        if (!postUrl.isEmpty() && !isHttpUrl(postUrl)) {
            return u"The post address must be an http:// or https:// URL."_s;
        }
        return {};
    }
    const QList<Endpoint> all = endpoints();
    for (qsizetype i = 0; i < all.size(); ++i) {
        const Endpoint &endpoint = all.at(i);
        const qsizetype node = i + 1;
        if (!isHttpUrl(endpoint.streamUrl)) {
            return u"Node %1: the stream address must be an http:// or https:// URL."_s.arg(node);
        }
        if (!endpoint.postUrl.isEmpty() && !isHttpUrl(endpoint.postUrl)) {
            return u"Node %1: the post address must be an http:// or https:// URL."_s.arg(node);
        }
        if (endpoint.postUrl.isEmpty() != postUrl.isEmpty()) {
            // A room is read-only or not as a whole: the window asks the first node.
            return (endpoint.postUrl.isEmpty()
                    ? u"Node %1 has no post address but node 1 has one: give every "
                      "node one, or none for a read-only room."_s
                    : u"Node %1 has a post address but node 1 has none: give every "
                      "node one, or none for a read-only room."_s)
                .arg(node);
        }
        for (qsizetype j = 0; j < i; ++j) {
            if (all.at(j).streamUrl.adjusted(QUrl::StripTrailingSlash)
                == endpoint.streamUrl.adjusted(QUrl::StripTrailingSlash)) {
                return u"Node %1 has the same stream address as node %2 (%3)."_s.arg(node)
                    .arg(j + 1)
                    .arg(endpoint.streamUrl.toDisplayString());
            }
        }
    }
    return {};
}

QByteArray Profile::postBody(
    const QString &content, const QString &user, const QString &clientId) const
{
    const bool json = bodyFormat == BodyFormat::JsonTemplate;
    const auto encode = [json](const QString &value) { return json ? jsonString(value) : value; };
    if (!json && bodyTemplate.isEmpty()) {
        return content.toUtf8();
    }
    QString body = bodyTemplate;
    // Replace in one pass so that a placeholder inside the user's text is never expanded.
    QString result;
    result.reserve(body.size() + content.size());
    static const QList<std::pair<QString, int>> placeholders
        = {{u"{content}"_s, 0}, {u"{user}"_s, 1}, {u"{clientId}"_s, 2}};
    const QString values[] = {encode(content), encode(user), encode(clientId)};
    qsizetype position = 0;
    while (position < body.size()) {
        bool replaced = false;
        for (const auto &[placeholder, index] : placeholders) {
            if (QStringView(body).sliced(position).startsWith(placeholder)) {
                result += values[index];
                position += placeholder.size();
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            result += body.at(position++);
        }
    }
    return result.toUtf8();
}

QByteArray Profile::postContentType() const
{
    return bodyFormat == BodyFormat::JsonTemplate ? "application/json"
                                                  : "text/plain; charset=utf-8";
}

} // namespace hibiki
