// SPDX-License-Identifier: MIT
// POST /messages, GET /health and the error answers of the room, over loopback HTTP.
#include "roomfixture.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace hibiki;
using namespace hibiki::test;

namespace {

class RoomProtocolTest : public RoomTest
{
protected:
    void expectJsonError(const HttpReply &reply, int status)
    {
        ASSERT_TRUE(reply.finished);
        EXPECT_EQ(reply.status, status) << reply.body.constData();
        EXPECT_EQ(reply.header("Content-Type"), "application/json");
        EXPECT_TRUE(reply.json().value("error"_L1).isString()) << reply.body.constData();
        EXPECT_FALSE(reply.json().value("error"_L1).toString().isEmpty());
    }
};

TEST_F(RoomProtocolTest, PostStoresAndAnswers201WithTheMessage)
{
    start();
    QSignalSpy posted(&server(), &RoomServer::messagePosted);
    const HttpReply reply = postMessage(u"alice"_s, u"Hello!"_s, u"c-1"_s);
    ASSERT_TRUE(reply.finished);
    EXPECT_EQ(reply.status, 201);
    EXPECT_EQ(reply.header("Content-Type"), "application/json");
    EXPECT_EQ(reply.header("Cache-Control"), "no-store");
    // Byte-exact shape: documented field order, one line.
    // A memory-only room: "<epoch>-<number>".
    static const QRegularExpression shape(
        uR"(^\{"id":"[0-9a-f]{12}-1","user":"alice","content":"Hello!","timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ","clientId":"c-1"\}$)"_s);
    EXPECT_TRUE(shape.match(QString::fromUtf8(reply.body)).hasMatch()) << reply.body.constData();
    const QDateTime stamp
        = QDateTime::fromString(reply.json().value("timestamp"_L1).toString(), Qt::ISODate);
    EXPECT_LE(qAbs(stamp.secsTo(QDateTime::currentDateTimeUtc())), 5);
    ASSERT_EQ(posted.size(), 1);
    EXPECT_EQ(posted.at(0).at(0).value<RoomMessage>().content, u"Hello!"_s);
    EXPECT_EQ(server().lastId(), 1);
}

TEST_F(RoomProtocolTest, IdsIncreaseByOne)
{
    start();
    for (int i = 1; i <= 5; ++i) {
        const HttpReply reply = postMessage(u"bob"_s, u"n%1"_s.arg(i));
        ASSERT_EQ(reply.status, 201);
        EXPECT_EQ(reply.json().value("id"_L1).toString(), QString::fromLatin1(id(i)));
        EXPECT_FALSE(reply.json().contains("clientId"_L1)); // none was sent
    }
}

TEST_F(RoomProtocolTest, SameClientIdStoresOneMessageAndAnswersItAgain)
{
    start();
    QSignalSpy posted(&server(), &RoomServer::messagePosted);
    const HttpReply first = postMessage(u"alice"_s, u"once"_s, u"uuid-1"_s);
    const HttpReply second = postMessage(u"alice"_s, u"once"_s, u"uuid-1"_s);
    // Even a retry that changed the text gets the stored original.
    const HttpReply third = postMessage(u"alice"_s, u"edited"_s, u"uuid-1"_s);
    EXPECT_EQ(first.status, 201);
    EXPECT_EQ(first.header("X-Hibiki-Result"), "created");
    EXPECT_EQ(second.status, 200);
    EXPECT_EQ(second.header("X-Hibiki-Result"), "duplicate");
    EXPECT_EQ(second.body, first.body);
    EXPECT_EQ(third.status, 200);
    EXPECT_EQ(third.body, first.body);
    EXPECT_EQ(posted.size(), 1);
    EXPECT_EQ(server().lastId(), 1);
    EXPECT_EQ(server().statistics().duplicatesAnswered, 2u);
}

TEST_F(RoomProtocolTest, JsonWithCharsetParameterIsAccepted)
{
    start();
    const QByteArray body = messageBody(u"名前"_s, u"こんにちは 🎉"_s);
    EXPECT_EQ(
        http().post(url(u"/messages"_s), body, "application/json; charset=utf-8").status, 201);
    const HttpReply upper
        = http().post(url(u"/messages"_s), body, "Application/JSON;Charset=\"UTF-8\"");
    EXPECT_EQ(upper.status, 201);
    EXPECT_EQ(upper.json().value("user"_L1).toString(), u"名前"_s);
    EXPECT_EQ(upper.json().value("content"_L1).toString(), u"こんにちは 🎉"_s);
}

TEST_F(RoomProtocolTest, OtherContentTypesAre415)
{
    start();
    const QByteArray body = messageBody(u"alice"_s, u"hi"_s);
    expectJsonError(http().post(url(u"/messages"_s), body, "text/plain"), 415);
    expectJsonError(
        http().post(url(u"/messages"_s), body, "application/x-www-form-urlencoded"), 415);
    expectJsonError(
        http().post(url(u"/messages"_s), body, "application/json; charset=latin1"), 415);
    // No Content-Type at all (QNetworkAccessManager would invent one, so raw).
    const QByteArray raw = rawExchange(port(),
        "POST /messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    EXPECT_TRUE(raw.startsWith("HTTP/1.1 415 ")) << raw.constData();
    EXPECT_EQ(server().lastId(), 0);
}

TEST_F(RoomProtocolTest, InvalidBodiesAre400)
{
    start();
    const auto post
        = [&](const QByteArray &body) { return http().post(url(u"/messages"_s), body); };
    expectJsonError(post("{not json"), 400);
    expectJsonError(post(""), 400);
    expectJsonError(post(R"(["user","content"])"), 400);
    expectJsonError(post(R"({"content":"no user"})"), 400);
    expectJsonError(post(R"({"user":42,"content":"x"})"), 400);
    expectJsonError(post(R"({"user":"   ","content":"x"})"), 400);
    expectJsonError(post(R"({"user":"a\u0007b","content":"x"})"), 400);
    expectJsonError(post(messageBody(QString(65, u'u'), u"x"_s)), 400);
    expectJsonError(post(R"({"user":"alice"})"), 400);
    expectJsonError(post(R"({"user":"alice","content":""})"), 400);
    expectJsonError(post(R"({"user":"alice","content":" \n\t "})"), 400);
    expectJsonError(post(R"({"user":"alice","content":7})"), 400);
    expectJsonError(post(R"({"user":"alice","content":"x","clientId":5})"), 400);
    expectJsonError(post(messageBody(u"alice"_s, u"x"_s, QString(129, u'c'))), 400);
    EXPECT_EQ(server().lastId(), 0);
    // The user name is stored trimmed; the content as sent.
    const HttpReply ok = post(R"({"user":"  alice ","content":" hi\nthere ","clientId":null})");
    EXPECT_EQ(ok.status, 201);
    EXPECT_EQ(ok.json().value("user"_L1).toString(), u"alice"_s);
    EXPECT_EQ(ok.json().value("content"_L1).toString(), u" hi\nthere "_s);
}

TEST_F(RoomProtocolTest, BodyOverTheLimitIs413)
{
    RoomServerConfig config;
    config.maxBodyBytes = 1024;
    start(config);
    const QByteArray fits = messageBody(u"alice"_s, QString(1024 - 40, u'x'));
    ASSERT_LE(fits.size(), 1024);
    EXPECT_EQ(http().post(url(u"/messages"_s), fits).status, 201);
    expectJsonError(
        http().post(url(u"/messages"_s), messageBody(u"alice"_s, QString(1100, u'x'))), 413);
    EXPECT_EQ(server().lastId(), 1);
}

TEST_F(RoomProtocolTest, HugeBodyIsCutOffBeforeItIsBuffered)
{
    RoomServerConfig config;
    config.maxBodyBytes = 1024;
    start(config);
    // Announces 100 MB and sends far more than the limit plus head allowance, but not the
    // whole body: the server must answer without waiting for the rest.
    const QByteArray request = "POST /messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                               "application/json\r\nContent-Length: 100000000\r\n\r\n"
        + QByteArray(200 * 1024, 'x');
    const QByteArray raw = rawExchange(port(), request);
    EXPECT_TRUE(raw.startsWith("HTTP/1.1 413 ")) << raw.left(200).constData();
    EXPECT_TRUE(raw.contains("\"error\"")) << raw.constData();
    EXPECT_EQ(server().lastId(), 0);
    // The room is unharmed.
    EXPECT_EQ(postMessage(u"alice"_s, u"still here"_s).status, 201);
}

TEST_F(RoomProtocolTest, ExpectContinueIsAnsweredBeforeTheBody)
{
    start();
    const QByteArray body = messageBody(u"alice"_s, u"after 100"_s);
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, port());
    ASSERT_TRUE(socket.waitForConnected(5000));
    QByteArray received;
    QObject::connect(&socket, &QTcpSocket::readyRead, [&] { received += socket.readAll(); });
    socket.write("POST /messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                 "Expect: 100-continue\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n");
    // Only the head was sent: the interim answer must come without the body.
    ASSERT_TRUE(QTest::qWaitFor([&] { return received.contains("\r\n\r\n"); }, 5000));
    EXPECT_EQ(received, "HTTP/1.1 100 Continue\r\n\r\n");
    socket.write(body);
    ASSERT_TRUE(QTest::qWaitFor([&] { return received.contains("HTTP/1.1 201 "); }, 5000))
        << received.constData();
    EXPECT_EQ(server().lastId(), 1);
}

TEST_F(RoomProtocolTest, UnknownPathsAre404AndWrongMethods405)
{
    start();
    const HttpReply missing = http().get(url(u"/nothing"_s));
    expectJsonError(missing, 404);
    expectJsonError(http().get(url(u"/"_s)), 404);
    expectJsonError(http().post(url(u"/sse/extra"_s), "{}"), 404);

    const HttpReply getMessages = http().get(url(u"/messages"_s));
    expectJsonError(getMessages, 405);
    EXPECT_EQ(getMessages.header("Allow"), "POST");
    const HttpReply postSse = http().post(url(u"/sse"_s), "{}");
    expectJsonError(postSse, 405);
    EXPECT_EQ(postSse.header("Allow"), "GET");
    const HttpReply deleteHealth = http().send("DELETE", url(u"/health"_s));
    expectJsonError(deleteHealth, 405);
    EXPECT_EQ(deleteHealth.header("Allow"), "GET");
    expectJsonError(http().send("PUT", url(u"/messages"_s), messageBody(u"a"_s, u"b"_s)), 405);
}

TEST_F(RoomProtocolTest, HealthReportsClientsAndLastId)
{
    start();
    HttpReply health = http().get(url(u"/health"_s));
    ASSERT_EQ(health.status, 200);
    EXPECT_EQ(health.header("Content-Type"), "application/json");
    EXPECT_EQ(health.json().value("status"_L1).toString(), u"ok"_s);
    EXPECT_EQ(health.json().value("clients"_L1).toInt(-1), 0);
    EXPECT_EQ(health.json().value("lastId"_L1).toInteger(-1), 0);
    EXPECT_FALSE(health.json().value("persistent"_L1).toBool(true));

    SseConnection stream(port());
    ASSERT_TRUE(stream.waitForHead());
    ASSERT_TRUE(QTest::qWaitFor([&] { return server().clientCount() == 1; }, 5000));
    postMessage(u"alice"_s, u"one"_s);
    postMessage(u"alice"_s, u"two"_s);
    health = http().get(url(u"/health"_s));
    EXPECT_EQ(health.json().value("clients"_L1).toInt(-1), 1);
    EXPECT_EQ(health.json().value("lastId"_L1).toInteger(-1), 2);
}

TEST_F(RoomProtocolTest, FullRoomAnswers503UntilAStreamCloses)
{
    RoomServerConfig config;
    config.maxClients = 2;
    start(config);
    QSignalSpy counts(&server(), &RoomServer::clientCountChanged);
    SseConnection first(port());
    SseConnection second(port());
    ASSERT_TRUE(QTest::qWaitFor([&] { return server().clientCount() == 2; }, 5000));

    const HttpReply full = http().get(url(u"/sse"_s));
    expectJsonError(full, 503);
    EXPECT_EQ(full.header("Retry-After"), "5");
    EXPECT_EQ(server().clientCount(), 2);

    first.close();
    ASSERT_TRUE(QTest::qWaitFor([&] { return server().clientCount() == 1; }, 5000));
    SseConnection third(port());
    ASSERT_TRUE(third.waitForHead());
    EXPECT_EQ(third.status(), 200);
    ASSERT_TRUE(QTest::qWaitFor([&] { return server().clientCount() == 2; }, 5000));
    ASSERT_GE(counts.size(), 4); // 1, 2, 1, 2
    EXPECT_EQ(counts.at(0).at(0).toInt(), 1);
    EXPECT_EQ(counts.at(1).at(0).toInt(), 2);
    EXPECT_EQ(counts.at(2).at(0).toInt(), 1);
}

TEST_F(RoomProtocolTest, InProcessPostValidatesLikeHttp)
{
    start();
    QSignalSpy posted(&server(), &RoomServer::messagePosted);
    const PostResult created = server().post(u"host"_s, u"from the app"_s, u"k"_s);
    EXPECT_EQ(created.status, PostResult::Status::Created);
    EXPECT_EQ(created.message.id, 1);
    const PostResult again = server().post(u"host"_s, u"from the app"_s, u"k"_s);
    EXPECT_EQ(again.status, PostResult::Status::Duplicate);
    EXPECT_EQ(again.message, created.message);
    const PostResult empty = server().post(u"host"_s, u"  "_s);
    EXPECT_EQ(empty.status, PostResult::Status::Rejected);
    EXPECT_FALSE(empty.error.isEmpty());
    EXPECT_EQ(posted.size(), 1);
    EXPECT_EQ(server().statistics().messagesStored, 1u);
}

TEST_F(RoomProtocolTest, ListenFailsOnABusyPortWithAReason)
{
    start();
    RoomServerConfig config;
    config.port = port();
    RoomServer second(config);
    EXPECT_FALSE(second.listen());
    EXPECT_FALSE(second.errorString().isEmpty());
    EXPECT_FALSE(second.isListening());
}

TEST_F(RoomProtocolTest, CloseEndsEverythingAndListenWorksAgain)
{
    start();
    SseConnection stream(port());
    ASSERT_TRUE(stream.waitForHead());
    ASSERT_TRUE(QTest::qWaitFor([&] { return server().clientCount() == 1; }, 5000));
    server().close();
    EXPECT_FALSE(server().isListening());
    EXPECT_EQ(server().clientCount(), 0);
    EXPECT_TRUE(stream.waitForDisconnected());
    ASSERT_TRUE(server().listen()) << qPrintable(server().errorString());
    EXPECT_EQ(postMessage(u"alice"_s, u"again"_s).status, 201);
}

} // namespace
