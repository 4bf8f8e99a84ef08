// SPDX-License-Identifier: MIT
#include "wholetextreader.h"

#include <QPromise>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThread>
#include <QThreadPool>
#include <QVariant>

#include <atomic>
#include <memory>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// Connection names are global to the process; one per read, so that reads may overlap.
QString newConnectionName()
{
    static std::atomic_int counter = 0;
    return u"hibiki-core-whole-text-%1"_s.arg(counter++);
}

std::optional<QString> query(QSqlDatabase &db, qint64 key)
{
    // The room's connection may hold a write lock for a moment; a reader in WAL mode never
    // waits for it, and this one writes nothing.
    if (!db.open()) {
        return std::nullopt;
    }
    QSqlQuery pragma(db);
    pragma.exec(u"PRAGMA query_only=1"_s);
    QSqlQuery query(db);
    query.setForwardOnly(true);
    // As UTF-8 bytes: QString::fromUtf8() converts 16 MiB several times faster than
    // SQLite's own UTF-16 conversion, which the driver asks for with a text value.
    query.prepare(u"SELECT CAST(text AS BLOB) FROM messages WHERE seq = ?"_s);
    query.bindValue(0, key);
    if (!query.exec() || !query.next()) {
        return std::nullopt;
    }
    return QString::fromUtf8(query.value(0).toByteArray());
}

} // namespace

WholeTextReader::Result WholeTextReader::readHere(const QString &path, qint64 key)
{
    Result result;
    result.readIn = QThread::currentThread();
    const QString name = newConnectionName();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=1000"_s);
        result.text = query(db, key);
        db.close();
    }
    // After every QSqlDatabase and QSqlQuery of the connection is gone, in its thread.
    QSqlDatabase::removeDatabase(name);
    return result;
}

QThreadPool *WholeTextReader::readerPool()
{
    // Waits for a read still running when the process exits.
    static QThreadPool pool;
    return &pool;
}

QFuture<WholeTextReader::Result> WholeTextReader::read(
    const QString &path, qint64 key, QThreadPool *pool)
{
    // Shared: QThreadPool::start() copies the function it runs.
    auto promise = std::make_shared<QPromise<Result>>();
    QFuture<Result> future = promise->future();
    promise->start();
    (pool ? pool : readerPool())->start([promise, path, key] {
        // Whoever asked may have lost interest (a closed window): then nothing is read.
        if (!promise->isCanceled()) {
            promise->addResult(readHere(path, key));
        }
        promise->finish();
    });
    return future;
}

} // namespace hibiki
