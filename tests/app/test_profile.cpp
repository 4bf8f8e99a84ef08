// SPDX-License-Identifier: MIT
#include "core/profile.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::Profile;

TEST(Profile, HibikiRoomPresetDerivesEndpointsFromTheBaseUrl)
{
    const Profile profile = Profile::hibikiRoom(QUrl(u"http://127.0.0.1:8787/"_s));
    EXPECT_EQ(profile.preset, Profile::Preset::HibikiRoom);
    EXPECT_EQ(profile.streamUrl, QUrl(u"http://127.0.0.1:8787/sse"_s));
    EXPECT_EQ(profile.postUrl, QUrl(u"http://127.0.0.1:8787/messages"_s));
    EXPECT_TRUE(profile.validate().isEmpty());
}

TEST(Profile, ForUrlRecognisesRoomsNchanChannelsAndOtherStreams)
{
    EXPECT_EQ(Profile::forUrl(QUrl(u"http://h:1"_s)).preset, Profile::Preset::HibikiRoom);
    EXPECT_EQ(Profile::forUrl(QUrl(u"http://h:1/sse"_s)).streamUrl, QUrl(u"http://h:1/sse"_s));

    const Profile nchan = Profile::forUrl(QUrl(u"https://h/chat/sub/lobby"_s));
    EXPECT_EQ(nchan.preset, Profile::Preset::Nchan);
    EXPECT_EQ(nchan.streamUrl, QUrl(u"https://h/chat/sub/lobby"_s));
    EXPECT_EQ(nchan.postUrl, QUrl(u"https://h/chat/pub/lobby"_s));
    EXPECT_TRUE(nchan.idField.isEmpty()) << "nchan ids come from the SSE id";

    const Profile other = Profile::forUrl(QUrl(u"http://h/events/stream"_s));
    EXPECT_EQ(other.preset, Profile::Preset::Custom);
    EXPECT_EQ(other.streamUrl, QUrl(u"http://h/events/stream"_s));
    EXPECT_TRUE(other.postUrl.isEmpty());
}

TEST(Profile, JsonRoundTripKeepsEveryField)
{
    Profile profile
        = Profile::nchanChannel(QUrl(u"https://chat.example"_s), u"dev"_s, u"Dev room"_s);
    profile.headers = {{"X-Team", "blue"}};
    profile.userName = u"alice"_s;
    profile.chatEvents = {u"message"_s, u"chat"_s};
    profile.textField = u"payload.text"_s;
    QString error;
    const auto loaded = Profile::fromJson(profile.toJson(), &error);
    ASSERT_TRUE(loaded.has_value()) << error.toStdString();
    EXPECT_EQ(*loaded, profile);
}

TEST(Profile, MalformedJsonNamesTheField)
{
    const auto check = [](const char *json, const char *field) {
        QString error;
        const auto profile = Profile::fromJson(QJsonDocument::fromJson(json).object(), &error);
        EXPECT_FALSE(profile.has_value()) << json;
        EXPECT_TRUE(error.contains(QLatin1StringView(field))) << error.toStdString();
    };
    check(R"({"streamUrl":"http://h/sse"})", "name");
    check(R"({"name":"x"})", "streamUrl");
    check(R"({"name":"x","streamUrl":"ftp://h/sse"})", "streamUrl");
    check(R"({"name":"x","streamUrl":"http://h/sse","chatEvents":"message"})", "chatEvents");
    check(R"({"name":"x","streamUrl":"http://h/sse","chatEvents":[1]})", "chatEvents");
    check(R"({"name":"x","streamUrl":"http://h/sse","preset":"irc"})", "preset");
    check(R"({"name":"x","streamUrl":"http://h/sse","postMethod":"GET"})", "postMethod");
    check(R"({"name":"x","streamUrl":"http://h/sse","headers":{"A":1}})", "headers");
    check(R"({"name":"x","streamUrl":"http://h/sse","bodyTemplate":"{content"})", "bodyTemplate");
    check(R"({"name":"x","streamUrl":"http://h/sse","textField":3})", "textField");
}

TEST(Profile, PostBodyEscapesValuesAndNeverExpandsPlaceholdersInsideText)
{
    const Profile profile = Profile::hibikiRoom(QUrl(u"http://h"_s));
    const QByteArray body = profile.postBody(u"say \"{user}\"\n"_s, u"bob"_s, u"c-1"_s);
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    EXPECT_EQ(object.value(u"content"_s).toString(), u"say \"{user}\"\n"_s);
    EXPECT_EQ(object.value(u"user"_s).toString(), u"bob"_s);
    EXPECT_EQ(object.value(u"clientId"_s).toString(), u"c-1"_s);
    EXPECT_EQ(profile.postContentType(), "application/json");
}

TEST(Profile, RawTextBody)
{
    Profile profile = Profile::hibikiRoom(QUrl(u"http://h"_s));
    profile.bodyFormat = Profile::BodyFormat::RawText;
    profile.bodyTemplate = u"{user}: {content}"_s;
    EXPECT_EQ(profile.postBody(u"hi {x}"_s, u"bob"_s, u"c"_s), "bob: hi {x}");
    EXPECT_TRUE(profile.postContentType().startsWith("text/plain"));
}

TEST(Profile, ValidateExplainsWhatIsWrong)
{
    Profile profile;
    EXPECT_FALSE(profile.validate().isEmpty());
    profile.name = u"x"_s;
    profile.streamUrl = QUrl(u"mailto:a@b"_s);
    EXPECT_TRUE(profile.validate().contains(u"http"_s));
}
