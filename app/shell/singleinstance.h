// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QLockFile>
#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QJsonObject;
class QLocalServer;
class QLocalSocket;

namespace hibiki {

// One Hibiki per user and configuration receives invite links: a second `hibiki LINK` (a
// click on a hibiki:// link) hands the link over a local socket to the Hibiki already
// running, which opens the room in its window, instead of opening another window.
//
// Who runs is decided by a lock file next to the socket (QLockFile): its owner listens. A
// lock left by a Hibiki that crashed is taken over, and so is the socket file it left. The
// socket is the user's only (QLocalServer::UserAccessOption, in $XDG_RUNTIME_DIR).
//
// A second plain `hibiki` (a click on the launcher while Hibiki runs) brings the running
// window to the front instead of opening a second window, whose rooms would all be locked
// by the first.
//
// On the socket, one exchange per connection, one line each way: the newcomer writes
// {"open":"<link>"} or {"show":true}, and the running one answers {"ok":true} once it has
// taken the request.
class SingleInstance : public QObject
{
    Q_OBJECT

public:
    static constexpr qsizetype MaxMessageBytes = 16 * 1024;
    static constexpr int ClientTimeoutMs = 10000; // a connection that says nothing is closed

    enum class Outcome {
        Running, // this process is the one: it listens, and linkReceived() brings links
        HandedOver, // another Hibiki runs and took the link: this one may exit
        AlreadyRunning, // another Hibiki runs; nothing was handed over (no link given)
        Failed, // another Hibiki runs but did not take the link or request; see the error
        Unavailable, // no lock or socket can be made here: run alone; see the error
    };

    // `socketPath`: where the socket goes (a full path); the lock is `socketPath + ".lock"`.
    explicit SingleInstance(
        const QString &socketPath = defaultSocketPath(), QObject *parent = nullptr);
    ~SingleInstance() override;

    // $XDG_RUNTIME_DIR/hibiki-<hash>.socket: one per user and configuration folder (the
    // hash is of QStandardPaths::AppConfigLocation), so that two Hibikis with separate
    // configurations never take each other's links.
    static QString defaultSocketPath();
    QString socketPath() const { return m_socketPath; }

    // Becomes the running Hibiki, or hands `link` (if not empty) to the one running and waits
    // at most `timeoutMs` for it to take it. Failed: `error` says why, in words.
    Outcome start(const QString &link, int timeoutMs, QString *error = nullptr);
    // Becomes the running Hibiki, or asks the one running to show its window (HandedOver
    // once it has).
    Outcome startOrShowRunning(int timeoutMs, QString *error = nullptr);
    bool isRunning() const { return m_server != nullptr; }

Q_SIGNALS:
    // A link another `hibiki` handed over (not validated: read it with InviteLink).
    void linkReceived(const QString &link);
    // Another plain `hibiki` started: the running one's window should come to the front.
    void showRequested();

private:
    // Running, Unavailable, or nullopt when another Hibiki holds the lock.
    std::optional<Outcome> becomeRunning(QString *error);
    bool listen(QString *error);
    Outcome handOver(const QJsonObject &request, int timeoutMs, QString *error);
    void onNewConnection();
    void onReadyRead(QLocalSocket *socket);

    QString m_socketPath;
    QLockFile m_lock;
    QLocalServer *m_server = nullptr; // child, while running
};

} // namespace hibiki
