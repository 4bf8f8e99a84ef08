// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>

class QHttpServerResponder;
class QTcpSocket;

namespace hibiki {

// One open GET /sse stream. Owns the QtHttpServer responder for as long as the connection
// lives: the status line and headers go out once, then every frame is one writeBody(), and
// the body ends when the connection closes. The socket's write buffer is the subscriber's
// send queue (queuedBytes()).
class Subscriber : public QObject
{
    Q_OBJECT
public:
    Subscriber(QHttpServerResponder &&responder, QString user, QObject *parent = nullptr);
    ~Subscriber() override;

    // Writes the 200 head of the event stream.
    void start();
    void write(const QByteArray &frame);
    // Ends the stream now, dropping what is queued (the client will reconnect and replay).
    void abort();
    // Ends the stream after the queued bytes are sent.
    void finish();

    bool isOpen() const;
    qint64 queuedBytes() const;
    const QString &user() const { return m_user; }

    // Replay state: the id of the last message written, and whether the stream has caught
    // up (then new messages are written as they are posted).
    qint64 cursor() const { return m_cursor; }
    void setCursor(qint64 id) { m_cursor = id; }
    bool isLive() const { return m_live; }
    void setLive(bool live) { m_live = live; }

Q_SIGNALS:
    void drained(); // some queued bytes left: room for more replay
    void gone(); // the connection closed or its socket was deleted; emitted once

private:
    void markGone();

    std::unique_ptr<QHttpServerResponder> m_responder;
    QPointer<QTcpSocket> m_socket;
    QString m_user;
    qint64 m_cursor = 0;
    bool m_live = false;
    bool m_gone = false;
};

} // namespace hibiki
