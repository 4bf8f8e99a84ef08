// SPDX-License-Identifier: MIT
// What the room's file costs: history appends (per event-loop turn, in batches), outbox
// writes synced to the disk (what a send waits for before it goes out), and the same
// write without the sync, for comparison.
//
//   bench_room_storage [--dir DIR] [--sends 200] [--batches 2000]
#include "core/historystore.h"
#include "core/outbox.h"
#include "core/roomstore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimeZone>

#include <algorithm>
#include <cstdio>

using namespace Qt::StringLiterals;
using namespace hibiki;

namespace {

struct Figures
{
    double medianUs = 0;
    double p99Us = 0;
};

Figures figures(QList<qint64> nanoseconds)
{
    std::sort(nanoseconds.begin(), nanoseconds.end());
    const auto at = [&](double q) {
        return nanoseconds.isEmpty()
            ? 0.0
            : double(nanoseconds[qsizetype(q * double(nanoseconds.size() - 1))]) / 1000.0;
    };
    return {at(0.5), at(0.99)};
}

ChatMessages batchOf(int size, qint64 &nextId)
{
    ChatMessages batch;
    for (int i = 0; i < size; ++i) {
        ChatMessage message;
        message.id = QString::number(++nextId);
        message.author = u"bob"_s;
        message.text
            = u"a message of ordinary length, about sixty characters long %1"_s.arg(nextId);
        message.eventType = u"message"_s;
        message.timestamp = QDateTime::currentDateTimeUtc();
        batch.append(message);
    }
    return batch;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption(
        {u"dir"_s, u"Directory for the room files (default: a temporary one)."_s, u"DIR"_s});
    parser.addOption({u"sends"_s, u"Outbox writes to time."_s, u"N"_s, u"200"_s});
    parser.addOption(
        {u"batches"_s, u"History appends to time per batch size."_s, u"N"_s, u"2000"_s});
    parser.process(app);
    QTemporaryDir temporary(parser.value(u"dir"_s).isEmpty()
            ? QDir::tempPath() + u"/bench_room_storage-XXXXXX"_s
            : parser.value(u"dir"_s) + u"/bench_room_storage-XXXXXX"_s);
    const int sends = parser.value(u"sends"_s).toInt();
    const int batches = parser.value(u"batches"_s).toInt();

    RoomStore store;
    if (!store.open(temporary.filePath(u"room.sqlite"_s))) {
        std::fprintf(stderr, "%s\n", qPrintable(store.error()));
        return 1;
    }
    HistoryStore history;
    history.open(store);
    history.setRetention(0);
    std::printf("room file: %s\n", qPrintable(store.path()));

    qint64 nextId = 0;
    for (const int size : {1, 100}) {
        QList<qint64> times;
        QElapsedTimer total;
        total.start();
        for (int i = 0; i < batches; ++i) {
            const ChatMessages batch = batchOf(size, nextId);
            QElapsedTimer clock;
            clock.start();
            if (!history.tryAppend(batch, batch.constLast().id)) {
                std::fprintf(stderr, "append failed\n");
                return 1;
            }
            times.append(clock.nsecsElapsed());
        }
        const Figures f = figures(times);
        std::printf("history append, %3d message(s) per transaction: median %8.1f us, p99 "
                    "%8.1f us, %9.0f messages/s\n",
            size, f.medianUs, f.p99Us,
            double(size) * batches / (double(total.nsecsElapsed()) / 1e9));
    }

    // An outbox write as enqueue() does it (synced), and the same row without the sync.
    Profile profile = Profile::hibikiRoom(QUrl(u"http://127.0.0.1:1"_s));
    profile.postUrl = QUrl(); // nothing is posted: only the write is timed
    QNetworkAccessManager manager;
    Outbox outbox(profile, store, &manager);
    QList<qint64> synced;
    for (int i = 0; i < sends; ++i) {
        QElapsedTimer clock;
        clock.start();
        if (outbox.enqueue(u"hello %1"_s.arg(i)).clientId.isEmpty()) {
            std::fprintf(stderr, "enqueue failed\n");
            return 1;
        }
        synced.append(clock.nsecsElapsed());
    }
    QList<qint64> unsynced;
    for (int i = 0; i < sends; ++i) {
        QElapsedTimer clock;
        clock.start();
        store.transaction([&](QSqlDatabase &db) {
            QSqlQuery query(db);
            query.prepare(u"INSERT INTO outbox (client_id, text, created) VALUES (?, ?, 0)"_s);
            query.bindValue(0, u"unsynced-%1"_s.arg(i));
            query.bindValue(1, u"hello"_s);
            return query.exec() ? QSqlError() : query.lastError();
        });
        unsynced.append(clock.nsecsElapsed());
    }
    const Figures s = figures(synced);
    const Figures u = figures(unsynced);
    std::printf("outbox enqueue, synced (synchronous=FULL):  median %8.1f us, p99 %8.1f us\n",
        s.medianUs, s.p99Us);
    std::printf("same row, not synced (synchronous=NORMAL):  median %8.1f us, p99 %8.1f us\n",
        u.medianUs, u.p99Us);
    return 0;
}
