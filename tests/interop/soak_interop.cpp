// SPDX-License-Identifier: MIT
// soak_interop: minutes of chat traffic against one real server, with the connection cut
// again and again, counting what the chat core lost or showed twice. Not part of CI; the
// benchmark set runs it for 5 minutes per peer.
//
//   soak_interop --peer nchan|hono|hibiki|all [--seconds 300] [--rate 20]
//                [--receivers 3] [--drop-every 10]
//
// Someone ("bob") posts `rate` messages a second straight to the server; `receivers`
// chat sessions read the room through a proxy that cuts every connection every
// `drop-every` seconds and refuses new ones for half a second; one of them ("alice") also
// sends a message a second through her outbox. At the end, after the traffic stops and the
// sessions have caught up, every receiver must have shown every acknowledged message
// exactly once. Exit status 0 when nothing was lost or shown twice.
#include "participant.h"
#include "peers.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHash>
#include <QNetworkReply>
#include <QSet>
#include <QTemporaryDir>
#include <QTimer>
#include <QUuid>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace hibiki;
using namespace hibiki::interop;

namespace {

struct Settings
{
    int seconds = 300;
    int rate = 20;
    int receivers = 3;
    int dropEverySeconds = 10;
};

struct Receiver
{
    std::unique_ptr<Participant> participant;
    QHash<QString, int> shown; // text → times shown
    QSet<QString> wireIds; // SSE ids of chat events as they came off the wire
    int redeliveredOnWire = 0; // an id the server sent again (the store hides these)
};

struct Totals
{
    qint64 published = 0; // acknowledged by the server (2xx)
    qint64 publishFailed = 0;
    qint64 outboxSent = 0;
    qint64 outboxDelivered = 0;
    int drops = 0;
    qint64 lost = 0;
    qint64 duplicated = 0;
    qint64 redelivered = 0;
    int reconnects = 0;
};

bool soak(PeerKind kind, const Settings &settings, Totals &totals)
{
    QTemporaryDir dir;
    Peer::Options options;
    options.pingMs = 5000;
    options.history = 100000;
    const std::unique_ptr<Peer> peer = Peer::create(kind, dir.path(), options);
    if (!peer->start()) {
        std::fprintf(stderr, "soak %s: cannot start: %s\n", qPrintable(peer->name()),
            qPrintable(peer->errorString()));
        return false;
    }
    DropProxy proxy(peer->port());

    std::vector<std::unique_ptr<Receiver>> receivers;
    for (int i = 0; i < settings.receivers; ++i) {
        auto receiver = std::make_unique<Receiver>();
        receiver->participant = std::make_unique<Participant>(
            peer->profile(proxy.url()), i == 0 ? u"alice"_s : u"reader%1"_s.arg(i));
        Receiver *const r = receiver.get();
        QObject::connect(r->participant->session.get(), &ChatSession::messagesAppended,
            [r](const ChatMessages &batch) {
                for (const ChatMessage &message : batch) {
                    if (message.kind == ChatMessage::Kind::Chat) {
                        ++r->shown[message.text];
                    }
                }
            });
        QObject::connect(&r->participant->session->eventSource(), &sse::EventSource::message,
            [r](const sse::MessageEvent &event) {
                if (event.type != "message"_L1 || event.lastEventId.isEmpty()) {
                    return;
                }
                if (r->wireIds.contains(event.lastEventId)) {
                    ++r->redeliveredOnWire;
                } else {
                    r->wireIds.insert(event.lastEventId);
                }
            });
        r->participant->connect();
        receivers.push_back(std::move(receiver));
    }
    for (auto &receiver : receivers) {
        if (!receiver->participant->waitForState(ConnectionStatus::State::Connected)) {
            std::fprintf(stderr, "soak %s: a receiver did not connect\n", qPrintable(peer->name()));
            return false;
        }
    }

    // bob: asynchronous posts straight to the server, one every 1000/rate ms.
    QNetworkAccessManager bobManager;
    const Profile direct = peer->profile();
    QSet<QString> acknowledged;
    int inFlight = 0;
    qint64 counter = 0;
    QTimer publishTimer;
    publishTimer.setInterval(std::max(1, 1000 / std::max(1, settings.rate)));
    QObject::connect(&publishTimer, &QTimer::timeout, [&] {
        const QString text = u"bob #%1"_s.arg(++counter);
        QNetworkRequest request(direct.postUrl);
        request.setHeader(QNetworkRequest::ContentTypeHeader, direct.postContentType());
        QNetworkReply *reply = bobManager.sendCustomRequest(request, direct.postMethod,
            direct.postBody(text, u"bob"_s, QUuid::createUuid().toString(QUuid::WithoutBraces)));
        ++inFlight;
        QObject::connect(reply, &QNetworkReply::finished, [&, reply, text] {
            --inFlight;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status >= 200 && status < 300) {
                acknowledged.insert(text);
            } else {
                ++totals.publishFailed;
            }
            reply->deleteLater();
        });
    });

