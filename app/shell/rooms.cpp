// SPDX-License-Identifier: MIT
#include "rooms.h"

#include "hostedroom.h"
#include "networkpool.h"
#include "roomlock.h"
#include "serveraddress.h"
#include "tokenstore.h"

#include <QDir>
#include <QFile>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSettings>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace hibiki {

struct Rooms::Room
{
    RoomConfig config;
    QString token; // in use: read from the keychain, or just entered
    QString draft;
    std::unique_ptr<RoomLock> lock; // this process writes the room's history file
    std::unique_ptr<HostedRoom> host;
    // Declared before the session, which uses it: destroyed after it.
    std::shared_ptr<QNetworkAccessManager> network;
    std::unique_ptr<ChatSession> session;
};

namespace {

const QString DraftsGroup = u"drafts"_s;

} // namespace

Rooms::Rooms(RoomConfigStore *store, const Options &options, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_options(options)
    , m_network(new NetworkPool(this))
{ }

Rooms::~Rooms()
{
    // Views still showing a session let go of it first, as on any removal.
    for (const auto &room : m_rooms) {
        Q_EMIT roomAboutToBeRemoved(room->config.id);
        stop(*room);
    }
}

QString Rooms::defaultHostedRoomName()
{
    return tr("Room on this computer");
}

QString Rooms::systemUserName()
{
    for (const char *variable : {"USER", "USERNAME", "LOGNAME"}) {
        const QString name = qEnvironmentVariable(variable).trimmed();
        if (!name.isEmpty()) {
            return name;
        }
    }
    const QString home = QDir::home().dirName();
    return home.isEmpty() ? tr("guest") : home;
}

void Rooms::openConfiguredRooms()
{
    for (const RoomConfig &config : m_store->rooms()) {
        if (!contains(config.id)) {
            openFromConfig(config);
        }
    }
}

QString Rooms::joinServer(const QUrl &url)
{
    Profile profile = Profile::forUrl(url);
    for (const auto &room : m_rooms) {
        if (ServerAddress::sameStream(room->config.profile.streamUrl, profile.streamUrl)) {
            return room->config.id;
        }
    }
    RoomConfig config;
    config.id = RoomConfig::newId();
    profile.name = m_store->uniqueName(profile.name);
    profile.userName = newRoomUserName();
    config.profile = profile;
    insert(config, {});
    save();
    return config.id;
}

QString Rooms::joinInvite(const InviteLink &invite)
{
    const QUrl streamUrl = invite.profile().streamUrl;
    for (const auto &room : m_rooms) {
        const bool ownRoom = room->host && !invite.sha256.isEmpty()
            && room->host->certificateSha256() == invite.sha256;
        if (ownRoom) {
            return room->config.id;
        }
        if (!ServerAddress::sameStream(room->config.profile.streamUrl, streamUrl)) {
            continue;
        }
        RoomConfig config = room->config;
        const QStringList pinned = invite.sha256.isEmpty()
            ? config.profile.trustedCertificateSha256
            : QStringList {QString::fromLatin1(invite.sha256)};
        if (room->token == invite.token && pinned == config.profile.trustedCertificateSha256) {
            // The same link again: the room as it is (connecting, if the user had stopped it).
            if (room->session->connectionStatus().state == ConnectionStatus::State::Disconnected) {
                room->session->connectToServer();
            }
            return config.id;
        }
        // A new link to a room joined before: its token (and certificate) replace the old.
        config.profile.trustedCertificateSha256 = pinned;
        config.fromInvite = true;
        reconfigure(config, invite.token);
        return config.id;
    }
    RoomConfig config;
    config.id = RoomConfig::newId();
    config.profile = invite.profile();
    config.profile.name = m_store->uniqueName(config.profile.name);
    config.profile.userName = newRoomUserName();
    config.fromInvite = true;
    addRoom(config, invite.token);
    return config.id;
}

QString Rooms::hostRoom(int port, bool lan, const QString &name, const QString &userName)
{
    if (Room *room = find(hostedRoomId())) {
        RoomConfig config = room->config;
        if (port >= 0) {
            config.hostPort = quint16(port);
        }
        config.hostOnLan = config.hostOnLan || lan;
        if (config != room->config) {
            reconfigure(config);
        }
        return config.id;
    }
    RoomConfig config;
    config.id = RoomConfig::newId();
    config.hosted = true;
    config.hostPort = port >= 0 ? quint16(port) : m_options.defaultHostPort;
    config.hostOnLan = lan;
    config.profile = Profile::hibikiRoom(QUrl(u"http://127.0.0.1:%1"_s.arg(config.hostPort)));
    config.profile.name = m_store->uniqueName(name.isEmpty() ? defaultHostedRoomName() : name);
    config.profile.userName = userName.isEmpty() ? defaultUserName() : userName;
    insert(config, {});
    save();
    return config.id;
}

QString Rooms::ensureARoom()
{
    if (!m_rooms.empty() || !m_store->rooms().isEmpty()) {
        return {};
    }
    return hostRoom();
}

void Rooms::addRoom(RoomConfig config, const QString &token)
{
    if (token.isEmpty() || !m_options.tokens) {
        config.hasToken = false;
        insert(config, token);
        save();
        return;
    }
    storeToken(config, token, [this, config, token](bool stored) mutable {
        config.hasToken = stored;
        insert(config, token);
        save();
    });
}

void Rooms::storeToken(
    const RoomConfig &config, const QString &token, const std::function<void(bool)> &then)
{
    QPointer<Rooms> self(this);
    m_options.tokens->write(config.id, token, [self, config, then](const QString &error) {
        if (!self) {
            return;
        }
        if (!error.isEmpty()) {
            Q_EMIT self->statusMessage(
                tr("The token of \"%1\" could not be stored in the keychain (%2); it is "
                   "used until Hibiki closes.")
                    .arg(config.profile.name, error),
                0);
        }
        then(error.isEmpty());
    });
}

void Rooms::reconfigure(const RoomConfig &config)
{
    if (const Room *room = find(config.id)) {
        RoomConfig kept = config;
        kept.hasToken = room->config.hasToken; // the token stays, and so does its entry
        reopen(kept, room->token);
    } else {
        openFromConfig(config);
    }
}

void Rooms::reconfigure(RoomConfig config, const QString &token)
{
    config.hasToken = !token.isEmpty() && m_options.tokens;
    if (!m_options.tokens) {
        reopen(config, token);
        return;
    }
    storeToken(config, token, [this, config, token](bool stored) mutable {
        config.hasToken = stored && !token.isEmpty();
        reopen(config, token);
    });
}

void Rooms::openFromConfig(const RoomConfig &config, int position)
{
    if (!config.hasToken || !m_options.tokens) {
        if (contains(config.id)) {
            reopen(config, {});
        } else {
            insert(config, {}, position);
        }
        return;
    }
    QPointer<Rooms> self(this);
    m_options.tokens->read(
        config.id, [self, config, position](const QString &token, const QString &error) {
            if (!self) {
                return;
            }
            if (!error.isEmpty()) {
                Q_EMIT self->statusMessage(
                    tr("The access token of \"%1\" could not be read from the keychain: %2")
                        .arg(config.profile.name, error),
                    0);
            }
            if (self->contains(config.id)) {
                self->reopen(config, token);
            } else {
                self->insert(config, token, position);
            }
        });
}

void Rooms::insert(const RoomConfig &config, const QString &token, int position)
{
    auto owned = std::make_unique<Room>();
    Room &room = *owned;
    room.config = config;
    room.token = token;
    if (m_options.keepDrafts) {
        room.draft = QSettings().value(DraftsGroup + u'/' + config.id).toString();
    }
    start(room);
    if (position < 0 || position > int(m_rooms.size())) {
        position = int(m_rooms.size());
    }
    m_rooms.insert(m_rooms.begin() + position, std::move(owned));
    Q_EMIT roomAdded(config.id, position);
    room.session->connectToServer();
}

void Rooms::reopen(const RoomConfig &config, const QString &token)
{
    Room *room = find(config.id);
    if (!room) {
        return;
    }
    Q_EMIT roomAboutToBeReopened(config.id);
    stop(*room);
    room->config = config;
    room->token = token;
    start(*room);
    Q_EMIT roomReopened(config.id);
    save();
    room->session->connectToServer();
}

void Rooms::start(Room &room)
{
    const RoomConfig &config = room.config;
    if (config.hosted) {
        startHost(room);
    }

    room.lock = std::make_unique<RoomLock>(roomStoragePath(config.id, m_options.dataDirectory));
    if (!room.lock->tryLock()) {
        // Another Hibiki writes this room's history, or nothing can be written there:
        // keep ours in memory, and say which.
        Q_EMIT statusMessage(room.lock->describe(config.profile.name), 10000);
    }
    startSession(room);
}

void Rooms::startSession(Room &room)
{
    const RoomConfig &config = room.config;
    const QString storage = room.lock && room.lock->isLocked()
        ? roomStoragePath(config.id, m_options.dataDirectory)
        : u":memory:"_s;
    const QString user = userNameFor(config);
    room.network
        = m_network->acquire(config.profile.streamUrl, config.profile.trustedCertificateSha256);
    ChatSession::Config sessionConfig;
    sessionConfig.storagePath = storage;
    sessionConfig.userName = user;
    sessionConfig.authorization = authorizationHeader(room.token);
    if (config.fromInvite) {
        sessionConfig.unauthorizedReason
            = tr("This invite is no longer valid; ask for a new link.");
    }
    sessionConfig.networkAccessManager = room.network.get();
    sessionConfig.streamOptions = m_options.streamOptions;
    Profile profile = config.profile;
    profile.userName = user;
    if (profile.preset == Profile::Preset::HibikiRoom) {
        // So that the others see the user come and go. Only a Hibiki room: another server
        // might log the name or refuse an unknown parameter.
        profile.streamUrl = streamUrlAnnouncing(profile.streamUrl, user);
    }
    room.session = std::make_unique<ChatSession>(profile, sessionConfig);
    if (!room.session->isValid()) {
        Q_EMIT statusMessage(tr("The history of \"%1\" cannot be kept: %2")
                                 .arg(config.profile.name, room.session->error()),
            0);
        sessionConfig.storagePath = u":memory:"_s;
        room.session = std::make_unique<ChatSession>(profile, sessionConfig);
    }

    // Notifications are about other people's chat messages.
    connect(room.session.get(), &ChatSession::messagesAppended, this,
        [this, id = config.id, user](const ChatMessages &messages) {
            ChatMessages fromOthers;
            for (const ChatMessage &message : messages) {
                if (message.kind == ChatMessage::Kind::Chat
                    && (user.isEmpty() || message.author != user)) {
                    fromOthers.append(message);
                }
            }
            if (!fromOthers.isEmpty()) {
                Q_EMIT messagesArrived(id, fromOthers);
            }
        });
}

void Rooms::startHost(Room &room)
{
    const RoomConfig &config = room.config;
    if (config.hostOnLan && room.token.isEmpty()) {
        // Others join with this token; so does this app. Kept in the keychain, so that the
        // links given out stay valid across restarts.
        room.token = HostedRoom::newAccessToken();
        storeHostToken(room);
    }
    auto host = std::make_unique<HostedRoom>();
    HostedRoom::Settings settings;
    settings.port = config.hostPort;
    settings.lan = config.hostOnLan;
    settings.lanAddress = m_options.lanListenAddress;
    settings.dataDirectory = hostedRoomDataDirectory(config.hostPort, m_options.dataDirectory);
    settings.roomName = config.profile.name;
    if (config.hostOnLan) {
        settings.tlsDirectory = QDir(settings.dataDirectory).filePath(u"tls"_s);
        settings.token = room.token;
    }
    QString error;
    QUrl base;
    QByteArray certificate;
    if (host->start(settings, &error)) {
        base = host->baseUrl();
        certificate = host->certificateSha256();
        room.host = std::move(host);
    } else if (config.hostPort != 0) {
        // Most often another Hibiki on this computer hosts the room already, from the same
        // folder: join it, trusting the certificate it made there.
        certificate = HostedRoom::certificateSha256In(settings.tlsDirectory);
        base = QUrl(u"%1://127.0.0.1:%2"_s.arg(certificate.isEmpty() ? u"http"_s : u"https"_s)
                        .arg(config.hostPort));
        Q_EMIT statusMessage(tr("Could not host \"%1\" on port %2 (%3). Joining whatever "
                                "runs there instead.")
                                 .arg(config.profile.name)
                                 .arg(config.hostPort)
                                 .arg(error),
            15000);
    } else {
        Q_EMIT statusMessage(tr("Could not host \"%1\": %2").arg(config.profile.name, error), 0);
        base = QUrl(u"http://127.0.0.1:1"_s);
    }
    Profile profile = Profile::hibikiRoom(base, config.profile.name);
    profile.userName = config.profile.userName;
    profile.headers = config.profile.headers;
    if (!certificate.isEmpty()) {
        // This app trusts its own room's certificate by its fingerprint, as a guest does.
        profile.trustedCertificateSha256 = {QString::fromLatin1(certificate)};
    }
    room.config.profile = profile;
}

void Rooms::storeHostToken(const Room &room)
{
    if (!m_options.tokens) {
        return; // no keychain (tests): the token lasts for this run
    }
    QPointer<Rooms> self(this);
    const QString id = room.config.id;
    const QString name = room.config.profile.name;
    m_options.tokens->write(id, room.token, [self, id, name](const QString &error) {
        if (!self) {
            return;
        }
        if (!error.isEmpty()) {
            Q_EMIT self->statusMessage(
                tr("The invite token of \"%1\" could not be stored in the keychain (%2); "
                   "links given out stop working when Hibiki closes.")
                    .arg(name, error),
                0);
            return;
        }
        Room *stored = self->find(id);
        if (stored && !stored->config.hasToken) {
            stored->config.hasToken = true;
            self->save();
        }
    });
}

void Rooms::restartSession(Room &room)
{
    const QString id = room.config.id;
    Q_EMIT roomAboutToBeReopened(id);
    room.session.reset();
    room.network.reset();
    startSession(room);
    Q_EMIT roomReopened(id);
    room.session->connectToServer();
}

bool Rooms::renewInvite(const QString &id)
{
    Room *room = find(id);
    if (!room || !room->host) {
        return false;
    }
    QString error;
    const QString fresh = room->host->rotateToken(&error);
    if (fresh.isEmpty()) {
        Q_EMIT statusMessage(
            tr("No new link for \"%1\": %2").arg(room->config.profile.name, error), 0);
        return false;
    }
    room->token = fresh;
    storeHostToken(*room);
    restartSession(*room);
    Q_EMIT inviteChanged(id);
    return true;
}

void Rooms::stop(Room &room)
{
    room.session.reset();
    room.network.reset(); // freed when no other room shares it
    room.host.reset();
    room.lock.reset();
}

void Rooms::removeRoom(const QString &id, bool deleteHistory)
{
    Room *room = find(id);
    if (!room) {
        return;
    }
    Q_EMIT roomAboutToBeRemoved(id);
    const RoomConfig config = room->config;
    stop(*room);
    std::erase_if(m_rooms, [&](const auto &r) { return r.get() == room; });
    if (deleteHistory) {
        const QString path = roomStoragePath(id, m_options.dataDirectory);
        for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s}) {
            QFile::remove(path + suffix);
        }
    }
    if (config.hasToken && m_options.tokens) {
        m_options.tokens->write(id, {}, nullptr);
    }
    if (m_options.keepDrafts) {
        QSettings().remove(DraftsGroup + u'/' + id);
    }
    save();
    Q_EMIT roomRemoved(id);
}

