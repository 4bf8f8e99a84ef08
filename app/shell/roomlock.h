// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QLockFile>
#include <QString>

namespace hibiki {

// Makes one Hibiki the only writer of a room's history file: a QLockFile next to it
// ("<history>.lock"). A lock left by a Hibiki that crashed on this computer is taken over.
// When the lock cannot be taken, says why, in words a user can act on: another Hibiki
// (which process, on which computer), no permission, a read-only or full disk.
class RoomLock
{
    Q_DECLARE_TR_FUNCTIONS(hibiki::RoomLock)

public:
    enum class Failure {
        None,
        HeldByAnotherHibiki, // ownerPid() and ownerHost() say which, when the file tells
        PermissionDenied,
        ReadOnlyDisk,
        DiskFull,
        Other, // systemError() has the system's words
    };

    explicit RoomLock(const QString &historyPath);
    RoomLock(const RoomLock &) = delete;
    RoomLock &operator=(const RoomLock &) = delete;

    // Takes the lock at once or not at all. False: failure() and describe() say why.
    bool tryLock();
    bool isLocked() const { return m_lock.isLocked(); }
    QString lockFilePath() const { return m_path; }

    Failure failure() const { return m_failure; }
    qint64 ownerPid() const { return m_ownerPid; } // 0 when unknown
    QString ownerHost() const { return m_ownerHost; } // empty when unknown
    bool ownerIsOnThisComputer() const;
    QString systemError() const { return m_systemError; }

    // Why the history of `roomName` is not kept on disk, for the status bar.
    QString describe(const QString &roomName) const;

private:
    // Why nothing can be written where the lock goes, found by trying: the errno of
    // creating and writing a small file in the nearest existing folder.
    void diagnoseWriteFailure();

    QString m_path;
    QLockFile m_lock;
    Failure m_failure = Failure::None;
    qint64 m_ownerPid = 0;
    QString m_ownerHost;
    QString m_systemError;
};

} // namespace hibiki
