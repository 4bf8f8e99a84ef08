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

// Every word-wrapped label in the dialog has the height its text needs at its width, and
// lies inside the dialog.
void expectNoLabelCutOff(const QDialog &dialog)
{
    for (const QLabel *label : dialog.findChildren<QLabel *>()) {
        if (!label->isVisible() || !label->wordWrap() || label->text().isEmpty()) {
            continue;
        }
        EXPECT_GE(label->height(), label->heightForWidth(label->width()))
            << label->text().toStdString();
        const QRect inDialog(label->mapTo(&dialog, QPoint(0, 0)), label->size());
        EXPECT_TRUE(dialog.rect().contains(inDialog)) << label->text().toStdString();
    }
}

hibiki::RoomConfig knownRoom(const QString &address, const QString &name)
{
    hibiki::RoomConfig room;
    room.id = hibiki::RoomConfig::newId();
    room.profile = Profile::hibikiRoom(QUrl(address), name);
    room.profile.userName = u"alice"_s;
    return room;
}

TEST(ServerDialog, TheKeyboardStartsInTheAddress)
{
    QNetworkAccessManager manager;
    ServerDialog dialog(&manager);
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    EXPECT_EQ(dialog.focusWidget(), dialog.addressEdit());
    // Typing goes into the address at once.
    QTest::keyClicks(dialog.focusWidget(), u"127.0.0.1:8787"_s);
    EXPECT_EQ(dialog.addressEdit()->text(), u"127.0.0.1:8787"_s);
    expectNoLabelCutOff(dialog);
}

TEST(ServerDialog, AMistypedAddressIsExplainedInPlainWords)
{
    QNetworkAccessManager manager;
    ServerDialog dialog(&manager);
    dialog.setUserName(u"alice"_s);
    typeInto(dialog.addressEdit(), u"http://exa mple.org"_s);
    EXPECT_EQ(dialog.validationError(), u"The address contains a space; check what you typed."_s);
    EXPECT_FALSE(dialog.okButton()->isEnabled());
    typeInto(dialog.addressEdit(), u"http://chat.example.org:99999"_s);
    EXPECT_EQ(dialog.validationError(),
        u"The port (after the \":\") must be a number from 1 to 65535."_s);
    typeInto(dialog.addressEdit(), u"https://"_s);
    EXPECT_TRUE(dialog.validationError().contains(u"no server name"_s));
}

TEST(ServerDialog, ARoomAlreadyInTheListIsRecognisedByItsAddress)
{
    QNetworkAccessManager manager;
    ServerDialog dialog(&manager);
    dialog.setUserName(u"alice"_s);
    const hibiki::RoomConfig team = knownRoom(u"http://chat.example.org"_s, u"Team"_s);
    dialog.setKnownRooms({team, knownRoom(u"http://127.0.0.1:8787"_s, u"Here"_s)});
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    // Written another way: host case, default port, trailing slash, the stream's own path.
    typeInto(dialog.addressEdit(), u"HTTP://Chat.Example.org:80/sse/"_s);
    EXPECT_FALSE(dialog.okButton()->isEnabled());
    EXPECT_EQ(dialog.existingRoomId(), team.id);
    EXPECT_EQ(dialog.validationError(), u"This room is already in your list as \"Team\"."_s);
    ASSERT_TRUE(dialog.openExistingButton()->isVisible());
    EXPECT_TRUE(dialog.openExistingButton()->text().contains(u"Team"_s));
    expectNoLabelCutOff(dialog);
    QTest::mouseClick(dialog.openExistingButton(), Qt::LeftButton);
    EXPECT_EQ(dialog.result(), ServerDialog::OpenExistingRoom);

    // Another port is another room.
    typeInto(dialog.addressEdit(), u"http://chat.example.org:8080"_s);
    EXPECT_TRUE(dialog.existingRoomId().isEmpty());
    EXPECT_FALSE(dialog.openExistingButton()->isVisible());
    EXPECT_TRUE(dialog.okButton()->isEnabled()) << dialog.validationError().toStdString();

    // Editing a room does not find the room itself.
    ServerDialog edit(&manager);
    edit.setKnownRooms({team});
    edit.setRoom(team);
    EXPECT_TRUE(edit.existingRoomId().isEmpty());
    EXPECT_TRUE(edit.okButton()->isEnabled()) << edit.validationError().toStdString();
}

