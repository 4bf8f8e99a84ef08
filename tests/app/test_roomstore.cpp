// SPDX-License-Identifier: MIT
// The room's file: one owner of the schema, versioned migrations from release 0.1.0 on,
// durable outbox writes, and failures told apart in words a user can act on.
#include "core/historystore.h"
#include "core/outbox.h"
#include "core/roomstore.h"

#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimeZone>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::ChatMessage;
using hibiki::ChatMessages;
using hibiki::HistoryStore;
using hibiki::Outbox;
using hibiki::Profile;
using hibiki::RoomStore;
using hibiki::StorageFailure;

namespace {

// A second connection to the same file, as another program would open it.
class OtherConnection
{
public:
    explicit OtherConnection(const QString &path)
    {
        static int counter = 0;
        m_name = u"other-connection-%1"_s.arg(counter++);
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=0"_s);
        m_open = db.open();
    }
    ~OtherConnection()
    {
        QSqlDatabase::database(m_name, false).close();
        QSqlDatabase::removeDatabase(m_name);
    }
    bool isOpen() const { return m_open; }
    bool exec(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        return query.exec(sql);
    }
    QVariant value(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        return query.exec(sql) && query.next() ? query.value(0) : QVariant();
    }

private:
    QString m_name;
    bool m_open = false;
};

QStringList tables(const RoomStore &store)
{
    QSqlQuery query(store.database());
    query.exec(u"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
               "ORDER BY name"_s);
    QStringList names;
    while (query.next()) {
        names.append(query.value(0).toString());
    }
    return names;
}

ChatMessage chat(const QString &id, const QString &text)
{
    ChatMessage message;
    message.id = id;
    message.text = text;
    message.eventType = u"message"_s;
    message.timestamp = QDateTime::fromMSecsSinceEpoch(1700000000000, QTimeZone::utc());
    return message;
}

} // namespace

TEST(RoomStore, MigratesADatabaseWrittenByRelease010)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"room.sqlite"_s);
    ASSERT_TRUE(QFile::copy(QStringLiteral(HIBIKI_CORE_TEST_DATA "/room-0.1.0.sqlite"), path));
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    {
        OtherConnection before(path);
        ASSERT_TRUE(before.isOpen());
        ASSERT_EQ(before.value(u"PRAGMA user_version"_s).toInt(), 0) << "not a 0.1.0 file";
    }

    RoomStore store;
    ASSERT_TRUE(store.open(path)) << store.error().toStdString();
    EXPECT_EQ(store.schemaVersion(), RoomStore::SchemaVersion);
    EXPECT_EQ(tables(store), (QStringList {u"messages"_s, u"outbox"_s, u"state"_s}));

    HistoryStore history;
    ASSERT_TRUE(history.open(store)) << history.error().toStdString();
    EXPECT_EQ(history.lastEventId(), u"8"_s);
    ASSERT_EQ(history.count(), 5);
    const ChatMessages kept = history.load(0, 10);
    ASSERT_EQ(kept.size(), 5);
    EXPECT_EQ(kept[0].id, u"1"_s);
    EXPECT_EQ(kept[0].author, u"bob"_s);
    EXPECT_EQ(kept[0].text, u"message 1 \u00e9\U0001F338"_s);
    EXPECT_EQ(kept[0].timestamp.toMSecsSinceEpoch(), 1700000001000);
    EXPECT_EQ(kept[1].clientId, u"c-2"_s);
    EXPECT_EQ(kept[3].kind, ChatMessage::Kind::Gap);
    EXPECT_EQ(kept[3].eventType, u"gap"_s);
    EXPECT_TRUE(kept[4].id.isEmpty());
    for (const ChatMessage &message : kept) {
        EXPECT_FALSE(message.fromThisDevice) << "0.1.0 did not know; the column defaults";
    }
    // Its ids still deduplicate, and new rows use the new column.
    ChatMessage mine = chat(u"9"_s, u"mine"_s);
    mine.fromThisDevice = true;
    const ChatMessages added = history.append({chat(u"2"_s, u"again"_s), mine}, u"9"_s);
    ASSERT_EQ(added.size(), 1);
    EXPECT_TRUE(history.load(5, 1).front().fromThisDevice);

    QNetworkAccessManager manager;
    Profile profile = Profile::hibikiRoom(QUrl(u"http://127.0.0.1:1"_s));
    profile.postUrl = QUrl(); // read-only room: the entries stay put
    Outbox outbox(profile, store, &manager);
    outbox.start();
    ASSERT_EQ(outbox.entries().size(), 2);
    EXPECT_EQ(outbox.entries()[0].text, u"unsent one"_s);
    EXPECT_EQ(outbox.entries()[1].text, u"unsent two"_s);

    // Opening it again migrates nothing twice.
    history.close();
    store.close();
    ASSERT_TRUE(store.open(path)) << store.error().toStdString();
    EXPECT_EQ(store.schemaVersion(), RoomStore::SchemaVersion);
}

