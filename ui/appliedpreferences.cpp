// SPDX-License-Identifier: MIT
#include "appliedpreferences.h"

#include "appearance.h"
#include "roomnotifications.h"
#include "settingsdialog.h"

#include <shell/rooms.h>

#include <QSettings>

namespace hibiki {

AppliedPreferences::AppliedPreferences(
    Rooms *rooms, RoomNotifications *notifications, const QString &file, QObject *parent)
    : QObject(parent)
    , m_rooms(rooms)
    , m_notifications(notifications)
    , m_file(file)
{
    apply(Preferences::load(*settings()));
}

void AppliedPreferences::set(const Preferences &preferences)
{
    apply(preferences);
    m_preferences.save(*settings());
}

void AppliedPreferences::edit(QWidget *parent, const QString &languageOverride)
{
    SettingsDialog dialog(m_preferences, parent);
    dialog.setSystemUserName(Rooms::systemUserName());
    dialog.setUserOverride(m_rooms->options().userOverride);
    dialog.setLanguageOverride(languageOverride);
    connect(&dialog, &SettingsDialog::previewRequested, this, [](const Preferences &preview) {
        Appearance::apply(preview.theme, preview.fontPointSize);
    });
    if (dialog.exec() == QDialog::Accepted) {
        set(dialog.preferences());
    } else {
        Appearance::apply(m_preferences.theme, m_preferences.fontPointSize);
    }
}

void AppliedPreferences::apply(const Preferences &preferences)
{
    m_preferences = preferences;
    m_rooms->setDefaultUserName(preferences.userName);
    m_notifications->setMode(preferences.notifications);
    Appearance::apply(preferences.theme, preferences.fontPointSize);
}

std::unique_ptr<QSettings> AppliedPreferences::settings() const
{
    return m_file.isEmpty() ? std::make_unique<QSettings>()
                            : std::make_unique<QSettings>(m_file, QSettings::IniFormat);
}

} // namespace hibiki