bool Rooms::moveRoom(const QString &id, int position)
{
    const int from = this->position(id);
    if (from < 0) {
        return false;
    }
    position = std::clamp(position, 0, int(m_rooms.size()) - 1);
    if (position == from) {
        return true;
    }
    std::unique_ptr<Room> moving = std::move(m_rooms[size_t(from)]);
    m_rooms.erase(m_rooms.begin() + from);
    m_rooms.insert(m_rooms.begin() + position, std::move(moving));
    save();
    Q_EMIT roomMoved(id, position);
    return true;
}

void Rooms::setMuted(const QString &id, bool muted)
{
    Room *room = find(id);
    if (!room || room->config.muted == muted) {
        return;
    }
    room->config.muted = muted;
    save();
    Q_EMIT roomChanged(id);
}

void Rooms::replaceTrustedCertificate(const QString &id, const QByteArray &sha256)
{
    const Room *room = find(id);
    if (!room || sha256.isEmpty()) {
        return;
    }
    RoomConfig trusted = room->config;
    trusted.profile.trustedCertificateSha256 = {QString::fromLatin1(sha256)};
    reconfigure(trusted);
}

void Rooms::trustCertificate(const QString &id, const QByteArray &sha256)
{
    const Room *room = find(id);
    if (!room || sha256.isEmpty()) {
        return;
    }
    RoomConfig trusted = room->config;
    if (!trusted.profile.trustedCertificateSha256.contains(QString::fromLatin1(sha256))) {
        trusted.profile.trustedCertificateSha256.append(QString::fromLatin1(sha256));
    }
    reconfigure(trusted);
}

