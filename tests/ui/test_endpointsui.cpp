// SPDX-License-Identifier: MIT
// Rooms with several endpoints in the window: the Add Room dialog's node list for an nchan
// channel, and the connection banner naming the node a room is on.
#include <ui/connectionbanner.h>
#include <ui/endpointlistedit.h>
#include <ui/serverdialog.h>

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QTest>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::ConnectionBanner;
using hibiki::ConnectionStatus;
using hibiki::Endpoint;
using hibiki::EndpointListEdit;
using hibiki::Profile;
using hibiki::RoomConfig;
using hibiki::ServerDialog;

namespace {

void typeInto(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

void choosePreset(ServerDialog &dialog, Profile::Preset preset)
{
    dialog.presetBox()->setCurrentIndex(dialog.presetBox()->findData(int(preset)));
}

ConnectionStatus status(ConnectionStatus::State state, const QString &endpoint,
    const QString &movedFrom = {}, int endpoints = 2)
{
    ConnectionStatus status;
    status.state = state;
    status.endpoint = endpoint;
    status.movedFrom = movedFrom;
    status.endpointCount = endpoints;
    return status;
}

} // namespace

TEST(EndpointsUi, TheNchanPresetTakesMoreNodesOnePerLineOrAsAList)
{
    QNetworkAccessManager manager;
    ServerDialog dialog(&manager);
    dialog.setUserName(u"alice"_s);
    auto *nodes = dialog.findChild<EndpointListEdit *>();
    ASSERT_NE(nodes, nullptr);
    EXPECT_FALSE(nodes->isVisibleTo(&dialog)) << "only for nchan";

    choosePreset(dialog, Profile::Preset::Nchan);
    EXPECT_TRUE(nodes->isVisibleTo(&dialog));
    EXPECT_TRUE(nodes->label()->isVisibleTo(&dialog));
    typeInto(dialog.addressEdit(), u"http://node-a:8080"_s);
    typeInto(dialog.channelEdit(), u"lobby"_s);
    nodes->setFocus();
    QTest::keyClicks(nodes, u"node-b:8081"_s);
    QTest::keyClick(nodes, Qt::Key_Return);
    QTest::keyClicks(nodes, u"https://node-c.example.org, http://node-d"_s);
    EXPECT_TRUE(dialog.okButton()->isEnabled()) << dialog.validationError().toStdString();

    const Profile profile = dialog.room().profile;
    const QList<Endpoint> expected {
        {QUrl(u"http://node-a:8080/sub/lobby"_s), QUrl(u"http://node-a:8080/pub/lobby"_s)},
        {QUrl(u"http://node-b:8081/sub/lobby"_s), QUrl(u"http://node-b:8081/pub/lobby"_s)},
        {QUrl(u"https://node-c.example.org/sub/lobby"_s),
            QUrl(u"https://node-c.example.org/pub/lobby"_s)},
        {QUrl(u"http://node-d/sub/lobby"_s), QUrl(u"http://node-d/pub/lobby"_s)},
    };
    EXPECT_EQ(profile.endpoints(), expected);
    EXPECT_TRUE(profile.validate().isEmpty());

    // Another channel: every node follows.
    typeInto(dialog.channelEdit(), u"games"_s);
    EXPECT_EQ(dialog.room().profile.fallbackEndpoints.at(1).postUrl,
        QUrl(u"https://node-c.example.org/pub/games"_s));
}

TEST(EndpointsUi, ABadOrRepeatedNodeIsExplainedInWordsAndBlocksOk)
{
    QNetworkAccessManager manager;
    ServerDialog dialog(&manager);
    dialog.setUserName(u"alice"_s);
    choosePreset(dialog, Profile::Preset::Nchan);
    auto *nodes = dialog.findChild<EndpointListEdit *>();
    ASSERT_NE(nodes, nullptr);
    typeInto(dialog.addressEdit(), u"http://node-a:8080"_s);
    typeInto(dialog.channelEdit(), u"lobby"_s);

    nodes->setPlainText(u"node-b:8081\nftp://node-c"_s);
    EXPECT_FALSE(dialog.okButton()->isEnabled());
    EXPECT_EQ(dialog.validationError(),
        u"Node 3 \"ftp://node-c\": Addresses that start with \"ftp://\" cannot be opened; "
        u"use http:// or https://."_s);

    nodes->setPlainText(u"http://node-a:8080"_s);
    EXPECT_FALSE(dialog.okButton()->isEnabled());
    EXPECT_EQ(dialog.validationError(),
        u"Node 2 has the same stream address as node 1 (http://node-a:8080/sub/lobby)."_s);

    nodes->clear();
    EXPECT_TRUE(dialog.okButton()->isEnabled()) << dialog.validationError().toStdString();
    EXPECT_TRUE(dialog.room().profile.fallbackEndpoints.isEmpty());

    // A list left behind under another preset is neither checked nor used.
    nodes->setPlainText(u"ftp://nope"_s);
    choosePreset(dialog, Profile::Preset::HibikiRoom);
    EXPECT_TRUE(dialog.okButton()->isEnabled()) << dialog.validationError().toStdString();
    EXPECT_TRUE(dialog.room().profile.fallbackEndpoints.isEmpty());
}

TEST(EndpointsUi, EditingARoomShowsItsNodesAndKeepsThem)
{
    RoomConfig room;
    room.id = RoomConfig::newId();
    room.profile = Profile::nchanChannel(
        {QUrl(u"http://node-a:8080"_s), QUrl(u"http://node-b:8081/chat"_s)}, u"lobby"_s);
    room.profile.userName = u"alice"_s;

    QNetworkAccessManager manager;
    ServerDialog dialog(&manager);
    dialog.setRoom(room);
    auto *nodes = dialog.findChild<EndpointListEdit *>();
    ASSERT_NE(nodes, nullptr);
    EXPECT_EQ(nodes->toPlainText(), u"http://node-b:8081/chat"_s);
    EXPECT_TRUE(dialog.okButton()->isEnabled()) << dialog.validationError().toStdString();
    EXPECT_EQ(dialog.room().profile, room.profile);

    // A custom room whose list was written by hand keeps it through the dialog.
    RoomConfig custom = room;
    custom.profile = Profile::forUrl(QUrl(u"http://a/events"_s));
    custom.profile.userName = u"alice"_s;
    custom.profile.fallbackEndpoints.append({QUrl(u"http://b/events"_s), {}});
    ServerDialog customDialog(&manager);
    customDialog.setRoom(custom);
    EXPECT_EQ(customDialog.room().profile.fallbackEndpoints, custom.profile.fallbackEndpoints);
}

TEST(EndpointsUi, TheBannerNamesTheNodeOfARoomWithSeveral)
{
    using State = ConnectionStatus::State;
    EXPECT_EQ(ConnectionBanner::describe(status(State::Connected, u"node-b:8080"_s)),
        u"Connected via node-b:8080"_s);
    EXPECT_EQ(
        ConnectionBanner::describe(status(State::Connected, u"node-b:8080"_s, u"node-a:8080"_s)),
        u"Moved to node-b:8080"_s);
    EXPECT_EQ(ConnectionBanner::describe(status(State::Connecting, u"node-a:8080"_s)),
        u"Connecting to node-a:8080…"_s);

    ConnectionStatus moving = status(State::Reconnecting, u"node-b:8080"_s, u"node-a:8080"_s);
    moving.attempt = 1;
    moving.reason = u"node-a:8080: connection refused"_s;
    moving.nextRetry = QDateTime::currentDateTimeUtc().addSecs(5);
    const QString text = ConnectionBanner::describe(moving);
    EXPECT_TRUE(text.startsWith(u"Moving to node-b:8080 in "_s)) << text.toStdString();
    EXPECT_TRUE(text.endsWith(u" s (attempt 1)"_s)) << text.toStdString();
    moving.nextRetry = QDateTime::currentDateTimeUtc().addSecs(-1);
    EXPECT_EQ(ConnectionBanner::describe(moving), u"Moving to node-b:8080 (attempt 1)…"_s);

    ConnectionBanner banner;
    banner.setStatus(moving);
    EXPECT_EQ(banner.detail(), u"node-a:8080: connection refused"_s) << "what happened to A";

    // One endpoint: the words of before.
    EXPECT_EQ(
        ConnectionBanner::describe(status(State::Connected, u"h:80"_s, {}, 1)), u"Connected"_s);
    ConnectionStatus down = status(State::Disconnected, u"node-a:8080"_s);
    down.reason = u"node-a:8080: the server refused access (HTTP 403): check the token"_s;
    EXPECT_EQ(ConnectionBanner::describe(down),
        u"Disconnected: node-a:8080: the server refused access (HTTP 403): check the token"_s);
}
