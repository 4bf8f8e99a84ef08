// SPDX-License-Identifier: MIT
// The programs as a user runs them: `hibiki-server --tls DIR --token-file FILE
// --print-invite` and `sse-tail`, each a process of its own. The invite link the server
// prints is read by the app's own parser; with its token and its pinned fingerprint
// sse-tail gets the room's events, without the token it gets 401, and with another
// fingerprint it refuses the server before sending a request.
#include <shell/invitelink.h>
#include <shell/tokenstore.h>

#include <sseclient/certificatepinning.h>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::InviteLink;

namespace {

constexpr int TimeoutMs = 30000;

struct TailRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// sse-tail to its end. The server is another process: blocking here starves nothing.
TailRun runTail(const QStringList &arguments)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"NO_COLOR"_s, u"1"_s);
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(SSE_TAIL_PATH), arguments);
    TailRun run;
    if (!process.waitForStarted(TimeoutMs) || !process.waitForFinished(TimeoutMs)) {
        process.kill();
        process.waitForFinished();
        run.err = "sse-tail did not finish in time";
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

class ServerInviteCliTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_server.setProgram(QStringLiteral(HIBIKI_SERVER_PATH));
        m_server.setArguments({u"--port"_s, u"0"_s, u"--tls"_s, m_dir.filePath(u"tls"_s),
            u"--token-file"_s, tokenFile(), u"--name"_s, u"Team ☕"_s, u"--print-invite"_s});
        m_server.start();
        ASSERT_TRUE(m_server.waitForStarted(TimeoutMs));
        // "listening on https://127.0.0.1:PORT", then the invite link.
        QList<QByteArray> lines;
        while (lines.size() < 2) {
            const bool more = m_server.canReadLine() || m_server.waitForReadyRead(TimeoutMs);
            ASSERT_TRUE(more) << "no invite line; stderr: "
                              << m_server.readAllStandardError().constData();
            while (m_server.canReadLine()) {
                lines.append(m_server.readLine().trimmed());
            }
        }
        ASSERT_TRUE(lines.at(0).startsWith("listening on https://127.0.0.1:"))
            << lines.at(0).data();
        m_listening = QUrl(QString::fromLatin1(lines.at(0).mid(13)));
        m_link = QString::fromUtf8(lines.at(1));
        QString error;
        const std::optional<InviteLink> invite = InviteLink::parse(m_link, &error);
        ASSERT_TRUE(invite) << error.toStdString() << ": " << m_link.toStdString();
        m_invite = *invite;
    }

    void TearDown() override
    {
        m_server.terminate(); // SIGTERM: a clean shutdown
        if (!m_server.waitForFinished(TimeoutMs)) {
            m_server.kill();
            m_server.waitForFinished();
        }
    }

    QString tokenFile() const { return m_dir.filePath(u"token"_s); }
    QString streamUrl() const { return m_invite.profile().streamUrl.toString(); }
    QString bearer() const
    {
        return u"Authorization: "_s
            + QString::fromLatin1(hibiki::authorizationHeader(m_invite.token));
    }

    // POST /messages as the app does: pinned certificate and token.
    int post(const QString &content)
    {
        QNetworkAccessManager manager;
        QNetworkRequest request(m_invite.profile().postUrl);
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        request.setRawHeader("Authorization", hibiki::authorizationHeader(m_invite.token));
        const QByteArray body
            = QJsonDocument(QJsonObject {{u"user"_s, u"alice"_s}, {u"content"_s, content}})
                  .toJson(QJsonDocument::Compact);
        QNetworkReply *reply = manager.post(request, body);
        QObject::connect(
            reply, &QNetworkReply::sslErrors, reply, [&, reply](const QList<QSslError> &errors) {
                sse::acceptPinnedCertificate(reply, errors, {m_invite.sha256});
            });
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, TimeoutMs)) {
            return -1;
        }
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        delete reply;
        return status;
    }

    QTemporaryDir m_dir;
    QProcess m_server;
    QUrl m_listening;
    QString m_link;
    InviteLink m_invite;
};

TEST_F(ServerInviteCliTest, ThePrintedInviteNamesTheRoomItsCertificateAndItsToken)
{
    EXPECT_EQ(m_invite.baseUrl, m_listening);
    EXPECT_EQ(m_invite.sha256.size(), 64);
    EXPECT_EQ(m_invite.name, u"Team ☕"_s);
    EXPECT_EQ(m_invite.toString(), m_link); // written as the app writes it
    // The token file was made with a new token, for its owner only.
    QFile file(tokenFile());
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(QString::fromLatin1(file.readLine().trimmed()), m_invite.token);
    EXPECT_EQ(m_invite.token.size(), 43);
    EXPECT_FALSE(file.permissions()
        & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther));
}

TEST_F(ServerInviteCliTest, SseTailNeedsTheTokenAndGetsTheEventsWithIt)
{
    ASSERT_EQ(post(u"hello over TLS"_s), 201);
    const QString pin = QString::fromLatin1(m_invite.sha256);

    const TailRun refused = runTail({u"--pin-sha256"_s, pin, u"-n"_s, u"1"_s, streamUrl()});
    EXPECT_EQ(refused.exitCode, 1) << refused.err.constData();
    EXPECT_TRUE(refused.out.isEmpty()) << refused.out.constData();
    EXPECT_TRUE(refused.err.contains("401")) << refused.err.constData();

    const TailRun read = runTail(
        {u"--pin-sha256"_s, pin, u"-H"_s, bearer(), u"--json"_s, u"-n"_s, u"1"_s, streamUrl()});
    ASSERT_EQ(read.exitCode, 0) << read.err.constData();
    QJsonObject event; // one JSON object per line: the opening, retry:, the event
    for (const QByteArray &line : read.out.split('\n')) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        if (object.value(u"kind"_s).toString() == u"event"_s) {
            event = object;
        }
    }
    EXPECT_EQ(event.value(u"type"_s).toString(), u"message"_s) << read.out.constData();
    const QJsonObject message
        = QJsonDocument::fromJson(event.value(u"data"_s).toString().toUtf8()).object();
    EXPECT_EQ(message.value(u"content"_s).toString(), u"hello over TLS"_s);
    EXPECT_EQ(message.value(u"user"_s).toString(), u"alice"_s);
}

TEST_F(ServerInviteCliTest, SseTailRefusesAnotherCertificateThanThePinnedOne)
{
    const QByteArray wrong(64, 'e');
    const TailRun run = runTail({u"--pin-sha256"_s, QString::fromLatin1(wrong), u"-H"_s, bearer(),
        u"-n"_s, u"1"_s, streamUrl()});
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_TRUE(run.out.isEmpty()) << run.out.constData();
    const QString err = QString::fromUtf8(run.err);
    EXPECT_TRUE(err.contains(u"does not match --pin-sha256"_s)) << qPrintable(err);
    EXPECT_TRUE(err.contains(sse::displaySha256(m_invite.sha256))) << qPrintable(err);
    // Without any pin the self-signed certificate is not trusted either.
    const TailRun unpinned = runTail({u"-H"_s, bearer(), u"-n"_s, u"1"_s, streamUrl()});
    EXPECT_EQ(unpinned.exitCode, 1);
    EXPECT_TRUE(unpinned.out.isEmpty()) << unpinned.out.constData();
}

} // namespace
