// SPDX-License-Identifier: MIT
#include "windowactions.h"

#include "composeedit.h"
#include "roompages.h"
#include "roomquestions.h"
#include "roomwidget.h"

#include <shell/rooms.h>

#include <QApplication>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>

using namespace Qt::StringLiterals;

namespace hibiki {

WindowActions::WindowActions(Rooms *rooms, RoomPages *pages, QMainWindow *window)
    : QObject(window)
    , m_rooms(rooms)
    , m_pages(pages)
    , m_window(window)
{
    buildRoomMenu();
    buildEditMenu();
    buildHelpMenu();
}

void WindowActions::buildRoomMenu()
{
    QMenu *menu = m_window->menuBar()->addMenu(tr("&Room"));
    menu->addAction(tr("&Add Room…"), QKeySequence::New, this, &WindowActions::addRoomRequested);
    m_hostAction = menu->addAction(tr("&Host a Room on This Computer…"),
        QKeySequence(u"Ctrl+Shift+N"_s), this, &WindowActions::hostRoomRequested);
    m_inviteAction = menu->addAction(tr("&Invite People…"), QKeySequence(u"Ctrl+Shift+I"_s), this,
        &WindowActions::inviteRequested);
    m_editAction = menu->addAction(tr("&Edit Room…"), this, &WindowActions::editRoomRequested);
    menu->addSeparator();
    m_muteAction = menu->addAction(tr("&Mute Notifications"));
    m_muteAction->setCheckable(true);
    connect(m_muteAction, &QAction::triggered, this,
        [this](bool checked) { m_rooms->setMuted(m_pages->currentRoomId(), checked); });
    m_connectAction = menu->addAction(tr("&Disconnect"));
    connect(m_connectAction, &QAction::triggered, this, &WindowActions::toggleConnection);
    menu->addSeparator();
    QAction *next
        = menu->addAction(tr("&Next Room"), this, [this] { m_pages->selectRelativeRoom(1); });
    next->setShortcuts({QKeySequence(u"Ctrl+PgDown"_s), QKeySequence(u"Ctrl+Tab"_s)});
    QAction *previous
        = menu->addAction(tr("&Previous Room"), this, [this] { m_pages->selectRelativeRoom(-1); });
    previous->setShortcuts({QKeySequence(u"Ctrl+PgUp"_s), QKeySequence(u"Ctrl+Shift+Tab"_s)});
    menu->addSeparator();
    m_removeAction = menu->addAction(tr("Re&move Room…"), this, &WindowActions::removeCurrentRoom);
    menu->addSeparator();
    menu->addAction(tr("&Quit"), QKeySequence::Quit, m_window, &QWidget::close);
}

void WindowActions::buildEditMenu()
{
    QMenu *menu = m_window->menuBar()->addMenu(tr("&Edit"));
    m_findAction = menu->addAction(tr("&Find in Room…"), QKeySequence::Find, this, [this] {
        if (RoomWidget *room = m_pages->currentRoom()) {
            room->showSearch();
        }
    });
    menu->addAction(tr("Find in &All Rooms…"), QKeySequence(u"Ctrl+Shift+F"_s), this,
        &WindowActions::searchAllRequested);
    menu->addAction(tr("Write a &Message"), QKeySequence(u"Ctrl+L"_s), this, [this] {
        if (RoomWidget *room = m_pages->currentRoom()) {
            room->composeEdit()->setFocus(Qt::ShortcutFocusReason);
        }
    });
    menu->addAction(tr("Go to the &Room List"), QKeySequence(u"Ctrl+Shift+L"_s), this,
        &WindowActions::roomListRequested);
    menu->addSeparator();
    QAction *settings = menu->addAction(
        tr("&Settings…"), QKeySequence(u"Ctrl+,"_s), this, &WindowActions::settingsRequested);
    settings->setMenuRole(QAction::PreferencesRole);
}

void WindowActions::buildHelpMenu()
{
    QMenu *menu = m_window->menuBar()->addMenu(tr("&Help"));
    menu->addAction(tr("&About Hibiki"), this, [this] {
        QMessageBox::about(m_window, tr("About Hibiki"),
            tr("<h3>Hibiki %1</h3><p>A desktop chat client for rooms that speak Server-Sent "
               "Events: Hibiki rooms, the SSE tutorial's server, nginx nchan channels and "
               "other streams.</p>")
                .arg(QCoreApplication::applicationVersion().toHtmlEscaped()));
    });
    menu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

QList<QAction *> WindowActions::roomActions() const
{
    return {m_editAction, m_muteAction, m_connectAction, nullptr, m_removeAction};
}

void WindowActions::update()
{
    const QString id = m_pages->currentRoomId();
    const std::optional<RoomConfig> room = m_rooms->config(id);
    const ChatSession *session = m_rooms->session(id);
    const bool hasRoom = room.has_value();
    m_editAction->setEnabled(hasRoom);
    m_removeAction->setEnabled(hasRoom);
    m_muteAction->setEnabled(hasRoom);
    m_connectAction->setEnabled(session != nullptr);
    m_findAction->setEnabled(hasRoom);
    m_muteAction->setChecked(hasRoom && room->muted);
    const bool disconnected
        = session && session->connectionStatus().state == ConnectionStatus::State::Disconnected;
    m_connectAction->setText(disconnected ? tr("&Connect") : tr("&Disconnect"));
    // Hibiki hosts one room at a time: with one hosted, Host… opens its settings.
    const bool hosting = !m_rooms->hostedRoomId().isEmpty();
    m_hostAction->setText(
        hosting ? tr("Hosted Room &Settings…") : tr("&Host a Room on This Computer…"));
    m_inviteAction->setEnabled(hosting);
}

void WindowActions::toggleConnection()
{
    ChatSession *session = m_rooms->session(m_pages->currentRoomId());
    if (!session) {
        return;
    }
    if (session->connectionStatus().state == ConnectionStatus::State::Disconnected) {
        session->connectToServer();
    } else {
        session->disconnectFromServer();
    }
    update();
}

void WindowActions::removeCurrentRoom()
{
    const QString id = m_pages->currentRoomId();
    const std::optional<RoomConfig> config = m_rooms->config(id);
    if (!config) {
        return;
    }
    if (RoomQuestions::confirmRemoval(m_window, config->profile.name)) {
        m_rooms->removeRoom(id, true);
    }
}

} // namespace hibiki
