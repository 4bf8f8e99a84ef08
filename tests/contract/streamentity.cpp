// SPDX-License-Identifier: MIT
#include "streamentity.h"

#include "servicelog.h"

#include <sseclient/eventsource.h>

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;

namespace hibiki {

StreamEntity::StreamEntity(
    int id, StreamConfig config, QNetworkAccessManager *callbackManager, QObject *parent)
    : QObject(parent)
    , m_id(id)
    , m_config(std::move(config))
    , m_callbackManager(callbackManager)
    , m_source(new sse::EventSource(m_config.streamUrl, m_config.options, this))
{
    m_listenedTypes.insert(u"message"_s);
    m_source->addEventListener(
        u"message"_s, this, [this](const sse::MessageEvent &event) { reportEvent(event); });

    connect(m_source, &sse::EventSource::comment, this, [this](const QString &text) {
        report(QJsonObject {{u"kind"_s, u"comment"_s}, {u"comment"_s, text}});
    });
    connect(m_source, &sse::EventSource::errorOccurred, this, [this](const sse::Error &error) {
        qCDebug(lcContract) << "stream" << m_id << "error:" << error.message
                            << (error.willRetry ? "(will retry)" : "(stopped)");
        report(QJsonObject {{u"kind"_s, u"error"_s}, {u"error"_s, error.message}});
    });
    connect(m_source, &sse::EventSource::readyStateChanged, this,
        [this](sse::EventSource::ReadyState state) {
            qCDebug(lcContract) << "stream" << m_id << state;
        });
}

StreamEntity::~StreamEntity()
{
    close();
}

void StreamEntity::open()
{
    m_source->open();
}

void StreamEntity::restart()
{
    if (m_source->readyState() == sse::EventSource::ReadyState::Closed) {
        m_source->open();
    } else {
        m_source->restart();
    }
}

void StreamEntity::listen(const QString &type)
{
    // One listener per type: a second one would report every such event twice.
    if (m_listenedTypes.contains(type)) {
        return;
    }
    m_listenedTypes.insert(type);
    m_source->addEventListener(
        type, this, [this](const sse::MessageEvent &event) { reportEvent(event); });
}

void StreamEntity::close()
{
    if (m_closed) {
        return;
    }
    m_closed = true;
    m_source->close();
    m_pendingCallbacks.clear();
    if (m_callbackInFlight) {
        QNetworkReply *const reply = m_callbackInFlight;
        m_callbackInFlight = nullptr;
        disconnect(reply, nullptr, this, nullptr);
        reply->abort();
        reply->deleteLater();
    }
}

void StreamEntity::reportEvent(const sse::MessageEvent &event)
{
    report(QJsonObject {
        {u"kind"_s, u"event"_s},
        {u"event"_s,
            QJsonObject {
                {u"type"_s, event.type},
                {u"data"_s, event.data},
                {u"id"_s, event.lastEventId},
            }},
    });
}

void StreamEntity::report(const QJsonObject &message)
{
    if (m_closed) {
        return;
    }
    m_pendingCallbacks.push_back(
        {++m_callbacksQueued, QJsonDocument(message).toJson(QJsonDocument::Compact)});
    sendNextCallback();
}

void StreamEntity::sendNextCallback()
{
    // Strictly one at a time: the suite reorders by number, but only within a window, and
    // a callback sent after its predecessor failed could not be told apart from a lost one.
    if (m_callbackInFlight || m_pendingCallbacks.empty()) {
        return;
    }
    const Callback callback = std::move(m_pendingCallbacks.front());
    m_pendingCallbacks.pop_front();

    QNetworkRequest request(callbackUrl(callback.number));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json"_ba);
    QNetworkReply *const reply = m_callbackManager->post(request, callback.body);
    reply->setProperty("callbackNumber", callback.number);
    m_callbackInFlight = reply;
    connect(reply, &QNetworkReply::finished, this, &StreamEntity::onCallbackFinished);
}

void StreamEntity::onCallbackFinished()
{
    auto *const reply = qobject_cast<QNetworkReply *>(sender());
    if (!reply) {
        return;
    }
    reply->deleteLater();
    if (reply != m_callbackInFlight) {
        return;
    }
    m_callbackInFlight = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError || status < 200 || status >= 300) {
        // Nothing to retry: the suite has most likely finished with this stream already.
        qCWarning(lcContract).noquote()
            << u"stream %1: callback %2 to %3 failed: %4"_s.arg(m_id)
                   .arg(reply->property("callbackNumber").toInt())
                   .arg(reply->url().toDisplayString(), reply->errorString());
    }
    sendNextCallback();
}

QUrl StreamEntity::callbackUrl(int number) const
{
    QUrl url = m_config.callbackUrl;
    QString path = url.path(QUrl::FullyEncoded);
    if (!path.endsWith(u'/')) {
        path += u'/';
    }
    path += QString::number(number);
    url.setPath(path, QUrl::TolerantMode);
    return url;
}

} // namespace hibiki
