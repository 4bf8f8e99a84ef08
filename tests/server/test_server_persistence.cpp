// SPDX-License-Identifier: MIT
// --data: durable messages, ids and clientIds across restarts, replay from SQLite.
#include "roomfixture.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hibiki;
using namespace hibiki::test;

namespace {

class RoomPersistenceTest : public RoomTest
{
protected:
    // The server lets go of the directory (and its lock file) before the directory goes.
    void TearDown() override { stop(); }

    RoomServerConfig persistent(int history = 200)
    {
        RoomServerConfig config;
        config.dataDir = m_dir.path();
        config.history = history;
        return config;
    }
    static QList<qint64> range(qint64 from, qint64 to)
    {
        QList<qint64> ids;
        for (qint64 id = from; id <= to; ++id) {
            ids.append(id);
        }
        return ids;
    }

    QTemporaryDir m_dir;
};

// Reads the message count straight from the file, on a connection of its own.
qint64 rowsOnDisk(const QString &directory)
{
    qint64 rows = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"test-reader"_s);
        db.setDatabaseName(directory + u"/room.sqlite"_s);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(u"SELECT COUNT(*) FROM messages"_s) && query.next()) {
                rows = query.value(0).toLongLong();
            }
        }
    }
    QSqlDatabase::removeDatabase(u"test-reader"_s);
    return rows;
}

TEST_F(RoomPersistenceTest, MessageIsOnDiskWhenThePostIsAnswered)
{
    ASSERT_TRUE(m_dir.isValid());
    start(persistent());
    ASSERT_EQ(postMessage(u"alice"_s, u"durable"_s, u"d1"_s).status, 201);
    // Still running: the row is committed (WAL), not waiting for a shutdown.
    EXPECT_EQ(rowsOnDisk(m_dir.path()), 1);
    const HttpReply health = http().get(url(u"/health"_s));
    EXPECT_TRUE(health.json().value("persistent"_L1).toBool());
}

TEST_F(RoomPersistenceTest, RestartKeepsIdsHistoryAndClientIds)
{
    ASSERT_TRUE(m_dir.isValid());
    start(persistent(2));
    QList<QByteArray> bodies;
    for (int i = 1; i <= 5; ++i) {
        const HttpReply reply = postMessage(u"alice"_s, u"before %1"_s.arg(i), u"cid-%1"_s.arg(i));
        ASSERT_EQ(reply.status, 201);
        bodies.append(reply.body);
    }
    stop();

    start(persistent(2));
    EXPECT_EQ(server().lastId(), 5);
    // Replay from before the memory window (only 4 and 5 are in memory): from SQLite, no gap.
    SseConnection resumed(port(), "/sse", {{"Last-Event-ID", "1"}});
    ASSERT_TRUE(resumed.waitForMessages(4));
    EXPECT_EQ(resumed.messageIds(), range(2, 5));
    EXPECT_TRUE(resumed.events(u"gap"_s).isEmpty());
    const QList<SseEvent> replayed = resumed.events(u"message"_s);
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(replayed.at(i).data.toUtf8(), bodies.at(i + 1));
    }

    // A retry of the first message (long out of memory) is still recognised.
    const HttpReply retry = postMessage(u"alice"_s, u"before 1"_s, u"cid-1"_s);
    EXPECT_EQ(retry.status, 200);
    EXPECT_EQ(retry.body, bodies.first());
    // New messages go on from the old ids.
    const HttpReply next = postMessage(u"alice"_s, u"after"_s, u"cid-6"_s);
    EXPECT_EQ(next.status, 201);
    EXPECT_EQ(next.json().value("id"_L1).toString(), u"6"_s);
    ASSERT_TRUE(resumed.waitForMessages(5));
    EXPECT_EQ(resumed.messageIds(), range(2, 6));

    // A new client gets the newest `history`.
    SseConnection fresh(port());
    ASSERT_TRUE(fresh.waitForMessages(2));
    EXPECT_EQ(fresh.messageIds(), range(5, 6));
}

TEST_F(RoomPersistenceTest, ReplayFromDiskIsComplete)
{
    ASSERT_TRUE(m_dir.isValid());
    RoomServerConfig config = persistent(10);
    config.replayBatch = 64;
    start(config);
    for (int i = 0; i < 500; ++i) {
        ASSERT_EQ(server().post(u"bob"_s, u"n%1"_s.arg(i)).status, PostResult::Status::Created);
    }
    stop();
    start(config);
    SseConnection stream(port(), "/sse?lastEventId=0");
    ASSERT_TRUE(stream.waitForMessages(500));
    EXPECT_EQ(stream.messageIds(), range(1, 500));
    EXPECT_EQ(stream.events(u"message"_s).at(123).json().value("content"_L1).toString(), u"n123"_s);
}

TEST_F(RoomPersistenceTest, SecondServerOnTheSameDirectoryIsRefused)
{
    ASSERT_TRUE(m_dir.isValid());
    start(persistent());
    RoomServerConfig config = persistent();
    config.port = 0;
    RoomServer second(config);
    EXPECT_FALSE(second.listen());
    EXPECT_TRUE(second.errorString().contains(u"in use"_s)) << qPrintable(second.errorString());
}

TEST_F(RoomPersistenceTest, UnusableDataDirectoryFailsToListen)
{
    ASSERT_TRUE(m_dir.isValid());
    QFile blocker(m_dir.filePath(u"file"_s));
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    RoomServerConfig config;
    config.port = 0;
    config.dataDir = m_dir.filePath(u"file/sub"_s);
    RoomServer server(config);
    EXPECT_FALSE(server.listen());
    EXPECT_FALSE(server.errorString().isEmpty());
}

TEST_F(RoomPersistenceTest, MemoryOnlyRestartForgetsAndSaysSo)
{
    start();
    ASSERT_EQ(postMessage(u"alice"_s, u"one"_s).status, 201);
    ASSERT_EQ(postMessage(u"alice"_s, u"two"_s).status, 201);
    const QByteArray seen = id(2);
    const QString firstEpoch = server().epoch();
    stop();
    start();
    EXPECT_EQ(server().lastId(), 0);
    EXPECT_NE(server().epoch(), firstEpoch);
    ASSERT_EQ(postMessage(u"alice"_s, u"fresh"_s).status, 201);
    ASSERT_EQ(postMessage(u"alice"_s, u"fresher"_s).status, 201);
    ASSERT_EQ(postMessage(u"alice"_s, u"freshest"_s).status, 201);
    // The client saw id 2 of the previous run: the room says its ids were reset, and the
    // new run's 1 and 2 are not skipped.
    SseConnection stream(port(), "/sse", {{"Last-Event-ID", seen}});
    ASSERT_TRUE(stream.waitForMessages(3));
    ASSERT_EQ(stream.events(u"gap"_s).size(), 1);
    EXPECT_EQ(stream.events(u"gap"_s).first().json().value("reason"_L1).toString(), u"reset"_s);
    EXPECT_EQ(stream.messageIds(), range(1, 3));
}

} // namespace
