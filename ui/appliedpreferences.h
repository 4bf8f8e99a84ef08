// SPDX-License-Identifier: MIT
#pragma once

#include <shell/preferences.h>

#include <QObject>

#include <memory>

class QSettings;
class QWidget;

namespace hibiki {

class RoomNotifications;
class Rooms;

// The Settings window's values in effect: read when the window opens, applied (the name in
// new rooms, which messages notify, theme and font size), stored when they change, and
// edited in the Settings dialog.
class AppliedPreferences : public QObject
{
    Q_OBJECT

public:
    // `file`: an INI file (tests), or empty for the app's QSettings. `rooms` and
    // `notifications` must outlive this.
    AppliedPreferences(Rooms *rooms, RoomNotifications *notifications, const QString &file,
        QObject *parent = nullptr);

    const Preferences &current() const { return m_preferences; }
    // Applies the preferences and stores them.
    void set(const Preferences &preferences);
    // The Settings dialog over `parent`: the look previewed while it is open, everything
    // applied and stored on OK, the look put back on Cancel. `languageOverride`: --lang.
    void edit(QWidget *parent, const QString &languageOverride);

private:
    void apply(const Preferences &preferences);
    std::unique_ptr<QSettings> settings() const;

    Rooms *m_rooms;
    RoomNotifications *m_notifications;
    QString m_file;
    Preferences m_preferences;
};

} // namespace hibiki
