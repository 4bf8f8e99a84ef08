// SPDX-License-Identifier: MIT
#include "subscriber.h"

#include "socketwrite.h"

#include <QHttpServerResponder>
#include <QTcpSocket>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace hibiki {

Subscriber::Subscriber(QHttpServerResponder &&responder, QString user, QObject *parent)
    : QObject(parent)
    , m_responder(std::make_unique<QHttpServerResponder>(std::move(responder)))
    , m_socket(m_responder->socket())
    , m_user(std::move(user))
{
    // Tells HttpFrontend to ignore anything else the client sends on this connection.
    m_socket->setProperty("hibikiEventStream", true);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &Subscriber::drained);
    connect(m_socket, &QTcpSocket::disconnected, this, &Subscriber::markGone);
    connect(m_socket, &QObject::destroyed, this, &Subscriber::markGone);
}

Subscriber::~Subscriber()
{
    if (m_socket)
        m_socket->disconnect(this);
}

void Subscriber::start()
{
    // The head as QHttpServerResponder::writeStatusLine()/writeHeader() would write it, but
    // queued with the first frames so that the client gets them in one piece. No
    // Content-Length and no chunking: the body runs until the connection closes, which
    // HTTP/1.1 only allows with Connection: close.
    write("HTTP/1.1 200 OK\r\n"
          "Content-Type: text/event-stream; charset=utf-8\r\n"
          "Cache-Control: no-store\r\n"
          "X-Accel-Buffering: no\r\n"
          "Access-Control-Allow-Origin: *\r\n"
          "Connection: close\r\n"
          "\r\n"_ba);
}

void Subscriber::write(const QByteArray &frame)
{
    if (!isOpen())
        return;
    if (m_pending.isEmpty())
        m_pending = frame; // shared, not copied: often the only frame of this turn
    else
        m_pending += frame;
}

void Subscriber::flush()
{
    if (m_pending.isEmpty())
        return;
    if (isOpen())
        net::write(m_socket, m_pending);
    m_pending.clear();
}

void Subscriber::abort()
{
    m_pending.clear();
    if (m_socket)
        m_socket->abort();
    markGone();
}

void Subscriber::finish()
{
    flush();
    if (m_socket) {
        m_socket->flush();
        m_socket->disconnectFromHost();
    }
}

bool Subscriber::isOpen() const
{
    return !m_gone && m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

qint64 Subscriber::queuedBytes() const
{
    return m_pending.size() + (m_socket ? m_socket->bytesToWrite() : 0);
}

void Subscriber::markGone()
{
    if (m_gone)
        return;
    m_gone = true;
    Q_EMIT gone();
}

} // namespace hibiki
