// SPDX-License-Identifier: MIT
// MainWindow, the rooms: opening, hosting, joining, reconfiguring and closing them, saving
// the list, and notifying about what arrives in them.
#include "mainwindow.h"
#include "mainwindowroom_p.h"

#include "composeedit.h"
#include "messagemodel.h"
#include "notifier.h"
#include "roomlistmodel.h"
#include "roomwidget.h"

#include <shell/hostedroom.h>
#include <shell/tokenstore.h>

#include <QFile>
#include <QLockFile>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// Notifications for ordinary messages of one room come at most this often.
constexpr int NotificationIntervalMs = 4000;
constexpr int MaxNotifiedTextLength = 240;

QString shortened(const QString &text)
{
    return text.size() > MaxNotifiedTextLength ? text.left(MaxNotifiedTextLength) + u'…' : text;
}

} // namespace

void MainWindow::openConfiguredRooms()
{
    for (const RoomConfig &config : m_store->rooms()) {
        if (!findRoom(config.id)) {
            openRoomFromConfig(config);
        }
    }
    if (!m_restoredRoomId.isEmpty() && findRoom(m_restoredRoomId)) {
        selectRoom(m_restoredRoomId);
    } else if (!m_rooms.empty() && currentRoomId().isEmpty()) {
        selectRoom(m_rooms.front()->config.id);
    }
}

void MainWindow::ensureARoom()
{
    if (m_rooms.empty() && m_store->rooms().isEmpty()) {
        hostRoom();
    }
}

RoomWidget *MainWindow::openServer(const QUrl &url)
{
    Profile profile = Profile::forUrl(url);
    QString id;
    for (const auto &room : m_rooms) {
        if (room->config.profile.streamUrl.adjusted(QUrl::StripTrailingSlash)
            == profile.streamUrl.adjusted(QUrl::StripTrailingSlash)) {
            id = room->config.id;
            break;
        }
    }
    if (id.isEmpty()) {
        RoomConfig config;
        config.id = RoomConfig::newId();
        profile.name = m_store->uniqueName(profile.name);
        profile.userName
            = m_options.userOverride.isEmpty() ? systemUserName() : m_options.userOverride;
        config.profile = profile;
        addRoom(config, {});
        saveRooms();
        id = config.id;
    }
    selectRoom(id);
    RoomWidget *room = roomWidget(id);
    if (room) {
        room->composeEdit()->setFocus(Qt::OtherFocusReason);
    }
    return room;
}

RoomWidget *MainWindow::openRoomNamed(const QString &name)
{
    for (const auto &room : m_rooms) {
        if (room->config.profile.name.compare(name, Qt::CaseInsensitive) == 0) {
            selectRoom(room->config.id);
            if (room->widget) {
                room->widget->composeEdit()->setFocus(Qt::OtherFocusReason);
            }
            return room->widget;
        }
    }
    return nullptr;
}

RoomWidget *MainWindow::hostRoom(int port, bool lan, const QString &name, const QString &userName)
{
    for (const auto &room : m_rooms) {
        if (!room->config.hosted) {
            continue;
        }
        // The room already hosted: move it to another port if asked.
        if (port >= 0 && port != room->config.hostPort) {
            RoomConfig config = room->config;
            config.hostPort = quint16(port);
            updateRoom(config);
        }
        selectRoom(room->config.id);
        if (room->widget) {
            room->widget->composeEdit()->setFocus(Qt::OtherFocusReason);
        }
        return room->widget;
    }
    RoomConfig config;
    config.id = RoomConfig::newId();
    config.hosted = true;
    config.hostPort = port >= 0 ? quint16(port) : m_options.defaultHostPort;
    config.hostOnLan = lan;
    config.profile = Profile::hibikiRoom(QUrl(u"http://127.0.0.1:%1"_s.arg(config.hostPort)));
    config.profile.name = m_store->uniqueName(name.isEmpty() ? defaultHostedRoomName() : name);
    config.profile.userName = userName.isEmpty() ? systemUserName() : userName;
    addRoom(config, {});
    saveRooms();
    selectRoom(config.id);
    RoomWidget *widget = roomWidget(config.id);
    if (widget) {
        widget->composeEdit()->setFocus(Qt::OtherFocusReason);
    }
    return widget;
}

