// SPDX-License-Identifier: MIT
// The Japanese translation is complete and is what the app shows once it is installed.
#include <ui/connectionbanner.h>
#include <ui/roomwidget.h>

#include <shell/translations.h>

#include <QApplication>
#include <QDialogButtonBox>
#include <QFile>
#include <QPushButton>
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