QString Rooms::draft(const QString &id) const
{
    const Room *room = find(id);
    return room ? room->draft : QString();
}

void Rooms::setDraft(const QString &id, const QString &text)
{
    if (Room *room = find(id)) {
        room->draft = text;
    }
}

void Rooms::saveDrafts() const
{
    if (!m_options.keepDrafts) {
        return;
    }
    QSettings settings;
    settings.beginGroup(DraftsGroup);
    settings.remove(QString());
    for (const auto &room : m_rooms) {
        if (!room->draft.isEmpty()) {
            settings.setValue(room->config.id, room->draft);
        }
    }
    settings.endGroup();
}

void Rooms::save()
{
    QList<RoomConfig> configs;
    for (const auto &room : m_rooms) {
        RoomConfig config = room->config;
        if (config.hosted) {
            // The address (and certificate) of a hosted room are found again when it starts.
            config.profile.streamUrl = QUrl(u"http://127.0.0.1:%1/sse"_s.arg(config.hostPort));
            config.profile.postUrl = QUrl(u"http://127.0.0.1:%1/messages"_s.arg(config.hostPort));
            config.profile.trustedCertificateSha256.clear();
        }
        configs.append(config);
    }
    // Rooms still waiting for the keychain keep their place in the file.
    for (const RoomConfig &stored : m_store->rooms()) {
        if (!contains(stored.id) && stored.hasToken) {
            configs.append(stored);
        }
    }
    m_store->setRooms(configs);
    QString error;
    if (!m_store->save(&error)) {
        Q_EMIT statusMessage(tr("Your rooms could not be saved: %1").arg(error), 0);
    }
}

