// SPDX-License-Identifier: MIT
#include "mainwindow.h"
#include "mainwindowroom_p.h"

#include "composeedit.h"
#include "connectionbanner.h"
#include "hostroomdialog.h"
#include "messagemodel.h"
#include "notifier.h"
#include "roomlistdelegate.h"
#include "roomlistmodel.h"
#include "roomwidget.h"
#include "serverdialog.h"

#include <shell/hostedroom.h>
#include <shell/tokenstore.h>

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QLockFile>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hibiki {

QString MainWindow::defaultHostedRoomName()
{
    return tr("Room on this computer");
}

QString MainWindow::systemUserName()
{
    for (const char *variable : {"USER", "USERNAME", "LOGNAME"}) {
        const QString name = qEnvironmentVariable(variable).trimmed();
        if (!name.isEmpty()) {
            return name;
        }
    }
    const QString home = QDir::home().dirName();
    return home.isEmpty() ? tr("guest") : home;
}

MainWindow::MainWindow(RoomConfigStore *store, const Options &options, QWidget *parent)
    : QMainWindow(parent)
    , m_store(store)
    , m_options(options)
    , m_manager(options.networkAccessManager ? options.networkAccessManager
                                             : new QNetworkAccessManager(this))
    , m_roomList(new RoomListModel(this))
    , m_roomView(new QListView(this))
    , m_stack(new QStackedWidget(this))
    , m_splitter(new QSplitter(this))
    , m_hostLabel(new QLabel(this))
    , m_notifier(new Notifier(this, this))
{
    setWindowTitle(tr("Hibiki"));
    setWindowIcon(Notifier::appIcon());

    m_roomView->setModel(m_roomList);
    m_roomView->setItemDelegate(new RoomListDelegate(m_roomView));
    m_roomView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_roomView->setUniformItemSizes(true);
    m_roomView->setFrameShape(QFrame::NoFrame);
    m_roomView->setContextMenuPolicy(Qt::CustomContextMenu);
    m_roomView->setAccessibleName(tr("Rooms"));
    m_roomView->setAccessibleDescription(tr("Your rooms, with the number of unread messages."));

    auto *roomsHeader = new QLabel(tr("Rooms"), this);
    QFont headerFont = roomsHeader->font();
    headerFont.setBold(true);
    roomsHeader->setFont(headerFont);
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
    connect(addButton, &QToolButton::clicked, this, &MainWindow::showAddRoomDialog);
    connect(hostButton, &QToolButton::clicked, this, &MainWindow::showHostRoomDialog);

    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 8, 0, 4);
    sideLayout->setSpacing(4);
    auto *headerRow = new QHBoxLayout;
    headerRow->setContentsMargins(12, 0, 6, 0);
    headerRow->addWidget(roomsHeader, 1);
    sideLayout->addLayout(headerRow);
    sideLayout->addWidget(m_roomView, 1);
    auto *buttonRow = new QHBoxLayout;
    buttonRow->setContentsMargins(6, 0, 6, 0);
    buttonRow->addWidget(addButton);
    buttonRow->addWidget(hostButton);
    buttonRow->addStretch(1);
    sideLayout->addLayout(buttonRow);
    side->setAutoFillBackground(true);
    side->setBackgroundRole(QPalette::Base);
    m_roomView->setBackgroundRole(QPalette::Base);

    // What shows while there is no room at all.
    m_emptyPage = new QWidget(this);
    auto *emptyLayout = new QVBoxLayout(m_emptyPage);
    auto *emptyText = new QLabel(tr("No rooms yet. Host one on this computer and invite people "
                                    "on it, or join a room on a server."),
        m_emptyPage);
    emptyText->setWordWrap(true);
    emptyText->setAlignment(Qt::AlignCenter);
    auto *emptyHost = new QPushButton(tr("Host a Room on This Computer"), m_emptyPage);
    auto *emptyAdd = new QPushButton(tr("Join a Room on a Server…"), m_emptyPage);
    connect(emptyHost, &QPushButton::clicked, this, [this] { hostRoom(); });
    connect(emptyAdd, &QPushButton::clicked, this, &MainWindow::showAddRoomDialog);
    emptyLayout->addStretch(1);
    emptyLayout->addWidget(emptyText);
    emptyLayout->addWidget(emptyHost, 0, Qt::AlignHCenter);
    emptyLayout->addWidget(emptyAdd, 0, Qt::AlignHCenter);
    emptyLayout->addStretch(2);
    m_stack->addWidget(m_emptyPage);

    m_splitter->addWidget(side);
    m_splitter->addWidget(m_stack);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setCollapsible(1, false);
    m_splitter->setSizes({250, 750});
    setCentralWidget(m_splitter);

    m_hostLabel->setTextFormat(Qt::PlainText);
    m_hostLabel->setContentsMargins(0, 0, 8, 0);
    m_hostLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(m_hostLabel);
    statusBar()->setSizeGripEnabled(false);

    connect(m_roomView->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &current) {
            Room *room = findRoom(m_roomList->idAt(current.row()));
            m_stack->setCurrentWidget(
                room && room->widget ? static_cast<QWidget *>(room->widget) : m_emptyPage);
            updateActivity();
            updateTitle();
            updateActions();
        });
    connect(m_roomView, &QListView::activated, this, [this] {
        if (RoomWidget *room = currentRoom()) {
            room->composeEdit()->setFocus();
        }
    });
    connect(
        m_roomView, &QListView::customContextMenuRequested, this, &MainWindow::showRoomContextMenu);
    connect(m_notifier, &Notifier::showRequested, this, &MainWindow::showInFront);
    connect(m_notifier, &Notifier::quitRequested, this, &QWidget::close);

    buildMenus();
    resize(1000, 680);
    if (m_options.restoreSettings) {
        restoreSettings();
    }
    updateActions();
    updateHostLabel();
}

