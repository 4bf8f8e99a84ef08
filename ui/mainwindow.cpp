// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "appearance.h"
#include "composeedit.h"
#include "elidedlabel.h"
#include "globalsearchdialog.h"
#include "hostroomdialog.h"
#include "noroomspage.h"
#include "notifier.h"
#include "roomdrawer.h"
#include "roomlistmodel.h"
#include "roomnotifications.h"
#include "roomquestions.h"
#include "roomsidepanel.h"
#include "roomwidget.h"
#include "serverdialog.h"
#include "settingsdialog.h"

#include <shell/hostedroom.h>
#include <shell/networkpool.h>
#include <shell/rooms.h>

#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QResizeEvent>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <memory>

using namespace Qt::StringLiterals;

namespace hibiki {

MainWindow::MainWindow(Rooms *rooms, const Options &options, QWidget *parent)
    : QMainWindow(parent)
    , m_rooms(rooms)
    , m_options(options)
    , m_roomList(new RoomListModel(this))
    , m_stack(new QStackedWidget(this))
    , m_splitter(new QSplitter(this))
    , m_statusText(new ElidedLabel(this))
    , m_hostLabel(new ElidedLabel(this))
    , m_statusTimer(new QTimer(this))
    , m_notifier(new Notifier(this, this))
{
    setWindowTitle(tr("Hibiki"));
    setWindowIcon(Notifier::appIcon());

    auto *side = new RoomSidePanel(m_roomList, this);
    m_sidePanel = side;
    m_roomView = side->listView();
    connect(side, &RoomSidePanel::addRequested, this, &MainWindow::showAddRoomDialog);
    connect(side, &RoomSidePanel::hostRequested, this, &MainWindow::showHostRoomDialog);
    auto *empty = new NoRoomsPage(this);
    connect(empty, &NoRoomsPage::hostRequested, this, [this] { hostRoom(); });
    connect(empty, &NoRoomsPage::addRequested, this, &MainWindow::showAddRoomDialog);
    m_emptyPage = empty;
    m_stack->addWidget(m_emptyPage);
    m_splitter->addWidget(side);
    m_splitter->addWidget(m_stack);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setCollapsible(1, false);
    m_splitter->setSizes({SidePanelWidth, 750});
    auto *central = new QWidget(this);
    auto *centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(buildNarrowBar());
    centralLayout->addWidget(m_splitter, 1);
    setCentralWidget(central);
    m_drawer = new RoomDrawer(m_splitter);
    connect(m_drawer, &RoomDrawer::openChanged, this, [this](bool open) {
        m_drawerButton->setChecked(open);
        if (open) {
            m_roomView->setFocus(Qt::OtherFocusReason);
        } else if (RoomWidget *room = currentRoom();
                   room && m_drawer->isAncestorOf(focusWidget())) {
            room->composeEdit()->setFocus(Qt::OtherFocusReason);
        }
    });

    m_statusText->setAccessibleName(tr("Status"));
    m_hostLabel->setContentsMargins(0, 0, 8, 0);
    m_hostLabel->setAccessibleName(tr("Hosted rooms"));
    m_hostLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // No stretch: each takes the width of its text while the bar has room, and both are
    // cut when it has not.
    statusBar()->addWidget(m_statusText);
    statusBar()->addPermanentWidget(m_hostLabel);
    m_statusTimer->setSingleShot(true);
    connect(m_statusTimer, &QTimer::timeout, this, [this] { showStatus({}); });
    statusBar()->setSizeGripEnabled(false);

    connect(m_roomView->selectionModel(), &QItemSelectionModel::currentChanged, this,
        [this](const QModelIndex &current) {
            RoomWidget *room = roomWidget(m_roomList->idAt(current.row()));
            m_stack->setCurrentWidget(room ? static_cast<QWidget *>(room) : m_emptyPage);
            updateActivity();
            updateTitle();
            updateActions();
        });
    // Choosing a room (a click, or Enter) puts the keyboard in it and closes the drawer.
    const auto roomChosen = [this] {
        m_drawer->close();
        if (RoomWidget *room = currentRoom()) {
            room->composeEdit()->setFocus();
        }
    };
    connect(m_roomView, &QListView::activated, this, roomChosen);
    connect(m_roomView, &QListView::clicked, this, roomChosen);
    connect(m_notifier, &Notifier::showRequested, this, &MainWindow::showInFront);
    connect(m_notifier, &Notifier::quitRequested, this, &QWidget::close);
    m_roomNotifications = new RoomNotifications(
        m_rooms, m_notifier,
        [this](const QString &id) {
            return isActiveWindow() && !isMinimized() && id == currentRoomId();
        },
        this);

    applyPreferences(Preferences::load(*preferencesSettings()));
    buildMenus();
    side->setRoomActions({m_editAction, m_muteAction, m_connectAction, nullptr, m_removeAction});
    followRooms();
    resize(1000, 680);
    if (m_options.restoreSettings) {
        restoreSettings();
    }
    updateActions();
    updateHostLabel();
}

MainWindow::~MainWindow()
{
    // The widgets go with the window; the rooms' sessions stay with Rooms.
    m_rooms->disconnect(this);
}

void MainWindow::buildMenus()
{
    QMenu *roomMenu = menuBar()->addMenu(tr("&Room"));
    roomMenu->addAction(tr("&Add Room…"), QKeySequence::New, this, &MainWindow::showAddRoomDialog);
    m_hostAction = roomMenu->addAction(tr("&Host a Room on This Computer…"),
        QKeySequence(u"Ctrl+Shift+N"_s), this, &MainWindow::showHostRoomDialog);
    m_inviteAction = roomMenu->addAction(tr("&Invite People…"), QKeySequence(u"Ctrl+Shift+I"_s),
        this, &MainWindow::showInviteDialog);
    m_editAction = roomMenu->addAction(tr("&Edit Room…"), this, &MainWindow::showEditRoomDialog);
    roomMenu->addSeparator();
    m_muteAction = roomMenu->addAction(tr("&Mute Notifications"));
    m_muteAction->setCheckable(true);
    connect(m_muteAction, &QAction::triggered, this,
        [this](bool checked) { m_rooms->setMuted(currentRoomId(), checked); });
    m_connectAction = roomMenu->addAction(tr("&Disconnect"));
    connect(m_connectAction, &QAction::triggered, this, [this] {
        ChatSession *session = m_rooms->session(currentRoomId());
        if (!session) {
            return;
        }
        if (session->connectionStatus().state == ConnectionStatus::State::Disconnected) {
            session->connectToServer();
        } else {
            session->disconnectFromServer();
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
        const std::optional<RoomConfig> config = m_rooms->config(id);
        if (!config) {
            return;
        }
        if (RoomQuestions::confirmRemoval(this, config->profile.name)) {
            m_rooms->removeRoom(id, true);
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
    editMenu->addAction(tr("Find in &All Rooms…"), QKeySequence(u"Ctrl+Shift+F"_s), this,
        [this] { GlobalSearchDialog::showFor(this); });
    editMenu->addAction(tr("Write a &Message"), QKeySequence(u"Ctrl+L"_s), this, [this] {
        if (RoomWidget *room = currentRoom()) {
            room->composeEdit()->setFocus(Qt::ShortcutFocusReason);
        }
    });
    editMenu->addAction(tr("Go to the &Room List"), QKeySequence(u"Ctrl+Shift+L"_s), this,
        &MainWindow::showRoomList);
    editMenu->addSeparator();
    QAction *settings = editMenu->addAction(
        tr("&Settings…"), QKeySequence(u"Ctrl+,"_s), this, &MainWindow::showSettingsDialog);
    settings->setMenuRole(QAction::PreferencesRole);

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

QWidget *MainWindow::buildNarrowBar()
{
    m_narrowBar = new QWidget(this);
    m_narrowBar->setAutoFillBackground(true);
    m_narrowBar->setBackgroundRole(QPalette::Base);
    m_drawerButton = new QToolButton(m_narrowBar);
    m_drawerButton->setCheckable(true);
    m_drawerButton->setAutoRaise(true);
    m_drawerButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_drawerButton->setAccessibleName(tr("Show the rooms"));
    m_drawerButton->setToolTip(tr("Show the rooms (Ctrl+Shift+L)"));
    m_narrowTitle = new QLabel(m_narrowBar);
    m_narrowTitle->setTextFormat(Qt::PlainText);
    QFont titleFont = m_narrowTitle->font();
    titleFont.setBold(true);
    m_narrowTitle->setFont(titleFont);
    m_narrowTitle->setMinimumWidth(1); // a long name is cut, never widens the window
    auto *layout = new QHBoxLayout(m_narrowBar);
    layout->setContentsMargins(4, 2, 8, 2);
    layout->addWidget(m_drawerButton);
    layout->addWidget(m_narrowTitle, 1);
    connect(m_drawerButton, &QToolButton::clicked, this, [this](bool checked) {
        if (checked) {
            m_drawer->open();
        } else {
            m_drawer->close();
        }
    });
    m_narrowBar->hide();
    return m_narrowBar;
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    setNarrow(event->size().width() < NarrowWidth);
}

// Shown already narrow: the layout then never widens the window to fit the side panel
// before the first resizeEvent() could fold it into the drawer.
void MainWindow::setVisible(bool visible)
{
    if (visible) {
        setNarrow(width() < NarrowWidth);
    }
    QMainWindow::setVisible(visible);
}

void MainWindow::setNarrow(bool narrow)
{
    if (narrow == m_narrow) {
        return;
    }
    m_narrow = narrow;
    if (narrow) {
        m_wideSizes = m_splitter->sizes();
        m_drawer->setPanel(m_sidePanel);
    } else {
        m_drawer->takePanel();
        m_splitter->insertWidget(0, m_sidePanel);
        m_sidePanel->show();
        if (m_wideSizes.size() == 2) {
            m_splitter->setSizes(m_wideSizes);
        }
    }
    m_narrowBar->setVisible(narrow);
    updateTitle();
}

void MainWindow::showRoomList()
{
    if (m_narrow) {
        m_drawer->open();
    } else {
        const QList<int> sizes = m_splitter->sizes();
        if (sizes.size() == 2 && sizes.at(0) < MinSidePanelWidth) {
            // Dragged shut (or nearly): back at a width one can read names in.
            const int total = sizes.at(0) + sizes.at(1);
            const int side = std::min(SidePanelWidth, total / 3);
            m_splitter->setSizes({side, total - side});
        }
    }
    m_roomView->setFocus(Qt::ShortcutFocusReason);
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
    for (const QPointer<RoomWidget> &room : std::as_const(m_widgets)) {
        if (room) {
            room->setActive(windowActive && room == current);
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
    const std::optional<RoomConfig> room = m_rooms->config(currentRoomId());
    QString title = room ? tr("%1 — Hibiki").arg(room->profile.name) : tr("Hibiki");
    const int unread = m_roomList->totalUnread();
    if (unread > 0) {
        title = u"(%1) %2"_s.arg(unread).arg(title);
    }
    setWindowTitle(title);
    m_drawerButton->setText(unread > 0 ? tr("☰ Rooms (%1)").arg(unread) : tr("☰ Rooms"));
    m_narrowTitle->setText(room ? room->profile.name : QString());
}

void MainWindow::updateActions()
{
    const std::optional<RoomConfig> room = m_rooms->config(currentRoomId());
    const ChatSession *session = m_rooms->session(currentRoomId());
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

void MainWindow::updateHostLabel()
{
    QStringList parts;
    for (const QString &id : m_rooms->ids()) {
        const HostedRoom *host = m_rooms->hostedRoom(id);
        if (!host) {
            continue;
        }
        QStringList addresses {host->baseUrl().toString()};
        for (const QUrl &url : host->networkUrls()) {
            addresses.append(url.toString());
        }
        parts.append(tr("Hosting \"%1\" at %2")
                         .arg(m_rooms->config(id)->profile.name, addresses.join(u", "_s)));
    }
    m_hostLabel->setFullText(parts.join(u"; "_s));
    m_hostLabel->setHint(
        parts.isEmpty() ? QString() : tr("Room → Invite People… shows the link others join with"));
    m_hostLabel->setVisible(!parts.isEmpty());
}

void MainWindow::showAddRoomDialog()
{
    ServerDialog dialog(m_rooms->network()->oneOffManager(), this);
    dialog.setKnownRooms(knownRooms());
    dialog.setUserName(m_rooms->newRoomUserName());
    const int answer = dialog.exec();
    if (answer == ServerDialog::OpenExistingRoom) {
        showRoom(dialog.existingRoomId());
        return;
    }
    if (answer == ServerDialog::JoinInvite && dialog.invite()) {
        joinInvite(*dialog.invite());
        return;
    }
    if (answer != QDialog::Accepted) {
        return;
    }
    const RoomConfig config = dialog.room();
    m_showWhenAdded = config.id; // now, or once the keychain stored its token
    m_rooms->addRoom(config, dialog.token());
}

QList<RoomConfig> MainWindow::knownRooms() const
{
    QList<RoomConfig> rooms;
    for (const QString &id : m_rooms->ids()) {
        if (const std::optional<RoomConfig> config = m_rooms->config(id)) {
            rooms.append(*config);
        }
    }
    return rooms;
}

void MainWindow::showEditRoomDialog()
{
    const std::optional<RoomConfig> config = m_rooms->config(currentRoomId());
    if (!config) {
        return;
    }
    if (config->hosted) {
        // A hosted room's address is this computer: its settings are the host dialog's.
        showHostRoomDialog();
        return;
    }
    ServerDialog dialog(m_rooms->network()->oneOffManager(), this);
    dialog.setKnownRooms(knownRooms());
    dialog.setRoom(*config);
    const int answer = dialog.exec();
    if (answer == ServerDialog::OpenExistingRoom) {
        showRoom(dialog.existingRoomId());
        return;
    }
    if (answer != QDialog::Accepted) {
        return;
    }
    if (dialog.tokenEdited()) {
        m_rooms->reconfigure(dialog.room(), dialog.token());
    } else {
        m_rooms->reconfigure(dialog.room()); // with the token it has
    }
}

void MainWindow::showHostRoomDialog()
{
    const std::optional<RoomConfig> existing = m_rooms->config(m_rooms->hostedRoomId());
    HostRoomDialog dialog(this);
    if (existing) {
        dialog.setRoom(*existing, m_rooms->userNameFor(*existing));
    } else {
        dialog.setValues(m_rooms->uniqueName(Rooms::defaultHostedRoomName()),
            m_rooms->newRoomUserName(), m_rooms->options().defaultHostPort, false);
    }
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    if (existing) {
        m_rooms->reconfigure(dialog.appliedTo(*existing));
    } else {
        hostRoom(dialog.port(), dialog.lan(), dialog.roomName(), dialog.userName());
    }
}

void MainWindow::showSettingsDialog()
{
    SettingsDialog dialog(m_preferences, this);
    dialog.setSystemUserName(Rooms::systemUserName());
    dialog.setUserOverride(m_rooms->options().userOverride);
    dialog.setLanguageOverride(m_options.languageOverride);
    connect(&dialog, &SettingsDialog::previewRequested, this, [](const Preferences &preview) {
        Appearance::apply(preview.theme, preview.fontPointSize);
    });
    if (dialog.exec() == QDialog::Accepted) {
        setPreferences(dialog.preferences());
    } else {
        Appearance::apply(m_preferences.theme, m_preferences.fontPointSize);
    }
}

void MainWindow::setPreferences(const Preferences &preferences)
{
    applyPreferences(preferences);
    m_preferences.save(*preferencesSettings());
}

std::unique_ptr<QSettings> MainWindow::preferencesSettings() const
{
    return m_options.preferencesFile.isEmpty()
        ? std::make_unique<QSettings>()
        : std::make_unique<QSettings>(m_options.preferencesFile, QSettings::IniFormat);
}

void MainWindow::applyPreferences(const Preferences &preferences)
{
    m_preferences = preferences;
    m_rooms->setDefaultUserName(preferences.userName);
    m_roomNotifications->setMode(preferences.notifications);
    Appearance::apply(preferences.theme, preferences.fontPointSize);
}

void MainWindow::showStatus(const QString &text, int timeoutMs)
{
    m_statusText->setFullText(text);
    if (timeoutMs > 0 && !text.isEmpty()) {
        m_statusTimer->start(timeoutMs);
    } else {
        m_statusTimer->stop();
    }
}

QString MainWindow::statusText() const
{
    return m_statusText->fullText();
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
    for (auto it = m_widgets.cbegin(); it != m_widgets.cend(); ++it) {
        if (it.value()) {
            m_rooms->setDraft(it.key(), it.value()->draft());
        }
    }
    m_rooms->saveDrafts();
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
    if (!m_narrow) { // a narrow window's splitter holds the room only
        settings.setValue(u"window/splitter"_s, m_splitter->saveState());
    }
    settings.setValue(u"window/currentRoom"_s, currentRoomId());
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
