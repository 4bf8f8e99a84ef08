// SPDX-License-Identifier: MIT
// Many rooms on one host, through the app's room manager (hibiki::Rooms and its
// NetworkPool): 50 nchan channels on one plain-HTTP/1.1 nginx all open, all receive, and a
// post goes out while every stream is open; on nginx over TLS with HTTP/2, rooms added once
// the host is known to speak HTTP/2 share its one connection.
#include "peers.h"

#include <shell/networkpool.h>
#include <shell/rooms.h>

#include <QFile>
#include <QProcess>
#include <QSet>
#include <QSslCertificate>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sseclient/certificatepinning.h>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace hibiki;
using namespace hibiki::interop;

namespace {

constexpr int TimeoutMs = 30000;

class InteropManyRooms : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }

    // nginx + nchan on loopback (`options` with a certificate: HTTPS and HTTP/2).
    void startNchan(const Peer::Options &options)
    {
        m_peer = Peer::create(PeerKind::Nchan, m_dir.filePath(u"nginx"_s), options);
        if (const QString reason = m_peer->unavailableReason(); !reason.isEmpty()) {
            GTEST_SKIP() << "\n*** INTEROP PEER nchan CANNOT RUN HERE: " << reason.toStdString()
                         << "\n*** Run scripts/setup.sh deps to install it. ***";
        }
        QDir().mkpath(m_dir.filePath(u"nginx"_s));
        ASSERT_TRUE(m_peer->start()) << m_peer->errorString().toStdString();
    }

    std::unique_ptr<Rooms> makeRooms()
    {
        m_store = std::make_unique<RoomConfigStore>(m_dir.filePath(u"config"_s));
        Rooms::Options options;
        options.userOverride = u"alice"_s;
        options.keepDrafts = false;
        options.dataDirectory = m_dir.filePath(u"data"_s);
        auto rooms = std::make_unique<Rooms>(m_store.get(), options);
        QObject::connect(rooms.get(), &Rooms::messagesArrived, rooms.get(),
            [this](const QString &id, const ChatMessages &messages) {
                for (const ChatMessage &message : messages) {
                    m_arrived[id].append(message.text);
                }
            });
        return rooms;
    }

    static QString addRoom(Rooms &rooms, const Profile &profile)
    {
        RoomConfig config;
        config.id = RoomConfig::newId();
        config.profile = profile;
        rooms.addRoom(config);
        return config.id;
    }

    static int connectedCount(const Rooms &rooms)
    {
        int count = 0;
        for (const QString &id : rooms.ids()) {
            count += rooms.session(id)->connectionStatus().state
                == ConnectionStatus::State::Connected;
        }
        return count;
    }

    static QString notConnected(const Rooms &rooms)
    {
        QStringList lines;
        for (const QString &id : rooms.ids()) {
            const ConnectionStatus status = rooms.session(id)->connectionStatus();
            if (status.state != ConnectionStatus::State::Connected) {
                lines.append(u"%1: state %2 %3"_s.arg(rooms.config(id)->profile.name)
                                 .arg(int(status.state))
                                 .arg(status.reason));
            }
        }
        return lines.join(u'\n');
    }

    // Sends `text` from the room and waits until the server accepted it (2xx).
    static QString sendAndWaitDelivered(ChatSession *session, const QString &text)
    {
        bool delivered = false;
        QString error;
        const QMetaObject::Connection connection = QObject::connect(
            session, &ChatSession::outboxEntryChanged, session, [&](const OutboxEntry &entry) {
                if (entry.text == text) {
                    delivered = entry.state == OutboxEntry::State::Delivered;
                    error = entry.error;
                }
            });
        session->send(text);
        const bool done = QTest::qWaitFor([&] { return delivered; }, TimeoutMs);
        QObject::disconnect(connection);
        return done ? QString()
                    : u"not delivered: %1"_s.arg(error.isEmpty() ? u"no answer"_s : error);
    }

    // The streams nginx logged (it logs one when it ends), by connection serial number.
    QList<QByteArrayList> loggedStreams(qsizetype atLeast)
    {
        QList<QByteArrayList> streams;
        const bool complete = QTest::qWaitFor(
            [&] {
                streams.clear();
                QFile log(m_dir.filePath(u"nginx/access.log"_s));
                if (!log.open(QIODevice::ReadOnly)) {
                    return false;
                }
                for (const QByteArray &line : log.readAll().split('\n')) {
                    const QByteArrayList fields = line.split(' ');
                    if (fields.size() >= 5 && fields[3] == "GET" && fields[4].startsWith("/sub/")) {
                        streams.append(fields);
                    }
                }
                return streams.size() >= atLeast;
            },
            TimeoutMs);
        Q_UNUSED(complete); // the caller checks the count
        return streams;
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Peer> m_peer;
    std::unique_ptr<RoomConfigStore> m_store;
    QHash<QString, QStringList> m_arrived; // per room id, texts from others
};

