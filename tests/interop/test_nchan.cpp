// SPDX-License-Identifier: MIT
// nginx + nchan's habits, each shown on the wire first (so that the test proves the quirk is
// really there) and then handled by sseclient and the chat core's nchan preset.
#include "participant.h"
#include "peers.h"

#include <sseclient/eventsource.h>

#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace hibiki;
using namespace hibiki::interop;

namespace {

class InteropNchan : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_peer = Peer::create(PeerKind::Nchan, m_dir.path());
        if (const QString reason = m_peer->unavailableReason(); !reason.isEmpty()) {
            GTEST_SKIP() << "\n*** INTEROP PEER nchan CANNOT RUN HERE: " << reason.toStdString()
                         << "\n*** Run scripts/setup.sh deps to install it. ***";
        }
        ASSERT_TRUE(m_peer->start()) << m_peer->errorString().toStdString();
    }

    QUrl streamUrl() const { return m_peer->profile().streamUrl; }
    QString publish(const QString &text) { return Publisher(m_peer->profile()).publish(text); }
    // nchan answers a publish with "last message id: <id>".
    static QString publishedId(const QByteArray &body)
    {
        const QRegularExpressionMatch match
            = QRegularExpression(u"last message id: (\\S+)"_s).match(QString::fromUtf8(body));
        return match.captured(1);
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Peer> m_peer;
};

const QList<QPair<QByteArray, QByteArray>> acceptEventStream {{"Accept", "text/event-stream"}};

TEST_F(InteropNchan, OpensWithAHiCommentAndItsDatalessPingsNeverDispatch)
{
    RawGet raw(streamUrl(), acceptEventStream);
    ASSERT_TRUE(raw.waitForBody(":ping\nevent: ping\n\n")) << raw.body().toStdString();
    EXPECT_TRUE(raw.body().startsWith(": hi\n\n")) << raw.body().toStdString();
    EXPECT_FALSE(raw.body().contains("data:")) << "a ping with a data line is not the quirk";

    sse::Options options;
    options.reportComments = true;
    sse::EventSource source(streamUrl(), options);
    QStringList comments;
    QList<sse::MessageEvent> events;
    QObject::connect(&source, &sse::EventSource::comment,
        [&](const QString &text) { comments.append(text.trimmed()); });
    QObject::connect(&source, &sse::EventSource::message,
        [&](const sse::MessageEvent &event) { events.append(event); });
    Participant alice(m_peer->profile(), u"alice"_s);
    alice.connect();
    source.open();

    ASSERT_TRUE(QTest::qWaitFor([&] { return comments.count(u"ping"_s) >= 2; }, 10000));
    EXPECT_EQ(comments.first(), u"hi"_s);
    EXPECT_TRUE(events.isEmpty()) << "a data-less `event: ping` dispatched";

    ASSERT_EQ(publish(u"after two pings"_s), QString());
    ASSERT_TRUE(QTest::qWaitFor([&] { return !events.isEmpty(); }, 10000));
    ASSERT_TRUE(alice.waitForText(u"after two pings"_s));
    ASSERT_EQ(events.size(), 1);
    EXPECT_EQ(events.first().type, u"message"_s);
    EXPECT_TRUE(events.first().data.contains(u"after two pings"_s));
    EXPECT_EQ(alice.messages.size(), 1);
}

TEST_F(InteropNchan, RefusesAStreamRequestWithoutAcceptEventStreamWhichTheClientAlwaysSends)
{
    RawGet plain(streamUrl(), {});
    ASSERT_TRUE(plain.waitForFinished());
    EXPECT_EQ(plain.status(), 403);

    RawGet accepting(streamUrl(), acceptEventStream);
    ASSERT_TRUE(accepting.waitForBody(": hi"));
    EXPECT_EQ(accepting.status(), 200);

    Participant alice(m_peer->profile(), u"alice"_s);
    alice.connect();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
}

