// SPDX-License-Identifier: MIT
// The room's file fails under a live session (a full disk, a file that cannot be written,
// another program holding the lock): every message is still shown, the session says what
// is wrong, and once the problem clears everything is saved and the stream resumes from
// what is really on disk. Against the real room server, in-process.
#include "core/chatsession.h"

#include <hibikiserver/roomserver.h>

#include "privatemount.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::ChatMessage;
using hibiki::ChatMessages;
using hibiki::ChatSession;
using hibiki::ConnectionStatus;
using hibiki::HistoryStore;
using hibiki::Profile;
using hibiki::RoomServer;
using hibiki::test::PrivateTmpfs;

namespace {

constexpr int timeoutMs = 20000;

class Reader
{
public:
    Reader(const QUrl &baseUrl, const QString &storagePath, qsizetype maxUnsaved = 10000)
    {
        ChatSession::Config config;
        config.userName = u"erin"_s;
        config.storagePath = storagePath;
        config.streamOptions.initialReconnectDelayMs = 50;
        config.streamOptions.maxReconnectDelayMs = 300;
        config.storageRetryIntervalMs = 100;
        config.maxUnsavedMessages = maxUnsaved;
        session = std::make_unique<ChatSession>(Profile::hibikiRoom(baseUrl), config);
        QObject::connect(
            session.get(), &ChatSession::messagesAppended, [this](const ChatMessages &batch) {
                for (const ChatMessage &message : batch) {
                    if (message.kind == ChatMessage::Kind::Chat) {
                        texts.append(message.text);
                    }
                }
            });
        QObject::connect(session.get(), &ChatSession::storageProblemChanged,
            [this](const QString &problem) { problems.append(problem); });
        QObject::connect(session.get(), &ChatSession::connectionStatusChanged,
            [this](const ConnectionStatus &status) { statuses.append(status); });
    }

    bool connectAndWait()
    {
        session->connectToServer();
        return QTest::qWaitFor(
            [&] { return session->connectionStatus().state == ConnectionStatus::State::Connected; },
            timeoutMs);
    }
    bool waitForTexts(qsizetype count)
    {
        return QTest::qWaitFor([&] { return texts.size() >= count; }, timeoutMs);
    }
    bool waitForStorageProblem()
    {
        return QTest::qWaitFor([&] { return !session->storageProblem().isEmpty(); }, timeoutMs);
    }
    bool waitUntilSaved()
    {
        return QTest::qWaitFor(
            [&] {
                return session->storageProblem().isEmpty() && session->unsavedMessageCount() == 0;
            },
            timeoutMs);
    }

    std::unique_ptr<ChatSession> session;
    QStringList texts;
    QStringList problems;
    QList<ConnectionStatus> statuses;
};

RoomServer::Config loopbackConfig()
{
    RoomServer::Config config;
    config.port = 0;
    return config;
}

// What is really in the file, read through a connection of its own.
struct OnDisk
{
    explicit OnDisk(const QString &path)
    {
        if (!history.open(path)) {
            ADD_FAILURE() << history.error().toStdString();
        }
    }
    QStringList texts()
    {
        QStringList result;
        for (const ChatMessage &message : history.load(0, 100000)) {
            if (message.kind == ChatMessage::Kind::Chat) {
                result.append(message.text);
            }
        }
        return result;
    }
    HistoryStore history;
};

QString bigText(int i)
{
    return u"m%1 "_s.arg(i) + QString(2000, u'x');
}

} // namespace

