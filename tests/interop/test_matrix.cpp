// SPDX-License-Identifier: MIT
// The interop matrix: the chat core, through each server's built-in profile, against real
// servers started as child processes: nginx + nchan, the tutorial's Hono server on Node
// (with ids and replay, and in the tutorial's bare shape without them), and
// hibiki-server. Each peer must pass the same four tests; what a server without ids
// cannot do (resume) it must at least admit.
#include "participant.h"
#include "peers.h"
#include "peertest.h"

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace hibiki;
using namespace hibiki::interop;

namespace {

class Matrix : public PeerTest
{
protected:
    // Where everything that is not the client under test publishes (another user).
    QString publish(const QString &text) { return Publisher(m_peer->profile()).publish(text); }

    // Waits until the server's heartbeat reached `participant` (any bytes after now), so
    // that a test sees that heartbeats are not shown as messages.
    bool waitForHeartbeat(Participant &participant)
    {
        const qint64 before = participant.session->eventSource().statistics().bytesReceived;
        return QTest::qWaitFor(
            [&] { return participant.session->eventSource().statistics().bytesReceived > before; },
            Participant::timeoutMs);
    }

    QString peerOutput() { return m_peer->output(); }
    bool sendsIds() const { return GetParam() != PeerKind::Bare; }

    // The line a room without ids gets after a reconnect.
    static qsizetype resumeNotices(const Participant &participant)
    {
        return std::count_if(participant.messages.cbegin(), participant.messages.cend(),
            [](const ChatMessage &message) {
                return message.kind == ChatMessage::Kind::Gap && message.isLocalNotice();
            });
    }
};

TEST_P(Matrix, ReceivesWhatOthersPostInOrderAndNeverShowsHeartbeats)
{
    Participant alice(m_peer->profile(), u"alice"_s);
    alice.connect();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));

    const QStringList sent {
        u"Hello!"_s, u"こんにちは 🌸 <b>not bold</b>"_s, u"say \"hi\" \\o/ {content} 100%"_s};
    for (const QString &text : sent) {
        ASSERT_EQ(publish(text), QString());
    }
    ASSERT_TRUE(alice.waitForTexts(sent.size())) << peerOutput().toStdString();
    EXPECT_EQ(alice.texts, sent);

    // Heartbeats (nchan's data-less `event: ping`, Hono's `event: ping` with data,
    // hibiki-server's `: ping`) arrive, and none becomes a message.
    ASSERT_TRUE(waitForHeartbeat(alice));
    ASSERT_TRUE(waitForHeartbeat(alice));
    ASSERT_EQ(publish(u"after the pings"_s), QString());
    ASSERT_TRUE(alice.waitForText(u"after the pings"_s));
    EXPECT_EQ(alice.texts, sent + QStringList {u"after the pings"_s});
    for (const ChatMessage &message : std::as_const(alice.messages)) {
        if (message.kind == ChatMessage::Kind::Join || message.kind == ChatMessage::Kind::Leave) {
            continue; // presence on a Hibiki room, not a heartbeat
        }
        EXPECT_EQ(message.kind, ChatMessage::Kind::Chat) << message.text.toStdString();
        EXPECT_NE(message.eventType, u"ping"_s);
        EXPECT_FALSE(message.fromThisDevice);
        if (sendsIds()) {
            EXPECT_FALSE(message.id.isEmpty()) << "every message of this server has an id";
        } else {
            EXPECT_TRUE(message.id.isEmpty()) << "the bare shape has no ids";
        }
    }
    EXPECT_EQ(alice.storedChatMessages(), sent.size() + 1);
    EXPECT_EQ(alice.session->history().lastEventId(), alice.messages.last().id);
}

