// SPDX-License-Identifier: MIT
#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

#include <functional>

namespace hibiki {

// Why a write to a room's file failed, in the terms a user can act on.
enum class StorageFailure {
    None,
    DiskFull, // SQLITE_FULL: free some space
    ReadOnly, // the file (or its folder, or the disk) cannot be written
    Locked, // another program holds the file
    Io, // the disk reported an error
    Damaged, // not a database, or a corrupt one
    Other,
};

StorageFailure classifyStorageError(const QSqlError &error);
// One sentence for the user about a failed write to the room's file at `path`: what is
// wrong and what to do, without SQL.
QString describeStorageFailure(const QSqlError &error, const QString &path);

// Runs `work` in one transaction on `db`. An empty QSqlError from `work` commits; anything
// else rolls back and is returned. The commit's own failure (a full disk shows up there) is
// returned with its SQLite code.
QSqlError runTransaction(QSqlDatabase &db, const std::function<QSqlError(QSqlDatabase &)> &work);
// The same, and the commit reaches the disk before it returns (synchronous=FULL for this
// transaction): for the outbox, whose entries must survive a power loss.
QSqlError runDurableTransaction(
    QSqlDatabase &db, const std::function<QSqlError(QSqlDatabase &)> &work);

// One room's SQLite file: the connection, its schema and the migrations that bring a file
// written by an older release up to date. The history (HistoryStore) and the outbox
// (Outbox) of the room are tables in it; they use this connection and never create tables.
//
// The schema's version is the file's `PRAGMA user_version`. Migrations are numbered from 1
// and run in order, each in its own transaction together with the new version number, so
// a file is always at exactly one version. Release 0.1.0 wrote its tables without a
// version (0); migration 1 creates exactly those tables where they are missing.
class RoomStore
{
public:
    // The version this code writes. A file with a higher version (from a newer release) is
    // refused rather than changed.
    static constexpr int SchemaVersion = 2;

    RoomStore();
    ~RoomStore();
    RoomStore(const RoomStore &) = delete;
    RoomStore &operator=(const RoomStore &) = delete;

    // Opens (or creates) the file and migrates it. `path` ":memory:" keeps everything in
    // memory. False and error() on failure, with the store closed.
    bool open(const QString &path);
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }
    QString error() const { return m_error; }
    // The file's schema version (after migration: SchemaVersion); 0 when closed.
    int schemaVersion() const;
    QSqlDatabase database() const;

    // runTransaction() and runDurableTransaction() on this file.
    QSqlError transaction(const std::function<QSqlError(QSqlDatabase &)> &work);
    QSqlError durableTransaction(const std::function<QSqlError(QSqlDatabase &)> &work);

private:
    bool migrate();

    QString m_connectionName;
    QString m_path;
    QString m_error;
};

} // namespace hibiki
