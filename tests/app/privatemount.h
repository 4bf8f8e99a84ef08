// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace hibiki::test {

// A small tmpfs that only the calling thread sees: it moves into a private mount
// namespace (unshare(CLONE_NEWNS)) and mounts there, so a test can fill a disk without
// touching the machine's. The mount goes with the object. Needs CAP_SYS_ADMIN (the tests
// run as root); without it, skipReason() says why.
class PrivateTmpfs
{
public:
    PrivateTmpfs(const QString &mountPoint, qint64 sizeBytes);
    ~PrivateTmpfs();
    PrivateTmpfs(const PrivateTmpfs &) = delete;
    PrivateTmpfs &operator=(const PrivateTmpfs &) = delete;

    QString skipReason() const { return m_skipReason; }
    QString path() const { return m_mountPoint; }

    // Writes a filler file until not one more byte fits. False when the disk never filled.
    bool fill();
    // Deletes the filler: the space is back.
    void release();

private:
    QString m_mountPoint;
    QString m_skipReason;
    bool m_mounted = false;
};

// Sets or clears a file's immutable attribute (chattr +i), which stops even root from
// writing to it, through descriptors opened before too. False and `*error` when the file
// system does not support it.
bool setImmutable(const QString &path, bool immutable, QString *error = nullptr);

} // namespace hibiki::test
