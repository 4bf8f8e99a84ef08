// SPDX-License-Identifier: MIT
// bench_cluster: a room on two nginx + nchan nodes sharing one Redis, started on loopback as
// the cluster tests start them (tests/interop/cluster.h).
//
// 1. Fan-out: --subscribers event streams (sse::EventSource, the library under the app's
//    rooms), half on each node, and a publisher posting --messages messages alternately to
//    both nodes with --inflight posts in flight (or --rate messages per second). Prints the
//    messages per second through the cluster, the deliveries per second, and the delivery
//    latency (post sent → event dispatched at a subscriber): median, p99, max. Publisher and
//    subscribers share this one process (and its clock).
// 2. Failover: --rooms rooms (hibiki::ChatSession with the app's default stream options,
//    endpoints on both nodes) open on one node, which is killed with SIGKILL; the time until
//    each room is open on the other node. --kills times, alternating nodes (each restarted
//    before the next).
//
//   bench_cluster [--subscribers 200] [--messages 2000] [--inflight 8] [--rate 0]
//                 [--rooms 20] [--kills 6] [--move-delay-ms 1000]
#include "cluster.h"

#include <core/chatsession.h>
#include <sseclient/eventsource.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace hibiki;
using namespace hibiki::interop;

namespace {

qint64 nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Runs the event loop until `done` (checked every few milliseconds) or `timeoutMs`.
bool runUntil(const std::function<bool()> &done, int timeoutMs)
{
    if (done()) {
        return true;
    }
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(2);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) {
            loop.quit();
        }
    });
    bool timedOut = false;
    QTimer::singleShot(timeoutMs, &loop, [&] {
        timedOut = true;
        loop.quit();
    });
    poll.start();
    loop.exec();
    return !timedOut && done();
}

// CPU time of this whole process (all threads), in seconds.
double cpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval &time) { return time.tv_sec + time.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double percentile(std::vector<qint64> &values, double p)
{
    if (values.empty()) {
        return 0;
    }
    const size_t index = std::min(values.size() - 1, size_t(p / 100.0 * double(values.size())));
    std::nth_element(values.begin(), values.begin() + qsizetype(index), values.end());
    return double(values[index]);
}

struct FanOutResult
{
    double messagesPerSecond = 0;
    double deliveriesPerSecond = 0;
    double medianMs = 0;
    double p99Ms = 0;
    double maxMs = 0;
    qint64 missing = 0;
    qint64 publishFailures = 0;
    double clientCpuPercent = 0; // this process (publisher and subscribers), of one core
};

FanOutResult fanOut(Cluster &cluster, int subscriberCount, int messageCount, int inflight, int rate)
{
    QObject holder;
    // Qt 6.4 opens at most 6 connections per host and manager: 5 streams each.
    std::vector<std::unique_ptr<QNetworkAccessManager>> managers;
    std::vector<sse::EventSource *> sources;
    std::vector<qint64> received(size_t(subscriberCount), 0);
    std::vector<qint64> latencies;
    latencies.reserve(size_t(subscriberCount) * size_t(messageCount));
    for (int i = 0; i < subscriberCount; ++i) {
        if (i % 5 == 0) {
            managers.push_back(std::make_unique<QNetworkAccessManager>());
        }
        sse::Options options;
        options.networkAccessManager = managers.back().get();
        QUrl url = cluster.node(i % 2).baseUrl();
        url.setPath(u"/sub/bench"_s);
        auto *source = new sse::EventSource(url, options, &holder);
        QObject::connect(source, &sse::EventSource::message, &holder,
            [&latencies, &received, i](const sse::MessageEvent &event) {
                // "<sequence> <sent at, ns>"
                const qsizetype space = event.data.indexOf(u' ');
                const qint64 sentNs = QStringView(event.data).sliced(space + 1).toLongLong();
                latencies.push_back(nowNs() - sentNs);
                ++received[size_t(i)];
            });
        sources.push_back(source);
        source->open();
    }
    if (!runUntil(
            [&] {
                return std::all_of(sources.cbegin(), sources.cend(), [](const auto *source) {
                    return source->readyState() == sse::EventSource::ReadyState::Open;
                });
            },
            60000)) {
        std::fprintf(stderr, "bench_cluster: not every subscriber opened within 60 s\n");
        return {};
    }

    QNetworkAccessManager publisher;
    int sent = 0;
    int answered = 0;
    qint64 failures = 0;
    QElapsedTimer clock;
    clock.start();
    const double cpuBefore = cpuSeconds();
    const qint64 startNs = nowNs();
    qint64 lastDeliveryNs = startNs;
    std::function<void()> postNext = [&] {
        if (sent >= messageCount) {
            return;
        }
        const int sequence = sent++;
        QUrl url = cluster.node(sequence % 2).baseUrl();
        url.setPath(u"/pub/bench"_s);
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("text/plain"));
        QNetworkReply *reply = publisher.post(
            request, QByteArray::number(sequence) + ' ' + QByteArray::number(nowNs()));
        QObject::connect(reply, &QNetworkReply::finished, &holder, [&, reply] {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            failures += status == 201 || status == 202 ? 0 : 1;
            ++answered;
            reply->deleteLater();
            if (rate <= 0) {
                postNext();
            }
        });
    };
    QTimer pacer;
    if (rate > 0) {
        // A steady rate: each tick posts what is due by now.
        pacer.setTimerType(Qt::PreciseTimer);
        pacer.setInterval(5);
        QObject::connect(&pacer, &QTimer::timeout, &holder, [&] {
            const qint64 due = clock.elapsed() * rate / 1000;
            while (sent < messageCount && sent <= due) {
                postNext();
            }
        });
        pacer.start();
    } else {
        for (int i = 0; i < inflight; ++i) {
            postNext();
        }
    }
    const qint64 expected = qint64(subscriberCount) * messageCount;
    runUntil(
        [&] {
            if (qint64(latencies.size()) >= expected && answered == messageCount) {
                return true;
            }
            if (!latencies.empty()) {
                lastDeliveryNs = nowNs();
            }
            return false;
        },
        300000);
    lastDeliveryNs = nowNs();
    pacer.stop();

    FanOutResult result;
    const double seconds = double(lastDeliveryNs - startNs) / 1e9;
    result.messagesPerSecond = messageCount / seconds;
    result.clientCpuPercent = 100.0 * (cpuSeconds() - cpuBefore) / seconds;
    result.deliveriesPerSecond = double(latencies.size()) / seconds;
    result.missing = expected - qint64(latencies.size());
    result.publishFailures = failures;
    std::vector<qint64> copy = latencies;
    result.medianMs = percentile(copy, 50) / 1e6;
    result.p99Ms = percentile(copy, 99) / 1e6;
    result.maxMs = copy.empty() ? 0 : double(*std::max_element(copy.begin(), copy.end())) / 1e6;
    for (sse::EventSource *source : sources) {
        source->close();
    }
    return result;
}

