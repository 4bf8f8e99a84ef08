// SPDX-License-Identifier: MIT
#include "core/historystore.h"
#include "core/outbox.h"

#include "scriptedserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::HistoryStore;
using hibiki::Outbox;
using hibiki::OutboxEntry;
using hibiki::Profile;
using hibiki::test::Response;
using hibiki::test::ScriptedServer;

namespace {

class OutboxTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(server.isListening());
        ASSERT_TRUE(store.open(dir.filePath(u"room.sqlite"_s)));
        profile = Profile::hibikiRoom(server.url(u"/"_s));
    }

    std::unique_ptr<Outbox> makeOutbox()
    {
        auto outbox = std::make_unique<Outbox>(profile, store.database(), &manager);
        outbox->setUserName(u"alice"_s);
        outbox->setBackoff(20, 100); // quick retries; the test waits on signals
        return outbox;
    }

    // Waits until an entry reaches `state`; returns it.
    static std::optional<OutboxEntry> waitForState(
        QSignalSpy &spy, OutboxEntry::State state, int timeoutMs = 10000)
    {
        qsizetype seen = 0;
        const bool ok = QTest::qWaitFor(
            [&] {
                for (; seen < spy.size(); ++seen) {
                    if (spy.at(seen).at(0).value<OutboxEntry>().state == state) {
                        return true;
                    }
                }
                return false;
            },
            timeoutMs);
        if (!ok) {
            return std::nullopt;
        }
        return spy.at(seen).at(0).value<OutboxEntry>();
    }

    QTemporaryDir dir;
    ScriptedServer server;
    HistoryStore store;
    QNetworkAccessManager manager;
    Profile profile;
};

} // namespace

TEST_F(OutboxTest, PostsJsonWithClientIdAndForgetsTheEntryOn2xx)
{
    server.enqueue(Response::status(201, R"({"id":"1"})").contentType("application/json"));
    auto outbox = makeOutbox();
    QSignalSpy spy(outbox.get(), &Outbox::entryChanged);
    const OutboxEntry entry = outbox->enqueue(u"Hello!"_s);
    EXPECT_EQ(entry.state, OutboxEntry::State::Sending);

    const auto delivered = waitForState(spy, OutboxEntry::State::Delivered);
    ASSERT_TRUE(delivered);
    EXPECT_EQ(delivered->clientId, entry.clientId);
    ASSERT_EQ(server.requestCount(), 1);
    const auto request = server.requests().front();
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.path(), u"/messages"_s);
    EXPECT_TRUE(request.header("Content-Type").startsWith("application/json"));
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    EXPECT_EQ(body.value(u"content"_s).toString(), u"Hello!"_s);
    EXPECT_EQ(body.value(u"user"_s).toString(), u"alice"_s);
    EXPECT_EQ(body.value(u"clientId"_s).toString(), entry.clientId);
    EXPECT_TRUE(outbox->entries().isEmpty());

    // Nothing is left to resend after a restart.
    auto restarted = makeOutbox();
    restarted->start();
    EXPECT_TRUE(restarted->entries().isEmpty());
}

TEST_F(OutboxTest, RetriesOn5xxAnd429WithTheSameClientIdThenDelivers)
{
    server.enqueue(Response::status(503, R"({"error":"busy"})"));
    server.enqueue(Response::status(429).header("Retry-After", "0"));
    server.enqueue(Response::status(201));
    auto outbox = makeOutbox();
    QSignalSpy spy(outbox.get(), &Outbox::entryChanged);
    const OutboxEntry entry = outbox->enqueue(u"again"_s);
    ASSERT_TRUE(waitForState(spy, OutboxEntry::State::Delivered));
    ASSERT_EQ(server.requestCount(), 3);
    for (const auto &request : server.requests()) {
        EXPECT_EQ(QJsonDocument::fromJson(request.body).object().value(u"clientId"_s).toString(),
            entry.clientId);
    }
}

TEST_F(OutboxTest, A4xxFailsWithTheServersReasonAndRetryResends)
{
    server.enqueue(Response::status(400, R"({"error":"content must not be empty"})")
                       .contentType("application/json"));
    server.enqueue(Response::status(201));
    auto outbox = makeOutbox();
    QSignalSpy spy(outbox.get(), &Outbox::entryChanged);
    const OutboxEntry entry = outbox->enqueue(u"x"_s);
    const auto failed = waitForState(spy, OutboxEntry::State::Failed);
    ASSERT_TRUE(failed);
    EXPECT_TRUE(failed->error.contains(u"content must not be empty"_s))
        << failed->error.toStdString();
    EXPECT_TRUE(failed->error.contains(u"400"_s));
    EXPECT_EQ(outbox->entries().size(), 1);

    outbox->retry(entry.clientId);
    ASSERT_TRUE(waitForState(spy, OutboxEntry::State::Delivered));
    EXPECT_EQ(server.requestCount(), 2);
}

