// SPDX-License-Identifier: MIT
// nginx + nchan over TLS with HTTP/2: many rooms on one host over one connection, and a
// self-signed certificate that is refused until the user trusts exactly it.
#include "participant.h"
#include "peers.h"

#include <sseclient/certificatepinning.h>

#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QSet>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace hibiki;
using namespace hibiki::interop;

namespace {

class InteropTls : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
        if (openssl.isEmpty()) {
            GTEST_SKIP() << "\n*** TLS INTEROP CANNOT RUN HERE: openssl is not installed "
                            "(Debian package openssl). ***";
        }
        ASSERT_TRUE(QSslSocket::supportsSsl()) << "Qt has no TLS backend";
        m_certificate = m_dir.filePath(u"cert.pem"_s);
        m_key = m_dir.filePath(u"key.pem"_s);
        // A fresh self-signed certificate for 127.0.0.1, valid for a day.
        QProcess generate;
        generate.setProcessChannelMode(QProcess::MergedChannels);
        generate.start(openssl,
            {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
                u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-days"_s, u"1"_s, u"-subj"_s,
                u"/CN=127.0.0.1"_s, u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s, u"-keyout"_s,
                m_key, u"-out"_s, m_certificate});
        ASSERT_TRUE(generate.waitForFinished(30000));
        ASSERT_EQ(generate.exitCode(), 0) << generate.readAll().toStdString();

        // The fingerprint the way `openssl x509 -fingerprint -sha256` prints it, which is
        // what a user would paste: "sha256 Fingerprint=AB:CD:...".
        QProcess fingerprint;
        fingerprint.start(openssl,
            {u"x509"_s, u"-noout"_s, u"-fingerprint"_s, u"-sha256"_s, u"-in"_s, m_certificate});
        ASSERT_TRUE(fingerprint.waitForFinished(30000));
        const QByteArray printed = fingerprint.readAllStandardOutput().trimmed();
        m_pastedFingerprint = QString::fromLatin1(printed.mid(printed.indexOf('=') + 1));
        const QList<QSslCertificate> certificates = QSslCertificate::fromPath(m_certificate);
        ASSERT_EQ(certificates.size(), 1);
        m_sha256 = sse::certificateSha256Hex(certificates.first());
        ASSERT_EQ(sse::normalizedSha256Hex(m_pastedFingerprint.toLatin1()), m_sha256);

        Peer::Options options;
        options.certificatePath = m_certificate;
        options.keyPath = m_key;
        m_peer = Peer::create(PeerKind::Nchan, m_dir.path(), options);
        if (const QString reason = m_peer->unavailableReason(); !reason.isEmpty()) {
            GTEST_SKIP() << "\n*** INTEROP PEER nchan CANNOT RUN HERE: " << reason.toStdString()
                         << "\n*** Run scripts/setup.sh deps to install it. ***";
        }
        ASSERT_TRUE(m_peer->start()) << m_peer->errorString().toStdString();
        ASSERT_EQ(m_peer->baseUrl().scheme(), u"https"_s);
    }

    Profile trustingProfile(const QString &room = u"lobby"_s) const
    {
        Profile profile = m_peer->profile(m_peer->baseUrl(), room);
        profile.trustedCertificateSha256 = {m_pastedFingerprint};
        return profile;
    }

    QString publish(const Profile &profile, const QString &text)
    {
        Publisher publisher(profile);
        publisher.setTrustedCertificates({m_sha256});
        return publisher.publish(text);
    }

    QTemporaryDir m_dir;
    QString m_certificate;
    QString m_key;
    QString m_pastedFingerprint; // "AB:CD:..."
    QByteArray m_sha256; // "abcd..."
    std::unique_ptr<Peer> m_peer;
};

TEST_F(InteropTls, AnUntrustedCertificateIsRefusedWithAClearErrorNamingTheHost)
{
    Profile profile = m_peer->profile();
    // Trusting some other certificate changes nothing.
    profile.trustedCertificateSha256 = {QString::fromLatin1(QByteArray(64, 'a'))};
    Participant alice(profile, u"alice"_s);
    alice.connect();
    alice.session->send(u"must not leave over an untrusted connection"_s);
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Reconnecting));

    const QString reason = alice.session->connectionStatus().reason;
    RecordProperty("reason", reason.toStdString()); // what the banner shows, in the XML report
    EXPECT_TRUE(reason.contains(u"certificate of 127.0.0.1 is not trusted"_s))
        << reason.toStdString();
    EXPECT_TRUE(reason.contains(u"self-signed"_s)) << reason.toStdString();
    EXPECT_TRUE(reason.contains(m_pastedFingerprint)) << reason.toStdString();
    EXPECT_EQ(alice.session->untrustedCertificateSha256(), m_sha256);
    EXPECT_EQ(alice.session->eventSource().statistics().bytesReceived, 0);

    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            const QList<OutboxEntry> entries = alice.session->outbox().entries();
            return !entries.isEmpty() && entries.first().error.contains(u"not trusted"_s);
        },
        10000));
    EXPECT_EQ(alice.session->outbox().entries().first().state, OutboxEntry::State::Sending);
    EXPECT_TRUE(alice.delivered.isEmpty());
}