TEST(StorageFailure, AFullDiskStillShowsEveryMessageAndSavesThemWhenSpaceIsBack)
{
    QTemporaryDir dir;
    PrivateTmpfs disk(dir.path(), 1024 * 1024);
    if (!disk.skipReason().isEmpty()) {
        GTEST_SKIP() << "cannot make a small private file system: "
                     << disk.skipReason().toStdString();
    }
    const QString path = disk.path() + u"/room.sqlite"_s;
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen());
    Reader reader(server.baseUrl(), path);
    ASSERT_TRUE(reader.session->isValid()) << reader.session->error().toStdString();
    ASSERT_TRUE(reader.connectAndWait());
    ASSERT_TRUE(server.post(u"frank"_s, u"before"_s).isStored());
    ASSERT_TRUE(reader.waitForTexts(1));

    ASSERT_TRUE(disk.fill());
    QStringList expected {u"before"_s};
    for (int i = 1; i <= 40; ++i) {
        ASSERT_TRUE(server.post(u"frank"_s, bigText(i)).isStored());
        expected.append(bigText(i));
    }
    ASSERT_TRUE(reader.waitForTexts(41)) << "shown: " << reader.texts.size();
    EXPECT_EQ(reader.texts, expected);
    ASSERT_TRUE(reader.waitForStorageProblem());
    EXPECT_TRUE(reader.session->storageProblem().startsWith(u"The disk is full"_s))
        << reader.session->storageProblem().toStdString();
    EXPECT_GT(reader.session->unsavedMessageCount(), 0);
    EXPECT_LT(reader.session->history().count(), 41);

    // A message that cannot be stored first is not sent: the caller keeps its text.
    QString error;
    const qint64 lastIdBefore = server.lastId();
    EXPECT_TRUE(reader.session->send(QString(200000, u'y'), &error).isEmpty());
    EXPECT_TRUE(error.contains(u"disk is full"_s)) << error.toStdString();
    EXPECT_TRUE(reader.session->outbox().entries().isEmpty());

    disk.release();
    ASSERT_TRUE(reader.waitUntilSaved()) << reader.session->storageProblem().toStdString();
    EXPECT_EQ(reader.problems.last(), QString());
    OnDisk onDisk(path);
    EXPECT_EQ(onDisk.texts(), expected);
    EXPECT_EQ(onDisk.history.lastEventId(), server.lastEventId());
    EXPECT_EQ(server.lastId(), lastIdBefore);
    EXPECT_EQ(reader.texts, expected) << "nothing shown twice";
}

TEST(StorageFailure, AfterQuittingWithUnsavedMessagesTheNextStartResumesFromWhatIsOnDisk)
{
    QTemporaryDir dir;
    PrivateTmpfs disk(dir.path(), 1024 * 1024);
    if (!disk.skipReason().isEmpty()) {
        GTEST_SKIP() << "cannot make a small private file system: "
                     << disk.skipReason().toStdString();
    }
    const QString path = disk.path() + u"/room.sqlite"_s;
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen());
    QStringList expected {u"before"_s};
    {
        Reader reader(server.baseUrl(), path);
        ASSERT_TRUE(reader.connectAndWait());
        ASSERT_TRUE(server.post(u"frank"_s, u"before"_s).isStored());
        ASSERT_TRUE(reader.waitForTexts(1));
        ASSERT_TRUE(disk.fill());
        for (int i = 1; i <= 10; ++i) {
            ASSERT_TRUE(server.post(u"frank"_s, bigText(i)).isStored());
            expected.append(bigText(i));
        }
        ASSERT_TRUE(reader.waitForTexts(11));
        ASSERT_TRUE(reader.waitForStorageProblem());
    } // the app quits while the disk is still full
    disk.release();

    Reader again(server.baseUrl(), path);
    const QString resumeFrom = again.session->history().lastEventId();
    EXPECT_NE(resumeFrom, server.lastEventId())
        << "the id on disk belongs to what is on disk, not to what was only shown";
    ASSERT_TRUE(again.connectAndWait());
    ASSERT_TRUE(QTest::qWaitFor([&] { return again.session->history().count() == 11; }, timeoutMs));
    OnDisk onDisk(path);
    EXPECT_EQ(onDisk.texts(), expected);
    EXPECT_EQ(onDisk.history.lastEventId(), server.lastEventId());
}

