// SPDX-License-Identifier: MIT
#pragma once

#include "invitelink.h"
#include "roomconfig.h"

#include <core/chatsession.h>

#include <QHostAddress>
#include <QObject>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace hibiki {

class HostedRoom;
class NetworkPool;
class TokenStore;

// The user's open rooms, without any window: their lifecycle from the room list file to
// the network. For each room it owns the settings, the lock on its history file, the
// server of a room hosted on this computer, the ChatSession with a network manager of its
// own (NetworkPool), the draft and the token read from the keychain. It adds, hosts, joins,
// reconfigures, reorders, mutes and removes rooms and saves the list after each change.
//
// A window shows what the signals say and never creates or destroys a session itself:
// roomAdded/roomReopened hand it a session, roomAboutToBeRemoved/roomAboutToBeReopened
// ask it to let go of one (a view reads the session's history) before it is destroyed.
class Rooms : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        QString userOverride; // --user: the name in every room, this run only
        QString defaultUserName; // Settings: the name in rooms without one; empty: the system's
        TokenStore *tokens = nullptr; // null: no keychain (tests)
        bool keepDrafts = true; // drafts kept across runs (QSettings)
        quint16 defaultHostPort = RoomConfig::DefaultHostPort; // for a new hosted room
        QString dataDirectory; // histories and hosted rooms; empty: the app's data location
        // Where a hosted room that others may join listens: every interface (tests: loopback).
        QHostAddress lanListenAddress = QHostAddress(QHostAddress::Any);
        sse::Options streamOptions = ChatSession::Config::defaultStreamOptions();
    };

    // `store` is the room list file; it must outlive the rooms.
    Rooms(RoomConfigStore *store, const Options &options, QObject *parent = nullptr);
    ~Rooms() override;

    // A hosted room's default name.
    static QString defaultHostedRoomName();
    // The user's login name, for rooms without a name of their own.
    static QString systemUserName();

    // Opens (and connects) every configured room that is not open yet. Rooms with a token
    // open once the keychain answered.
    void openConfiguredRooms();
    // The room whose stream is at `url`'s address; added (and saved) when there is none.
    QString joinServer(const QUrl &url);
    // The room of an invite link, which it opens: added with the link's certificate pinned
    // and its token in the keychain (never in the room list file), or the room already at
    // that address, which takes the link's token and certificate when they changed (a new
    // link after the old one was replaced). The room hosted here when it is the link's own.
    // Returns its id; roomAdded follows for a new room, once the keychain stored the token.
    QString joinInvite(const InviteLink &invite);
    // Hosts a room on this computer and joins it: the configured hosted room (moved to
    // `port` if asked) or a new one. `port` -1: the configured port (the default port for
    // a new room); 0: any free port. With `lan` others may join: over TLS with a
    // self-signed certificate (in the room's data folder) and an access token (in the
    // keychain), which this app uses too. Returns its id.
    QString hostRoom(
        int port = -1, bool lan = false, const QString &name = {}, const QString &userName = {});
    // Nothing configured (the first run): hosts a room so that a newcomer chats at once.
    // Returns its id, or empty when there were rooms.
    QString ensureARoom();
    // A new room, e.g. from the Add Room dialog; a token goes to the keychain first.
    // roomAdded follows, at once or once the keychain answered.
    void addRoom(RoomConfig config, const QString &token = {});
    // New settings for an open room: it reconnects with them and keeps its token.
    void reconfigure(const RoomConfig &config);
    // The same with a new token (empty: none), stored in the keychain.
    void reconfigure(RoomConfig config, const QString &token);
    void removeRoom(const QString &id, bool deleteHistory);
    // Moves a room to `position` in the list (clamped). False when there is no such room.
    bool moveRoom(const QString &id, int position);
    void setMuted(const QString &id, bool muted);
    // Trusts the server certificate with this SHA-256 fingerprint (hex) for the room, which
    // reconnects.
    void trustCertificate(const QString &id, const QByteArray &sha256);
    // The same in place of the certificates trusted so far (the room's certificate changed).
    void replaceTrustedCertificate(const QString &id, const QByteArray &sha256);
    // "New link": a new access token for the hosted room `id`. Whoever joined with the old
    // one is disconnected and refused; this app reconnects with the new one (the room's
    // session is reopened) and inviteChanged follows. False (and statusMessage) when the
    // room is not hosted here with a token.
    bool renewInvite(const QString &id);

    // Unsent text of the compose box, per room; kept across runs with Options::keepDrafts
    // once saveDrafts() wrote them.
    QString draft(const QString &id) const;
    void setDraft(const QString &id, const QString &text);
    void saveDrafts() const;

    QStringList ids() const;
    bool contains(const QString &id) const { return find(id) != nullptr; }
    int position(const QString &id) const; // -1 when not open
    std::optional<RoomConfig> config(const QString &id) const;
    ChatSession *session(const QString &id) const;
    HostedRoom *hostedRoom(const QString &id) const; // null unless hosted and running
    QString hostedRoomId() const; // the room hosted on this computer, or empty
    QString idForName(const QString &name) const; // ignoring case; empty when none
    QStringList names() const;
    // The user's name in `room`: --user, else the room's, else the default name.
    QString userNameFor(const RoomConfig &room) const;
    // The name a new room starts with: --user, else the default name.
    QString newRoomUserName() const;
    // The name from the settings, else the system's login name.
    QString defaultUserName() const;
    // A new default name (Settings). The rooms that went by the old one follow (and
    // reconnect); a room given a name of its own keeps it.
    void setDefaultUserName(const QString &name);
    QString uniqueName(const QString &base) const;
    NetworkPool *network() const { return m_network; }
    const Options &options() const { return m_options; }

