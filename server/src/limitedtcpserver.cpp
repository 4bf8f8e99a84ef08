// SPDX-License-Identifier: MIT
#include "limitedtcpserver.h"

#include <QTcpSocket>

#ifdef Q_OS_LINUX
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#endif

namespace hibiki {

namespace {

// Clients that write a request in two pieces (QNetworkAccessManager sends the head, then
// the body) with Nagle's algorithm on hold the body back until the head is acknowledged,
// and Linux delays that ACK by up to 40 ms on a kept-alive connection. Acknowledging as
// soon as the bytes are read turns a 40 ms POST into a sub-millisecond one.
void acknowledgeNow(QTcpSocket *socket)
{
#if defined(Q_OS_LINUX) && defined(TCP_QUICKACK)
    const int on = 1;
    ::setsockopt(int(socket->socketDescriptor()), IPPROTO_TCP, TCP_QUICKACK, &on, sizeof on);
#else
    Q_UNUSED(socket);
#endif
}

// QtHttpServer 6.4 ignores `Expect: 100-continue`, so such a client (curl with a large
// body, for one) waits about a second before it sends the body anyway. When the head of a
// new request has arrived alone and asks for it, the interim answer goes out here.
void continueIfExpected(QTcpSocket *socket)
{
    const QByteArray head = socket->peek(16 * 1024);
    const qsizetype headEnd = head.indexOf("\r\n\r\n");
    if (headEnd < 0 || head.size() > headEnd + 4)
        return; // head incomplete in this chunk, or the body is already on its way
    const QList<QByteArray> lines = head.left(headEnd).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed().toLower();
        if (line.startsWith("expect:") && line.mid(7).trimmed() == "100-continue") {
            socket->write("HTTP/1.1 100 Continue\r\n\r\n");
            return;
        }
    }
}

} // namespace

LimitedTcpServer::LimitedTcpServer(qint64 limit, QObject *parent)
    : QTcpServer(parent)
    , m_limit(limit)
{ }

QTcpSocket *LimitedTcpServer::nextPendingConnection()
{
    QTcpSocket *socket = QTcpServer::nextPendingConnection();
    if (!socket)
        return nullptr;
    // Small SSE frames and JSON answers must leave at once: Nagle's algorithm with delayed
    // ACKs would add up to 40 ms to a message's way to its subscribers.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_received.insert(socket, 0);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { count(socket); });
    connect(socket, &QObject::destroyed, this, [this, socket] { m_received.remove(socket); });
    return socket;
}

void LimitedTcpServer::requestCompleted(QTcpSocket *socket)
{
    const auto it = m_received.find(socket);
    if (it != m_received.end())
        *it = 0;
}

void LimitedTcpServer::count(QTcpSocket *socket)
{
    const auto it = m_received.find(socket);
    if (it == m_received.end() || socket->state() != QAbstractSocket::ConnectedState)
        return;
    acknowledgeNow(socket);
    // Runs before the HTTP parser's slot, so bytesAvailable() is what has just arrived.
    const bool startOfRequest = *it == 0;
    *it += socket->bytesAvailable();
    if (startOfRequest && *it <= m_limit)
        continueIfExpected(socket);
    if (*it <= m_limit)
        return;
    static const QByteArray body = R"({"error":"request body too large"})";
    socket->write("HTTP/1.1 413 Payload Too Large\r\n"
                  "Content-Type: application/json\r\n"
                  "Content-Length: "
        + QByteArray::number(body.size())
        + "\r\n"
          "Connection: close\r\n\r\n"
        + body);
    m_received.erase(it);
    socket->disconnectFromHost();
}

} // namespace hibiki
