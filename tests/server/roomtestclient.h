// SPDX-License-Identifier: MIT
// Clients for the room server tests: plain HTTP through QNetworkAccessManager, and a raw
// QTcpSocket event stream that keeps the exact bytes the server sent.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPair>
#include <QString>
#include <QTcpSocket>
#include <QUrl>

#include <functional>

namespace hibiki::test {

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

struct HttpReply
{
    bool finished = false;
    int status = 0;
    QByteArray body;
    HeaderList headers;

    QByteArray header(QByteArrayView name) const;
    QJsonObject json() const; // the body as a JSON object (empty when it is not one)
};

// Requests through QNetworkAccessManager, each waited for with a deadline.
class HttpClient
{
public:
    HttpReply get(const QUrl &url, const HeaderList &headers = {});
    HttpReply post(const QUrl &url, const QByteArray &body,
        const QByteArray &contentType = "application/json");
    HttpReply send(const QByteArray &method, const QUrl &url, const QByteArray &body = {},
        const HeaderList &headers = {});

private:
    QNetworkAccessManager m_manager;
};

// {"user":…,"content":…,"clientId":…} (clientId left out when empty).
QByteArray messageBody(const QString &user, const QString &content, const QString &clientId = {});

// Sends `request` as is on a new loopback connection and returns every byte the server
// answers until it closes the connection or a Content-Length body is complete.
QByteArray rawExchange(quint16 port, const QByteArray &request, int timeoutMs = 10000);

// One event block of a stream.
struct SseEvent
{
    QString type; // "event:" value, "message" when absent
    QString id;
    bool hasId = false;
    QString data;
    QString retry;
    QStringList comments;

    QJsonObject json() const; // data as a JSON object
};

// A GET on a raw QTcpSocket that reads the stream as it comes.
class SseConnection : public QObject
{
    Q_OBJECT
public:
    SseConnection(quint16 port, const QByteArray &target = "/sse", const HeaderList &headers = {},
        QObject *parent = nullptr);

    bool waitForHead(int timeoutMs = 10000);
    bool waitUntil(const std::function<bool()> &condition, int timeoutMs = 10000);
    bool waitForMessages(int count, int timeoutMs = 10000);
    bool waitForDisconnected(int timeoutMs = 10000);

    int status() const;
    QByteArray header(QByteArrayView name) const;
    QByteArray body() const; // everything after the head
    QList<SseEvent> events() const; // complete blocks (including comment-only ones)
    QList<SseEvent> events(const QString &type) const;
    QList<qint64> messageIds() const; // the numbers of the message ids (epoch left out)
    bool isConnected() const;
    void close();

private:
    QTcpSocket m_socket;
    QByteArray m_received;
};

// A raw client connection that keeps every byte the server sends and notices the close.
class RawClient
{
public:
    explicit RawClient(quint16 port);

    bool isConnected() const { return m_connected; }
    void send(const QByteArray &bytes) { m_socket.write(bytes); }
    // Until the server closed the connection (end of file or reset).
    bool waitForClosed(int timeoutMs = 10000);
    bool waitForReceived(QByteArrayView text, int timeoutMs = 10000);
    // Until everything written has left for the kernel (or the connection broke).
    bool waitForSent(int timeoutMs = 20000);
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QAbstractSocket::SocketError error() const { return m_socket.error(); }
    const QByteArray &received() const { return m_received; }
    int status() const; // of the first answer; 0 before it
    QTcpSocket &socket() { return m_socket; }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
    bool m_connected = false;
};

} // namespace hibiki::test
