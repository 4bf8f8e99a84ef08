// SPDX-License-Identifier: MIT
#pragma once

#include "httpadapter.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

class QTcpSocket;

namespace hibiki {

// One open GET /sse stream. Holds the connection for as long as it lives (its socket is the
// stream): the head goes out once, then the frames, and the body ends when the connection
// closes. write() only queues: the frames of one event-loop turn leave together in one
// send() at flush(), which the hub calls once per turn. The subscriber's send queue
// (queuedBytes()) is what is queued here plus the socket's write buffer.
class Subscriber : public QObject
{
    Q_OBJECT
public:
    // `head` is the stream's HTTP head (HttpConnection::startEventStream()).
    Subscriber(
        HttpConnection &&connection, QByteArray head, QString user, QObject *parent = nullptr);
    ~Subscriber() override;

    // Queues the head of the event stream.
    void start();
    // Queues `frame` (dropped if the connection is closed).
    void write(const QByteArray &frame);
    // Sends what is queued (what the kernel does not take waits in the socket's buffer).
    void flush();
    bool hasPending() const { return m_pendingBytes > 0; }
    // Ends the stream now, dropping what is queued (the client will reconnect and replay).
    void abort();
    // Ends the stream after the queued bytes are sent.
    void finish();

    bool isOpen() const;
    qint64 queuedBytes() const;
    // What the socket holds that the kernel did not take: how far behind the client is.
    qint64 backlogBytes() const;
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

    HttpConnection m_connection;
    QPointer<QTcpSocket> m_socket;
    QByteArray m_head;
    QString m_user;
    // Written since the last flush(): the frames themselves, shared with every other stream
    // (a burst of messages in one turn costs each stream a list entry, not a copy).
    QList<QByteArray> m_pending;
    qint64 m_pendingBytes = 0;
    qint64 m_cursor = 0;
    bool m_live = false;
    bool m_gone = false;
};

} // namespace hibiki
