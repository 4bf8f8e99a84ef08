// SPDX-License-Identifier: MIT
// Habits of real servers that none of the peers here shows on demand, scripted byte for
// byte with ScriptedServer and checked through the chat core.
#include "participant.h"

#include <scriptedserver.h>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace hibiki;
using namespace hibiki::interop;
using hibiki::test::Response;
using hibiki::test::ScriptedServer;

namespace {

TEST(InteropScripted, AStreamWithCrOnlyLineBreaksDeliversItsLastEventWhileStillOpen)
{
    // npm's eventsource-parser holds back an event that ends in CR CR, waiting for an LF
    // that never comes: the last message would show only with the next one.
    ScriptedServer server;
    ASSERT_TRUE(server.isListening());
    server.enqueue(
        Response::sse()
            .write("retry: 1000\r\revent: message\r"
                   "data: {\"content\":\"first\",\"timestamp\":\"2025-05-01 22:00\"}\rid: 1\r\r")
            .write("event: message\r"
                   "data: {\"content\":\"last\",\"timestamp\":\"2025-05-01 22:03\"}\rid: 2\r\r")
            .hold());
    Participant alice(Profile::tutorialServer(server.url(u"/"_s)), u"alice"_s);
    alice.connect();
    ASSERT_TRUE(alice.waitForText(u"last"_s));
    EXPECT_EQ(alice.texts, (QStringList {u"first"_s, u"last"_s}));
    EXPECT_EQ(alice.session->history().lastEventId(), u"2"_s);
    EXPECT_EQ(server.requestCount(), 1) << "the stream is still the first one";
    EXPECT_EQ(alice.session->connectionStatus().state, ConnectionStatus::State::Connected);
}

TEST(InteropScripted, AStreamThatOpensThenStaysSilentIsRetriedWithABufferingProxyHint)
{
    // What a buffering proxy in front of a chat server looks like from the client: the
    // head arrives, then nothing, not even the heartbeat.
    ScriptedServer server;
    ASSERT_TRUE(server.isListening());
    server.setHandler([](const hibiki::test::Request &) { return Response::sse().hold(); });
    Participant alice(Profile::hibikiRoom(server.url(u"/"_s)), u"alice"_s, {}, nullptr, 400);
    alice.connect();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Reconnecting));

    const QString reason = alice.session->connectionStatus().reason;
    EXPECT_TRUE(reason.contains(u"no data from the server for 0.4 s"_s)) << reason.toStdString();
    EXPECT_TRUE(reason.contains(u"proxy may be buffering"_s)) << reason.toStdString();
    ASSERT_TRUE(server.waitForRequests(2, 10000)) << "no reconnect after the idle timeout";
    EXPECT_EQ(server.requests().at(1).header("Accept"), "text/event-stream");
}

} // namespace
