// SPDX-License-Identifier: MIT
// Invite links read and written (against the room server's own links), `hibiki LINK` on the
// command line, the addresses an invite offers, and the single running Hibiki that takes
// links from a second start: two objects in one process, and real processes, one of them
// killed to leave a stale lock and socket behind.
#include <shell/commandline.h>
#include <shell/invitelink.h>
#include <shell/lanaddresses.h>
#include <shell/serveraddress.h>
#include <shell/singleinstance.h>

#include <hibikiserver/roomserver.h>

#include <QFile>
#include <QLocalSocket>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <atomic>
#include <sys/socket.h>
#include <sys/un.h>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;
using hibiki::CommandLine;
using hibiki::CommandLineResult;
using hibiki::InviteLink;
using hibiki::LanAddresses;
using hibiki::RoomServer;
using hibiki::SingleInstance;
using Action = hibiki::CommandLineResult::Action;

namespace {

constexpr int TimeoutMs = 20000;

const QString Fingerprint = u"52b728c3d1e4f5a60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e"_s;

InviteLink sampleInvite()
{
    InviteLink invite;
    invite.baseUrl = QUrl(u"https://192.168.1.20:8787"_s);
    invite.sha256 = Fingerprint.toLatin1();
    invite.token = u"NUI3hHIASwmN9vOjHda9LrKeVDz0elMY_q0wgpz31tI"_s;
    invite.name = u"Team ☕ room & friends"_s;
    return invite;
}

QString problemOf(const QString &link)
{
    QString error;
    EXPECT_FALSE(InviteLink::parse(link, &error).has_value()) << link.toStdString();
    EXPECT_FALSE(error.isEmpty()) << link.toStdString();
    return error;
}

TEST(InviteLink, ReadsTheLinkTheRoomServerPrintsAndWritesItTheSameWay)
{
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    RoomServer::Config config;
    config.port = 0;
    config.tlsDirectory = dir.filePath(u"tls"_s);
    config.token = u"s3cret-Token_with.chars~"_s;
    config.roomName = u"Team ☕ room & a=b"_s;
    RoomServer server(config);
    ASSERT_TRUE(server.listen()) << server.errorString().toStdString();

    QString error;
    const std::optional<InviteLink> invite = InviteLink::parse(server.inviteLink(), &error);
    ASSERT_TRUE(invite) << error.toStdString();
    EXPECT_EQ(invite->baseUrl, server.publicUrl());
    EXPECT_EQ(invite->sha256, server.certificateSha256().toLatin1());
    EXPECT_EQ(invite->token, config.token);
    EXPECT_EQ(invite->name, config.roomName);
    EXPECT_EQ(invite->toString(), server.inviteLink());
    EXPECT_EQ(invite->toUrl(), server.inviteUrl());

    // The room as the app joins it: the stream over https, pinned to the certificate.
    const hibiki::Profile profile = invite->profile();
    EXPECT_EQ(profile.preset, hibiki::Profile::Preset::HibikiRoom);
    EXPECT_EQ(profile.streamUrl.scheme(), u"https"_s);
    EXPECT_EQ(profile.streamUrl.path(), u"/sse"_s);
    EXPECT_EQ(profile.postUrl.path(), u"/messages"_s);
    EXPECT_EQ(profile.trustedCertificateSha256, QStringList {server.certificateSha256()});
    EXPECT_EQ(profile.name, config.roomName);
}

TEST(InviteLink, RoundTripsEveryPartAndAcceptsWhatPastingAddsAround)
{
    const InviteLink invite = sampleInvite();
    const QString link = invite.toString();
    EXPECT_TRUE(link.startsWith(u"hibiki://join?url=https%3A%2F%2F192.168.1.20%3A8787&sha256="_s))
        << link.toStdString();
    EXPECT_TRUE(link.contains(u"&name=Team%20%E2%98%95%20room%20%26%20friends"_s))
        << link.toStdString();
    EXPECT_EQ(InviteLink::parse(link), invite);
    for (const QString &pasted : {u"  "_s + link + u"\n"_s, u"<"_s + link + u">"_s,
             u"\""_s + link + u"\""_s, u"HIBIKI"_s + link.mid(6)}) {
        QString error;
        EXPECT_EQ(InviteLink::parse(pasted, &error), invite)
            << pasted.toStdString() << ": " << error.toStdString();
    }
    // A fingerprint written the way people show it is read all the same.
    QString spaced = link;
    spaced.replace(Fingerprint, u"52%3AB7%3A28%3AC3"_s + u"%3A"_s + Fingerprint.mid(8).toUpper());
    std::optional<InviteLink> read = InviteLink::parse(spaced);
    ASSERT_TRUE(read);
    EXPECT_EQ(read->sha256, Fingerprint.toLatin1());

    // Without TLS and token: only the address and the name.
    InviteLink plain;
    plain.baseUrl = QUrl(u"http://127.0.0.1:8787"_s);
    plain.name = u"Local"_s;
    EXPECT_EQ(plain.toString(), u"hibiki://join?url=http%3A%2F%2F127.0.0.1%3A8787&name=Local"_s);
    EXPECT_EQ(InviteLink::parse(plain.toString()), plain);
    EXPECT_TRUE(plain.profile().trustedCertificateSha256.isEmpty());
}

TEST(InviteLink, ADamagedOrChangedLinkIsRefusedWithASentence)
{
    const QString good = sampleInvite().toString();
    EXPECT_TRUE(problemOf(u"https://example.org"_s).contains(u"not a Hibiki invite link"_s));
    EXPECT_TRUE(problemOf(u"hibiki://join"_s).contains(u"damaged"_s));
    EXPECT_TRUE(problemOf(u"hibiki://leave?url=http%3A%2F%2Fa"_s).contains(u"damaged"_s));
    EXPECT_TRUE(problemOf(u"hibiki://join?name=x"_s).contains(u"no room address"_s));
    EXPECT_TRUE(
        problemOf(u"hibiki://join?url=ftp%3A%2F%2Fexample.org&name=x"_s).contains(u"http://"_s));
    EXPECT_TRUE(problemOf(u"hibiki://join?url=https%3A%2F%2Fuser%3Apw%40example.org&name=x"_s)
                    .contains(u"not an http"_s));
    // Cut in two by a mail program.
    EXPECT_TRUE(problemOf(good.left(40) + u" "_s + good.mid(40)).contains(u"space"_s));
    // A fingerprint that is not one.
    QString link = good;
    link.replace(Fingerprint, Fingerprint.left(60));
    EXPECT_TRUE(problemOf(link).contains(u"fingerprint"_s));
    // https turned into http next to a certificate: someone wants to read the token.
    link = good;
    link.replace(u"url=https"_s, u"url=http"_s);
    EXPECT_TRUE(problemOf(link).contains(u"unencrypted"_s));
    // A token that cannot go into a header.
    link = good;
    link.replace(u"token=NUI3"_s, u"token=%0D%0AX-Evil%3A%201"_s);
    EXPECT_TRUE(problemOf(link).contains(u"token"_s));
    EXPECT_TRUE(problemOf(good + u"&token=again"_s).contains(u"twice"_s));
    EXPECT_TRUE(problemOf(good + QString(InviteLink::MaxLinkLength, u'a')).contains(u"too long"_s));

    // The name is shown as plain text on one line: controls become spaces, length is capped.
    const std::optional<InviteLink> named = InviteLink::parse(
        u"hibiki://join?url=http%3A%2F%2F127.0.0.1%3A1&name=a%0Ab%E2%80%AEc%09d"_s);
    ASSERT_TRUE(named);
    EXPECT_EQ(named->name, u"a b c d"_s);
    const std::optional<InviteLink> longName = InviteLink::parse(
        u"hibiki://join?url=http%3A%2F%2F127.0.0.1%3A1&name="_s + QString(500, u'n'));
    ASSERT_TRUE(longName);
    EXPECT_EQ(longName->name.size(), InviteLink::MaxNameLength);
    // Later versions may add parts: unknown ones are not an error.
    EXPECT_TRUE(InviteLink::parse(good + u"&expires=2030"_s).has_value());
}

TEST(InviteLink, TheAddressFieldAndTheCommandLineKnowAnInviteWhenTheySeeOne)
{
    const QString link = sampleInvite().toString();
    EXPECT_TRUE(InviteLink::looksLikeInvite(link));
    EXPECT_FALSE(InviteLink::looksLikeInvite(u"http://127.0.0.1:8787"_s));
    const hibiki::ServerAddress address = hibiki::ServerAddress::interpret(link);
    EXPECT_FALSE(address.isValid());
    EXPECT_TRUE(address.problem.contains(u"invite link"_s)) << address.problem.toStdString();
    EXPECT_TRUE(hibiki::ServerAddress::interpret(u"hibiki://join?name=x"_s)
                    .problem.contains(u"no room address"_s));

    CommandLineResult result = CommandLine::parse({u"hibiki"_s, link});
    ASSERT_EQ(result.action, Action::Run) << result.text.toStdString();
    ASSERT_TRUE(result.options.invite);
    EXPECT_EQ(*result.options.invite, sampleInvite());
    // --server with a link means the same.
    result = CommandLine::parse({u"hibiki"_s, u"--server"_s, link});
    ASSERT_EQ(result.action, Action::Run) << result.text.toStdString();
    EXPECT_EQ(result.options.invite, sampleInvite());
    EXPECT_TRUE(result.options.server.isEmpty());

    result = CommandLine::parse({u"hibiki"_s, link.left(30)});
    EXPECT_EQ(result.action, Action::Error);
    EXPECT_TRUE(result.text.startsWith(u"hibiki: This invite link"_s)) << result.text.toStdString();
    result = CommandLine::parse({u"hibiki"_s, link, link});
    EXPECT_EQ(result.action, Action::Error);
    result = CommandLine::parse({u"hibiki"_s, u"--server"_s, link, link});
    EXPECT_EQ(result.action, Action::Error);
    EXPECT_TRUE(result.text.contains(u"one invite link at a time"_s)) << result.text.toStdString();
    result = CommandLine::parse({u"hibiki"_s, u"http://127.0.0.1:8787"_s});
    EXPECT_EQ(result.action, Action::Error);
    EXPECT_TRUE(result.text.contains(u"--server"_s)) << result.text.toStdString();
    EXPECT_TRUE(CommandLine::parse({u"hibiki"_s, u"--help"_s}).text.contains(u"LINK"_s));
}

TEST(LanAddresses, TheHomeNetworkComesFirstAndWhatOthersCannotReachNever)
{
    using Candidate = LanAddresses::Candidate;
    const auto candidate = [](const QString &name, const QString &address, bool up = true) {
        Candidate c;
        c.interfaceName = name;
        c.address = QHostAddress(address);
        c.up = up;
        c.loopback = name == u"lo"_s;
        return c;
    };
    const QList<Candidate> candidates {
        candidate(u"lo"_s, u"127.0.0.1"_s), candidate(u"lo"_s, u"::1"_s),
        candidate(u"docker0"_s, u"172.17.0.1"_s), candidate(u"tailscale0"_s, u"100.101.102.103"_s),
        candidate(u"wlp2s0"_s, u"fe80::1%wlp2s0"_s), candidate(u"wlp2s0"_s, u"2001:db8::5"_s),
        candidate(u"wlp2s0"_s, u"fd12:3456::5"_s), candidate(u"wlp2s0"_s, u"192.168.1.20"_s),
        candidate(u"eth1"_s, u"10.0.0.7"_s, false), // down
        candidate(u"eth0"_s, u"169.254.3.4"_s), // link-local
        candidate(u"eth0"_s, u"203.0.113.9"_s),
        candidate(u"eth0"_s, u"192.168.1.20"_s), // the same address twice
    };
    const QList<QHostAddress> ranked = LanAddresses::ranked(candidates);
    const QList<QHostAddress> expected {QHostAddress(u"192.168.1.20"_s),
        QHostAddress(u"203.0.113.9"_s), QHostAddress(u"fd12:3456::5"_s),
        QHostAddress(u"2001:db8::5"_s), QHostAddress(u"100.101.102.103"_s),
        QHostAddress(u"172.17.0.1"_s)};
    EXPECT_EQ(ranked, expected);
    // This computer's list never has loopback in it.
    for (const QHostAddress &address : LanAddresses::best()) {
        EXPECT_FALSE(address.isLoopback()) << address.toString().toStdString();
    }
}

// Sockets live in a short temporary folder: a Unix socket path has at most 107 bytes.
class SingleInstanceTest : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }

    QString socketPath() const { return m_dir.filePath(u"hibiki.socket"_s); }

    QTemporaryDir m_dir {QDir::tempPath() + u"/hsi-XXXXXX"_s};
};

