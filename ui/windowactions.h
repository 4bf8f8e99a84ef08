// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QObject>

class QAction;
class QMainWindow;

namespace hibiki {

class RoomPages;
class Rooms;

// The window's menus (Room, Edit, Help), their actions and shortcuts, and what the current
// room allows of them: Edit, Remove, Mute and Find need a room, Connect/Disconnect follows
// its connection, and Host… becomes the hosted room's settings once a room is hosted here.
// What acts on the current room alone is done here; opening a dialog or moving the keyboard
// to the room list is asked of the window through the signals.
class WindowActions : public QObject
{
    Q_OBJECT

public:
    // Fills `window`'s menu bar. `rooms` and `pages` must outlive the actions.
    WindowActions(Rooms *rooms, RoomPages *pages, QMainWindow *window);

    // Enabled, checked and worded for the current room.
    void update();
    // What a room's context menu offers (null: a separator).
    QList<QAction *> roomActions() const;

    QAction *hostAction() const { return m_hostAction; }
    QAction *inviteAction() const { return m_inviteAction; }
    QAction *editAction() const { return m_editAction; }
    QAction *muteAction() const { return m_muteAction; }
    QAction *connectAction() const { return m_connectAction; }
    QAction *removeAction() const { return m_removeAction; }
    QAction *findAction() const { return m_findAction; }

Q_SIGNALS:
    void addRoomRequested();
    void hostRoomRequested();
    void inviteRequested();
    void editRoomRequested();
    void searchAllRequested();
    void settingsRequested();
    void roomListRequested();

private:
    void buildRoomMenu();
    void buildEditMenu();
    void buildHelpMenu();
    void toggleConnection();
    void removeCurrentRoom();

    Rooms *m_rooms;
    RoomPages *m_pages;
    QMainWindow *m_window;
    QAction *m_hostAction = nullptr;
    QAction *m_inviteAction = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_muteAction = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_removeAction = nullptr;
    QAction *m_findAction = nullptr;
};

} // namespace hibiki
