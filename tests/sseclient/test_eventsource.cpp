// SPDX-License-Identifier: MIT
// sse::EventSource against a real loopback HTTP server (hibiki::test::ScriptedServer).
//
// No test sleeps: each waits for a signal or a server-side fact with a deadline. Where a
// test must show that something does NOT happen (no reconnect after a fatal error, no
// signal after close()), it makes the reconnection time 0 or tiny, so that a wrong
// reconnect would be under way at once, and then runs a full HTTP round trip on another
// connection (barrier()): dozens of event-loop turns and thread hops in which the wrong
// request would have been sent.
#include "scriptedserver.h"

#include "sseclient/eventsource.h"

#include <QFile>
#include <QMetaEnum>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include <iostream>
#include <limits>
#include <memory>
#include <ostream>

using namespace Qt::StringLiterals;
using hibiki::test::Request;
using hibiki::test::Response;
using hibiki::test::ScriptedServer;
using sse::Error;
using sse::EventSource;
using State = sse::EventSource::ReadyState;

namespace sse {
// Readable gtest failure messages.
void PrintTo(EventSource::ReadyState state, std::ostream *os)
{
    *os << QMetaEnum::fromType<EventSource::ReadyState>().valueToKey(int(state));
}
void PrintTo(Error::Kind kind, std::ostream *os)
{
    static const char *const names[] = {"Network", "HttpStatus", "ContentType", "Protocol",
        "IdleTimeout", "Redirect", "ServerShutdown", "GaveUp"};
    *os << names[int(kind)];
}
} // namespace sse

namespace {

constexpr int kWaitMs = 10000; // generous deadline: only reached when a test fails

// Everything an event source emits, in order.
class Watcher
{
public:
    explicit Watcher(EventSource &source)
        : m_source(source)
    {
        QObject *ctx = &m_context;
        QObject::connect(&source, &EventSource::readyStateChanged, ctx, [this](State state) {
            states.append(state);
            log.append(u"state:"_s
                + QString::fromLatin1(QMetaEnum::fromType<State>().valueToKey(int(state))));
        });
        QObject::connect(&source, &EventSource::opened, ctx, [this] {
            ++opened;
            log.append(u"opened"_s);
        });
        QObject::connect(&source, &EventSource::message, ctx, [this](const sse::MessageEvent &e) {
            messages.append(e);
            log.append(u"message:"_s + e.data);
        });
        QObject::connect(&source, &EventSource::comment, ctx, [this](const QString &text) {
            comments.append(text);
            log.append(u"comment:"_s + text);
        });
        QObject::connect(&source, &EventSource::errorOccurred, ctx, [this](const Error &error) {
            errors.append(error);
            stateAtError.append(m_source.readyState());
            log.append(u"error:"_s + error.message);
        });
        QObject::connect(&source, &EventSource::reconnectionTimeChanged, ctx, [this](int ms) {
            retries.append(ms);
            log.append(u"retry:"_s + QString::number(ms));
        });
        QObject::connect(&source, &EventSource::lastEventIdChanged, ctx, [this](const QString &id) {
            ids.append(id);
            log.append(u"id:"_s + id);
        });
        QObject::connect(
            &source, &EventSource::reconnectScheduled, ctx, [this](int delayMs, int attempt) {
                scheduled.append({delayMs, attempt});
                log.append(u"scheduled:"_s + QString::number(delayMs));
            });
    }

    int signalCount() const { return int(log.size()); }
    QStringList datas() const
    {
        QStringList result;
        for (const auto &m : messages) {
            result.append(m.data);
        }
        return result;
    }

    ::testing::AssertionResult waitForMessages(qsizetype count, int timeoutMs = kWaitMs)
    {
        return waitUntil([&] { return messages.size() >= count; }, timeoutMs);
    }
    ::testing::AssertionResult waitForErrors(qsizetype count, int timeoutMs = kWaitMs)
    {
        return waitUntil([&] { return errors.size() >= count; }, timeoutMs);
    }
    ::testing::AssertionResult waitForState(State state, int timeoutMs = kWaitMs)
    {
        return waitUntil([&] { return m_source.readyState() == state; }, timeoutMs);
    }
    ::testing::AssertionResult waitForOpened(int count, int timeoutMs = kWaitMs)
    {
        return waitUntil([&] { return opened >= count; }, timeoutMs);
    }
    // On failure, says what the source did.
    template<typename Predicate>
    ::testing::AssertionResult waitUntil(Predicate predicate, int timeoutMs)
    {
        if (QTest::qWaitFor(predicate, timeoutMs)) {
            return ::testing::AssertionSuccess();
        }
        return ::testing::AssertionFailure()
            << "timed out; signals so far: " << qPrintable(log.join(u" | "_s));
    }

    QList<State> states;
    QList<sse::MessageEvent> messages;
    QList<Error> errors;
    QList<State> stateAtError;
    QList<int> retries;
    QStringList ids;
    QStringList comments;
    QList<QPair<int, int>> scheduled;
    QStringList log;
    int opened = 0;

private:
    EventSource &m_source;
    QObject m_context;
};

// A complete HTTP exchange with a separate server over a separate manager: many
// event-loop turns and round trips through QNAM's thread, during which anything the
// event source had already set in motion (a reconnect timer of 0 ms, a request) runs.
void barrier()
{
    ScriptedServer probe;
    probe.setDefaultResponse(Response::status(200, "ok"));
    QNetworkAccessManager manager;
    std::unique_ptr<QNetworkReply> reply(manager.get(QNetworkRequest(probe.url(u"/probe"_s))));
    ASSERT_TRUE(QTest::qWaitFor([&] { return reply->isFinished(); }, kWaitMs));
    // And a few plain turns for anything queued behind it.
    for (int i = 0; i < 5; ++i) {
        QCoreApplication::processEvents();
        QCoreApplication::sendPostedEvents();
    }
}

// Waits longer than `ms` by letting a timer of that length fire. Only used to show that a
// timer of the event source that should have been cancelled (and was started earlier with
// a shorter interval) did not fire: a timer started earlier with a shorter interval always
// fires first. Never used to wait for something to happen.
void outlast(int ms)
{
    QTimer timer;
    timer.setSingleShot(true);
    timer.setTimerType(Qt::PreciseTimer);
    QSignalSpy fired(&timer, &QTimer::timeout);
    timer.start(ms);
    ASSERT_TRUE(fired.wait(ms + kWaitMs));
    barrier();
}

sse::Options fastOptions()
{
    sse::Options options;
    options.initialReconnectDelayMs = 10;
    return options;
}

QByteArray eventBytes(const QByteArray &data)
{
    return "data: " + data + "\n\n";
}

// From /proc/self/status, in KiB; -1 if unknown.
qint64 procStatusKiB(QByteArrayView key)
{
    QFile file(u"/proc/self/status"_s);
    if (!file.open(QIODevice::ReadOnly)) {
        return -1;
    }
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith(key) && line.size() > key.size() && line.at(key.size()) == ':') {
            return line.mid(key.size() + 1).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return -1;
}

// Resets the peak resident set size (VmHWM) to the current one (Linux >= 4.0).
bool resetPeakRss()
{
    QFile file(u"/proc/self/clear_refs"_s);
    return file.open(QIODevice::WriteOnly) && file.write("5") == 1;
}

class EventSourceTest : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(server.isListening()); }

    std::unique_ptr<EventSource> makeSource(
        const sse::Options &options = fastOptions(), const QString &path = u"/events"_s)
    {
        return std::make_unique<EventSource>(server.url(path), options);
    }

    ScriptedServer server;
};

// ---- ScriptedServer itself --------------------------------------------------------------

class ScriptedServerTest : public ::testing::Test
{
protected:
    std::unique_ptr<QNetworkReply> get(
        const QString &path, const QByteArray &method = "GET", const QByteArray &body = {})
    {
        QNetworkRequest request(server.url(path));
        request.setRawHeader("X-Mixed-Case", "v");
        return std::unique_ptr<QNetworkReply>(method == "GET"
                ? manager.get(request)
                : manager.sendCustomRequest(request, method, body));
    }
    static bool finished(QNetworkReply &reply)
    {
        return QTest::qWaitFor([&] { return reply.isFinished(); }, kWaitMs);
    }

