// SPDX-License-Identifier: MIT
// Drives sse-contract-service the way LaunchDarkly's sse-contract-tests do: the service runs
// as its own process on an ephemeral port, a ScriptedServer plays the suite's SSE endpoint
// and another one the suite's callback receiver.
#include "scriptedserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <gtest/gtest.h>

#include <memory>

using namespace Qt::StringLiterals;
using hibiki::test::Request;
using hibiki::test::Response;
using hibiki::test::ScriptedServer;

namespace {

// Generous: the waits end as soon as their condition holds.
constexpr int deadlineMs = 10000;

struct HttpResult
{
    int status = 0;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0) {
                return value;
            }
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

QJsonObject event(const QString &type, const QString &data, const QString &id = {})
{
    return {
        {u"kind"_s, u"event"_s},
        {u"event"_s, QJsonObject {{u"type"_s, type}, {u"data"_s, data}, {u"id"_s, id}}},
    };
}

QJsonObject comment(const QString &text)
{
    return {{u"kind"_s, u"comment"_s}, {u"comment"_s, text}};
}

std::string show(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

bool isError(const QJsonObject &message)
{
    return message.value("kind"_L1).toString() == "error"_L1
        && !message.value("error"_L1).toString().isEmpty();
}

class ContractServiceTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_stream.isListening());
        ASSERT_TRUE(m_callbacks.isListening());
        m_stream.setHandler([](const Request &) { return Response::sse(); });
        m_callbacks.setHandler([](const Request &) { return Response::status(202); });

