// SPDX-License-Identifier: MIT
// An example program built against the installed sseclient (see CMakeLists.txt).
//
//   sse-consumer        parses a stream held in memory, one byte at a time, and prints
//                       each event as TYPE|DATA|LAST-EVENT-ID (newlines in DATA as \n)
//   sse-consumer URL    opens an EventSource and prints the data of the first event of
//                       type "message"; exit 1 if the connection fails, 3 after 30 s
#include <sseclient/eventsource.h>
#include <sseclient/parser.h>

#include <QCoreApplication>
#include <QTimer>
#include <QUrl>

#include <cstdio>

namespace {

class PrintingHandler : public sse::ParserHandler
{
public:
    void onEvent(const QString &type, const QString &data, const QString &lastEventId) override
    {
        QString escaped = data;
        escaped.replace(QLatin1Char('\n'), QLatin1String("\\n"));
        std::printf("%s|%s|%s\n", qPrintable(type), qPrintable(escaped), qPrintable(lastEventId));
    }
};

int parseSample()
{
    // A BOM, CRLF and CR line ends, a comment, a field without colon, and an unfinished
    // event at the end: enough to see that the library, not this example, does the work.
    const QByteArray stream = "\xEF\xBB\xBFid: 1\r\nevent: greeting\r\ndata: hello\r\n"
                              "data:world\r\n\r\n: a comment\rdata\r\rdata: unfinished";
    PrintingHandler handler;
    sse::Parser parser(handler);
    for (qsizetype i = 0; i < stream.size(); ++i) {
        parser.feed(QByteArrayView(stream).sliced(i, 1));
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2) {
        return parseSample();
    }

    sse::EventSource source(QUrl(arguments.at(1)));
    QObject::connect(&source, &sse::EventSource::message, &app, [](const sse::MessageEvent &event) {
        if (event.type != QLatin1String("message")) {
            return;
        }
        std::printf("%s\n", qPrintable(event.data));
        QCoreApplication::exit(0);
    });
    QObject::connect(&source, &sse::EventSource::errorOccurred, &app, [&source] {
        // Closed means the event source gave up; otherwise it reconnects by itself.
        if (source.readyState() == sse::EventSource::ReadyState::Closed) {
            QCoreApplication::exit(1);
        }
    });
    QTimer::singleShot(30000, &app, [] { QCoreApplication::exit(3); });
    source.open();
    return QCoreApplication::exec();
}
