// SPDX-License-Identifier: MIT
// Rooms on a deployment that outgrew one machine: two nginx + nchan nodes sharing their
// channels through one Redis (Cluster), on loopback, driven through the chat core as the app
// drives it. Nodes are killed with SIGKILL mid-conversation (a crash) and Redis is
// restarted; nothing may be lost and nothing shown twice.
#include "cluster.h"
#include "participant.h"

#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace hibiki;
using namespace hibiki::interop;

namespace {

constexpr int LongTimeoutMs = 60000;

// nchan's ids are "<unix seconds>:<n>": ordered by the pair, not as text.
std::pair<qint64, qint64> idOrder(const QString &id)
{
    const QRegularExpressionMatch match = QRegularExpression(u"^(\\d+):(\\d+)$"_s).match(id);
    return {match.captured(1).toLongLong(), match.captured(2).toLongLong()};
}

class InteropCluster : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }

    void startCluster(Cluster::Options options = {})
    {
        m_cluster = std::make_unique<Cluster>(m_dir.path(), options);
        if (const QString reason = m_cluster->unavailableReason(); !reason.isEmpty()) {
            GTEST_SKIP() << "\n*** INTEROP CLUSTER CANNOT RUN HERE: " << reason.toStdString()
                         << "\n*** Run scripts/setup.sh deps to install it. ***";
        }
        ASSERT_TRUE(m_cluster->start()) << m_cluster->errorString().toStdString();
        for (int i = 0; i < m_cluster->nodeCount(); ++i) {
            m_publishers.push_back(
                std::make_unique<Publisher>(m_cluster->profile(u"lobby"_s, {i}), u"bob"_s));
        }
    }

    // Someone posting straight to one node, as another client attached to it would.
    Publisher::Result postOn(int node, const QString &text)
    {
        return m_publishers.at(size_t(node))->post(text);
    }
    // Empty when the node took it; else why not (a string gtest prints readably).
    std::string publishOn(int node, const QString &text)
    {
        return m_publishers.at(size_t(node))->publish(text).toStdString();
    }

    // A room on the cluster's nodes in `order` (the preferred first), with a history file,
    // that stays on a fallback until it fails unless `preferredRetryMs` says otherwise.
    std::unique_ptr<Participant> join(
        const QString &user, const QList<int> &order, int preferredRetryMs = 0)
    {
        return std::make_unique<Participant>(m_cluster->profile(u"lobby"_s, order), user,
            m_dir.filePath(user + u".sqlite"_s), nullptr, -1,
            [preferredRetryMs](ChatSession::Config &config) {
                config.preferredEndpointRetryMs = preferredRetryMs;
            });
    }

    bool waitForConnectedTo(Participant &participant, int node, int timeoutMs = LongTimeoutMs)
    {
        const QString label = m_cluster->label(node);
        return QTest::qWaitFor(
            [&] {
                const ConnectionStatus status = participant.session->connectionStatus();
                return status.state == ConnectionStatus::State::Connected
                    && status.endpoint == label;
            },
            timeoutMs);
    }

    // For failure messages: the room's stream and outbox, and how the nodes are doing.
    std::string describe(Participant &participant)
    {
        const ConnectionStatus status = participant.session->connectionStatus();
        QString text
            = u"\nstream: state %1 on %2, reason \"%3\"; posting to %4"_s.arg(int(status.state))
                  .arg(status.endpoint, status.reason,
                      participant.session->outbox().postUrl().toString());
        for (const OutboxEntry &entry : participant.session->outbox().entries()) {
            text += u"\noutbox \"%1\": %2 attempts, error \"%3\""_s.arg(entry.text)
                        .arg(entry.attempts)
                        .arg(entry.error);
        }
        for (int i = 0; i < m_cluster->nodeCount(); ++i) {
            Peer &node = m_cluster->node(i);
            text += u"\nnode %1 (%2) %3; its last output:\n%4"_s.arg(i).arg(m_cluster->label(i),
                node.isRunning() ? u"running"_s : u"NOT RUNNING"_s, node.output().right(1500));
        }
        return text.toStdString();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Cluster> m_cluster;
    std::vector<std::unique_ptr<Publisher>> m_publishers;
};

