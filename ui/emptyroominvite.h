// SPDX-License-Identifier: MIT
#pragma once

#include <QScrollArea>

namespace hibiki {

class InviteCard;
class Rooms;
class RoomWidget;

// A hosted room's empty state: while it has no messages, its message view shows the
// invite card (the link and its QR code, or what to do to let others join) instead of a
// blank pane. It goes as soon as the first message is there, and comes back if the view
// is emptied. Lives on the view's viewport, which it covers.
class EmptyRoomInvite : public QScrollArea
{
    Q_OBJECT

public:
    EmptyRoomInvite(RoomWidget *room, Rooms *rooms, const QString &roomId);

    InviteCard *card() const { return m_card; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void follow();

    RoomWidget *m_room;
    InviteCard *m_card = nullptr;
};

} // namespace hibiki
