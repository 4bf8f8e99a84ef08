// SPDX-License-Identifier: MIT
// Hosting a room for others and joining it from its invite link, without any window: TLS
// with the room's own certificate, a token in the keychain and never in rooms.json, the
// chat core joining from a parsed link, "New link" cutting whoever holds the old token,
// and the errors in words (a link no longer valid, a certificate that changed). All on
// loopback: the "network" address of these rooms is 127.0.0.1.
#include "fakekeychain.h"

#include <shell/hostedroom.h>
#include <shell/rooms.h>
#include <shell/tokenstore.h>

#include <hibikiserver/roomserver.h>
#include <sseclient/eventsource.h>

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::ChatMessages;
using hibiki::ChatSession;
using hibiki::ConnectionStatus;
using hibiki::HostedRoom;
using hibiki::InviteLink;
using hibiki::OutboxEntry;
using hibiki::RoomConfigStore;
using hibiki::Rooms;
using hibiki::RoomServer;
using hibiki::test::FakeKeychain;

namespace {

constexpr int TimeoutMs = 20000;

const QString InvalidInvite = u"This invite is no longer valid; ask for a new link."_s;

bool waitState(ChatSession *session, ConnectionStatus::State state)
{
    return session
        && QTest::qWaitFor([&] { return session->connectionStatus().state == state; }, TimeoutMs);
}

bool waitConnected(ChatSession *session)
{
    return waitState(session, ConnectionStatus::State::Connected);
}

// The texts of every chat message a session shows, as they arrive.
class Arrivals
{
public:
    explicit Arrivals(ChatSession *session)
    {
        QObject::connect(
            session, &ChatSession::messagesAppended, session, [this](const ChatMessages &batch) {
                for (const hibiki::ChatMessage &message : batch) {
                    texts.append(message.author + u": "_s + message.text);
                }
            });
    }
    bool waitFor(const QString &text)
    {
        return QTest::qWaitFor([&] { return texts.contains(text); }, TimeoutMs);
    }
    QStringList texts;
};

QByteArray fileBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// One side of the test: a user's rooms with their own room list, data folder and keychain.
struct Side
{
    Side(const QString &directory, const QString &user)
        : store(directory + u"/config"_s)
    {
        Rooms::Options options;
        options.userOverride = user;
        options.keepDrafts = false;
        options.defaultHostPort = 0; // never the real 8787: tests run side by side
        options.dataDirectory = directory + u"/data"_s;
        options.lanListenAddress = QHostAddress(QHostAddress::LocalHost); // loopback only
        options.tokens = &keychain;
        options.streamOptions.initialReconnectDelayMs = 50;
        options.streamOptions.maxReconnectDelayMs = 300;
        rooms = std::make_unique<Rooms>(&store, options);
    }

    // What the room list file holds on disk.
    QByteArray roomListFile() const { return fileBytes(store.filePath()); }

    FakeKeychain keychain; // before the rooms, which use it
    RoomConfigStore store;
    std::unique_ptr<Rooms> rooms;
};

class HostingTest : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }

    QTemporaryDir m_dir;
};

