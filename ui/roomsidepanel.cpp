// SPDX-License-Identifier: MIT
#include "roomsidepanel.h"

#include "roomlistdelegate.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

namespace hibiki {

RoomSidePanel::RoomSidePanel(QAbstractItemModel *rooms, QWidget *parent)
    : QWidget(parent)
    , m_list(new QListView(this))
{
    m_list->setModel(rooms);
    m_list->setItemDelegate(new RoomListDelegate(m_list));
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setUniformItemSizes(true);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_list->setAccessibleName(tr("Rooms"));
    m_list->setAccessibleDescription(tr("Your rooms, with the number of unread messages."));

    auto *header = new QLabel(tr("Rooms"), this);
    QFont headerFont = header->font();
    headerFont.setBold(true);
    header->setFont(headerFont);
    auto *addButton = new QToolButton(this);
    addButton->setText(tr("Add Room…"));
    addButton->setToolTip(tr("Join a room on a server (Ctrl+N)"));
    addButton->setAccessibleName(tr("Add a room"));
    addButton->setAutoRaise(true);
    auto *hostButton = new QToolButton(this);
    hostButton->setText(tr("Host…"));
    hostButton->setToolTip(tr("Host a room on this computer"));
    hostButton->setAccessibleName(tr("Host a room on this computer"));
    hostButton->setAutoRaise(true);
    connect(addButton, &QToolButton::clicked, this, &RoomSidePanel::addRequested);
    connect(hostButton, &QToolButton::clicked, this, &RoomSidePanel::hostRequested);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 4);
    layout->setSpacing(4);
    auto *headerRow = new QHBoxLayout;
    headerRow->setContentsMargins(12, 0, 6, 0);
    headerRow->addWidget(header, 1);
    layout->addLayout(headerRow);
    layout->addWidget(m_list, 1);
    auto *buttonRow = new QHBoxLayout;
    buttonRow->setContentsMargins(6, 0, 6, 0);
    buttonRow->addWidget(addButton);
    buttonRow->addWidget(hostButton);
    buttonRow->addStretch(1);
    layout->addLayout(buttonRow);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
    m_list->setBackgroundRole(QPalette::Base);
    connect(m_list, &QListView::customContextMenuRequested, this, &RoomSidePanel::showContextMenu);
}

void RoomSidePanel::showContextMenu(const QPoint &pos)
{
    QMenu menu(this);
    const QModelIndex index = m_list->indexAt(pos);
    if (index.isValid()) {
        m_list->setCurrentIndex(index);
        for (QAction *action : std::as_const(m_roomActions)) {
            if (action) {
                menu.addAction(action);
            } else {
                menu.addSeparator();
            }
        }
    } else {
        menu.addAction(tr("&Add Room…"), this, &RoomSidePanel::addRequested);
        menu.addAction(tr("&Host a Room on This Computer…"), this, &RoomSidePanel::hostRequested);
    }
    menu.exec(m_list->viewport()->mapToGlobal(pos));
}

} // namespace hibiki
