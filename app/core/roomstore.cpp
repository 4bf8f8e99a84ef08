// SPDX-License-Identifier: MIT
#include "roomstore.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <QVariant>

#include <atomic>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// One step of the schema. Each runs once per file, in order, in one transaction with the
// version number it brings the file to. Never edit a released migration: add the next.
struct Migration
{
    int version;
    const char *what;
    QStringList statements;
};

const QList<Migration> &migrations()
{
    static const QList<Migration> list {
        {1, "the tables of release 0.1.0",
            {
                // Release 0.1.0 created these without a version: IF NOT EXISTS adopts its
                // files as they are.
                u"CREATE TABLE IF NOT EXISTS messages ("
                "seq INTEGER PRIMARY KEY AUTOINCREMENT, msg_id TEXT, kind INTEGER NOT NULL, "
                "author TEXT NOT NULL, text TEXT NOT NULL, ts INTEGER NOT NULL, "
                "client_id TEXT, event_type TEXT NOT NULL)"_s,
                u"CREATE UNIQUE INDEX IF NOT EXISTS messages_msg_id ON messages(msg_id) "
                "WHERE msg_id IS NOT NULL"_s,
                u"CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL)"_s,
                u"CREATE TABLE IF NOT EXISTS outbox (client_id TEXT PRIMARY KEY, "
                "text TEXT NOT NULL, created INTEGER NOT NULL, "
                "failed INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, "
                "error TEXT NOT NULL DEFAULT '')"_s,
            }},
        {2, "messages remember whether they are the echo of a message sent from here",
            {
                u"ALTER TABLE messages ADD COLUMN from_this_device INTEGER NOT NULL DEFAULT 0"_s,
            }},
    };
    return list;
}

// SQLite's primary result codes, as QSqlError::nativeErrorCode() gives them.
constexpr int SqlitePerm = 3;
constexpr int SqliteBusy = 5;
constexpr int SqliteLocked = 6;
constexpr int SqliteReadOnly = 8;
constexpr int SqliteIoErr = 10;
constexpr int SqliteCorrupt = 11;
constexpr int SqliteFull = 13;
constexpr int SqliteCantOpen = 14;
constexpr int SqliteNotADb = 26;

QSqlError execAll(QSqlDatabase &db, const QStringList &statements)
{
    QSqlQuery query(db);
    for (const QString &sql : statements) {
        if (!query.exec(sql)) {
            return query.lastError();
        }
    }
    return {};
}

QSqlError exec(QSqlDatabase &db, const QString &sql)
{
    return execAll(db, {sql});
}

// Pages in the file: 0 for a file SQLite has not written yet (new, or empty).
int pageCount(QSqlDatabase &db)
{
    QSqlQuery query(db);
    return query.exec(u"PRAGMA page_count"_s) && query.next() ? query.value(0).toInt() : -1;
}

// Back to synchronous=NORMAL, and everything in the log copied into the file, both synced.
QSqlError checkpointDurably(QSqlDatabase &db)
{
    if (const QSqlError normal = exec(db, u"PRAGMA synchronous=NORMAL"_s); normal.isValid()) {
        return normal;
    }
    QSqlQuery query(db);
    if (!query.exec(u"PRAGMA wal_checkpoint(TRUNCATE)"_s) || !query.next()) {
        return query.lastError();
    }
    // The first column is 1 when another connection kept the checkpoint from finishing.
    return query.value(0).toInt() == 0
        ? QSqlError()
        : QSqlError(u"the file is busy"_s, {}, QSqlError::StatementError);
}

QString tr(const char *text)
{
    // lupdate files a tr() outside any class under its namespace: the same context here,
    // or the translation is never found.
    return QCoreApplication::translate("hibiki", text);
}

} // namespace