TEST_F(InteropTls, TrustingExactlyThatCertificateByFingerprintWorksForStreamAndPosts)
{
    Participant alice(trustingProfile(), u"alice"_s);
    alice.connect();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected))
        << alice.session->connectionStatus().reason.toStdString();

    alice.session->send(u"over TLS"_s);
    ASSERT_TRUE(alice.waitForDelivered(u"over TLS"_s));
    ASSERT_EQ(publish(trustingProfile(), u"from bob over TLS"_s), QString());
    ASSERT_TRUE(alice.waitForText(u"from bob over TLS"_s));
    EXPECT_EQ(alice.texts, (QStringList {u"over TLS"_s, u"from bob over TLS"_s}));
    EXPECT_TRUE(alice.session->untrustedCertificateSha256().isEmpty());

    // The pin is part of the saved profile.
    QString error;
    const auto reloaded = Profile::fromJson(trustingProfile().toJson(), &error);
    ASSERT_TRUE(reloaded) << error.toStdString();
    EXPECT_EQ(reloaded->trustedCertificateSha256, QStringList {m_pastedFingerprint});
}

TEST_F(InteropTls, TwelveRoomsStreamConcurrentlyOverOneHttp2Connection)
{
    // Beyond the 6 connections per host that HTTP/1.1 browsers allow.
    constexpr int rooms = 12;
    QNetworkAccessManager shared;
    std::vector<std::unique_ptr<Participant>> participants;
    for (int i = 0; i < rooms; ++i) {
        participants.push_back(std::make_unique<Participant>(
            trustingProfile(u"room%1"_s.arg(i)), u"alice"_s, QString(), &shared));
        participants.back()->connect();
    }
    for (auto &participant : participants) {
        ASSERT_TRUE(participant->waitForState(ConnectionStatus::State::Connected))
            << participant->session->connectionStatus().reason.toStdString();
    }
    // All 12 are open at once; each gets what is published to its room.
    for (int i = 0; i < rooms; ++i) {
        ASSERT_EQ(
            publish(trustingProfile(u"room%1"_s.arg(i)), u"hello room %1"_s.arg(i)), QString());
    }
    for (int i = 0; i < rooms; ++i) {
        ASSERT_TRUE(participants[i]->waitForText(u"hello room %1"_s.arg(i)));
        EXPECT_EQ(participants[i]->texts, QStringList {u"hello room %1"_s.arg(i)});
        EXPECT_EQ(
            participants[i]->session->connectionStatus().state, ConnectionStatus::State::Connected);
    }

    // nginx logs a stream when it ends, with the serial number of its connection.
    for (auto &participant : participants) {
        participant->session->disconnectFromServer();
    }
    QList<QByteArrayList> streams;
    const QString logPath = m_dir.filePath(u"access.log"_s);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            streams.clear();
            QFile log(logPath);
            if (!log.open(QIODevice::ReadOnly)) {
                return false;
            }
            for (const QByteArray &line : log.readAll().split('\n')) {
                const QByteArrayList fields = line.split(' ');
                if (fields.size() >= 5 && fields[3] == "GET" && fields[4].startsWith("/sub/")) {
                    streams.append(fields);
                }
            }
            return streams.size() >= rooms;
        },
        10000))
        << "nginx logged " << streams.size() << " streams";
    QSet<QByteArray> connections;
    for (const QByteArrayList &fields : std::as_const(streams)) {
        connections.insert(fields[0]);
        EXPECT_EQ(fields[2], "HTTP/2.0") << fields.join(' ').toStdString();
    }
    EXPECT_EQ(connections.size(), 1)
        << "streams spread over " << connections.size() << " connections";
}

} // namespace

namespace {

TEST(InteropPinning, FingerprintsAreReadTheWayUsersPasteThem)
{
    const QByteArray hex = QByteArray(32, '\xab').toHex();
    EXPECT_EQ(sse::normalizedSha256Hex(sse::displaySha256(hex).toLatin1()), hex);
    EXPECT_EQ(sse::displaySha256(hex).left(8), u"AB:AB:AB"_s);
    EXPECT_EQ(sse::normalizedSha256Hex("AB " + QByteArray(62, 'c')), "ab" + QByteArray(62, 'c'));
    EXPECT_TRUE(sse::normalizedSha256Hex(QByteArray(63, 'a')).isEmpty()) << "too short";
    EXPECT_TRUE(sse::normalizedSha256Hex(QByteArray(64, 'g')).isEmpty()) << "not hex";
    EXPECT_TRUE(sse::normalizedSha256Hex(QByteArray(40, 'a')).isEmpty()) << "a SHA-1 is no pin";

    Profile profile = Profile::nchanChannel(QUrl(u"https://chat.example.org"_s), u"lobby"_s);
    profile.trustedCertificateSha256 = {sse::displaySha256(hex)};
    QString error;
    EXPECT_EQ(Profile::fromJson(profile.toJson(), &error), profile) << error.toStdString();
    profile.trustedCertificateSha256 = {u"not a fingerprint"_s};
    EXPECT_FALSE(Profile::fromJson(profile.toJson(), &error));
    EXPECT_TRUE(error.contains(u"trustedCertificateSha256"_s)) << error.toStdString();
}

} // namespace