TEST_F(HostingTest, LettingOthersJoinServesTlsWithATokenKeptOutOfTheRoomList)
{
    Side host(m_dir.filePath(u"host"_s), u"alice"_s);
    const QString id = host.rooms->hostRoom(0, true, u"Team"_s, u"alice"_s);
    HostedRoom *room = host.rooms->hostedRoom(id);
    ASSERT_NE(room, nullptr);
    EXPECT_TRUE(room->isEncrypted());
    EXPECT_EQ(room->certificateSha256().size(), 64);
    const QString token = room->accessToken();
    EXPECT_EQ(token.size(), 43); // 256 bits, base64url

    // The certificate is in the room's data folder, its key for the owner only.
    const QString tls = m_dir.filePath(u"host/data/hosted-room-0/tls"_s);
    EXPECT_TRUE(QFile::exists(tls + u"/cert.pem"_s));
    const QFile::Permissions key = QFile::permissions(tls + u"/key.pem"_s);
    EXPECT_TRUE(key.testFlag(QFile::ReadOwner));
    EXPECT_FALSE(
        key & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther));
    EXPECT_EQ(HostedRoom::certificateSha256In(tls), room->certificateSha256());

    // This app joins its own room over TLS, trusting exactly its certificate, with the token.
    ChatSession *session = host.rooms->session(id);
    ASSERT_TRUE(waitConnected(session)) << session->connectionStatus().reason.toStdString();
    EXPECT_EQ(session->profile().streamUrl.scheme(), u"https"_s);
    EXPECT_EQ(session->profile().trustedCertificateSha256,
        QStringList {QString::fromLatin1(room->certificateSha256())});

    // The token is in the keychain; the room list only says that there is one.
    ASSERT_TRUE(QTest::qWaitFor([&] { return host.store.rooms().value(0).hasToken; }, TimeoutMs));
    EXPECT_EQ(host.keychain.tokens.value(id), token);
    const QByteArray list = host.roomListFile();
    ASSERT_FALSE(list.isEmpty());
    EXPECT_FALSE(list.contains(token.toLatin1()));
    EXPECT_TRUE(list.contains("\"lan\": true"));

    // Its invite names the address asked for, the certificate and the token.
    const InviteLink invite = room->invite(QHostAddress(QHostAddress::LocalHost));
    EXPECT_EQ(invite.baseUrl, QUrl(u"https://127.0.0.1:%1"_s.arg(room->port())));
    EXPECT_EQ(invite.sha256, room->certificateSha256());
    EXPECT_EQ(invite.token, token);
    EXPECT_EQ(invite.name, u"Team"_s);
    EXPECT_EQ(room->inviteAddresses(), QList<QHostAddress> {QHostAddress(u"127.0.0.1"_s)});

    // The next start hosts it again with the same token and certificate: links given out
    // stay valid.
    const QByteArray fingerprint = room->certificateSha256();
    host.rooms.reset();
    auto again = std::make_unique<Rooms>(&host.store, [&] {
        Rooms::Options options;
        options.userOverride = u"alice"_s;
        options.keepDrafts = false;
        options.dataDirectory = m_dir.filePath(u"host/data"_s);
        options.lanListenAddress = QHostAddress(QHostAddress::LocalHost);
        options.tokens = &host.keychain;
        return options;
    }());
    again->openConfiguredRooms();
    ASSERT_TRUE(QTest::qWaitFor([&] { return again->hostedRoom(id) != nullptr; }, TimeoutMs));
    EXPECT_EQ(again->hostedRoom(id)->accessToken(), token);
    EXPECT_EQ(again->hostedRoom(id)->certificateSha256(), fingerprint);
    EXPECT_TRUE(waitConnected(again->session(id)));
}

TEST_F(HostingTest, AGuestJoinsFromTheLinkAndTheyChatBothWays)
{
    Side host(m_dir.filePath(u"host"_s), u"alice"_s);
    const QString hostId = host.rooms->hostRoom(0, true, u"Team ☕"_s, u"alice"_s);
    ChatSession *hostSession = host.rooms->session(hostId);
    ASSERT_TRUE(waitConnected(hostSession));
    const QString link
        = host.rooms->hostedRoom(hostId)->invite(QHostAddress(QHostAddress::LocalHost)).toString();

    Side guest(m_dir.filePath(u"guest"_s), u"bob"_s);
    QSignalSpy added(guest.rooms.get(), &Rooms::roomAdded);
    const std::optional<InviteLink> invite = InviteLink::parse(link);
    ASSERT_TRUE(invite);
    const QString id = guest.rooms->joinInvite(*invite);
    ASSERT_TRUE(QTest::qWaitFor([&] { return guest.rooms->contains(id); }, TimeoutMs));
    ChatSession *session = guest.rooms->session(id);
    ASSERT_TRUE(waitConnected(session)) << session->connectionStatus().reason.toStdString();
    EXPECT_EQ(guest.rooms->config(id)->profile.name, u"Team ☕"_s);
    EXPECT_TRUE(guest.rooms->config(id)->fromInvite);
    EXPECT_EQ(guest.rooms->config(id)->profile.trustedCertificateSha256,
        QStringList {QString::fromLatin1(invite->sha256)});

    Arrivals atHost(hostSession);
    Arrivals atGuest(session);
    session->send(u"hello from bob"_s);
    EXPECT_TRUE(atHost.waitFor(u"bob: hello from bob"_s));
    hostSession->send(u"welcome, bob"_s);
    EXPECT_TRUE(atGuest.waitFor(u"alice: welcome, bob"_s));

    // The token went to the guest's keychain, never to its room list.
    EXPECT_EQ(guest.keychain.tokens.value(id), invite->token);
    const QByteArray list = guest.roomListFile();
    EXPECT_TRUE(list.contains(invite->sha256));
    EXPECT_FALSE(list.contains(invite->token.toLatin1()));
    EXPECT_TRUE(guest.store.rooms().value(0).hasToken);

    // The same link again opens the same room.
    EXPECT_EQ(guest.rooms->joinInvite(*invite), id);
    QTest::qWait(0);
    EXPECT_EQ(added.size(), 1);
    EXPECT_EQ(guest.rooms->ids(), QStringList {id});
    // The host's own link, pasted at the host, is the hosted room.
    EXPECT_EQ(host.rooms->joinInvite(*invite), hostId);
    EXPECT_EQ(host.rooms->ids(), QStringList {hostId});
}

