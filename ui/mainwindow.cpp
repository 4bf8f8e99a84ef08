// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "appliedpreferences.h"
#include "composeedit.h"
#include "globalsearchdialog.h"
#include "noroomspage.h"
#include "notifier.h"
#include "roomdialogs.h"
#include "roomlistmodel.h"
#include "roomlistplacement.h"
#include "roomnotifications.h"
#include "roompages.h"
#include "roomsidepanel.h"
#include "roomwidget.h"
#include "windowactions.h"
#include "windowstatusbar.h"

#include <shell/rooms.h>

#include <QCloseEvent>
#include <QListView>
#include <QResizeEvent>
#include <QSettings>
#include <QSplitter>

using namespace Qt::StringLiterals;

namespace hibiki {

MainWindow::MainWindow(Rooms *rooms, const Options &options, QWidget *parent)
    : QMainWindow(parent)
    , m_rooms(rooms)
    , m_options(options)
    , m_roomList(new RoomListModel(this))
    , m_notifier(new Notifier(this, this))
{
    setWindowTitle(tr("Hibiki"));
    setWindowIcon(Notifier::appIcon());
    m_roomNotifications = new RoomNotifications(
        m_rooms, m_notifier,
        [this](const QString &id) {
            return isActiveWindow() && !isMinimized() && id == currentRoomId();
        },
        this);
    // Before the rooms get their widgets: the look is there when they are made.
    m_preferences
        = new AppliedPreferences(m_rooms, m_roomNotifications, m_options.preferencesFile, this);

    auto *side = new RoomSidePanel(m_roomList, this);
    m_roomView = side->listView();
    connect(side, &RoomSidePanel::addRequested, this, &MainWindow::showAddRoomDialog);
    connect(side, &RoomSidePanel::hostRequested, this, &MainWindow::showHostRoomDialog);
    auto *empty = new NoRoomsPage(this);
    connect(empty, &NoRoomsPage::hostRequested, this, [this] { hostRoom(); });
    connect(empty, &NoRoomsPage::addRequested, this, &MainWindow::showAddRoomDialog);
    m_pages = new RoomPages(m_rooms, m_roomList, m_roomView, empty, this);
    m_placement = new RoomListPlacement(side, m_roomView, m_pages, this);
    setCentralWidget(m_placement);
    m_statusBar = new WindowStatusBar(m_rooms, this);
    setStatusBar(m_statusBar);
    m_actions = new WindowActions(m_rooms, m_pages, this);
    side->setRoomActions(m_actions->roomActions());
    m_dialogs = new RoomDialogs(m_rooms, m_pages, this);
    connectParts();

    resize(1000, 680);
    if (m_options.restoreSettings) {
        restoreSettings();
    }
    m_actions->update();
    updateTitle();
}

void MainWindow::connectParts()
{
    connect(m_pages, &RoomPages::currentRoomChanged, this, [this] {
        updateTitle();
        m_actions->update();
    });
    connect(m_pages, &RoomPages::unreadChanged, this, &MainWindow::updateUnread);
    connect(m_pages, &RoomPages::roomStateChanged, m_actions, &WindowActions::update);
    connect(m_pages, &RoomPages::hostSettingsRequested, this, &MainWindow::showHostRoomDialog);

    // Choosing a room (a click, or Enter) puts the keyboard in it and closes the drawer.
    const auto roomChosen = [this] {
        m_placement->closeDrawer();
        if (RoomWidget *room = currentRoom()) {
            room->composeEdit()->setFocus();
        }
    };
    connect(m_roomView, &QListView::activated, this, roomChosen);
    connect(m_roomView, &QListView::clicked, this, roomChosen);
    connect(m_placement, &RoomListPlacement::drawerClosedWithFocus, this, [this] {
        if (RoomWidget *room = currentRoom()) {
            room->composeEdit()->setFocus(Qt::OtherFocusReason);
        }
    });

    connect(m_actions, &WindowActions::addRoomRequested, this, &MainWindow::showAddRoomDialog);
    connect(m_actions, &WindowActions::hostRoomRequested, this, &MainWindow::showHostRoomDialog);
    connect(m_actions, &WindowActions::inviteRequested, this, &MainWindow::showInviteDialog);
    connect(m_actions, &WindowActions::editRoomRequested, this, &MainWindow::showEditRoomDialog);
    connect(m_actions, &WindowActions::searchAllRequested, this,
        [this] { GlobalSearchDialog::showFor(this); });
    connect(m_actions, &WindowActions::settingsRequested, this, &MainWindow::showSettingsDialog);
    connect(m_actions, &WindowActions::roomListRequested, this, &MainWindow::showRoomList);

    connect(m_notifier, &Notifier::showRequested, this, &MainWindow::showInFront);
    connect(m_notifier, &Notifier::quitRequested, this, &QWidget::close);
}

void MainWindow::openConfiguredRooms()
{
    m_rooms->openConfiguredRooms();
    if (!m_restoredRoomId.isEmpty() && m_rooms->contains(m_restoredRoomId)) {
        selectRoom(m_restoredRoomId);
    } else if (!m_rooms->ids().isEmpty() && currentRoomId().isEmpty()) {
        selectRoom(m_rooms->ids().constFirst());
    }
}

RoomWidget *MainWindow::openServer(const QUrl &url)
{
    return m_pages->showRoom(m_rooms->joinServer(url));
}

RoomWidget *MainWindow::openRoomNamed(const QString &name)
{
    const QString id = m_rooms->idForName(name);
    return id.isEmpty() ? nullptr : m_pages->showRoom(id);
}

RoomWidget *MainWindow::hostRoom(int port, bool lan, const QString &name, const QString &userName)
{
    return m_pages->showRoom(m_rooms->hostRoom(port, lan, name, userName));
}

void MainWindow::ensureARoom()
{
    const QString id = m_rooms->ensureARoom();
    if (!id.isEmpty()) {
        m_pages->showRoom(id);
    }
}

void MainWindow::joinInvite(const InviteLink &invite)
{
    m_pages->showInvitedRoom(invite);
    showInFront();
}

RoomWidget *MainWindow::currentRoom() const
{
    return m_pages->currentRoom();
}

RoomWidget *MainWindow::roomWidget(const QString &id) const
{
    return m_pages->roomWidget(id);
}

QString MainWindow::currentRoomId() const
{
    return m_pages->currentRoomId();
}

void MainWindow::selectRoom(const QString &id)
{
    m_pages->selectRoom(id);
}

void MainWindow::showStatus(const QString &text, int timeoutMs)
{
    m_statusBar->showStatus(text, timeoutMs);
}

QString MainWindow::statusText() const
{
    return m_statusBar->statusText();
}

const Preferences &MainWindow::preferences() const
{
    return m_preferences->current();
}

void MainWindow::setPreferences(const Preferences &preferences)
{
    m_preferences->set(preferences);
}

void MainWindow::showAddRoomDialog()
{
    m_dialogs->addRoom();
}

void MainWindow::showHostRoomDialog()
{
    m_dialogs->hostRoom();
}

void MainWindow::showInviteDialog()
{
    m_dialogs->invite();
}

void MainWindow::showEditRoomDialog()
{
    m_dialogs->editRoom();
}

void MainWindow::showSettingsDialog()
{
    m_preferences->edit(this, m_options.languageOverride);
}

void MainWindow::showInFront()
{
    show();
    if (isMinimized()) {
        showNormal();
    }
    raise();
    activateWindow();
}

void MainWindow::showRoomList()
{
    m_placement->showRoomList();
}

void MainWindow::updateUnread()
{
    m_notifier->setUnread(m_roomList->totalUnread());
    updateTitle();
}

void MainWindow::updateTitle()
{
    const std::optional<RoomConfig> room = m_rooms->config(currentRoomId());
    QString title = room ? tr("%1 — Hibiki").arg(room->profile.name) : tr("Hibiki");
    const int unread = m_roomList->totalUnread();
    if (unread > 0) {
        title = u"(%1) %2"_s.arg(unread).arg(title);
    }
    setWindowTitle(title);
    m_placement->setTitle(room ? room->profile.name : QString(), unread);
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    m_placement->fitWidth(event->size().width());
}

// Shown already narrow: the layout then never widens the window to fit the side panel
// before the first resizeEvent() could fold it into the drawer.
void MainWindow::setVisible(bool visible)
{
    if (visible) {
        m_placement->fitWidth(width());
    }
    QMainWindow::setVisible(visible);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::ActivationChange || event->type() == QEvent::WindowStateChange) {
        m_pages->updateActivity();
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    m_pages->handDraftsToRooms();
    m_rooms->saveDrafts();
    if (m_options.restoreSettings) {
        saveSettings();
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::saveSettings()
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    if (!m_placement->isNarrow()) { // a narrow window's splitter holds the room only
        settings.setValue(u"window/splitter"_s, m_placement->splitter()->saveState());
    }
    settings.setValue(u"window/currentRoom"_s, currentRoomId());
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
    restoreState(settings.value(u"window/state"_s).toByteArray());
    m_placement->splitter()->restoreState(settings.value(u"window/splitter"_s).toByteArray());
    m_restoredRoomId = settings.value(u"window/currentRoom"_s).toString();
}

} // namespace hibiki