TEST(ServerDialog, TheSuggestedNameIsFree)
{
    QNetworkAccessManager manager;
    ServerDialog dialog(&manager);
    dialog.setUserName(u"alice"_s);
    const QString suggested = Profile::hibikiRoom(QUrl(u"http://127.0.0.1:8787"_s)).name;
    // Other rooms (elsewhere) already have that name and the next one.
    dialog.setKnownRooms({knownRoom(u"http://a.example"_s, suggested.toUpper()),
        knownRoom(u"http://b.example"_s, suggested + u" 2"_s)});
    typeInto(dialog.addressEdit(), u"http://127.0.0.1:8787"_s);
    EXPECT_EQ(dialog.nameEdit()->text(), suggested + u" 3"_s);
    EXPECT_TRUE(dialog.okButton()->isEnabled()) << dialog.validationError().toStdString();
    EXPECT_EQ(dialog.room().profile.name, suggested + u" 3"_s);
}

TEST(ServerDialog, TestConnectionSaysInWordsWhatTheServerAnswered)
{
    hibiki::RoomServer::Config config;
    config.port = 0;
    hibiki::RoomServer server(config);
    ASSERT_TRUE(server.listen());
    server.post(u"carol"_s,
        u"<b>hello</b> and a long line that needs more than one line of "
        "the dialog to be shown in full, so that it wraps"_s);
    server.post(u"carol"_s, u"second"_s);

    QNetworkAccessManager manager;
    ServerDialog dialog(&manager);
    dialog.setUserName(u"alice"_s);
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    typeInto(dialog.addressEdit(), server.baseUrl().toString());
    ASSERT_TRUE(dialog.testButton()->isEnabled());
    EXPECT_FALSE(dialog.testResult()->isVisible());
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return dialog.testResult()->text().startsWith(u"Connected"_s); }, 15000))
        << dialog.testResult()->text().toStdString();
    const QString text = dialog.testResult()->text();
    EXPECT_TRUE(text.startsWith(u"Connected: a Hibiki room with 2 messages."_s))
        << text.toStdString();
    EXPECT_TRUE(text.contains(u"The newest, from carol: \"second\""_s)) << text.toStdString();
    EXPECT_FALSE(text.contains(u"{"_s)) << text.toStdString(); // never raw JSON
    EXPECT_EQ(dialog.testResult()->textFormat(), Qt::PlainText);
    EXPECT_TRUE(dialog.testResult()->isVisible());
    expectNoLabelCutOff(dialog);

    // Another address: the result no longer applies and goes.
    QTest::keyClick(dialog.addressEdit(), Qt::Key_End);
    QTest::keyClicks(dialog.addressEdit(), u"/missing"_s);
    EXPECT_TRUE(dialog.testResult()->text().isEmpty());
    EXPECT_FALSE(dialog.testResult()->isVisible());

    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return dialog.testResult()->text().contains(u"404"_s); }, 15000))
        << dialog.testResult()->text().toStdString();
    EXPECT_TRUE(dialog.testResult()->text().startsWith(u"The server has nothing at this address"_s))
        << dialog.testResult()->text().toStdString();
    expectNoLabelCutOff(dialog);

    // A narrower dialog still shows all of it.
    dialog.resize(380, dialog.height());
    QTest::qWait(0);
    dialog.resize(380, qMax(dialog.height(), dialog.heightForWidth(380)));
    QCoreApplication::processEvents();
    expectNoLabelCutOff(dialog);
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
    // What letting others in means: an invite link, which anyone who has it can use.
    EXPECT_TRUE(dialog.warning()->text().contains(u"Anyone who has the link"_s));
    EXPECT_EQ(dialog.port(), 8787);
}

} // namespace