TEST_F(InteropNchan, EndsStreamsByClosingTheConnectionAndTheClientResumesWithoutRepeats)
{
    // On the wire: no Content-Length, no chunking; the body ends when nginx closes.
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_peer->port());
    ASSERT_TRUE(socket.waitForConnected(5000));
    socket.write("GET /drop/sub/lobby HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 "Accept: text/event-stream\r\n\r\n");
    QByteArray response;
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            response += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        10000))
        << "nginx did not close the stream";
    response += socket.readAll();
    const QByteArray head = response.left(response.indexOf("\r\n\r\n")).toLower();
    EXPECT_TRUE(head.startsWith("http/1.1 200")) << response.toStdString();
    EXPECT_FALSE(head.contains("content-length:")) << response.toStdString();
    EXPECT_FALSE(head.contains("transfer-encoding:")) << response.toStdString();

    // The chat core: nginx ends every stream after a second; each time the client
    // reconnects with Last-Event-ID and nchan sends only what is new.
    QUrl dropBase = m_peer->baseUrl();
    dropBase.setPath(u"/drop"_s);
    const Profile profile = m_peer->profile(dropBase);
    ASSERT_EQ(profile.streamUrl.path(), u"/drop/sub/lobby"_s);
    Participant alice(profile, u"alice"_s);
    alice.connect();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
    ASSERT_EQ(publish(u"m1"_s), QString());
    ASSERT_TRUE(alice.waitForText(u"m1"_s));
    const sse::EventSource &source = alice.session->eventSource();
    ASSERT_TRUE(QTest::qWaitFor([&] { return source.statistics().reconnects >= 2; }, 10000));
    ASSERT_EQ(publish(u"m2"_s), QString());
    ASSERT_TRUE(alice.waitForText(u"m2"_s));
    ASSERT_TRUE(QTest::qWaitFor([&] { return source.statistics().reconnects >= 3; }, 10000));
    ASSERT_EQ(publish(u"m3"_s), QString());
    ASSERT_TRUE(alice.waitForText(u"m3"_s));

    EXPECT_EQ(alice.texts, (QStringList {u"m1"_s, u"m2"_s, u"m3"_s}));
    // Not deduplicated by the store: never sent twice, because Last-Event-ID was honoured.
    EXPECT_EQ(source.statistics().eventsDispatched, 3);
}

TEST_F(InteropNchan, OpaqueIdsAreKeptVerbatimAndResumeAfterTheAppRestarts)
{
    const QString store = m_dir.filePath(u"alice.sqlite"_s);
    Publisher bob(m_peer->profile());
    QString lastId;
    {
        Participant alice(m_peer->profile(), u"alice"_s, store);
        alice.connect();
        ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
        // 12 messages: ids ":9" and ":10" order differently as text and as numbers.
        for (int i = 0; i < 12; ++i) {
            const Publisher::Result result = bob.post(u"message %1"_s.arg(i));
            // 201 when a subscriber got it at once, 202 when it was only queued.
            ASSERT_TRUE(result.status == 201 || result.status == 202)
                << result.status << result.body.toStdString();
            lastId = publishedId(result.body);
        }
        ASSERT_TRUE(alice.waitForTexts(12));
        EXPECT_TRUE(QRegularExpression(u"^\\d+:\\d+$"_s).match(lastId).hasMatch())
            << lastId.toStdString();
        EXPECT_EQ(alice.session->history().lastEventId(), lastId);
        EXPECT_EQ(alice.messages.last().id, lastId);
    } // the app quits

    ASSERT_EQ(publish(u"while the app was closed"_s), QString());
    Participant again(m_peer->profile(), u"alice"_s, store);
    EXPECT_EQ(again.session->history().lastEventId(), lastId);
    again.connect();
    ASSERT_TRUE(again.waitForText(u"while the app was closed"_s));
    ASSERT_EQ(publish(u"barrier"_s), QString());
    ASSERT_TRUE(again.waitForText(u"barrier"_s));
    EXPECT_EQ(again.texts, (QStringList {u"while the app was closed"_s, u"barrier"_s}));
    EXPECT_EQ(again.session->eventSource().statistics().eventsDispatched, 2);
    EXPECT_EQ(again.session->history().count(), 14);
}

TEST_F(InteropNchan, SendsNoEventTypeUnlessThePublisherSetsOne)
{
    RawGet raw(streamUrl(), acceptEventStream);
    ASSERT_TRUE(raw.waitForBody(": hi"));
    Participant alice(m_peer->profile(), u"alice"_s);
    alice.connect();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));

    Publisher bob(m_peer->profile());
    ASSERT_EQ(bob.post(u"plain"_s).status, 201);
    ASSERT_EQ(bob.post(u"maintenance at noon"_s, {{"X-EventSource-Event", "system"}}).status, 201);
    ASSERT_TRUE(raw.waitForBody("event: system"));
    const QByteArray body = raw.body();
    const QByteArray plain = body.left(body.indexOf("event: system"));
    EXPECT_TRUE(plain.contains("plain")) << body.toStdString();
    EXPECT_FALSE(plain.contains("event:")) << body.toStdString();

    ASSERT_TRUE(QTest::qWaitFor([&] { return alice.messages.size() >= 2; }, 10000));
    ASSERT_EQ(alice.messages.size(), 2);
    EXPECT_EQ(alice.messages[0].kind, ChatMessage::Kind::Chat);
    EXPECT_EQ(alice.messages[0].eventType, u"message"_s);
    EXPECT_EQ(alice.messages[0].text, u"plain"_s);
    EXPECT_EQ(alice.messages[0].author, u"bob"_s);
    EXPECT_EQ(alice.messages[1].kind, ChatMessage::Kind::System);
    EXPECT_EQ(alice.messages[1].text, u"maintenance at noon"_s);
}

} // namespace