TEST(RoomStore, ANewFileGetsEveryTableFromTheStoreAlone)
{
    RoomStore store;
    ASSERT_TRUE(store.open(u":memory:"_s)) << store.error().toStdString();
    EXPECT_EQ(store.schemaVersion(), RoomStore::SchemaVersion);
    EXPECT_EQ(tables(store), (QStringList {u"messages"_s, u"outbox"_s, u"state"_s}));

    // Neither the history nor the outbox creates or changes a table.
    QSqlQuery schema(store.database());
    ASSERT_TRUE(schema.exec(u"SELECT group_concat(sql, ';') FROM sqlite_master"_s));
    ASSERT_TRUE(schema.next());
    const QString before = schema.value(0).toString();
    schema.finish();
    {
        HistoryStore history;
        ASSERT_TRUE(history.open(store));
        QNetworkAccessManager manager;
        Outbox outbox(Profile::hibikiRoom(QUrl(u"http://127.0.0.1:1"_s)), store, &manager);
    }
    ASSERT_TRUE(schema.exec(u"SELECT group_concat(sql, ';') FROM sqlite_master"_s));
    ASSERT_TRUE(schema.next());
    EXPECT_EQ(schema.value(0).toString(), before);
}

// A new file is given its schema without a sync per step, and made durable once before
// open() returns: the schema is in the file itself (not only in its log), and the
// connection writes as any other (synchronous=NORMAL; the outbox's FULL is tested below).
TEST(RoomStore, ANewFileIsDurableWithItsSchemaWhenOpenReturns)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"room.sqlite"_s);
    RoomStore store;
    ASSERT_TRUE(store.open(path)) << store.error().toStdString();
    {
        QSqlQuery query(store.database());
        ASSERT_TRUE(query.exec(u"PRAGMA synchronous"_s) && query.next());
        EXPECT_EQ(query.value(0).toInt(), 1) << "NORMAL";
    }
    EXPECT_EQ(QFileInfo(path + u"-wal"_s).size(), 0) << "everything checkpointed into the file";

    // The file alone, as a power loss right now would leave it (its log may be gone).
    const QString fileAlone = dir.filePath(u"alone.sqlite"_s);
    ASSERT_TRUE(QFile::copy(path, fileAlone));
    OtherConnection copy(fileAlone);
    ASSERT_TRUE(copy.isOpen());
    EXPECT_EQ(copy.value(u"PRAGMA user_version"_s).toInt(), RoomStore::SchemaVersion);
    EXPECT_EQ(copy.value(u"SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master "
                         "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name)"_s)
                  .toString(),
        u"messages,outbox,state"_s);
    EXPECT_EQ(copy.value(u"PRAGMA journal_mode"_s).toString(), u"wal"_s);

    // Opened again, it is not new: nothing is done twice.
    store.close();
    RoomStore again;
    ASSERT_TRUE(again.open(path)) << again.error().toStdString();
    EXPECT_EQ(again.schemaVersion(), RoomStore::SchemaVersion);
}

TEST(RoomStore, AFileFromANewerReleaseIsRefusedAndLeftAlone)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"room.sqlite"_s);
    {
        RoomStore store;
        ASSERT_TRUE(store.open(path));
    }
    {
        OtherConnection newer(path);
        ASSERT_TRUE(newer.exec(u"PRAGMA user_version = 99"_s));
    }
    RoomStore store;
    EXPECT_FALSE(store.open(path));
    EXPECT_TRUE(store.error().contains(u"newer version"_s)) << store.error().toStdString();
    EXPECT_FALSE(store.isOpen());
    OtherConnection after(path);
    EXPECT_EQ(after.value(u"PRAGMA user_version"_s).toInt(), 99);
}

