// SPDX-License-Identifier: MIT
#include "limitedtcpserver.h"

#include <QTcpSocket>

#include <algorithm>
#include <optional>

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

// How much of a request's first bytes is looked at for its head (copied to the stack).
constexpr qint64 HeadPeekBytes = 8 * 1024;

// The value of header `name` (lower case, with the colon) in a request head, if present.
std::optional<QByteArrayView> headerValue(QByteArrayView head, QByteArrayView name)
{
    qsizetype lineStart = head.indexOf('\n') + 1; // past the request line
    while (lineStart > 0 && lineStart < head.size()) {
        qsizetype lineEnd = head.indexOf('\n', lineStart);
        if (lineEnd < 0)
            lineEnd = head.size();
        const QByteArrayView line = head.sliced(lineStart, lineEnd - lineStart);
        if (line.size() >= name.size()
            && line.first(name.size()).compare(name, Qt::CaseInsensitive) == 0)
            return line.sliced(name.size()).trimmed();
        lineStart = lineEnd + 1;
    }
    return std::nullopt;
}

// Whether `buffered` (the first bytes of `available` buffered ones) holds a whole request
// with a Content-Length body. When in doubt (chunked, head not complete yet): no.
bool holdsCompleteRequest(QByteArrayView buffered, qint64 available)
{
    const qsizetype headEnd = buffered.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return false;
    const QByteArrayView head = buffered.first(headEnd);
    if (headerValue(head, "transfer-encoding:"))
        return false;
    qint64 length = 0;
    if (const auto value = headerValue(head, "content-length:")) {
        bool ok = false;
        length = value->toLongLong(&ok);
        if (!ok)
            return false;
    }
    return available >= headEnd + 4 + length;
}

// QtHttpServer 6.4 ignores `Expect: 100-continue`, so such a client (curl with a large
// body, for one) waits about a second before it sends the body anyway. When the head of a
// new request has arrived alone and asks for it, the interim answer goes out here.
void continueIfExpected(QTcpSocket *socket, QByteArrayView buffered, qint64 available)
{
    const qsizetype headEnd = buffered.indexOf("\r\n\r\n");
    if (headEnd < 0 || available > headEnd + 4)
        return; // head incomplete in this chunk, or the body is already on its way
    const auto expect = headerValue(buffered.first(headEnd), "expect:");
    if (expect && expect->compare("100-continue", Qt::CaseInsensitive) == 0)
        socket->write("HTTP/1.1 100 Continue\r\n\r\n");
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
    // Runs before the HTTP parser's slot, so bytesAvailable() is what has just arrived
    // (plus any unparsed rest of the request).
    const qint64 available = socket->bytesAvailable();
    const bool startOfRequest = *it == 0;
    *it += available;
    if (*it <= m_limit) {
        char head[HeadPeekBytes];
        const qint64 peeked = socket->peek(head, std::min(available, HeadPeekBytes));
        const QByteArrayView buffered(head, qsizetype(std::max<qint64>(peeked, 0)));
        // A whole request is answered at once, and the answer carries the ACK: the
        // setsockopt() is only needed while the client still has to send the rest.
        if (!holdsCompleteRequest(buffered, available))
            acknowledgeNow(socket);
        if (startOfRequest)
            continueIfExpected(socket, buffered, available);
        return;
    }
    acknowledgeNow(socket);
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
