// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class QCoreApplication;

namespace hibiki {

// Puts the app's own translation and Qt's (qtbase: the Cancel and Close of standard
// buttons, the context menus of text fields...) in place for `language` ("ja"), or for
// the system's languages when it is empty. An explicit language also becomes the default
// QLocale. The translators belong to `app` and live as long as it.
class Translations
{
public:
    struct Installed
    {
        bool app = false; // hibiki_<lang>.qm from the resources
        bool qt = false; // qtbase_<lang>.qm from Qt's translations folder
    };

    static Installed install(QCoreApplication &app, const QString &language);
    // Where Qt's translations are looked for.
    static QString qtTranslationsPath();
};

} // namespace hibiki