TEST_P(Matrix, OwnMessageIsDeliveredAndComesBackExactlyOnce)
{
    Participant alice(m_peer->profile(), u"alice"_s);
    alice.connect();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));

    const QString mine = u"my own words, once"_s;
    const QString clientId = alice.session->send(mine);
    ASSERT_FALSE(clientId.isEmpty());
    ASSERT_TRUE(alice.waitForDelivered(mine)) << peerOutput().toStdString();
    ASSERT_TRUE(alice.waitForText(mine));
    // A later message from someone else: everything before it has arrived by then.
    ASSERT_EQ(publish(u"barrier"_s), QString());
    ASSERT_TRUE(alice.waitForText(u"barrier"_s));

    EXPECT_EQ(alice.texts, (QStringList {mine, u"barrier"_s}));
    // Once on screen too: the echo takes the place of the outbox entry's row, because it is
    // recognized as ours (by clientId, by the id in the post's answer, or by its text).
    EXPECT_EQ(alice.shown(), (QStringList {mine, u"barrier"_s}));
    EXPECT_EQ(alice.storedChatMessages(), 2);
    EXPECT_TRUE(alice.session->outbox().entries().isEmpty());
    const ChatMessage &own = alice.messages.first();
    EXPECT_EQ(own.clientId, clientId);
    EXPECT_TRUE(own.fromThisDevice) << "never notify about one's own message";
    EXPECT_FALSE(alice.messages.last().fromThisDevice);
    if (GetParam() == PeerKind::Hono || GetParam() == PeerKind::Bare) {
        // The tutorial's messages carry no author.
        EXPECT_TRUE(own.author.isEmpty());
    } else {
        EXPECT_EQ(own.author, u"alice"_s);
    }
}

TEST_P(Matrix, DroppedConnectionResumesWithLastEventIdLosingNothingShowingNothingTwice)
{
    DropProxy proxy(m_peer->port());
    ASSERT_TRUE(proxy.isListening());
    // Stream and posts go through the proxy; everybody else talks to the server directly.
    Participant alice(m_peer->profile(proxy.url()), u"alice"_s);
    alice.connect();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
    ASSERT_EQ(publish(u"m1"_s), QString());
    ASSERT_EQ(publish(u"m2"_s), QString());
    ASSERT_TRUE(alice.waitForTexts(2));
    const QString resumeFrom = alice.session->history().lastEventId();
    ASSERT_EQ(resumeFrom.isEmpty(), !sendsIds());

    // The connection drops, and stays unreachable while others go on talking.
    proxy.setRefusing(true);
    proxy.cutAll();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Reconnecting));
    ASSERT_EQ(publish(u"m3"_s), QString());
    ASSERT_EQ(publish(u"m4"_s), QString());
    alice.session->send(u"typed while offline"_s);
    ASSERT_TRUE(QTest::qWaitFor([&] { return proxy.refusedCount() >= 2; }, 10000))
        << "the client did not retry";
    const qsizetype headsBefore = proxy.getRequestHeads().size();

    proxy.setRefusing(false);
    if (sendsIds()) {
        ASSERT_TRUE(alice.waitForText(u"typed while offline"_s)) << peerOutput().toStdString();
        ASSERT_TRUE(alice.waitForTexts(5));
    } else {
        // The post may beat the stream's reconnect; its echo then never comes, and the
        // outbox entry's row is what shows the message.
        ASSERT_TRUE(alice.waitForDelivered(u"typed while offline"_s)) << peerOutput().toStdString();
        ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
    }
    ASSERT_EQ(publish(u"barrier"_s), QString());
    ASSERT_TRUE(alice.waitForText(u"barrier"_s));

    QStringList others = alice.texts;
    others.removeAll(u"typed while offline"_s);
    EXPECT_EQ(alice.shown().count(u"typed while offline"_s), 1);
    const QList<QByteArray> heads = proxy.getRequestHeads();
    ASSERT_GT(heads.size(), headsBefore);
    if (!sendsIds()) {
        // Nothing to resume from: what came meanwhile is gone, and the room says it may be.
        EXPECT_EQ(others, (QStringList {u"m1"_s, u"m2"_s, u"barrier"_s}));
        EXPECT_EQ(resumeNotices(alice), 1);
        EXPECT_LE(alice.texts.count(u"typed while offline"_s), 1);
        // m1 m2 barrier, and the echo when it came (the notice is not a chat message)
        EXPECT_EQ(alice.storedChatMessages(), 3 + alice.texts.count(u"typed while offline"_s));
        for (qsizetype i = headsBefore; i < heads.size(); ++i) {
            EXPECT_TRUE(headerValue(heads[i], "Last-Event-ID").isEmpty());
        }
        return;
    }
    EXPECT_EQ(others, (QStringList {u"m1"_s, u"m2"_s, u"m3"_s, u"m4"_s, u"barrier"_s}));
    EXPECT_EQ(alice.texts.count(u"typed while offline"_s), 1);
    EXPECT_EQ(resumeNotices(alice), 0) << "a server with ids resumes: nothing to admit";
    EXPECT_EQ(alice.storedChatMessages(), 6);

    // The stream came back asking for what followed the last message it had.
    bool resumed = false;
    for (qsizetype i = headsBefore; i < heads.size(); ++i) {
        if (headerValue(heads[i], "Accept") == "text/event-stream") {
            EXPECT_EQ(headerValue(heads[i], "Last-Event-ID"), resumeFrom.toUtf8());
            resumed = true;
        }
    }
    EXPECT_TRUE(resumed) << "no stream request after the drop";
}

