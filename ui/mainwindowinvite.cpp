// SPDX-License-Identifier: MIT
// MainWindow, invites: joining a room from an invite link, Room → Invite People…, and the
// invite card in a hosted room's empty state.
#include "mainwindow.h"

#include "emptyroominvite.h"
#include "invitecard.h"
#include "invitedialog.h"
#include "roomwidget.h"

#include <shell/invitelink.h>
#include <shell/rooms.h>

namespace hibiki {

void MainWindow::joinInvite(const InviteLink &invite)
{
    const QString id = m_rooms->joinInvite(invite);
    if (m_rooms->contains(id)) {
        showRoom(id);
    } else {
        m_showWhenAdded = id; // once the keychain stored its token
    }
    showInFront();
}

void MainWindow::showInviteDialog()
{
    const QString id = m_rooms->hostedRoomId();
    if (id.isEmpty()) {
        return; // the action is disabled: no room is hosted here
    }
    InviteDialog dialog(m_rooms, id, this);
    bool settingsWanted = false;
    connect(&dialog, &InviteDialog::hostSettingsRequested, this, [&] { settingsWanted = true; });
    dialog.exec();
    if (settingsWanted) {
        showHostRoomDialog();
    }
}

void MainWindow::showInviteCard(RoomWidget *widget, const QString &id)
{
    auto *invite = new EmptyRoomInvite(widget, m_rooms, id);
    connect(invite->card(), &InviteCard::hostSettingsRequested, this,
        &MainWindow::showHostRoomDialog, Qt::QueuedConnection);
}

} // namespace hibiki