        m_service.setProgram(QStringLiteral(SSE_CONTRACT_SERVICE_PATH));
        m_service.setArguments({u"--port"_s, u"0"_s});
        m_service.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_service.start();
        ASSERT_TRUE(m_service.waitForStarted(deadlineMs)) << m_service.errorString().toStdString();
        ASSERT_TRUE(QTest::qWaitFor(
            [&] { return m_service.canReadLine() || m_service.state() == QProcess::NotRunning; },
            deadlineMs));
        // "sse-contract-service listening on http://127.0.0.1:<port>"
        const QByteArray line = m_service.readLine().trimmed();
        bool ok = false;
        m_port = line.mid(line.lastIndexOf(':') + 1).toUShort(&ok);
        ASSERT_TRUE(ok && m_port > 0) << "unexpected first line: " << line.toStdString();
        m_base = QUrl(u"http://127.0.0.1:%1/"_s.arg(m_port));
    }

    void TearDown() override
    {
        if (m_service.state() != QProcess::NotRunning) {
            m_service.kill();
            m_service.waitForFinished(deadlineMs);
        }
    }

    // One request to the service (a path relative to it, or an absolute URL).
    HttpResult call(const QByteArray &method, const QString &target, const QByteArray &body = {})
    {
        const QUrl url
            = target.startsWith("http"_L1) ? QUrl(target) : m_base.resolved(QUrl(target));
        QNetworkRequest request(url);
        if (!body.isEmpty()) {
            request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
        }
        const std::unique_ptr<QNetworkReply> reply(
            m_client.sendCustomRequest(request, method, body));
        EXPECT_TRUE(QTest::qWaitFor([&] { return reply->isFinished(); }, deadlineMs))
            << method.toStdString() << ' ' << url.toString().toStdString() << " did not finish";
        HttpResult result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.error = reply->error();
        result.body = reply->readAll();
        result.headers = reply->rawHeaderPairs();
        return result;
    }

    HttpResult call(const QByteArray &method, const QString &target, const QJsonObject &body)
    {
        return call(method, target, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

    // What the suite sends for a stream with no optional settings.
    QJsonObject streamParams(const QString &callbackPath = u"/callbacks/1"_s) const
    {
        return {
            {u"tag"_s, u"test"_s},
            {u"streamUrl"_s, m_stream.url(u"/stream"_s).toString()},
            {u"callbackUrl"_s, m_callbacks.url(callbackPath).toString()},
        };
    }

    // Creates a stream and returns its Location (empty on failure, with the test failed).
    QString create(const QJsonObject &params)
    {
        const HttpResult result = call("POST", u"/"_s, params);
        EXPECT_EQ(result.status, 201) << result.body.toStdString();
        const QString location = QString::fromLatin1(result.header("Location"));
        EXPECT_FALSE(location.isEmpty());
        return location;
    }

    bool waitForOpenStreams(int count)
    {
        return QTest::qWaitFor([&] { return m_stream.openStreamCount() == count; }, deadlineMs);
    }

    // Waits for `count` callbacks under `callbackPath`, checks that they are POSTs of JSON
    // numbered 1, 2, 3... in the order they arrived, and returns their bodies.
    QList<QJsonObject> callbacks(const QString &callbackPath, int count)
    {
        const auto matching = [&] {
            QList<Request> result;
            for (const Request &request : m_callbacks.requests()) {
                if (request.path().startsWith(callbackPath + u'/')) {
                    result.append(request);
                }
            }
            return result;
        };
        EXPECT_TRUE(QTest::qWaitFor([&] { return matching().size() >= count; }, deadlineMs))
            << "waited for " << count << " callbacks, got " << matching().size();
        QList<QJsonObject> bodies;
        const QList<Request> requests = matching();
        for (qsizetype i = 0; i < requests.size(); ++i) {
            const Request &request = requests.at(i);
            EXPECT_EQ(request.method, "POST");
            EXPECT_EQ(request.path(), u"%1/%2"_s.arg(callbackPath).arg(i + 1));
            EXPECT_TRUE(request.header("Content-Type").startsWith("application/json"));
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
            EXPECT_EQ(error.error, QJsonParseError::NoError) << request.body.toStdString();
            bodies.append(document.object());
        }
        return bodies;
    }

    QProcess m_service;
    quint16 m_port = 0;
    QUrl m_base;
    QNetworkAccessManager m_client;
    ScriptedServer m_stream; // the suite's SSE endpoint
    ScriptedServer m_callbacks; // the suite's callback receiver
};

TEST_F(ContractServiceTest, StatusNamesTheLibraryAndClaimsItsCapabilities)
{
    const HttpResult result = call("GET", u"/"_s);
    ASSERT_EQ(result.status, 200);
    EXPECT_TRUE(result.header("Content-Type").startsWith("application/json"));
    const QJsonObject status = result.json();
    EXPECT_EQ(status.value("name"_L1).toString(), u"hibiki-sseclient"_s);
    const QJsonArray capabilities = status.value("capabilities"_L1).toArray();
    for (const char *capability :
        {"bom", "comments", "headers", "last-event-id", "post", "report", "read-timeout", "restart",
            "event-type-listeners", "server-directed-shutdown-request"}) {
        EXPECT_TRUE(capabilities.contains(QString::fromLatin1(capability))) << capability;
    }
}

TEST_F(ContractServiceTest, CreateAnswers201WithAnAbsoluteLocationAndConnects)
{
    const QString first = create(streamParams());
    const QString second = create(streamParams(u"/callbacks/2"_s));
    const QRegularExpression pattern(QRegularExpression::anchoredPattern(
        u"http://127\\.0\\.0\\.1:%1/streams/\\d+"_s.arg(m_port)));
    EXPECT_TRUE(pattern.match(first).hasMatch()) << first.toStdString();
    EXPECT_TRUE(pattern.match(second).hasMatch()) << second.toStdString();
    EXPECT_NE(first, second);

    // The suite's "default method and headers".
    ASSERT_TRUE(m_stream.waitForRequests(2, deadlineMs));
    for (const Request &request : m_stream.requests()) {
        EXPECT_EQ(request.method, "GET");
        EXPECT_EQ(request.path(), u"/stream"_s);
        EXPECT_EQ(request.header("Accept"), "text/event-stream");
        EXPECT_EQ(request.header("Cache-Control"), "no-cache");
        EXPECT_FALSE(request.hasHeader("Last-Event-ID"));
    }
}

TEST_F(ContractServiceTest, EventsCommentsAndErrorsAreReportedInNumberedOrder)
{
    QJsonObject params = streamParams();
    params.insert(u"initialDelayMs"_s, 0);
    create(params);
    ASSERT_TRUE(waitForOpenStreams(1));

    // A type nobody listens for is not reported (the "event-type-listeners" capability).
    m_stream.send("data: Hello\n\n:a comment\nevent: unheard\ndata: skipped\n\n"
                  "id: abc\ndata: World\n\n");
    QList<QJsonObject> reported = callbacks(u"/callbacks/1"_s, 3);
    ASSERT_EQ(reported.size(), 3);
    EXPECT_EQ(reported.at(0), event(u"message"_s, u"Hello"_s)) << show(reported.at(0));
    EXPECT_EQ(reported.at(1), comment(u"a comment"_s)) << show(reported.at(1));
    EXPECT_EQ(reported.at(2), event(u"message"_s, u"World"_s, u"abc"_s)) << show(reported.at(2));

    // The end of the stream is an error, then a reconnect that carries the last event ID.
    m_stream.closeAll();
    reported = callbacks(u"/callbacks/1"_s, 4);
    ASSERT_EQ(reported.size(), 4);
    EXPECT_TRUE(isError(reported.at(3))) << show(reported.at(3));
    ASSERT_TRUE(m_stream.waitForRequests(2, deadlineMs));
    EXPECT_EQ(m_stream.requests().at(1).header("Last-Event-ID"), "abc");

    ASSERT_TRUE(waitForOpenStreams(1));
    m_stream.send("data: again\n\n");
    reported = callbacks(u"/callbacks/1"_s, 5);
    ASSERT_EQ(reported.size(), 5);
    EXPECT_EQ(reported.at(4), event(u"message"_s, u"again"_s, u"abc"_s)) << show(reported.at(4));
}

TEST_F(ContractServiceTest, ManyEventsInOneChunkKeepTheirOrder)
{
    create(streamParams());
    ASSERT_TRUE(waitForOpenStreams(1));
    QByteArray chunk;
    for (int i = 0; i < 100; ++i) {
        chunk += "data: message " + QByteArray::number(i) + "\n\n";
    }
    m_stream.send(chunk);
    const QList<QJsonObject> reported = callbacks(u"/callbacks/1"_s, 100);
    ASSERT_EQ(reported.size(), 100);
    for (int i = 0; i < 100; ++i) {
        EXPECT_EQ(reported.at(i), event(u"message"_s, u"message %1"_s.arg(i))) << i;
    }
}

TEST_F(ContractServiceTest, EachStreamNumbersItsOwnCallbacks)
{
    create(streamParams(u"/callbacks/a"_s));
    create(streamParams(u"/callbacks/b"_s));
    ASSERT_TRUE(waitForOpenStreams(2));
    m_stream.send("data: both\n\n"); // reaches both connections
    for (const QString &path : {u"/callbacks/a"_s, u"/callbacks/b"_s}) {
        const QList<QJsonObject> reported = callbacks(path, 1);
        ASSERT_EQ(reported.size(), 1) << path.toStdString();
        EXPECT_EQ(reported.at(0), event(u"message"_s, u"both"_s));
    }
}

TEST_F(ContractServiceTest, ListenReportsACustomEventTypeOnce)
{
    const QString location = create(streamParams());
    ASSERT_TRUE(waitForOpenStreams(1));

    // Before "listen": skipped. The message after it proves the service has seen it.
    m_stream.send("event: greeting\ndata: early\n\ndata: marker\n\n");
    QList<QJsonObject> reported = callbacks(u"/callbacks/1"_s, 1);
    ASSERT_EQ(reported.size(), 1);
    EXPECT_EQ(reported.at(0), event(u"message"_s, u"marker"_s)) << show(reported.at(0));

    const QJsonObject listen {
        {u"command"_s, u"listen"_s},
        {u"listen"_s, QJsonObject {{u"type"_s, u"greeting"_s}}},
    };
    EXPECT_EQ(call("POST", location, listen).status / 100, 2);
    EXPECT_EQ(call("POST", location, listen).status / 100, 2); // again: still one listener
    const QJsonObject listenMessage {
        {u"command"_s, u"listen"_s},
        {u"listen"_s, QJsonObject {{u"type"_s, u"message"_s}}},
    };
    EXPECT_EQ(call("POST", location, listenMessage).status / 100, 2);

    m_stream.send("event: greeting\nid: abc\ndata: Hello\n\ndata: once\n\n");
    reported = callbacks(u"/callbacks/1"_s, 3);
    ASSERT_EQ(reported.size(), 3);
    EXPECT_EQ(reported.at(1), event(u"greeting"_s, u"Hello"_s, u"abc"_s)) << show(reported.at(1));
    EXPECT_EQ(reported.at(2), event(u"message"_s, u"once"_s, u"abc"_s)) << show(reported.at(2));

    // A duplicate listener would have reported "once" twice before this one.
    m_stream.send("event: greeting\ndata: last\n\n");
    reported = callbacks(u"/callbacks/1"_s, 4);
    ASSERT_EQ(reported.size(), 4);
    EXPECT_EQ(reported.at(3), event(u"greeting"_s, u"last"_s, u"abc"_s)) << show(reported.at(3));
}

TEST_F(ContractServiceTest, RestartReconnectsAtOnceWithoutAnError)
{
    QJsonObject params = streamParams();
    // Only the restart command can bring a reconnect within the test's deadline.
    params.insert(u"initialDelayMs"_s, 60000);
    const QString location = create(params);
    ASSERT_TRUE(waitForOpenStreams(1));
    m_stream.send("id: r1\ndata: Hello\n\n");
    ASSERT_EQ(callbacks(u"/callbacks/1"_s, 1).size(), 1);

    // The suite sends "listen": null with every other command.
    const HttpResult result = call("POST", location,
        QJsonObject {{u"command"_s, u"restart"_s}, {u"listen"_s, QJsonValue::Null}});
    EXPECT_EQ(result.status / 100, 2) << result.status;
    ASSERT_TRUE(m_stream.waitForRequests(2, deadlineMs));
    EXPECT_EQ(m_stream.requests().at(1).header("Last-Event-ID"), "r1");
    ASSERT_TRUE(waitForOpenStreams(1)); // the old connection is gone

    m_stream.send("data: Thanks\n\n");
    const QList<QJsonObject> reported = callbacks(u"/callbacks/1"_s, 2);
    ASSERT_EQ(reported.size(), 2);
    EXPECT_EQ(reported.at(1), event(u"message"_s, u"Thanks"_s, u"r1"_s)) << show(reported.at(1));
}

TEST_F(ContractServiceTest, HeadersLastEventIdMethodAndBodyReachTheEndpoint)
{
    const QByteArray body = R"({"hello": "world"})";
    QJsonObject params = streamParams();
    params.insert(u"initialDelayMs"_s, 0);
    params.insert(u"lastEventId"_s, u"abc"_s);
    params.insert(u"method"_s, u"REPORT"_s);
    params.insert(u"body"_s, QString::fromUtf8(body));
    params.insert(u"headers"_s,
        QJsonObject {
            {u"header-name-1"_s, u"value-1"_s},
            {u"header-name-2"_s, u"value-2"_s},
            {u"content-type"_s, u"application/json; charset=utf-8"_s},
        });
    create(params);
    ASSERT_TRUE(m_stream.waitForRequests(1, deadlineMs));
    ASSERT_TRUE(waitForOpenStreams(1));
    m_stream.closeAll(); // the body is sent again on every reconnect
    ASSERT_TRUE(m_stream.waitForRequests(2, deadlineMs));

    for (const Request &request : m_stream.requests()) {
        SCOPED_TRACE(request.index);
        EXPECT_EQ(request.method, "REPORT");
        EXPECT_EQ(request.body, body);
        EXPECT_EQ(request.header("header-name-1"), "value-1");
        EXPECT_EQ(request.header("header-name-2"), "value-2");
        EXPECT_EQ(request.headerValues("Content-Type"),
            QList<QByteArray> {"application/json; charset=utf-8"});
        EXPECT_EQ(request.header("Last-Event-ID"), "abc");
        EXPECT_EQ(request.header("Accept"), "text/event-stream");
    }
}

TEST_F(ContractServiceTest, PostBodyWithoutAContentTypeIsSentAsTextPlain)
{
    QJsonObject params = streamParams();
    params.insert(u"method"_s, u"POST"_s);
    params.insert(u"body"_s, u"hello"_s);
    create(params);
    ASSERT_TRUE(m_stream.waitForRequests(1, deadlineMs));
    const Request request = m_stream.lastRequest();
    EXPECT_EQ(request.method, "POST");
    EXPECT_EQ(request.body, "hello");
    EXPECT_TRUE(request.header("Content-Type").startsWith("text/plain"))
        << request.header("Content-Type").toStdString();
}

TEST_F(ContractServiceTest, ReadTimeoutDropsASilentConnectionAndReconnects)
{
    // Every connection gets one event and then silence until the client gives up on it.
    m_stream.setHandler([](const Request &) { return Response::sse().write("data: Hello\n\n"); });
    QJsonObject params = streamParams();
    params.insert(u"initialDelayMs"_s, 0);
    params.insert(u"readTimeoutMs"_s, 300);
    create(params);

    // Normally callback 1 is the event and 2 the timeout. On a machine so slow that even the
    // first answer took longer than the timeout, an error comes first: look past it.
    qsizetype first = -1;
    QList<QJsonObject> reported;
    for (int count = 2; count <= 6 && first < 0; count += 2) {
        reported = callbacks(u"/callbacks/1"_s, count);
        first = reported.indexOf(event(u"message"_s, u"Hello"_s));
    }
    ASSERT_GE(first, 0);
    reported = callbacks(u"/callbacks/1"_s, int(first) + 2);
    ASSERT_GE(reported.size(), first + 2);
    EXPECT_TRUE(isError(reported.at(first + 1))) << show(reported.at(first + 1));
    EXPECT_TRUE(m_stream.waitForRequests(first + 2, deadlineMs));
}

TEST_F(ContractServiceTest, ServerDirected204StopsTheStreamUntilRestart)
{
    m_stream.enqueue(Response::status(204));
    QJsonObject params = streamParams();
    params.insert(u"initialDelayMs"_s, 0);
    const QString location = create(params);
    const QList<QJsonObject> reported = callbacks(u"/callbacks/1"_s, 1);
    ASSERT_EQ(reported.size(), 1);
    EXPECT_TRUE(isError(reported.at(0))) << show(reported.at(0));
    // With no delay a retry would have been on its way before the callback arrived.
    EXPECT_EQ(m_stream.requestCount(), 1);

    // The caller can still ask for a new connection.
    EXPECT_EQ(call("POST", location, QJsonObject {{u"command"_s, u"restart"_s}}).status / 100, 2);
    EXPECT_TRUE(m_stream.waitForRequests(2, deadlineMs));
}

TEST_F(ContractServiceTest, DeletingAStreamClosesItAndForgetsIt)
{
    const QString location = create(streamParams());
    ASSERT_TRUE(waitForOpenStreams(1));
    EXPECT_EQ(call("DELETE", location).status, 204);
    EXPECT_TRUE(waitForOpenStreams(0));
    EXPECT_EQ(call("DELETE", location).status, 404);
    EXPECT_EQ(call("POST", location, QJsonObject {{u"command"_s, u"restart"_s}}).status, 404);
}

TEST_F(ContractServiceTest, UnknownStreamsAndPathsAre404)
{
    const QJsonObject restart {{u"command"_s, u"restart"_s}};
    EXPECT_EQ(call("DELETE", u"/streams/999"_s).status, 404);
    EXPECT_EQ(call("POST", u"/streams/999"_s, restart).status, 404);
    EXPECT_EQ(call("POST", u"/streams/abc"_s, restart).status, 404);
    EXPECT_EQ(call("POST", u"/streams/"_s, restart).status, 404);
    EXPECT_EQ(call("GET", u"/elsewhere"_s).status, 404);
    EXPECT_EQ(call("PUT", u"/"_s, restart).status, 405);
}

TEST_F(ContractServiceTest, InvalidCreateParametersAre400)
{
    const QString stream = m_stream.url(u"/stream"_s).toString();
    const QString callback = m_callbacks.url(u"/callbacks/1"_s).toString();
    const auto with = [&](const QString &key, const QJsonValue &value) {
        QJsonObject params = streamParams();
        params.insert(key, value);
        return QJsonDocument(params).toJson(QJsonDocument::Compact);
    };
    const QList<QByteArray> invalid {
        "not json",
        "[]",
        "{}",
        QJsonDocument(QJsonObject {{u"callbackUrl"_s, callback}}).toJson(),
        QJsonDocument(QJsonObject {{u"streamUrl"_s, stream}}).toJson(),
        with(u"streamUrl"_s, 5),
        with(u"streamUrl"_s, u"no url at all"_s),
        with(u"streamUrl"_s, u"ftp://127.0.0.1/stream"_s),
        with(u"callbackUrl"_s, QJsonValue::Null),
        with(u"initialDelayMs"_s, u"soon"_s),
        with(u"initialDelayMs"_s, -1),
        with(u"initialDelayMs"_s, 1.5),
        with(u"readTimeoutMs"_s, true),
        with(u"lastEventId"_s, 7),
        with(u"headers"_s, u"x: y"_s),
        with(u"headers"_s, QJsonObject {{u"header-name"_s, 1}}),
        with(u"headers"_s, QJsonObject {{u"bad name"_s, u"v"_s}}),
        with(u"headers"_s, QJsonObject {{u"x-split"_s, u"a\r\nx-injected: b"_s}}),
        with(u"method"_s, u"GE T"_s),
        with(u"body"_s, 5),
    };
    for (const QByteArray &body : invalid) {
        const HttpResult result = call("POST", u"/"_s, body);
        EXPECT_EQ(result.status, 400) << body.toStdString();
        EXPECT_TRUE(result.header("Location").isEmpty()) << body.toStdString();
    }

    // null is the same as absent; the only stream that connects is this one.
    QJsonObject nulls = streamParams();
    for (const QString &key : {u"initialDelayMs"_s, u"readTimeoutMs"_s, u"lastEventId"_s,
             u"headers"_s, u"method"_s, u"body"_s}) {
        nulls.insert(key, QJsonValue::Null);
    }
    create(nulls);
    ASSERT_TRUE(m_stream.waitForRequests(1, deadlineMs));
    ASSERT_TRUE(waitForOpenStreams(1));
    EXPECT_EQ(m_stream.requestCount(), 1);
    EXPECT_EQ(m_stream.lastRequest().method, "GET");
    EXPECT_FALSE(m_stream.lastRequest().hasHeader("Last-Event-ID"));
}

TEST_F(ContractServiceTest, UnknownOrMalformedCommandsAre400)
{
    const QString location = create(streamParams());
    EXPECT_EQ(call("POST", location, QJsonObject {{u"command"_s, u"dance"_s}}).status, 400);
    EXPECT_EQ(call("POST", location, "not json"_ba).status, 400);
    EXPECT_EQ(call("POST", location, QJsonObject {{u"command"_s, u"listen"_s}}).status, 400);
    EXPECT_EQ(call("POST", location,
                  QJsonObject {{u"command"_s, u"listen"_s}, {u"listen"_s, QJsonObject {}}})
                  .status,
        400);
    EXPECT_EQ(call("POST", location,
                  QJsonObject {{u"command"_s, u"listen"_s},
                      {u"listen"_s, QJsonObject {{u"type"_s, u"greeting"_s}}}})
                  .status
            / 100,
        2);
}

TEST_F(ContractServiceTest, BomSplitAcrossChunksIsStrippedAndCommentsReported)
{
    create(streamParams());
    ASSERT_TRUE(waitForOpenStreams(1));
    m_stream.send("\xEF\xBB");
    m_stream.send("\xBF:comment\ndata: Hello\n\n");
    const QList<QJsonObject> reported = callbacks(u"/callbacks/1"_s, 2);
    ASSERT_EQ(reported.size(), 2);
    EXPECT_EQ(reported.at(0), comment(u"comment"_s)) << show(reported.at(0));
    EXPECT_EQ(reported.at(1), event(u"message"_s, u"Hello"_s)) << show(reported.at(1));
}

TEST_F(ContractServiceTest, PayloadOfMoreThanOneMebibyteArrivesWhole)
{
    create(streamParams());
    ASSERT_TRUE(waitForOpenStreams(1));
    const QByteArray data((1 << 20) + 1, 'x');
    m_stream.send("data: " + data + "\n\n");
    const QList<QJsonObject> reported = callbacks(u"/callbacks/1"_s, 1);
    ASSERT_EQ(reported.size(), 1);
    EXPECT_EQ(reported.at(0), event(u"message"_s, QString::fromLatin1(data)));
}

TEST_F(ContractServiceTest, DeleteRootStopsTheService)
{
    create(streamParams());
    ASSERT_TRUE(waitForOpenStreams(1));
    const HttpResult result = call("DELETE", u"/"_s);
    // The suite accepts a connection closed before the answer, but ours comes first.
    EXPECT_EQ(result.status, 204);
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return m_service.state() == QProcess::NotRunning; }, deadlineMs));
    EXPECT_EQ(m_service.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(m_service.exitCode(), 0);
    EXPECT_TRUE(waitForOpenStreams(0));
}

} // namespace
