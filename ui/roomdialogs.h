// SPDX-License-Identifier: MIT
#pragma once

#include <shell/roomconfig.h>

#include <QList>
#include <QObject>

class QWidget;

namespace hibiki {

class RoomPages;
class Rooms;

// The room dialogs of the window: Add Room (which may also open a room already in the
// list, or join from a pasted invite link), Edit Room, Host a Room (or the hosted room's
// settings) and Invite People. What is chosen goes to Rooms; the room it concerns is shown.
class RoomDialogs : public QObject
{
    Q_OBJECT

public:
    // Dialogs open over `window`. `rooms` and `pages` must outlive this.
    RoomDialogs(Rooms *rooms, RoomPages *pages, QWidget *window);

    void addRoom();
    // The current room's settings (a hosted room's are the host dialog's).
    void editRoom();
    // A new hosted room, or the settings of the one hosted already.
    void hostRoom();
    // The hosted room's invite card; nothing when no room is hosted here.
    void invite();

private:
    QList<RoomConfig> knownRooms() const;

    Rooms *m_rooms;
    RoomPages *m_pages;
    QWidget *m_window;
};

} // namespace hibiki