MainWindow::~MainWindow()
{
    // Widgets first: they read from the sessions' stores.
    for (const auto &room : m_rooms) {
        closeRoom(*room);
    }
    m_rooms.clear();
}

void MainWindow::buildMenus()
{
    QMenu *roomMenu = menuBar()->addMenu(tr("&Room"));
    roomMenu->addAction(tr("&Add Room…"), QKeySequence::New, this, &MainWindow::showAddRoomDialog);
    roomMenu->addAction(tr("&Host a Room on This Computer…"), QKeySequence(u"Ctrl+Shift+N"_s), this,
        &MainWindow::showHostRoomDialog);
    m_editAction = roomMenu->addAction(tr("&Edit Room…"), this, &MainWindow::showEditRoomDialog);
    roomMenu->addSeparator();
    m_muteAction = roomMenu->addAction(tr("&Mute Notifications"));
    m_muteAction->setCheckable(true);
    connect(m_muteAction, &QAction::triggered, this,
        [this](bool checked) { setMuted(currentRoomId(), checked); });
    m_connectAction = roomMenu->addAction(tr("&Disconnect"));
    connect(m_connectAction, &QAction::triggered, this, [this] {
        Room *room = findRoom(currentRoomId());
        if (!room || !room->session) {
            return;
        }
        if (room->session->connectionStatus().state == ConnectionStatus::State::Disconnected) {
            room->session->connectToServer();
        } else {
            room->session->disconnectFromServer();
        }
        updateActions();
    });
    roomMenu->addSeparator();
    QAction *next = roomMenu->addAction(tr("&Next Room"), this, [this] { selectRelativeRoom(1); });
    next->setShortcuts({QKeySequence(u"Ctrl+PgDown"_s), QKeySequence(u"Ctrl+Tab"_s)});
    QAction *previous
        = roomMenu->addAction(tr("&Previous Room"), this, [this] { selectRelativeRoom(-1); });
    previous->setShortcuts({QKeySequence(u"Ctrl+PgUp"_s), QKeySequence(u"Ctrl+Shift+Tab"_s)});
    roomMenu->addSeparator();
    m_removeAction = roomMenu->addAction(tr("Re&move Room…"), this, [this] {
        const QString id = currentRoomId();
        const std::optional<RoomConfig> config = roomConfig(id);
        if (!config) {
            return;
        }
        QMessageBox box(QMessageBox::Question, tr("Remove Room"),
            tr("Remove \"%1\" from your rooms? Its history on this computer is "
               "deleted too.")
                .arg(config->profile.name),
            QMessageBox::Cancel, this);
        box.setTextFormat(Qt::PlainText);
        QPushButton *remove = box.addButton(tr("Remove"), QMessageBox::DestructiveRole);
        box.exec();
        if (box.clickedButton() == remove) {
            removeRoom(id, true);
        }
    });
    roomMenu->addSeparator();
    roomMenu->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *editMenu = menuBar()->addMenu(tr("&Edit"));
    m_findAction = editMenu->addAction(tr("&Find in Room…"), QKeySequence::Find, this, [this] {
        if (RoomWidget *room = currentRoom()) {
            room->showSearch();
        }
    });
    editMenu->addAction(tr("Write a &Message"), QKeySequence(u"Ctrl+L"_s), this, [this] {
        if (RoomWidget *room = currentRoom()) {
            room->composeEdit()->setFocus(Qt::ShortcutFocusReason);
        }
    });
    editMenu->addAction(tr("Go to the &Room List"), QKeySequence(u"Ctrl+Shift+L"_s), this,
        [this] { m_roomView->setFocus(Qt::ShortcutFocusReason); });

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About Hibiki"), this, [this] {
        QMessageBox::about(this, tr("About Hibiki"),
            tr("<h3>Hibiki %1</h3><p>A desktop chat client for rooms that speak Server-Sent "
               "Events: Hibiki rooms, the SSE tutorial's server, nginx nchan channels and "
               "other streams.</p>")
                .arg(QCoreApplication::applicationVersion().toHtmlEscaped()));
    });
    helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