StorageFailure classifyStorageError(const QSqlError &error)
{
    if (error.type() == QSqlError::NoError) {
        return StorageFailure::None;
    }
    bool known = false;
    const int code = error.nativeErrorCode().toInt(&known);
    if (known) {
        switch (code) {
        case SqliteFull:
            return StorageFailure::DiskFull;
        case SqliteReadOnly:
        case SqlitePerm:
        case SqliteCantOpen:
            return StorageFailure::ReadOnly;
        case SqliteBusy:
        case SqliteLocked:
            return StorageFailure::Locked;
        case SqliteIoErr:
            return StorageFailure::Io;
        case SqliteCorrupt:
        case SqliteNotADb:
            return StorageFailure::Damaged;
        default:
            break;
        }
    }
    // Qt's own transaction calls drop the code; SQLite's messages are stable.
    const QString text = error.databaseText();
    if (text.contains("disk is full"_L1)) {
        return StorageFailure::DiskFull;
    }
    if (text.contains("readonly"_L1) || text.contains("read-only"_L1)) {
        return StorageFailure::ReadOnly;
    }
    if (text.contains("locked"_L1)) {
        return StorageFailure::Locked;
    }
    if (text.contains("I/O error"_L1)) {
        return StorageFailure::Io;
    }
    return StorageFailure::Other;
}

QString describeStorageFailure(const QSqlError &error, const QString &path)
{
    const QString where = path == ":memory:"_L1 ? tr("memory") : path;
    switch (classifyStorageError(error)) {
    case StorageFailure::None:
        return {};
    case StorageFailure::DiskFull:
        return tr("The disk is full: new messages are shown but not saved (%1). Free some "
                  "space and they will be saved.")
            .arg(where);
    case StorageFailure::ReadOnly:
        return tr("The room's history file cannot be written (%1): new messages are shown but "
                  "not saved until it can be written again.")
            .arg(where);
    case StorageFailure::Locked:
        return tr("Another program is using the room's history file (%1): new messages are "
                  "shown but not saved until it lets go.")
            .arg(where);
    case StorageFailure::Io:
        return tr("The disk refused to write the room's history file (%1): new messages are "
                  "shown but not saved until it can be written again.")
            .arg(where);
    case StorageFailure::Damaged:
        return tr("The room's history file is damaged (%1): new messages are shown but not "
                  "saved.")
            .arg(where);
    case StorageFailure::Other:
        break;
    }
    return tr("The room's history cannot be saved (%1: %2): new messages are shown but not "
              "saved until this is fixed.")
        .arg(where, error.databaseText());
}

RoomStore::RoomStore()
{
    // Qt's connection names are global to the process, which may also run the room server
    // (hosting a room): a prefix of the chat core's own keeps them apart.
    static std::atomic_int counter = 0;
    m_connectionName = u"hibiki-core-room-%1"_s.arg(counter++);
}

RoomStore::~RoomStore()
{
    close();
}

bool RoomStore::open(const QString &path)
{
    close();
    m_error.clear();
    m_path = path;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connectionName);
        db.setDatabaseName(path);
        // Writes run on the GUI thread: when another program holds the file, fail fast and
        // say so (the room keeps what arrives in memory and tries again later) instead of
        // freezing the window for SQLite's default five seconds.
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=250"_s);
        if (!db.open()) {
            m_error = u"cannot open the room's file %1: %2"_s.arg(path, db.lastError().text());
        } else {
            // WAL with synchronous=NORMAL survives an application crash and keeps appends
            // cheap; the outbox asks for FULL per transaction (durableTransaction()).
            //
            // A new file (no pages yet) holds nothing to protect until open() returns: it is
            // switched to WAL and given its schema without syncs (synchronous=OFF; with
            // FULL that alone was six fsyncs, most of the time of adding a room), then made
            // durable at once by a checkpoint, which syncs the log and the file. What the
            // room writes after that is synced as before. A power loss before the checkpoint
            // leaves a file without its schema, which the next open() creates again.
            const bool creating = pageCount(db) == 0;
            const QSqlError pragmas = execAll(db,
                {creating ? u"PRAGMA synchronous=OFF"_s : u"PRAGMA synchronous=NORMAL"_s,
                    u"PRAGMA journal_mode=WAL"_s});
            if (pragmas.isValid()) {
                m_error = u"cannot prepare the room's file %1: %2"_s.arg(path, pragmas.text());
            } else if (!migrate()) {
                m_error = u"cannot update the room's file %1: %2"_s.arg(path, m_error);
            } else if (creating) {
                if (const QSqlError synced = checkpointDurably(db); synced.isValid()) {
                    m_error = u"cannot write the room's new file %1: %2"_s.arg(path, synced.text());
                }
            }
        }
    }
    if (!m_error.isEmpty()) {
        const QString error = m_error;
        close();
        m_error = error;
        return false;
    }
    return true;
}