    ScriptedServer server;
    QNetworkAccessManager manager;
};

TEST_F(ScriptedServerTest, RecordsRequestsAndAnswersFromQueueThenHandlerThenDefault)
{
    server.enqueue(Response::status(201, "queued"));
    auto first = get(u"/a?x=1"_s, "POST", "hello body");
    ASSERT_TRUE(finished(*first));
    EXPECT_EQ(first->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 201);
    EXPECT_EQ(first->readAll(), "queued");

    server.setHandler(
        [](const Request &request) { return Response::status(202, "handled " + request.target); });
    auto second = get(u"/b"_s);
    ASSERT_TRUE(finished(*second));
    EXPECT_EQ(second->readAll(), "handled /b");

    server.setHandler({});
    auto third = get(u"/c"_s);
    ASSERT_TRUE(finished(*third));
    EXPECT_EQ(third->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 404);

    ASSERT_EQ(server.requestCount(), 3);
    const Request &r = server.requests().at(0);
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.target, "/a?x=1");
    EXPECT_EQ(r.path(), u"/a"_s);
    EXPECT_EQ(r.query().queryItemValue(u"x"_s), u"1"_s);
    EXPECT_EQ(r.body, "hello body");
    EXPECT_EQ(r.header("x-mixed-case"), "v");
    EXPECT_EQ(r.header("X-MIXED-CASE"), "v");
    EXPECT_FALSE(r.hasHeader("X-Absent"));
    EXPECT_EQ(r.localAddress, QHostAddress(QHostAddress::LocalHost));
    EXPECT_EQ(server.requests().at(2).index, 2);
}

TEST_F(ScriptedServerTest, ChunkedGzipAndTriggersStream)
{
    server.enqueue(
        Response::sse().chunked().gzip().write("first ").waitFor(u"go"_s).write("second"));
    auto reply = get(u"/s"_s);
    ASSERT_TRUE(QTest::qWaitFor([&] { return reply->bytesAvailable() >= 6; }, kWaitMs));
    EXPECT_EQ(reply->readAll(), "first ");
    EXPECT_EQ(reply->rawHeader("Content-Encoding"), "gzip");
    EXPECT_EQ(reply->rawHeader("Transfer-Encoding"), "chunked");
    server.trigger(u"go"_s);
    ASSERT_TRUE(QTest::qWaitFor([&] { return reply->bytesAvailable() >= 6; }, kWaitMs));
    EXPECT_EQ(reply->readAll(), "second");
    EXPECT_EQ(server.openStreamCount(), 1);
    EXPECT_EQ(server.send("third"), 1);
    server.closeAll();
    ASSERT_TRUE(finished(*reply));
    EXPECT_EQ(reply->readAll(), "third");
    EXPECT_EQ(reply->error(), QNetworkReply::NoError);
}

TEST_F(ScriptedServerTest, CloseDelimitedStreamDeliversWhileOpen)
{
    server.enqueue(Response::sse().write("abc"));
    auto reply = get(u"/s"_s);
    ASSERT_TRUE(QTest::qWaitFor([&] { return reply->bytesAvailable() >= 3; }, kWaitMs));
    EXPECT_EQ(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    EXPECT_EQ(reply->rawHeader("Content-Type"), "text/event-stream");
    EXPECT_EQ(reply->readAll(), "abc");
    EXPECT_FALSE(reply->isFinished());
    server.closeAll();
    ASSERT_TRUE(finished(*reply));
    EXPECT_EQ(reply->error(), QNetworkReply::NoError);
}

TEST_F(ScriptedServerTest, GzipContentLengthAndKeepAlive)
{
    QByteArray big;
    for (int i = 0; i < 2000; ++i) {
        big += "line " + QByteArray::number(i) + '\n';
    }
    server.enqueue(Response::status(200).gzip().write(big).write("tail"));
    server.enqueue(Response::status(200, "again"));
    auto first = get(u"/1"_s);
    ASSERT_TRUE(finished(*first));
    EXPECT_EQ(first->readAll(), big + "tail");
    auto second = get(u"/2"_s);
    ASSERT_TRUE(finished(*second));
    EXPECT_EQ(second->readAll(), "again");
    ASSERT_EQ(server.requestCount(), 2);
    // Content-Length responses keep the connection for the next request.
    EXPECT_EQ(server.requests().at(0).connectionId, server.requests().at(1).connectionId);
}

TEST_F(ScriptedServerTest, RepeatedWritesFollowBackPressureAndSecondListener)
{
    const int listener = server.listenOn(QHostAddress(u"127.0.0.2"_s));
    ASSERT_GE(listener, 0);
    server.enqueue(Response::sse().writeRepeated(QByteArray(1000, 'x'), 5000).close());
    QNetworkRequest request(server.url(u"/big"_s, listener));
    std::unique_ptr<QNetworkReply> reply(manager.get(request));
    qint64 total = 0;
    QObject::connect(
        reply.get(), &QNetworkReply::readyRead, [&] { total += reply->readAll().size(); });
    ASSERT_TRUE(finished(*reply));
    total += reply->readAll().size();
    EXPECT_EQ(total, 5'000'000);
    EXPECT_EQ(server.lastRequest().localAddress, QHostAddress(u"127.0.0.2"_s));
    EXPECT_TRUE(server.url(u"/x"_s, listener).toString().startsWith(u"http://127.0.0.2:"_s));
}

// ---- Opening and messages ---------------------------------------------------------------

TEST_F(EventSourceTest, OpensAndDeliversMessages)
{
    server.enqueue(Response::sse().write("event: greet\ndata: hello\nid: 7\n\n"
                                         "data: line1\ndata: line2\n\n"));
    auto source = makeSource();
    Watcher watch(*source);
    EXPECT_EQ(source->readyState(), State::Closed);
    source->open();
    EXPECT_EQ(source->readyState(), State::Connecting);
    ASSERT_TRUE(watch.waitForMessages(2));

    EXPECT_EQ(source->readyState(), State::Open);
    EXPECT_EQ(watch.opened, 1);
    const sse::MessageEvent &first = watch.messages.at(0);
    EXPECT_EQ(first.type, u"greet"_s);
    EXPECT_EQ(first.data, u"hello"_s);
    EXPECT_EQ(first.lastEventId, u"7"_s);
    EXPECT_EQ(first.origin, QUrl(QString::fromLatin1(server.origin())));
    const sse::MessageEvent &second = watch.messages.at(1);
    EXPECT_EQ(second.type, u"message"_s);
    EXPECT_EQ(second.data, u"line1\nline2"_s);
    EXPECT_EQ(second.lastEventId, u"7"_s); // the ID carries over to later events
    EXPECT_EQ(source->lastEventId(), u"7"_s);
    EXPECT_EQ(source->responseOrigin(), QUrl(QString::fromLatin1(server.origin())));
    EXPECT_TRUE(watch.errors.isEmpty());
}

TEST_F(EventSourceTest, ReadyStateGoesConnectingOpenClosedWithASignalEach)
{
    server.enqueue(Response::sse().write(":hi\n"));
    auto source = makeSource();
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForOpened(1));
    EXPECT_EQ(watch.states, (QList<State> {State::Connecting, State::Open}));
    source->close();
    EXPECT_EQ(source->readyState(), State::Closed);
    EXPECT_EQ(watch.states, (QList<State> {State::Connecting, State::Open, State::Closed}));
    // opened() follows the Open state change.
    EXPECT_EQ(
        watch.log.mid(0, 3), (QStringList {u"state:Connecting"_s, u"state:Open"_s, u"opened"_s}));
}

TEST_F(EventSourceTest, RequestAsksForAnEventStreamWithoutCaching)
{
    server.enqueue(Response::sse());
    auto source = makeSource();
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForOpened(1));
    const Request request = server.requests().at(0);
    EXPECT_EQ(request.method, "GET");
    EXPECT_EQ(request.target, "/events");
    EXPECT_EQ(request.headerValues("Accept"), QList<QByteArray> {"text/event-stream"});
    EXPECT_EQ(request.header("Cache-Control"), "no-cache");
    EXPECT_FALSE(request.hasHeader("Last-Event-ID")); // none known yet
}

