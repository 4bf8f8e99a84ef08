// SPDX-License-Identifier: MIT
#include "subscriber.h"

#include <QHttpServerResponder>
#include <QTcpSocket>
#include <QVariant>

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
    m_responder->writeStatusLine(QHttpServerResponder::StatusCode::Ok);
    m_responder->writeHeader("Content-Type", "text/event-stream; charset=utf-8");
    m_responder->writeHeader("Cache-Control", "no-store");
    m_responder->writeHeader("X-Accel-Buffering", "no");
    m_responder->writeHeader("Access-Control-Allow-Origin", "*");
    // No Content-Length and no chunking: the body runs until the connection closes, which
    // HTTP/1.1 only allows with Connection: close.
    m_responder->writeHeader("Connection", "close");
}

void Subscriber::write(const QByteArray &frame)
{
    if (isOpen())
        m_responder->writeBody(frame);
}

void Subscriber::abort()
{
    if (m_socket)
        m_socket->abort();
    markGone();
}

void Subscriber::finish()
{
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
    return m_socket ? m_socket->bytesToWrite() : 0;
}

void Subscriber::markGone()
{
    if (m_gone)
        return;
    m_gone = true;
    Q_EMIT gone();
}

} // namespace hibiki
