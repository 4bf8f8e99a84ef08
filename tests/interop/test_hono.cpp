// SPDX-License-Identifier: MIT
// The tutorial's Hono server's habits, shown on the wire first and then handled by
// sseclient and the chat core's tutorial preset.
#include "participant.h"
#include "peers.h"

#include <sseclient/eventsource.h>

#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace hibiki;
using namespace hibiki::interop;

namespace {

class InteropHono : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        Peer::Options options;
        options.pingMs = 200;
        m_peer = Peer::create(PeerKind::Hono, m_dir.path(), options);
        if (const QString reason = m_peer->unavailableReason(); !reason.isEmpty()) {
            GTEST_SKIP() << "\n*** INTEROP PEER hono CANNOT RUN HERE: " << reason.toStdString()
                         << "\n*** Run scripts/setup.sh deps and build test_interop. ***";
        }
        ASSERT_TRUE(m_peer->start()) << m_peer->errorString().toStdString();
    }

    QUrl streamUrl() const { return m_peer->profile().streamUrl; }
    QString publish(const QString &text) { return Publisher(m_peer->profile()).publish(text); }

    QTemporaryDir m_dir;
    std::unique_ptr<Peer> m_peer;
};

TEST_F(InteropHono, OpensWithRetryAndWritesTheIdAfterTheData)
{
    RawGet raw(streamUrl(), {{"Accept", "text/event-stream"}});
    ASSERT_TRUE(raw.waitForBody("retry:"));
    sse::EventSource source(streamUrl());
    QList<sse::MessageEvent> messages;
    source.addEventListener(
        u"message"_s, &source, [&](const sse::MessageEvent &event) { messages.append(event); });
    source.open();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return source.readyState() == sse::EventSource::ReadyState::Open; }, 10000));
    Participant alice(m_peer->profile(), u"alice"_s);
    alice.connect();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));

    ASSERT_EQ(publish(u"hello"_s), QString());
    ASSERT_TRUE(raw.waitForBody("id: 1\n\n"));
    const QByteArray body = raw.body();
    EXPECT_TRUE(body.startsWith("retry: 250\n\n")) << body.toStdString();
    EXPECT_TRUE(QRegularExpression(u"event: message\ndata: \\{\"content\":\"hello\",\"timestamp\":"
                                   "\"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\"\\}\nid: 1\n\n"_s)
                    .match(QString::fromUtf8(body))
                    .hasMatch())
        << body.toStdString();
    EXPECT_EQ(raw.header("Content-Type"), "text/event-stream");

    ASSERT_TRUE(QTest::qWaitFor([&] { return !messages.isEmpty(); }, 10000));
    EXPECT_EQ(source.reconnectionTimeMs(), 250);
    EXPECT_EQ(messages.first().lastEventId, u"1"_s);
    EXPECT_EQ(source.lastEventId(), u"1"_s);

    ASSERT_TRUE(alice.waitForText(u"hello"_s));
    const ChatMessage &message = alice.messages.first();
    EXPECT_EQ(message.id, u"1"_s);
    EXPECT_TRUE(message.timestamp.isValid());
    // "YYYY-MM-DD HH:MM" is local time without a zone: within a minute of now.
    EXPECT_LE(qAbs(message.timestamp.secsTo(QDateTime::currentDateTimeUtc())), 120);
    EXPECT_EQ(alice.session->history().lastEventId(), u"1"_s);
}

TEST_F(InteropHono, PingEventsWithDataAreDispatchedButNeverShownInTheChat)
{
    sse::EventSource source(streamUrl());
    QStringList pings;
    source.addEventListener(
        u"ping"_s, &source, [&](const sse::MessageEvent &event) { pings.append(event.data); });
    Participant alice(m_peer->profile(), u"alice"_s);
    alice.connect();
    source.open();

    ASSERT_TRUE(QTest::qWaitFor([&] { return pings.size() >= 3; }, 10000));
    EXPECT_EQ(pings.mid(0, 3), (QStringList {u"1"_s, u"2"_s, u"3"_s}));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return alice.session->eventSource().statistics().eventsDispatched >= 3; }, 10000));
    EXPECT_TRUE(alice.messages.isEmpty());

    ASSERT_EQ(publish(u"a real message"_s), QString());
    ASSERT_TRUE(alice.waitForText(u"a real message"_s));
    EXPECT_EQ(alice.messages.size(), 1);
    EXPECT_EQ(alice.session->history().count(), 1);
}

TEST_F(InteropHono, RejectsAnEmptyMessageAndTheOutboxSaysWhy)
{
    Participant alice(m_peer->profile(), u"alice"_s);
    alice.connect();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
    const QString clientId = alice.session->send(u"   "_s);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const QList<OutboxEntry> entries = alice.session->outbox().entries();
            return !entries.isEmpty() && entries.first().state == OutboxEntry::State::Failed;
        },
        10000));
    const OutboxEntry entry = alice.session->outbox().entries().first();
    EXPECT_EQ(entry.clientId, clientId);
    EXPECT_TRUE(entry.error.contains(u"content must be a non-empty string"_s))
        << entry.error.toStdString();
    EXPECT_TRUE(entry.error.contains(u"400"_s)) << entry.error.toStdString();
}

} // namespace
