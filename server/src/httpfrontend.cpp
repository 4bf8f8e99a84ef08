// SPDX-License-Identifier: MIT
#include "httpfrontend.h"

#include "httputil.h"
#include "limitedtcpserver.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

namespace hibiki {

HttpFrontend::HttpFrontend(Handler handler, qint64 requestByteLimit, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_handler(std::move(handler))
    , m_requestByteLimit(requestByteLimit)
{ }

bool HttpFrontend::listen(const QHostAddress &address, quint16 port)
{
    auto tcpServer = new LimitedTcpServer(m_requestByteLimit, this);
    if (!tcpServer->listen(address, port)) {
        m_error = u"cannot listen on %1 port %2: %3"_s.arg(address.toString())
                      .arg(port)
                      .arg(tcpServer->errorString());
        delete tcpServer;
        return false;
    }
    bind(tcpServer);
    m_tcpServer = tcpServer;
    return true;
}

quint16 HttpFrontend::port() const
{
    return m_tcpServer ? m_tcpServer->serverPort() : 0;
}

void HttpFrontend::shutdown()
{
    if (!m_tcpServer)
        return;
    m_tcpServer->close();
    // Accepted sockets are children of the QTcpServer that accepted them.
    const auto sockets = m_tcpServer->findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : sockets) {
        socket->flush();
        socket->disconnectFromHost();
    }
}

bool HttpFrontend::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    if (m_tcpServer)
        m_tcpServer->requestCompleted(socket);
    // Already answered (413 by the byte limit) or closing: nothing more to say. A request
    // arriving on an open event stream is a protocol error on the client's side: ignored.
    if (socket->state() != QAbstractSocket::ConnectedState
        || socket->property("hibikiEventStream").toBool())
        return true;
    m_handler(request, makeResponder(request, socket));
    return true;
}

void HttpFrontend::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // handleRequest() answers everything; kept for completeness of the interface.
    auto responder = makeResponder(request, socket);
    http::replyError(responder, http::Status::NotFound, u"not found"_s);
}

} // namespace hibiki
