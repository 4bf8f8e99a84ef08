// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QStringList>

#include <map>

class QHttpServerResponder;

namespace hibiki {

class StreamEntity;

// The test service of LaunchDarkly's SSE contract tests (sse-contract-tests), driving
// sse::EventSource. The suite talks to it over HTTP:
//
//   GET    /              200 {"name", "clientVersion", "capabilities"}
//   DELETE /              204, then the service stops (stopRequested())
//   POST   /              create a stream from JSON parameters: 201 + Location, or 400
//   POST   /streams/N     {"command":"restart"} or {"command":"listen","listen":{"type":T}}:
//                         204; unknown command 400; unknown stream 404
//   DELETE /streams/N     close the stream: 204; unknown stream 404
//
// and gets every event, comment and error back as callbacks (see StreamEntity).
// QAbstractHttpServer rather than QHttpServer: one dispatcher with full control of the
// status and headers, and the socket of `DELETE /` at hand to flush before exiting.
class ContractService : public QAbstractHttpServer
{
    Q_OBJECT

public:
    explicit ContractService(QObject *parent = nullptr);
    ~ContractService() override;

    // The capabilities claimed in `GET /`: what sseclient really supports.
    static QStringList capabilities();

    int streamCount() const { return int(m_streams.size()); }

Q_SIGNALS:
    // `DELETE /` was answered; the owner should quit.
    void stopRequested();

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void status(QHttpServerResponder &responder);
    void stop(QHttpServerResponder &responder);
    void createStream(const QHttpServerRequest &request, QHttpServerResponder &responder);
    void command(
        StreamEntity *stream, const QHttpServerRequest &request, QHttpServerResponder &responder);
    void closeStream(int id, QHttpServerResponder &responder);
    StreamEntity *stream(int id) const;

    QNetworkAccessManager m_callbackManager;
    std::map<int, StreamEntity *> m_streams; // children
    int m_nextStreamId = 1;
};

} // namespace hibiki
