// SPDX-License-Identifier: MIT
// A room's history lock names its real cause when it cannot be taken: another Hibiki (its
// process, on this computer or another one sharing the folder), no permission, a read-only
// disk, a full disk. Full and read-only disks are real: a small tmpfs, mounted in a private
// mount namespace (unshare) in which shell_lockprobe takes the lock.
#include <shell/roomlock.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

#include <unistd.h>

using namespace Qt::StringLiterals;
using hibiki::RoomLock;
using Failure = hibiki::RoomLock::Failure;

namespace {

constexpr int ProcessTimeoutMs = 30000;

// What shell_lockprobe printed.
struct ProbeResult
{
    bool ran = false;
    bool locked = false;
    Failure failure = Failure::None;
    qint64 ownerPid = 0;
    QString ownerHost;
    QString text;
    QString output; // everything, for failure messages
};

ProbeResult runProbe(const QString &program, const QStringList &arguments)
{
    ProbeResult result;
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(ProcessTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.output = u"timed out"_s;
        return result;
    }
    result.output = QString::fromUtf8(process.readAllStandardOutput())
        + QString::fromUtf8(process.readAllStandardError());
    const QString line = result.output.section(u'\n', 0, 0);
    if (line == u"locked"_s) {
        result.ran = true;
        result.locked = true;
    } else if (line.startsWith(u"failed "_s)) {
        const QStringList fields = line.section(u'\t', 0, 0).split(u' ');
        if (fields.size() == 4) {
            result.ran = true;
            result.failure = Failure(fields.at(1).toInt());
            result.ownerPid = fields.at(2).toLongLong();
            result.ownerHost = fields.at(3) == u"-"_s ? QString() : fields.at(3);
            result.text = line.section(u'\t', 1);
        }
    }
    return result;
}

// Runs `script` (sh, with $1 = `directory`, $2 = the probe) as root of a new user and mount
// namespace: it may mount a tmpfs on the directory, seen by nobody else, and ends by
// running the probe. Empty when such namespaces are not available here.
std::optional<ProbeResult> probeInMountNamespace(const QString &directory, const QString &script)
{
    const QString unshare = QStandardPaths::findExecutable(u"unshare"_s);
    if (unshare.isEmpty()) {
        return std::nullopt;
    }
    QProcess check;
    check.start(unshare, {u"--user"_s, u"--map-root-user"_s, u"--mount"_s, u"true"_s});
    if (!check.waitForFinished(ProcessTimeoutMs) || check.exitStatus() != QProcess::NormalExit
        || check.exitCode() != 0) {
        return std::nullopt;
    }
    return runProbe(unshare,
        {u"--user"_s, u"--map-root-user"_s, u"--mount"_s, u"sh"_s, u"-c"_s, script, u"sh"_s,
            directory, QStringLiteral(HIBIKI_LOCKPROBE)});
}

#define SKIP_WITHOUT_NAMESPACES(result)                                                            \
    if (!(result)) {                                                                               \
        GTEST_SKIP() << "\n*** LOCK TEST CANNOT RUN HERE: unshare --user --mount is not "          \
                        "available (util-linux, unprivileged user namespaces). ***";               \
    }

class RoomLockTest : public ::testing::Test
{
protected:
    void SetUp() override { ASSERT_TRUE(m_dir.isValid()); }

    QString history() const { return m_dir.filePath(u"room.sqlite"_s); }

    QTemporaryDir m_dir;
};

TEST_F(RoomLockTest, AFreeLockIsTakenAndReleasedWithTheObject)
{
    {
        RoomLock lock(history());
        ASSERT_TRUE(lock.tryLock());
        EXPECT_TRUE(lock.isLocked());
        EXPECT_EQ(lock.failure(), Failure::None);
        EXPECT_TRUE(lock.describe(u"Team"_s).isEmpty());
        EXPECT_TRUE(QFile::exists(history() + u".lock"_s));
    }
    EXPECT_FALSE(QFile::exists(history() + u".lock"_s));
}

TEST_F(RoomLockTest, HeldByAnotherHibikiNamesItsProcessAndFreesWhenItQuits)
{
    QProcess holder;
    holder.start(QStringLiteral(HIBIKI_LOCKPROBE), {history(), u"--hold"_s});
    ASSERT_TRUE(holder.waitForStarted(ProcessTimeoutMs));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return holder.canReadLine() || holder.state() == QProcess::NotRunning; },
        ProcessTimeoutMs));
    ASSERT_EQ(holder.readLine().trimmed(), "locked");

    RoomLock lock(history());
    ASSERT_FALSE(lock.tryLock());
    EXPECT_EQ(lock.failure(), Failure::HeldByAnotherHibiki);
    EXPECT_EQ(lock.ownerPid(), holder.processId());
    EXPECT_TRUE(lock.ownerIsOnThisComputer());
    const QString text = lock.describe(u"Team"_s);
    EXPECT_TRUE(text.contains(u"another Hibiki"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(QString::number(holder.processId()))) << text.toStdString();
    EXPECT_TRUE(text.contains(u"\"Team\""_s)) << text.toStdString();

    holder.closeWriteChannel(); // the other Hibiki quits
    ASSERT_TRUE(holder.waitForFinished(ProcessTimeoutMs));
    EXPECT_TRUE(lock.tryLock());
    EXPECT_EQ(lock.failure(), Failure::None);
}

