// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QPointer>
#include <QStackedWidget>

class QListView;

namespace hibiki {

class RoomListModel;
class Rooms;
class RoomWidget;
struct InviteLink;

// The rooms that `Rooms` keeps, on screen: a RoomWidget per room as a page of this stack
// and an entry per room in the room list (name, connection, unread, muted), following
// what Rooms opens, reopens, moves and closes. The room selected in the list is the page
// shown; with no room, the empty page. A room's certificate questions are asked here.
class RoomPages : public QStackedWidget
{
    Q_OBJECT

public:
    // `rooms` must outlive the pages; `list` shows `listModel`.
    RoomPages(Rooms *rooms, RoomListModel *listModel, QListView *list, QWidget *emptyPage,
        QWidget *parent);
    ~RoomPages() override;

    RoomWidget *currentRoom() const;
    QString currentRoomId() const;
    RoomWidget *roomWidget(const QString &id) const;
    void selectRoom(const QString &id);
    // The next (1) or previous (-1) room in the list, round the end.
    void selectRelativeRoom(int step);
    // Selects the room and puts the keyboard in its compose box.
    RoomWidget *showRoom(const QString &id);
    // The room joined from the invite link, shown: now, or once the keychain stored its
    // token and Rooms opened it.
    void showInvitedRoom(const InviteLink &invite);
    // A room the user just added, shown once Rooms opens it.
    void showWhenAdded(const QString &id) { m_showWhenAdded = id; }
    // Tells every room whether it is the one being looked at (the window active, not
    // minimised, the room shown): it reads its messages then.
    void updateActivity();
    // Gives Rooms what is typed in every compose box, to be saved.
    void handDraftsToRooms();

Q_SIGNALS:
    // Another room is shown (or none).
    void currentRoomChanged();
    // A room's unread count changed, or whether it counts (muted).
    void unreadChanged();
    // What the room menu depends on changed: rooms came or went, the current room's
    // connection or settings changed.
    void roomStateChanged();
    // The invite card of a hosted room asks for the room's host settings.
    void hostSettingsRequested();

private:
    void followRooms();
    RoomWidget *createRoomWidget(const QString &id);
    void onRoomAdded(const QString &id, int position);
    void onRoomAboutToBeRemoved(const QString &id);
    void onRoomRemoved();
    void onRoomAboutToBeReopened(const QString &id);
    void onRoomReopened(const QString &id);
    void onRoomChanged(const QString &id);
    void onRoomMoved(const QString &id, int position);
    void onCurrentRowChanged(int row);
    void confirmTrust(const QString &id, const QByteArray &sha256);

    Rooms *m_rooms;
    RoomListModel *m_listModel;
    QListView *m_list;
    QWidget *m_emptyPage;
    QHash<QString, QPointer<RoomWidget>> m_widgets;
    QString m_showWhenAdded;
};

} // namespace hibiki
