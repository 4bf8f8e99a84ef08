// SPDX-License-Identifier: MIT
// sse-tail end to end: the real binary run with QProcess against files, stdin and a
// scripted loopback server.
#include "scriptedserver.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSslSocket>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::test::Response;
using hibiki::test::ScriptedServer;

namespace {

constexpr int processTimeoutMs = 30000;

struct TailRun
{
    bool finished = false;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    QList<QByteArray> outLines() const
    {
        QList<QByteArray> lines = out.split('\n');
        if (!lines.isEmpty() && lines.last().isEmpty()) {
            lines.removeLast();
        }
        return lines;
    }
    QList<QJsonObject> jsonLines() const
    {
        QList<QJsonObject> objects;
        for (const QByteArray &line : outLines()) {
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(line, &error);
            EXPECT_EQ(error.error, QJsonParseError::NoError) << line.constData();
            EXPECT_TRUE(document.isObject()) << line.constData();
            objects.append(document.object());
        }
        return objects;
    }
    QByteArray lastErrLine() const
    {
        QList<QByteArray> lines = err.trimmed().split('\n');
        return lines.isEmpty() ? QByteArray() : lines.last();
    }
};

// Runs sse-tail to its end while the event loop keeps serving (the scripted server lives
// in this thread, so QProcess::waitForFinished() would starve it).
TailRun runTail(const QStringList &arguments, const QByteArray &input = {}, bool writeInput = false)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"NO_COLOR"_s, u"1"_s);
    // Sanitizer builds only: OpenSSL's per-thread state is not the tool's leak (see the file).
    if (!environment.contains(u"LSAN_OPTIONS"_s)) {
        environment.insert(
            u"LSAN_OPTIONS"_s, QStringLiteral("suppressions=" HIBIKI_LSAN_SUPPRESSIONS));
    }
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(SSE_TAIL_PATH), arguments);
    TailRun run;
    if (!process.waitForStarted(processTimeoutMs)) {
        ADD_FAILURE() << "sse-tail did not start: " << qPrintable(process.errorString());
        return run;
    }
    if (writeInput) {
        process.write(input);
        process.closeWriteChannel();
    }
    run.finished = QTest::qWaitFor(
        [&] { return process.state() == QProcess::NotRunning; }, processTimeoutMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished();
        ADD_FAILURE() << "sse-tail did not finish: " << qPrintable(arguments.join(u' '));
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

QJsonObject eventObject(const QString &type, const QString &data, const QString &lastEventId)
{
    return QJsonObject {{u"kind"_s, u"event"_s}, {u"type"_s, type}, {u"data"_s, data},
        {u"lastEventId"_s, lastEventId}};
}

class SseTailTest : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }

    QString writeFile(const QString &name, const QByteArray &contents)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(contents);
        return path;
    }

    QTemporaryDir m_dir;
};

// A stream that exercises the parser through the tool: BOM, CRLF and CR line ends,
// comments, retry, multi-line data, UTF-8, an id reset, an unfinished event at the end.
const QByteArray mixedStream = "\xEF\xBB\xBF"
                               ": hello\r\n"
                               "retry: 1500\r\n"
                               "id: 1\r\n"
                               "event: greet\r\n"
                               "data: hi there\r\n\r\n"
                               "data: line one\rdata: line two\r\r"
                               "id: 2\n"
                               "data: こんにちは \"quoted\" \\ tab\there\n\n"
                               "id\n"
                               "data:no space\n\n"
                               "data: unfinished";

const QList<QJsonObject> mixedStreamJson = {
    QJsonObject {{u"kind"_s, u"comment"_s}, {u"text"_s, u" hello"_s}},
    QJsonObject {{u"kind"_s, u"retry"_s}, {u"ms"_s, 1500}},
    eventObject(u"greet"_s, u"hi there"_s, u"1"_s),
    eventObject(u"message"_s, u"line one\nline two"_s, u"1"_s),
    eventObject(u"message"_s, u"こんにちは \"quoted\" \\ tab\there"_s, u"2"_s),
    eventObject(u"message"_s, u"no space"_s, QString()),
};

TEST_F(SseTailTest, FilePrintsHumanReadableEvents)
{
    const TailRun run = runTail({writeFile(u"mixed.sse"_s, mixedStream)});
    EXPECT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_EQ(run.out,
        "[greet] id=1 hi there\n"
        "[message] id=1 line one\n"
        "               line two\n"
        "[message] id=2 こんにちは \"quoted\" \\ tab\there\n"
        "[message] no space\n");
}