// Each room's time from the kill until it is open on the other node, in ms.
std::vector<qint64> failOver(Cluster &cluster, int roomCount, int victim, int moveDelayMs)
{
    const int survivor = 1 - victim;
    const QString survivorLabel = cluster.label(survivor);
    std::vector<std::unique_ptr<ChatSession>> rooms;
    std::vector<qint64> movedAtNs(size_t(roomCount), 0);
    ChatSession::Config config; // the app's stream options...
    config.streamOptions.initialReconnectDelayMs = moveDelayMs; // ...unless told otherwise
    config.storagePath = u":memory:"_s;
    config.userName = u"bench"_s;
    for (int i = 0; i < roomCount; ++i) {
        rooms.push_back(std::make_unique<ChatSession>(
            cluster.profile(u"failover%1"_s.arg(i), {victim, survivor}), config));
        ChatSession *session = rooms.back().get();
        QObject::connect(session, &ChatSession::connectionStatusChanged, session,
            [&movedAtNs, survivorLabel, i](const ConnectionStatus &status) {
                if (status.state == ConnectionStatus::State::Connected
                    && status.endpoint == survivorLabel && movedAtNs[size_t(i)] == 0) {
                    movedAtNs[size_t(i)] = nowNs();
                }
            });
        session->connectToServer();
    }
    const auto allConnected = [&] {
        return std::all_of(rooms.cbegin(), rooms.cend(), [](const auto &room) {
            return room->connectionStatus().state == ConnectionStatus::State::Connected;
        });
    };
    if (!runUntil(allConnected, 60000)) {
        std::fprintf(stderr, "bench_cluster: not every room opened within 60 s\n");
        return {};
    }
    const qint64 killedAtNs = nowNs();
    cluster.node(victim).kill();
    if (!runUntil(
            [&] {
                return std::all_of(
                    movedAtNs.cbegin(), movedAtNs.cend(), [](qint64 at) { return at != 0; });
            },
            120000)) {
        std::fprintf(stderr, "bench_cluster: not every room moved within 120 s\n");
    }
    std::vector<qint64> times;
    for (const qint64 at : movedAtNs) {
        if (at != 0) {
            times.push_back((at - killedAtNs) / 1000000);
        }
    }
    rooms.clear();
    if (!cluster.startNode(victim)) {
        std::fprintf(stderr, "bench_cluster: %s\n", qPrintable(cluster.errorString()));
    }
    return times;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Two nginx + nchan nodes sharing Redis: fan-out throughput, latency, failover time."_s);
    parser.addHelpOption();
    const QCommandLineOption subscribersOption(
        u"subscribers"_s, u"Event streams, half on each node (200)."_s, u"N"_s, u"200"_s);
    const QCommandLineOption messagesOption(
        u"messages"_s, u"Messages to publish (2000)."_s, u"N"_s, u"2000"_s);
    const QCommandLineOption inflightOption(
        u"inflight"_s, u"Posts in flight when not paced (8)."_s, u"N"_s, u"8"_s);
    const QCommandLineOption rateOption(
        u"rate"_s, u"Messages per second; 0: as fast as they are answered (0)."_s, u"N"_s, u"0"_s);
    const QCommandLineOption roomsOption(
        u"rooms"_s, u"Rooms on the node that is killed (20)."_s, u"N"_s, u"20"_s);
    const QCommandLineOption killsOption(
        u"kills"_s, u"Node kills, alternating nodes (6)."_s, u"N"_s, u"6"_s);
    const QCommandLineOption moveDelayOption(u"move-delay-ms"_s,
        u"The rooms' initial reconnect delay: the longest random wait before the first move "
        "(1000, the app's default)."_s,
        u"MS"_s, u"1000"_s);
    parser.addOptions({subscribersOption, messagesOption, inflightOption, rateOption, roomsOption,
        killsOption, moveDelayOption});
    parser.process(app);

    QTemporaryDir dir;
    Cluster cluster(dir.path());
    if (const QString reason = cluster.unavailableReason(); !reason.isEmpty()) {
        std::fprintf(stderr, "bench_cluster: cannot run here: %s\n", qPrintable(reason));
        return 2;
    }
    if (!cluster.start()) {
        std::fprintf(stderr, "bench_cluster: %s\n", qPrintable(cluster.errorString()));
        return 2;
    }

    const int subscribers = parser.value(subscribersOption).toInt();
    const int messages = parser.value(messagesOption).toInt();
    const int rate = parser.value(rateOption).toInt();
    const FanOutResult fan
        = fanOut(cluster, subscribers, messages, parser.value(inflightOption).toInt(), rate);
    std::printf("bench_cluster: 2 nginx + nchan nodes, one Redis (appendonly), loopback\n");
    std::printf("fan-out: %d messages to %d subscribers (%d per node), %s\n", messages, subscribers,
        subscribers / 2,
        rate > 0 ? qPrintable(u"paced at %1/s"_s.arg(rate))
                 : qPrintable(u"%1 posts in flight"_s.arg(parser.value(inflightOption))));
    std::printf("  %.0f messages/s through the cluster, %.0f deliveries/s\n", fan.messagesPerSecond,
        fan.deliveriesPerSecond);
    std::printf("  delivery latency: median %.1f ms, p99 %.1f ms, max %.1f ms\n", fan.medianMs,
        fan.p99Ms, fan.maxMs);
    std::printf(
        "  missing deliveries: %lld, refused posts: %lld\n", fan.missing, fan.publishFailures);
    std::printf("  this process (publisher and all subscribers): %.0f %% of one core\n",
        fan.clientCpuPercent);

    const int rooms = parser.value(roomsOption).toInt();
    const int kills = parser.value(killsOption).toInt();
    const int moveDelayMs = parser.value(moveDelayOption).toInt();
    std::vector<qint64> all;
    std::printf("failover: %d rooms on the node killed (SIGKILL), first move within %d ms\n", rooms,
        moveDelayMs);
    for (int k = 0; k < kills; ++k) {
        std::vector<qint64> times = failOver(cluster, rooms, k % 2, moveDelayMs);
        all.insert(all.end(), times.begin(), times.end());
        std::vector<qint64> copy = times;
        std::printf("  kill %d (node %c): %zu/%d rooms open on the other node; median %.0f ms, "
                    "last %.0f ms\n",
            k + 1, 'A' + k % 2, times.size(), rooms, percentile(copy, 50),
            times.empty() ? 0.0 : double(*std::max_element(times.begin(), times.end())));
    }
    std::vector<qint64> copy = all;
    std::printf("  all kills: median %.0f ms, p99 %.0f ms, max %.0f ms over %zu room moves\n",
        percentile(copy, 50), percentile(copy, 99),
        all.empty() ? 0.0 : double(*std::max_element(all.begin(), all.end())), all.size());
    return fan.missing == 0 && all.size() == size_t(rooms) * size_t(kills) ? 0 : 1;
}