TEST_F(SingleInstanceTest, ASecondStartHandsItsLinkToTheFirst)
{
    SingleInstance first(socketPath());
    ASSERT_EQ(first.start({}, TimeoutMs), SingleInstance::Outcome::Running);
    EXPECT_TRUE(first.isRunning());
    EXPECT_TRUE(QFile::exists(socketPath()));
    QSignalSpy received(&first, &SingleInstance::linkReceived);

    const QString link = sampleInvite().toString();
    // The second start waits for the first's answer, which the first gives from its event
    // loop: the second runs on a thread of its own.
    std::atomic<int> outcome = -1;
    QString error;
    std::thread second([&] {
        SingleInstance instance(socketPath());
        outcome = int(instance.start(link, TimeoutMs, &error));
    });
    const bool answered = QTest::qWaitFor([&] { return outcome >= 0; }, TimeoutMs);
    second.join();
    ASSERT_TRUE(answered);
    EXPECT_EQ(SingleInstance::Outcome(outcome.load()), SingleInstance::Outcome::HandedOver)
        << error.toStdString();
    ASSERT_TRUE(received.count() == 1 || received.wait(TimeoutMs));
    EXPECT_EQ(received.first().first().toString(), link);

    // Without a link there is nothing to hand over: the caller knows another one runs.
    SingleInstance third(socketPath());
    EXPECT_EQ(third.start({}, TimeoutMs), SingleInstance::Outcome::AlreadyRunning);
    EXPECT_FALSE(third.isRunning());
}

