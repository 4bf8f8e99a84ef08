// SPDX-License-Identifier: MIT
// The app's non-widget pieces: the command line, the room list file, the hosted room and
// the connection test (against the real room server on loopback).
#include <shell/commandline.h>
#include <shell/connectiontester.h>
#include <shell/hostedroom.h>
#include <shell/preferences.h>
#include <shell/roomconfig.h>
#include <shell/serveraddress.h>
#include <shell/tokenstore.h>

#include <hibikiserver/roomserver.h>

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSettings>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::CommandLine;
using hibiki::CommandLineResult;
using hibiki::ConnectionTester;
using hibiki::Profile;
using hibiki::RoomConfig;
using hibiki::RoomConfigStore;
using hibiki::ServerAddress;
using Action = hibiki::CommandLineResult::Action;

namespace {

constexpr int TimeoutMs = 15000;

CommandLineResult parse(const QStringList &arguments)
{
    return CommandLine::parse(QStringList {u"hibiki"_s} + arguments);
}

TEST(CommandLine, ReadsEveryOption)
{
    const CommandLineResult result = parse(
        {u"--server"_s, u"http://127.0.0.1:8787"_s, u"--user"_s, u"alice"_s, u"--lang"_s, u"ja"_s});
    ASSERT_EQ(result.action, Action::Run) << result.text.toStdString();
    EXPECT_EQ(result.options.server, QUrl(u"http://127.0.0.1:8787"_s));
    EXPECT_EQ(result.options.user, u"alice"_s);
    EXPECT_EQ(result.options.language, u"ja"_s);
    EXPECT_FALSE(result.options.hostRoom);

    EXPECT_EQ(parse({u"--profile"_s, u"Team"_s}).options.profile, u"Team"_s);
    // A bare host:port is taken as http.
    EXPECT_EQ(parse({u"--server"_s, u"localhost:3000"_s}).options.server,
        QUrl(u"http://localhost:3000"_s));
}

TEST(CommandLine, HostRoomTakesAnOptionalPort)
{
    CommandLineResult result = parse({u"--host-room"_s});
    ASSERT_EQ(result.action, Action::Run);
    EXPECT_TRUE(result.options.hostRoom);
    EXPECT_EQ(result.options.hostPort, -1);

    result = parse({u"--host-room"_s, u"9000"_s, u"--user"_s, u"bob"_s});
    ASSERT_EQ(result.action, Action::Run) << result.text.toStdString();
    EXPECT_EQ(result.options.hostPort, 9000);
    EXPECT_EQ(result.options.user, u"bob"_s);

    result = parse({u"--host-room=0"_s});
    EXPECT_EQ(result.options.hostPort, 0);
    EXPECT_EQ(parse({u"--host-room=99999"_s}).action, Action::Error);
    // A word after --host-room is not a port: it is an unexpected argument.
    result = parse({u"--host-room"_s, u"lobby"_s});
    EXPECT_EQ(result.action, Action::Error);
    EXPECT_TRUE(result.text.contains(u"lobby"_s));
}

TEST(CommandLine, BadInputIsExplainedNotAccepted)
{
    for (const QString &url : {u"ftp://example.com"_s, u"http://"_s, u""_s, u"http://exa mple"_s}) {
        const CommandLineResult result = parse({u"--server"_s, url});
        EXPECT_EQ(result.action, Action::Error) << url.toStdString();
        EXPECT_TRUE(result.text.startsWith(u"hibiki: "_s)) << result.text.toStdString();
    }
    EXPECT_EQ(parse({u"--user"_s, u" "_s}).action, Action::Error);
    EXPECT_EQ(parse({u"--no-such-option"_s}).action, Action::Error);
    EXPECT_EQ(parse({u"stray"_s}).action, Action::Error);
    EXPECT_EQ(CommandLine::UsageErrorExitCode, 2);
}

TEST(ServerAddress, SaysWhatIsWrongInPlainWords)
{
    const auto problem = [](const QString &text) {
        const ServerAddress address = ServerAddress::interpret(text);
        EXPECT_FALSE(address.isValid()) << text.toStdString();
        // Never QUrl's own words.
        EXPECT_FALSE(address.problem.contains(u"source was"_s)) << address.problem.toStdString();
        EXPECT_FALSE(address.problem.contains(u"Invalid"_s)) << address.problem.toStdString();
        return address.problem;
    };
    EXPECT_EQ(problem(u"http://exa mple.org/room"_s),
        u"The address contains a space; check what you typed."_s);
    EXPECT_EQ(
        problem(u"http://host/a b"_s), u"The address contains a space; check what you typed."_s);
    EXPECT_TRUE(problem(u"ftp://example.com"_s).contains(u"\"ftp://\" cannot be opened"_s));
    EXPECT_TRUE(problem(u"http://"_s).contains(u"no server name"_s));
    EXPECT_TRUE(problem(u":8787"_s).contains(u"no server name"_s));
    EXPECT_TRUE(problem(u"localhost:99999"_s).contains(u"1 to 65535"_s));
    EXPECT_TRUE(problem(u"http://host:abc/"_s).contains(u"1 to 65535"_s));
    EXPECT_TRUE(problem(u"http:/example.org"_s).contains(u"two slashes"_s));
    EXPECT_TRUE(
        problem(u"http://ex$ample.org"_s).contains(u"\"ex$ample.org\" is not a server name"_s));
    EXPECT_TRUE(problem(u"hibiki://join?room=x"_s).contains(u"invite link"_s));
    EXPECT_EQ(problem(u"   "_s), u"The address is empty."_s);
    // The command line says the same.
    const CommandLineResult result = parse({u"--server"_s, u"http://exa mple"_s});
    EXPECT_TRUE(result.text.contains(u"contains a space"_s)) << result.text.toStdString();
}

TEST(ServerAddress, ReadsWhatPeopleTypeAndKnowsTheSameStream)
{
    EXPECT_EQ(
        ServerAddress::interpret(u" localhost:3000 "_s).url, QUrl(u"http://localhost:3000"_s));
    EXPECT_EQ(ServerAddress::interpret(u"HTTPS://Chat.Example.org/sse"_s).url.host(),
        u"chat.example.org"_s);
    EXPECT_TRUE(ServerAddress::interpret(u"http://[::1]:8787"_s).isValid());
    EXPECT_TRUE(ServerAddress::interpret(u"http://日本.jp/部屋"_s).isValid());
    EXPECT_TRUE(ServerAddress::sameStream(
        QUrl(u"HTTP://Example.org:80/room/sse/"_s), QUrl(u"http://example.org/room/sse"_s)));
    EXPECT_TRUE(ServerAddress::sameStream(
        QUrl(u"https://example.org:443/a/../sse"_s), QUrl(u"https://example.org/sse"_s)));
    EXPECT_FALSE(ServerAddress::sameStream(
        QUrl(u"http://example.org:8080/sse"_s), QUrl(u"http://example.org/sse"_s)));
    EXPECT_FALSE(ServerAddress::sameStream(
        QUrl(u"https://example.org/sse"_s), QUrl(u"http://example.org/sse"_s)));
}

TEST(CommandLine, HelpAndVersion)
{
    CommandLineResult result = parse({u"--help"_s});
    ASSERT_EQ(result.action, Action::ShowHelp);
    for (const QString &option :
        {u"--server"_s, u"--profile"_s, u"--user"_s, u"--host-room"_s, u"--lang"_s}) {
        EXPECT_TRUE(result.text.contains(option)) << option.toStdString();
    }
    EXPECT_EQ(parse({u"--version"_s}).action, Action::ShowVersion);
}

TEST(Preferences, AreStoredAndReadBack)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"hibiki.conf"_s);
    using hibiki::Preferences;
    {
        QSettings settings(file, QSettings::IniFormat);
        EXPECT_EQ(Preferences::load(settings), Preferences()); // nothing stored: defaults
        Preferences preferences;
        preferences.userName = u"Alice"_s;
        preferences.notifications = Preferences::Notifications::MentionsOnly;
        preferences.theme = Preferences::Theme::Dark;
        preferences.fontPointSize = 14;
        preferences.language = u"ja"_s;
        preferences.save(settings);
    }
    QSettings settings(file, QSettings::IniFormat);
    const Preferences read = Preferences::load(settings);
    EXPECT_EQ(read.userName, u"Alice"_s);
    EXPECT_EQ(read.notifications, Preferences::Notifications::MentionsOnly);
    EXPECT_EQ(read.theme, Preferences::Theme::Dark);
    EXPECT_EQ(read.fontPointSize, 14);
    EXPECT_EQ(read.language, u"ja"_s);
    EXPECT_EQ(settings.value(u"preferences/theme"_s).toString(), u"dark"_s); // words, not numbers

    // A hand-edited file with nonsense reads as defaults (the size is kept in range).
    settings.setValue(u"preferences/theme"_s, u"purple"_s);
    settings.setValue(u"preferences/notifications"_s, 7);
    settings.setValue(u"preferences/fontPointSize"_s, 500);
    const Preferences odd = Preferences::load(settings);
    EXPECT_EQ(odd.theme, Preferences::Theme::System);
    EXPECT_EQ(odd.notifications, Preferences::Notifications::All);
    EXPECT_EQ(odd.fontPointSize, Preferences::MaxFontPointSize);
}

