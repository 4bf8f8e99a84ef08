// SPDX-License-Identifier: MIT
#include "preferences.h"

#include <QSettings>

#include <algorithm>
#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// Stored as words, so that the file reads well and survives reordering the enums.
constexpr std::array<std::pair<Preferences::Notifications, const char16_t *>, 3> NotificationNames {
    {
        {Preferences::Notifications::All, u"all"},
        {Preferences::Notifications::MentionsOnly, u"mentions"},
        {Preferences::Notifications::None, u"none"},
    }};
constexpr std::array<std::pair<Preferences::Theme, const char16_t *>, 3> ThemeNames {{
    {Preferences::Theme::System, u"system"},
    {Preferences::Theme::Light, u"light"},
    {Preferences::Theme::Dark, u"dark"},
}};

template<typename Enum, size_t N>
Enum fromName(const std::array<std::pair<Enum, const char16_t *>, N> &names, const QString &name,
    Enum fallback)
{
    for (const auto &[value, text] : names) {
        if (name == QStringView(text)) {
            return value;
        }
    }
    return fallback;
}

template<typename Enum, size_t N>
QString toName(const std::array<std::pair<Enum, const char16_t *>, N> &names, Enum value)
{
    for (const auto &[candidate, text] : names) {
        if (candidate == value) {
            return QString::fromUtf16(text);
        }
    }
    return {};
}

} // namespace

Preferences Preferences::load(const QSettings &settings)
{
    Preferences preferences;
    preferences.userName = settings.value(u"preferences/userName"_s).toString().trimmed();
    preferences.notifications = fromName(NotificationNames,
        settings.value(u"preferences/notifications"_s).toString(), Notifications::All);
    preferences.theme
        = fromName(ThemeNames, settings.value(u"preferences/theme"_s).toString(), Theme::System);
    const int size = settings.value(u"preferences/fontPointSize"_s, 0).toInt();
    preferences.fontPointSize
        = size == 0 ? 0 : std::clamp(size, MinFontPointSize, MaxFontPointSize);
    preferences.language = settings.value(u"preferences/language"_s).toString().trimmed();
    return preferences;
}

void Preferences::save(QSettings &settings) const
{
    settings.setValue(u"preferences/userName"_s, userName.trimmed());
    settings.setValue(u"preferences/notifications"_s, toName(NotificationNames, notifications));
    settings.setValue(u"preferences/theme"_s, toName(ThemeNames, theme));
    settings.setValue(u"preferences/fontPointSize"_s, fontPointSize);
    settings.setValue(u"preferences/language"_s, language);
    settings.sync();
}

} // namespace hibiki
