// SPDX-License-Identifier: MIT
// The hibiki-server program: options, the ready line, signals, --data across processes.
#include "roomtestclient.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <csignal>

using namespace Qt::StringLiterals;
using namespace hibiki::test;

namespace {

// A running hibiki-server and the URL it announced.
struct ServerProcess
{
    QProcess process;
    QUrl baseUrl;
    QByteArray firstLine;

    bool start(const QStringList &arguments)
    {
        process.setProgram(QStringLiteral(HIBIKI_SERVER_PATH));
        process.setArguments(arguments);
        process.setProcessChannelMode(QProcess::SeparateChannels);
        process.start();
        if (!process.waitForStarted(10000)) {
            return false;
        }
        const bool ready = QTest::qWaitFor(
            [&] { return process.canReadLine() || process.state() == QProcess::NotRunning; },
            20000);
        if (!ready || !process.canReadLine()) {
            return false;
        }
        firstLine = process.readLine();
        static const QRegularExpression pattern(
            u"^listening on (http://127\\.0\\.0\\.1:\\d+)\n$"_s);
        const auto match = pattern.match(QString::fromUtf8(firstLine));
        if (!match.hasMatch()) {
            return false;
        }
        baseUrl = QUrl(match.captured(1));
        return baseUrl.port() > 0;
    }

    bool stop(int signalNumber)
    {
        ::kill(process.processId(), signalNumber);
        return process.waitForFinished(20000);
    }

    ~ServerProcess()
    {
        if (process.state() != QProcess::NotRunning) {
            process.kill();
            process.waitForFinished(5000);
        }
    }
};

TEST(RoomServerExecutable, AnnouncesPortServesAndExitsCleanlyOnSigterm)
{
    ServerProcess server;
    ASSERT_TRUE(server.start({u"--port"_s, u"0"_s}))
        << server.firstLine.constData() << server.process.readAllStandardError().constData();
    EXPECT_NE(server.baseUrl.port(), 8787);
    HttpClient http;
    const HttpReply posted = http.post(server.baseUrl.resolved(QUrl(u"/messages"_s)),
        messageBody(u"alice"_s, u"from a test"_s, u"x1"_s));
    EXPECT_EQ(posted.status, 201);
    SseConnection stream(quint16(server.baseUrl.port()));
    ASSERT_TRUE(stream.waitForMessages(1));
    EXPECT_EQ(stream.events(u"message"_s).first().data.toUtf8(), posted.body);

    ASSERT_TRUE(server.stop(SIGTERM));
    EXPECT_EQ(server.process.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(server.process.exitCode(), 0);
    EXPECT_TRUE(stream.waitForDisconnected());
}

TEST(RoomServerExecutable, SigintAlsoExitsCleanly)
{
    ServerProcess server;
    ASSERT_TRUE(server.start({u"--port"_s, u"0"_s, u"--heartbeat-ms"_s, u"50"_s}));
    SseConnection stream(quint16(server.baseUrl.port()));
    ASSERT_TRUE(stream.waitUntil([&] { return stream.body().contains(": ping\n\n"); }));
    ASSERT_TRUE(server.stop(SIGINT));
    EXPECT_EQ(server.process.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(server.process.exitCode(), 0);
}

TEST(RoomServerExecutable, DataSurvivesAProcessRestart)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QStringList arguments {
        u"--port"_s, u"0"_s, u"--data"_s, dir.path(), u"--history"_s, u"1"_s};
    HttpClient http;
    {
        ServerProcess first;
        ASSERT_TRUE(first.start(arguments));
        for (int i = 1; i <= 3; ++i) {
            const HttpReply reply = http.post(first.baseUrl.resolved(QUrl(u"/messages"_s)),
                messageBody(u"alice"_s, u"m%1"_s.arg(i), u"id-%1"_s.arg(i)));
            ASSERT_EQ(reply.status, 201);
        }
        // SIGKILL: nothing but what was committed before each answer survives.
        first.process.kill();
        ASSERT_TRUE(first.process.waitForFinished(10000));
    }
    ServerProcess second;
    ASSERT_TRUE(second.start(arguments)) << second.process.readAllStandardError().constData();
    SseConnection stream(quint16(second.baseUrl.port()), "/sse", {{"Last-Event-ID", "1"}});
    ASSERT_TRUE(stream.waitForMessages(2));
    EXPECT_EQ(stream.messageIds(), (QList<qint64> {2, 3}));
    const HttpReply retry = http.post(
        second.baseUrl.resolved(QUrl(u"/messages"_s)), messageBody(u"alice"_s, u"m1"_s, u"id-1"_s));
    EXPECT_EQ(retry.status, 200);
    EXPECT_EQ(retry.json().value("id"_L1).toString(), u"1"_s);
    ASSERT_TRUE(second.stop(SIGTERM));
    EXPECT_EQ(second.process.exitCode(), 0);
}

TEST(RoomServerExecutable, BadOptionsExit2AndVersionPrints)
{
    for (const QStringList &arguments :
        {QStringList {u"--port"_s, u"70000"_s}, QStringList {u"--listen"_s, u"nowhere"_s},
            QStringList {u"--history"_s, u"0"_s}, QStringList {u"--max-body"_s, u"x"_s},
            QStringList {u"--bogus"_s}, QStringList {u"extra"_s}}) {
        QProcess process;
        process.start(QStringLiteral(HIBIKI_SERVER_PATH), arguments);
        ASSERT_TRUE(process.waitForFinished(10000));
        EXPECT_EQ(process.exitCode(), 2) << qPrintable(arguments.join(u' '));
        EXPECT_FALSE(process.readAllStandardError().isEmpty());
    }
    QProcess version;
    version.start(QStringLiteral(HIBIKI_SERVER_PATH), {u"--version"_s});
    ASSERT_TRUE(version.waitForFinished(10000));
    EXPECT_EQ(version.exitCode(), 0);
    EXPECT_TRUE(version.readAllStandardOutput().startsWith("hibiki-server "));
}

TEST(RoomServerExecutable, BusyPortExits1)
{
    ServerProcess first;
    ASSERT_TRUE(first.start({u"--port"_s, u"0"_s}));
    QProcess second;
    second.start(
        QStringLiteral(HIBIKI_SERVER_PATH), {u"--port"_s, QString::number(first.baseUrl.port())});
    ASSERT_TRUE(second.waitForFinished(10000));
    EXPECT_EQ(second.exitCode(), 1);
    EXPECT_TRUE(second.readAllStandardError().contains("cannot listen"));
}

} // namespace
