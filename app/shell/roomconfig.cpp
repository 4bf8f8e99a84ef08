// SPDX-License-Identifier: MIT
#include "roomconfig.h"

#include "serveraddress.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

constexpr int FormatVersion = 1;

} // namespace

QJsonObject RoomConfig::toJson() const
{
    QJsonObject json {
        {u"id"_s, id},
        {u"profile"_s, profile.toJson()},
        {u"muted"_s, muted},
        {u"hasToken"_s, hasToken},
    };
    if (hosted) {
        json.insert(u"host"_s, QJsonObject {{u"port"_s, int(hostPort)}, {u"lan"_s, hostOnLan}});
    }
    if (fromInvite) {
        json.insert(u"fromInvite"_s, true);
    }
    return json;
}

std::optional<RoomConfig> RoomConfig::fromJson(const QJsonObject &json, QString *error)
{
    RoomConfig room;
    room.id = json.value(u"id"_s).toString();
    if (room.id.isEmpty()) {
        room.id = newId();
    }
    QString profileError;
    const std::optional<Profile> profile
        = Profile::fromJson(json.value(u"profile"_s).toObject(), &profileError);
    if (!profile) {
        if (error) {
            *error = profileError;
        }
        return std::nullopt;
    }
    room.profile = *profile;
    room.muted = json.value(u"muted"_s).toBool();
    room.hasToken = json.value(u"hasToken"_s).toBool();
    room.fromInvite = json.value(u"fromInvite"_s).toBool();
    const QJsonValue host = json.value(u"host"_s);
    if (host.isObject()) {
        room.hosted = true;
        const int port = host.toObject().value(u"port"_s).toInt(DefaultHostPort);
        room.hostPort = quint16(port >= 0 && port <= 65535 ? port : DefaultHostPort);
        room.hostOnLan = host.toObject().value(u"lan"_s).toBool();
    }
    return room;
}

QString RoomConfig::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

RoomConfigStore::RoomConfigStore(const QString &directory)
    : m_directory(directory)
{ }

QString RoomConfigStore::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
}

QString RoomConfigStore::filePath() const
{
    return QDir(m_directory).filePath(u"rooms.json"_s);
}

bool RoomConfigStore::load(QString *error)
{
    m_rooms.clear();
    QFile file(filePath());
    if (!file.exists()) {
        return true;
    }
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) {
            *error = tr("Cannot read %1: %2").arg(filePath(), file.errorString());
        }
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        if (error) {
            *error = tr("%1 is not a room list: %2").arg(filePath(), parseError.errorString());
        }
        return false;
    }
    bool ok = true;
    const QJsonArray rooms = document.object().value(u"rooms"_s).toArray();
    for (const QJsonValue &value : rooms) {
        QString roomError;
        if (std::optional<RoomConfig> room = RoomConfig::fromJson(value.toObject(), &roomError)) {
            m_rooms.append(*room);
        } else if (ok) {
            ok = false;
            if (error) {
                *error = tr("A room in %1 could not be read: %2").arg(filePath(), roomError);
            }
        }
    }
    return ok;
}

bool RoomConfigStore::save(QString *error) const
{
    if (!QDir().mkpath(m_directory)) {
        if (error) {
            *error = tr("Cannot create the folder %1").arg(m_directory);
        }
        return false;
    }
    QJsonArray rooms;
    for (const RoomConfig &room : m_rooms) {
        rooms.append(room.toJson());
    }
    const QJsonObject root {{u"version"_s, FormatVersion}, {u"rooms"_s, rooms}};
    // Written aside and renamed over the old file: a crash never leaves half a list.
    QSaveFile file(filePath());
    if (!file.open(QIODevice::WriteOnly)
        || file.write(QJsonDocument(root).toJson(QJsonDocument::Indented)) < 0 || !file.commit()) {
        if (error) {
            *error = tr("Cannot write %1: %2").arg(filePath(), file.errorString());
        }
        return false;
    }
    return true;
}

void RoomConfigStore::upsert(const RoomConfig &room)
{
    for (RoomConfig &existing : m_rooms) {
        if (existing.id == room.id) {
            existing = room;
            return;
        }
    }
    m_rooms.append(room);
}

void RoomConfigStore::remove(const QString &id)
{
    m_rooms.removeIf([&](const RoomConfig &room) { return room.id == id; });
}

std::optional<RoomConfig> RoomConfigStore::find(const QString &id) const
{
    for (const RoomConfig &room : m_rooms) {
        if (room.id == id) {
            return room;
        }
    }
    return std::nullopt;
}

std::optional<RoomConfig> RoomConfigStore::findByName(const QString &name) const
{
    for (const RoomConfig &room : m_rooms) {
        if (room.profile.name.compare(name, Qt::CaseInsensitive) == 0) {
            return room;
        }
    }
    return std::nullopt;
}

std::optional<RoomConfig> RoomConfigStore::findByStreamUrl(const QUrl &url) const
{
    for (const RoomConfig &room : m_rooms) {
        if (ServerAddress::sameStream(room.profile.streamUrl, url)) {
            return room;
        }
    }
    return std::nullopt;
}

QString RoomConfigStore::uniqueName(const QString &base, const QString &ignoreId) const
{
    const auto taken = [&](const QString &name) {
        for (const RoomConfig &room : m_rooms) {
            if (room.id != ignoreId && room.profile.name.compare(name, Qt::CaseInsensitive) == 0) {
                return true;
            }
        }
        return false;
    };
    QString name = base;
    for (int n = 2; taken(name); ++n) {
        name = u"%1 %2"_s.arg(base).arg(n);
    }
    return name;
}

namespace {

QString dataLocation(const QString &dataDirectory)
{
    return dataDirectory.isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        : dataDirectory;
}

} // namespace

QString roomStoragePath(const QString &roomId, const QString &dataDirectory)
{
    const QString directory = dataLocation(dataDirectory) + u"/rooms"_s;
    QDir().mkpath(directory);
    return directory + u'/' + roomId + u".sqlite"_s;
}

QString hostedRoomDataDirectory(quint16 port, const QString &dataDirectory)
{
    const QString directory = dataLocation(dataDirectory) + u"/hosted-room-%1"_s.arg(port);
    QDir().mkpath(directory);
    return directory;
}

} // namespace hibiki
