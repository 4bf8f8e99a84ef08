// SPDX-License-Identifier: MIT
#pragma once

#include <QHostAddress>
#include <QObject>
#include <QThread>
#include <QUrl>

namespace hibiki {

class RoomServer;

// "Host a room on this computer": the Hibiki room server inside the app, on a thread of
// its own so that storing messages never stalls the window. Loopback only unless the user
// chose to let the local network in.
class HostedRoom : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        quint16 port = 8787; // 0: any free port
        bool lan = false; // listen on every interface
        QString dataDirectory; // empty: memory only
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
    // The address this computer joins at: http://127.0.0.1:PORT.
    QUrl baseUrl() const;
    // Addresses other computers can join at, when serving on the network.
    QList<QUrl> networkUrls() const;

private:
    // Why listening failed, in the user's words.
    static QString listenProblem(
        const QHostAddress &address, quint16 port, const QString &serverError);

    QThread m_thread;
    QObject *m_context = nullptr; // lives in m_thread; owns the server there
    RoomServer *m_server = nullptr; // lives in m_thread
    Settings m_settings;
    quint16 m_port = 0;
};

} // namespace hibiki