class InteropClusterSpelling
    : public InteropCluster
    , public ::testing::WithParamInterface<bool>
{ };

} // namespace

TEST_P(InteropClusterSpelling, AMessagePostedOnNodeBReachesARoomAttachedToNodeA)
{
    Cluster::Options options;
    options.redisUrlSpelling = GetParam();
    ASSERT_NO_FATAL_FAILURE(startCluster(options));
    if (IsSkipped()) {
        return;
    }
    Participant alice(m_cluster->profile(u"lobby"_s, {0}), u"alice"_s); // on node A only
    Participant bob(m_cluster->profile(u"lobby"_s, {1}), u"bob"_s); // on node B only
    alice.connect();
    bob.connect();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
    ASSERT_TRUE(bob.waitForState(ConnectionStatus::State::Connected));

    ASSERT_EQ(publishOn(1, u"published on B"_s), "");
    ASSERT_TRUE(alice.waitForText(u"published on B"_s));
    alice.session->send(u"posted by alice through A"_s);
    ASSERT_TRUE(bob.waitForText(u"posted by alice through A"_s));
    ASSERT_TRUE(alice.waitForText(u"posted by alice through A"_s));

    const QStringList expected {u"published on B"_s, u"posted by alice through A"_s};
    EXPECT_EQ(alice.texts, expected);
    EXPECT_EQ(bob.texts, expected);
    EXPECT_EQ(alice.shown(), expected) << "the own message once, on screen too";
    // One channel, one id sequence, whichever node a message came through.
    ASSERT_EQ(alice.messages.size(), 2);
    ASSERT_EQ(bob.messages.size(), 2);
    for (int i = 0; i < 2; ++i) {
        EXPECT_EQ(alice.messages[i].id, bob.messages[i].id) << i;
    }
    EXPECT_LT(idOrder(alice.messages[0].id), idOrder(alice.messages[1].id));
}

INSTANTIATE_TEST_SUITE_P(Interop, InteropClusterSpelling, ::testing::Values(false, true),
    [](const ::testing::TestParamInfo<bool> &info) {
        return info.param ? std::string("NchanRedisUrl") : std::string("NchanRedisPass");
    });

TEST_F(InteropCluster, NodeAKilledMidConversationTheRoomMovesToBAndResumesLosingNothing)
{
    ASSERT_NO_FATAL_FAILURE(startCluster());
    if (IsSkipped()) {
        return;
    }
    auto alice = join(u"alice"_s, {0, 1});
    alice->connect();
    ASSERT_TRUE(waitForConnectedTo(*alice, 0));
    for (int i = 1; i <= 3; ++i) {
        ASSERT_EQ(publishOn(1, u"m%1"_s.arg(i)), "");
    }
    ASSERT_TRUE(alice->waitForTexts(3));
    const QString lastIdOnA = alice->session->history().lastEventId();

    m_cluster->node(0).kill(); // a crash: connections reset, nothing said
    for (int i = 4; i <= 6; ++i) {
        ASSERT_EQ(publishOn(1, u"m%1"_s.arg(i)), "");
    }
    ASSERT_TRUE(alice->waitForTexts(6)) << describe(*alice);
    ASSERT_TRUE(waitForConnectedTo(*alice, 1));

    EXPECT_EQ(alice->texts, (QStringList {u"m1"_s, u"m2"_s, u"m3"_s, u"m4"_s, u"m5"_s, u"m6"_s}));
    EXPECT_EQ(alice->session->history().count(), 6);
    // Node B was asked for what followed A's last id, not for everything it keeps.
    EXPECT_EQ(alice->session->eventSource().statistics().eventsDispatched, 3)
        << "resumed after " << lastIdOnA.toStdString();
    const ConnectionStatus status = alice->session->connectionStatus();
    EXPECT_EQ(status.movedFrom, m_cluster->label(0));
    EXPECT_EQ(status.endpointCount, 2);

    // The conversation goes on through B.
    alice->session->send(u"still here"_s);
    ASSERT_TRUE(alice->waitForText(u"still here"_s));
    EXPECT_EQ(alice->shown().count(u"still here"_s), 1);
    EXPECT_EQ(alice->session->outbox().postEndpoint(), 1);
}