void MainWindow::openRoomFromConfig(const RoomConfig &config, int position)
{
    if (!config.hasToken || !m_options.tokens) {
        if (findRoom(config.id)) {
            updateRoom(config);
        } else {
            addRoom(config, {}, position);
        }
        return;
    }
    QPointer<MainWindow> self(this);
    m_options.tokens->read(config.id, [self, config, position](QString token, QString error) {
        if (!self) {
            return;
        }
        if (!error.isEmpty()) {
            self->statusBar()->showMessage(
                tr("The access token of \"%1\" could not be read from the keychain: %2")
                    .arg(config.profile.name, error));
        }
        if (!self->findRoom(config.id)) {
            self->addRoom(config, token, position);
        } else {
            self->updateRoom(config, token);
        }
    });
}

void MainWindow::startHost(Room &room)
{
    auto host = std::make_unique<HostedRoom>();
    HostedRoom::Settings settings;
    settings.port = room.config.hostPort;
    settings.lan = room.config.hostOnLan;
    settings.dataDirectory = hostedRoomDataDirectory(room.config.hostPort);
    QString error;
    QUrl base;
    if (host->start(settings, &error)) {
        base = host->baseUrl();
        room.host = std::move(host);
    } else if (room.config.hostPort != 0) {
        // Most often another Hibiki on this computer hosts the room already: join it.
        base = QUrl(u"http://127.0.0.1:%1"_s.arg(room.config.hostPort));
        statusBar()->showMessage(tr("Could not host \"%1\" on port %2 (%3). Joining whatever "
                                    "runs there instead.")
                                     .arg(room.config.profile.name)
                                     .arg(room.config.hostPort)
                                     .arg(error),
            15000);
    } else {
        statusBar()->showMessage(
            tr("Could not host \"%1\": %2").arg(room.config.profile.name, error));
        base = QUrl(u"http://127.0.0.1:1"_s);
    }
    Profile profile = Profile::hibikiRoom(base, room.config.profile.name);
    profile.userName = room.config.profile.userName;
    profile.headers = room.config.profile.headers;
    room.config.profile = profile;
}

void MainWindow::addRoom(const RoomConfig &config, const QString &token, int position)
{
    auto owned = std::make_unique<Room>();
    Room &room = *owned;
    room.config = config;
    if (config.hosted) {
        startHost(room);
    }

    const QString user = userNameFor(room.config);
    QString storage = roomStoragePath(config.id);
    room.lock = std::make_unique<QLockFile>(storage + u".lock"_s);
    if (!room.lock->tryLock(0)) {
        // Another Hibiki has this room open and writes its history: keep ours in memory.
        storage = u":memory:"_s;
        statusBar()->showMessage(tr("\"%1\" is open in another Hibiki window; its history is "
                                    "not kept by this one.")
                                     .arg(config.profile.name),
            10000);
    }
    ChatSession::Config sessionConfig;
    sessionConfig.storagePath = storage;
    sessionConfig.userName = user;
    sessionConfig.authorization = authorizationHeader(token);
    sessionConfig.networkAccessManager = m_manager;
    Profile profile = room.config.profile;
    profile.userName = user;
    room.session = std::make_unique<ChatSession>(profile, sessionConfig);
    if (!room.session->isValid()) {
        statusBar()->showMessage(tr("The history of \"%1\" cannot be kept: %2")
                                     .arg(config.profile.name, room.session->error()));
        sessionConfig.storagePath = u":memory:"_s;
        room.session = std::make_unique<ChatSession>(profile, sessionConfig);
    }

    room.widget = new RoomWidget(room.session.get());
    m_stack->addWidget(room.widget);
    if (m_options.restoreSettings) {
        room.widget->setDraft(QSettings().value(u"drafts/"_s + config.id).toString());
    }
    Room *raw = &room;
    connect(room.widget, &RoomWidget::unreadChanged, this, [this, raw] {
        m_roomList->setUnread(
            raw->config.id, raw->widget->unreadCount(), raw->widget->mentionCount());
        updateUnread();
    });
    connect(room.widget, &RoomWidget::messagesArrived, this,
        [this, raw](const ChatMessages &messages) { onMessagesArrived(*raw, messages); });
    connect(room.widget, &RoomWidget::trustCertificateRequested, this,
        [this, raw](const QByteArray &sha256) { trustCertificate(raw->config.id, sha256); });
    connect(room.widget, &RoomWidget::connectionStatusChanged, this,
        [this, raw](const ConnectionStatus &status) {
            m_roomList->setStatus(raw->config.id, status);
            if (raw->config.id == currentRoomId()) {
                updateActions();
            }
        });

    RoomListModel::Entry entry;
    entry.id = config.id;
    entry.name = room.config.profile.name;
    entry.status = room.session->connectionStatus();
    entry.muted = config.muted;
    entry.hosted = config.hosted;
    if (position < 0 || position > int(m_rooms.size())) {
        position = int(m_rooms.size());
    }
    m_rooms.insert(m_rooms.begin() + position, std::move(owned));
    m_roomList->insertRoom(position, entry);

    room.session->connectToServer();
    if (currentRoomId().isEmpty()) {
        selectRoom(config.id);
    }
    updateHostLabel();
    updateActions();
}

