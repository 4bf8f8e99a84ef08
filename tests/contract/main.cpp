// SPDX-License-Identifier: MIT
// sse-contract-service: the test service that LaunchDarkly's sse-contract-tests drive to
// judge sseclient. See docs/CONTRACT.md.
#include "contractservice.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"sse-contract-service"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(HIBIKI_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Test service for LaunchDarkly's SSE contract tests (sse-contract-tests), "
        u"driving the sseclient library. Listens on 127.0.0.1."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption portOption(u"port"_s,
        u"Port to listen on (default 8000; 0 picks a free one). The port in use is printed "
        u"on standard output."_s,
        u"port"_s, u"8000"_s);
    const QCommandLineOption verboseOption(
        u"verbose"_s, u"Log every request and stream state change to standard error."_s);
    parser.addOption(portOption);
    parser.addOption(verboseOption);
    parser.process(app);

    bool ok = false;
    const uint port = parser.value(portOption).toUInt(&ok);
    if (!ok || port > 65535) {
        std::fprintf(stderr, "sse-contract-service: invalid port \"%s\"\n",
            qPrintable(parser.value(portOption)));
        return 2;
    }
    if (parser.isSet(verboseOption)) {
        QLoggingCategory::setFilterRules(u"hibiki.contract.debug=true"_s);
    }

    hibiki::ContractService service;
    const quint16 boundPort = service.listen(QHostAddress::LocalHost, quint16(port));
    if (boundPort == 0) {
        std::fprintf(stderr, "sse-contract-service: cannot listen on 127.0.0.1 port %u\n", port);
        return 1;
    }
    QObject::connect(&service, &hibiki::ContractService::stopRequested, &app,
        &QCoreApplication::quit, Qt::QueuedConnection);

    // Whoever started us with --port 0 reads the port from here: flushed at once.
    std::printf("sse-contract-service listening on http://127.0.0.1:%u\n", unsigned(boundPort));
    std::fflush(stdout);
    return app.exec();
}
