// SPDX-License-Identifier: MIT
// A room with several endpoints: the profile's list (JSON, presets, validation) and the
// failover policy that walks it.
#include "core/failoverpolicy.h"
#include "core/profile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::Endpoint;
using hibiki::FailoverPolicy;
using hibiki::Profile;

namespace {

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

QString fromJsonError(const QJsonObject &json)
{
    QString error;
    EXPECT_FALSE(Profile::fromJson(json, &error).has_value());
    return error;
}

Profile twoNodes()
{
    return Profile::nchanChannel(
        {QUrl(u"http://node-a:8080"_s), QUrl(u"http://node-b:8081/chat"_s)}, u"lobby"_s);
}

} // namespace

TEST(Endpoints, AProfileWithoutAListHasItsStreamAndPostUrlAsTheOnlyEndpoint)
{
    const Profile profile = Profile::hibikiRoom(QUrl(u"http://127.0.0.1:8787"_s));
    ASSERT_EQ(profile.endpoints().size(), 1);
    EXPECT_EQ(profile.endpoints().front().streamUrl, QUrl(u"http://127.0.0.1:8787/sse"_s));
    EXPECT_EQ(profile.endpoints().front().postUrl, QUrl(u"http://127.0.0.1:8787/messages"_s));
    EXPECT_EQ(profile.endpoints().front().label(), u"127.0.0.1:8787"_s);
}

TEST(Endpoints, AnOldProfileLoadsUnchangedAndIsWrittenBackWithoutAList)
{
    // A profile as release 0.1 wrote it: no "endpoints" key.
    const QJsonObject old = parse(R"({"name":"nchan #lobby","preset":"nchan",
        "streamUrl":"http://h:8080/sub/lobby","postUrl":"http://h:8080/pub/lobby",
        "idField":"","joinEvents":[],"leaveEvents":[],"gapEvents":[]})");
    QString error;
    const std::optional<Profile> profile = Profile::fromJson(old, &error);
    ASSERT_TRUE(profile) << error.toStdString();
    EXPECT_TRUE(profile->fallbackEndpoints.isEmpty());
    EXPECT_EQ(profile->endpoints(),
        (QList<Endpoint> {
            {QUrl(u"http://h:8080/sub/lobby"_s), QUrl(u"http://h:8080/pub/lobby"_s)}}));
    EXPECT_FALSE(profile->toJson().contains(u"endpoints"_s));
    EXPECT_EQ(Profile::fromJson(profile->toJson(), &error), profile);
    EXPECT_TRUE(profile->validate().isEmpty()) << profile->validate().toStdString();
}

TEST(Endpoints, TheNchanPresetBuildsOneEndpointPerNodeForTheSameChannel)
{
    const Profile profile = twoNodes();
    EXPECT_EQ(profile.preset, Profile::Preset::Nchan);
    EXPECT_EQ(profile.name, u"nchan #lobby (node-a:8080)"_s);
    const QList<Endpoint> endpoints = profile.endpoints();
    ASSERT_EQ(endpoints.size(), 2);
    EXPECT_EQ(endpoints[0].streamUrl, QUrl(u"http://node-a:8080/sub/lobby"_s));
    EXPECT_EQ(endpoints[0].postUrl, QUrl(u"http://node-a:8080/pub/lobby"_s));
    EXPECT_EQ(endpoints[1].streamUrl, QUrl(u"http://node-b:8081/chat/sub/lobby"_s));
    EXPECT_EQ(endpoints[1].postUrl, QUrl(u"http://node-b:8081/chat/pub/lobby"_s));
    EXPECT_EQ(endpoints[1].label(), u"node-b:8081"_s);
    EXPECT_EQ(profile.streamUrl, endpoints[0].streamUrl) << "the first node is the preferred one";
    EXPECT_TRUE(profile.validate().isEmpty()) << profile.validate().toStdString();
}

TEST(Endpoints, LabelsNameTheDefaultPortAndBracketIpv6)
{
    EXPECT_EQ((Endpoint {QUrl(u"https://chat.example.org/sub/a"_s), {}}).label(),
        u"chat.example.org:443"_s);
    EXPECT_EQ((Endpoint {QUrl(u"http://chat.example.org/sub/a"_s), {}}).label(),
        u"chat.example.org:80"_s);
    EXPECT_EQ((Endpoint {QUrl(u"http://[::1]:8080/sub/a"_s), {}}).label(), u"[::1]:8080"_s);
}