void MainWindow::closeRoom(Room &room)
{
    delete room.widget; // before the session: the model reads the session's store
    room.session.reset();
    room.host.reset();
    room.lock.reset();
}

void MainWindow::updateRoom(const RoomConfig &config, const QString &token)
{
    Room *room = findRoom(config.id);
    if (!room) {
        return;
    }
    const QString draft = room->widget ? room->widget->draft() : QString();
    const bool wasCurrent = currentRoomId() == config.id;
    const int position = m_roomList->rowForId(config.id);
    closeRoom(*room);
    m_roomList->removeRoom(config.id);
    m_rooms.erase(std::find_if(
        m_rooms.begin(), m_rooms.end(), [&](const auto &r) { return r.get() == room; }));
    addRoom(config, token, position);
    if (RoomWidget *widget = roomWidget(config.id)) {
        widget->setDraft(draft);
    }
    saveRooms();
    if (wasCurrent) {
        selectRoom(config.id);
    }
}

void MainWindow::removeRoom(const QString &id, bool deleteHistory)
{
    Room *room = findRoom(id);
    if (!room) {
        return;
    }
    const RoomConfig config = room->config;
    closeRoom(*room);
    m_roomList->removeRoom(id);
    m_rooms.erase(std::find_if(
        m_rooms.begin(), m_rooms.end(), [&](const auto &r) { return r.get() == room; }));
    if (deleteHistory) {
        const QString path = roomStoragePath(id);
        for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s}) {
            QFile::remove(path + suffix);
        }
    }
    if (config.hasToken && m_options.tokens) {
        m_options.tokens->write(id, {}, nullptr);
    }
    QSettings().remove(u"drafts/"_s + id);
    saveRooms();
    if (m_rooms.empty()) {
        m_stack->setCurrentWidget(m_emptyPage);
    }
    updateUnread();
    updateHostLabel();
    updateActions();
}

void MainWindow::saveRooms()
{
    QList<RoomConfig> configs;
    for (const auto &room : m_rooms) {
        RoomConfig config = room->config;
        if (config.hosted) {
            // The address of a hosted room is found again when it starts.
            config.profile.streamUrl = QUrl(u"http://127.0.0.1:%1/sse"_s.arg(config.hostPort));
            config.profile.postUrl = QUrl(u"http://127.0.0.1:%1/messages"_s.arg(config.hostPort));
        }
        configs.append(config);
    }
    // Rooms still waiting for the keychain keep their place in the file.
    for (const RoomConfig &stored : m_store->rooms()) {
        if (!findRoom(stored.id) && stored.hasToken) {
            configs.append(stored);
        }
    }
    m_store->setRooms(configs);
    QString error;
    if (!m_store->save(&error)) {
        statusBar()->showMessage(tr("Your rooms could not be saved: %1").arg(error));
    }
}

MainWindow::Room *MainWindow::findRoom(const QString &id) const
{
    for (const auto &room : m_rooms) {
        if (room->config.id == id) {
            return room.get();
        }
    }
    return nullptr;
}

RoomWidget *MainWindow::roomWidget(const QString &id) const
{
    Room *room = findRoom(id);
    return room ? room->widget.data() : nullptr;
}

