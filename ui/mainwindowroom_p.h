// SPDX-License-Identifier: MIT
#pragma once

// The window's record of one open room, shared by mainwindow.cpp and mainwindowrooms.cpp.

#include "mainwindow.h"
#include "roomwidget.h"

#include <shell/hostedroom.h>

#include <QDateTime>
#include <QLockFile>
#include <QPointer>

namespace hibiki {

struct MainWindow::Room
{
    RoomConfig config;
    std::unique_ptr<QLockFile> lock; // this window owns the room's history file
    std::unique_ptr<HostedRoom> host;
    std::unique_ptr<ChatSession> session;
    QPointer<RoomWidget> widget;
    QDateTime lastNotified;
};

} // namespace hibiki
