// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QAbstractItemModel;
class QAction;
class QListView;

namespace hibiki {

// The side of the window: "Rooms", the list of rooms (shown by RoomListDelegate) and the
// buttons that add a room on a server or host one on this computer. A right click on a room
// selects it and offers the room actions; elsewhere in the list, adding or hosting one.
class RoomSidePanel : public QWidget
{
    Q_OBJECT

public:
    explicit RoomSidePanel(QAbstractItemModel *rooms, QWidget *parent = nullptr);

    QListView *listView() const { return m_list; }
    // What a room's context menu offers (null: a separator).
    void setRoomActions(const QList<QAction *> &actions) { m_roomActions = actions; }

Q_SIGNALS:
    void addRequested();
    void hostRequested();

private:
    void showContextMenu(const QPoint &pos);

    QListView *m_list;
    QList<QAction *> m_roomActions;
};

} // namespace hibiki
