// SPDX-License-Identifier: MIT
#pragma once

#include <core/chatsession.h>
#include <shell/preferences.h>
#include <shell/roomconfig.h>

#include <QHash>
#include <QMainWindow>
#include <QPointer>

#include <memory>

class QAction;
class QLabel;
class QListView;
class QSettings;
class QSplitter;
class QStackedWidget;
class QTimer;
class QToolButton;

namespace hibiki {

class ElidedLabel;
class Notifier;
class RoomListModel;
class RoomDrawer;
class RoomNotifications;
class Rooms;
class RoomWidget;
struct InviteLink;

// The app's window: the rooms in a side list (unread count, connection dot), the current
// room on the right, menus, tray icon and notifications. It shows the rooms that `Rooms`
// keeps (their sessions, hosting, storage and settings live there) and passes the user's
// choices on to it.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    struct Options
    {
        bool restoreSettings = true; // window geometry, current room (QSettings)
        // Where the Settings window's values are kept: an INI file (tests), or empty for the
        // app's QSettings.
        QString preferencesFile;
        QString languageOverride; // --lang, shown in the Settings window
    };

    // `rooms` must outlive the window.
    MainWindow(Rooms *rooms, const Options &options, QWidget *parent = nullptr);
    ~MainWindow() override;

    Rooms *rooms() const { return m_rooms; }

    // Opens (and connects) every configured room and selects the one of the last run.
    void openConfiguredRooms();
    // --server: the room at `url` (added and saved when new), selected, compose focused.
    RoomWidget *openServer(const QUrl &url);
    // --profile: the configured room of that name; null when there is none.
    RoomWidget *openRoomNamed(const QString &name);
    // Hosts a room on this computer (see Rooms::hostRoom) and shows it.
    RoomWidget *hostRoom(
        int port = -1, bool lan = false, const QString &name = {}, const QString &userName = {});
    // Nothing configured (the first run): host a room, so that a newcomer chats at once.
    void ensureARoom();
    // `hibiki LINK`, a link a second start handed over, or one pasted in Add Room: the room
    // joined from it (added, or the one already there) and shown, now or once the keychain
    // stored its token.
    void joinInvite(const InviteLink &invite);

    RoomWidget *currentRoom() const;
    RoomWidget *roomWidget(const QString &id) const { return m_widgets.value(id); }
    QString currentRoomId() const;
    void selectRoom(const QString &id);
    RoomListModel *roomListModel() const { return m_roomList; }
    QListView *roomListView() const { return m_roomView; }
    QSplitter *splitter() const { return m_splitter; }
    // Below this width the room list folds into a drawer.
    static constexpr int NarrowWidth = 600;
    static constexpr int SidePanelWidth = 250;
    static constexpr int MinSidePanelWidth = 120;
    bool isNarrow() const { return m_narrow; }
    RoomDrawer *roomDrawer() const { return m_drawer; }
    // Shows the drawer in a narrow window (the room list in a wide one).
    QToolButton *drawerButton() const { return m_drawerButton; }
    Notifier *notifier() const { return m_notifier; }
    RoomNotifications *roomNotifications() const { return m_roomNotifications; }

    // What the status bar says (one line, cut with "…" and whole in the tooltip when it is
    // too long); `timeoutMs` 0: until the next message.
    void showStatus(const QString &text, int timeoutMs = 0);
    QString statusText() const;
    ElidedLabel *statusLabel() const { return m_statusText; }
    ElidedLabel *hostLabel() const { return m_hostLabel; }

    const Preferences &preferences() const { return m_preferences; }
    // Applies the settings (name, notifications, theme, font size) and stores them.
    void setPreferences(const Preferences &preferences);

public Q_SLOTS:
    void showAddRoomDialog();
    void showHostRoomDialog();
    // Room → Invite People…: the hosted room's invite card.
    void showInviteDialog();
    void showEditRoomDialog();
    void showSettingsDialog();
    void showInFront();
    // Ctrl+Shift+L: the room list, wherever it is: the drawer opened in a narrow window, the
    // side panel back at a usable width when it was dragged shut; the keyboard in it.
    void showRoomList();

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void setVisible(bool visible) override;
    void changeEvent(QEvent *event) override;

private:
    void buildMenus();
    QWidget *buildNarrowBar();
    // Moves the room list between the splitter (wide) and the drawer (narrow).
    void setNarrow(bool narrow);
    void followRooms();
    // Selects the room and puts the keyboard in its compose box.
    RoomWidget *showRoom(const QString &id);
    RoomWidget *createRoomWidget(const QString &id);
    void onRoomAdded(const QString &id, int position);
    void onRoomAboutToBeRemoved(const QString &id);
    void onRoomRemoved();
    void onRoomReopened(const QString &id);
    void onRoomMoved(const QString &id, int position);
    void confirmTrust(const QString &id, const QByteArray &sha256);
    // A hosted room's empty state: its invite card.
    void showInviteCard(RoomWidget *widget, const QString &id);
    void updateActivity();
    void updateUnread();
    void updateTitle();
    void updateActions();
    void updateHostLabel();
    void selectRelativeRoom(int step);
    QList<RoomConfig> knownRooms() const;
    void saveSettings();
    void restoreSettings();
    void applyPreferences(const Preferences &preferences);
    std::unique_ptr<QSettings> preferencesSettings() const;

    Rooms *m_rooms;
    Options m_options;
    QHash<QString, QPointer<RoomWidget>> m_widgets;
    QString m_showWhenAdded; // a room the user just added, shown once it opens
    RoomListModel *m_roomList = nullptr;
    QListView *m_roomView = nullptr;
    QStackedWidget *m_stack = nullptr;
    QWidget *m_emptyPage = nullptr;
    QSplitter *m_splitter = nullptr;
    QWidget *m_sidePanel = nullptr;
    RoomDrawer *m_drawer = nullptr;
    QWidget *m_narrowBar = nullptr;
    QToolButton *m_drawerButton = nullptr;
    QLabel *m_narrowTitle = nullptr;
    bool m_narrow = false;
    QList<int> m_wideSizes; // the splitter's, while the list is in the drawer
    ElidedLabel *m_statusText = nullptr;
    ElidedLabel *m_hostLabel = nullptr;
    QTimer *m_statusTimer = nullptr;
    Notifier *m_notifier = nullptr;
    RoomNotifications *m_roomNotifications = nullptr;
    Preferences m_preferences;
    QAction *m_editAction = nullptr;
    QAction *m_hostAction = nullptr;
    QAction *m_inviteAction = nullptr;
    QAction *m_removeAction = nullptr;
    QAction *m_muteAction = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_findAction = nullptr;
    QString m_restoredRoomId;
};

} // namespace hibiki
