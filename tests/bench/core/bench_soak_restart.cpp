// SPDX-License-Identifier: MIT
// Soak: N messages posted through the chat core while hibiki-server is killed (SIGKILL)
// and restarted R times. Counts what a receiving session lost or saw twice (both must be 0).
//
//   bench_soak_restart [--messages 10000] [--restarts 10] [--senders 2]
#include "core/chatsession.h"
#include "serverprocess.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace hibiki;

namespace {

ChatSession::Config fastRetries(const QString &user, const QString &store)
{
    ChatSession::Config config;
    config.userName = user;
    config.storagePath = store;
    config.streamOptions.initialReconnectDelayMs = 50;
    config.streamOptions.maxReconnectDelayMs = 250;
    return config;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({u"messages"_s, u"Messages to post."_s, u"N"_s, u"10000"_s});
    parser.addOption({u"restarts"_s, u"Server restarts during the run."_s, u"N"_s, u"10"_s});
    parser.addOption({u"senders"_s, u"Sending sessions."_s, u"N"_s, u"2"_s});
    parser.process(app);
    const int total = parser.value(u"messages"_s).toInt();
    const int restarts = parser.value(u"restarts"_s).toInt();
    const int senderCount = std::max(1, parser.value(u"senders"_s).toInt());

    QTemporaryDir dir;
    hibiki::test::ServerProcess server(QStringLiteral(HIBIKI_SERVER_PATH),
        dir.filePath(u"server"_s), {u"--history"_s, u"20000"_s});
    if (!server.start(0)) {
        std::fprintf(stderr, "cannot start hibiki-server\n");
        return 1;
    }
    const QUrl url = server.url();
    const Profile profile = Profile::hibikiRoom(url);

    ChatSession receiver(profile, fastRetries(u"receiver"_s, dir.filePath(u"receiver.sqlite"_s)));
    QHash<QString, int> seen;
    qint64 received = 0;
    QObject::connect(&receiver, &ChatSession::messagesAppended, [&](const ChatMessages &batch) {
        for (const ChatMessage &message : batch) {
            if (message.kind == ChatMessage::Kind::Chat) {
                ++seen[message.text];
                ++received;
            }
        }
    });
    receiver.connectToServer();

    std::vector<std::unique_ptr<ChatSession>> senders;
    int delivered = 0;
    for (int i = 0; i < senderCount; ++i) {
        auto sender = std::make_unique<ChatSession>(
            profile, fastRetries(u"sender%1"_s.arg(i), dir.filePath(u"sender%1.sqlite"_s.arg(i))));
        sender->outbox().setBackoff(50, 250);
        QObject::connect(
            sender.get(), &ChatSession::outboxEntryChanged, [&](const OutboxEntry &entry) {
                if (entry.state == OutboxEntry::State::Delivered) {
                    ++delivered;
                }
            });
        sender->connectToServer();
        senders.push_back(std::move(sender));
    }

    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < total; ++i) {
        senders[size_t(i % senderCount)]->send(u"soak-%1"_s.arg(i, 6, 10, QChar(u'0')));
    }

    // Restart whenever another slice of the messages has been delivered.
    const int slice = total / (restarts + 1);
    int restartsDone = 0;
    while (restartsDone < restarts) {
        if (!QTest::qWaitFor([&] { return delivered >= slice * (restartsDone + 1); }, 120000)) {
            std::fprintf(stderr, "stalled at %d delivered\n", delivered);
            break;
        }
        server.kill();
        if (!server.start(url.port())) {
            std::fprintf(stderr, "restart %d failed\n", restartsDone + 1);
            return 1;
        }
        ++restartsDone;
    }
    if (!QTest::qWaitFor([&] { return seen.size() >= total; }, 300000)) {
        std::fprintf(stderr, "timed out waiting for the last messages\n");
    }
    const double seconds = clock.elapsed() / 1000.0;

    qint64 duplicated = 0;
    for (const int count : std::as_const(seen)) {
        duplicated += count - 1;
    }
    const qint64 lost = total - seen.size();
    std::printf("messages=%d restarts=%d senders=%d delivered=%d received=%lld lost=%lld "
                "duplicated=%lld seconds=%.1f\n",
        total, restartsDone, senderCount, delivered, received, lost, duplicated, seconds);
    return lost == 0 && duplicated == 0 ? 0 : 1;
}