TEST(RoomStore, DurableTransactionsSyncFullyAndOthersStayCheap)
{
    QTemporaryDir dir;
    RoomStore store;
    ASSERT_TRUE(store.open(dir.filePath(u"room.sqlite"_s)));
    const auto synchronous = [](QSqlDatabase &db) {
        QSqlQuery query(db);
        return query.exec(u"PRAGMA synchronous"_s) && query.next() ? query.value(0).toInt() : -1;
    };
    constexpr int Normal = 1;
    constexpr int Full = 2;
    int inside = -1;
    EXPECT_FALSE(store
                     .durableTransaction([&](QSqlDatabase &db) {
                         inside = synchronous(db);
                         return QSqlError();
                     })
                     .isValid());
    EXPECT_EQ(inside, Full);
    EXPECT_FALSE(store
                     .transaction([&](QSqlDatabase &db) {
                         inside = synchronous(db);
                         return QSqlError();
                     })
                     .isValid());
    EXPECT_EQ(inside, Normal);
}

TEST(RoomStore, ALockedFileIsToldApartAndWritesSucceedOnceItIsReleased)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"room.sqlite"_s);
    HistoryStore history;
    ASSERT_TRUE(history.open(path));
    OtherConnection other(path);
    ASSERT_TRUE(other.exec(u"BEGIN IMMEDIATE"_s)); // holds the write lock

    EXPECT_FALSE(history.tryAppend({chat(u"1"_s, u"a"_s)}, u"1"_s));
    EXPECT_EQ(hibiki::classifyStorageError(history.lastWriteError()), StorageFailure::Locked)
        << history.lastWriteError().text().toStdString();
    const QString words = hibiki::describeStorageFailure(history.lastWriteError(), path);
    EXPECT_TRUE(words.contains(u"Another program"_s)) << words.toStdString();
    EXPECT_TRUE(words.contains(path));
    EXPECT_EQ(history.count(), 0);
    EXPECT_TRUE(history.lastEventId().isEmpty());

    ASSERT_TRUE(other.exec(u"ROLLBACK"_s));
    const auto added = history.tryAppend({chat(u"1"_s, u"a"_s)}, u"1"_s);
    ASSERT_TRUE(added);
    EXPECT_EQ(added->size(), 1);
    EXPECT_EQ(history.lastEventId(), u"1"_s);
}

TEST(RoomStore, FailuresAreDescribedInWordsNotSql)
{
    using hibiki::classifyStorageError;
    const auto sqlite = [](int code, const QString &text) {
        return QSqlError(u"driver"_s, text, QSqlError::StatementError, QString::number(code));
    };
    EXPECT_EQ(
        classifyStorageError(sqlite(13, u"database or disk is full"_s)), StorageFailure::DiskFull);
    EXPECT_EQ(classifyStorageError(sqlite(8, u"attempt to write a readonly database"_s)),
        StorageFailure::ReadOnly);
    EXPECT_EQ(classifyStorageError(sqlite(5, u"database is locked"_s)), StorageFailure::Locked);
    EXPECT_EQ(classifyStorageError(sqlite(10, u"disk I/O error"_s)), StorageFailure::Io);
    EXPECT_EQ(
        classifyStorageError(sqlite(26, u"file is not a database"_s)), StorageFailure::Damaged);
    // Qt's commit() drops the code; the text still tells.
    EXPECT_EQ(classifyStorageError(QSqlError(u"Unable to commit transaction"_s,
                  u"database or disk is full"_s, QSqlError::TransactionError)),
        StorageFailure::DiskFull);
    EXPECT_EQ(classifyStorageError(QSqlError()), StorageFailure::None);

    const QString full = hibiki::describeStorageFailure(sqlite(13, u"x"_s), u"/r/room.sqlite"_s);
    EXPECT_TRUE(full.startsWith(u"The disk is full"_s)) << full.toStdString();
    EXPECT_TRUE(full.contains(u"/r/room.sqlite"_s));
    EXPECT_FALSE(full.contains(u"SQL"_s));
}
