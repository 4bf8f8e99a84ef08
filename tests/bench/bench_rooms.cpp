// SPDX-License-Identifier: MIT
// bench_rooms: many rooms on one host through the app's room manager (hibiki::Rooms, its
// NetworkPool, a ChatSession and an SQLite history per room), against nginx + nchan on
// loopback as the interop tests start it. Prints the time until every room is open (the
// first time, creating their histories, and on the next start), the time for a post to be
// delivered while they all are, resident memory, and the CPU the process uses while the
// rooms sit idle (the server pinging every --ping seconds).
//
//   bench_rooms [--rooms 50] [--idle 60] [--ping 15] [--peer nchan|hibiki]
#include "peers.h"

#include <shell/networkpool.h>
#include <shell/rooms.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace hibiki;
using namespace hibiki::interop;

namespace {

// A field of /proc/self/status ("VmRSS", "VmHWM", "Threads"), as its number (kB for sizes).
qint64 statusField(const QByteArray &name)
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(name + ':')) {
            return line.mid(name.size() + 1).trimmed().split(' ').constFirst().toLongLong();
        }
    }
    return -1;
}

double cpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval &time) { return time.tv_sec + time.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Runs the event loop until `done` or `timeoutMs`; false on timeout. Checked whenever
// `sender` emits `signal`, so that the time measured is not rounded to a polling period.
template<typename Sender, typename Signal>
bool runUntil(const std::vector<Sender *> &senders, Signal signal,
    const std::function<bool()> &done, int timeoutMs)
{
    if (done()) {
        return true;
    }
    QEventLoop loop;
    for (Sender *sender : senders) {
        QObject::connect(sender, signal, &loop, [&] {
            if (done()) {
                loop.quit();
            }
        });
    }
    bool timedOut = false;
    QTimer::singleShot(timeoutMs, &loop, [&] {
        timedOut = true;
        loop.quit();
    });
    loop.exec();
    return !timedOut && done();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Many rooms on one host: open time, memory, idle CPU."_s);
    parser.addHelpOption();
    const QCommandLineOption roomsOption(u"rooms"_s, u"Rooms (50)."_s, u"N"_s, u"50"_s);
    const QCommandLineOption idleOption(
        u"idle"_s, u"Idle seconds to measure CPU over (60)."_s, u"S"_s, u"60"_s);
    const QCommandLineOption pingOption(
        u"ping"_s, u"The server's ping interval in seconds (15, as deployed)."_s, u"S"_s, u"15"_s);
    const QCommandLineOption peerOption(
        u"peer"_s, u"nchan (nginx, HTTP/1.1) or hibiki (hibiki-server)."_s, u"NAME"_s, u"nchan"_s);
    parser.addOptions({roomsOption, idleOption, pingOption, peerOption});
    parser.process(app);
    const int roomCount = parser.value(roomsOption).toInt();
    const int idleSeconds = parser.value(idleOption).toInt();

    QTemporaryDir dir;
    Peer::Options peerOptions;
    peerOptions.pingMs = parser.value(pingOption).toInt() * 1000;
    const PeerKind kind
        = parser.value(peerOption) == u"hibiki"_s ? PeerKind::Hibiki : PeerKind::Nchan;
    std::unique_ptr<Peer> peer = Peer::create(kind, dir.path(), peerOptions);
    if (const QString reason = peer->unavailableReason(); !reason.isEmpty()) {
        std::fprintf(stderr, "bench_rooms: %s cannot run here: %s\n", qPrintable(peer->name()),
            qPrintable(reason));
        return 2;
    }
    if (!peer->start()) {
        std::fprintf(stderr, "bench_rooms: %s\n", qPrintable(peer->errorString()));
        return 2;
    }

    RoomConfigStore store(dir.filePath(u"config"_s));
    Rooms::Options options;
    options.userOverride = u"bench"_s;
    options.keepDrafts = false;
    options.dataDirectory = dir.filePath(u"data"_s);
    const qint64 rssBefore = statusField("VmRSS");

    // Until every room of `rooms` is open; false after 60 s.
    std::vector<ChatSession *> sessions;
    const auto allOpen = [&] {
        return std::all_of(sessions.cbegin(), sessions.cend(), [](const ChatSession *session) {
            return session->connectionStatus().state == ConnectionStatus::State::Connected;
        });
    };
    const auto waitAllOpen = [&](const Rooms &rooms) {
        sessions.clear();
        for (const QString &id : rooms.ids()) {
            sessions.push_back(rooms.session(id));
        }
        return runUntil(sessions, &ChatSession::connectionStatusChanged, allOpen, 60000);
    };

    // The first time: every room is new, its history file is created (SQLite, on disk).
    QElapsedTimer clock;
    double firstAddedMs = 0;
    double firstOpenMs = 0;
    {
        Rooms rooms(&store, options);
        clock.start();
        for (int i = 0; i < roomCount; ++i) {
            RoomConfig config;
            config.id = RoomConfig::newId();
            config.profile = peer->profile(peer->baseUrl(), u"room%1"_s.arg(i));
            rooms.addRoom(config);
        }
        firstAddedMs = clock.nsecsElapsed() / 1e6;
        if (!waitAllOpen(rooms)) {
            std::fprintf(stderr, "bench_rooms: not every new room opened within 60 s\n");
            return 1;
        }
        firstOpenMs = clock.nsecsElapsed() / 1e6;
    }

    // The next start: the configured rooms and their histories are opened again.
    Rooms rooms(&store, options);
    clock.restart();
    rooms.openConfiguredRooms();
    const double addedMs = clock.nsecsElapsed() / 1e6;
    if (!waitAllOpen(rooms)) {
        std::fprintf(stderr, "bench_rooms: not every room opened within 60 s\n");
        return 1;
    }
    const double openMs = clock.nsecsElapsed() / 1e6;

    // A post from the first room while every stream is open.
    ChatSession *first = sessions.front();
    bool delivered = false;
    QObject::connect(first, &ChatSession::outboxEntryChanged, first, [&](const OutboxEntry &entry) {
        delivered = delivered || entry.state == OutboxEntry::State::Delivered;
    });
    clock.restart();
    first->send(u"a post while every room is open"_s);
    if (!runUntil(
            std::vector<ChatSession *> {first}, &ChatSession::outboxEntryChanged,
            [&] { return delivered; }, 30000)) {
        std::fprintf(stderr, "bench_rooms: the post was not delivered within 30 s\n");
        return 1;
    }
    const double postMs = clock.nsecsElapsed() / 1e6;
    const qint64 rssOpen = statusField("VmRSS");

    // Idle: the rooms stay open and the server pings; nothing else happens.
    const double cpuBefore = cpuSeconds();
    clock.restart();
    QEventLoop idle;
    QTimer::singleShot(idleSeconds * 1000, Qt::PreciseTimer, &idle, &QEventLoop::quit);
    idle.exec();
    const double wallSeconds = clock.nsecsElapsed() / 1e9;
    const double cpuUsed = cpuSeconds() - cpuBefore;
    const bool stillOpen = allOpen();

    std::printf("bench_rooms: %d rooms on one %s host (%s), ping every %d s\n", roomCount,
        qPrintable(peer->name()), qPrintable(peer->baseUrl().toString()),
        parser.value(pingOption).toInt());
    std::printf("  first time (new histories): added in %.1f ms, all open after %.1f ms\n",
        firstAddedMs, firstOpenMs);
    std::printf(
        "  next start: opened in %.1f ms, all %d open after %.1f ms\n", addedMs, roomCount, openMs);
    std::printf("  a post delivered while all are open:        %.1f ms\n", postMs);
    std::printf(
        "  network managers:                           %d\n", rooms.network()->managerCount());
    std::printf("  threads:                                    %lld\n", statusField("Threads"));
    std::printf("  resident: %.1f MiB before the rooms, %.1f MiB with them open, peak %.1f MiB\n",
        rssBefore / 1024.0, rssOpen / 1024.0, statusField("VmHWM") / 1024.0);
    std::printf("  idle for %.1f s: %.3f CPU-seconds = %.2f %% of one core; all still open: %s\n",
        wallSeconds, cpuUsed, 100.0 * cpuUsed / wallSeconds, stillOpen ? "yes" : "NO");
    return stillOpen ? 0 : 1;
}