    // alice: one message a second through her outbox (and so through the proxy).
    QStringList aliceSent;
    QTimer aliceTimer;
    aliceTimer.setInterval(1000);
    Participant &alice = *receivers.front()->participant;
    QObject::connect(&aliceTimer, &QTimer::timeout, [&] {
        const QString text = u"alice #%1"_s.arg(aliceSent.size() + 1);
        aliceSent.append(text);
        alice.session->send(text);
    });

    // The network: cut everything, refuse for half a second.
    QTimer dropTimer;
    dropTimer.setInterval(settings.dropEverySeconds * 1000);
    QObject::connect(&dropTimer, &QTimer::timeout, [&] {
        ++totals.drops;
        proxy.setRefusing(true);
        proxy.cutAll();
        QTimer::singleShot(500, &proxy, [&proxy] { proxy.setRefusing(false); });
    });

    QElapsedTimer clock;
    clock.start();
    publishTimer.start();
    aliceTimer.start();
    if (settings.dropEverySeconds > 0) {
        dropTimer.start();
    }
    int lastReport = 0;
    const bool ran = QTest::qWaitFor(
        [&] {
            const int elapsed = int(clock.elapsed() / 1000);
            if (elapsed >= lastReport + 30) {
                lastReport = elapsed;
                std::fprintf(stderr, "soak %s: %d s, %lld acknowledged\n", qPrintable(peer->name()),
                    elapsed, qlonglong(acknowledged.size()));
            }
            return clock.elapsed() >= settings.seconds * 1000LL;
        },
        settings.seconds * 1000 + 60000);
    Q_UNUSED(ran);
    publishTimer.stop();
    aliceTimer.stop();
    dropTimer.stop();
    proxy.setRefusing(false);

    // Catch up: bob's last answers, alice's outbox, every receiver's stream.
    if (!QTest::qWaitFor([&] { return inFlight == 0; }, 30000)) {
        std::fprintf(
            stderr, "soak %s: %d posts still unanswered\n", qPrintable(peer->name()), inFlight);
    }
    if (!QTest::qWaitFor([&] { return alice.session->outbox().entries().isEmpty(); }, 60000)) {
        std::fprintf(stderr, "soak %s: the outbox did not empty\n", qPrintable(peer->name()));
    }
    QSet<QString> expected = acknowledged;
    for (const QString &text : std::as_const(aliceSent)) {
        expected.insert(text);
    }
    const auto caughtUp = [&] {
        for (auto &receiver : receivers) {
            for (const QString &text : std::as_const(expected)) {
                if (!receiver->shown.contains(text)) {
                    return false;
                }
            }
        }
        return true;
    };
    if (!QTest::qWaitFor(caughtUp, 60000)) {
        std::fprintf(
            stderr, "soak %s: receivers did not catch up in 60 s\n", qPrintable(peer->name()));
    }