TEST_F(SseTailTest, FileAsJsonLines)
{
    const TailRun run = runTail({u"--json"_s, u"--comments"_s, writeFile(u"m.sse"_s, mixedStream)});
    EXPECT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_EQ(run.jsonLines(), mixedStreamJson);
    EXPECT_TRUE(run.err.isEmpty()) << run.err.constData();
}

TEST_F(SseTailTest, JsonEscapesEverythingThatNeedsIt)
{
    const QByteArray stream = "event: a\"b\\c\n"
                              "data: \x01\x1f\x7f \xF0\x9F\x98\x80 \xFF end\n\n";
    const TailRun run = runTail({u"--json"_s, writeFile(u"esc.sse"_s, stream)});
    EXPECT_EQ(run.exitCode, 0);
    ASSERT_EQ(run.outLines().size(), 1);
    EXPECT_FALSE(run.out.contains('\x01')) << "control characters must be escaped";
    const QString data = u"\x01\x1f\x7f "_s + QString::fromUtf8("\xF0\x9F\x98\x80") + u" "_s
        + QChar(QChar::ReplacementCharacter) + u" end"_s;
    EXPECT_EQ(run.jsonLines(), QList<QJsonObject> {eventObject(u"a\"b\\c"_s, data, QString())});
}

TEST_F(SseTailTest, HumanOutputShowsControlCharactersVisibly)
{
    const TailRun run = runTail({writeFile(u"ctl.sse"_s, "data: a\x1b[31mb\n\n")});
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_EQ(run.out, QString(u"[message] a"_s + QChar(0x241b) + u"[31mb\n"_s).toUtf8());
}

TEST_F(SseTailTest, StdinInOneByteChunksPrintsTheSameAsWhole)
{
    const QStringList json = {u"--json"_s, u"--comments"_s};
    const TailRun whole = runTail(json + QStringList {u"-"_s}, mixedStream, true);
    const TailRun bytewise
        = runTail(json + QStringList {u"--chunk-size"_s, u"1"_s, u"-"_s}, mixedStream, true);
    const TailRun threes
        = runTail(json + QStringList {u"--chunk-size"_s, u"3"_s, u"-"_s}, mixedStream, true);
    EXPECT_EQ(whole.exitCode, 0);
    EXPECT_EQ(bytewise.exitCode, 0);
    EXPECT_EQ(threes.exitCode, 0);
    EXPECT_EQ(whole.jsonLines(), mixedStreamJson);
    EXPECT_EQ(bytewise.out, whole.out);
    EXPECT_EQ(threes.out, whole.out);
}

TEST_F(SseTailTest, EmptyStdinExitsZero)
{
    const TailRun run = runTail({u"-"_s}, QByteArray(), true);
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_TRUE(run.out.isEmpty());
}

TEST_F(SseTailTest, CountStopsAfterThatManyEvents)
{
    QByteArray stream;
    for (int i = 1; i <= 10; ++i) {
        stream
            += "id: " + QByteArray::number(i) + "\ndata: event " + QByteArray::number(i) + "\n\n";
    }
    const TailRun run = runTail({u"-n"_s, u"3"_s, u"--json"_s, writeFile(u"ten.sse"_s, stream)});
    EXPECT_EQ(run.exitCode, 0);
    const QList<QJsonObject> lines = run.jsonLines();
    ASSERT_EQ(lines.size(), 3);
    EXPECT_EQ(lines.last(), eventObject(u"message"_s, u"event 3"_s, u"3"_s));
}

TEST_F(SseTailTest, QuietWithStatsPrintsOnlyTheStatsLine)
{
    QByteArray stream;
    for (int i = 0; i < 1000; ++i) {
        stream += "data: 0123456789\n\n";
    }
    const TailRun run = runTail({u"--quiet"_s, u"--stats"_s, writeFile(u"k.sse"_s, stream)});
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_TRUE(run.out.isEmpty());
    static const QRegularExpression format(
        uR"(^events=1000 bytes=%1 seconds=\d+\.\d{6} events_per_s=\d+ mb_per_s=\d+\.\d$)"_s.arg(
            stream.size()));
    EXPECT_TRUE(format.match(QString::fromUtf8(run.lastErrLine())).hasMatch())
        << run.err.constData();
}

TEST_F(SseTailTest, MissingFileFailsWithOne)
{
    const TailRun run = runTail({m_dir.filePath(u"does-not-exist.sse"_s)});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.err.contains("does-not-exist.sse")) << run.err.constData();
}