TEST(Endpoints, JsonRoundTripKeepsTheListAndNamesTheFirstForOlderReleases)
{
    Profile profile = twoNodes();
    profile.fallbackEndpoints.append(
        {QUrl(u"https://node-c/sub/lobby"_s), QUrl(u"https://node-c/pub/lobby"_s)});
    const QJsonObject json = profile.toJson();
    const QJsonArray list = json.value(u"endpoints"_s).toArray();
    ASSERT_EQ(list.size(), 3);
    EXPECT_EQ(list[2].toObject().value(u"streamUrl"_s).toString(), u"https://node-c/sub/lobby"_s);
    EXPECT_EQ(list[0].toObject().value(u"postUrl"_s).toString(), u"http://node-a:8080/pub/lobby"_s);
    // A release that knows only "streamUrl"/"postUrl" keeps working on the first node.
    EXPECT_EQ(json.value(u"streamUrl"_s).toString(), u"http://node-a:8080/sub/lobby"_s);
    EXPECT_EQ(json.value(u"postUrl"_s).toString(), u"http://node-a:8080/pub/lobby"_s);

    QString error;
    const std::optional<Profile> back = Profile::fromJson(json, &error);
    ASSERT_TRUE(back) << error.toStdString();
    EXPECT_EQ(*back, profile);
    // And through text, as rooms.json stores it.
    const QJsonObject reparsed
        = QJsonDocument::fromJson(QJsonDocument(json).toJson(QJsonDocument::Indented)).object();
    EXPECT_EQ(Profile::fromJson(reparsed, &error), profile);
}

TEST(Endpoints, AListAloneIsEnoughWithoutStreamUrl)
{
    const QJsonObject json = parse(R"({"name":"x","endpoints":[
        {"streamUrl":"http://a/sub/x","postUrl":"http://a/pub/x"},
        {"streamUrl":"http://b/sub/x","postUrl":"http://b/pub/x"}]})");
    QString error;
    const std::optional<Profile> profile = Profile::fromJson(json, &error);
    ASSERT_TRUE(profile) << error.toStdString();
    EXPECT_EQ(profile->streamUrl, QUrl(u"http://a/sub/x"_s));
    EXPECT_EQ(profile->postUrl, QUrl(u"http://a/pub/x"_s));
    ASSERT_EQ(profile->fallbackEndpoints.size(), 1);
    EXPECT_EQ(profile->fallbackEndpoints[0].postUrl, QUrl(u"http://b/pub/x"_s));
}

