// SPDX-License-Identifier: MIT
// What the room's HTTP adapter (server/src/httpadapter.h) relies on in QtHttpServer 6.4,
// checked on Qt itself with the smallest server that uses it the same way. If a Qt update
// changes any of it, this fails before the room misbehaves.
#include "roomtestclient.h"

#include <QAbstractHttpServer>
#include <QHttpServerRequest>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace hibiki::test;

namespace {

// Records what Qt's HTTP layer does with the connections it is handed.
class ProbeServer : public QAbstractHttpServer
{
public:
    struct Handled
    {
        QByteArray body;
        QByteArray testHeader; // request.value("X-Test"): the adapter looks headers up so
        bool insideReadyRead = false; // called from within the emission our slot saw
        qint64 slotRunsBefore = 0;
    };

    QList<Handled> handled;
    qint64 slotRuns = 0; // of the slot connected before Qt's
    bool insideReadyRead = false;
    qint64 firstChunkSeenBySlot = -1; // bytesAvailable() in our slot, first time
    bool detachOnNextChunk = false;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override
    {
        handled.append({request.body(), request.value("X-Test"), insideReadyRead, slotRuns});
        socket->write("HTTP/1.1 204 No Content\r\n\r\n");
        return true;
    }
    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override { }
};

// Hands each accepted connection to Qt the way the adapter does: our readyRead slot
// first, then QTcpServer::addPendingConnection().
class ProbeListener : public QTcpServer
{
public:
    explicit ProbeListener(ProbeServer *server)
        : m_server(server)
    { }

    int taken = 0; // connections Qt took through the virtual nextPendingConnection()

    QTcpSocket *nextPendingConnection() override
    {
        QTcpSocket *socket = QTcpServer::nextPendingConnection();
        if (socket) {
            ++taken;
        }
        return socket;
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto socket = new QTcpSocket(this);
        socket->setSocketDescriptor(descriptor);
        QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            ProbeServer &probe = *m_server;
            ++probe.slotRuns;
            if (probe.firstChunkSeenBySlot < 0) {
                probe.firstChunkSeenBySlot = socket->bytesAvailable();
            }
            probe.insideReadyRead = true;
            // Cleared once the emission (and everything it calls) is over.
            QMetaObject::invokeMethod(
                this, [&probe] { probe.insideReadyRead = false; }, Qt::QueuedConnection);
            if (probe.detachOnNextChunk) {
                // What the adapter does to answer early: Qt's parser slot goes.
                QObject::disconnect(socket, &QTcpSocket::readyRead, m_server, nullptr);
            }
        });
        addPendingConnection(socket);
    }

private:
    ProbeServer *m_server;
};

class QtHttpServerBehaviour : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_listener.listen(QHostAddress::LocalHost, 0));
        m_probe.bind(&m_listener);
    }
    quint16 port() const { return m_listener.serverPort(); }

    ProbeServer m_probe;
    ProbeListener m_listener {&m_probe};
};

const QByteArray head = "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\n";

TEST_F(QtHttpServerBehaviour, TakesConnectionsThroughNextPendingConnection)
{
    RawClient client(port());
    client.send(head + "0123456789");
    ASSERT_TRUE(client.waitForReceived("204"));
    EXPECT_EQ(m_listener.taken, 1);
    ASSERT_EQ(m_probe.handled.size(), 1);
}

TEST_F(QtHttpServerBehaviour, ValueLooksHeadersUpIgnoringCase)
{
    RawClient client(port());
    client.send("GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nx-tEsT: yes\r\n\r\n");
    ASSERT_TRUE(client.waitForReceived("204"));
    ASSERT_EQ(m_probe.handled.size(), 1);
    EXPECT_EQ(m_probe.handled.first().testHeader, "yes");
}

TEST_F(QtHttpServerBehaviour, OurSlotSeesEachChunkBeforeTheParserAndHandlingIsInsideIt)
{
    RawClient client(port());
    client.send(head + "01234");
    // The first chunk: our slot saw it all, still unread by Qt's parser.
    ASSERT_TRUE(QTest::qWaitFor([&] { return m_probe.slotRuns >= 1; }, 10000));
    EXPECT_EQ(m_probe.firstChunkSeenBySlot, head.size() + 5);
    // Not complete: not handled yet.
    ASSERT_TRUE(QTest::qWaitFor([&] { return !m_probe.insideReadyRead; }, 10000));
    EXPECT_TRUE(m_probe.handled.isEmpty());
    client.send("56789");
    ASSERT_TRUE(client.waitForReceived("204"));
    ASSERT_EQ(m_probe.handled.size(), 1);
    // Only with the whole body, from within the readyRead emission our slot ran first in.
    EXPECT_EQ(m_probe.handled.first().body, "0123456789");
    EXPECT_TRUE(m_probe.handled.first().insideReadyRead);
    EXPECT_EQ(m_probe.handled.first().slotRunsBefore, m_probe.slotRuns);
}

TEST_F(QtHttpServerBehaviour, DisconnectingQtsSlotInsideTheEmissionStopsTheParser)
{
    m_probe.detachOnNextChunk = true;
    RawClient detached(port());
    detached.send(head + "0123456789");
    ASSERT_TRUE(QTest::qWaitFor([&] { return m_probe.slotRuns >= 1; }, 10000));
    m_probe.detachOnNextChunk = false;
    // A second connection is handled as usual; the first, which came before it, never.
    RawClient normal(port());
    normal.send(head + "abcdefghij");
    ASSERT_TRUE(normal.waitForReceived("204"));
    ASSERT_EQ(m_probe.handled.size(), 1);
    EXPECT_EQ(m_probe.handled.first().body, "abcdefghij");
    EXPECT_TRUE(detached.received().isEmpty());
}

} // namespace
