// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QTcpServer>

class QTcpSocket;

namespace hibiki {

// The listening socket of the room. Qt 6.4's QtHttpServer buffers a whole request body
// before the server sees the request, with no limit. This server counts the bytes each
// connection sends towards one request and, past `limit`, answers 413 itself and closes
// the connection, so a client cannot make the room buffer an unbounded body. (Bodies just
// over Config::maxBodyBytes are answered 413 by the router with the request in hand.)
// It also tunes each accepted socket for latency (TCP_NODELAY, prompt ACKs on Linux) and
// answers `Expect: 100-continue`, which QtHttpServer 6.4 ignores.
class LimitedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    LimitedTcpServer(qint64 limit, QObject *parent = nullptr);

    // QAbstractHttpServer takes each connection from here; the byte counter is hooked up
    // first so that it sees every chunk before the HTTP parser consumes it.
    QTcpSocket *nextPendingConnection() override;

    // A complete request arrived on `socket`: its counter starts again.
    void requestCompleted(QTcpSocket *socket);

private:
    void count(QTcpSocket *socket);

    qint64 m_limit;
    QHash<QTcpSocket *, qint64> m_received;
};

} // namespace hibiki