TEST_F(SingleInstanceTest, ASecondPlainStartShowsTheFirstWindowInsteadOfItsOwn)
{
    SingleInstance first(socketPath());
    ASSERT_EQ(first.startOrShowRunning(TimeoutMs), SingleInstance::Outcome::Running);
    QSignalSpy shown(&first, &SingleInstance::showRequested);
    QSignalSpy received(&first, &SingleInstance::linkReceived);

    std::atomic<int> outcome = -1;
    QString error;
    std::thread second([&] {
        SingleInstance instance(socketPath());
        outcome = int(instance.startOrShowRunning(TimeoutMs, &error));
    });
    const bool answered = QTest::qWaitFor([&] { return outcome >= 0; }, TimeoutMs);
    second.join();
    ASSERT_TRUE(answered);
    EXPECT_EQ(SingleInstance::Outcome(outcome.load()), SingleInstance::Outcome::HandedOver)
        << error.toStdString();
    ASSERT_TRUE(shown.count() == 1 || shown.wait(TimeoutMs));
    EXPECT_EQ(shown.count(), 1);
    EXPECT_EQ(received.count(), 0);
}

TEST_F(SingleInstanceTest, ARequestThatAsksForNothingIsRefused)
{
    SingleInstance first(socketPath());
    ASSERT_EQ(first.start({}, TimeoutMs), SingleInstance::Outcome::Running);
    QSignalSpy shown(&first, &SingleInstance::showRequested);
    QLocalSocket client;
    client.connectToServer(socketPath());
    ASSERT_TRUE(client.waitForConnected(TimeoutMs));
    client.write(R"({"show":false})"
                 "\n");
    QByteArray answer;
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            answer += client.readAll();
            return answer.contains('\n');
        },
        TimeoutMs));
    EXPECT_TRUE(answer.contains(R"("ok":false)")) << answer.constData();
    EXPECT_EQ(shown.count(), 0);
}

