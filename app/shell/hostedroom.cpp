// SPDX-License-Identifier: MIT
#include "hostedroom.h"

#include <hibikiserver/roomserver.h>

#include <QNetworkInterface>

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
            *error = problem;
        }
        return false;
    }
    m_server = server;
    m_port = port;
    return true;
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
