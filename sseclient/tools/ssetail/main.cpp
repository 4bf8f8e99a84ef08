// SPDX-License-Identifier: MIT
// sse-tail: prints the events of a Server-Sent Events stream (a URL, a file or stdin).
#include "options.h"
#include "tail.h"

#include <QCoreApplication>

#include <cstdio>

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
#ifdef __GLIBC__
    // QNAM's network thread allocates a buffer for each read from the socket and this
    // thread frees it. With glibc's default, adaptive thresholds, memory freed that way was
    // often given back to the kernel and page-faulted in again for the next reads: up to
    // 200,000 page faults per GB of stream, more system time than all of the parsing.
    // Fixed thresholds keep a few MiB of freed memory for reuse.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
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
