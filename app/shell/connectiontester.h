// SPDX-License-Identifier: MIT
#pragma once

#include <core/profile.h>

#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class QNetworkAccessManager;

namespace sse {
class Parser;
}

namespace hibiki {

// "Test connection" in the server dialog: opens the stream once and reports what it found,
// the HTTP status, the content type and the first event, or why it failed, in words.
// Redirects are reported, not followed, so that a token never travels to another host.
class ConnectionTester : public QObject
{
    Q_OBJECT

public:
    struct Result
    {
        bool ok = false; // a 200 text/event-stream answered
        int httpStatus = 0;
        QString contentType;
        QString firstEventType;
        QString firstEventData; // shortened
        QString error; // for the user; empty when ok
    };

    explicit ConnectionTester(QNetworkAccessManager *manager, QObject *parent = nullptr);
    ~ConnectionTester() override;

    // How long to wait for the first event once the stream is open.
    void setFirstEventTimeout(int ms) { m_eventTimeout.setInterval(ms); }
    void start(const Profile &profile, const QByteArray &authorization, int timeoutMs = 10000);
    void cancel();
    bool isRunning() const { return !m_reply.isNull(); }

    // The result as a few lines for the dialog.
    static QString describe(const Result &result);

Q_SIGNALS:
    void finished(const hibiki::ConnectionTester::Result &result);

private:
    class Handler;
    void onMetaData();
    void onReadyRead();
    void onFinished();
    void finish(const QString &error = {});

    QNetworkAccessManager *m_manager;
    QPointer<QNetworkReply> m_reply;
    std::unique_ptr<Handler> m_handler;
    std::unique_ptr<sse::Parser> m_parser;
    Result m_result;
    QTimer m_timeout;
    QTimer m_eventTimeout;
};

} // namespace hibiki

Q_DECLARE_METATYPE(hibiki::ConnectionTester::Result)