RoomWidget *MainWindow::currentRoom() const
{
    return qobject_cast<RoomWidget *>(m_stack->currentWidget());
}

QString MainWindow::currentRoomId() const
{
    return m_roomList->idAt(m_roomView->currentIndex().row());
}

void MainWindow::selectRoom(const QString &id)
{
    const int row = m_roomList->rowForId(id);
    if (row >= 0) {
        m_roomView->setCurrentIndex(m_roomList->index(row));
    }
}

void MainWindow::selectRelativeRoom(int step)
{
    const int count = m_roomList->rowCount();
    if (count == 0) {
        return;
    }
    const int row = (m_roomView->currentIndex().row() + step + count) % count;
    m_roomView->setCurrentIndex(m_roomList->index(row));
}

void MainWindow::updateActivity()
{
    const bool windowActive = isVisible() && isActiveWindow() && !isMinimized();
    RoomWidget *current = currentRoom();
    for (const auto &room : m_rooms) {
        if (room->widget) {
            room->widget->setActive(windowActive && room->widget == current);
        }
    }
}

void MainWindow::updateUnread()
{
    m_notifier->setUnread(m_roomList->totalUnread());
    updateTitle();
}

void MainWindow::updateTitle()
{
    const Room *room = findRoom(currentRoomId());
    QString title = room ? tr("%1 — Hibiki").arg(room->config.profile.name) : tr("Hibiki");
    const int unread = m_roomList->totalUnread();
    if (unread > 0) {
        title = u"(%1) %2"_s.arg(unread).arg(title);
    }
    setWindowTitle(title);
}

void MainWindow::updateActions()
{
    const Room *room = findRoom(currentRoomId());
    const bool hasRoom = room != nullptr;
    m_editAction->setEnabled(hasRoom);
    m_removeAction->setEnabled(hasRoom);
    m_muteAction->setEnabled(hasRoom);
    m_connectAction->setEnabled(hasRoom && room->session);
    m_findAction->setEnabled(hasRoom);
    m_muteAction->setChecked(hasRoom && room->config.muted);
    const bool disconnected = hasRoom && room->session
        && room->session->connectionStatus().state == ConnectionStatus::State::Disconnected;
    m_connectAction->setText(disconnected ? tr("&Connect") : tr("&Disconnect"));
}

void MainWindow::updateHostLabel()
{
    QStringList parts;
    for (const auto &room : m_rooms) {
        if (!room->host) {
            continue;
        }
        QStringList addresses {room->host->baseUrl().toString()};
        for (const QUrl &url : room->host->networkUrls()) {
            addresses.append(url.toString());
        }
        parts.append(
            tr("Hosting \"%1\" at %2").arg(room->config.profile.name, addresses.join(u", "_s)));
    }
    m_hostLabel->setText(parts.join(u"; "_s));
    m_hostLabel->setToolTip(parts.isEmpty()
            ? QString()
            : tr("Others join with Add Room, or with: hibiki --server <address>"));
    m_hostLabel->setVisible(!parts.isEmpty());
}

void MainWindow::showRoomContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_roomView->indexAt(pos);
    if (!index.isValid()) {
        QMenu menu(this);
        menu.addAction(tr("&Add Room…"), this, &MainWindow::showAddRoomDialog);
        menu.addAction(tr("&Host a Room on This Computer…"), this, &MainWindow::showHostRoomDialog);
        menu.exec(m_roomView->viewport()->mapToGlobal(pos));
        return;
    }
    m_roomView->setCurrentIndex(index);
    QMenu menu(this);
    menu.addAction(m_editAction);
    menu.addAction(m_muteAction);
    menu.addAction(m_connectAction);
    menu.addSeparator();
    menu.addAction(m_removeAction);
    menu.exec(m_roomView->viewport()->mapToGlobal(pos));
}

