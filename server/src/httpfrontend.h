// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QPointer>

#include <functional>

class QHttpServerResponder;

namespace hibiki {

class LimitedTcpServer;

// QtHttpServer's request parsing with our own routing: every complete request goes to one
// handler with a responder it may keep (SSE streams do). QAbstractHttpServer rather than
// QHttpServer because the room needs 405 for known paths and full control of the headers.
class HttpFrontend : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using Handler = std::function<void(const QHttpServerRequest &, QHttpServerResponder &&)>;

    HttpFrontend(Handler handler, qint64 requestByteLimit, QObject *parent = nullptr);

    bool listen(const QHostAddress &address, quint16 port);
    QString errorString() const { return m_error; }
    quint16 port() const;
    // Stops accepting and ends every connection (flushing what is already written).
    void shutdown();

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Handler m_handler;
    QPointer<LimitedTcpServer> m_tcpServer;
    qint64 m_requestByteLimit;
    QString m_error;
};

} // namespace hibiki
