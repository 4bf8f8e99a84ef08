// SPDX-License-Identifier: MIT
// hibiki-server: the Hibiki chat room over Server-Sent Events. The protocol is in
// docs/PROTOCOL.md, the options and limits in docs/SERVER.md.
#include "options.h"

#include <hibikiserver/roomserver.h>
#include <hibikiserver/signalwatcher.h>

#include <QCoreApplication>

#include <csignal>
#include <cstdio>

#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace {

// Every connection is a descriptor: take all the process may have (the soft limit up to the
// hard one), as servers commonly do. The room caps connections below that (--max-connections).
void raiseDescriptorLimit()
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"hibiki-server"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(HIBIKI_VERSION));

    const auto options = hibiki::parseOptions(QCoreApplication::arguments());
    if (!options) {
        return 2;
    }
    raiseDescriptorLimit();

    // Installed before listening, so a signal that comes right after the ready line is
    // already a clean shutdown.
    hibiki::SignalWatcher watcher({SIGINT, SIGTERM});
    hibiki::RoomServer server(options->room);
    QObject::connect(&watcher, &hibiki::SignalWatcher::received, &app, [&server] {
        server.close();
        QCoreApplication::quit();
    });

    if (!server.listen()) {
        std::fprintf(stderr, "hibiki-server: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    // Scripts and tests wait for this exact line; flush so that a pipe sees it at once.
    const QHostAddress &address = options->room.listenAddress;
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
        ? u"[%1]"_s.arg(address.toString())
        : address.toString();
    std::printf("listening on %s://%s:%u\n", server.isEncrypted() ? "https" : "http",
        qPrintable(host), unsigned(server.port()));
    if (options->printInvite) {
        std::printf("%s\n", qPrintable(server.inviteLink()));
    }
    std::fflush(stdout);
    return QCoreApplication::exec();
}
