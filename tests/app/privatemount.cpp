// SPDX-License-Identifier: MIT
#include "privatemount.h"

#include <QFile>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <linux/fs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace hibiki::test {

namespace {

QString lastError(const char *what)
{
    return u"%1: %2"_s.arg(QLatin1StringView(what), QString::fromLocal8Bit(std::strerror(errno)));
}

const QString fillerName = u"/filler"_s;

} // namespace

PrivateTmpfs::PrivateTmpfs(const QString &mountPoint, qint64 sizeBytes)
    : m_mountPoint(mountPoint)
{
    if (::unshare(CLONE_NEWNS) != 0) {
        m_skipReason = lastError("unshare(CLONE_NEWNS) is not permitted here");
        return;
    }
    // Nothing mounted from now on may reach the machine's namespace.
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
        m_skipReason = lastError("cannot make the mount namespace private");
        return;
    }
    const QByteArray options = "size=" + QByteArray::number(sizeBytes);
    if (::mount("tmpfs", QFile::encodeName(mountPoint).constData(), "tmpfs", MS_NOSUID | MS_NODEV,
            options.constData())
        != 0) {
        m_skipReason = lastError("cannot mount a tmpfs");
        return;
    }
    m_mounted = true;
}

PrivateTmpfs::~PrivateTmpfs()
{
    if (m_mounted) {
        ::umount2(QFile::encodeName(m_mountPoint).constData(), MNT_DETACH);
    }
}

bool PrivateTmpfs::fill()
{
    QFile filler(m_mountPoint + fillerName);
    if (!filler.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
        return false;
    }
    // Big pieces, then smaller ones down to a byte: the last block is full as well.
    for (qint64 piece = 64 * 1024; piece > 0; piece /= 2) {
        const QByteArray bytes(piece, 'x');
        while (filler.write(bytes) == piece) { }
    }
    return true;
}

void PrivateTmpfs::release()
{
    QFile::remove(m_mountPoint + fillerName);
}

bool setImmutable(const QString &path, bool immutable, QString *error)
{
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (error) {
            *error = lastError("open");
        }
        return false;
    }
    int flags = 0;
    bool done = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    if (done) {
        flags = immutable ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
        done = ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
    if (!done && error) {
        *error = lastError("FS_IOC_SETFLAGS");
    }
    ::close(fd);
    return done;
}

} // namespace hibiki::test
