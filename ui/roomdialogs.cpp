// SPDX-License-Identifier: MIT
#include "roomdialogs.h"

#include "hostroomdialog.h"
#include "invitedialog.h"
#include "roompages.h"
#include "serverdialog.h"

#include <shell/invitelink.h>
#include <shell/networkpool.h>
#include <shell/rooms.h>

namespace hibiki {

RoomDialogs::RoomDialogs(Rooms *rooms, RoomPages *pages, QWidget *window)
    : QObject(window)
    , m_rooms(rooms)
    , m_pages(pages)
    , m_window(window)
{ }

void RoomDialogs::addRoom()
{
    ServerDialog dialog(m_rooms->network()->oneOffManager(), m_window);
    dialog.setKnownRooms(knownRooms());
    dialog.setUserName(m_rooms->newRoomUserName());
    const int answer = dialog.exec();
    if (answer == ServerDialog::OpenExistingRoom) {
        m_pages->showRoom(dialog.existingRoomId());
        return;
    }
    if (answer == ServerDialog::JoinInvite && dialog.invite()) {
        m_pages->showInvitedRoom(*dialog.invite());
        return;
    }
    if (answer != QDialog::Accepted) {
        return;
    }
    const RoomConfig config = dialog.room();
    m_pages->showWhenAdded(config.id); // now, or once the keychain stored its token
    m_rooms->addRoom(config, dialog.token());
}

QList<RoomConfig> RoomDialogs::knownRooms() const
{
    QList<RoomConfig> rooms;
    for (const QString &id : m_rooms->ids()) {
        if (const std::optional<RoomConfig> config = m_rooms->config(id)) {
            rooms.append(*config);
        }
    }
    return rooms;
}

void RoomDialogs::editRoom()
{
    const std::optional<RoomConfig> config = m_rooms->config(m_pages->currentRoomId());
    if (!config) {
        return;
    }
    if (config->hosted) {
        // A hosted room's address is this computer: its settings are the host dialog's.
        hostRoom();
        return;
    }
    ServerDialog dialog(m_rooms->network()->oneOffManager(), m_window);
    dialog.setKnownRooms(knownRooms());
    dialog.setRoom(*config);
    const int answer = dialog.exec();
    if (answer == ServerDialog::OpenExistingRoom) {
        m_pages->showRoom(dialog.existingRoomId());
        return;
    }
    if (answer != QDialog::Accepted) {
        return;
    }
    if (dialog.tokenEdited()) {
        m_rooms->reconfigure(dialog.room(), dialog.token());
    } else {
        m_rooms->reconfigure(dialog.room()); // with the token it has
    }
}

void RoomDialogs::hostRoom()
{
    const std::optional<RoomConfig> existing = m_rooms->config(m_rooms->hostedRoomId());
    HostRoomDialog dialog(m_window);
    if (existing) {
        dialog.setRoom(*existing, m_rooms->userNameFor(*existing));
    } else {
        dialog.setValues(m_rooms->uniqueName(Rooms::defaultHostedRoomName()),
            m_rooms->newRoomUserName(), m_rooms->options().defaultHostPort, false);
    }
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    if (existing) {
        m_rooms->reconfigure(dialog.appliedTo(*existing));
    } else {
        m_pages->showRoom(
            m_rooms->hostRoom(dialog.port(), dialog.lan(), dialog.roomName(), dialog.userName()));
    }
}

void RoomDialogs::invite()
{
    const QString id = m_rooms->hostedRoomId();
    if (id.isEmpty()) {
        return; // the action is disabled: no room is hosted here
    }
    InviteDialog dialog(m_rooms, id, m_window);
    bool settingsWanted = false;
    connect(&dialog, &InviteDialog::hostSettingsRequested, this, [&] { settingsWanted = true; });
    dialog.exec();
    if (settingsWanted) {
        hostRoom();
    }
}

} // namespace hibiki
