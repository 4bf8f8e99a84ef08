// SPDX-License-Identifier: MIT
#include "roompages.h"

#include "composeedit.h"
#include "emptyroominvite.h"
#include "invitecard.h"
#include "roomlistmodel.h"
#include "roomquestions.h"
#include "roomwidget.h"

#include <shell/invitelink.h>
#include <shell/rooms.h>

#include <QListView>

namespace hibiki {

RoomPages::RoomPages(
    Rooms *rooms, RoomListModel *listModel, QListView *list, QWidget *emptyPage, QWidget *parent)
    : QStackedWidget(parent)
    , m_rooms(rooms)
    , m_listModel(listModel)
    , m_list(list)
    , m_emptyPage(emptyPage)
{
    addWidget(m_emptyPage);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &current) { onCurrentRowChanged(current.row()); });
    followRooms();
}

RoomPages::~RoomPages()
{
    // The widgets go with the pages, the rooms' sessions stay with Rooms; nothing they say
    // while going may reach pages half gone (or the list model, which may be gone already).
    m_rooms->disconnect(this);
    for (const QPointer<RoomWidget> &room : std::as_const(m_widgets)) {
        if (room) {
            room->disconnect(this);
        }
    }
}

void RoomPages::followRooms()
{
    connect(m_rooms, &Rooms::roomAdded, this, &RoomPages::onRoomAdded);
    connect(m_rooms, &Rooms::roomAboutToBeRemoved, this, &RoomPages::onRoomAboutToBeRemoved);
    connect(m_rooms, &Rooms::roomRemoved, this, &RoomPages::onRoomRemoved);
    connect(m_rooms, &Rooms::roomAboutToBeReopened, this, &RoomPages::onRoomAboutToBeReopened);
    connect(m_rooms, &Rooms::roomReopened, this, &RoomPages::onRoomReopened);
    connect(m_rooms, &Rooms::roomChanged, this, &RoomPages::onRoomChanged);
    connect(m_rooms, &Rooms::roomMoved, this, &RoomPages::onRoomMoved);
    for (const QString &id : m_rooms->ids()) {
        onRoomAdded(id, m_rooms->position(id));
    }
}

RoomWidget *RoomPages::currentRoom() const
{
    return qobject_cast<RoomWidget *>(currentWidget());
}

RoomWidget *RoomPages::roomWidget(const QString &id) const
{
    return m_widgets.value(id);
}

QString RoomPages::currentRoomId() const
{
    return m_listModel->idAt(m_list->currentIndex().row());
}

void RoomPages::selectRoom(const QString &id)
{
    const int row = m_listModel->rowForId(id);
    if (row >= 0) {
        m_list->setCurrentIndex(m_listModel->index(row));
    }
}

void RoomPages::selectRelativeRoom(int step)
{
    const int count = m_listModel->rowCount();
    if (count == 0) {
        return;
    }
    const int row = (m_list->currentIndex().row() + step + count) % count;
    m_list->setCurrentIndex(m_listModel->index(row));
}

RoomWidget *RoomPages::showRoom(const QString &id)
{
    selectRoom(id);
    RoomWidget *widget = roomWidget(id);
    if (widget) {
        widget->composeEdit()->setFocus(Qt::OtherFocusReason);
    }
    return widget;
}

void RoomPages::showInvitedRoom(const InviteLink &invite)
{
    const QString id = m_rooms->joinInvite(invite);
    if (m_rooms->contains(id)) {
        showRoom(id);
    } else {
        m_showWhenAdded = id; // once the keychain stored its token
    }
}

void RoomPages::updateActivity()
{
    const QWidget *shownIn = window();
    const bool windowActive
        = shownIn->isVisible() && shownIn->isActiveWindow() && !shownIn->isMinimized();
    const RoomWidget *current = currentRoom();
    for (const QPointer<RoomWidget> &room : std::as_const(m_widgets)) {
        if (room) {
            room->setActive(windowActive && room == current);
        }
    }
}

void RoomPages::handDraftsToRooms()
{
    for (auto it = m_widgets.cbegin(); it != m_widgets.cend(); ++it) {
        if (it.value()) {
            m_rooms->setDraft(it.key(), it.value()->draft());
        }
    }
}

void RoomPages::onCurrentRowChanged(int row)
{
    RoomWidget *room = roomWidget(m_listModel->idAt(row));
    setCurrentWidget(room ? static_cast<QWidget *>(room) : m_emptyPage);
    updateActivity();
    Q_EMIT currentRoomChanged();
}