TEST_F(InteropManyRooms, FiftyRoomsOnOneHttp11NginxAllOpenReceiveAndPostWhileAllAreOpen)
{
    startNchan({});
    if (IsSkipped() || HasFatalFailure()) {
        return;
    }
    constexpr int roomCount = 50;
    auto rooms = makeRooms();
    for (int i = 0; i < roomCount; ++i) {
        addRoom(*rooms, m_peer->profile(m_peer->baseUrl(), u"room%1"_s.arg(i)));
    }
    ASSERT_TRUE(QTest::qWaitFor([&] { return connectedCount(*rooms) == roomCount; }, TimeoutMs))
        << connectedCount(*rooms) << " of " << roomCount << " open:\n"
        << notConnected(*rooms).toStdString();
    EXPECT_EQ(rooms->network()->managerCount(), roomCount);

    // Each room receives what is published to its channel.
    const QStringList ids = rooms->ids();
    for (int i = 0; i < roomCount; ++i) {
        ASSERT_EQ(Publisher(m_peer->profile(m_peer->baseUrl(), u"room%1"_s.arg(i)))
                      .publish(u"hello room %1"_s.arg(i)),
            QString());
    }
    for (int i = 0; i < roomCount; ++i) {
        const QString &id = ids.at(i);
        ASSERT_TRUE(QTest::qWaitFor(
            [&] { return m_arrived.value(id).contains(u"hello room %1"_s.arg(i)); }, TimeoutMs))
            << "room " << i << " got " << m_arrived.value(id).join(u", "_s).toStdString();
        EXPECT_EQ(m_arrived.value(id), QStringList {u"hello room %1"_s.arg(i)});
    }

    // The first room's post goes out while all 50 streams stay open.
    ChatSession *first = rooms->session(ids.constFirst());
    ASSERT_EQ(sendAndWaitDelivered(first, u"from the first room"_s), QString());
    EXPECT_EQ(connectedCount(*rooms), roomCount) << notConnected(*rooms).toStdString();

    // Removing a room frees its manager (and so its connections).
    rooms->removeRoom(ids.constLast(), true);
    EXPECT_EQ(rooms->network()->managerCount(), roomCount - 1);
}

TEST_F(InteropManyRooms, RoomsAddedOnceTheHostIsKnownToSpeakHttp2ShareItsConnection)
{
    const QString openssl = QStandardPaths::findExecutable(u"openssl"_s);
    if (openssl.isEmpty()) {
        GTEST_SKIP() << "\n*** TLS INTEROP CANNOT RUN HERE: openssl is not installed "
                        "(Debian package openssl). ***";
    }
    ASSERT_TRUE(QSslSocket::supportsSsl()) << "Qt has no TLS backend";
    Peer::Options options;
    options.certificatePath = m_dir.filePath(u"cert.pem"_s);
    options.keyPath = m_dir.filePath(u"key.pem"_s);
    QProcess generate;
    generate.setProcessChannelMode(QProcess::MergedChannels);
    generate.start(openssl,
        {u"req"_s, u"-x509"_s, u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s,
            u"ec_paramgen_curve:prime256v1"_s, u"-nodes"_s, u"-days"_s, u"1"_s, u"-subj"_s,
            u"/CN=127.0.0.1"_s, u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s, u"-keyout"_s,
            options.keyPath, u"-out"_s, options.certificatePath});
    ASSERT_TRUE(generate.waitForFinished(TimeoutMs));
    ASSERT_EQ(generate.exitCode(), 0) << generate.readAll().toStdString();
    const QList<QSslCertificate> certificates = QSslCertificate::fromPath(options.certificatePath);
    ASSERT_EQ(certificates.size(), 1);
    const QByteArray sha256 = sse::certificateSha256Hex(certificates.constFirst());
    startNchan(options);
    if (IsSkipped() || HasFatalFailure()) {
        return;
    }
    const auto profile = [&](int i) {
        Profile pinned = m_peer->profile(m_peer->baseUrl(), u"room%1"_s.arg(i));
        pinned.trustedCertificateSha256 = {QString::fromLatin1(sha256)};
        return pinned;
    };

    // The first room learns that the host speaks HTTP/2 from its stream's answer.
    constexpr int roomCount = 12;
    auto rooms = makeRooms();
    addRoom(*rooms, profile(0));
    ASSERT_TRUE(QTest::qWaitFor([&] { return connectedCount(*rooms) == 1; }, TimeoutMs))
        << notConnected(*rooms).toStdString();
    for (int i = 1; i < roomCount; ++i) {
        addRoom(*rooms, profile(i));
    }
    EXPECT_EQ(rooms->network()->managerCount(), 1);
    ASSERT_TRUE(QTest::qWaitFor([&] { return connectedCount(*rooms) == roomCount; }, TimeoutMs))
        << notConnected(*rooms).toStdString();
    const QStringList ids = rooms->ids();
    for (int i = 0; i < roomCount; ++i) {
        Publisher publisher(profile(i));
        publisher.setTrustedCertificates({sha256});
        ASSERT_EQ(publisher.publish(u"hello room %1"_s.arg(i)), QString());
    }
    for (int i = 0; i < roomCount; ++i) {
        ASSERT_TRUE(QTest::qWaitFor(
            [&] { return m_arrived.value(ids.at(i)).contains(u"hello room %1"_s.arg(i)); },
            TimeoutMs));
    }
    ChatSession *first = rooms->session(ids.constFirst());
    ASSERT_EQ(sendAndWaitDelivered(first, u"posted over the shared connection"_s), QString());

    // nginx logs each stream when it ends, with the serial number of its connection.
    for (const QString &id : ids) {
        rooms->session(id)->disconnectFromServer();
    }
    const QList<QByteArrayList> streams = loggedStreams(roomCount);
    ASSERT_GE(streams.size(), roomCount);
    QSet<QByteArray> connections;
    for (const QByteArrayList &fields : streams) {
        connections.insert(fields[0]);
        EXPECT_EQ(fields[2], "HTTP/2.0") << fields.join(' ').toStdString();
    }
    EXPECT_EQ(connections.size(), 1)
        << "streams spread over " << connections.size() << " connections";
}

} // namespace
