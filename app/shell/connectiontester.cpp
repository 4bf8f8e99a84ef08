// SPDX-License-Identifier: MIT
#include "connectiontester.h"

#include <sseclient/parser.h>

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

constexpr int MaxShownData = 300;

} // namespace

class ConnectionTester::Handler : public sse::ParserHandler
{
public:
    explicit Handler(ConnectionTester *tester)
        : m_tester(tester)
    { }

    void onEvent(const QString &type, const QString &data, const QString &) override
    {
        if (m_done) {
            return;
        }
        m_done = true;
        m_tester->m_result.firstEventType = type;
        m_tester->m_result.firstEventData
            = data.size() > MaxShownData ? data.left(MaxShownData) + u'…' : data;
    }

    bool m_done = false;

private:
    ConnectionTester *m_tester;
};

ConnectionTester::ConnectionTester(QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
{
    qRegisterMetaType<hibiki::ConnectionTester::Result>();
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        finish(tr("The server did not answer within %n s.", nullptr, m_timeout.interval() / 1000));
    });
    m_eventTimeout.setSingleShot(true);
    m_eventTimeout.setInterval(5000);
    // A quiet room sends nothing for a while: an open stream is a success all the same.
    connect(&m_eventTimeout, &QTimer::timeout, this, [this] { finish(); });
}

ConnectionTester::~ConnectionTester()
{
    cancel();
}

void ConnectionTester::start(const Profile &profile, const QByteArray &authorization, int timeoutMs)
{
    cancel();
    m_result = {};
    m_handler = std::make_unique<Handler>(this);
    m_parser = std::make_unique<sse::Parser>(*m_handler);

    QNetworkRequest request(profile.streamUrl);
    request.setRawHeader("Accept", "text/event-stream");
    request.setRawHeader("Cache-Control", "no-store");
    for (const auto &[name, value] : profile.headers) {
        request.setRawHeader(name, value);
    }
    if (!authorization.isEmpty()) {
        request.setRawHeader("Authorization", authorization);
    }
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(
        QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    m_reply = m_manager->get(request);
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &ConnectionTester::onMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, &ConnectionTester::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ConnectionTester::onFinished);
    m_timeout.start(timeoutMs);
}

void ConnectionTester::cancel()
{
    m_timeout.stop();
    m_eventTimeout.stop();
    if (QNetworkReply *reply = m_reply) {
        m_reply = nullptr;
        reply->disconnect(this);
        const bool answeredWithError = m_result.httpStatus != 0 && m_result.httpStatus != 200;
        if (reply->isRunning() && answeredWithError) {
            // An error page ends by itself; aborting it makes Qt report an error twice.
            connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
            return;
        }
        if (reply->isRunning()) {
            reply->abort();
        }
        reply->deleteLater();
    }
}

void ConnectionTester::onMetaData()
{
    m_result.httpStatus = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_result.contentType = m_reply->header(QNetworkRequest::ContentTypeHeader).toString();
    if (m_result.httpStatus >= 300 && m_result.httpStatus < 400) {
        const QUrl target = m_reply->url().resolved(
            m_reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl());
        finish(tr("The server redirects to %1. Use that address instead.")
                   .arg(target.toDisplayString()));
        return;
    }
    if (m_result.httpStatus != 200) {
        const QString reason
            = m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        const QString status = reason.isEmpty() ? QString::number(m_result.httpStatus)
                                                : u"%1 %2"_s.arg(m_result.httpStatus).arg(reason);
        finish(tr("The server answered HTTP %1 instead of opening a stream.").arg(status));
        return;
    }
    if (!m_result.contentType.startsWith(u"text/event-stream"_s, Qt::CaseInsensitive)) {
        finish(tr("The server answered with \"%1\", not an event stream "
                  "(text/event-stream). Is this the stream's address?")
                   .arg(m_result.contentType.isEmpty() ? tr("no content type")
                                                       : m_result.contentType));
        return;
    }
    m_timeout.stop();
    m_eventTimeout.start();
}

void ConnectionTester::onReadyRead()
{
    if (!m_reply) {
        return;
    }
    if (m_result.httpStatus == 0) {
        onMetaData();
        if (!m_reply) {
            return;
        }
    }
    m_parser->feed(m_reply->readAll());
    if (m_handler->m_done) {
        finish();
    }
}

void ConnectionTester::onFinished()
{
    if (!m_reply) {
        return;
    }
    if (m_reply->error() != QNetworkReply::NoError
        && m_reply->error() != QNetworkReply::OperationCanceledError) {
        if (m_result.httpStatus == 0) {
            m_result.httpStatus
                = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        }
        if (m_result.httpStatus == 0) {
            finish(m_reply->errorString());
            return;
        }
    }
    if (m_result.httpStatus == 0) {
        onMetaData();
        if (!m_reply) {
            return;
        }
    }
    finish(m_handler->m_done ? QString() : tr("The server closed the stream before any event."));
}

void ConnectionTester::finish(const QString &error)
{
    if (!m_reply) {
        return;
    }
    m_result.error = error;
    m_result.ok = error.isEmpty();
    cancel();
    Q_EMIT finished(m_result);
}

QString ConnectionTester::describe(const Result &result)
{
    QStringList lines;
    if (result.httpStatus != 0) {
        lines.append(tr("Status: HTTP %1").arg(result.httpStatus));
    }
    if (!result.contentType.isEmpty()) {
        lines.append(tr("Content type: %1").arg(result.contentType));
    }
    if (!result.firstEventType.isEmpty()) {
        lines.append(tr("First event (%1): %2").arg(result.firstEventType, result.firstEventData));
    } else if (result.ok) {
        lines.append(tr("The stream is open; no event arrived yet (a quiet room)."));
    }
    if (!result.error.isEmpty()) {
        lines.append(result.error);
    }
    return lines.join(u'\n');
}

} // namespace hibiki