TEST_F(EventSourceTest, ContentTypeWithParametersOpens)
{
    server.enqueue(
        Response::sse().contentType("Text/Event-Stream; charset=utf-8").write(eventBytes("ok")));
    auto source = makeSource();
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(1));
    EXPECT_EQ(watch.messages.at(0).data, u"ok"_s);
    EXPECT_TRUE(watch.errors.isEmpty());
}

TEST_F(EventSourceTest, AddEventListenerSeesOnlyItsType)
{
    server.enqueue(Response::sse().write("event: a\ndata: 1\n\n"
                                         "event: b\ndata: 2\n\n"
                                         "data: 3\n\n"
                                         "event: b\ndata: 4\n\n"));
    auto source = makeSource();
    Watcher watch(*source);
    QStringList seenB;
    QStringList seenMessage;
    QObject context;
    source->addEventListener(
        u"b"_s, &context, [&](const sse::MessageEvent &e) { seenB.append(e.data); });
    source->addEventListener(
        u"message"_s, &context, [&](const sse::MessageEvent &e) { seenMessage.append(e.data); });
    source->open();
    ASSERT_TRUE(watch.waitForMessages(4));
    EXPECT_EQ(seenB, (QStringList {u"2"_s, u"4"_s}));
    EXPECT_EQ(seenMessage, (QStringList {u"3"_s}));
    EXPECT_EQ(watch.datas(), (QStringList {u"1"_s, u"2"_s, u"3"_s, u"4"_s}));
}

TEST_F(EventSourceTest, CommentsAreReportedOnlyWhenAsked)
{
    for (const bool report : {true, false}) {
        SCOPED_TRACE(report);
        ScriptedServer local;
        local.enqueue(Response::sse().write(":keepalive\n: spaced\ndata: x\n\n"));
        sse::Options options = fastOptions();
        options.reportComments = report;
        EventSource source(local.url(u"/events"_s), options);
        Watcher watch(source);
        source.open();
        ASSERT_TRUE(watch.waitForMessages(1));
        if (report) {
            // Everything after the colon, the space included.
            EXPECT_EQ(watch.comments, (QStringList {u"keepalive"_s, u" spaced"_s}));
        } else {
            EXPECT_TRUE(watch.comments.isEmpty());
        }
    }
}

TEST_F(EventSourceTest, ExtraHeadersAreSentAndCannotOverrideAccept)
{
    server.enqueue(Response::sse().close());
    server.enqueue(Response::sse());
    sse::Options options = fastOptions();
    options.headers = {{"X-Token", "abc"}, {"Accept", "application/json"}};
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForOpened(2)); // also on the reconnect
    ASSERT_EQ(server.requestCount(), 2);
    for (const Request &request : server.requests()) {
        EXPECT_EQ(request.header("X-Token"), "abc");
        EXPECT_EQ(request.headerValues("Accept"), QList<QByteArray> {"text/event-stream"});
    }
}

TEST_F(EventSourceTest, InitialLastEventIdIsSentOnTheFirstRequest)
{
    server.enqueue(Response::sse().write(eventBytes("x")));
    sse::Options options = fastOptions();
    options.lastEventId = u"saved-41"_s;
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(1));
    EXPECT_EQ(server.requests().at(0).header("Last-Event-ID"), "saved-41");
    EXPECT_EQ(watch.messages.at(0).lastEventId, u"saved-41"_s);
}

TEST_F(EventSourceTest, PostWithBodyIsResentOnReconnect)
{
    server.enqueue(Response::sse().write("id: 1\ndata: a\n\n").close());
    server.enqueue(Response::sse().write(eventBytes("b")));
    sse::Options options = fastOptions();
    options.method = "POST";
    options.body = R"({"room":"lobby"})";
    options.bodyContentType = "application/json";
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(2));
    ASSERT_EQ(server.requestCount(), 2);
    for (const Request &request : server.requests()) {
        EXPECT_EQ(request.method, "POST");
        EXPECT_EQ(request.body, R"({"room":"lobby"})");
        EXPECT_EQ(request.header("Content-Type"), "application/json");
    }
    EXPECT_EQ(server.requests().at(1).header("Last-Event-ID"), "1");
}

TEST_F(EventSourceTest, GzipEncodedStreamIsDecodedAsItArrives)
{
    server.enqueue(Response::sse()
                       .gzip()
                       .write("id: 1\ndata: first\n\n")
                       .waitFor(u"more"_s)
                       .write("data: second\n\n"));
    auto source = makeSource();
    Watcher watch(*source);
    source->open();
    // The first event arrives before the server wrote the second: decoded incrementally.
    ASSERT_TRUE(watch.waitForMessages(1));
    EXPECT_EQ(watch.messages.at(0).data, u"first"_s);
    EXPECT_EQ(server.requests().at(0).header("Accept-Encoding").contains("gzip"), true);
    server.trigger(u"more"_s);
    ASSERT_TRUE(watch.waitForMessages(2));
    EXPECT_EQ(watch.messages.at(1).data, u"second"_s);
    // Statistics count decoded bytes.
    EXPECT_EQ(source->statistics().bytesReceived,
        qint64(sizeof "id: 1\ndata: first\n\n" - 1 + sizeof "data: second\n\n" - 1));
}

TEST_F(EventSourceTest, ChunkedStreamWorks)
{
    server.enqueue(Response::sse().chunked().write("data: a").write("bc\n").write("\n"));
    auto source = makeSource();
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(1));
    EXPECT_EQ(watch.messages.at(0).data, u"abc"_s);
}

TEST_F(EventSourceTest, EventsArriveAsTheServerSendsThem)
{
    server.enqueue(Response::sse());
    auto source = makeSource();
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForOpened(1));
    for (int i = 0; i < 5; ++i) {
        ASSERT_EQ(server.send(eventBytes(QByteArray::number(i))), 1);
        ASSERT_TRUE(watch.waitForMessages(i + 1));
        EXPECT_EQ(watch.messages.last().data, QString::number(i));
    }
}

TEST_F(EventSourceTest, StatisticsCountBytesEventsAndReconnects)
{
    const QByteArray firstBody = "data: a\n\n:comment\ndata: b\n\n";
    const QByteArray secondBody = "data: c\n\n";
    server.enqueue(Response::sse().write(firstBody).close());
    server.enqueue(Response::sse().write(secondBody));
    auto source = makeSource();
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(3));
    const sse::Statistics &stats = source->statistics();
    EXPECT_EQ(stats.bytesReceived, firstBody.size() + secondBody.size());
    EXPECT_EQ(stats.eventsDispatched, 3);
    EXPECT_EQ(stats.reconnects, 1);
    EXPECT_EQ(stats.consecutiveFailures, 0); // reset by the successful open
    EXPECT_EQ(stats.currentReconnectDelayMs, 10);
}

// ---- Reconnection -----------------------------------------------------------------------

TEST_F(EventSourceTest, ServerCloseReconnectsWithTheLatestIdAndDiscardsTheHalfEvent)
{
    server.enqueue(Response::sse()
                       .write("id: 1\ndata: a\n\nid: 2\ndata: b\n\nid: 3\ndata: c\n\n")
                       .write("id: 4\ndata: half") // never finished
                       .close());
    // A blank line first: it would dispatch "half" if it had been kept.
    server.enqueue(Response::sse().write("\ndata: d\n\n"));
    auto source = makeSource();
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(4));

    ASSERT_EQ(watch.errors.size(), 1);
    const Error &error = watch.errors.at(0);
    EXPECT_EQ(error.kind, Error::Kind::Network);
    EXPECT_TRUE(error.willRetry);
    EXPECT_EQ(error.retryInMs, 10);
    EXPECT_FALSE(error.message.isEmpty());
    EXPECT_EQ(watch.stateAtError.at(0), State::Connecting);
    EXPECT_EQ(watch.states,
        (QList<State> {State::Connecting, State::Open, State::Connecting, State::Open}));

    ASSERT_EQ(server.requestCount(), 2);
    EXPECT_FALSE(server.requests().at(0).hasHeader("Last-Event-ID"));
    EXPECT_EQ(server.requests().at(1).header("Last-Event-ID"), "3");
    EXPECT_EQ(watch.datas(), (QStringList {u"a"_s, u"b"_s, u"c"_s, u"d"_s}));
    EXPECT_EQ(watch.messages.at(3).lastEventId, u"3"_s);
    EXPECT_EQ(source->statistics().reconnects, 1);
}