TEST_F(InteropCluster, AThousandMessagesAcrossFiveNodeKillsArriveOnceEachInOrder)
{
    ASSERT_NO_FATAL_FAILURE(startCluster());
    if (IsSkipped()) {
        return;
    }
    // Two rooms, one preferring each node; both see every kill after the first.
    auto alice = join(u"alice"_s, {0, 1});
    auto carol = join(u"carol"_s, {1, 0});
    alice->connect();
    carol->connect();
    ASSERT_TRUE(waitForConnectedTo(*alice, 0));
    ASSERT_TRUE(waitForConnectedTo(*carol, 1));

    const QList<int> killAt {100, 300, 500, 700, 900};
    QStringList expected;
    int victim = -1; // the node that is down, or -1
    int kills = 0;
    for (int i = 0; i < 1000; ++i) {
        if (killAt.contains(i)) {
            // Alternating A, B, A...: always the node the rooms are on (or one of them).
            ASSERT_TRUE(alice->waitForState(ConnectionStatus::State::Connected, LongTimeoutMs));
            ASSERT_TRUE(carol->waitForState(ConnectionStatus::State::Connected, LongTimeoutMs));
            victim = kills++ % 2;
            m_cluster->node(victim).kill();
        } else if (victim >= 0 && killAt.contains(i - 50)) {
            // 50 messages later: both rooms are on the other node; the victim comes back.
            ASSERT_TRUE(waitForConnectedTo(*alice, 1 - victim))
                << "kill " << kills << describe(*alice);
            ASSERT_TRUE(waitForConnectedTo(*carol, 1 - victim))
                << "kill " << kills << describe(*carol);
            ASSERT_TRUE(m_cluster->startNode(victim)) << m_cluster->errorString().toStdString();
            victim = -1;
        }
        // Posts go to a node that is up, alternating while both are: others keep talking
        // through whichever node they are attached to.
        const int node = victim >= 0 ? 1 - victim : i % 2;
        const QString text = u"message %1"_s.arg(i);
        ASSERT_EQ(publishOn(node, text), "") << i;
        expected.append(text);
    }
    EXPECT_EQ(kills, 5);
    ASSERT_TRUE(alice->waitForTexts(1000, LongTimeoutMs))
        << alice->texts.size() << describe(*alice);
    ASSERT_TRUE(carol->waitForTexts(1000, LongTimeoutMs))
        << carol->texts.size() << describe(*carol);
    // A late duplicate would come right behind the others: a last message flushes it out.
    ASSERT_EQ(publishOn(0, u"the end"_s), "");
    expected.append(u"the end"_s);
    ASSERT_TRUE(alice->waitForText(u"the end"_s));
    ASSERT_TRUE(carol->waitForText(u"the end"_s));

    for (const Participant *room : {alice.get(), carol.get()}) {
        const QString who = room->session->userName();
        const QSet<QString> distinct(room->texts.cbegin(), room->texts.cend());
        EXPECT_EQ(distinct.size(), expected.size()) << who.toStdString() << ": lost or doubled";
        EXPECT_EQ(room->texts.size(), expected.size()) << who.toStdString() << ": doubled";
        EXPECT_EQ(room->texts, expected) << who.toStdString() << ": out of order";
        EXPECT_EQ(room->session->history().count(), expected.size()) << who.toStdString();
    }
    // Every kill moved the rooms on that node: alice five times, carol four (the first kill
    // hit only alice).
    const auto moves = [](const Participant &room) {
        int count = 0;
        for (const ConnectionStatus &status : room.statuses) {
            count += status.state == ConnectionStatus::State::Reconnecting
                    && !status.movedFrom.isEmpty()
                ? 1
                : 0;
        }
        return count;
    };
    EXPECT_GE(moves(*alice), 5);
    EXPECT_GE(moves(*carol), 4);
}

