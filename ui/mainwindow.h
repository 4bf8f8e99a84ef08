// SPDX-License-Identifier: MIT
#pragma once

#include <shell/preferences.h>

#include <QMainWindow>

class QListView;

namespace hibiki {

class AppliedPreferences;
class Notifier;
class RoomDialogs;
class RoomListModel;
class RoomListPlacement;
class RoomNotifications;
class RoomPages;
class Rooms;
class RoomWidget;
class WindowActions;
class WindowStatusBar;
struct InviteLink;

// The app's window: the rooms in a side list (unread count, connection dot), the current
// room beside it, menus, status bar, tray icon and notifications. It puts together the
// parts that do each of these (RoomPages, RoomListPlacement, WindowActions, WindowStatusBar,
// RoomDialogs, AppliedPreferences) and keeps what is the window's own: its title, its
// geometry between runs, and what closing it saves. The rooms themselves (their sessions,
// hosting, storage and settings) live in `Rooms`, which the parts follow and tell the
// user's choices.
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

    // The parts of the window.
    RoomPages *roomPages() const { return m_pages; }
    RoomListPlacement *roomListPlacement() const { return m_placement; }
    WindowActions *windowActions() const { return m_actions; }
    WindowStatusBar *windowStatusBar() const { return m_statusBar; }
    Notifier *notifier() const { return m_notifier; }
    RoomNotifications *roomNotifications() const { return m_roomNotifications; }

    RoomWidget *currentRoom() const;
    RoomWidget *roomWidget(const QString &id) const;
    QString currentRoomId() const;
    void selectRoom(const QString &id);
    RoomListModel *roomListModel() const { return m_roomList; }
    QListView *roomListView() const { return m_roomView; }

    // What the status bar says (see WindowStatusBar); `timeoutMs` 0: until the next message.
    void showStatus(const QString &text, int timeoutMs = 0);
    QString statusText() const;

    const Preferences &preferences() const;
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
    // Ctrl+Shift+L: the room list, wherever it is (see RoomListPlacement::showRoomList).
    void showRoomList();

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void setVisible(bool visible) override;
    void changeEvent(QEvent *event) override;

private:
    void connectParts();
    void updateUnread();
    void updateTitle();
    void saveSettings();
    void restoreSettings();

    Rooms *m_rooms;
    Options m_options;
    RoomListModel *m_roomList;
    QListView *m_roomView = nullptr;
    RoomPages *m_pages = nullptr;
    RoomListPlacement *m_placement = nullptr;
    WindowStatusBar *m_statusBar = nullptr;
    WindowActions *m_actions = nullptr;
    RoomDialogs *m_dialogs = nullptr;
    Notifier *m_notifier = nullptr;
    RoomNotifications *m_roomNotifications = nullptr;
    AppliedPreferences *m_preferences = nullptr;
    QString m_restoredRoomId;
};

} // namespace hibiki