TEST_F(EventSourceTest, AbruptResetAlsoReconnects)
{
    server.enqueue(Response::sse().write("id: x1\ndata: a\n\n").delay(20).abort());
    server.enqueue(Response::sse().write(eventBytes("b")));
    auto source = makeSource();
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(2));
    ASSERT_EQ(watch.errors.size(), 1);
    EXPECT_EQ(watch.errors.at(0).kind, Error::Kind::Network);
    EXPECT_TRUE(watch.errors.at(0).willRetry);
    EXPECT_EQ(server.requests().last().header("Last-Event-ID"), "x1");
}

TEST_F(EventSourceTest, RetryFieldSetsTheReconnectionTime)
{
    server.enqueue(Response::sse().write("retry: 50\n\n").close());
    server.enqueue(Response::sse().write(eventBytes("back")));
    sse::Options options;
    // So long that the reconnect within the deadline proves `retry:` was used.
    options.initialReconnectDelayMs = 600000;
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(1));
    EXPECT_EQ(watch.retries, QList<int> {50});
    EXPECT_EQ(source->reconnectionTimeMs(), 50);
    ASSERT_EQ(watch.scheduled.size(), 1);
    EXPECT_EQ(watch.scheduled.at(0).first, 50);
    EXPECT_EQ(watch.scheduled.at(0).second, 1);
    ASSERT_EQ(server.requestCount(), 2);
    // A lower bound only: the reconnect cannot come before the reconnection time.
    EXPECT_GE(server.requests().at(1).receivedAtMs - server.requests().at(0).receivedAtMs, 45);
}

TEST_F(EventSourceTest, RestartReconnectsAtOnceKeepingTheLastEventId)
{
    server.enqueue(Response::sse().write("id: 5\ndata: a\n\n"));
    server.enqueue(Response::sse().write(eventBytes("b")));
    sse::Options options;
    options.initialReconnectDelayMs = 600000; // restart() must not wait for it
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(1));
    source->restart();
    EXPECT_EQ(source->readyState(), State::Connecting);
    ASSERT_TRUE(watch.waitForMessages(2));
    EXPECT_EQ(server.requests().at(1).header("Last-Event-ID"), "5");
    EXPECT_TRUE(watch.errors.isEmpty());
    EXPECT_TRUE(watch.scheduled.isEmpty());
    EXPECT_EQ(source->statistics().reconnects, 1);
    EXPECT_EQ(source->statistics().consecutiveFailures, 0);
    EXPECT_EQ(watch.states,
        (QList<State> {State::Connecting, State::Open, State::Connecting, State::Open}));
}

TEST_F(EventSourceTest, OpenAfterCloseStartsOver)
{
    server.enqueue(Response::sse().write("id: 9\ndata: a\n\n"));
    server.enqueue(Response::sse().write(eventBytes("b")));
    auto source = makeSource();
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(1));
    source->close();
    source->open();
    ASSERT_TRUE(watch.waitForMessages(2));
    EXPECT_EQ(server.requests().at(1).header("Last-Event-ID"), "9");
    EXPECT_EQ(watch.opened, 2);
}

TEST_F(EventSourceTest, ExponentialBackoffStaysUnderGrowingCapsThenGivesUp)
{
    server.setDefaultResponse(Response::status(503));
    sse::Options options;
    options.initialReconnectDelayMs = 10;
    options.exponentialBackoff = true;
    options.maxReconnectDelayMs = 80;
    options.retryOnServerErrors = true;
    options.maxReconnectAttempts = 12;
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForState(State::Closed));

    ASSERT_EQ(watch.scheduled.size(), 12);
    int largest = 0;
    for (int i = 0; i < watch.scheduled.size(); ++i) {
        const auto [delay, attempt] = watch.scheduled.at(i);
        const int cap = std::min(80, 10 << i); // 10, 20, 40, 80, 80, ...
        EXPECT_EQ(attempt, i + 1);
        EXPECT_GE(delay, 0);
        EXPECT_LE(delay, cap) << "attempt " << attempt;
        if (i >= 3) {
            largest = std::max(largest, delay);
        }
        EXPECT_EQ(watch.errors.at(i).retryInMs, delay);
        EXPECT_TRUE(watch.errors.at(i).willRetry);
    }
    // Full jitter over [0, 80] nine times: all of them <= 10 has probability (11/81)^9,
    // about 1e-8. A backoff stuck at the base would fail here.
    EXPECT_GT(largest, 10);

    ASSERT_EQ(watch.errors.size(), 13);
    const Error &last = watch.errors.last();
    EXPECT_EQ(last.kind, Error::Kind::GaveUp);
    EXPECT_FALSE(last.willRetry);
    EXPECT_EQ(watch.stateAtError.last(), State::Closed);
    EXPECT_EQ(source->statistics().reconnects, 12);
    EXPECT_EQ(server.requestCount(), 13);
    barrier();
    EXPECT_EQ(server.requestCount(), 13);
}

TEST_F(EventSourceTest, MaxReconnectAttemptsCountsNetworkFailuresToo)
{
    // Streams that open count as successes: only failures in a row give up. Here the
    // first open succeeds, then every reconnect meets a 500 with the retry policy.
    server.enqueue(Response::sse().write(eventBytes("a")).close());
    server.setDefaultResponse(Response::status(500));
    sse::Options options = fastOptions();
    options.retryOnServerErrors = true;
    options.maxReconnectAttempts = 2;
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForState(State::Closed));
    // Failures: the end of stream (1), 500 (2), 500 (3 > 2: give up).
    EXPECT_EQ(server.requestCount(), 3);
    ASSERT_EQ(watch.errors.size(), 3);
    EXPECT_EQ(watch.errors.last().kind, Error::Kind::GaveUp);
    barrier();
    EXPECT_EQ(server.requestCount(), 3);
}

// ---- Failing the connection -------------------------------------------------------------

struct FatalCase
{
    const char *name;
    std::function<Response()> response;
    Error::Kind kind;
    int status;
    QString contentType;
    bool retryOnServerErrors;
};

void PrintTo(const FatalCase &c, std::ostream *os)
{
    *os << c.name;
}

class FatalResponseTest
    : public EventSourceTest
    , public ::testing::WithParamInterface<FatalCase>
{ };

TEST_P(FatalResponseTest, ClosesWithoutReconnecting)
{
    const FatalCase &c = GetParam();
    server.enqueue(c.response());
    server.setDefaultResponse(Response::sse().write(eventBytes("must not be reached")));
    sse::Options options;
    options.initialReconnectDelayMs = 0; // a wrong reconnect would start at once
    options.retryOnServerErrors = c.retryOnServerErrors;
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForErrors(1));
    EXPECT_EQ(source->readyState(), State::Closed);
    const Error &error = watch.errors.at(0);
    EXPECT_EQ(error.kind, c.kind);
    EXPECT_EQ(error.httpStatus, c.status);
    EXPECT_EQ(error.contentType, c.contentType);
    EXPECT_FALSE(error.willRetry);
    EXPECT_FALSE(error.message.isEmpty());
    if (c.kind == Error::Kind::HttpStatus) {
        EXPECT_TRUE(error.message.contains(QString::number(c.status))) << qPrintable(error.message);
    }
    if (c.kind == Error::Kind::ContentType && !c.contentType.isEmpty()) {
        EXPECT_TRUE(error.message.contains(c.contentType)) << qPrintable(error.message);
    }
    EXPECT_EQ(watch.stateAtError.at(0), State::Closed);
    EXPECT_EQ(watch.states, (QList<State> {State::Connecting, State::Closed}));
    EXPECT_EQ(watch.opened, 0);

    const int signalsAtError = watch.signalCount();
    barrier();
    EXPECT_EQ(server.requestCount(), 1);
    EXPECT_TRUE(watch.scheduled.isEmpty());
    EXPECT_TRUE(watch.messages.isEmpty());
    EXPECT_EQ(watch.signalCount(), signalsAtError) << qPrintable(watch.log.join(u" | "_s));
}

