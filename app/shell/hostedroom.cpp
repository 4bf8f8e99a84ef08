// SPDX-License-Identifier: MIT
#include "hostedroom.h"

#include <hibikiserver/roomserver.h>

#include <QNetworkInterface>
#include <QTcpServer>

using namespace Qt::StringLiterals;

namespace hibiki {

HostedRoom::HostedRoom(QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(u"hosted-room"_s);
}

HostedRoom::~HostedRoom()
{
    stop();
}

bool HostedRoom::start(const Settings &settings, QString *error)
{
    stop();
    m_settings = settings;
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();

    RoomServer::Config config;
    config.listenAddress
        = settings.lan ? QHostAddress(QHostAddress::Any) : QHostAddress(QHostAddress::LocalHost);
    config.port = settings.port;
    config.dataDir = settings.dataDirectory;

    bool listening = false;
    QString problem;
    quint16 port = 0;
    RoomServer *server = nullptr;
    // The server and everything it creates must belong to the worker thread: build it there.
    QMetaObject::invokeMethod(
        m_context,
        [&] {
            server = new RoomServer(config, m_context);
            listening = server->listen();
            problem = server->errorString();
            port = server->port();
            if (!listening) {
                delete server;
                server = nullptr;
            }
        },
        Qt::BlockingQueuedConnection);
    if (!listening) {
        stop();
        if (error) {
            *error = listenProblem(config.listenAddress, config.port, problem);
        }
        return false;
    }
    m_server = server;
    m_port = port;
    return true;
}

QString HostedRoom::listenProblem(
    const QHostAddress &address, quint16 port, const QString &serverError)
{
    // The room server words its errors for its own log, in English; the user gets the
    // cause in their language. Trying the port once more tells which it was.
    QTcpServer probe;
    if (probe.listen(address, port)) {
        return serverError; // not the port: the room's storage
    }
    switch (probe.serverError()) {
    case QAbstractSocket::AddressInUseError:
        return tr("port %1 is already in use on this computer").arg(port);
    case QAbstractSocket::SocketAccessError:
        return tr("port %1 may only be used by the administrator").arg(port);
    case QAbstractSocket::SocketAddressNotAvailableError:
        return tr("this computer has no address %1").arg(address.toString());
    default:
        return tr("port %1 cannot be opened: %2").arg(port).arg(probe.errorString());
    }
}

void HostedRoom::stop()
{
    if (m_server) {
        // Closed and deleted in its own thread; the port is free when this returns.
        QMetaObject::invokeMethod(
            m_context, [server = m_server] { delete server; }, Qt::BlockingQueuedConnection);
        m_server = nullptr;
    }
    // The context goes with the thread's end (QThread::finished → deleteLater).
    m_context = nullptr;
    m_thread.quit();
    m_thread.wait();
    m_port = 0;
}

QUrl HostedRoom::baseUrl() const
{
    return isRunning() ? QUrl(u"http://127.0.0.1:%1"_s.arg(m_port)) : QUrl();
}

QList<QUrl> HostedRoom::networkUrls() const
{
    QList<QUrl> urls;
    if (!isRunning() || !m_settings.lan) {
        return urls;
    }
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.isLoopback() || address.protocol() != QAbstractSocket::IPv4Protocol) {
            continue;
        }
        urls.append(QUrl(u"http://%1:%2"_s.arg(address.toString()).arg(m_port)));
    }
    return urls;
}

} // namespace hibiki
