// SPDX-License-Identifier: MIT
// A RoomServer on an ephemeral loopback port for one test.
#pragma once

#include "roomtestclient.h"

#include <hibikiserver/roomserver.h>

#include <QUrl>

#include <gtest/gtest.h>

#include <memory>

namespace hibiki::test {

class RoomTest : public ::testing::Test
{
protected:
    // Starts a room with `config` on 127.0.0.1 and a free port; asserts it listens.
    RoomServer &start(RoomServerConfig config = {})
    {
        config.listenAddress = QHostAddress(QHostAddress::LocalHost);
        config.port = 0;
        m_server = std::make_unique<RoomServer>(config);
        const bool listening = m_server->listen();
        EXPECT_TRUE(listening) << qPrintable(m_server->errorString());
        return *m_server;
    }

    void stop() { m_server.reset(); }

    RoomServer &server() { return *m_server; }
    quint16 port() const { return m_server->port(); }
    QUrl url(const QString &path) const { return m_server->baseUrl().resolved(QUrl(path)); }

    HttpReply postMessage(const QString &user, const QString &content, const QString &clientId = {})
    {
        return m_http.post(url(QStringLiteral("/messages")), messageBody(user, content, clientId));
    }

    HttpClient &http() { return m_http; }

    // The event id of message `number`: "<epoch>-<number>" in a memory-only room.
    QByteArray id(qint64 number) const
    {
        const QString epoch = m_server->epoch();
        return (epoch.isEmpty() ? QString() : epoch + u'-').toLatin1() + QByteArray::number(number);
    }

private:
    HttpClient m_http;
    std::unique_ptr<RoomServer> m_server;
};

} // namespace hibiki::test