TEST_F(InteropCluster, AMessageTypedDuringAFailoverIsDeliveredOnce)
{
    ASSERT_NO_FATAL_FAILURE(startCluster());
    if (IsSkipped()) {
        return;
    }
    auto alice = join(u"alice"_s, {0, 1});
    Participant bob(m_cluster->profile(u"lobby"_s, {1}), u"bob"_s); // watches on node B
    alice->connect();
    bob.connect();
    ASSERT_TRUE(waitForConnectedTo(*alice, 0));
    ASSERT_TRUE(bob.waitForState(ConnectionStatus::State::Connected));

    // One typed the moment node A dies (its post goes to A, is refused and moves on), one
    // typed while the room says it is moving to B.
    QObject::connect(alice->session.get(), &ChatSession::connectionStatusChanged,
        alice->session.get(), [&](const ConnectionStatus &status) {
            if (status.state == ConnectionStatus::State::Reconnecting
                && alice->session->outbox().entries().size() == 1) {
                alice->session->send(u"typed while moving"_s);
            }
        });
    m_cluster->node(0).kill();
    alice->session->send(u"typed as A died"_s);

    ASSERT_TRUE(alice->waitForDelivered(u"typed as A died"_s)) << describe(*alice);
    ASSERT_TRUE(alice->waitForDelivered(u"typed while moving"_s)) << describe(*alice);
    ASSERT_TRUE(alice->waitForText(u"typed while moving"_s));
    ASSERT_TRUE(bob.waitForText(u"typed while moving"_s));
    ASSERT_EQ(publishOn(1, u"barrier"_s), "");
    ASSERT_TRUE(alice->waitForText(u"barrier"_s));
    ASSERT_TRUE(bob.waitForText(u"barrier"_s));

    const QStringList expected {u"typed as A died"_s, u"typed while moving"_s, u"barrier"_s};
    EXPECT_EQ(alice->texts, expected);
    EXPECT_EQ(alice->shown(), expected) << "each once on screen, as its echo";
    EXPECT_EQ(bob.texts, expected);
    EXPECT_EQ(alice->delivered.size(), 2);
    EXPECT_TRUE(alice->session->outbox().entries().isEmpty());
}

TEST_F(InteropCluster, OnAFallbackTheRoomReturnsToThePreferredNodeOnceItIsBack)
{
    ASSERT_NO_FATAL_FAILURE(startCluster());
    if (IsSkipped()) {
        return;
    }
    auto alice = join(u"alice"_s, {0, 1}, 300);
    alice->connect();
    ASSERT_TRUE(waitForConnectedTo(*alice, 0));
    ASSERT_EQ(publishOn(1, u"before"_s), "");
    ASSERT_TRUE(alice->waitForText(u"before"_s));

    m_cluster->node(0).kill();
    ASSERT_EQ(publishOn(1, u"while A is down"_s), "");
    ASSERT_TRUE(waitForConnectedTo(*alice, 1));
    ASSERT_TRUE(alice->waitForText(u"while A is down"_s));
    ASSERT_TRUE(m_cluster->startNode(0)) << m_cluster->errorString().toStdString();
    ASSERT_EQ(publishOn(1, u"A is back"_s), "");
    ASSERT_TRUE(waitForConnectedTo(*alice, 0));
    ASSERT_EQ(publishOn(1, u"after the return"_s), "");
    ASSERT_TRUE(alice->waitForText(u"after the return"_s));

    EXPECT_EQ(alice->texts,
        (QStringList {u"before"_s, u"while A is down"_s, u"A is back"_s, u"after the return"_s}));
    const ConnectionStatus status = alice->session->connectionStatus();
    EXPECT_EQ(status.movedFrom, m_cluster->label(1));
    EXPECT_EQ(alice->session->outbox().postEndpoint(), 0);
}

