// SPDX-License-Identifier: MIT
#include "emptyroominvite.h"

#include "chatview.h"
#include "invitecard.h"
#include "messagemodel.h"
#include "roomwidget.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QVBoxLayout>

namespace hibiki {

EmptyRoomInvite::EmptyRoomInvite(RoomWidget *room, Rooms *rooms, const QString &roomId)
    : QScrollArea(room->chatView()->viewport())
    , m_room(room)
    , m_card(new InviteCard(rooms, roomId))
{
    setObjectName(QStringLiteral("emptyRoomInvite"));
    setFrameShape(QFrame::NoFrame);
    setWidgetResizable(true);
    setFocusPolicy(Qt::NoFocus);
    // The message view's background shows through around the card.
    setAutoFillBackground(false);
    viewport()->setAutoFillBackground(false);
    auto *content = new QWidget;
    content->setAutoFillBackground(false);
    // Centred by stretches, not by alignment: a widget placed by alignment gets its size
    // hint, not the height its wrapped text needs at the width it gets.
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(m_card, 100); // up to its maximum width; the stretches take the rest
    row->addStretch(1);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(16, 16, 16, 16);
    layout->addStretch(1);
    layout->addLayout(row);
    layout->addStretch(2);
    setWidget(content);

    QAbstractItemModel *model = room->model();
    for (const auto signal :
        {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved}) {
        connect(model, signal, this, &EmptyRoomInvite::follow);
    }
    connect(model, &QAbstractItemModel::modelReset, this, &EmptyRoomInvite::follow);
    room->chatView()->viewport()->installEventFilter(this);
    follow();
}

bool EmptyRoomInvite::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize) {
        setGeometry(parentWidget()->rect());
    }
    return QScrollArea::eventFilter(watched, event);
}

void EmptyRoomInvite::follow()
{
    setGeometry(parentWidget()->rect());
    setVisible(m_room->model()->rowCount() == 0);
    if (isVisible()) {
        raise();
    }
}

} // namespace hibiki