TEST_F(HostingTest, ChatCoreJoinsFromAParsedLinkOverTls)
{
    RoomServer::Config config;
    config.port = 0;
    config.tlsDirectory = m_dir.filePath(u"tls"_s);
    config.token = HostedRoom::newAccessToken();
    config.roomName = u"Core"_s;
    RoomServer server(config);
    ASSERT_TRUE(server.listen()) << server.errorString().toStdString();
    const std::optional<InviteLink> invite = InviteLink::parse(server.inviteLink());
    ASSERT_TRUE(invite);
    ASSERT_EQ(invite->baseUrl.host(), u"127.0.0.1"_s);

    ChatSession::Config sessionConfig;
    sessionConfig.storagePath = u":memory:"_s;
    sessionConfig.userName = u"carol"_s;
    sessionConfig.authorization = hibiki::authorizationHeader(invite->token);
    ChatSession session(invite->profile(), sessionConfig);
    Arrivals arrivals(&session);
    session.connectToServer();
    ASSERT_TRUE(waitConnected(&session)) << session.connectionStatus().reason.toStdString();

    server.post(u"dave"_s, u"over TLS"_s);
    EXPECT_TRUE(arrivals.waitFor(u"dave: over TLS"_s));
    QStringList stored;
    QObject::connect(&server, &RoomServer::messagePosted, &server,
        [&](const hibiki::RoomMessage &message) { stored.append(message.content); });
    session.send(u"and back"_s);
    EXPECT_TRUE(QTest::qWaitFor([&] { return stored.contains(u"and back"_s); }, TimeoutMs));
    EXPECT_TRUE(arrivals.waitFor(u"carol: and back"_s));
}

TEST_F(HostingTest, NewLinkCutsTheOldTokenAndTheHostCarriesOn)
{
    Side host(m_dir.filePath(u"host"_s), u"alice"_s);
    const QString hostId = host.rooms->hostRoom(0, true, u"Team"_s, u"alice"_s);
    HostedRoom *room = host.rooms->hostedRoom(hostId);
    ASSERT_TRUE(waitConnected(host.rooms->session(hostId)));
    const InviteLink oldInvite = room->invite(QHostAddress(QHostAddress::LocalHost));

    Side guest(m_dir.filePath(u"guest"_s), u"bob"_s);
    const QString id = guest.rooms->joinInvite(oldInvite);
    ASSERT_TRUE(QTest::qWaitFor([&] { return guest.rooms->contains(id); }, TimeoutMs));
    ChatSession *session = guest.rooms->session(id);
    ASSERT_TRUE(waitConnected(session));

    // A plain stream holding the old token, as any other client would.
    sse::Options options;
    options.headers = {{"Authorization", hibiki::authorizationHeader(oldInvite.token)}};
    options.trustedCertificateSha256 = {oldInvite.sha256};
    sse::EventSource stream(oldInvite.profile().streamUrl, options);
    QSignalSpy streamErrors(&stream, &sse::EventSource::errorOccurred);
    stream.open();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return stream.readyState() == sse::EventSource::ReadyState::Open; }, TimeoutMs));

    QSignalSpy changed(host.rooms.get(), &Rooms::inviteChanged);
    ASSERT_TRUE(host.rooms->renewInvite(hostId));
    EXPECT_EQ(changed.size(), 1);
    const QString fresh = room->accessToken();
    EXPECT_NE(fresh, oldInvite.token);
    EXPECT_EQ(host.keychain.tokens.value(hostId), fresh);

    // The old token's stream is cut, and what it tries next is refused.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return stream.readyState() == sse::EventSource::ReadyState::Closed; }, TimeoutMs));
    ASSERT_FALSE(streamErrors.isEmpty());
    EXPECT_EQ(streamErrors.last().first().value<sse::Error>().httpStatus, 401);

    // The guest is told in words and stops trying: no reconnect is scheduled.
    ASSERT_TRUE(waitState(session, ConnectionStatus::State::Disconnected));
    EXPECT_EQ(session->connectionStatus().reason, InvalidInvite);
    EXPECT_EQ(session->eventSource().readyState(), sse::EventSource::ReadyState::Closed);

    // The host's own room reconnected with the new token.
    ChatSession *hostSession = host.rooms->session(hostId);
    ASSERT_TRUE(waitConnected(hostSession)) << hostSession->connectionStatus().reason.toStdString();

    // The new link lets the guest in again: same room, new token in its keychain.
    const InviteLink newInvite = room->invite(QHostAddress(QHostAddress::LocalHost));
    EXPECT_EQ(newInvite.token, fresh);
    QSignalSpy reopened(guest.rooms.get(), &Rooms::roomReopened);
    EXPECT_EQ(guest.rooms->joinInvite(newInvite), id);
    ASSERT_TRUE(reopened.wait(TimeoutMs)); // once the keychain took the new token
    EXPECT_EQ(guest.keychain.tokens.value(id), fresh);
    EXPECT_TRUE(waitConnected(guest.rooms->session(id)));
    EXPECT_EQ(guest.rooms->ids(), QStringList {id});
}