TEST_F(OutboxTest, DiscardRemovesAFailedEntryForGood)
{
    server.enqueue(Response::status(413, R"({"error":"too large"})"));
    auto outbox = makeOutbox();
    QSignalSpy spy(outbox.get(), &Outbox::entryChanged);
    const OutboxEntry entry = outbox->enqueue(u"big"_s);
    ASSERT_TRUE(waitForState(spy, OutboxEntry::State::Failed));
    outbox->discard(entry.clientId);
    ASSERT_TRUE(waitForState(spy, OutboxEntry::State::Discarded));
    EXPECT_TRUE(outbox->entries().isEmpty());
    auto restarted = makeOutbox();
    restarted->start();
    EXPECT_TRUE(restarted->entries().isEmpty());
}

TEST_F(OutboxTest, SurvivesARestartAndSendsInOrder)
{
    profile.postUrl = QUrl(u"http://127.0.0.1:1/messages"_s); // nothing listens on port 1
    {
        auto offline = makeOutbox();
        offline->enqueue(u"first"_s);
        offline->enqueue(u"second"_s);
        EXPECT_EQ(offline->entries().size(), 2);
    } // the app quits with both unsent

    profile.postUrl = server.url(u"/messages"_s);
    server.setDefaultResponse(Response::status(201));
    auto outbox = makeOutbox();
    QSignalSpy spy(outbox.get(), &Outbox::entryChanged);
    outbox->start();
    ASSERT_TRUE(QTest::qWaitFor([&] { return outbox->entries().isEmpty(); }, 10000));
    ASSERT_EQ(server.requestCount(), 2);
    EXPECT_EQ(
        QJsonDocument::fromJson(server.requests()[0].body).object().value(u"content"_s).toString(),
        u"first"_s);
    EXPECT_EQ(
        QJsonDocument::fromJson(server.requests()[1].body).object().value(u"content"_s).toString(),
        u"second"_s);
}

TEST_F(OutboxTest, NetworkErrorsKeepTheEntrySendingWithAReason)
{
    profile.postUrl = QUrl(u"http://127.0.0.1:1/messages"_s);
    auto outbox = makeOutbox();
    QSignalSpy spy(outbox.get(), &Outbox::entryChanged);
    outbox->enqueue(u"offline"_s);
    // The entry as the failed attempt left it, from its signal: by the time a poll looks,
    // the next attempt (20 ms later at most) may already be under way.
    qsizetype seen = 0;
    std::optional<OutboxEntry> waiting;
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            for (; seen < spy.size() && !waiting; ++seen) {
                const auto entry = spy.at(seen).at(0).value<OutboxEntry>();
                if (!entry.error.isEmpty()) {
                    waiting = entry;
                }
            }
            return waiting.has_value();
        },
        10000));
    EXPECT_EQ(waiting->state, OutboxEntry::State::Sending);
    EXPECT_TRUE(waiting->nextAttempt.isValid());
    EXPECT_GE(waiting->attempts, 1);
}

TEST_F(OutboxTest, AMessageThatCannotBeStoredIsRefusedWithAClearReasonAndNeverSent)
{
    server.setDefaultResponse(Response::status(201));
    auto outbox = makeOutbox();
    QSignalSpy changes(outbox.get(), &Outbox::entryChanged);
    QSignalSpy storageFailures(outbox.get(), &Outbox::storageFailed);
    // Another program holds the file's write lock.
    const QString other = u"outbox-test-other"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, other);
        db.setDatabaseName(dir.filePath(u"room.sqlite"_s));
        ASSERT_TRUE(db.open());
        ASSERT_TRUE(QSqlQuery(db).exec(u"BEGIN IMMEDIATE"_s));
    }

    QString error;
    const OutboxEntry refused = outbox->enqueue(u"keep me"_s, &error);
    EXPECT_TRUE(refused.clientId.isEmpty());
    EXPECT_EQ(refused.state, OutboxEntry::State::Failed);
    EXPECT_EQ(refused.text, u"keep me"_s);
    EXPECT_TRUE(error.contains(u"not sent"_s)) << error.toStdString();
    EXPECT_TRUE(error.contains(u"Another program"_s)) << error.toStdString();
    EXPECT_EQ(refused.error, error);
    EXPECT_TRUE(outbox->entries().isEmpty());
    EXPECT_EQ(changes.size(), 0);
    EXPECT_EQ(storageFailures.size(), 1);

    {
        QSqlDatabase db = QSqlDatabase::database(other, false);
        QSqlQuery(db).exec(u"ROLLBACK"_s);
        db.close();
    }
    QSqlDatabase::removeDatabase(other);
    EXPECT_FALSE(outbox->enqueue(u"now it can"_s).clientId.isEmpty());
    ASSERT_TRUE(waitForState(changes, OutboxEntry::State::Delivered));
    // Only the stored message ever reached the server.
    ASSERT_EQ(server.requestCount(), 1);
    EXPECT_EQ(
        QJsonDocument::fromJson(server.requests()[0].body).object().value(u"content"_s).toString(),
        u"now it can"_s);
}

