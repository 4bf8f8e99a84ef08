// SPDX-License-Identifier: MIT
#include "roomlock.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSysInfo>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

bool processIsRunning(qint64 pid)
{
    return pid > 0 && (::kill(pid_t(pid), 0) == 0 || errno == EPERM);
}

QString nearestExistingFolder(const QString &path)
{
    QFileInfo folder(QFileInfo(path).absolutePath());
    while (!folder.exists() && !folder.isRoot()) {
        folder = QFileInfo(folder.absolutePath());
    }
    return folder.absoluteFilePath();
}

} // namespace

RoomLock::RoomLock(const QString &historyPath)
    : m_path(historyPath + u".lock"_s)
    , m_lock(m_path)
{ }

bool RoomLock::tryLock()
{
    m_failure = Failure::None;
    m_ownerPid = 0;
    m_ownerHost.clear();
    m_systemError.clear();
    if (m_lock.tryLock(0)) {
        return true;
    }
    if (m_lock.error() == QLockFile::LockFailedError) {
        QString application;
        m_lock.getLockInfo(&m_ownerPid, &m_ownerHost, &application);
        // A lock of a process that is gone is stale, and QLockFile removes it: when it is
        // still there, it could not be removed, which is a question of writing, not of
        // another Hibiki.
        if (m_ownerPid <= 0 || !ownerIsOnThisComputer() || processIsRunning(m_ownerPid)) {
            m_failure = Failure::HeldByAnotherHibiki;
            return false;
        }
    }
    diagnoseWriteFailure();
    return false;
}

bool RoomLock::ownerIsOnThisComputer() const
{
    return m_ownerHost.isEmpty() || m_ownerHost == QSysInfo::machineHostName();
}

void RoomLock::diagnoseWriteFailure()
{
    // QLockFile reports a full disk as "unknown" and a read-only one as "permission":
    // writing a file where the lock goes tells them apart.
    const QString folder = nearestExistingFolder(m_path);
    const QByteArray probe = QFile::encodeName(
        folder + u"/.hibiki-write-test-%1"_s.arg(QCoreApplication::applicationPid()));
    int error = 0;
    const int fd = ::open(probe.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        error = errno;
    } else {
        if (::write(fd, "x", 1) != 1) {
            error = errno;
        } else if (::fsync(fd) != 0) {
            error = errno;
        }
        ::close(fd);
        ::unlink(probe.constData());
    }
    switch (error) {
    case EACCES:
    case EPERM:
        m_failure = Failure::PermissionDenied;
        break;
    case EROFS:
        m_failure = Failure::ReadOnlyDisk;
        break;
    case ENOSPC:
    case EDQUOT:
        m_failure = Failure::DiskFull;
        break;
    default:
        m_failure = Failure::Other;
        // Writing worked a moment later: whatever stopped QLockFile has passed.
        m_systemError = error != 0
            ? qt_error_string(error)
            : tr("the lock file %1 could not be created").arg(QDir::toNativeSeparators(m_path));
        break;
    }
}

QString RoomLock::describe(const QString &roomName) const
{
    const QString folder = QDir::toNativeSeparators(QFileInfo(m_path).absolutePath());
    switch (m_failure) {
    case Failure::None:
        return {};
    case Failure::HeldByAnotherHibiki:
        if (m_ownerPid <= 0) {
            return tr("\"%1\" is open in another Hibiki window; its history is not kept by "
                      "this one.")
                .arg(roomName);
        }
        if (ownerIsOnThisComputer()) {
            return tr("\"%1\" is open in another Hibiki window (process %2); its history is "
                      "not kept by this one.")
                .arg(roomName)
                .arg(m_ownerPid);
        }
        return tr("\"%1\" is open in Hibiki on the computer %2 (process %3), which shares "
                  "this history folder; its history is not kept by this window.")
            .arg(roomName, m_ownerHost)
            .arg(m_ownerPid);
    case Failure::PermissionDenied:
        return tr("The history of \"%1\" is kept in memory only: Hibiki has no permission to "
                  "write in %2.")
            .arg(roomName, folder);
    case Failure::ReadOnlyDisk:
        return tr("The history of \"%1\" is kept in memory only: %2 is on a read-only disk.")
            .arg(roomName, folder);
    case Failure::DiskFull:
        return tr("The history of \"%1\" is kept in memory only: the disk holding %2 is full.")
            .arg(roomName, folder);
    case Failure::Other:
        return tr("The history of \"%1\" is kept in memory only: Hibiki cannot write in %2 "
                  "(%3).")
            .arg(roomName, folder, m_systemError);
    }
    return {};
}

} // namespace hibiki
