// SPDX-License-Identifier: MIT
// TLS, the access token and invite links: a self-signed certificate made on first start
// (key mode 0600), HTTPS trusted by fingerprint, 401 without the token, token rotation
// that ends the streams holding the old one, and --print-invite.
#include "roomfixture.h"

#include <QCryptographicHash>
#include <QFile>
#include <QHostInfo>
#include <QNetworkReply>
#include <QProcess>
#include <QSslCertificate>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace hibiki;
using namespace hibiki::test;

namespace {

int fileMode(const QString &path)
{
    struct stat info
    { };
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? int(info.st_mode & 0777) : -1;
}

QString sha256OfPem(const QString &path)
{
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(path);
    return certificates.isEmpty()
        ? QString()
        : QString::fromLatin1(certificates.first().digest(QCryptographicHash::Sha256).toHex());
}

// An HTTPS request that trusts the server's certificate only if its SHA-256 is `pin`.
HttpReply httpsRequest(const QByteArray &method, const QUrl &url, const QString &pin,
    const QByteArray &authorization = {}, const QByteArray &body = {})
{
    QNetworkAccessManager manager;
    QNetworkRequest request(url);
    if (!authorization.isEmpty()) {
        request.setRawHeader("Authorization", authorization);
    }
    if (!body.isEmpty()) {
        request.setRawHeader("Content-Type", "application/json");
    }
    std::unique_ptr<QNetworkReply> reply(manager.sendCustomRequest(request, method, body));
    QObject::connect(reply.get(), &QNetworkReply::sslErrors, reply.get(),
        [&reply, pin](const QList<QSslError> &errors) {
            const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
            if (QString::fromLatin1(peer.digest(QCryptographicHash::Sha256).toHex()) == pin) {
                reply->ignoreSslErrors(errors); // that certificate, and no other
            }
        });
    HttpReply result;
    result.finished = QTest::qWaitFor([&] { return reply->isFinished(); }, 20000);
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    return result;
}

// GET /sse over TLS on a raw QSslSocket pinned to `pin`, keeping what arrives.
class TlsStream
{
public:
    TlsStream(quint16 port, const QString &pin, const QByteArray &authorization)
    {
        QObject::connect(
            &m_socket, &QSslSocket::sslErrors, [this, pin](const QList<QSslError> &errors) {
                const QSslCertificate peer = m_socket.peerCertificate();
                if (QString::fromLatin1(peer.digest(QCryptographicHash::Sha256).toHex()) == pin) {
                    m_socket.ignoreSslErrors(errors);
                }
            });
        QObject::connect(
            &m_socket, &QSslSocket::readyRead, [this] { m_received += m_socket.readAll(); });
        QObject::connect(&m_socket, &QSslSocket::encrypted, [this, port, authorization] {
            m_socket.write("GET /sse HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port)
                + "\r\nAuthorization: " + authorization + "\r\n\r\n");
        });
        m_socket.connectToHostEncrypted(u"127.0.0.1"_s, port);
    }
    bool waitFor(QByteArrayView text, int timeoutMs = 10000)
    {
        return QTest::qWaitFor([&] { return m_received.contains(text); }, timeoutMs);
    }
    bool waitForClosed(int timeoutMs = 10000)
    {
        return QTest::qWaitFor(
            [this] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
    }
    const QByteArray &received() const { return m_received; }

private:
    QSslSocket m_socket;
    QByteArray m_received;
};

class RoomTlsTest : public RoomTest
{
protected:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

TEST_F(RoomTlsTest, MakesASelfSignedCertificateWithAnOwnerOnlyKeyAndServesHttps)
{
    RoomServerConfig config;
    config.tlsDirectory = path(u"tls"_s);
    start(config);
    ASSERT_TRUE(server().isEncrypted());
    EXPECT_EQ(server().baseUrl().scheme(), u"https"_s);
    EXPECT_EQ(fileMode(path(u"tls/key.pem"_s)), 0600);
    const QString pin = server().certificateSha256();
    ASSERT_EQ(pin.size(), 64);
    EXPECT_EQ(sha256OfPem(path(u"tls/cert.pem"_s)), pin);
    const QSslCertificate certificate = QSslCertificate::fromPath(path(u"tls/cert.pem"_s)).first();
    const auto names = certificate.subjectAlternativeNames();
    EXPECT_TRUE(names.values(QSsl::DnsEntry).contains(u"localhost"_s));
    EXPECT_TRUE(names.values(QSsl::DnsEntry).contains(QHostInfo::localHostName().toLower()));
    EXPECT_TRUE(names.values(QSsl::IpAddressEntry).contains(u"127.0.0.1"_s));

    const HttpReply health = httpsRequest("GET", url(u"/health"_s), pin);
    EXPECT_EQ(health.status, 200) << health.body.constData();
    // Any other certificate is refused: no answer.
    const HttpReply wrongPin = httpsRequest("GET", url(u"/health"_s), QString(64, u'0'));
    EXPECT_TRUE(wrongPin.finished);
    EXPECT_EQ(wrongPin.status, 0);
    // Plain HTTP to the TLS port gets nothing either.
    EXPECT_TRUE(
        rawExchange(port(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 5000).isEmpty());
}

TEST_F(RoomTlsTest, KeepsItsCertificateAndRefusesHalfAPair)
{
    RoomServerConfig config;
    config.tlsDirectory = path(u"tls"_s);
    start(config);
    const QString first = server().certificateSha256();
    stop();
    start(config);
    EXPECT_EQ(server().certificateSha256(), first);
    stop();
    ASSERT_TRUE(QFile::remove(path(u"tls/key.pem"_s)));
    RoomServer half(config);
    EXPECT_FALSE(half.listen());
    EXPECT_TRUE(half.errorString().contains(u"key.pem"_s)) << qPrintable(half.errorString());
    EXPECT_TRUE(QFile::exists(path(u"tls/cert.pem"_s))); // nothing overwritten
}

TEST_F(RoomTlsTest, TokenIsRequiredOnStreamsAndPostsButNotOnHealth)
{
    RoomServerConfig config;
    config.tokenFile = path(u"token"_s);
    start(config);
    // A new file, owner only, with 256 random bits (43 base64url characters).
    EXPECT_EQ(fileMode(path(u"token"_s)), 0600);
    QFile file(path(u"token"_s));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray token = file.readAll().trimmed();
    EXPECT_EQ(token.size(), 43);
    EXPECT_EQ(QByteArray::fromBase64(token, QByteArray::Base64UrlEncoding).size(), 32);
    EXPECT_EQ(server().accessToken(), QString::fromLatin1(token));

    for (const QByteArray &authorization : {QByteArray(), "Bearer"_ba, "Bearer " + token.left(42),
             "Bearer " + token + "x", "Basic " + token}) {
        SseConnection stream(port(), "/sse", {{"Authorization", authorization}});
        ASSERT_TRUE(stream.waitUntil([&] { return stream.body().contains('}'); }));
        EXPECT_EQ(stream.status(), 401) << authorization.constData();
        EXPECT_TRUE(stream.header("WWW-Authenticate").startsWith("Bearer"));
        EXPECT_TRUE(stream.body().startsWith("{\"error\":"));
    }
    const HttpReply unauthorized
        = http().post(url(u"/messages"_s), messageBody(u"mallory"_s, u"let me in"_s));
    EXPECT_EQ(unauthorized.status, 401);
    EXPECT_EQ(server().lastId(), 0);
    EXPECT_EQ(http().get(url(u"/health"_s)).status, 200);

    SseConnection stream(port(), "/sse", {{"Authorization", "bearer " + token}});
    ASSERT_TRUE(stream.waitForHead());
    EXPECT_EQ(stream.status(), 200);
    const HttpReply posted
        = http().send("POST", url(u"/messages"_s), messageBody(u"alice"_s, u"with the key"_s),
            {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
    EXPECT_EQ(posted.status, 201);
    ASSERT_TRUE(stream.waitForMessages(1));
}

TEST_F(RoomTlsTest, EventsOverTlsWithTheTokenAndRotationEndsOldStreams)
{
    RoomServerConfig config;
    config.tlsDirectory = path(u"tls"_s);
    config.tokenFile = path(u"token"_s);
    start(config);
    const QString pin = server().certificateSha256();
    const QByteArray old = "Bearer " + server().accessToken().toLatin1();
    TlsStream stream(port(), pin, old);
    ASSERT_TRUE(stream.waitFor("retry: 3000"));
    ASSERT_TRUE(server().post(u"alice"_s, u"over TLS"_s).isStored());
    ASSERT_TRUE(stream.waitFor("over TLS"));

    const QString fresh = server().rotateToken();
    ASSERT_FALSE(fresh.isEmpty());
    EXPECT_NE("Bearer " + fresh.toLatin1(), old);
    EXPECT_TRUE(stream.waitForClosed()); // it held the old token
    EXPECT_EQ(server().clientCount(), 0);
    QFile file(path(u"token"_s));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(QString::fromLatin1(file.readAll().trimmed()), fresh);
    EXPECT_EQ(fileMode(path(u"token"_s)), 0600);
    EXPECT_EQ(httpsRequest("GET", url(u"/sse"_s), pin, old).status, 401);
    TlsStream again(port(), pin, "Bearer " + fresh.toLatin1());
    EXPECT_TRUE(again.waitFor("retry: 3000"));
}

TEST_F(RoomTlsTest, InviteLinkCarriesEveryPartPercentEncoded)
{
    RoomServerConfig config;
    config.tlsDirectory = path(u"tls"_s);
    config.token = u"a+b/c=d&e"_s; // characters that must be encoded
    config.roomName = u"Team ☕ & Co"_s;
    config.inviteBaseUrl = QUrl(u"https://chat.example.org:8443"_s);
    start(config);
    const QString link = server().inviteLink();
    EXPECT_TRUE(
        link.startsWith(u"hibiki://join?url=https%3A%2F%2Fchat.example.org%3A8443&sha256="_s))
        << qPrintable(link);
    EXPECT_TRUE(link.contains(u"&token=a%2Bb%2Fc%3Dd%26e&"_s)) << qPrintable(link);
    EXPECT_TRUE(link.endsWith(u"&name=Team%20%E2%98%95%20%26%20Co"_s)) << qPrintable(link);
    const QUrlQuery query(server().inviteUrl());
    EXPECT_EQ(
        query.queryItemValue(u"url"_s, QUrl::FullyDecoded), u"https://chat.example.org:8443"_s);
    EXPECT_EQ(query.queryItemValue(u"sha256"_s, QUrl::FullyDecoded), server().certificateSha256());
    EXPECT_EQ(query.queryItemValue(u"token"_s, QUrl::FullyDecoded), u"a+b/c=d&e"_s);
    EXPECT_EQ(query.queryItemValue(u"name"_s, QUrl::FullyDecoded), u"Team ☕ & Co"_s);
}

TEST(RoomServerExecutableTls, PrintsTheInviteOnceListening)
{
    QTemporaryDir dir;
    QProcess process;
    process.setProgram(QStringLiteral(HIBIKI_SERVER_PATH));
    process.setArguments({u"--port"_s, u"0"_s, u"--tls"_s, dir.filePath(u"tls"_s),
        u"--token-file"_s, dir.filePath(u"token"_s), u"--name"_s, u"Team ☕ & Co"_s,
        u"--print-invite"_s, u"--heartbeat-ms"_s, u"0"_s});
    process.start();
    ASSERT_TRUE(process.waitForStarted(10000));
    QByteArray output;
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            output += process.readAllStandardOutput();
            return output.count('\n') >= 2 || process.state() == QProcess::NotRunning;
        },
        20000))
        << process.readAllStandardError().constData();
    const QList<QByteArray> lines = output.split('\n');
    ASSERT_GE(lines.size(), 2) << output.constData();
    ASSERT_TRUE(lines.at(0).startsWith("listening on https://127.0.0.1:")) << output.constData();
    const QString base = QString::fromLatin1(lines.at(0).mid(13));
    const QUrl invite(QString::fromLatin1(lines.at(1)), QUrl::StrictMode);
    ASSERT_TRUE(invite.isValid()) << lines.at(1).constData();
    EXPECT_EQ(invite.scheme(), u"hibiki"_s);
    EXPECT_EQ(invite.host(), u"join"_s);
    const QUrlQuery query(invite);
    EXPECT_EQ(query.queryItemValue(u"url"_s, QUrl::FullyDecoded), base);
    EXPECT_EQ(query.queryItemValue(u"sha256"_s, QUrl::FullyDecoded),
        sha256OfPem(dir.filePath(u"tls/cert.pem"_s)));
    QFile token(dir.filePath(u"token"_s));
    ASSERT_TRUE(token.open(QIODevice::ReadOnly));
    EXPECT_EQ(query.queryItemValue(u"token"_s, QUrl::FullyDecoded),
        QString::fromLatin1(token.readAll().trimmed()));
    EXPECT_EQ(query.queryItemValue(u"name"_s, QUrl::FullyDecoded), u"Team ☕ & Co"_s);
    EXPECT_EQ(fileMode(dir.filePath(u"token"_s)), 0600);
    EXPECT_EQ(fileMode(dir.filePath(u"tls/key.pem"_s)), 0600);
    process.terminate();
    EXPECT_TRUE(process.waitForFinished(20000));
    EXPECT_EQ(process.exitCode(), 0);
}

} // namespace