TEST(Endpoints, AMalformedListIsRefusedWithTheReasonInWords)
{
    EXPECT_EQ(fromJsonError(parse(R"({"name":"x","endpoints":"http://a/sub/x"})")),
        uR"(profile field "endpoints" must be a non-empty array of {"streamUrl": …, "postUrl": …} objects)"_s);
    EXPECT_TRUE(fromJsonError(parse(R"({"name":"x","endpoints":[]})")).contains(u"non-empty"_s));
    EXPECT_TRUE(fromJsonError(parse(R"({"name":"x","endpoints":[{"streamUrl":"http://a/s"}, 7]})"))
                    .endsWith(u"(item 2 is not an object)"_s));
    EXPECT_EQ(fromJsonError(parse(R"({"name":"x","endpoints":[{"streamUrl":"http://a/s"},
        {"streamUrl":"ftp://b/s"}]})")),
        uR"(endpoint 2 in "endpoints": field "streamUrl" is not an http(s) URL: "ftp://b/s")"_s);
    EXPECT_EQ(fromJsonError(parse(R"({"name":"x","endpoints":[{"postUrl":"http://a/p"}]})")),
        uR"(endpoint 1 in "endpoints": field "streamUrl" must be a URL string)"_s);
    EXPECT_EQ(fromJsonError(parse(R"({"name":"x","streamUrl":"http://c/s",
        "endpoints":[{"streamUrl":"http://a/s"},{"streamUrl":"http://b/s"}]})")),
        uR"(profile field "streamUrl" must be the first endpoint's streamUrl, or be left out)"_s);
    EXPECT_EQ(fromJsonError(parse(R"({"name":"x","postUrl":"http://c/p",
        "endpoints":[{"streamUrl":"http://a/s","postUrl":"http://a/p"}]})")),
        uR"(profile field "postUrl" must be the first endpoint's postUrl, or be left out)"_s);
}

TEST(Endpoints, ValidateNamesTheNodeThatIsWrong)
{
    Profile profile = twoNodes();
    profile.fallbackEndpoints[0].streamUrl = QUrl(u"ftp://node-b/sub/lobby"_s);
    EXPECT_EQ(
        profile.validate(), u"Node 2: the stream address must be an http:// or https:// URL."_s);

    profile = twoNodes();
    profile.fallbackEndpoints[0].postUrl = QUrl(u"mailto:x@y"_s);
    EXPECT_EQ(
        profile.validate(), u"Node 2: the post address must be an http:// or https:// URL."_s);

    profile = twoNodes();
    profile.fallbackEndpoints[0].streamUrl = QUrl(u"http://node-a:8080/sub/lobby/"_s);
    EXPECT_EQ(profile.validate(),
        u"Node 2 has the same stream address as node 1 (http://node-a:8080/sub/lobby/)."_s);

    profile = twoNodes();
    profile.fallbackEndpoints[0].postUrl.clear();
    EXPECT_EQ(profile.validate(),
        u"Node 2 has no post address but node 1 has one: give every node one, or none for a "
        "read-only room."_s);

    // Read-only on every node is fine.
    profile.postUrl.clear();
    EXPECT_TRUE(profile.validate().isEmpty()) << profile.validate().toStdString();
}

TEST(Endpoints, SetEndpointsSplitsTheListIntoPreferredAndFallbacks)
{
    Profile profile;
    profile.setEndpoints({{QUrl(u"http://a/s"_s), QUrl(u"http://a/p"_s)},
        {QUrl(u"http://b/s"_s), QUrl(u"http://b/p"_s)}});
    EXPECT_EQ(profile.streamUrl, QUrl(u"http://a/s"_s));
    EXPECT_EQ(profile.postUrl, QUrl(u"http://a/p"_s));
    ASSERT_EQ(profile.fallbackEndpoints.size(), 1);
    EXPECT_EQ(profile.fallbackEndpoints[0].streamUrl, QUrl(u"http://b/s"_s));
    profile.setEndpoints({});
    EXPECT_TRUE(profile.streamUrl.isEmpty());
    EXPECT_TRUE(profile.fallbackEndpoints.isEmpty());
}

TEST(FailoverPolicy, MovesToTheNextEndpointInOrderAndWrapsToThePreferredOne)
{
    FailoverPolicy policy(3, {100, 1000, 60000});
    EXPECT_EQ(policy.current(), 0);
    EXPECT_FALSE(policy.onFallback());
    EXPECT_EQ(policy.failed(5000).endpoint, 1);
    EXPECT_TRUE(policy.onFallback());
    EXPECT_EQ(policy.failed(-1).endpoint, 2);
    EXPECT_EQ(policy.failed(-1).endpoint, 0);
    EXPECT_EQ(policy.current(), 0);
    policy.moveTo(2);
    EXPECT_EQ(policy.failed(-1).endpoint, 0);
    policy.moveTo(7);
    EXPECT_EQ(policy.current(), 2) << "clamped to the list";
}

TEST(FailoverPolicy, TheFirstRoundMovesQuicklyThenEachRoundWaitsLongerUpToTheCap)
{
    FailoverPolicy policy(2, {100, 1000, 60000});
    // Round 0: the other node, within the initial delay.
    FailoverPolicy::Move move = policy.failed(-1);
    EXPECT_GE(move.delayMs, 0);
    EXPECT_LE(move.delayMs, 100);
    // Both failed: from now on, equal jitter on a doubling ceiling.
    const QList<QPair<int, int>> expected {{100, 200}, {100, 200}, {200, 400}, {200, 400},
        {400, 800}, {400, 800}, {500, 1000}, {500, 1000}};
    for (const auto &[low, high] : expected) {
        move = policy.failed(10);
        EXPECT_GE(move.delayMs, low) << policy.consecutiveFailures();
        EXPECT_LE(move.delayMs, high) << policy.consecutiveFailures();
    }
    EXPECT_EQ(policy.consecutiveFailures(), 9);
}

TEST(FailoverPolicy, AStableConnectionStartsTheCountAfresh)
{
    FailoverPolicy policy(2, {100, 1000, 60000});
    for (int i = 0; i < 6; ++i) {
        policy.failed(-1);
    }
    EXPECT_EQ(policy.consecutiveFailures(), 6);
    // Open for a minute, then it failed: a new incident, a quick move.
    const FailoverPolicy::Move move = policy.failed(60000);
    EXPECT_EQ(policy.consecutiveFailures(), 1);
    EXPECT_LE(move.delayMs, 100);
}

TEST(FailoverPolicy, DelaysAreSpreadNotAllTheSame)
{
    // Thousands of rooms leaving a dead node must not reach the next one at once.
    QList<int> delays;
    for (int i = 0; i < 50; ++i) {
        FailoverPolicy policy(2, {1000, 30000, 60000});
        delays.append(policy.failed(-1).delayMs);
    }
    std::sort(delays.begin(), delays.end());
    EXPECT_LT(delays.front(), delays.back());
    EXPECT_GE(delays.front(), 0);
    EXPECT_LE(delays.back(), 1000);
}
