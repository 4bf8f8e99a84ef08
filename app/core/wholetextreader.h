// SPDX-License-Identifier: MIT
#pragma once

#include <QFuture>
#include <QString>

#include <optional>

class QThread;
class QThreadPool;

namespace hibiki {

// Reads the whole text of one stored message off the GUI thread. A message may be 16 MiB:
// SQLite copies it out of its pages and QString converts it, about 160 ms, which would
// stall the window if done where the rows are painted.
//
// Each read opens a connection of its own to the room's file in a worker thread (SQLite
// connections belong to the thread that uses them; WAL lets it read while the room's own
// connection writes) and removes it in that thread before the result is delivered. The
// result depends on nothing but the file: the room, its store or whoever asked may be gone
// by the time it is ready.
class WholeTextReader
{
public:
    struct Result
    {
        // nullopt when there is no such message (any more) or the file cannot be read.
        std::optional<QString> text;
        // The thread the query ran in: never the caller's.
        QThread *readIn = nullptr;
    };

    // The text of the message with row number `key` (HistoryStore::firstKey()...) in the
    // SQLite file at `path`, read in `pool` (readerPool() when null). Not for ":memory:",
    // which another connection cannot see.
    static QFuture<Result> read(const QString &path, qint64 key, QThreadPool *pool = nullptr);

    // The threads reads run in: not the global pool, whose threads Qt's raster paint engine
    // borrows to fill large areas and waits for. A read of hundreds of milliseconds there
    // would stall painting on the GUI thread.
    static QThreadPool *readerPool();

    // The same query on the calling thread, with a connection of its own.
    static Result readHere(const QString &path, qint64 key);
};

} // namespace hibiki
