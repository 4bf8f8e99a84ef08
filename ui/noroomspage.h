// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

namespace hibiki {

// What the window shows while there is no room at all: host one, or join one (from its
// invite link or its address).
class NoRoomsPage : public QWidget
{
    Q_OBJECT

public:
    explicit NoRoomsPage(QWidget *parent = nullptr);

Q_SIGNALS:
    void hostRequested();
    void addRequested();
};

} // namespace hibiki