INSTANTIATE_TEST_SUITE_P(Responses, FatalResponseTest,
    ::testing::Values(FatalCase {"NotFound", [] { return Response::status(404, "nope"); },
                          Error::Kind::HttpStatus, 404, u"text/plain"_s, false},
        FatalCase {"ServerErrorWithoutPolicy",
            [] { return Response::status(500).header("Retry-After", "0"); },
            Error::Kind::HttpStatus, 500, QString(), false},
        FatalCase {"NotFoundDespitePolicy", [] { return Response::status(404); },
            Error::Kind::HttpStatus, 404, QString(), true},
        FatalCase {"TextPlain", [] { return Response::status(200, "data: x\n\n"); },
            Error::Kind::ContentType, 200, u"text/plain"_s, false},
        FatalCase {"NoContentType", [] { return Response(200).write("data: x\n\n"); },
            Error::Kind::ContentType, 200, QString(), false},
        FatalCase {"WrongTypeOnAStream",
            [] { return Response::sse().contentType("application/json").write("data: x\n\n"); },
            Error::Kind::ContentType, 200, u"application/json"_s, false},
        FatalCase {"NoContent", [] { return Response(204); }, Error::Kind::ServerShutdown, 204,
            QString(), false},
        FatalCase {"NoContentDespitePolicy", [] { return Response(204); },
            Error::Kind::ServerShutdown, 204, QString(), true}),
    [](const ::testing::TestParamInfo<FatalCase> &info) { return std::string(info.param.name); });

struct RetryCase
{
    const char *name;
    int status;
    QByteArray retryAfter; // empty: none
    int minimumDelayMs;
};

void PrintTo(const RetryCase &c, std::ostream *os)
{
    *os << c.name;
}

class ServerErrorRetryTest
    : public EventSourceTest
    , public ::testing::WithParamInterface<RetryCase>
{ };

TEST_P(ServerErrorRetryTest, ReconnectsHonouringRetryAfter)
{
    const RetryCase &c = GetParam();
    Response failure = Response::status(c.status, "busy");
    if (!c.retryAfter.isEmpty()) {
        failure.header("Retry-After", c.retryAfter);
    }
    server.enqueue(failure);
    server.enqueue(Response::sse().write(eventBytes("recovered")));
    sse::Options options = fastOptions();
    options.retryOnServerErrors = true;
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(1));

    ASSERT_EQ(watch.errors.size(), 1);
    const Error &error = watch.errors.at(0);
    EXPECT_EQ(error.kind, Error::Kind::HttpStatus);
    EXPECT_EQ(error.httpStatus, c.status);
    EXPECT_TRUE(error.willRetry);
    EXPECT_EQ(watch.stateAtError.at(0), State::Connecting);
    ASSERT_EQ(watch.scheduled.size(), 1);
    EXPECT_GE(watch.scheduled.at(0).first, c.minimumDelayMs);
    EXPECT_EQ(error.retryInMs, watch.scheduled.at(0).first);
    ASSERT_EQ(server.requestCount(), 2);
    EXPECT_GE(server.requests().at(1).receivedAtMs - server.requests().at(0).receivedAtMs,
        c.minimumDelayMs - 5);
    EXPECT_EQ(watch.messages.at(0).data, u"recovered"_s);
    // Connecting throughout: the failed attempt never opened.
    EXPECT_EQ(watch.states, (QList<State> {State::Connecting, State::Open}));
}

INSTANTIATE_TEST_SUITE_P(Statuses, ServerErrorRetryTest,
    ::testing::Values(RetryCase {"ServiceUnavailable", 503, "1", 1000},
        RetryCase {"TooManyRequests", 429, "1", 1000},
        RetryCase {"InternalNoRetryAfter", 500, {}, 10}, RetryCase {"BadGatewayZero", 502, "0", 10},
        RetryCase {"HttpDateInThePast", 503, "Sun, 06 Nov 1994 08:49:37 GMT", 10},
        RetryCase {"UnreadableIsIgnored", 503, "1e300", 10}),
    [](const ::testing::TestParamInfo<RetryCase> &info) { return std::string(info.param.name); });

// ---- Redirects --------------------------------------------------------------------------

TEST_F(EventSourceTest, SameOriginRedirectKeepsCredentials)
{
    server.enqueue(Response::redirect(307, "/moved?x=1"));
    server.enqueue(Response::sse().write(eventBytes("here")));
    sse::Options options = fastOptions();
    options.headers = {{"Authorization", "Bearer secret"}, {"Cookie", "s=1"}, {"X-Other", "o"}};
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(1));
    ASSERT_EQ(server.requestCount(), 2);
    const Request &moved = server.requests().at(1);
    EXPECT_EQ(moved.target, "/moved?x=1");
    EXPECT_EQ(moved.header("Authorization"), "Bearer secret");
    EXPECT_EQ(moved.header("Cookie"), "s=1");
    EXPECT_EQ(moved.header("X-Other"), "o");
    EXPECT_EQ(moved.header("Accept"), "text/event-stream");
    EXPECT_TRUE(watch.errors.isEmpty());
    EXPECT_EQ(watch.states, (QList<State> {State::Connecting, State::Open}));
}

TEST_F(EventSourceTest, CrossOriginRedirectDropsCredentials)
{
    const int other = server.listenOn(QHostAddress(u"127.0.0.2"_s));
    ASSERT_GE(other, 0);
    const QByteArray otherOrigin = server.origin(other);
    server.enqueue(Response::redirect(307, otherOrigin + "/elsewhere"));
    server.enqueue(Response::sse().write("id: 1\ndata: there\n\n").close());
    // The reconnect goes to the original URL again, with the credentials.
    server.enqueue(Response::sse().write(eventBytes("home")));
    sse::Options options = fastOptions();
    options.headers = {{"Authorization", "Bearer secret"}, {"Cookie", "s=1"},
        {"Proxy-Authorization", "Basic x"}, {"X-Other", "o"}};
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(2));

    ASSERT_EQ(server.requestCount(), 3);
    const Request &redirected = server.requests().at(1);
    EXPECT_EQ(redirected.localAddress, QHostAddress(u"127.0.0.2"_s));
    EXPECT_EQ(redirected.target, "/elsewhere");
    EXPECT_FALSE(redirected.hasHeader("Authorization"));
    EXPECT_FALSE(redirected.hasHeader("Cookie"));
    EXPECT_FALSE(redirected.hasHeader("Proxy-Authorization"));
    EXPECT_EQ(redirected.header("X-Other"), "o");
    EXPECT_EQ(redirected.header("Accept"), "text/event-stream");
    EXPECT_EQ(watch.messages.at(0).origin, QUrl(QString::fromLatin1(otherOrigin)));

    const Request &again = server.requests().at(2);
    EXPECT_EQ(again.localAddress, QHostAddress(QHostAddress::LocalHost));
    EXPECT_EQ(again.target, "/events");
    EXPECT_EQ(again.header("Authorization"), "Bearer secret");
    EXPECT_EQ(again.header("Last-Event-ID"), "1");
    EXPECT_EQ(watch.messages.at(1).origin, QUrl(QString::fromLatin1(server.origin())));
}

TEST_F(EventSourceTest, TooManyRedirectsFail)
{
    int hops = 0;
    server.setHandler([&](const Request &) {
        return Response::redirect(302, "/hop" + QByteArray::number(++hops));
    });
    sse::Options options;
    options.initialReconnectDelayMs = 0;
    options.maxRedirects = 3;
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForErrors(1));
    EXPECT_EQ(source->readyState(), State::Closed);
    EXPECT_EQ(watch.errors.at(0).kind, Error::Kind::Redirect);
    EXPECT_FALSE(watch.errors.at(0).willRetry);
    barrier();
    EXPECT_EQ(server.requestCount(), 4); // the request and 3 redirects followed
}

