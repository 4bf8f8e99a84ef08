// SPDX-License-Identifier: MIT
#pragma once

#include <core/profile.h>

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace hibiki {

// A room as the user configured it: how to reach it (the profile) and how the app treats
// it. Saved as JSON; the auth token, if any, lives in the system keychain under `id`.
struct RoomConfig
{
    static constexpr quint16 DefaultHostPort = 8787; // RoomServerConfig::DefaultPort

    QString id; // stable across renames: names the history file and the keychain entry
    Profile profile;
    bool muted = false;
    bool hasToken = false; // a token for this room is in the keychain
    // A room this app serves itself ("Host a room on this computer").
    bool hosted = false;
    quint16 hostPort = DefaultHostPort;
    bool hostOnLan = false; // let others join: TLS and a token, on every interface
    // Joined from an invite link: a refused token means the link is no longer valid.
    bool fromInvite = false;

    QJsonObject toJson() const;
    static std::optional<RoomConfig> fromJson(const QJsonObject &json, QString *error);
    static QString newId();

    bool operator==(const RoomConfig &) const = default;
};

// The configured rooms, in the order of the room list, in `rooms.json` of a directory
// (the app's QStandardPaths::AppConfigLocation).
class RoomConfigStore
{
    Q_DECLARE_TR_FUNCTIONS(hibiki::RoomConfigStore)

public:
    explicit RoomConfigStore(const QString &directory = defaultDirectory());

    static QString defaultDirectory();
    QString filePath() const;

    // A missing file is an empty list. False and `error` when the file cannot be read or
    // is not a valid room list (the rooms that could be read are kept).
    bool load(QString *error = nullptr);
    bool save(QString *error = nullptr) const;

    const QList<RoomConfig> &rooms() const { return m_rooms; }
    void setRooms(const QList<RoomConfig> &rooms) { m_rooms = rooms; }
    // Adds or replaces (same id).
    void upsert(const RoomConfig &room);
    void remove(const QString &id);
    std::optional<RoomConfig> find(const QString &id) const;
    // By the name shown in the room list, ignoring case.
    std::optional<RoomConfig> findByName(const QString &name) const;
    std::optional<RoomConfig> findByStreamUrl(const QUrl &url) const;
    // `base` or "base 2", "base 3"... whichever no room has yet.
    QString uniqueName(const QString &base, const QString &ignoreId = {}) const;

private:
    QString m_directory;
    QList<RoomConfig> m_rooms;
};

// Where a room's history and a hosted room's messages are kept: under `dataDirectory`, or
// the app's QStandardPaths::AppDataLocation when it is empty. The folder is created.
QString roomStoragePath(const QString &roomId, const QString &dataDirectory = {});
QString hostedRoomDataDirectory(quint16 port, const QString &dataDirectory = {});

} // namespace hibiki