Rooms::Room *Rooms::find(const QString &id) const
{
    for (const auto &room : m_rooms) {
        if (room->config.id == id) {
            return room.get();
        }
    }
    return nullptr;
}

QStringList Rooms::ids() const
{
    QStringList ids;
    for (const auto &room : m_rooms) {
        ids.append(room->config.id);
    }
    return ids;
}

int Rooms::position(const QString &id) const
{
    for (size_t i = 0; i < m_rooms.size(); ++i) {
        if (m_rooms[i]->config.id == id) {
            return int(i);
        }
    }
    return -1;
}

std::optional<RoomConfig> Rooms::config(const QString &id) const
{
    const Room *room = find(id);
    return room ? std::optional<RoomConfig>(room->config) : std::nullopt;
}

ChatSession *Rooms::session(const QString &id) const
{
    const Room *room = find(id);
    return room ? room->session.get() : nullptr;
}

HostedRoom *Rooms::hostedRoom(const QString &id) const
{
    const Room *room = find(id);
    return room ? room->host.get() : nullptr;
}

QString Rooms::hostedRoomId() const
{
    for (const auto &room : m_rooms) {
        if (room->config.hosted) {
            return room->config.id;
        }
    }
    return {};
}

QString Rooms::idForName(const QString &name) const
{
    for (const auto &room : m_rooms) {
        if (room->config.profile.name.compare(name, Qt::CaseInsensitive) == 0) {
            return room->config.id;
        }
    }
    return {};
}

