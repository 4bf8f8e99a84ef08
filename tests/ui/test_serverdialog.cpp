// SPDX-License-Identifier: MIT
// The server dialog (validation as one types, presets, "Test connection") and the host
// dialog's network warning.
#include <ui/hostroomdialog.h>
#include <ui/serverdialog.h>

#include <hibikiserver/roomserver.h>

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QTest>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::Profile;
using hibiki::ServerDialog;

namespace {

void typeInto(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

TEST(ServerDialog, ValidatesTheAddressAsItIsTyped)
{
    QNetworkAccessManager manager;
    ServerDialog dialog(&manager);
    dialog.setUserName(u"alice"_s);
    EXPECT_FALSE(dialog.okButton()->isEnabled());

    typeInto(dialog.addressEdit(), u"ftp://nope"_s);
    EXPECT_FALSE(dialog.okButton()->isEnabled());
    EXPECT_TRUE(dialog.validationError().contains(u"http"_s))
        << dialog.validationError().toStdString();

    typeInto(dialog.addressEdit(), u"http://127.0.0.1:8787"_s);
    EXPECT_TRUE(dialog.okButton()->isEnabled()) << dialog.validationError().toStdString();
    // The name follows the address until the user writes one.
    EXPECT_EQ(
        dialog.nameEdit()->text(), Profile::hibikiRoom(QUrl(u"http://127.0.0.1:8787"_s)).name);
    const hibiki::RoomConfig room = dialog.room();
    EXPECT_EQ(room.profile.preset, Profile::Preset::HibikiRoom);
    EXPECT_EQ(room.profile.streamUrl, QUrl(u"http://127.0.0.1:8787/sse"_s));
    EXPECT_EQ(room.profile.postUrl, QUrl(u"http://127.0.0.1:8787/messages"_s));
    EXPECT_EQ(room.profile.userName, u"alice"_s);

    // Names must be unique, and a room one can post in needs a user name.
    typeInto(dialog.nameEdit(), u"Team"_s);
    dialog.setTakenNames({u"team"_s});
    EXPECT_FALSE(dialog.okButton()->isEnabled());
    typeInto(dialog.nameEdit(), u"Team 2"_s);
    EXPECT_TRUE(dialog.okButton()->isEnabled());
    typeInto(dialog.userEdit(), QString());
    EXPECT_FALSE(dialog.okButton()->isEnabled());
}

TEST(ServerDialog, NchanNeedsAChannelAndBuildsItsAddresses)
{
    QNetworkAccessManager manager;
    ServerDialog dialog(&manager);
    dialog.setUserName(u"alice"_s);
    dialog.presetBox()->setCurrentIndex(dialog.presetBox()->findData(int(Profile::Preset::Nchan)));
    EXPECT_TRUE(dialog.channelEdit()->isVisibleTo(&dialog));
    typeInto(dialog.addressEdit(), u"https://chat.example.org"_s);
    EXPECT_FALSE(dialog.okButton()->isEnabled());
    typeInto(dialog.channelEdit(), u"lobby"_s);
    EXPECT_TRUE(dialog.okButton()->isEnabled()) << dialog.validationError().toStdString();
    const Profile profile = dialog.room().profile;
    EXPECT_EQ(profile.streamUrl, QUrl(u"https://chat.example.org/sub/lobby"_s));
    EXPECT_EQ(profile.postUrl, QUrl(u"https://chat.example.org/pub/lobby"_s));
}

TEST(ServerDialog, EditingKeepsTheRoomAndItsHiddenSettings)
{
    QNetworkAccessManager manager;
    hibiki::RoomConfig room;
    room.id = u"room-1"_s;
    room.profile = Profile::tutorialServer(QUrl(u"http://localhost:3000"_s), u"Tutorial"_s);
    room.profile.userName = u"bob"_s;
    room.profile.trustedCertificateSha256 = {u"abcd"_s};
    room.muted = true;
    ServerDialog dialog(&manager);
    dialog.setRoom(room);
    EXPECT_EQ(dialog.addressEdit()->text(), u"http://localhost:3000"_s);
    EXPECT_EQ(dialog.nameEdit()->text(), u"Tutorial"_s);
    EXPECT_TRUE(dialog.okButton()->isEnabled()) << dialog.validationError().toStdString();
    const hibiki::RoomConfig edited = dialog.room();
    EXPECT_EQ(edited.id, u"room-1"_s);
    EXPECT_TRUE(edited.muted);
    EXPECT_EQ(edited.profile.preset, Profile::Preset::Tutorial);
    EXPECT_EQ(edited.profile.trustedCertificateSha256, QStringList {u"abcd"_s});
    EXPECT_FALSE(dialog.tokenEdited());
}

TEST(ServerDialog, TestConnectionShowsWhatTheServerSaid)
{
    hibiki::RoomServer::Config config;
    config.port = 0;
    hibiki::RoomServer server(config);
    ASSERT_TRUE(server.listen());
    server.post(u"carol"_s, u"<b>hello</b>"_s);

    QNetworkAccessManager manager;
    ServerDialog dialog(&manager);
    dialog.setUserName(u"alice"_s);
    typeInto(dialog.addressEdit(), server.baseUrl().toString());
    ASSERT_TRUE(dialog.testButton()->isEnabled());
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return dialog.testResult()->text().startsWith(u"It works."_s); }, 15000))
        << dialog.testResult()->text().toStdString();
    const QString text = dialog.testResult()->text();
    EXPECT_TRUE(text.contains(u"HTTP 200"_s));
    EXPECT_TRUE(text.contains(u"text/event-stream"_s));
    EXPECT_TRUE(text.contains(u"<b>hello</b>"_s)); // quoted as sent, in a plain-text label
    EXPECT_EQ(dialog.testResult()->textFormat(), Qt::PlainText);

    typeInto(dialog.addressEdit(), server.baseUrl().toString() + u"/missing/sse"_s);
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return dialog.testResult()->text().startsWith(u"It does not work."_s); }, 15000));
    EXPECT_TRUE(dialog.testResult()->text().contains(u"404"_s));
}

TEST(HostRoomDialog, WarnsBeforeLettingTheNetworkIn)
{
    hibiki::HostRoomDialog dialog;
    dialog.setValues(u"Room"_s, u"alice"_s, 8787, false);
    dialog.show();
    EXPECT_FALSE(dialog.warning()->isVisible());
    QTest::mouseClick(dialog.lanBox(), Qt::LeftButton);
    EXPECT_TRUE(dialog.lan());
    EXPECT_TRUE(dialog.warning()->isVisible());
    EXPECT_TRUE(dialog.warning()->text().contains(u"password"_s));
    EXPECT_EQ(dialog.port(), 8787);
}

} // namespace