TEST_F(EventSourceTest, RedirectsRefusedWhenMaxIsZero)
{
    server.enqueue(Response::redirect(307, "/moved"));
    sse::Options options;
    options.initialReconnectDelayMs = 0;
    options.maxRedirects = 0;
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForErrors(1));
    EXPECT_EQ(watch.errors.at(0).kind, Error::Kind::Redirect);
    EXPECT_EQ(source->readyState(), State::Closed);
    barrier();
    EXPECT_EQ(server.requestCount(), 1);
}

// Every request of a redirect loop after the first waits the reconnection time; the loop
// ends at maxRedirects like any chain. `paths` is what the server saw, in order.
void expectLoopedRedirects(const ScriptedServer &server, const QList<QByteArray> &paths,
    const QList<bool> &waited, int reconnectionTimeMs)
{
    ASSERT_EQ(server.requestCount(), paths.size());
    for (int i = 0; i < paths.size(); ++i) {
        EXPECT_EQ(server.requests().at(i).target, paths.at(i)) << "request " << i;
        if (i > 0 && waited.at(i)) {
            // A lower bound only: what the loop must never do is come back at once.
            EXPECT_GE(
                server.requests().at(i).receivedAtMs - server.requests().at(i - 1).receivedAtMs,
                reconnectionTimeMs - 5)
                << "request " << i;
        }
    }
}

TEST_F(EventSourceTest, RedirectToItselfCountsAndWaitsTheReconnectionTime)
{
    server.setHandler([](const Request &) { return Response::redirect(307, "/events"); });
    sse::Options options;
    options.initialReconnectDelayMs = 100;
    options.maxRedirects = 3;
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForErrors(1));
    EXPECT_EQ(source->readyState(), State::Closed);
    EXPECT_EQ(watch.errors.at(0).kind, Error::Kind::Redirect);
    EXPECT_TRUE(watch.errors.at(0).message.contains(u"too many redirects"_s))
        << qPrintable(watch.errors.at(0).message);
    EXPECT_FALSE(watch.errors.at(0).willRetry);
    barrier();
    // A -> A -> A -> A: the request and 3 redirects followed, each after the wait.
    expectLoopedRedirects(
        server, {"/events", "/events", "/events", "/events"}, {false, true, true, true}, 100);
    EXPECT_EQ(watch.opened, 0);
    EXPECT_TRUE(watch.scheduled.isEmpty()); // a redirect is not a failed attempt
}

TEST_F(EventSourceTest, RedirectBackToAnEarlierUrlCountsAndWaits)
{
    server.setHandler([](const Request &request) {
        return Response::redirect(302, request.path() == u"/events"_s ? "/b" : "/events");
    });
    sse::Options options;
    options.initialReconnectDelayMs = 100;
    options.maxRedirects = 4;
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForErrors(1));
    EXPECT_EQ(watch.errors.at(0).kind, Error::Kind::Redirect);
    EXPECT_EQ(source->readyState(), State::Closed);
    barrier();
    // A -> B is a new URL; B -> A and every hop after it come back to the chain.
    expectLoopedRedirects(server, {"/events", "/b", "/events", "/b", "/events"},
        {false, false, true, true, true}, 100);
}

TEST_F(EventSourceTest, ARedirectLoopThatEndsOpensAndTheNextChainStartsOver)
{
    server.enqueue(Response::redirect(307, "/events"));
    server.enqueue(Response::sse().write("id: 1\ndata: a\n\n").close());
    server.enqueue(Response::redirect(307, "/events"));
    server.enqueue(Response::sse().write(eventBytes("b")));
    sse::Options options;
    options.initialReconnectDelayMs = 100;
    options.maxRedirects = 1; // per chain: the reconnect may loop once again
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(2));
    EXPECT_TRUE(watch.errors.size() == 1 && watch.errors.at(0).kind == Error::Kind::Network);
    expectLoopedRedirects(
        server, {"/events", "/events", "/events", "/events"}, {false, true, true, true}, 100);
    EXPECT_EQ(server.requests().at(3).header("Last-Event-ID"), "1");
}

TEST_F(EventSourceTest, SeeOtherTurnsPostIntoGetForTheRestOfTheChain)
{
    // POST /events -> 303 /result -> 307 back to /events: still GET, without the body,
    // although the chain is back at the original URL. The reconnect is a new chain: POST.
    server.enqueue(Response::redirect(303, "/result"));
    server.enqueue(Response::redirect(307, "/events"));
    server.enqueue(Response::sse().write(eventBytes("a")).close());
    server.enqueue(Response::sse().write(eventBytes("b")));
    sse::Options options = fastOptions();
    options.method = "POST";
    options.body = R"({"room":"lobby"})";
    options.bodyContentType = "application/json";
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(2));
    ASSERT_EQ(server.requestCount(), 4);
    const QList<Request> &requests = server.requests();
    EXPECT_EQ(requests.at(0).method, "POST");
    EXPECT_EQ(requests.at(0).body, R"({"room":"lobby"})");
    for (const int i : {1, 2}) {
        SCOPED_TRACE(i);
        EXPECT_EQ(requests.at(i).method, "GET");
        EXPECT_TRUE(requests.at(i).body.isEmpty());
        EXPECT_FALSE(requests.at(i).hasHeader("Content-Type"));
    }
    EXPECT_EQ(requests.at(1).target, "/result");
    EXPECT_EQ(requests.at(2).target, "/events");
    EXPECT_EQ(requests.at(3).method, "POST");
    EXPECT_EQ(requests.at(3).body, R"({"room":"lobby"})");
    EXPECT_EQ(requests.at(3).header("Content-Type"), "application/json");
}

TEST_F(EventSourceTest, RetryAfterOnARedirectIsWaitedFor)
{
    server.enqueue(Response::redirect(307, "/moved").header("Retry-After", "1"));
    server.enqueue(Response::sse().write(eventBytes("here")));
    auto source = makeSource();
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(1));
    ASSERT_EQ(server.requestCount(), 2);
    EXPECT_GE(server.requests().at(1).receivedAtMs - server.requests().at(0).receivedAtMs, 995);
}

// ---- Hostile values ---------------------------------------------------------------------

TEST_F(EventSourceTest, AHugeRetryAfterIsCapped)
{
    for (const int cap : {50, 3600 * 1000}) {
        SCOPED_TRACE(cap);
        ScriptedServer local;
        local.enqueue(Response::status(503).header("Retry-After", "99999999999999"));
        local.enqueue(Response::sse().write(eventBytes("back")));
        sse::Options options = fastOptions();
        options.retryOnServerErrors = true;
        options.maxRetryAfterMs = cap;
        EventSource source(local.url(u"/events"_s), options);
        Watcher watch(source);
        source.open();
        ASSERT_TRUE(watch.waitForErrors(1));
        ASSERT_EQ(watch.scheduled.size(), 1);
        EXPECT_EQ(watch.scheduled.at(0).first, cap);
        EXPECT_EQ(watch.errors.at(0).retryInMs, cap);
        if (cap < 1000) {
            ASSERT_TRUE(watch.waitForMessages(1));
        }
        source.close();
    }
}

TEST_F(EventSourceTest, AnOutOfRangeRetryFieldIsClamped)
{
    server.enqueue(Response::sse().write("retry: 99999999999999999999999999999\n\n").close());
    sse::Options options;
    options.exponentialBackoff = true;
    options.maxReconnectDelayMs = std::numeric_limits<int>::max();
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForErrors(1));
    EXPECT_EQ(source->reconnectionTimeMs(), std::numeric_limits<int>::max());
    EXPECT_EQ(watch.retries, QList<int> {std::numeric_limits<int>::max()});
    ASSERT_EQ(watch.scheduled.size(), 1);
    EXPECT_GE(watch.scheduled.at(0).first, 0);
    EXPECT_TRUE(watch.errors.at(0).willRetry);
    source->close();
}