TEST_F(SingleInstanceTest, TheSocketIsForItsUserOnlyAndGoesWithTheInstance)
{
    {
        SingleInstance instance(socketPath());
        ASSERT_EQ(instance.start({}, TimeoutMs), SingleInstance::Outcome::Running);
        const QFile::Permissions permissions = QFile::permissions(socketPath());
        EXPECT_FALSE(permissions
            & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther));
    }
    EXPECT_FALSE(QFile::exists(socketPath()));
    // A later start is the running one again.
    SingleInstance again(socketPath());
    EXPECT_EQ(again.start({}, TimeoutMs), SingleInstance::Outcome::Running);
}

TEST_F(SingleInstanceTest, NoFolderForTheLockMeansRunningAlone)
{
    SingleInstance instance(m_dir.filePath(u"missing/folder/hibiki.socket"_s));
    QString error;
    EXPECT_EQ(instance.start(u"hibiki://join?url=x"_s, TimeoutMs, &error),
        SingleInstance::Outcome::Unavailable);
    EXPECT_TRUE(error.contains(u"lock"_s)) << error.toStdString();
}

// shell_instanceprobe, a process that starts SingleInstance as `hibiki` does.
class Probe
{
public:
    explicit Probe(const QStringList &arguments)
    {
        m_process.start(QStringLiteral(HIBIKI_INSTANCEPROBE), arguments);
    }
    ~Probe()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(TimeoutMs);
        }
    }
    // The next line it prints, waiting for it with a deadline.
    QString nextLine()
    {
        const bool ready = QTest::qWaitFor(
            [&] { return m_process.canReadLine() || m_process.state() == QProcess::NotRunning; },
            TimeoutMs);
        if (!ready) {
            return u"(nothing within the deadline)"_s;
        }
        return QString::fromUtf8(m_process.readLine()).trimmed();
    }
    int finish()
    {
        m_process.closeWriteChannel();
        if (m_process.state() != QProcess::NotRunning && !m_process.waitForFinished(TimeoutMs)) {
            return -1;
        }
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }
    void killHard()
    {
        m_process.kill(); // SIGKILL: no chance to remove the lock or the socket
        m_process.waitForFinished(TimeoutMs);
    }