TEST(RoomConfig, SavesAndLoadsTheRoomList)
{
    QTemporaryDir dir;
    RoomConfigStore store(dir.path());
    ASSERT_TRUE(store.load()); // no file yet: no rooms, no error
    EXPECT_TRUE(store.rooms().isEmpty());

    RoomConfig hosted;
    hosted.id = RoomConfig::newId();
    hosted.profile = Profile::hibikiRoom(QUrl(u"http://127.0.0.1:8787"_s), u"Here"_s);
    hosted.profile.userName = u"alice"_s;
    hosted.hosted = true;
    hosted.hostPort = 9001;
    hosted.hostOnLan = true;
    RoomConfig remote;
    remote.id = RoomConfig::newId();
    remote.profile = Profile::nchanChannel(QUrl(u"https://chat.example.org"_s), u"lobby"_s);
    remote.muted = true;
    remote.hasToken = true;
    store.upsert(hosted);
    store.upsert(remote);
    QString error;
    ASSERT_TRUE(store.save(&error)) << error.toStdString();
    // The token itself never goes into the file.
    QFile file(store.filePath());
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    EXPECT_FALSE(text.contains("Bearer"));

    RoomConfigStore reread(dir.path());
    ASSERT_TRUE(reread.load(&error)) << error.toStdString();
    ASSERT_EQ(reread.rooms().size(), 2);
    EXPECT_EQ(reread.rooms().at(0), hosted);
    EXPECT_EQ(reread.rooms().at(1), remote);
    EXPECT_TRUE(reread.findByName(u"HERE"_s).has_value());
    EXPECT_TRUE(reread.findByStreamUrl(QUrl(u"https://chat.example.org/sub/lobby"_s)).has_value());
    EXPECT_EQ(reread.uniqueName(u"Here"_s), u"Here 2"_s);
    EXPECT_EQ(reread.uniqueName(u"Elsewhere"_s), u"Elsewhere"_s);

    reread.remove(hosted.id);
    EXPECT_EQ(reread.rooms().size(), 1);
}

