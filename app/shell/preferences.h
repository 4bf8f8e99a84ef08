// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class QSettings;

namespace hibiki {

// What the Settings window sets for the whole app: the name new rooms use, which messages
// notify, the theme, the font size and the language. A value; stored in QSettings under
// "preferences/". Command-line options (--user, --lang) override it for one run and are
// never written here.
struct Preferences
{
    enum class Notifications {
        All, // mentions always; other messages while the window is not looked at
        MentionsOnly, // only messages that name you
        None,
    };
    enum class Theme {
        System, // the platform's style and palette
        Light, // Fusion with a light palette
        Dark, // Fusion with a dark palette
    };

    static constexpr int MinFontPointSize = 7;
    static constexpr int MaxFontPointSize = 28;

    QString userName; // the name in rooms without one of their own; empty: the system's
    Notifications notifications = Notifications::All;
    Theme theme = Theme::System;
    int fontPointSize = 0; // 0: the system's
    QString language; // "en", "ja"; empty: the system's. Takes effect on the next start.

    // Values that are missing or not understood read as the defaults.
    static Preferences load(const QSettings &settings);
    void save(QSettings &settings) const;

    bool operator==(const Preferences &) const = default;
};

} // namespace hibiki