private:
    QProcess m_process;
};

TEST_F(SingleInstanceTest, BetweenProcessesAndAfterACrash)
{
    const QString link = sampleInvite().toString();
    {
        Probe running({socketPath()});
        ASSERT_EQ(running.nextLine(), u"running"_s);
        Probe second({socketPath(), link});
        EXPECT_EQ(second.nextLine(), u"handed-over"_s);
        EXPECT_EQ(second.finish(), 0);
        EXPECT_EQ(running.nextLine(), u"link "_s + link);
        running.killHard();
    }
    // The crashed one left its lock and its socket file.
    ASSERT_TRUE(QFile::exists(socketPath() + u".lock"_s));
    ASSERT_TRUE(QFile::exists(socketPath()));

    // A new start takes both over, and links reach it.
    Probe next({socketPath(), link});
    ASSERT_EQ(next.nextLine(), u"running"_s);
    Probe third({socketPath(), link + u"&x=1"_s});
    EXPECT_EQ(third.nextLine(), u"handed-over"_s);
    EXPECT_EQ(third.finish(), 0);
    EXPECT_EQ(next.nextLine(), u"link "_s + link + u"&x=1"_s);
    EXPECT_EQ(next.finish(), 0);
}

TEST_F(SingleInstanceTest, AStaleSocketFileWithoutALockIsReplaced)
{
    // A socket file nobody listens on (left by a crash whose lock went another way).
    const QByteArray path = QFile::encodeName(socketPath());
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    ASSERT_GE(fd, 0);
    sockaddr_un address {};
    address.sun_family = AF_UNIX;
    ASSERT_LT(size_t(path.size()), sizeof(address.sun_path));
    std::memcpy(address.sun_path, path.constData(), size_t(path.size()));
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof(address)), 0);
    ::close(fd);
    ASSERT_TRUE(QFile::exists(socketPath()));

    SingleInstance instance(socketPath());
    ASSERT_EQ(instance.start({}, TimeoutMs), SingleInstance::Outcome::Running);
    Probe second({socketPath(), u"hibiki://join?url=http%3A%2F%2F127.0.0.1%3A1&name=x"_s});
    QSignalSpy received(&instance, &SingleInstance::linkReceived);
    EXPECT_EQ(second.nextLine(), u"handed-over"_s);
    EXPECT_TRUE(received.count() == 1 || received.wait(TimeoutMs));
}

} // namespace
