// SPDX-License-Identifier: MIT
#include "roomtestclient.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

namespace hibiki::test {

QByteArray HttpReply::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0) {
            return value;
        }
    }
    return {};
}

QJsonObject HttpReply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

HttpReply HttpClient::get(const QUrl &url, const HeaderList &headers)
{
    return send("GET", url, {}, headers);
}

HttpReply HttpClient::post(const QUrl &url, const QByteArray &body, const QByteArray &contentType)
{
    return send("POST", url, body, {{"Content-Type", contentType}});
}

HttpReply HttpClient::send(
    const QByteArray &method, const QUrl &url, const QByteArray &body, const HeaderList &headers)
{
    QNetworkRequest request(url);
    for (const auto &[name, value] : headers) {
        request.setRawHeader(name, value);
    }
    std::unique_ptr<QNetworkReply> reply(m_manager.sendCustomRequest(request, method, body));
    // An event loop rather than QTest::qWaitFor, which sleeps 10 ms between polls and would
    // make every request take 10-20 ms.
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&deadline, &QTimer::timeout, &loop, &QEventLoop::quit);
    deadline.start(20000);
    if (!reply->isFinished()) {
        loop.exec();
    }
    HttpReply result;
    result.finished = reply->isFinished();
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.headers = reply->rawHeaderPairs();
    return result;
}

QByteArray messageBody(const QString &user, const QString &content, const QString &clientId)
{
    QJsonObject object {{u"user"_s, user}, {u"content"_s, content}};
    if (!clientId.isEmpty()) {
        object.insert(u"clientId"_s, clientId);
    }
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray rawExchange(quint16 port, const QByteArray &request, int timeoutMs)
{
    QTcpSocket socket;
    socket.connectToHost(u"127.0.0.1"_s, port);
    if (!socket.waitForConnected(timeoutMs)) {
        return {};
    }
    socket.write(request);
    QByteArray received;
    const auto complete = [&] {
        received += socket.readAll();
        if (socket.state() == QAbstractSocket::UnconnectedState) {
            return true;
        }
        const qsizetype headEnd = received.indexOf("\r\n\r\n");
        if (headEnd < 0) {
            return false;
        }
        const QByteArray head = received.left(headEnd).toLower();
        const qsizetype at = head.indexOf("content-length:");
        if (at < 0) {
            return false;
        }
        const qsizetype lineEnd = head.indexOf("\r\n", at);
        const qint64 length
            = head.mid(at + 15, lineEnd < 0 ? -1 : lineEnd - at - 15).trimmed().toLongLong();
        return received.size() >= headEnd + 4 + length;
    };
    // On a timeout the caller sees whatever arrived (often nothing) and fails on it.
    [[maybe_unused]] const bool done = QTest::qWaitFor(complete, timeoutMs);
    return received;
}

QJsonObject SseEvent::json() const
{
    return QJsonDocument::fromJson(data.toUtf8()).object();
}

SseConnection::SseConnection(
    quint16 port, const QByteArray &target, const HeaderList &headers, QObject *parent)
    : QObject(parent)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, [this] { m_received += m_socket.readAll(); });
    m_socket.connectToHost(u"127.0.0.1"_s, port);
    QByteArray request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:"
        + QByteArray::number(port) + "\r\nAccept: text/event-stream\r\n";
    for (const auto &[name, value] : headers) {
        request += name + ": " + value + "\r\n";
    }
    request += "\r\n";
    m_socket.write(request);
}

bool SseConnection::waitForHead(int timeoutMs)
{
    return waitUntil([this] { return m_received.contains("\r\n\r\n"); }, timeoutMs);
}

bool SseConnection::waitUntil(const std::function<bool()> &condition, int timeoutMs)
{
    return QTest::qWaitFor(condition, timeoutMs);
}

bool SseConnection::waitForMessages(int count, int timeoutMs)
{
    return waitUntil([&] { return events(u"message"_s).size() >= count; }, timeoutMs);
}