TEST_F(HostingTest, AChangedCertificateIsSaidAndTrustedOnlyWhenChosen)
{
    RoomServer::Config config;
    config.port = 0;
    config.tlsDirectory = m_dir.filePath(u"tls-before"_s);
    config.token = HostedRoom::newAccessToken();
    auto server = std::make_unique<RoomServer>(config);
    ASSERT_TRUE(server->listen());
    const std::optional<InviteLink> invite = InviteLink::parse(server->inviteLink());
    ASSERT_TRUE(invite);

    Side guest(m_dir.filePath(u"guest"_s), u"bob"_s);
    const QString id = guest.rooms->joinInvite(*invite);
    ASSERT_TRUE(QTest::qWaitFor([&] { return guest.rooms->contains(id); }, TimeoutMs));
    ASSERT_TRUE(waitConnected(guest.rooms->session(id)));

    // The room comes back on the same port with another certificate.
    config.port = server->port();
    config.tlsDirectory = m_dir.filePath(u"tls-after"_s);
    server.reset();
    server = std::make_unique<RoomServer>(config);
    ASSERT_TRUE(server->listen()) << server->errorString().toStdString();
    const QByteArray changed = server->certificateSha256().toLatin1();
    ASSERT_NE(changed, invite->sha256);

    ChatSession *session = guest.rooms->session(id);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return session->untrustedCertificateSha256() == changed; }, TimeoutMs));
    EXPECT_TRUE(session->connectionStatus().reason.startsWith(
        u"This room's certificate changed since you joined."_s))
        << session->connectionStatus().reason.toStdString();
    EXPECT_NE(session->connectionStatus().state, ConnectionStatus::State::Connected);
    // Nothing is trusted by itself.
    EXPECT_EQ(guest.rooms->config(id)->profile.trustedCertificateSha256,
        QStringList {QString::fromLatin1(invite->sha256)});

    // The user chose to trust the new one: it replaces the old.
    guest.rooms->replaceTrustedCertificate(id, changed);
    EXPECT_EQ(guest.rooms->config(id)->profile.trustedCertificateSha256,
        QStringList {QString::fromLatin1(changed)});
    EXPECT_TRUE(waitConnected(guest.rooms->session(id)));
}

TEST_F(HostingTest, ALoopbackRoomHasNoTokenNoTlsAndNoInviteAddresses)
{
    Side host(m_dir.filePath(u"host"_s), u"alice"_s);
    const QString id = host.rooms->hostRoom(0, false);
    HostedRoom *room = host.rooms->hostedRoom(id);
    ASSERT_NE(room, nullptr);
    EXPECT_FALSE(room->isEncrypted());
    EXPECT_TRUE(room->accessToken().isEmpty());
    EXPECT_TRUE(room->inviteAddresses().isEmpty());
    EXPECT_EQ(room->baseUrl().scheme(), u"http"_s);
    EXPECT_FALSE(host.rooms->renewInvite(id));
    ASSERT_TRUE(waitConnected(host.rooms->session(id)));

    // Turned on later (Host settings): TLS and a token from then on.
    QSignalSpy reopened(host.rooms.get(), &Rooms::roomReopened);
    EXPECT_EQ(host.rooms->hostRoom(-1, true), id);
    ASSERT_EQ(reopened.size(), 1);
    room = host.rooms->hostedRoom(id);
    ASSERT_NE(room, nullptr);
    EXPECT_TRUE(room->isEncrypted());
    EXPECT_FALSE(room->accessToken().isEmpty());
    EXPECT_TRUE(waitConnected(host.rooms->session(id)));
}

} // namespace
