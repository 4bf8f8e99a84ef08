// SPDX-License-Identifier: MIT
// The tutorial's server in its bare shape (server.mjs with BARE=1): no `id:`, no user, no
// replay, POST answered {"ok":true}. Its habits shown on the wire, then what the chat core
// makes of them: your message once, and an honest line where a reconnect may have lost
// messages.
#include "participant.h"
#include "peers.h"

#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace hibiki;
using namespace hibiki::interop;

namespace {

class InteropBare : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_peer = Peer::create(PeerKind::Bare, m_dir.path());
        if (const QString reason = m_peer->unavailableReason(); !reason.isEmpty()) {
            GTEST_SKIP() << "\n*** INTEROP PEER bare CANNOT RUN HERE: " << reason.toStdString()
                         << "\n*** Run scripts/setup.sh deps and build test_interop. ***";
        }
        ASSERT_TRUE(m_peer->start()) << m_peer->errorString().toStdString();
    }

    QString publish(const QString &text) { return Publisher(m_peer->profile()).publish(text); }

    QTemporaryDir m_dir;
    std::unique_ptr<Peer> m_peer;
};

} // namespace

TEST_F(InteropBare, SendsNoIdsAndAnswersPostsWithOkOnly)
{
    RawGet raw(m_peer->profile().streamUrl, {{"Accept", "text/event-stream"}});
    ASSERT_TRUE(QTest::qWaitFor([&] { return raw.status() == 200; }, 10000));
    Publisher publisher(m_peer->profile());
    const Publisher::Result answer = publisher.post(u"hello"_s);
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(answer.body, R"({"ok":true})");
    ASSERT_TRUE(raw.waitForBody("\n\n"));
    const QString body = QString::fromUtf8(raw.body());
    EXPECT_TRUE(QRegularExpression(u"^event: message\ndata: \\{\"content\":\"hello\",\"timestamp\":"
                                   "\"[^\"]+\"\\}\n\n$"_s)
                    .match(body)
                    .hasMatch())
        << body.toStdString();
    EXPECT_FALSE(body.contains(u"id:"_s));
    EXPECT_FALSE(body.contains(u"retry:"_s));
}

TEST_F(InteropBare, MyMessageIsRecognizedByItsTextAndSomeoneElsesSameWordsAreNot)
{
    Participant alice(m_peer->profile(), u"alice"_s);
    alice.connect();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
    // Someone says it first: no post of hers is out yet, so it is not hers.
    ASSERT_EQ(publish(u"same words"_s), QString());
    ASSERT_TRUE(alice.waitForTexts(1));
    const QString clientId = alice.session->send(u"same words"_s);
    ASSERT_TRUE(alice.waitForDelivered(u"same words"_s));
    ASSERT_TRUE(alice.waitForTexts(2));
    ASSERT_EQ(publish(u"barrier"_s), QString());
    ASSERT_TRUE(alice.waitForText(u"barrier"_s));

    ASSERT_EQ(alice.messages.size(), 3);
    EXPECT_FALSE(alice.messages[0].fromThisDevice);
    EXPECT_TRUE(alice.messages[1].fromThisDevice);
    EXPECT_EQ(alice.messages[1].clientId, clientId);
    EXPECT_FALSE(alice.messages[2].fromThisDevice);
    EXPECT_EQ(alice.shown(), (QStringList {u"same words"_s, u"same words"_s, u"barrier"_s}));
}

TEST_F(InteropBare, AReconnectSaysMessagesSentMeanwhileMayBeMissingBecauseTheyAre)
{
    DropProxy proxy(m_peer->port());
    ASSERT_TRUE(proxy.isListening());
    Participant alice(m_peer->profile(proxy.url()), u"alice"_s);
    alice.connect();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
    ASSERT_EQ(publish(u"before"_s), QString());
    ASSERT_TRUE(alice.waitForText(u"before"_s));

    proxy.setRefusing(true);
    proxy.cutAll();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Reconnecting));
    ASSERT_EQ(publish(u"lost while away"_s), QString());
    proxy.setRefusing(false);
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
    ASSERT_EQ(publish(u"after"_s), QString());
    ASSERT_TRUE(alice.waitForText(u"after"_s));

    ASSERT_EQ(alice.messages.size(), 3);
    EXPECT_EQ(alice.messages[0].text, u"before"_s);
    EXPECT_EQ(alice.messages[1].kind, ChatMessage::Kind::Gap);
    EXPECT_TRUE(alice.messages[1].isLocalNotice());
    EXPECT_TRUE(alice.messages[1].text.contains(u"may be missing"_s));
    EXPECT_EQ(alice.messages[2].text, u"after"_s);
    EXPECT_FALSE(alice.texts.contains(u"lost while away"_s)) << "the bare shape cannot resend";
    EXPECT_EQ(alice.session->history().count(), 3);
}