void MainWindow::showAddRoomDialog()
{
    ServerDialog dialog(m_manager, this);
    QStringList names;
    for (const auto &room : m_rooms) {
        names.append(room->config.profile.name);
    }
    dialog.setTakenNames(names);
    dialog.setUserName(
        m_options.userOverride.isEmpty() ? systemUserName() : m_options.userOverride);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    RoomConfig config = dialog.room();
    const QString token = dialog.token();
    config.hasToken = !token.isEmpty() && m_options.tokens;
    const auto add = [this, config, token] {
        addRoom(config, token);
        saveRooms();
        selectRoom(config.id);
        if (RoomWidget *room = roomWidget(config.id)) {
            room->composeEdit()->setFocus();
        }
    };
    if (config.hasToken) {
        QPointer<MainWindow> self(this);
        m_options.tokens->write(config.id, token, [self, add, config](QString error) {
            if (!self) {
                return;
            }
            if (!error.isEmpty()) {
                self->statusBar()->showMessage(
                    tr("The token of \"%1\" could not be stored in the keychain (%2); it is "
                       "used until Hibiki closes.")
                        .arg(config.profile.name, error));
            }
            add();
        });
    } else {
        add();
    }
}

void MainWindow::showEditRoomDialog()
{
    const std::optional<RoomConfig> config = roomConfig(currentRoomId());
    if (!config) {
        return;
    }
    if (config->hosted) {
        // A hosted room's address is this computer: its settings are the host dialog's.
        showHostRoomDialog();
        return;
    }
    ServerDialog dialog(m_manager, this);
    QStringList names;
    for (const auto &room : m_rooms) {
        names.append(room->config.profile.name);
    }
    dialog.setTakenNames(names);
    dialog.setRoom(*config);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    RoomConfig edited = dialog.room();
    if (!dialog.tokenEdited()) {
        openRoomFromConfig(edited); // reconnects with the stored token, if any
        return;
    }
    const QString token = dialog.token();
    edited.hasToken = !token.isEmpty() && m_options.tokens;
    if (!m_options.tokens) {
        updateRoom(edited, token);
        return;
    }
    QPointer<MainWindow> self(this);
    m_options.tokens->write(edited.id, token, [self, edited, token](QString error) {
        if (!self) {
            return;
        }
        if (!error.isEmpty()) {
            self->statusBar()->showMessage(
                tr("The token could not be stored in the keychain: %1").arg(error));
        }
        self->updateRoom(edited, token);
    });
}

void MainWindow::showHostRoomDialog()
{
    Room *existing = nullptr;
    for (const auto &room : m_rooms) {
        if (room->config.hosted) {
            existing = room.get();
            break;
        }
    }
    HostRoomDialog dialog(this);
    if (existing) {
        dialog.setValues(existing->config.profile.name, userNameFor(existing->config),
            existing->config.hostPort, existing->config.hostOnLan);
    } else {
        dialog.setValues(m_store->uniqueName(defaultHostedRoomName()),
            m_options.userOverride.isEmpty() ? systemUserName() : m_options.userOverride,
            m_options.defaultHostPort, false);
    }
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    if (!existing) {
        hostRoom(dialog.port(), dialog.lan(), dialog.roomName(), dialog.userName());
        return;
    }
    RoomConfig config = existing->config;
    config.profile.name = dialog.roomName();
    config.profile.userName = dialog.userName();
    config.hostPort = dialog.port();
    config.hostOnLan = dialog.lan();
    updateRoom(config);
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

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_options.restoreSettings) {
        saveSettings();
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::ActivationChange || event->type() == QEvent::WindowStateChange) {
        updateActivity();
    }
}

void MainWindow::saveSettings()
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    settings.setValue(u"window/splitter"_s, m_splitter->saveState());
    settings.setValue(u"window/currentRoom"_s, currentRoomId());
    settings.beginGroup(u"drafts"_s);
    settings.remove(QString());
    for (const auto &room : m_rooms) {
        if (room->widget && !room->widget->draft().isEmpty()) {
            settings.setValue(room->config.id, room->widget->draft());
        }
    }
    settings.endGroup();
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
    restoreState(settings.value(u"window/state"_s).toByteArray());
    m_splitter->restoreState(settings.value(u"window/splitter"_s).toByteArray());
    m_restoredRoomId = settings.value(u"window/currentRoom"_s).toString();
}

} // namespace hibiki