    totals.published = acknowledged.size();
    totals.outboxSent = aliceSent.size();
    totals.outboxDelivered = aliceSent.size() - alice.session->outbox().entries().size();
    int index = 0;
    for (auto &receiver : receivers) {
        qint64 lost = 0;
        qint64 duplicated = 0;
        // Lost: acknowledged but never shown. A post whose answer was lost may still have
        // been stored and shown: that is neither lost nor, shown once, a duplicate.
        for (const QString &text : std::as_const(expected)) {
            if (!receiver->shown.contains(text)) {
                ++lost;
            }
        }
        for (const int times : std::as_const(receiver->shown)) {
            duplicated += times - 1;
        }
        const int reconnects
            = receiver->participant->session->eventSource().statistics().reconnects;
        std::printf("  %s receiver %d: shown %lld, lost %lld, duplicated %lld, "
                    "re-sent by the server (hidden by the store) %d, reconnects %d\n",
            qPrintable(peer->name()), index++, qlonglong(receiver->shown.size()), qlonglong(lost),
            qlonglong(duplicated), receiver->redeliveredOnWire, reconnects);
        totals.lost += lost;
        totals.duplicated += duplicated;
        totals.redelivered += receiver->redeliveredOnWire;
        totals.reconnects += reconnects;
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Interop soak: lost and duplicated chat messages under "
                                     "connection drops, against a real server."_s);
    parser.addHelpOption();
    parser.addOptions({
        {u"peer"_s, u"nchan, hono, hibiki or all (default all)."_s, u"PEER"_s, u"all"_s},
        {u"seconds"_s, u"Duration per peer (default 300)."_s, u"S"_s, u"300"_s},
        {u"rate"_s, u"Messages a second from the publisher (default 20)."_s, u"N"_s, u"20"_s},
        {u"receivers"_s, u"Chat sessions reading the room (default 3)."_s, u"N"_s, u"3"_s},
        {u"drop-every"_s, u"Cut all connections every S seconds; 0: never (default 10)."_s, u"S"_s,
            u"10"_s},
    });
    parser.process(app);
    Settings settings;
    settings.seconds = std::max(1, parser.value(u"seconds"_s).toInt());
    settings.rate = std::max(1, parser.value(u"rate"_s).toInt());
    settings.receivers = std::max(1, parser.value(u"receivers"_s).toInt());
    settings.dropEverySeconds = std::max(0, parser.value(u"drop-every"_s).toInt());

    QList<PeerKind> kinds;
    const QString which = parser.value(u"peer"_s);
    for (const PeerKind kind : {PeerKind::Nchan, PeerKind::Hono, PeerKind::Hibiki}) {
        if (which == "all"_L1 || which == peerName(kind)) {
            kinds.append(kind);
        }
    }
    if (kinds.isEmpty()) {
        std::fprintf(stderr, "soak_interop: unknown peer %s\n", qPrintable(which));
        return 2;
    }

    bool clean = true;
    for (const PeerKind kind : kinds) {
        Totals totals;
        if (!soak(kind, settings, totals)) {
            clean = false;
            continue;
        }
        std::printf("soak %s: %d s, %d receivers, published %lld (failed %lld), outbox sent "
                    "%lld delivered %lld, drops %d, reconnects %d: lost %lld, duplicated %lld "
                    "(re-sent on the wire %lld)\n",
            qPrintable(peerName(kind)), settings.seconds, settings.receivers,
            qlonglong(totals.published), qlonglong(totals.publishFailed),
            qlonglong(totals.outboxSent), qlonglong(totals.outboxDelivered), totals.drops,
            totals.reconnects, qlonglong(totals.lost), qlonglong(totals.duplicated),
            qlonglong(totals.redelivered));
        std::fflush(stdout);
        clean = clean && totals.lost == 0 && totals.duplicated == 0
            && totals.outboxDelivered == totals.outboxSent;
    }
    return clean ? 0 : 1;
}
