// SPDX-License-Identifier: MIT
#include "subscriber.h"

#include <QTcpSocket>

namespace hibiki {

Subscriber::Subscriber(HttpConnection &&connection, QByteArray head, QString user, QObject *parent)
    : QObject(parent)
    , m_connection(std::move(connection))
    , m_socket(m_connection.socket())
    , m_head(std::move(head))
    , m_user(std::move(user))
{
    if (!m_socket) {
        m_gone = true;
        return;
    }
    connect(m_socket, &QTcpSocket::bytesWritten, this, &Subscriber::drained);
    connect(m_socket, &QTcpSocket::disconnected, this, &Subscriber::markGone);
    connect(m_socket, &QObject::destroyed, this, &Subscriber::markGone);
}

Subscriber::~Subscriber()
{
    if (m_socket) {
        m_socket->disconnect(this);
    }
}

void Subscriber::start()
{
    // Queued with the first frames so that the client gets them in one piece.
    write(std::exchange(m_head, {}));
}

void Subscriber::write(const QByteArray &frame)
{
    if (!isOpen()) {
        return;
    }
    m_pending.append(frame);
    m_pendingBytes += frame.size();
}

void Subscriber::flush()
{
    if (m_pending.isEmpty()) {
        return;
    }
    if (isOpen()) {
        m_connection.write(m_pending);
    }
    m_pending.clear();
    m_pendingBytes = 0;
}

void Subscriber::abort()
{
    m_pending.clear();
    m_pendingBytes = 0;
    if (m_socket) {
        m_socket->abort();
    }
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
    return m_pendingBytes + backlogBytes();
}

qint64 Subscriber::backlogBytes() const
{
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void Subscriber::markGone()
{
    if (m_gone) {
        return;
    }
    m_gone = true;
    Q_EMIT gone();
}

} // namespace hibiki
