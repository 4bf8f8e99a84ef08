// SPDX-License-Identifier: MIT
// The member list, the emoji picker and the history's storage line in Japanese, through
// the compiled translation, as the app shows them.
#include <core/roomstore.h>
#include <ui/connectionbanner.h>
#include <ui/emojipicker.h>
#include <ui/memberlist.h>

#include <QCoreApplication>
#include <QSqlError>
#include <QTranslator>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace {

TEST(Translation, PeopleEmojiAndStorageProblemsInJapanese)
{
    QTranslator translator;
    ASSERT_TRUE(translator.load(QLocale(QLocale::Japanese), u"hibiki"_s, u"_"_s, u":/i18n"_s));
    ASSERT_TRUE(QCoreApplication::installTranslator(&translator));

    const QDateTime now = QDateTime::currentDateTimeUtc();
    EXPECT_EQ(hibiki::MemberListModel::lastSeenText(now.addSecs(-5 * 60), now), u"5 分前"_s);
    EXPECT_EQ(hibiki::MemberListModel::lastSeenText(now, now), u"たった今"_s);
    EXPECT_EQ(hibiki::EmojiPicker::groupTitle(u"Flags"_s), u"旗"_s);

    // The chat core's sentence (SQLITE_FULL), in the banner's line.
    const QString full = hibiki::describeStorageFailure(
        QSqlError(u"driver"_s, u"database or disk is full"_s, QSqlError::StatementError, u"13"_s),
        u"/data/room.sqlite"_s);
    EXPECT_TRUE(full.startsWith(u"ディスクがいっぱいです"_s)) << full.toStdString();
    hibiki::ConnectionBanner banner;
    banner.setStorageProblem(full);
    EXPECT_TRUE(banner.storageText().startsWith(u"履歴を保存できません。ディスク"_s))
        << banner.storageText().toStdString();
    QCoreApplication::removeTranslator(&translator);
}

} // namespace