TEST_F(RoomLockTest, TheLockOfAHibikiThatCrashedIsTakenOver)
{
    QProcess holder;
    holder.start(QStringLiteral(HIBIKI_LOCKPROBE), {history(), u"--hold"_s});
    ASSERT_TRUE(holder.waitForStarted(ProcessTimeoutMs));
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return holder.canReadLine() || holder.state() == QProcess::NotRunning; },
        ProcessTimeoutMs));
    ASSERT_EQ(holder.readLine().trimmed(), "locked");
    holder.kill(); // SIGKILL: no chance to remove its lock file
    ASSERT_TRUE(holder.waitForFinished(ProcessTimeoutMs));
    ASSERT_TRUE(QFile::exists(history() + u".lock"_s));

    RoomLock lock(history());
    EXPECT_TRUE(lock.tryLock()) << lock.describe(u"Team"_s).toStdString();
}

TEST_F(RoomLockTest, HeldOnAnotherComputerSharingTheFolderNamesThatComputer)
{
    // QLockFile's own format: pid, application, host name, machine id, boot id.
    QFile file(history() + u".lock"_s);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("4242\nhibiki\nother-desk.example\n0123456789abcdef\nfedcba9876543210\n");
    file.close();

    RoomLock lock(history());
    ASSERT_FALSE(lock.tryLock());
    EXPECT_EQ(lock.failure(), Failure::HeldByAnotherHibiki);
    EXPECT_EQ(lock.ownerPid(), 4242);
    EXPECT_EQ(lock.ownerHost(), u"other-desk.example"_s);
    EXPECT_FALSE(lock.ownerIsOnThisComputer());
    const QString text = lock.describe(u"Team"_s);
    EXPECT_TRUE(text.contains(u"other-desk.example"_s)) << text.toStdString();
    EXPECT_TRUE(text.contains(u"4242"_s)) << text.toStdString();
}

TEST_F(RoomLockTest, NoPermissionToWriteInTheFolderSaysSo)
{
    // A folder nobody may write in. root may write anywhere, so then the probe runs as an
    // unmapped user of a new user namespace, for whom root's files are someone else's.
    QFile::setPermissions(m_dir.path(),
        QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadOther | QFile::ExeOther
            | QFile::ReadGroup | QFile::ExeGroup);
    const QString folder = m_dir.filePath(u"readonly"_s);
    ASSERT_TRUE(QDir().mkpath(folder));
    ASSERT_TRUE(QFile::setPermissions(folder,
        QFile::ReadOwner | QFile::ExeOwner | QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther
            | QFile::ExeOther));
    const QString path = folder + u"/room.sqlite"_s;

    ProbeResult result;
    if (::geteuid() != 0) {
        result = runProbe(QStringLiteral(HIBIKI_LOCKPROBE), {path});
    } else {
        const QString unshare = QStandardPaths::findExecutable(u"unshare"_s);
        QProcess check;
        if (!unshare.isEmpty()) {
            check.start(unshare, {u"--user"_s, u"true"_s});
        }
        if (unshare.isEmpty() || !check.waitForFinished(ProcessTimeoutMs)
            || check.exitCode() != 0) {
            GTEST_SKIP() << "\n*** LOCK TEST CANNOT RUN HERE: running as root without "
                            "unshare --user. ***";
        }
        result = runProbe(unshare, {u"--user"_s, QStringLiteral(HIBIKI_LOCKPROBE), path});
    }
    ASSERT_TRUE(result.ran) << result.output.toStdString();
    EXPECT_EQ(result.failure, Failure::PermissionDenied) << result.output.toStdString();
    EXPECT_TRUE(result.text.contains(u"no permission to write in"_s)) << result.text.toStdString();
    EXPECT_TRUE(result.text.contains(folder)) << result.text.toStdString();
}

TEST_F(RoomLockTest, AReadOnlyDiskSaysSo)
{
    const std::optional<ProbeResult> result = probeInMountNamespace(m_dir.path(),
        u"mount -t tmpfs -o ro,size=64k tmpfs \"$1\" && exec \"$2\" \"$1/room.sqlite\""_s);
    SKIP_WITHOUT_NAMESPACES(result);
    ASSERT_TRUE(result->ran) << result->output.toStdString();
    EXPECT_EQ(result->failure, Failure::ReadOnlyDisk) << result->output.toStdString();
    EXPECT_TRUE(result->text.contains(u"read-only disk"_s)) << result->text.toStdString();
}

TEST_F(RoomLockTest, AFullDiskSaysSo)
{
    // The history folder does not even exist yet: creating it failed on the full disk.
    const std::optional<ProbeResult> result = probeInMountNamespace(m_dir.path(),
        u"mount -t tmpfs -o size=64k tmpfs \"$1\" && { cat /dev/zero > \"$1/filler\" 2>/dev/null; "
        "exec \"$2\" \"$1/rooms/room.sqlite\"; }"_s);
    SKIP_WITHOUT_NAMESPACES(result);
    ASSERT_TRUE(result->ran) << result->output.toStdString();
    EXPECT_EQ(result->failure, Failure::DiskFull) << result->output.toStdString();
    EXPECT_TRUE(result->text.contains(u"is full"_s)) << result->text.toStdString();
}

TEST_F(RoomLockTest, AnyOtherCauseGivesTheSystemsWords)
{
    // A file where the folder should be: nothing can be created "inside" it.
    QFile blocker(m_dir.filePath(u"rooms"_s));
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    RoomLock lock(m_dir.filePath(u"rooms/room.sqlite"_s));
    ASSERT_FALSE(lock.tryLock());
    EXPECT_EQ(lock.failure(), Failure::Other);
    EXPECT_FALSE(lock.systemError().isEmpty());
    const QString text = lock.describe(u"Team"_s);
    EXPECT_TRUE(text.contains(lock.systemError())) << text.toStdString();
    EXPECT_TRUE(text.contains(u"kept in memory only"_s)) << text.toStdString();
}

} // namespace