Q_SIGNALS:
    void roomAdded(const QString &id, int position);
    void roomAboutToBeRemoved(const QString &id);
    void roomRemoved(const QString &id);
    // The room reconnects with new settings: a new session replaces the old one.
    void roomAboutToBeReopened(const QString &id);
    void roomReopened(const QString &id);
    // Settings changed that need no new session (muted).
    void roomChanged(const QString &id);
    // The hosted room's invite link changed (a new token).
    void inviteChanged(const QString &id);
    void roomMoved(const QString &id, int position);
    // Chat messages from other people that just arrived and were stored.
    void messagesArrived(const QString &id, const hibiki::ChatMessages &messages);
    // What the user should know (a room that cannot be hosted, a history kept in memory
    // only, a keychain error...), for a status bar; `timeoutMs` 0: until the next one.
    void statusMessage(const QString &text, int timeoutMs);

private:
    struct Room;

    Room *find(const QString &id) const;
    // Opens the room, or reopens it with new settings, with its token from the keychain.
    void openFromConfig(const RoomConfig &config, int position = -1);
    void insert(const RoomConfig &config, const QString &token, int position = -1);
    void reopen(const RoomConfig &config, const QString &token);
    // The room's token to the keychain, then `then(stored)`, also when the keychain failed:
    // the token then serves until Hibiki closes, and statusMessage() says so. Never called
    // after `this` is gone.
    void storeToken(
        const RoomConfig &config, const QString &token, const std::function<void(bool)> &then);
    // The one place where a room comes alive: its host, lock, network and session.
    void start(Room &room);
    void startHost(Room &room);
    void startSession(Room &room);
    // A new session for the room (a new token), its host and history lock kept.
    void restartSession(Room &room);
    // The hosted room's token to the keychain; the room list says so once it is there.
    void storeHostToken(const Room &room);
    void stop(Room &room);
    void save();

    RoomConfigStore *m_store;
    Options m_options;
    NetworkPool *m_network; // child
    std::vector<std::unique_ptr<Room>> m_rooms;
};

} // namespace hibiki
