// SPDX-License-Identifier: MIT
#include "hostedroom.h"

#include "lanaddresses.h"

#include <hibikiserver/roomserver.h>
#include <sseclient/certificatepinning.h>

#include <QDir>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QTcpServer>

#include <array>

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
        = settings.lan ? settings.lanAddress : QHostAddress(QHostAddress::LocalHost);
    config.port = settings.port;
    config.dataDir = settings.dataDirectory;
    config.tlsDirectory = settings.tlsDirectory;
    config.token = settings.token;
    config.roomName = settings.roomName;

    bool listening = false;
    QString problem;
    quint16 port = 0;
    QUrl baseUrl;
    QByteArray fingerprint;
    RoomServer *server = nullptr;
    // The server and everything it creates must belong to the worker thread: build it there.
    QMetaObject::invokeMethod(
        m_context,
        [&] {
            server = new RoomServer(config, m_context);
            listening = server->listen();
            problem = server->errorString();
            port = server->port();
            baseUrl = server->baseUrl();
            fingerprint = server->certificateSha256().toLatin1();
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
    m_baseUrl = baseUrl;
    m_certificateSha256 = fingerprint;
    return true;
}

QString HostedRoom::listenProblem(
    const QHostAddress &address, quint16 port, const QString &serverError)
{
    // The room server words its errors for its own log, in English; the user gets the
    // cause in their language. Trying the port once more tells which it was.
    QTcpServer probe;
    if (probe.listen(address, port)) {
        return serverError; // not the port: the room's storage or certificate
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
    m_baseUrl.clear();
    m_certificateSha256.clear();
}

QUrl HostedRoom::baseUrl() const
{
    return isRunning() ? m_baseUrl : QUrl();
}

QList<QHostAddress> HostedRoom::inviteAddresses() const
{
    if (!isRunning() || !m_settings.lan) {
        return {};
    }
    const QHostAddress listen = m_settings.lanAddress;
    if (listen != QHostAddress::Any && listen != QHostAddress::AnyIPv4
        && listen != QHostAddress::AnyIPv6) {
        return {listen};
    }
    QList<QHostAddress> addresses = LanAddresses::best();
    if (listen == QHostAddress::AnyIPv4) {
        addresses.removeIf([](const QHostAddress &address) {
            return address.protocol() != QAbstractSocket::IPv4Protocol;
        });
    }
    return addresses;
}

QList<QUrl> HostedRoom::networkUrls() const
{
    QList<QUrl> urls;
    for (const QHostAddress &address : inviteAddresses()) {
        QUrl url = m_baseUrl;
        url.setHost(address.toString());
        urls.append(url);
    }
    return urls;
}

InviteLink HostedRoom::invite(const QHostAddress &address) const
{
    InviteLink invite;
    if (!isRunning()) {
        return invite;
    }
    invite.baseUrl = m_baseUrl;
    invite.baseUrl.setHost(address.toString());
    invite.sha256 = m_certificateSha256;
    invite.token = m_settings.token;
    invite.name = m_settings.roomName;
    return invite;
}

QString HostedRoom::rotateToken(QString *error)
{
    if (!isRunning() || m_settings.token.isEmpty()) {
        if (error) {
            *error = tr("the room needs no token");
        }
        return {};
    }
    QString fresh;
    QString problem;
    QMetaObject::invokeMethod(
        m_context,
        [&, server = m_server] {
            fresh = server->rotateToken(); // also ends every stream opened with the old one
            problem = server->errorString();
        },
        Qt::BlockingQueuedConnection);
    if (fresh.isEmpty()) {
        if (error) {
            *error = problem;
        }
        return {};
    }
    m_settings.token = fresh;
    return fresh;
}

QByteArray HostedRoom::certificateSha256In(const QString &tlsDirectory)
{
    if (tlsDirectory.isEmpty()) {
        return {};
    }
    const QList<QSslCertificate> certificates
        = QSslCertificate::fromPath(QDir(tlsDirectory).filePath(u"cert.pem"_s), QSsl::Pem);
    return certificates.isEmpty() ? QByteArray() : sse::certificateSha256Hex(certificates.first());
}

QString HostedRoom::newAccessToken()
{
    std::array<quint32, 8> words; // 256 bits from the system's generator
    QRandomGenerator::system()->fillRange(words.data(), qsizetype(words.size()));
    const QByteArray bytes(reinterpret_cast<const char *>(words.data()), sizeof(words));
    return QString::fromLatin1(
        bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace hibiki
