// SPDX-License-Identifier: MIT
#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace hibiki {

QString Translations::qtTranslationsPath()
{
    return QLibraryInfo::path(QLibraryInfo::TranslationsPath);
}

Translations::Installed Translations::install(QCoreApplication &app, const QString &language)
{
    Installed installed;
    const QLocale locale = language.isEmpty() ? QLocale::system() : QLocale(language);
    if (!language.isEmpty()) {
        QLocale::setDefault(locale);
    }
    // English is the source language: nothing to load, and no other language's file may
    // stand in for it.
    if (locale.language() == QLocale::English || locale.language() == QLocale::C) {
        return installed;
    }
    auto *own = new QTranslator(&app);
    installed.app = own->load(locale, u"hibiki"_s, u"_"_s, u":/i18n"_s);
    if (installed.app) {
        QCoreApplication::installTranslator(own);
    } else {
        delete own;
    }
    auto *qt = new QTranslator(&app);
    installed.qt = qt->load(locale, u"qtbase"_s, u"_"_s, qtTranslationsPath());
    if (installed.qt) {
        QCoreApplication::installTranslator(qt);
    } else {
        delete qt;
    }
    return installed;
}

} // namespace hibiki
