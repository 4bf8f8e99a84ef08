// SPDX-License-Identifier: MIT
#pragma once

#include "invitelink.h"

#include <QHostAddress>
#include <QObject>
#include <QThread>
#include <QUrl>

namespace hibiki {

class RoomServer;

// "Host a room on this computer": the Hibiki room server inside the app, on a thread of
// its own so that storing messages never stalls the window. Loopback only unless the user
// chose to let others join; then it serves HTTPS (a self-signed certificate in
// Settings::tlsDirectory, trusted by its fingerprint) and requires an access token, and
// invite() makes the link others join with.
class HostedRoom : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        quint16 port = 8787; // 0: any free port
        bool lan = false; // let others join: listen on lanAddress
        QHostAddress lanAddress = QHostAddress(QHostAddress::Any); // tests: loopback
        QString dataDirectory; // empty: memory only
        // Both for a room others join (lan): HTTPS with DIR/cert.pem and key.pem (made
        // there when missing), and the token every request needs. Empty: none.
        QString tlsDirectory;
        QString token;
        QString roomName; // the name in invite links
    };

    explicit HostedRoom(QObject *parent = nullptr);
    ~HostedRoom() override;

    // Starts serving and returns once it listens. False and `error` when it cannot (the
    // port is taken, the data directory is unusable...).
    bool start(const Settings &settings, QString *error);
    void stop();
    bool isRunning() const { return m_server != nullptr; }
    Settings settings() const { return m_settings; }
    quint16 port() const { return m_port; }
    // The address this computer joins at: http://127.0.0.1:PORT, or https:// with TLS.
    QUrl baseUrl() const;
    bool isEncrypted() const { return !m_certificateSha256.isEmpty(); }
    // The certificate's SHA-256 fingerprint (64 lower-case hex digits), or empty.
    QByteArray certificateSha256() const { return m_certificateSha256; }
    QString accessToken() const { return m_settings.token; }
    // Where others can reach the room, best first (LanAddresses): empty unless it is open
    // to others.
    QList<QHostAddress> inviteAddresses() const;
    // The same as URLs (https:// with TLS).
    QList<QUrl> networkUrls() const;
    // The link others join with, at `address` (one of inviteAddresses()).
    InviteLink invite(const QHostAddress &address) const;
    // A new token: whoever holds the old one is disconnected at once and refused from now
    // on. Returns it; empty and `error` when the room has no token.
    QString rotateToken(QString *error = nullptr);

    // The fingerprint of DIR/cert.pem, or empty when there is none: to trust the room
    // another Hibiki on this computer serves from the same folder.
    static QByteArray certificateSha256In(const QString &tlsDirectory);
    // A new random access token: 256 bits, base64url without padding.
    static QString newAccessToken();

private:
    // Why listening failed, in the user's words.
    static QString listenProblem(
        const QHostAddress &address, quint16 port, const QString &serverError);

    QThread m_thread;
    QObject *m_context = nullptr; // lives in m_thread; owns the server there
    RoomServer *m_server = nullptr; // lives in m_thread
    Settings m_settings;
    quint16 m_port = 0;
    QUrl m_baseUrl;
    QByteArray m_certificateSha256;
};

} // namespace hibiki
