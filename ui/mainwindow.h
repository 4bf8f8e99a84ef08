// SPDX-License-Identifier: MIT
#pragma once

#include <core/chatsession.h>
#include <shell/roomconfig.h>

#include <QMainWindow>

#include <memory>
#include <vector>

class QAction;
class QLabel;
class QListView;
class QNetworkAccessManager;
class QSplitter;
class QStackedWidget;

namespace hibiki {

class HostedRoom;
class Notifier;
class RoomListModel;
class RoomWidget;
class TokenStore;

// The app's window: the rooms in a side list (unread count, connection dot), the current
// room on the right, menus, tray icon and notifications. Every configured room is
// connected at once, each with its own session. Rooms "hosted on this computer" run their
// server inside the app.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    struct Options
    {
        QString userOverride; // --user: the name in every room, this run only
        TokenStore *tokens = nullptr; // null: no keychain (tests)
        QNetworkAccessManager *networkAccessManager = nullptr; // null: the window's own
        bool restoreSettings = true; // window geometry, current room, drafts (QSettings)
        quint16 defaultHostPort = RoomConfig::DefaultHostPort; // for a new hosted room
    };

    // A hosted room's default name.
    static QString defaultHostedRoomName();

    MainWindow(RoomConfigStore *store, const Options &options, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens (and connects) every configured room.
    void openConfiguredRooms();
    // --server: the room at `url` (added and saved when new), selected, compose focused.
    RoomWidget *openServer(const QUrl &url);
    // --profile: the configured room of that name; null when there is none.
    RoomWidget *openRoomNamed(const QString &name);
    // Hosts a room on this computer (the configured hosted room, or a new one) and joins
    // it. `port` -1: the configured port (8787 for a new room); 0: any free port.
    RoomWidget *hostRoom(
        int port = -1, bool lan = false, const QString &name = {}, const QString &userName = {});
    // Nothing configured (the first run): host a room, so that a newcomer chats at once.
    void ensureARoom();

    RoomWidget *currentRoom() const;
    RoomWidget *roomWidget(const QString &id) const;
    QString currentRoomId() const;
    void selectRoom(const QString &id);
    QStringList roomIds() const;
    RoomListModel *roomListModel() const { return m_roomList; }
    QListView *roomListView() const { return m_roomView; }
    Notifier *notifier() const { return m_notifier; }
    HostedRoom *hostedRoom(const QString &id) const;
    std::optional<RoomConfig> roomConfig(const QString &id) const;
    QString userNameFor(const RoomConfig &room) const;
    static QString systemUserName();

    void setMuted(const QString &id, bool muted);
    void removeRoom(const QString &id, bool deleteHistory);
    // Replaces a room's settings (reconnecting it), e.g. after the server dialog.
    void updateRoom(const RoomConfig &room, const QString &token = {});

public Q_SLOTS:
    void showAddRoomDialog();
    void showHostRoomDialog();
    void showEditRoomDialog();
    void showInFront();

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Room;

    void buildMenus();
    void addRoom(const RoomConfig &config, const QString &token, int position = -1);
    // Adds the room, or reopens it with new settings, with its token from the keychain.
    void openRoomFromConfig(const RoomConfig &config, int position = -1);
    Room *findRoom(const QString &id) const;
    void startHost(Room &room);
    void closeRoom(Room &room);
    void saveRooms();
    void onMessagesArrived(Room &room, const ChatMessages &messages);
    void trustCertificate(const QString &id, const QByteArray &sha256);
    void updateActivity();
    void updateUnread();
    void updateTitle();
    void updateActions();
    void updateHostLabel();
    void showRoomContextMenu(const QPoint &pos);
    void saveSettings();
    void restoreSettings();
    void selectRelativeRoom(int step);

    RoomConfigStore *m_store;
    Options m_options;
    QNetworkAccessManager *m_manager = nullptr;
    std::vector<std::unique_ptr<Room>> m_rooms;
    RoomListModel *m_roomList = nullptr;
    QListView *m_roomView = nullptr;
    QStackedWidget *m_stack = nullptr;
    QWidget *m_emptyPage = nullptr;
    QSplitter *m_splitter = nullptr;
    QLabel *m_hostLabel = nullptr;
    Notifier *m_notifier = nullptr;
    QAction *m_editAction = nullptr;
    QAction *m_removeAction = nullptr;
    QAction *m_muteAction = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_findAction = nullptr;
    QString m_restoredRoomId;
};

} // namespace hibiki
