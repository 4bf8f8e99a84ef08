// SPDX-License-Identifier: MIT
// MainWindow, the rooms: following what Rooms opens, reopens, moves and closes with a
// widget and a list entry each.
#include "mainwindow.h"

#include "composeedit.h"
#include "roomlistmodel.h"
#include "roomquestions.h"
#include "roomwidget.h"

#include <shell/rooms.h>

#include <QListView>
#include <QStackedWidget>

using namespace Qt::StringLiterals;

namespace hibiki {

void MainWindow::followRooms()
{
    connect(m_rooms, &Rooms::roomAdded, this, &MainWindow::onRoomAdded);
    connect(m_rooms, &Rooms::roomAboutToBeRemoved, this, &MainWindow::onRoomAboutToBeRemoved);
    connect(m_rooms, &Rooms::roomRemoved, this, &MainWindow::onRoomRemoved);
    connect(m_rooms, &Rooms::roomAboutToBeReopened, this, [this](const QString &id) {
        if (RoomWidget *widget = roomWidget(id)) {
            m_rooms->setDraft(id, widget->draft());
        }
        delete m_widgets.take(id); // before its session goes: the model reads its store
    });
    connect(m_rooms, &Rooms::roomReopened, this, &MainWindow::onRoomReopened);
    connect(m_rooms, &Rooms::roomChanged, this, [this](const QString &id) {
        m_roomList->setMuted(id, m_rooms->config(id)->muted);
        updateUnread();
        updateActions();
    });
    connect(m_rooms, &Rooms::roomMoved, this, &MainWindow::onRoomMoved);
    connect(m_rooms, &Rooms::statusMessage, this,
        [this](const QString &text, int timeoutMs) { showStatus(text, timeoutMs); });
    for (const QString &id : m_rooms->ids()) {
        onRoomAdded(id, m_rooms->position(id));
    }
}

void MainWindow::openConfiguredRooms()
{
    m_rooms->openConfiguredRooms();
    if (!m_restoredRoomId.isEmpty() && m_rooms->contains(m_restoredRoomId)) {
        selectRoom(m_restoredRoomId);
    } else if (!m_rooms->ids().isEmpty() && currentRoomId().isEmpty()) {
        selectRoom(m_rooms->ids().constFirst());
    }
}

void MainWindow::ensureARoom()
{
    const QString id = m_rooms->ensureARoom();
    if (!id.isEmpty()) {
        showRoom(id);
    }
}

RoomWidget *MainWindow::openServer(const QUrl &url)
{
    return showRoom(m_rooms->joinServer(url));
}

RoomWidget *MainWindow::openRoomNamed(const QString &name)
{
    const QString id = m_rooms->idForName(name);
    return id.isEmpty() ? nullptr : showRoom(id);
}

RoomWidget *MainWindow::hostRoom(int port, bool lan, const QString &name, const QString &userName)
{
    return showRoom(m_rooms->hostRoom(port, lan, name, userName));
}

RoomWidget *MainWindow::showRoom(const QString &id)
{
    selectRoom(id);
    RoomWidget *widget = roomWidget(id);
    if (widget) {
        widget->composeEdit()->setFocus(Qt::OtherFocusReason);
    }
    return widget;
}

RoomWidget *MainWindow::createRoomWidget(const QString &id)
{
    auto *widget = new RoomWidget(m_rooms->session(id));
    m_stack->addWidget(widget);
    widget->setDraft(m_rooms->draft(id));
    m_widgets.insert(id, widget);
    connect(widget, &RoomWidget::unreadChanged, this, [this, id, widget] {
        m_roomList->setUnread(id, widget->unreadCount(), widget->mentionCount());
        updateUnread();
    });
    connect(widget, &RoomWidget::trustCertificateRequested, this,
        [this, id](const QByteArray &sha256) { confirmTrust(id, sha256); });
    connect(widget, &RoomWidget::connectionStatusChanged, this,
        [this, id](const ConnectionStatus &status) {
            m_roomList->setStatus(id, status);
            if (id == currentRoomId()) {
                updateActions();
            }
        });
    if (m_rooms->config(id)->hosted) {
        showInviteCard(widget, id);
    }
    return widget;
}

void MainWindow::onRoomAdded(const QString &id, int position)
{
    createRoomWidget(id);
    const RoomConfig config = *m_rooms->config(id);
    RoomListModel::Entry entry;
    entry.id = id;
    entry.name = config.profile.name;
    entry.status = m_rooms->session(id)->connectionStatus();
    entry.muted = config.muted;
    entry.hosted = config.hosted;
    m_roomList->insertRoom(position, entry);
    if (currentRoomId().isEmpty()) {
        selectRoom(id);
    }
    if (id == m_showWhenAdded) {
        m_showWhenAdded.clear();
        showRoom(id);
    }
    updateHostLabel();
    updateActions();
}

void MainWindow::onRoomAboutToBeRemoved(const QString &id)
{
    delete m_widgets.take(id); // before its session goes: the model reads its store
    m_roomList->removeRoom(id);
}

void MainWindow::onRoomRemoved()
{
    if (m_rooms->ids().isEmpty()) {
        m_stack->setCurrentWidget(m_emptyPage);
    }
    updateUnread();
    updateHostLabel();
    updateActions();
}

void MainWindow::onRoomReopened(const QString &id)
{
    RoomWidget *widget = createRoomWidget(id);
    const RoomConfig config = *m_rooms->config(id);
    m_roomList->setName(id, config.profile.name);
    m_roomList->setMuted(id, config.muted);
    m_roomList->setStatus(id, m_rooms->session(id)->connectionStatus());
    m_roomList->setUnread(id, 0, 0);
    if (id == currentRoomId()) {
        m_stack->setCurrentWidget(widget);
    }
    updateActivity();
    updateUnread();
    updateHostLabel();
    updateActions();
}

void MainWindow::onRoomMoved(const QString &id, int position)
{
    const RoomListModel::Entry *moving = m_roomList->entry(id);
    if (!moving) {
        return;
    }
    const RoomListModel::Entry entry = *moving;
    const bool wasCurrent = currentRoomId() == id;
    m_roomList->removeRoom(id);
    m_roomList->insertRoom(position, entry);
    if (wasCurrent) {
        selectRoom(id);
    }
}

void MainWindow::confirmTrust(const QString &id, const QByteArray &sha256)
{
    const std::optional<RoomConfig> config = m_rooms->config(id);
    if (!config || sha256.isEmpty()) {
        return;
    }
    const QStringList pinned = config->profile.trustedCertificateSha256;
    if (!pinned.isEmpty()) {
        // Pinned when the room was joined, and now another: show both, replace on request.
        if (RoomQuestions::confirmCertificateChange(
                this, config->profile.streamUrl.host(), pinned, sha256, config->profile.name)) {
            m_rooms->replaceTrustedCertificate(id, sha256);
        }
        return;
    }
    if (RoomQuestions::confirmCertificateTrust(
            this, config->profile.streamUrl.host(), sha256, config->profile.name)) {
        m_rooms->trustCertificate(id, sha256); // reconnects with the certificate trusted
    }
}

} // namespace hibiki
