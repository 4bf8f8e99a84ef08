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

// "Test connection" in the server dialog: opens the stream once, listens for a moment and
// says in words what it found (a Hibiki room with 12 messages, who is here, the newest
// message) or why it failed (nothing listens on that port, no such server, a certificate
// that cannot be verified, HTTP 404...). Redirects are reported, not followed, so that a
// token never travels to another host.
class ConnectionTester : public QObject
{
    Q_OBJECT

public:
    struct Result
    {
        bool ok = false; // a 200 text/event-stream answered
        Profile::Preset preset = Profile::Preset::Custom; // the kind of server tested
        int httpStatus = 0;
        QString contentType;
        int messages = 0; // chat messages the stream sent (a Hibiki room's recent history)
        QStringList present; // who the server says is in the room (join minus leave)
        QString newestAuthor; // of the last chat message
        QString newestText; // shortened, one line
        int otherEvents = 0; // events that are not chat messages for this kind of server
        QStringList otherEventTypes; // their types, each once
        QString error; // a sentence for the user; empty when ok
    };

    explicit ConnectionTester(QNetworkAccessManager *manager, QObject *parent = nullptr);
    ~ConnectionTester() override;

    // Once the stream is open, the test ends after this long without new data (a room's
    // history arrives in one burst), or after the listening limit at the latest.
    void setQuietPeriod(int ms) { m_quiet.setInterval(ms); }
    void setListeningLimit(int ms) { m_listening.setInterval(ms); }
    void start(const Profile &profile, const QByteArray &authorization, int timeoutMs = 10000);
    void cancel();
    bool isRunning() const { return !m_reply.isNull(); }

    // The result in a few sentences for the dialog: never the raw data a server sent.
    static QString describe(const Result &result);
    // A failed connection in words, for the user.
    static QString describeNetworkError(QNetworkReply::NetworkError error, const QUrl &url);
    static QString describeHttpStatus(int status, const QString &reason);

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
    bool m_streamOpen = false;
    QTimer m_timeout;
    QTimer m_quiet;
    QTimer m_listening;
};

} // namespace hibiki

Q_DECLARE_METATYPE(hibiki::ConnectionTester::Result)