QStringList Rooms::names() const
{
    QStringList names;
    for (const auto &room : m_rooms) {
        names.append(room->config.profile.name);
    }
    return names;
}

QString Rooms::userNameFor(const RoomConfig &room) const
{
    if (!m_options.userOverride.isEmpty()) {
        return m_options.userOverride;
    }
    return room.profile.userName.isEmpty() ? defaultUserName() : room.profile.userName;
}

QString Rooms::newRoomUserName() const
{
    return m_options.userOverride.isEmpty() ? defaultUserName() : m_options.userOverride;
}

QString Rooms::defaultUserName() const
{
    return m_options.defaultUserName.isEmpty() ? systemUserName() : m_options.defaultUserName;
}

void Rooms::setDefaultUserName(const QString &name)
{
    const QString before = defaultUserName();
    m_options.defaultUserName = name.trimmed();
    const QString after = defaultUserName();
    if (after == before) {
        return;
    }
    for (const QString &id : ids()) {
        RoomConfig config = find(id)->config;
        if (config.profile.userName.isEmpty() || config.profile.userName == before) {
            config.profile.userName = after;
            reconfigure(config);
        }
    }
}

QString Rooms::uniqueName(const QString &base) const
{
    return m_store->uniqueName(base);
}

} // namespace hibiki