// What a Redis restart (SIGTERM, its append-only file on) does to rooms on the cluster,
// as docs/DEPLOYMENT.md describes it: the nodes keep their subscribers' streams open; a
// publish while Redis is down is refused with 503 and the app's outbox retries it until
// Redis is back; then nchan resumes its channels, delivers what was published, ids go on
// increasing, and the messages from before the restart are still in Redis.
TEST_F(InteropCluster, ARedisRestartKeepsStreamsOpenRefusesPostsMeanwhileAndLosesNothing)
{
    ASSERT_NO_FATAL_FAILURE(startCluster());
    if (IsSkipped()) {
        return;
    }
    auto alice = join(u"alice"_s, {0, 1});
    auto carol = join(u"carol"_s, {1, 0});
    alice->connect();
    carol->connect();
    ASSERT_TRUE(waitForConnectedTo(*alice, 0));
    ASSERT_TRUE(waitForConnectedTo(*carol, 1));
    ASSERT_EQ(publishOn(0, u"before the restart"_s), "");
    ASSERT_TRUE(alice->waitForText(u"before the restart"_s));
    ASSERT_TRUE(carol->waitForText(u"before the restart"_s));
    const QString idBefore = alice->messages.last().id;

    ASSERT_TRUE(m_cluster->redis().stop()) << "Redis did not stop on SIGTERM";
    // A publish is refused, on either node.
    for (int node : {0, 1}) {
        const Publisher::Result refused = postOn(node, u"never stored"_s);
        EXPECT_EQ(refused.status, 503) << node << " " << refused.body.toStdString();
    }
    // The app's post too: the outbox keeps it and says why.
    alice->session->send(u"typed while Redis is down"_s);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const QList<OutboxEntry> entries = alice->session->outbox().entries();
            return !entries.isEmpty() && entries.front().attempts >= 2
                && entries.front().error.contains(u"503"_s);
        },
        LongTimeoutMs));
    // The streams stayed open all along: nchan keeps its subscribers.
    EXPECT_EQ(alice->session->connectionStatus().state, ConnectionStatus::State::Connected);
    EXPECT_EQ(carol->session->connectionStatus().state, ConnectionStatus::State::Connected);
    EXPECT_EQ(alice->session->eventSource().statistics().reconnects, 0);

    ASSERT_TRUE(m_cluster->redis().start()) << m_cluster->redis().errorString().toStdString();
    ASSERT_TRUE(alice->waitForDelivered(u"typed while Redis is down"_s, LongTimeoutMs))
        << describe(*alice);
    ASSERT_TRUE(alice->waitForText(u"typed while Redis is down"_s));
    ASSERT_TRUE(carol->waitForText(u"typed while Redis is down"_s));
    ASSERT_EQ(publishOn(1, u"after the restart"_s), "");
    ASSERT_TRUE(alice->waitForText(u"after the restart"_s));
    ASSERT_TRUE(carol->waitForText(u"after the restart"_s));

    const QStringList expected {
        u"before the restart"_s, u"typed while Redis is down"_s, u"after the restart"_s};
    EXPECT_EQ(alice->texts, expected);
    EXPECT_EQ(alice->shown(), expected);
    EXPECT_EQ(carol->texts, expected);
    EXPECT_LT(idOrder(idBefore), idOrder(alice->messages.last().id)) << "ids go on";
    EXPECT_EQ(alice->messages.last().id, carol->messages.last().id);

    // The messages outlived the restart in Redis itself: with both nodes restarted (their
    // own memory gone), a newcomer still gets the recent history.
    ASSERT_TRUE(m_cluster->restartNode(0)) << m_cluster->errorString().toStdString();
    ASSERT_TRUE(m_cluster->restartNode(1)) << m_cluster->errorString().toStdString();
    Participant dave(m_cluster->profile(u"lobby"_s, {0}), u"dave"_s);
    dave.connect();
    ASSERT_TRUE(dave.waitForTexts(3));
    EXPECT_EQ(dave.texts, expected);
}