TEST_F(SseTailTest, UsageErrorsExitWithTwo)
{
    const QString file = writeFile(u"u.sse"_s, "data: x\n\n");
    const QList<QStringList> mistakes = {
        {},
        {u"--no-such-option"_s, file},
        {u"-H"_s, u"no colon here"_s, u"http://127.0.0.1:1/"_s},
        {u"-H"_s, u"Bad Name: x"_s, u"http://127.0.0.1:1/"_s},
        {u"-n"_s, u"0"_s, file},
        {u"--count"_s, u"many"_s, file},
        {u"--timeout"_s, u"-1"_s, file},
        {u"--chunk-size"_s, u"0"_s, file},
        {u"--chunk-size"_s, u"4"_s, u"http://127.0.0.1:1/"_s},
        {u"--last-event-id"_s, u"5"_s, file},
        {u"--pin-sha256"_s, QString(64, u'a'), file},
        {u"--pin-sha256"_s, u"abcd"_s, u"https://127.0.0.1:1/"_s},
        {u"--pin-sha256"_s, QString(64, u'g'), u"https://127.0.0.1:1/"_s},
        {u"ftp://127.0.0.1/stream"_s},
        {file, file},
    };
    for (const QStringList &arguments : mistakes) {
        const TailRun run = runTail(arguments);
        EXPECT_EQ(run.exitCode, 2) << qPrintable(arguments.join(u' '));
        EXPECT_TRUE(run.out.isEmpty()) << qPrintable(arguments.join(u' '));
        EXPECT_TRUE(run.err.contains("sse-tail: ")) << qPrintable(arguments.join(u' '));
    }
}

TEST_F(SseTailTest, HelpExitsZero)
{
    const TailRun run = runTail({u"--help"_s});
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_TRUE(run.out.startsWith("Usage: sse-tail")) << run.out.constData();
}

class SseTailNetworkTest : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_server.isListening()); }

    ScriptedServer m_server;
};

TEST_F(SseTailNetworkTest, UrlWithCountExitsWhileTheStreamStaysOpen)
{
    m_server.enqueue(Response::sse()
                         .write("retry: 250\n\nid: 1\ndata: one\n\n")
                         .write("id: 2\nevent: note\ndata: two\n\n")
                         .write("data: three\n\n")
                         .hold());
    const TailRun run = runTail({u"--json"_s, u"-n"_s, u"3"_s, m_server.url(u"/sse"_s).toString()});
    EXPECT_EQ(run.exitCode, 0) << run.err.constData();
    const QList<QJsonObject> expected = {
        QJsonObject {{u"kind"_s, u"open"_s}},
        QJsonObject {{u"kind"_s, u"retry"_s}, {u"ms"_s, 250}},
        eventObject(u"message"_s, u"one"_s, u"1"_s),
        eventObject(u"note"_s, u"two"_s, u"2"_s),
        eventObject(u"message"_s, u"three"_s, u"2"_s),
    };
    EXPECT_EQ(run.jsonLines(), expected);
    ASSERT_EQ(m_server.requestCount(), 1);
    EXPECT_EQ(m_server.lastRequest().path(), u"/sse"_s);
    EXPECT_EQ(m_server.lastRequest().header("Accept"), "text/event-stream");
}

TEST_F(SseTailNetworkTest, HumanOutputFromUrl)
{
    m_server.enqueue(Response::sse().write("event: chat\ndata: {\"a\":1}\n\n").hold());
    const TailRun run = runTail({u"-n"_s, u"1"_s, m_server.url().toString()});
    EXPECT_EQ(run.exitCode, 0);
    EXPECT_EQ(run.out, "[chat] {\"a\":1}\n");
    EXPECT_TRUE(run.err.contains("connected to")) << run.err.constData();
}

TEST_F(SseTailNetworkTest, HeadersAndLastEventIdReachTheServer)
{
    m_server.enqueue(Response::sse().write("data: x\n\n").hold());
    const TailRun run = runTail(
        {u"-H"_s, u"X-Token: secret value"_s, u"--header"_s, u"Authorization: Bearer abc"_s,
            u"--last-event-id"_s, u"41"_s, u"-n"_s, u"1"_s, m_server.url().toString()});
    EXPECT_EQ(run.exitCode, 0) << run.err.constData();
    ASSERT_EQ(m_server.requestCount(), 1);
    const hibiki::test::Request request = m_server.lastRequest();
    EXPECT_EQ(request.header("X-Token"), "secret value");
    EXPECT_EQ(request.header("Authorization"), "Bearer abc");
    EXPECT_EQ(request.header("Last-Event-ID"), "41");
}

