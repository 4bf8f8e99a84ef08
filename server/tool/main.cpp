// SPDX-License-Identifier: MIT
// hibiki-server: the Hibiki chat room over Server-Sent Events. See docs/SERVER.md.
#include "options.h"
#include "signalwatcher.h"

#include <hibikiserver/roomserver.h>

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

    const auto config = hibiki::parseOptions(QCoreApplication::arguments());
    if (!config) {
        return 2;
    }
    raiseDescriptorLimit();

    // Installed before listening, so a signal that comes right after the ready line is
    // already a clean shutdown.
    hibiki::SignalWatcher watcher({SIGINT, SIGTERM});
    hibiki::RoomServer server(*config);
    QObject::connect(&watcher, &hibiki::SignalWatcher::received, &app, [&server] {
        server.close();
        QCoreApplication::quit();
    });

    if (!server.listen()) {
        std::fprintf(stderr, "hibiki-server: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    // Scripts and tests wait for this exact line; flush so that a pipe sees it at once.
    const QString host = config->listenAddress.protocol() == QAbstractSocket::IPv6Protocol
        ? u"[%1]"_s.arg(config->listenAddress.toString())
        : config->listenAddress.toString();
    std::printf("listening on http://%s:%u\n", qPrintable(host), unsigned(server.port()));
    std::fflush(stdout);
    return QCoreApplication::exec();
}