QStringList MainWindow::roomIds() const
{
    QStringList ids;
    for (const auto &room : m_rooms) {
        ids.append(room->config.id);
    }
    return ids;
}

HostedRoom *MainWindow::hostedRoom(const QString &id) const
{
    Room *room = findRoom(id);
    return room ? room->host.get() : nullptr;
}

std::optional<RoomConfig> MainWindow::roomConfig(const QString &id) const
{
    Room *room = findRoom(id);
    return room ? std::optional<RoomConfig>(room->config) : std::nullopt;
}

QString MainWindow::userNameFor(const RoomConfig &room) const
{
    if (!m_options.userOverride.isEmpty()) {
        return m_options.userOverride;
    }
    return room.profile.userName.isEmpty() ? systemUserName() : room.profile.userName;
}

void MainWindow::setMuted(const QString &id, bool muted)
{
    Room *room = findRoom(id);
    if (!room || room->config.muted == muted) {
        return;
    }
    room->config.muted = muted;
    m_roomList->setMuted(id, muted);
    saveRooms();
    updateUnread();
    updateActions();
}

void MainWindow::onMessagesArrived(Room &room, const ChatMessages &messages)
{
    const bool looking = isActiveWindow() && !isMinimized() && room.widget == currentRoom();
    if (looking || !room.session) {
        return;
    }
    const QString me = room.session->userName();
    const QString roomName = room.config.profile.name;
    const auto author = [](const ChatMessage &message) {
        return message.author.isEmpty() ? tr("Someone") : message.author;
    };
    // Mentions always; other messages unless the room is muted, at most one notification
    // every few seconds per room, summing up a burst.
    int notifiedMentions = 0;
    ChatMessages others;
    for (const ChatMessage &message : messages) {
        if (MessageModel::mentionsUser(message.text, me)) {
            if (notifiedMentions++ < 3) {
                m_notifier->notify(tr("%1 mentioned you in %2").arg(author(message), roomName),
                    shortened(message.text));
            }
        } else {
            others.append(message);
        }
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (others.isEmpty() || room.config.muted
        || (room.lastNotified.isValid()
            && room.lastNotified.msecsTo(now) < NotificationIntervalMs)) {
        return;
    }
    room.lastNotified = now;
    const ChatMessage &last = others.constLast();
    if (others.size() == 1) {
        m_notifier->notify(tr("%1 in %2").arg(author(last), roomName), shortened(last.text));
    } else {
        m_notifier->notify(tr("%n new messages in %1", nullptr, int(others.size())).arg(roomName),
            u"%1: %2"_s.arg(author(last), shortened(last.text)));
    }
}

void MainWindow::trustCertificate(const QString &id, const QByteArray &sha256)
{
    const std::optional<RoomConfig> config = roomConfig(id);
    if (!config || sha256.isEmpty()) {
        return;
    }
    QString fingerprint;
    for (qsizetype i = 0; i < sha256.size(); i += 2) {
        fingerprint
            += (i > 0 ? u":"_s : QString()) + QString::fromLatin1(sha256.mid(i, 2)).toUpper();
    }
    QMessageBox box(QMessageBox::Warning, tr("Trust This Certificate?"),
        tr("The certificate of %1 cannot be verified: it may be self-signed, or "
           "someone may be intercepting the connection.\n\nSHA-256 fingerprint:\n%2"
           "\n\nTrust it only if it matches the fingerprint the server's owner gave "
           "you. Hibiki will then accept this certificate for \"%3\".")
            .arg(config->profile.streamUrl.host(), fingerprint, config->profile.name),
        QMessageBox::Cancel, this);
    box.setTextFormat(Qt::PlainText);
    QPushButton *trust = box.addButton(tr("Trust"), QMessageBox::AcceptRole);
    box.exec();
    if (box.clickedButton() != trust) {
        return;
    }
    RoomConfig trusted = *config;
    if (!trusted.profile.trustedCertificateSha256.contains(QString::fromLatin1(sha256))) {
        trusted.profile.trustedCertificateSha256.append(QString::fromLatin1(sha256));
    }
    openRoomFromConfig(trusted); // reconnects with the certificate trusted
}

} // namespace hibiki