TEST_F(SseTailNetworkTest, ReconnectsWithTheLatestLastEventId)
{
    m_server.enqueue(Response::sse().write("id: 7\ndata: a\n\nid: 8\ndata: b\n\n").close());
    m_server.enqueue(Response::sse().write("data: c\n\n").hold());
    const TailRun run = runTail(
        {u"--json"_s, u"-n"_s, u"3"_s, u"--reconnect-delay"_s, u"10"_s, m_server.url().toString()});
    EXPECT_EQ(run.exitCode, 0) << run.err.constData();
    ASSERT_EQ(m_server.requestCount(), 2);
    EXPECT_FALSE(m_server.requests().at(0).hasHeader("Last-Event-ID"));
    EXPECT_EQ(m_server.requests().at(1).header("Last-Event-ID"), "8");
    const QList<QJsonObject> lines = run.jsonLines();
    ASSERT_FALSE(lines.isEmpty());
    EXPECT_EQ(lines.last(), eventObject(u"message"_s, u"c"_s, u"8"_s));
    const auto isRetryingError = [](const QJsonObject &line) {
        return line.value(u"kind"_s) == u"error"_s && line.value(u"willRetry"_s) == true;
    };
    EXPECT_EQ(std::count_if(lines.begin(), lines.end(), isRetryingError), 1);
}

TEST_F(SseTailNetworkTest, NotFoundExitsWithOne)
{
    m_server.enqueue(Response::status(404, "nothing here\n"));
    const TailRun run = runTail({u"--json"_s, m_server.url(u"/missing"_s).toString()});
    EXPECT_EQ(run.exitCode, 1);
    const QList<QJsonObject> lines = run.jsonLines();
    ASSERT_EQ(lines.size(), 1);
    EXPECT_EQ(lines.first().value(u"kind"_s), u"error"_s);
    EXPECT_EQ(lines.first().value(u"willRetry"_s), false);
    EXPECT_TRUE(lines.first().value(u"message"_s).toString().contains(u"404"_s));
    EXPECT_TRUE(run.err.contains("404")) << run.err.constData();
    EXPECT_EQ(m_server.requestCount(), 1) << "a 404 must not be retried";
}

TEST_F(SseTailNetworkTest, WrongContentTypeExitsWithOne)
{
    m_server.enqueue(Response(200).contentType("text/html").write("<html></html>"));
    const TailRun run = runTail({m_server.url().toString()});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.err.contains("text/html")) << run.err.constData();
}

TEST_F(SseTailNetworkTest, NoContentMeansDone)
{
    m_server.enqueue(Response::status(204));
    const TailRun run = runTail({u"--quiet"_s, m_server.url().toString()});
    EXPECT_EQ(run.exitCode, 0) << run.err.constData();
}

TEST_F(SseTailNetworkTest, RefusedConnectionExitsWithOne)
{
    // A port that was just free: nothing listens there any more.
    QTcpServer probe;
    ASSERT_TRUE(probe.listen(QHostAddress::LocalHost));
    const quint16 port = probe.serverPort();
    probe.close();
    const TailRun run
        = runTail({u"--max-reconnects"_s, u"0"_s, u"http://127.0.0.1:%1/sse"_s.arg(port)});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.err.contains("refused")) << run.err.constData();
}

TEST_F(SseTailNetworkTest, GivesUpAfterMaxReconnects)
{
    // Connections that never open count as failures in a row (an open resets the count).
    for (int i = 0; i < 3; ++i) {
        m_server.enqueue(Response::status(503, "busy\n"));
    }
    const TailRun run = runTail({u"--json"_s, u"--retry-server-errors"_s, u"--max-reconnects"_s,
        u"2"_s, u"--reconnect-delay"_s, u"10"_s, m_server.url().toString()});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_EQ(m_server.requestCount(), 3);
    const QList<QJsonObject> lines = run.jsonLines();
    ASSERT_FALSE(lines.isEmpty());
    EXPECT_EQ(lines.last().value(u"kind"_s), u"error"_s);
    EXPECT_EQ(lines.last().value(u"willRetry"_s), false);
}

TEST_F(SseTailNetworkTest, TimeoutExitsWithThree)
{
    m_server.enqueue(Response::sse().hold()); // open, then silence
    const TailRun run = runTail({u"--timeout"_s, u"0.3"_s, m_server.url().toString()});
    EXPECT_EQ(run.exitCode, 3);
    EXPECT_TRUE(run.out.isEmpty());
    EXPECT_TRUE(run.err.contains("timed out")) << run.err.constData();
}

