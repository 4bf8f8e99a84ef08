// SPDX-License-Identifier: MIT
// sse-tail: prints the events of a Server-Sent Events stream (a URL, a file or stdin).
#include "options.h"
#include "tail.h"

#include <QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"sse-tail"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(HIBIKI_VERSION));

    const sse::tail::ParsedCommandLine commandLine
        = sse::tail::parseCommandLine(QCoreApplication::arguments());
    if (!commandLine.error.isEmpty()) {
        std::fprintf(stderr, "sse-tail: %s\nTry 'sse-tail --help' for more information.\n",
            qPrintable(commandLine.error));
        return 2;
    }
    if (!commandLine.options) {
        std::fputs(qPrintable(commandLine.output), stdout);
        return 0;
    }

    sse::tail::Tail tail(*commandLine.options);
    QMetaObject::invokeMethod(&tail, &sse::tail::Tail::start, Qt::QueuedConnection);
    const int exitCode = QCoreApplication::exec();
    tail.finishOutput();
    return exitCode;
}
