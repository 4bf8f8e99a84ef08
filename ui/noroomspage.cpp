// SPDX-License-Identifier: MIT
#include "noroomspage.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace hibiki {

NoRoomsPage::NoRoomsPage(QWidget *parent)
    : QWidget(parent)
{
    auto *text = new QLabel(tr("No rooms yet. Host one on this computer and invite people "
                               "to it, or join a room: paste its invite link or its address "
                               "in Join a Room."),
        this);
    text->setWordWrap(true);
    text->setAlignment(Qt::AlignCenter);
    auto *host = new QPushButton(tr("Host a Room on This Computer"), this);
    auto *add = new QPushButton(tr("Join a Room on a Server…"), this);
    connect(host, &QPushButton::clicked, this, &NoRoomsPage::hostRequested);
    connect(add, &QPushButton::clicked, this, &NoRoomsPage::addRequested);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(text);
    layout->addWidget(host, 0, Qt::AlignHCenter);
    layout->addWidget(add, 0, Qt::AlignHCenter);
    layout->addStretch(2);
}

} // namespace hibiki