TEST(RoomConfig, ABrokenFileIsReportedNotFatal)
{
    QTemporaryDir dir;
    RoomConfigStore store(dir.path());
    QFile file(store.filePath());
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("{ not json");
    file.close();
    QString error;
    EXPECT_FALSE(store.load(&error));
    EXPECT_FALSE(error.isEmpty());
    EXPECT_TRUE(store.rooms().isEmpty());
}

TEST(TokenStore, AuthorizationHeader)
{
    EXPECT_EQ(hibiki::authorizationHeader(u"abc"_s), "Bearer abc");
    EXPECT_EQ(hibiki::authorizationHeader(u" Basic dXNlcjpwdw== "_s), "Basic dXNlcjpwdw==");
    EXPECT_TRUE(hibiki::authorizationHeader(u"  "_s).isEmpty());
}

TEST(HostedRoom, ServesOnLoopbackFromItsOwnThreadAndFreesThePort)
{
    hibiki::HostedRoom host;
    QString error;
    hibiki::HostedRoom::Settings settings;
    settings.port = 0;
    ASSERT_TRUE(host.start(settings, &error)) << error.toStdString();
    ASSERT_TRUE(host.isRunning());
    const quint16 port = host.port();
    EXPECT_NE(port, 0);
    EXPECT_EQ(host.baseUrl(), QUrl(u"http://127.0.0.1:%1"_s.arg(port)));
    EXPECT_TRUE(host.networkUrls().isEmpty());

    // It answers while this thread's event loop runs.
    QNetworkAccessManager manager;
    ConnectionTester tester(&manager);
    QSignalSpy finished(&tester, &ConnectionTester::finished);
    tester.setQuietPeriod(200);
    tester.start(Profile::hibikiRoom(host.baseUrl()), {});
    ASSERT_TRUE(finished.wait(TimeoutMs));
    EXPECT_TRUE(finished.at(0).at(0).value<ConnectionTester::Result>().ok);

    // A second room cannot take the same port; after stop() the port is free again.
    hibiki::HostedRoom other;
    settings.port = port;
    EXPECT_FALSE(other.start(settings, &error));
    EXPECT_EQ(error, u"port %1 is already in use on this computer"_s.arg(port));
    host.stop();
    EXPECT_FALSE(host.isRunning());
    QTcpServer probe;
    EXPECT_TRUE(probe.listen(QHostAddress::LocalHost, port));
}

class ConnectionTesterTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        hibiki::RoomServer::Config config;
        config.port = 0;
        m_server = std::make_unique<hibiki::RoomServer>(config);
        ASSERT_TRUE(m_server->listen());
    }

    ConnectionTester::Result test(const Profile &profile)
    {
        ConnectionTester tester(&m_manager);
        // The history comes with the stream's head, in one piece: a second of silence after
        // it is ample on a loaded machine.
        tester.setQuietPeriod(1000);
        QSignalSpy finished(&tester, &ConnectionTester::finished);
        tester.start(profile, {}, 5000);
        EXPECT_TRUE(finished.wait(TimeoutMs));
        return finished.isEmpty() ? ConnectionTester::Result()
                                  : finished.at(0).at(0).value<ConnectionTester::Result>();
    }

    QNetworkAccessManager m_manager;
    std::unique_ptr<hibiki::RoomServer> m_server;
};

TEST_F(ConnectionTesterTest, SaysInWordsWhatTheRoomHolds)
{
    m_server->post(u"alice"_s, u"one"_s);
    m_server->post(u"bob"_s, u"two"_s);
    m_server->post(u"bob"_s, u"hello there"_s);
    // Someone is in the room: a stream that announces carol.
    QNetworkAccessManager other;
    QUrl presence = m_server->baseUrl();
    presence.setPath(u"/sse"_s);
    presence.setQuery(u"user=carol"_s);
    QNetworkReply *carol = other.get(QNetworkRequest(presence));
    ASSERT_TRUE(QTest::qWaitFor([&] { return carol->bytesAvailable() > 0; }, TimeoutMs));

    const ConnectionTester::Result result = test(Profile::hibikiRoom(m_server->baseUrl()));
    EXPECT_TRUE(result.ok) << result.error.toStdString();
    EXPECT_EQ(result.httpStatus, 200);
    EXPECT_TRUE(result.contentType.startsWith(u"text/event-stream"_s));
    EXPECT_EQ(result.messages, 3);
    EXPECT_EQ(result.present, QStringList {u"carol"_s});
    EXPECT_EQ(result.newestAuthor, u"bob"_s);
    EXPECT_EQ(result.newestText, u"hello there"_s);
    const QString text = ConnectionTester::describe(result);
    EXPECT_EQ(text,
        u"Connected: a Hibiki room with 3 messages.\nHere now: carol.\n"
        "The newest, from bob: \"hello there\""_s);
    carol->abort();
    delete carol;
}