TEST_F(EventSourceTest, OutOfRangeOptionsAreClamped)
{
    server.enqueue(Response::status(503).header("Retry-After", "5"));
    server.enqueue(Response::sse().write(eventBytes("fine")));
    sse::Options options;
    options.initialReconnectDelayMs = -5;
    options.exponentialBackoff = true;
    options.maxReconnectDelayMs = -1;
    options.backoffResetAfterMs = -1;
    options.retryOnServerErrors = true;
    options.maxRetryAfterMs = -1; // Retry-After can make no one wait
    options.idleTimeoutMs = std::numeric_limits<int>::max();
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(1));
    ASSERT_EQ(watch.scheduled.size(), 1);
    EXPECT_EQ(watch.scheduled.at(0).first, 0);
}

// ---- HTTP/2 ----------------------------------------------------------------------------

TEST_F(EventSourceTest, UsesHttp2IsFalseBeforeOpeningAndOverHttp1)
{
    server.enqueue(Response::sse().write(eventBytes("plain")));
    auto source = makeSource();
    EXPECT_FALSE(source->usesHttp2());
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(1));
    EXPECT_FALSE(source->usesHttp2());
}

TEST_F(EventSourceTest, UsesHttp2IsFalseOverTlsWithoutH2)
{
    if (!QSslSocket::supportsSsl()) {
        GTEST_SKIP() << "Qt has no TLS backend here";
    }
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const hibiki::test::TestCertificate certificate = hibiki::test::makeTestCertificate(dir.path());
    if (!certificate.isValid()) {
        GTEST_SKIP() << qPrintable(certificate.error);
    }
    const int tls = server.listenOnTls(
        QHostAddress(QHostAddress::LocalHost), certificate.serverConfiguration());
    ASSERT_GE(tls, 0);
    server.enqueue(Response::sse().write(eventBytes("secure")));
    sse::Options options = fastOptions();
    options.trustedCertificateSha256 = {certificate.sha256};
    EventSource source(server.url(u"/events"_s, tls), options);
    Watcher watch(source);
    source.open();
    ASSERT_TRUE(watch.waitForMessages(1));
    EXPECT_EQ(source.responseOrigin().scheme(), u"https"_s);
    EXPECT_FALSE(source.usesHttp2()); // the server offers no h2 in ALPN
}

// Node's http2 module on loopback TLS: the one HTTP/2 server the sseclient tests can start
// without nginx. Skipped (saying why) where node or openssl is missing.
class Http2Test : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (!QSslSocket::supportsSsl()) {
            GTEST_SKIP() << "Qt has no TLS backend here";
        }
        const QString node = QStandardPaths::findExecutable(u"node"_s);
        if (node.isEmpty()) {
            GTEST_SKIP() << "\n*** HTTP/2 TEST CANNOT RUN HERE: node is not installed "
                            "(Debian package nodejs). ***";
        }
        ASSERT_TRUE(m_dir.isValid());
        m_certificate = hibiki::test::makeTestCertificate(m_dir.path());
        if (!m_certificate.isValid()) {
            GTEST_SKIP() << qPrintable(m_certificate.error);
        }
        m_server.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_server.start(node,
            {QStringLiteral(HIBIKI_H2_SERVER_SCRIPT), m_certificate.certificatePath,
                m_certificate.keyPath});
        ASSERT_TRUE(m_server.waitForStarted(kWaitMs));
        ASSERT_TRUE(QTest::qWaitFor([&] { return m_server.canReadLine(); }, kWaitMs));
        m_port = m_server.readLine().trimmed().toUShort();
        ASSERT_GT(m_port, 0);
    }

    void TearDown() override
    {
        if (m_server.state() != QProcess::NotRunning) {
            m_server.closeWriteChannel(); // the server exits when its stdin closes
            if (!m_server.waitForFinished(kWaitMs)) {
                m_server.kill();
                m_server.waitForFinished();
            }
        }
    }

    QUrl url() const { return QUrl(u"https://127.0.0.1:%1/events"_s.arg(m_port)); }

    QTemporaryDir m_dir;
    hibiki::test::TestCertificate m_certificate;
    QProcess m_server;
    quint16 m_port = 0;
};

TEST_F(Http2Test, UsesHttp2WhenTheServerOffersIt)
{
    for (const bool allowed : {true, false}) {
        SCOPED_TRACE(allowed);
        sse::Options options = fastOptions();
        options.trustedCertificateSha256 = {m_certificate.sha256};
        options.http2Allowed = allowed;
        EventSource source(url(), options);
        Watcher watch(source);
        source.open();
        ASSERT_TRUE(watch.waitForMessages(1));
        // The server says which version it saw: the two sides agree.
        EXPECT_EQ(watch.messages.at(0).data, allowed ? u"2.0"_s : u"1.1"_s);
        EXPECT_EQ(source.usesHttp2(), allowed);
        source.close();
        EXPECT_EQ(source.usesHttp2(), allowed); // the last opened response's
    }
}

// ---- Idle timeout -----------------------------------------------------------------------

TEST_F(EventSourceTest, IdleTimeoutDropsAndReconnects)
{
    server.enqueue(Response::sse().write("id: 3\ndata: a\n\n").hold()); // then silence
    server.enqueue(Response::sse().write(eventBytes("b")));
    sse::Options options = fastOptions();
    options.idleTimeoutMs = 150;
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(2));
    ASSERT_GE(watch.errors.size(), 1);
    EXPECT_EQ(watch.errors.at(0).kind, Error::Kind::IdleTimeout);
    EXPECT_TRUE(watch.errors.at(0).willRetry);
    EXPECT_EQ(server.requests().at(1).header("Last-Event-ID"), "3");
    // The silent connection was dropped by the client.
    EXPECT_GE(server.requests().at(1).receivedAtMs - server.requests().at(0).receivedAtMs, 145);
}

// ---- close() ----------------------------------------------------------------------------

TEST_F(EventSourceTest, CloseWhileConnectingBeforeAnyResponse)
{
    server.enqueue(Response::noAnswer());
    server.setDefaultResponse(Response::sse().write(eventBytes("must not be reached")));
    sse::Options options;
    options.initialReconnectDelayMs = 0;
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(server.waitForRequests(1));
    EXPECT_EQ(source->readyState(), State::Connecting);
    source->close();
    EXPECT_EQ(source->readyState(), State::Closed);
    const int signalsAtClose = watch.signalCount();
    EXPECT_EQ(watch.log.last(), u"state:Closed"_s);
    // The request is aborted: the server sees its connection go away.
    ASSERT_TRUE(server.waitForOpenConnections(0));
    barrier();
    EXPECT_EQ(watch.signalCount(), signalsAtClose) << qPrintable(watch.log.join(u" | "_s));
    EXPECT_EQ(server.requestCount(), 1);
    EXPECT_TRUE(watch.errors.isEmpty());
}

TEST_F(EventSourceTest, CloseWhileOpen)
{
    server.enqueue(Response::sse().write(eventBytes("a")));
    server.setDefaultResponse(Response::sse());
    sse::Options options;
    options.initialReconnectDelayMs = 0;
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForMessages(1));
    source->close();
    const int signalsAtClose = watch.signalCount();
    EXPECT_EQ(watch.log.last(), u"state:Closed"_s);
    // Anything the server still sends is not delivered.
    server.send(eventBytes("late"));
    ASSERT_TRUE(server.waitForOpenConnections(0));
    barrier();
    EXPECT_EQ(watch.signalCount(), signalsAtClose) << qPrintable(watch.log.join(u" | "_s));
    EXPECT_EQ(server.requestCount(), 1);
    EXPECT_EQ(watch.datas(), QStringList {u"a"_s});
}