bool SseConnection::waitForDisconnected(int timeoutMs)
{
    return waitUntil(
        [this] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
}

int SseConnection::status() const
{
    // "HTTP/1.1 200 OK"
    const qsizetype lineEnd = m_received.indexOf("\r\n");
    const QList<QByteArray> parts = m_received.left(lineEnd).split(' ');
    return parts.size() >= 2 ? parts.at(1).toInt() : 0;
}

QByteArray SseConnection::header(QByteArrayView name) const
{
    const qsizetype headEnd = m_received.indexOf("\r\n\r\n");
    const QList<QByteArray> lines = m_received.left(headEnd).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).compare(name, Qt::CaseInsensitive) == 0) {
            return line.mid(colon + 1).trimmed();
        }
    }
    return {};
}

QByteArray SseConnection::body() const
{
    const qsizetype headEnd = m_received.indexOf("\r\n\r\n");
    return headEnd < 0 ? QByteArray() : m_received.mid(headEnd + 4);
}

QList<SseEvent> SseConnection::events() const
{
    // The room writes LF line ends only; a block is complete at its blank line.
    QList<SseEvent> out;
    const QByteArray stream = body();
    qsizetype start = 0;
    for (qsizetype end = stream.indexOf("\n\n"); end >= 0;
         start = end + 2, end = stream.indexOf("\n\n", start)) {
        SseEvent event;
        QStringList data;
        for (const QByteArray &raw : stream.mid(start, end - start).split('\n')) {
            const QString line = QString::fromUtf8(raw);
            if (line.startsWith(u':')) {
                event.comments.append(line.mid(1).trimmed());
                continue;
            }
            const qsizetype colon = line.indexOf(u':');
            const QString field = colon < 0 ? line : line.left(colon);
            QString value = colon < 0 ? QString() : line.mid(colon + 1);
            if (value.startsWith(u' ')) {
                value.remove(0, 1);
            }
            if (field == "event"_L1) {
                event.type = value;
            } else if (field == "id"_L1) {
                event.id = value;
                event.hasId = true;
            } else if (field == "data"_L1) {
                data.append(value);
            } else if (field == "retry"_L1) {
                event.retry = value;
            }
        }
        event.data = data.join(u'\n');
        if (event.type.isEmpty() && !data.isEmpty()) {
            event.type = u"message"_s;
        }
        out.append(event);
    }
    return out;
}

QList<SseEvent> SseConnection::events(const QString &type) const
{
    QList<SseEvent> out;
    for (const SseEvent &event : events()) {
        if (event.type == type) {
            out.append(event);
        }
    }
    return out;
}

QList<qint64> SseConnection::messageIds() const
{
    QList<qint64> ids;
    // "42", or "<epoch>-42" from a memory-only room.
    for (const SseEvent &event : events(u"message"_s)) {
        ids.append(event.id.mid(event.id.lastIndexOf(u'-') + 1).toLongLong());
    }
    return ids;
}

bool SseConnection::isConnected() const
{
    return m_socket.state() == QAbstractSocket::ConnectedState;
}

void SseConnection::close()
{
    m_socket.abort();
}

RawClient::RawClient(quint16 port)
{
    QObject::connect(
        &m_socket, &QTcpSocket::readyRead, [this] { m_received += m_socket.readAll(); });
    m_socket.connectToHost(u"127.0.0.1"_s, port);
    m_connected = m_socket.waitForConnected(10000);
}

bool RawClient::waitForClosed(int timeoutMs)
{
    return QTest::qWaitFor(
        [this] { return m_socket.state() == QAbstractSocket::UnconnectedState; }, timeoutMs);
}

bool RawClient::waitForReceived(QByteArrayView text, int timeoutMs)
{
    return QTest::qWaitFor([&] { return m_received.contains(text); }, timeoutMs);
}

bool RawClient::waitForSent(int timeoutMs)
{
    return QTest::qWaitFor(
        [this] {
            return m_socket.bytesToWrite() == 0
                || m_socket.state() != QAbstractSocket::ConnectedState;
        },
        timeoutMs);
}

int RawClient::status() const
{
    const QList<QByteArray> parts = m_received.left(m_received.indexOf("\r\n")).split(' ');
    return parts.size() >= 2 ? parts.at(1).toInt() : 0;
}

} // namespace hibiki::test