RoomWidget *RoomPages::createRoomWidget(const QString &id)
{
    auto *widget = new RoomWidget(m_rooms->session(id));
    addWidget(widget);
    widget->setDraft(m_rooms->draft(id));
    m_widgets.insert(id, widget);
    connect(widget, &RoomWidget::unreadChanged, this, [this, id, widget] {
        m_listModel->setUnread(id, widget->unreadCount(), widget->mentionCount());
        Q_EMIT unreadChanged();
    });
    connect(widget, &RoomWidget::trustCertificateRequested, this,
        [this, id](const QByteArray &sha256) { confirmTrust(id, sha256); });
    connect(widget, &RoomWidget::connectionStatusChanged, this,
        [this, id](const ConnectionStatus &status) {
            m_listModel->setStatus(id, status);
            if (id == currentRoomId()) {
                Q_EMIT roomStateChanged();
            }
        });
    if (m_rooms->config(id)->hosted) {
        // Its empty state: the invite card.
        auto *invite = new EmptyRoomInvite(widget, m_rooms, id);
        connect(invite->card(), &InviteCard::hostSettingsRequested, this,
            &RoomPages::hostSettingsRequested, Qt::QueuedConnection);
    }
    return widget;
}

void RoomPages::onRoomAdded(const QString &id, int position)
{
    createRoomWidget(id);
    const RoomConfig config = *m_rooms->config(id);
    RoomListModel::Entry entry;
    entry.id = id;
    entry.name = config.profile.name;
    entry.status = m_rooms->session(id)->connectionStatus();
    entry.muted = config.muted;
    entry.hosted = config.hosted;
    m_listModel->insertRoom(position, entry);
    if (currentRoomId().isEmpty()) {
        selectRoom(id);
    }
    if (id == m_showWhenAdded) {
        m_showWhenAdded.clear();
        showRoom(id);
    }
    Q_EMIT roomStateChanged();
}

void RoomPages::onRoomAboutToBeRemoved(const QString &id)
{
    delete m_widgets.take(id); // before its session goes: the model reads its store
    m_listModel->removeRoom(id);
}

void RoomPages::onRoomRemoved()
{
    if (m_rooms->ids().isEmpty()) {
        setCurrentWidget(m_emptyPage);
    }
    Q_EMIT unreadChanged();
    Q_EMIT roomStateChanged();
}

void RoomPages::onRoomAboutToBeReopened(const QString &id)
{
    if (RoomWidget *widget = roomWidget(id)) {
        m_rooms->setDraft(id, widget->draft());
    }
    delete m_widgets.take(id); // before its session goes: the model reads its store
}

void RoomPages::onRoomReopened(const QString &id)
{
    RoomWidget *widget = createRoomWidget(id);
    const RoomConfig config = *m_rooms->config(id);
    m_listModel->setName(id, config.profile.name);
    m_listModel->setMuted(id, config.muted);
    m_listModel->setStatus(id, m_rooms->session(id)->connectionStatus());
    m_listModel->setUnread(id, 0, 0);
    if (id == currentRoomId()) {
        setCurrentWidget(widget);
    }
    updateActivity();
    Q_EMIT unreadChanged();
    Q_EMIT roomStateChanged();
}

void RoomPages::onRoomChanged(const QString &id)
{
    m_listModel->setMuted(id, m_rooms->config(id)->muted);
    Q_EMIT unreadChanged();
    Q_EMIT roomStateChanged();
}

void RoomPages::onRoomMoved(const QString &id, int position)
{
    const RoomListModel::Entry *moving = m_listModel->entry(id);
    if (!moving) {
        return;
    }
    const RoomListModel::Entry entry = *moving;
    const bool wasCurrent = currentRoomId() == id;
    m_listModel->removeRoom(id);
    m_listModel->insertRoom(position, entry);
    if (wasCurrent) {
        selectRoom(id);
    }
}

void RoomPages::confirmTrust(const QString &id, const QByteArray &sha256)
{
    const std::optional<RoomConfig> config = m_rooms->config(id);
    if (!config || sha256.isEmpty()) {
        return;
    }
    const QStringList pinned = config->profile.trustedCertificateSha256;
    if (!pinned.isEmpty()) {
        // Pinned when the room was joined, and now another: show both, replace on request.
        if (RoomQuestions::confirmCertificateChange(
                window(), config->profile.streamUrl.host(), pinned, sha256, config->profile.name)) {
            m_rooms->replaceTrustedCertificate(id, sha256);
        }
        return;
    }
    if (RoomQuestions::confirmCertificateTrust(
            window(), config->profile.streamUrl.host(), sha256, config->profile.name)) {
        m_rooms->trustCertificate(id, sha256); // reconnects with the certificate trusted
    }
}

} // namespace hibiki
