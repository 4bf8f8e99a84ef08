// SPDX-License-Identifier: MIT
// The `hibiki` program as a process: told to end (SIGTERM, SIGINT, SIGHUP), it closes its
// window the normal way and exits 0, with the draft and the window's settings written and
// its locks released, instead of dying and losing them; started again while it runs, it
// shows the running window instead of opening a second one.
#include <core/profile.h>
#include <shell/roomconfig.h>

#include <hibikiserver/roomserver.h>

#include <QDirIterator>
#include <QFile>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <csignal>

using namespace Qt::StringLiterals;
using hibiki::RoomConfig;
using hibiki::RoomConfigStore;
using hibiki::RoomServer;

namespace {

constexpr int TimeoutMs = 20000;

// The lock files under `directory`: a room's history lock, the single instance's lock.
QStringList lockFiles(const QString &directory)
{
    QStringList locks;
    QDirIterator it(
        directory, {u"*.lock"_s}, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        locks.append(it.next());
    }
    return locks;
}

class AppExecutable : public ::testing::TestWithParam<int>
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        for (const QString &name : {u"config"_s, u"data"_s, u"runtime"_s}) {
            ASSERT_TRUE(QDir(m_dir.path()).mkpath(name));
        }
        // As XDG asks of the runtime directory; Qt ignores one open to others.
        ASSERT_TRUE(QFile::setPermissions(
            m_dir.filePath(u"runtime"_s), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        RoomServer::Config config;
        config.port = 0;
        m_server = std::make_unique<RoomServer>(config);
        ASSERT_TRUE(m_server->listen());
    }

    // The app's QSettings file (QSettings' native format is INI on Linux).
    QString settingsFile() const { return m_dir.filePath(u"config/Hibiki/hibiki.conf"_s); }

    // One configured room, on the test's server, with a draft from the last run.
    RoomConfig configureRoom() const
    {
        RoomConfig room;
        room.id = RoomConfig::newId();
        room.profile = hibiki::Profile::forUrl(m_server->baseUrl());
        room.profile.name = u"Team"_s;
        room.profile.userName = u"alice"_s;
        RoomConfigStore store(m_dir.filePath(u"config/Hibiki/hibiki"_s));
        store.upsert(room);
        EXPECT_TRUE(store.save());
        QSettings settings(settingsFile(), QSettings::IniFormat);
        settings.setValue(u"drafts/"_s + room.id, u"half a thought"_s);
        return room;
    }

    void startApp(QProcess &app) const
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        environment.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
        environment.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"data"_s));
        environment.insert(u"XDG_RUNTIME_DIR"_s, m_dir.filePath(u"runtime"_s));
        // No session bus: the tray and the keychain must not reach the desktop's.
        environment.insert(
            u"DBUS_SESSION_BUS_ADDRESS"_s, u"unix:path=%1"_s.arg(m_dir.filePath(u"no-bus"_s)));
        app.setProcessEnvironment(environment);
        app.setProgram(QStringLiteral(HIBIKI_APP_PATH));
        app.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        app.start();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<RoomServer> m_server;
};

TEST_P(AppExecutable, ASignalClosesTheWindowSavesAndExits0)
{
    const RoomConfig room = configureRoom();
    QProcess app;
    startApp(app);
    ASSERT_TRUE(app.waitForStarted(TimeoutMs));
    // Connected: the event loop runs, and with it the signal watcher the app set up before.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return m_server->clientCount() == 1 || app.state() == QProcess::NotRunning; },
        TimeoutMs));
    ASSERT_EQ(app.state(), QProcess::Running) << "exit code " << app.exitCode();
    EXPECT_FALSE(lockFiles(m_dir.path()).isEmpty());
    EXPECT_FALSE(QSettings(settingsFile(), QSettings::IniFormat).contains(u"window/geometry"_s));

    ASSERT_EQ(::kill(pid_t(app.processId()), GetParam()), 0);
    ASSERT_TRUE(app.waitForFinished(TimeoutMs));
    EXPECT_EQ(app.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(app.exitCode(), 0);

    // Closed as the user closes it: the window's settings and the draft are there.
    const QSettings settings(settingsFile(), QSettings::IniFormat);
    EXPECT_FALSE(settings.value(u"window/geometry"_s).toByteArray().isEmpty());
    EXPECT_EQ(settings.value(u"window/currentRoom"_s).toString(), room.id);
    EXPECT_EQ(settings.value(u"drafts/"_s + room.id).toString(), u"half a thought"_s);
    // The history lock and the single instance's lock went with it.
    EXPECT_EQ(lockFiles(m_dir.path()), QStringList());
    EXPECT_TRUE(QTest::qWaitFor([&] { return m_server->clientCount() == 0; }, TimeoutMs));
}

// The launcher clicked while Hibiki runs: the running window comes to the front, and no
// second window opens (its rooms would all be locked by the first).
class AppSecondStart : public AppExecutable
{ };

TEST_F(AppSecondStart, APlainSecondStartShowsTheRunningWindowAndExits0)
{
    configureRoom();
    QProcess first;
    startApp(first);
    ASSERT_TRUE(first.waitForStarted(TimeoutMs));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return m_server->clientCount() == 1 || first.state() == QProcess::NotRunning; },
        TimeoutMs));
    ASSERT_EQ(first.state(), QProcess::Running) << "exit code " << first.exitCode();

    QProcess second;
    startApp(second);
    ASSERT_TRUE(second.waitForFinished(TimeoutMs));
    EXPECT_EQ(second.exitStatus(), QProcess::NormalExit);
    EXPECT_EQ(second.exitCode(), 0);
    EXPECT_TRUE(second.readAllStandardOutput().contains("already running"));
    // Only the first one's stream: the second never opened the room.
    EXPECT_EQ(m_server->clientCount(), 1);
    EXPECT_EQ(first.state(), QProcess::Running);

    ASSERT_EQ(::kill(pid_t(first.processId()), SIGTERM), 0);
    ASSERT_TRUE(first.waitForFinished(TimeoutMs));
    EXPECT_EQ(first.exitCode(), 0);
}

INSTANTIATE_TEST_SUITE_P(Signals, AppExecutable, ::testing::Values(SIGTERM, SIGINT, SIGHUP),
    [](const ::testing::TestParamInfo<int> &info) {
        switch (info.param) {
        case SIGTERM:
            return std::string("Sigterm");
        case SIGINT:
            return std::string("Sigint");
        default:
            return std::string("Sighup");
        }
    });

} // namespace