bool RoomStore::migrate()
{
    const int current = schemaVersion();
    if (current > SchemaVersion) {
        m_error = u"it was written by a newer version of Hibiki (schema %1; this version "
                  "knows up to %2)"_s.arg(current)
                      .arg(SchemaVersion);
        return false;
    }
    for (const Migration &migration : migrations()) {
        if (migration.version <= current) {
            continue;
        }
        const QSqlError failed = transaction([&](QSqlDatabase &db) {
            const QSqlError error = execAll(db, migration.statements);
            return error.isValid() ? error
                                   : exec(db, u"PRAGMA user_version = %1"_s.arg(migration.version));
        });
        if (failed.isValid()) {
            m_error = u"schema step %1 (%2) failed: %3"_s.arg(migration.version)
                          .arg(QLatin1StringView(migration.what), failed.text());
            return false;
        }
    }
    return true;
}

void RoomStore::close()
{
    if (!QSqlDatabase::contains(m_connectionName)) {
        return;
    }
    QSqlDatabase::database(m_connectionName, false).close();
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool RoomStore::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName)
        && QSqlDatabase::database(m_connectionName, false).isOpen();
}

int RoomStore::schemaVersion() const
{
    if (!isOpen()) {
        return 0;
    }
    QSqlQuery query(database());
    return query.exec(u"PRAGMA user_version"_s) && query.next() ? query.value(0).toInt() : 0;
}

QSqlDatabase RoomStore::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

QSqlError runTransaction(QSqlDatabase &db, const std::function<QSqlError(QSqlDatabase &)> &work)
{
    if (!db.isOpen()) {
        return QSqlError(u"the room's file is not open"_s, {}, QSqlError::ConnectionError);
    }
    // BEGIN and COMMIT as statements rather than QSqlDatabase::transaction()/commit(): those
    // drop SQLite's result code, which tells a full disk from a locked file.
    if (const QSqlError begun = exec(db, u"BEGIN"_s); begun.isValid()) {
        return begun;
    }
    QSqlError error = work(db);
    if (!error.isValid()) {
        error = exec(db, u"COMMIT"_s);
    }
    if (error.isValid()) {
        exec(db, u"ROLLBACK"_s); // fails harmlessly when SQLite already rolled back
    }
    return error;
}

QSqlError runDurableTransaction(
    QSqlDatabase &db, const std::function<QSqlError(QSqlDatabase &)> &work)
{
    if (const QSqlError full = exec(db, u"PRAGMA synchronous=FULL"_s); full.isValid()) {
        return full;
    }
    const QSqlError error = runTransaction(db, work);
    exec(db, u"PRAGMA synchronous=NORMAL"_s);
    return error;
}

QSqlError RoomStore::transaction(const std::function<QSqlError(QSqlDatabase &)> &work)
{
    QSqlDatabase db = database();
    return runTransaction(db, work);
}

QSqlError RoomStore::durableTransaction(const std::function<QSqlError(QSqlDatabase &)> &work)
{
    QSqlDatabase db = database();
    return runDurableTransaction(db, work);
}

} // namespace hibiki
