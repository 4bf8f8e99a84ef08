// SPDX-License-Identifier: MIT
// shell_lockprobe HISTORY [--hold]: takes the history lock of HISTORY as a Hibiki would, in a
// process of its own, and prints on one line what happened:
//   locked
//   failed <RoomLock::Failure as a number> <owner pid> <owner host or ->\t<the user's sentence>
// With --hold, a lock that was taken is kept until standard input closes (or a kill).
#include <shell/roomlock.h>

#include <QCoreApplication>
#include <QStringList>

#include <cstdio>
#include <unistd.h>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2) {
        std::fputs("usage: shell_lockprobe HISTORY [--hold]\n", stderr);
        return 2;
    }
    hibiki::RoomLock lock(arguments.at(1));
    if (!lock.tryLock()) {
        const QByteArray host = lock.ownerHost().isEmpty() ? "-" : lock.ownerHost().toUtf8();
        std::printf("failed %d %lld %s\t%s\n", int(lock.failure()), lock.ownerPid(),
            host.constData(), lock.describe(QStringLiteral("Room")).toUtf8().constData());
        return 1;
    }
    std::printf("locked\n");
    std::fflush(stdout);
    if (arguments.contains(QStringLiteral("--hold"))) {
        char buffer[64];
        while (::read(STDIN_FILENO, buffer, sizeof buffer) > 0) { }
    }
    return 0;
}