TEST(StorageFailure, AFileThatCannotBeWrittenStillShowsEveryMessageAndSavesThemLater)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"room.sqlite"_s);
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen());
    Reader reader(server.baseUrl(), path);
    ASSERT_TRUE(reader.connectAndWait());
    ASSERT_TRUE(server.post(u"frank"_s, u"before"_s).isStored());
    ASSERT_TRUE(reader.waitForTexts(1));

    // Read-only even for root, and for the descriptors SQLite holds open.
    const QStringList files {path, path + u"-wal"_s};
    struct Writable
    {
        QStringList files;
        ~Writable()
        {
            for (const QString &file : files) {
                hibiki::test::setImmutable(file, false);
            }
        }
    } restore {files};
    for (const QString &file : files) {
        QString error;
        if (!hibiki::test::setImmutable(file, true, &error)) {
            GTEST_SKIP() << "cannot make " << file.toStdString()
                         << " immutable here: " << error.toStdString();
        }
    }
    QStringList expected {u"before"_s};
    for (int i = 1; i <= 5; ++i) {
        ASSERT_TRUE(server.post(u"frank"_s, u"while read-only %1"_s.arg(i)).isStored());
        expected.append(u"while read-only %1"_s.arg(i));
    }
    ASSERT_TRUE(reader.waitForTexts(6));
    EXPECT_EQ(reader.texts, expected);
    ASSERT_TRUE(reader.waitForStorageProblem());
    EXPECT_TRUE(reader.session->storageProblem().contains(u"history file"_s))
        << reader.session->storageProblem().toStdString();
    QString error;
    EXPECT_TRUE(reader.session->send(u"not now"_s, &error).isEmpty());
    EXPECT_FALSE(error.isEmpty());

    for (const QString &file : files) {
        ASSERT_TRUE(hibiki::test::setImmutable(file, false));
    }
    ASSERT_TRUE(reader.waitUntilSaved()) << reader.session->storageProblem().toStdString();
    EXPECT_EQ(OnDisk(path).texts(), expected);
}

TEST(StorageFailure, ALockedFileStillShowsEveryMessageAndPausesTheStreamPastTheLimit)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"room.sqlite"_s);
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen());
    Reader reader(server.baseUrl(), path, 5);
    ASSERT_TRUE(reader.connectAndWait());

    const QString other = u"storage-test-other"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, other);
        db.setDatabaseName(path);
        ASSERT_TRUE(db.open());
        ASSERT_TRUE(QSqlQuery(db).exec(u"BEGIN IMMEDIATE"_s)); // another program writes
    }
    QStringList expected;
    for (int i = 1; i <= 12; ++i) {
        ASSERT_TRUE(server.post(u"frank"_s, u"locked %1"_s.arg(i)).isStored());
        expected.append(u"locked %1"_s.arg(i));
    }
    ASSERT_TRUE(reader.waitForStorageProblem());
    EXPECT_TRUE(reader.session->storageProblem().startsWith(u"Another program"_s))
        << reader.session->storageProblem().toStdString();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return reader.session->connectionStatus().state
                == ConnectionStatus::State::Disconnected;
        },
        timeoutMs));
    EXPECT_TRUE(reader.session->connectionStatus().reason.contains(u"paused"_s))
        << reader.session->connectionStatus().reason.toStdString();
    EXPECT_GE(reader.session->unsavedMessageCount(), 5);

    {
        QSqlDatabase db = QSqlDatabase::database(other, false);
        QSqlQuery(db).exec(u"ROLLBACK"_s);
        db.close();
    }
    QSqlDatabase::removeDatabase(other);
    ASSERT_TRUE(reader.waitForTexts(12));
    ASSERT_TRUE(reader.waitUntilSaved());
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return reader.session->connectionStatus().state == ConnectionStatus::State::Connected;
        },
        timeoutMs));
    ASSERT_TRUE(server.post(u"frank"_s, u"barrier"_s).isStored());
    expected.append(u"barrier"_s);
    ASSERT_TRUE(reader.waitForTexts(13));
    EXPECT_EQ(reader.texts, expected) << "everything once, in order";
    EXPECT_EQ(OnDisk(path).texts(), expected);
}
