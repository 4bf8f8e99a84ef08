// SPDX-License-Identifier: MIT
#pragma once

#include <QIcon>
#include <QObject>
#include <QPointer>

class QMenu;
class QSystemTrayIcon;

namespace hibiki {

// The tray icon (with the number of unread messages painted on it) and desktop
// notifications. Without a system tray, notifications are still reported through
// notified() (the window flashes in the task bar instead).
class Notifier : public QObject
{
    Q_OBJECT

public:
    explicit Notifier(QWidget *window, QObject *parent = nullptr);
    ~Notifier() override;

    void setUnread(int unread);
    int unread() const { return m_unread; }
    // Title and body are plain text.
    void notify(const QString &title, const QString &body);
    QSystemTrayIcon *trayIcon() const { return m_tray; }

    // The application icon, from the resources when they are linked in, else drawn.
    static QIcon appIcon();
    static QIcon iconWithBadge(const QIcon &icon, int count);

Q_SIGNALS:
    void notified(const QString &title, const QString &body);
    void showRequested();
    void quitRequested();

private:
    QPointer<QWidget> m_window;
    QSystemTrayIcon *m_tray = nullptr; // child, when there is a tray
    QMenu *m_menu = nullptr;
    QIcon m_icon;
    int m_unread = 0;
};

} // namespace hibiki
