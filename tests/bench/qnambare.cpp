// SPDX-License-Identifier: MIT
// bench_qnam_bare: the ceiling for anything built on QNetworkAccessManager. Reads a
// stream with the barest loop (readyRead → readAll(), count "\n\n", nothing else) and
// prints the same statistics line as `sse-tail --stats`.
//
//   bench_qnam_bare URL [-n EVENTS]
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

#include <cstdio>
#include <cstring>

#ifdef __GLIBC__
#include <malloc.h>
#endif

using namespace Qt::StringLiterals;

int main(int argc, char **argv)
{
#ifdef __GLIBC__
    // The allocator settings sse-tail uses (see its main()), so that the two differ only in
    // how they read the stream.
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
#endif
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    qint64 wanted = -1;
    QUrl url;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        if (arguments.at(i) == u"-n"_s && i + 1 < arguments.size()) {
            wanted = arguments.at(++i).toLongLong();
        } else {
            url = QUrl(arguments.at(i));
        }
    }
    if (!url.isValid() || url.scheme().isEmpty()) {
        std::fputs("usage: bench_qnam_bare URL [-n EVENTS]\n", stderr);
        return 2;
    }

    QNetworkAccessManager manager;
    QElapsedTimer clock;
    clock.start();
    QNetworkRequest request(url);
    request.setRawHeader("Accept", "text/event-stream");
    QNetworkReply *reply = manager.get(request);

    qint64 events = 0;
    qint64 bytes = 0;
    qint64 elapsedNs = 0;
    bool pendingLineFeed = false; // the last read ended in an unpaired "\n"
    const auto stop = [&] {
        if (elapsedNs == 0) {
            elapsedNs = clock.nsecsElapsed();
            QCoreApplication::quit();
        }
    };
    QObject::connect(reply, &QNetworkReply::readyRead, reply, [&] {
        const QByteArray chunk = reply->readAll();
        bytes += chunk.size();
        const char *p = chunk.constData();
        const char *end = p + chunk.size();
        if (pendingLineFeed && p != end && *p == '\n') {
            ++events;
            ++p;
        }
        pendingLineFeed = false;
        while (p != end) {
            p = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)));
            if (!p) {
                break;
            }
            if (++p == end) {
                pendingLineFeed = true;
                break;
            }
            if (*p == '\n') {
                ++events;
                ++p;
            }
        }
        if (wanted > 0 && events >= wanted) {
            stop();
        }
    });
    QObject::connect(reply, &QNetworkReply::finished, reply, stop);
    QCoreApplication::exec();

    const double seconds = double(elapsedNs) / 1e9;
    std::fprintf(stderr, "events=%lld bytes=%lld seconds=%.6f events_per_s=%.0f mb_per_s=%.1f\n",
        events, bytes, seconds, double(events) / seconds, double(bytes) / 1e6 / seconds);
    return reply->error() == QNetworkReply::NoError || (wanted > 0 && events >= wanted) ? 0 : 1;
}
