// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace hibiki {

// One address a room can be reached at: where its stream is and where to post. Rooms on
// several nginx + nchan nodes that share their channels through Redis have one per node.
struct Endpoint
{
    QUrl streamUrl;
    QUrl postUrl; // empty: read-only

    // "host:port" of the stream, how a user tells the nodes apart ("node-b.example.org:443",
    // "[::1]:8080"); the scheme's default port when the URL has none.
    QString label() const;

    bool operator==(const Endpoint &) const = default;
};

// How one server speaks: where the stream and the post endpoint are, which event types
// carry what, and where in the JSON the parts of a message live. Its fields, presets and
// JSON form: docs/PROTOCOL.md, part 2. A value type: load, edit and save it freely.
struct Profile
{
    enum class Preset { HibikiRoom, Tutorial, Nchan, Custom };
    enum class BodyFormat { JsonTemplate, RawText };

    QString name; // unique, shown in the room list
    Preset preset = Preset::Custom;
    // The preferred endpoint's stream; postUrl below is its post address.
    QUrl streamUrl;

    QStringList chatEvents {QStringLiteral("message")};
    QStringList joinEvents {QStringLiteral("join")};
    QStringList leaveEvents {QStringLiteral("leave")};
    QStringList systemEvents {QStringLiteral("system")};
    QStringList gapEvents {QStringLiteral("gap")};

    // Dotted paths into the event's JSON data ("message.text"). Empty: not present.
    // Missing id falls back to the SSE id; missing time to the arrival time.
    QString textField = QStringLiteral("content");
    QString authorField = QStringLiteral("user");
    QString timeField = QStringLiteral("timestamp");
    QString idField = QStringLiteral("id");
    QString clientIdField = QStringLiteral("clientId");

    QUrl postUrl; // empty: the room is read-only
    // Further endpoints of the same room (more nginx + nchan nodes sharing Redis), tried in
    // this order when the one in use fails. Empty: streamUrl and postUrl are the only one.
    // In JSON all endpoints are one list, "endpoints" (see toJson()).
    QList<Endpoint> fallbackEndpoints;
    QByteArray postMethod = "POST";
    BodyFormat bodyFormat = BodyFormat::JsonTemplate;
    // {content}, {user} and {clientId} are replaced by JSON strings (with quotes) in a
    // JSON template, or by the raw text in RawText format.
    QString bodyTemplate
        = QStringLiteral(R"({"user":{user},"content":{content},"clientId":{clientId}})");

    // Non-secret extra request headers for stream and posts. Secrets (an auth token)
    // live in the system keychain and are passed to ChatSession at run time.
    QList<QPair<QByteArray, QByteArray>> headers;
    QString userName;
    // Server certificates the user chose to trust although they cannot be verified
    // (self-signed), by SHA-256 fingerprint in hex. Applies to the stream and to posts.
    QStringList trustedCertificateSha256;

    // Every endpoint, the preferred one (streamUrl, postUrl) first.
    QList<Endpoint> endpoints() const;
    // The first becomes streamUrl and postUrl, the others fallbackEndpoints. An empty list
    // clears all of them.
    void setEndpoints(const QList<Endpoint> &endpoints);

    // A profile preset for a server at `baseUrl` (for nchan: `baseUrl` plus `room`).
    static Profile hibikiRoom(const QUrl &baseUrl, const QString &name = {});
    static Profile tutorialServer(const QUrl &baseUrl, const QString &name = {});
    static Profile nchanChannel(const QUrl &baseUrl, const QString &room, const QString &name = {});
    // One nchan channel on several nodes that share it through Redis: one endpoint per
    // node, in the order given (the first is preferred). Named after the first node.
    static Profile nchanChannel(
        const QList<QUrl> &nodeBaseUrls, const QString &room, const QString &name = {});
    // Picks a preset for a URL a user typed: a Hibiki room's base URL, a /sub/ nchan URL
    // or any other stream URL.
    static Profile forUrl(const QUrl &url);

    // With fallback endpoints, "endpoints" lists all of them ([{"streamUrl", "postUrl"}, …],
    // the preferred first), and "streamUrl" / "postUrl" still name the first, so that a
    // release that knows only those keeps working on it. With one endpoint the object is
    // as it always was, without "endpoints".
    QJsonObject toJson() const;
    // nullopt and a message naming the field when `json` is not a valid profile. Without
    // "endpoints", "streamUrl" and "postUrl" are the only endpoint; with it, "streamUrl"
    // and "postUrl" may be left out, and must name the first endpoint when given.
    static std::optional<Profile> fromJson(const QJsonObject &json, QString *error);

    // Empty when the profile is usable, else what is wrong, for the user.
    QString validate() const;

    // The POST body for one outgoing message.
    QByteArray postBody(const QString &content, const QString &user, const QString &clientId) const;
    QByteArray postContentType() const;

    static QString presetName(Preset preset);
    static std::optional<Preset> presetFromName(const QString &name);

    bool operator==(const Profile &) const = default;
};

} // namespace hibiki