TEST_P(Matrix, PeerRestartIsSurvivedAndTheOutboxDeliversWhatWasTypedWhileItWasDown)
{
    Participant alice(m_peer->profile(), u"alice"_s);
    alice.connect();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
    ASSERT_EQ(publish(u"before 1"_s), QString());
    ASSERT_EQ(publish(u"before 2"_s), QString());
    ASSERT_TRUE(alice.waitForTexts(2));

    m_peer->prepareRestart();
    m_peer->kill();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Reconnecting));
    alice.session->send(u"typed while the server was down"_s);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return alice.session->eventSource().statistics().consecutiveFailures >= 2; },
        Participant::timeoutMs))
        << "the client did not keep trying";

    ASSERT_TRUE(m_peer->start()) << m_peer->errorString().toStdString();
    if (!sendsIds()) {
        // Without replay, only what is published while she is connected reaches her; the
        // outbox's post may beat the stream's reconnect, and its echo then never comes.
        ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
        ASSERT_TRUE(alice.waitForDelivered(u"typed while the server was down"_s));
        ASSERT_EQ(publish(u"after"_s), QString());
        ASSERT_EQ(publish(u"barrier"_s), QString());
        ASSERT_TRUE(alice.waitForText(u"barrier"_s)) << peerOutput().toStdString();
        EXPECT_EQ(alice.shown().count(u"typed while the server was down"_s), 1);
        EXPECT_LE(alice.texts.count(u"typed while the server was down"_s), 1);
        EXPECT_EQ(resumeNotices(alice), 1);
        QStringList others = alice.texts;
        others.removeAll(u"typed while the server was down"_s);
        EXPECT_EQ(others, (QStringList {u"before 1"_s, u"before 2"_s, u"after"_s, u"barrier"_s}));
        EXPECT_TRUE(alice.session->outbox().entries().isEmpty());
        return;
    }
    ASSERT_EQ(publish(u"after"_s), QString());
    ASSERT_TRUE(alice.waitForText(u"typed while the server was down"_s))
        << peerOutput().toStdString();
    ASSERT_TRUE(alice.waitForText(u"after"_s));
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
    ASSERT_EQ(publish(u"barrier"_s), QString());
    ASSERT_TRUE(alice.waitForText(u"barrier"_s));
    EXPECT_EQ(alice.shown().count(u"typed while the server was down"_s), 1);
    EXPECT_EQ(resumeNotices(alice), 0);

    QStringList texts = alice.texts;
    EXPECT_EQ(texts.mid(0, 2), (QStringList {u"before 1"_s, u"before 2"_s}));
    EXPECT_EQ(texts.last(), u"barrier"_s);
    texts.sort();
    EXPECT_EQ(texts,
        (QStringList {u"after"_s, u"barrier"_s, u"before 1"_s, u"before 2"_s,
            u"typed while the server was down"_s}));
    EXPECT_EQ(alice.storedChatMessages(), 5);
    EXPECT_TRUE(alice.session->outbox().entries().isEmpty());
}

INSTANTIATE_TEST_SUITE_P(Interop, Matrix,
    ::testing::Values(PeerKind::Nchan, PeerKind::Hono, PeerKind::Hibiki, PeerKind::Bare),
    [](const ::testing::TestParamInfo<PeerKind> &info) {
        return peerName(info.param).toStdString();
    });

} // namespace
