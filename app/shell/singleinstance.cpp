// SPDX-License-Identifier: MIT
#include "singleinstance.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocalServer>
#include <QLocalSocket>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// Between attempts to reach a Hibiki that holds the lock but is still starting up.
constexpr int ConnectRetryMs = 25;

QByteArray messageLine(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

} // namespace

SingleInstance::SingleInstance(const QString &socketPath, QObject *parent)
    : QObject(parent)
    , m_socketPath(socketPath)
    , m_lock(socketPath + u".lock"_s)
{
    // A lock is stale only when its process is gone, never by its age: a Hibiki may run
    // for weeks.
    m_lock.setStaleLockTime(0);
}

SingleInstance::~SingleInstance()
{
    if (m_server) {
        m_server->close(); // removes the socket file
    }
}

QString SingleInstance::defaultSocketPath()
{
    QString directory = QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation);
    if (directory.isEmpty()) {
        directory = QDir::tempPath();
    }
    const QByteArray configuration
        = QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation).toUtf8();
    const QByteArray hash
        = QCryptographicHash::hash(configuration, QCryptographicHash::Sha256).toHex().left(16);
    return QDir(directory).filePath(u"hibiki-%1.socket"_s.arg(QString::fromLatin1(hash)));
}

SingleInstance::Outcome SingleInstance::start(const QString &link, int timeoutMs, QString *error)
{
    if (const std::optional<Outcome> own = becomeRunning(error)) {
        return *own;
    }
    if (link.isEmpty()) {
        return Outcome::AlreadyRunning;
    }
    return handOver({{u"open"_s, link}}, timeoutMs, error);
}

SingleInstance::Outcome SingleInstance::startOrShowRunning(int timeoutMs, QString *error)
{
    if (const std::optional<Outcome> own = becomeRunning(error)) {
        return *own;
    }
    return handOver({{u"show"_s, true}}, timeoutMs, error);
}

std::optional<SingleInstance::Outcome> SingleInstance::becomeRunning(QString *error)
{
    if (m_server) {
        return Outcome::Running;
    }
    if (m_lock.tryLock(0)) {
        return listen(error) ? Outcome::Running : Outcome::Unavailable;
    }
    if (m_lock.error() != QLockFile::LockFailedError) {
        // No lock can be made here at all (no such folder, no permission): run alone.
        if (error) {
            *error = tr("cannot make the lock file %1").arg(m_socketPath + u".lock"_s);
        }
        return Outcome::Unavailable;
    }
    return std::nullopt;
}

bool SingleInstance::listen(QString *error)
{
    // The lock is ours: a socket file still there was left by a Hibiki that crashed.
    QLocalServer::removeServer(m_socketPath);
    auto *server = new QLocalServer(this);
    server->setSocketOptions(QLocalServer::UserAccessOption);
    if (!server->listen(m_socketPath)) {
        if (error) {
            *error = tr("cannot listen on %1: %2").arg(m_socketPath, server->errorString());
        }
        delete server;
        m_lock.unlock();
        return false;
    }
    m_server = server;
    connect(m_server, &QLocalServer::newConnection, this, &SingleInstance::onNewConnection);
    return true;
}

SingleInstance::Outcome SingleInstance::handOver(
    const QJsonObject &request, int timeoutMs, QString *error)
{
    const auto fail = [error](const QString &why) {
        if (error) {
            *error = why;
        }
        return Outcome::Failed;
    };
    const QDeadlineTimer deadline(timeoutMs);
    QLocalSocket socket;
    // The lock's owner may still be starting: try until it listens, or until the deadline.
    for (;;) {
        socket.connectToServer(m_socketPath);
        if (socket.waitForConnected(int(std::max<qint64>(1, deadline.remainingTime())))) {
            break;
        }
        if (deadline.hasExpired()) {
            return fail(tr("Hibiki is already running but does not answer (%1).")
                            .arg(socket.errorString()));
        }
        socket.abort();
        QThread::msleep(ConnectRetryMs);
    }
    socket.write(messageLine(request));
    if (!socket.waitForBytesWritten(int(std::max<qint64>(1, deadline.remainingTime())))) {
        return fail(tr("Hibiki is already running but did not take the request (%1).")
                        .arg(socket.errorString()));
    }
    QByteArray answer;
    while (!answer.contains('\n') && answer.size() < MaxMessageBytes) {
        if (!socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())))) {
            return fail(
                tr("Hibiki is already running but did not answer (%1).").arg(socket.errorString()));
        }
        answer += socket.readAll();
    }
    const QJsonObject reply = QJsonDocument::fromJson(answer.left(answer.indexOf('\n'))).object();
    if (!reply.value(u"ok"_s).toBool()) {
        return fail(tr("The running Hibiki refused the request: %1")
                        .arg(reply.value(u"error"_s).toString()));
    }
    return Outcome::HandedOver;
}

void SingleInstance::onNewConnection()
{
    while (QLocalSocket *socket = m_server->nextPendingConnection()) {
        socket->setParent(this);
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        // A connection that never finishes its line does not stay forever.
        QTimer::singleShot(ClientTimeoutMs, socket, [socket] { socket->abort(); });
        if (socket->bytesAvailable() > 0) {
            onReadyRead(socket);
        }
    }
}

void SingleInstance::onReadyRead(QLocalSocket *socket)
{
    if (!socket->canReadLine()) {
        if (socket->bytesAvailable() > MaxMessageBytes) {
            socket->abort();
        }
        return;
    }
    const QByteArray line = socket->readLine(MaxMessageBytes).trimmed();
    const QJsonObject message = QJsonDocument::fromJson(line).object();
    const QString link = message.value(u"open"_s).toString();
    const bool show = message.value(u"show"_s).toBool();
    if (link.isEmpty() && !show) {
        socket->write(messageLine({{u"ok"_s, false}, {u"error"_s, u"no link"_s}}));
    } else {
        socket->write(messageLine({{u"ok"_s, true}}));
    }
    socket->disconnectFromServer(); // after what was written is sent
    if (!link.isEmpty()) {
        Q_EMIT linkReceived(link);
    } else if (show) {
        Q_EMIT showRequested();
    }
}

} // namespace hibiki