TEST_F(OutboxTest, APostTheServerNeverAnswersSaysWhyAndKeepsRetrying)
{
    server.setDefaultResponse(Response::noAnswer()); // accepts, reads, never answers
    auto outbox = makeOutbox();
    outbox->setPostTimeout(300);
    outbox->enqueue(u"into the void"_s);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return !outbox->entries().isEmpty() && !outbox->entries().front().error.isEmpty(); },
        10000));
    const OutboxEntry waiting = outbox->entries().front();
    EXPECT_EQ(waiting.state, OutboxEntry::State::Sending) << "not sent yet, not failed";
    EXPECT_TRUE(waiting.error.contains(u"did not answer"_s)) << waiting.error.toStdString();
    ASSERT_TRUE(server.waitForRequests(3, 10000)) << "it keeps trying";
    EXPECT_EQ(outbox->entries().size(), 1);
}

TEST_F(OutboxTest, APostStuckInTheQueueBehindBusyConnectionsSaysWhy)
{
    // Every connection the manager allows to this host is taken by a request that never
    // ends (streams, in the app): the post waits in the manager's queue.
    server.setDefaultResponse(Response::noAnswer());
    std::vector<QNetworkReply *> streams;
    for (int i = 0; i < 6; ++i) {
        streams.push_back(manager.get(QNetworkRequest(server.url(u"/stream"_s))));
    }
    ASSERT_TRUE(server.waitForRequests(6, 10000));
    auto outbox = makeOutbox();
    outbox->setPostTimeout(300);
    outbox->enqueue(u"queued"_s);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return !outbox->entries().isEmpty() && !outbox->entries().front().error.isEmpty(); },
        10000));
    EXPECT_EQ(outbox->entries().front().state, OutboxEntry::State::Sending);
    EXPECT_TRUE(outbox->entries().front().error.contains(u"did not answer"_s));
    for (const auto &request : server.requests()) {
        EXPECT_NE(request.method, "POST") << "the post never left the queue";
    }
    for (QNetworkReply *stream : streams) {
        stream->abort();
        stream->deleteLater();
    }
}

TEST_F(OutboxTest, TheMessageIdInTheServersAnswerComesWithTheDelivery)
{
    server.enqueue(
        Response::status(201, R"({"id":17,"content":"a"})").contentType("application/json"));
    server.enqueue(Response::status(200, R"({"ok":true})").contentType("application/json"));
    auto outbox = makeOutbox();
    QSignalSpy spy(outbox.get(), &Outbox::entryChanged);
    outbox->enqueue(u"a"_s);
    const auto first = waitForState(spy, OutboxEntry::State::Delivered);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->serverId, u"17"_s);
    spy.clear();
    outbox->enqueue(u"b"_s);
    const auto second = waitForState(spy, OutboxEntry::State::Delivered);
    ASSERT_TRUE(second);
    EXPECT_TRUE(second->serverId.isEmpty());
}

TEST_F(OutboxTest, RetryAfterBeyondAnyIntegerIsCappedNotOverflowed)
{
    server.enqueue(Response::status(503).header("Retry-After", "in a while"));
    server.enqueue(Response::status(503).header("Retry-After", "99999999999999999999999"));
    auto outbox = makeOutbox();
    outbox->enqueue(u"later"_s);
    ASSERT_TRUE(server.waitForRequests(1, 10000));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return !outbox->entries().isEmpty() && !outbox->entries().front().error.isEmpty(); },
        10000));
    // Unreadable: the backoff alone decides (here at most 100 ms), and it goes again.
    ASSERT_TRUE(server.waitForRequests(2, 10000));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return outbox->entries().front().attempts == 2
                && outbox->entries().front().nextAttempt.isValid();
        },
        10000));
    // Huge: capped at an hour, on the monotonic clock; the wall-clock time only shows it.
    const qint64 wait
        = QDateTime::currentDateTimeUtc().msecsTo(outbox->entries().front().nextAttempt);
    EXPECT_GT(wait, 3500 * 1000);
    EXPECT_LE(wait, 3600 * 1000);
}