TEST_F(ConnectionTesterTest, AQuietRoomIsStillASuccess)
{
    const ConnectionTester::Result result = test(Profile::hibikiRoom(m_server->baseUrl()));
    EXPECT_TRUE(result.ok);
    EXPECT_EQ(result.messages, 0);
    EXPECT_EQ(
        ConnectionTester::describe(result), u"Connected: a Hibiki room with no messages yet."_s);
}

TEST_F(ConnectionTesterTest, EventsThatAreNotChatMessagesAreNamedNotQuoted)
{
    m_server->post(u"bob"_s, u"hello there"_s);
    Profile custom = Profile::hibikiRoom(m_server->baseUrl());
    custom.preset = Profile::Preset::Custom;
    custom.textField = u"text"_s; // the room calls it "content"
    const ConnectionTester::Result result = test(custom);
    EXPECT_TRUE(result.ok);
    EXPECT_EQ(result.messages, 0);
    EXPECT_EQ(result.otherEvents, 1);
    EXPECT_EQ(result.otherEventTypes, QStringList {u"message"_s});
    const QString text = ConnectionTester::describe(result);
    EXPECT_TRUE(text.contains(u"none of the 1 events"_s)) << text.toStdString();
    EXPECT_FALSE(text.contains(u"{"_s)) << text.toStdString(); // never the raw JSON
}

TEST_F(ConnectionTesterTest, ExplainsWhatIsWrong)
{
    Profile wrongPath = Profile::hibikiRoom(m_server->baseUrl());
    wrongPath.streamUrl = QUrl(m_server->baseUrl().toString() + u"/nothing-here"_s);
    ConnectionTester::Result result = test(wrongPath);
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.httpStatus, 404);
    EXPECT_TRUE(result.error.contains(u"404"_s)) << result.error.toStdString();
    EXPECT_TRUE(result.error.contains(u"nothing at this address"_s)) << result.error.toStdString();
    EXPECT_EQ(ConnectionTester::describe(result), result.error);

    Profile notAStream = Profile::hibikiRoom(m_server->baseUrl());
    notAStream.streamUrl = QUrl(m_server->baseUrl().toString() + u"/health"_s);
    result = test(notAStream);
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.httpStatus, 200);
    EXPECT_TRUE(result.error.contains(u"\"application/json\" instead of a stream"_s))
        << result.error.toStdString();

    QTcpServer closed;
    closed.listen(QHostAddress::LocalHost, 0);
    const quint16 port = closed.serverPort();
    closed.close();
    result = test(Profile::hibikiRoom(QUrl(u"http://127.0.0.1:%1"_s.arg(port))));
    EXPECT_FALSE(result.ok);
    EXPECT_EQ(result.httpStatus, 0);
    EXPECT_EQ(result.error,
        u"Nothing answers at 127.0.0.1 on port %1. Is the server running, and is the port right?"_s
            .arg(port));
}

TEST(ConnectionTester, NamesNetworkFailuresAndStatusesInWords)
{
    const QUrl url(u"https://chat.example.org/sse"_s);
    EXPECT_TRUE(ConnectionTester::describeNetworkError(QNetworkReply::HostNotFoundError, url)
                    .contains(u"no server called \"chat.example.org\""_s));
    EXPECT_TRUE(ConnectionTester::describeNetworkError(QNetworkReply::SslHandshakeFailedError, url)
                    .contains(u"certificate"_s));
    EXPECT_TRUE(ConnectionTester::describeNetworkError(QNetworkReply::TimeoutError, url)
                    .contains(u"did not answer in time"_s));
    EXPECT_TRUE(ConnectionTester::describeNetworkError(QNetworkReply::ConnectionRefusedError, url)
                    .contains(u"port 443"_s));
    EXPECT_TRUE(
        ConnectionTester::describeHttpStatus(401, u"Unauthorized"_s).contains(u"access token"_s));
    EXPECT_TRUE(ConnectionTester::describeHttpStatus(502, u"Bad Gateway"_s)
                    .contains(u"HTTP 502 Bad Gateway"_s));
}

} // namespace