TEST_F(EventSourceTest, CloseDuringTheReconnectWait)
{
    server.enqueue(Response::sse().write(eventBytes("a")).close());
    server.setDefaultResponse(Response::sse());
    sse::Options options;
    options.initialReconnectDelayMs = 100;
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForErrors(1));
    ASSERT_EQ(source->readyState(), State::Connecting);
    ASSERT_EQ(watch.scheduled.size(), 1);
    source->close();
    const int signalsAtClose = watch.signalCount();
    EXPECT_EQ(watch.log.last(), u"state:Closed"_s);
    // The reconnect timer (100 ms, started earlier) would fire before this one.
    outlast(300);
    EXPECT_EQ(server.requestCount(), 1);
    EXPECT_EQ(watch.signalCount(), signalsAtClose) << qPrintable(watch.log.join(u" | "_s));
}

TEST_F(EventSourceTest, CloseFromTheErrorSlotCancelsTheReconnect)
{
    server.enqueue(Response::sse().write(eventBytes("a")).close());
    server.setDefaultResponse(Response::sse());
    sse::Options options;
    options.initialReconnectDelayMs = 0;
    auto source = makeSource(options);
    Watcher watch(*source);
    QObject context;
    QObject::connect(source.get(), &EventSource::errorOccurred, &context,
        [&](const Error &) { source->close(); });
    source->open();
    ASSERT_TRUE(watch.waitForState(State::Closed));
    const int signalsAtClose = watch.signalCount();
    barrier();
    EXPECT_EQ(server.requestCount(), 1);
    EXPECT_TRUE(watch.scheduled.isEmpty()); // closed before it was announced
    EXPECT_EQ(watch.signalCount(), signalsAtClose) << qPrintable(watch.log.join(u" | "_s));
}

TEST_F(EventSourceTest, CloseFromTheReconnectScheduledSlot)
{
    server.enqueue(Response::sse().write(eventBytes("a")).close());
    server.setDefaultResponse(Response::sse());
    sse::Options options;
    options.initialReconnectDelayMs = 0;
    auto source = makeSource(options);
    Watcher watch(*source);
    QObject context;
    QObject::connect(source.get(), &EventSource::reconnectScheduled, &context,
        [&](int, int) { source->close(); });
    source->open();
    ASSERT_TRUE(watch.waitForState(State::Closed));
    const int signalsAtClose = watch.signalCount();
    barrier();
    EXPECT_EQ(server.requestCount(), 1);
    EXPECT_EQ(watch.signalCount(), signalsAtClose) << qPrintable(watch.log.join(u" | "_s));
}

TEST_F(EventSourceTest, CloseFromAMessageSlotStopsTheRestOfTheChunk)
{
    // One small write: the three events arrive in one read.
    const QByteArray chunk = "id: 1\ndata: 1\n\nid: 2\ndata: 2\n\nid: 3\ndata: 3\n\n";
    server.enqueue(Response::sse().write(chunk));
    server.setDefaultResponse(Response::sse());
    sse::Options options;
    options.initialReconnectDelayMs = 0;
    auto source = makeSource(options);
    Watcher watch(*source);
    QObject context;
    QObject::connect(source.get(), &EventSource::message, &context,
        [&](const sse::MessageEvent &) { source->close(); });
    source->open();
    ASSERT_TRUE(watch.waitForState(State::Closed));
    const int signalsAtClose = watch.signalCount();
    barrier();
    // The whole chunk had been read when the first event closed the source, so the
    // other two were in hand and must not be delivered.
    ASSERT_EQ(source->statistics().bytesReceived, chunk.size());
    EXPECT_EQ(watch.datas(), QStringList {u"1"_s});
    EXPECT_EQ(source->lastEventId(), u"1"_s);
    EXPECT_EQ(source->statistics().eventsDispatched, 1);
    EXPECT_EQ(watch.signalCount(), signalsAtClose) << qPrintable(watch.log.join(u" | "_s));
    EXPECT_TRUE(watch.errors.isEmpty());
    EXPECT_EQ(server.requestCount(), 1);
}

TEST_F(EventSourceTest, DestroyingAnOpenSourceIsClean)
{
    server.enqueue(Response::sse().write(eventBytes("a")));
    auto source = makeSource();
    Watcher *watch = new Watcher(*source);
    source->open();
    ASSERT_TRUE(watch->waitForMessages(1));
    delete watch;
    source.reset();
    ASSERT_TRUE(server.waitForOpenConnections(0));
}

// ---- Hostile servers --------------------------------------------------------------------

TEST_F(EventSourceTest, HugeLineFailsWithinBoundedMemory)
{
    constexpr qint64 kPiece = 64 * 1024;
    constexpr qint64 kPieces = 1024; // 64 MiB without a newline
    server.enqueue(Response::sse()
                       .write("data: ")
                       .writeRepeated(QByteArray(kPiece, 'x'), kPieces)
                       .write("\n\n")
                       .close());
    server.setDefaultResponse(Response::sse().write(eventBytes("must not be reached")));
    sse::Options options;
    options.initialReconnectDelayMs = 0;
    const qsizetype limit = options.limits.maxLineBytes;
    auto source = makeSource(options);
    Watcher watch(*source);

    const bool peakResettable = resetPeakRss();
    const qint64 rssBeforeKiB = procStatusKiB("VmRSS");
    source->open();
    ASSERT_TRUE(watch.waitForErrors(1, 60000));
    const qint64 peakKiB = procStatusKiB("VmHWM");

    EXPECT_EQ(source->readyState(), State::Closed);
    EXPECT_EQ(watch.errors.at(0).kind, Error::Kind::Protocol);
    EXPECT_FALSE(watch.errors.at(0).willRetry);
    EXPECT_TRUE(watch.messages.isEmpty());
    // The source stopped reading soon after the limit: at most one read beyond it.
    EXPECT_LE(source->statistics().bytesReceived, limit + 256 * 1024);
    std::cout << "[ info     ] bytes read " << source->statistics().bytesReceived
              << ", peak RSS growth " << peakKiB - rssBeforeKiB << " KiB (peak reset "
              << (peakResettable ? "worked" : "unavailable") << ")\n";
    if (peakResettable && rssBeforeKiB > 0 && peakKiB > 0) {
        // Nothing near 64 MiB was ever held (the limit is 1 MiB).
        EXPECT_LT(peakKiB - rssBeforeKiB, 24 * 1024)
            << "peak RSS grew by " << peakKiB - rssBeforeKiB << " KiB";
    }
    barrier();
    EXPECT_EQ(server.requestCount(), 1);
}

TEST_F(EventSourceTest, HugeEventFails)
{
    // Many short lines: no single line is too long, the event is.
    sse::Options options;
    options.initialReconnectDelayMs = 0;
    options.limits.maxEventBytes = 256 * 1024;
    const QByteArray line = "data: " + QByteArray(1000, 'y') + '\n';
    server.enqueue(Response::sse().writeRepeated(line, 10000).write("\n").close());
    server.setDefaultResponse(Response::sse().write(eventBytes("must not be reached")));
    auto source = makeSource(options);
    Watcher watch(*source);
    source->open();
    ASSERT_TRUE(watch.waitForErrors(1));
    EXPECT_EQ(watch.errors.at(0).kind, Error::Kind::Protocol);
    EXPECT_EQ(source->readyState(), State::Closed);
    EXPECT_TRUE(watch.messages.isEmpty());
    EXPECT_LE(source->statistics().bytesReceived, options.limits.maxEventBytes + 256 * 1024);
    barrier();
    EXPECT_EQ(server.requestCount(), 1);
}

TEST_F(EventSourceTest, ConnectionRefusedRetries)
{
    // A port nobody listens on: take one from a server that then goes away.
    QUrl url;
    {
        ScriptedServer gone;
        url = gone.url(u"/events"_s);
    }
    sse::Options options = fastOptions();
    options.maxReconnectAttempts = 2;
    EventSource source(url, options);
    Watcher watch(source);
    source.open();
    ASSERT_TRUE(watch.waitForState(State::Closed));
    ASSERT_EQ(watch.errors.size(), 3);
    EXPECT_EQ(watch.errors.at(0).kind, Error::Kind::Network);
    EXPECT_TRUE(watch.errors.at(0).willRetry);
    EXPECT_EQ(watch.errors.at(2).kind, Error::Kind::GaveUp);
    EXPECT_EQ(watch.opened, 0);
}

} // namespace
