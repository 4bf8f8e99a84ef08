// SPDX-License-Identifier: MIT
// The Japanese translation is complete and is what the app shows once it is installed.
#include <ui/connectionbanner.h>
#include <ui/roomwidget.h>

#include <core/profile.h>
#include <shell/translations.h>

#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTranslator>
#include <QXmlStreamReader>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace {

TEST(Translation, EveryStringHasAJapaneseTranslation)
{
    QFile file(QStringLiteral(HIBIKI_TS_FILE));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly)) << HIBIKI_TS_FILE;
    QXmlStreamReader xml(&file);
    int messages = 0;
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) {
            continue;
        }
        if (xml.name() == u"source"_s) {
            source = xml.readElementText();
            ++messages;
        } else if (xml.name() == u"translation"_s) {
            const QString type = xml.attributes().value(u"type"_s).toString();
            EXPECT_TRUE(type.isEmpty()) << type.toStdString() << ": " << source.toStdString();
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            EXPECT_FALSE(text.trimmed().isEmpty()) << source.toStdString();
        }
    }
    EXPECT_FALSE(xml.hasError()) << xml.errorString().toStdString();
    EXPECT_GT(messages, 150);
}

// The messages of a .ts file whose translation has a type ("unfinished", "vanished",
// "obsolete"), each as "type: context: source".
QStringList messagesWithAType(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QXmlStreamReader xml(&file);
    QStringList typed;
    QString context;
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement()) {
            continue;
        }
        if (xml.name() == u"name"_s) {
            context = xml.readElementText();
        } else if (xml.name() == u"source"_s) {
            source = xml.readElementText();
        } else if (xml.name() == u"translation"_s) {
            const QString type = xml.attributes().value(u"type"_s).toString();
            if (!type.isEmpty()) {
                typed.append(u"%1: %2: %3"_s.arg(type, context, source));
            }
        }
    }
    if (xml.hasError()) {
        *error = xml.errorString();
    }
    return typed;
}

// lupdate, run on a copy of the .ts file with the sources the build translates, finds
// nothing to add (a tr() string missing from the file comes out "unfinished") and nothing
// to drop (a string no longer in the sources comes out "vanished").
TEST(Translation, TheTsFileHasEveryStringOfTheSources)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString copy = dir.filePath(u"hibiki_ja.ts"_s);
    ASSERT_TRUE(QFile::copy(QStringLiteral(HIBIKI_TS_FILE), copy));
    QFile::setPermissions(copy, QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    // The options of resources/CMakeLists.txt, except -no-obsolete: what the sources no
    // longer have must show.
    lupdate.start(QStringLiteral(HIBIKI_LUPDATE),
        {u"-locations"_s, u"none"_s, u"@"_s + QStringLiteral(HIBIKI_TRANSLATED_SOURCES_LIST),
            u"-ts"_s, copy});
    ASSERT_TRUE(lupdate.waitForFinished(120000)) << lupdate.errorString().toStdString();
    const QString output = QString::fromLocal8Bit(lupdate.readAll());
    ASSERT_EQ(lupdate.exitStatus(), QProcess::NormalExit) << output.toStdString();
    ASSERT_EQ(lupdate.exitCode(), 0) << output.toStdString();

    QString error;
    const QStringList typed = messagesWithAType(copy, &error);
    EXPECT_TRUE(error.isEmpty()) << error.toStdString();
    EXPECT_TRUE(typed.isEmpty())
        << "resources/translations/hibiki_ja.ts is not up to date with the sources (build the "
           "target hibiki_resources_lupdate and translate):\n"
        << typed.join(u'\n').toStdString() << "\nlupdate said: " << output.toStdString();
}

TEST(Translation, TheCompiledTranslationIsInTheResources)
{
    QTranslator translator;
    ASSERT_TRUE(translator.load(QLocale(QLocale::Japanese), u"hibiki"_s, u"_"_s, u":/i18n"_s));
    ASSERT_TRUE(QCoreApplication::installTranslator(&translator));
    hibiki::ConnectionStatus status;
    status.state = hibiki::ConnectionStatus::State::Connecting;
    EXPECT_EQ(hibiki::ConnectionBanner::describe(status), u"接続中…"_s);
    status.state = hibiki::ConnectionStatus::State::Reconnecting;
    status.attempt = 3;
    status.nextRetry = QDateTime::currentDateTimeUtc().addSecs(7);
    const QString text = hibiki::ConnectionBanner::describe(status);
    EXPECT_TRUE(text.contains(u"再接続"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"3"_s));
    QCoreApplication::removeTranslator(&translator);
    EXPECT_EQ(hibiki::ConnectionBanner::describe({}), u"Disconnected"_s);
}

// The names a room gets when the user gives none are shown in the window: translated.
TEST(Translation, DefaultRoomNamesAreTranslated)
{
    const QUrl url(u"http://127.0.0.1:8080"_s);
    QTranslator translator;
    ASSERT_TRUE(translator.load(QLocale(QLocale::Japanese), u"hibiki"_s, u"_"_s, u":/i18n"_s));
    ASSERT_TRUE(QCoreApplication::installTranslator(&translator));
    EXPECT_EQ(hibiki::Profile::hibikiRoom(url).name, u"Hibiki ルーム (127.0.0.1:8080)"_s);
    EXPECT_EQ(
        hibiki::Profile::tutorialServer(url).name, u"チュートリアルのチャット (127.0.0.1:8080)"_s);
    EXPECT_EQ(hibiki::Profile::hibikiRoom(QUrl()).name, u"Hibiki ルーム"_s);
    EXPECT_EQ(hibiki::Profile::hibikiRoom(url, u"mine"_s).name, u"mine"_s);
    QCoreApplication::removeTranslator(&translator);
    EXPECT_EQ(hibiki::Profile::hibikiRoom(url).name, u"Hibiki room (127.0.0.1:8080)"_s);
}

// --lang ja: Qt's own strings too (the standard buttons), from Qt's translations folder.
TEST(Translation, QtsOwnButtonsSpeakJapaneseUnderLangJa)
{
    const QLocale before;
    const hibiki::Translations::Installed installed = hibiki::Translations::install(*qApp, u"ja"_s);
    EXPECT_TRUE(installed.app);
    ASSERT_TRUE(installed.qt) << "qtbase_ja.qm not found in "
                              << hibiki::Translations::qtTranslationsPath().toStdString()
                              << " (Debian: qt6-translations-l10n)";
    {
        QDialogButtonBox buttons(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
        EXPECT_EQ(buttons.button(QDialogButtonBox::Cancel)->text(), u"キャンセル"_s);
        EXPECT_EQ(hibiki::ConnectionBanner::describe({}), u"切断されました"_s);
    }
    // Back to English for the other tests.
    for (QTranslator *translator : qApp->findChildren<QTranslator *>()) {
        QCoreApplication::removeTranslator(translator);
        delete translator;
    }
    QLocale::setDefault(before);
    QDialogButtonBox buttons(QDialogButtonBox::Cancel);
    EXPECT_EQ(buttons.button(QDialogButtonBox::Cancel)->text(), u"Cancel"_s);
}

TEST(Translation, EnglishLoadsNoOtherLanguage)
{
    const QLocale before;
    const hibiki::Translations::Installed installed = hibiki::Translations::install(*qApp, u"en"_s);
    EXPECT_FALSE(installed.app);
    EXPECT_FALSE(installed.qt);
    EXPECT_EQ(hibiki::ConnectionBanner::describe({}), u"Disconnected"_s);
    QLocale::setDefault(before);
}

} // namespace