TEST_F(SseTailNetworkTest, TimeoutAlsoAppliesToSilentStdin)
{
    // Standard input stays open and silent: only --timeout ends the run.
    QProcess process;
    process.start(QStringLiteral(SSE_TAIL_PATH), {u"--timeout"_s, u"0.3"_s, u"-"_s});
    ASSERT_TRUE(process.waitForStarted(processTimeoutMs));
    process.write("data: early\n\n");
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, processTimeoutMs));
    EXPECT_EQ(process.exitCode(), 3);
    EXPECT_EQ(process.readAllStandardOutput(), "[message] early\n");
}

// ---- --pin-sha256 against a loopback TLS server with a throwaway certificate -------------

class SseTailTlsTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        if (!QSslSocket::supportsSsl()) {
            GTEST_SKIP() << "Qt has no TLS backend here";
        }
        ASSERT_TRUE(m_dir.isValid());
        m_certificate = hibiki::test::makeTestCertificate(m_dir.path());
        if (!m_certificate.isValid()) {
            GTEST_SKIP() << qPrintable(m_certificate.error);
        }
        m_listener = m_server.listenOnTls(
            QHostAddress(QHostAddress::LocalHost), m_certificate.serverConfiguration());
        ASSERT_GE(m_listener, 0);
    }

    QString url() const { return m_server.url(u"/sse"_s, m_listener).toString(); }
    // "AB:CD:...", as a user pastes it.
    QString displayed(QByteArrayView sha256) const
    {
        QStringList pairs;
        for (qsizetype i = 0; i + 1 < sha256.size(); i += 2) {
            pairs.append(QString::fromLatin1(sha256.sliced(i, 2)).toUpper());
        }
        return pairs.join(u':');
    }

    QTemporaryDir m_dir;
    hibiki::test::TestCertificate m_certificate;
    ScriptedServer m_server;
    int m_listener = -1;
};

TEST_F(SseTailTlsTest, ThePinnedCertificateIsTrusted)
{
    // The fingerprint in every form a user may paste it.
    const QStringList forms
        = {displayed(m_certificate.sha256), QString::fromLatin1(m_certificate.sha256),
            u"sha256 Fingerprint="_s + displayed(m_certificate.sha256)};
    for (const QString &pin : forms) {
        SCOPED_TRACE(pin.toStdString());
        m_server.enqueue(Response::sse().write("id: 1\ndata: secure\n\n").hold());
        const TailRun run = runTail({u"--pin-sha256"_s, pin, u"-n"_s, u"1"_s, url()});
        EXPECT_EQ(run.exitCode, 0) << run.err.constData();
        EXPECT_EQ(run.out, "[message] id=1 secure\n");
        m_server.closeAll();
    }
}

TEST_F(SseTailTlsTest, AWrongPinExitsOneNamingBothFingerprints)
{
    m_server.setDefaultResponse(Response::sse().write("data: must not be read\n\n"));
    const QByteArray wrong(64, 'a');
    const TailRun run = runTail({u"--pin-sha256"_s, QString::fromLatin1(wrong), url()});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.out.isEmpty()) << run.out.constData();
    const QString err = QString::fromUtf8(run.err);
    EXPECT_TRUE(err.contains(u"does not match --pin-sha256"_s)) << qPrintable(err);
    EXPECT_TRUE(err.contains(displayed(wrong))) << qPrintable(err);
    EXPECT_TRUE(err.contains(displayed(m_certificate.sha256))) << qPrintable(err);
    EXPECT_EQ(m_server.requestCount(), 0); // no request went over the refused connection
}

TEST_F(SseTailTlsTest, AnUntrustedCertificateWithoutPinExitsOneSayingHowToTrustIt)
{
    m_server.setDefaultResponse(Response::sse().write("data: must not be read\n\n"));
    const TailRun run = runTail({url()});
    EXPECT_EQ(run.exitCode, 1);
    const QString err = QString::fromUtf8(run.err);
    EXPECT_TRUE(err.contains(u"not trusted"_s)) << qPrintable(err);
    EXPECT_TRUE(err.contains(u"--pin-sha256"_s)) << qPrintable(err);
    EXPECT_TRUE(err.contains(displayed(m_certificate.sha256))) << qPrintable(err);
    EXPECT_EQ(m_server.requestCount(), 0);
}

} // namespace
