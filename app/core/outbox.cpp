// SPDX-License-Identifier: MIT
#include "outbox.h"

#include <sseclient/certificatepinning.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#if QT_CONFIG(ssl)
#include <QSslError>
#endif
#include <QSqlError>
#include <QSqlQuery>
#include <QTimeZone>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// The server's reason for refusing a post: {"error": "..."} or a short text body.
QString serverReason(QNetworkReply &reply, int status)
{
    const QByteArray body = reply.readAll().left(4096);
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    QString reason = object.value(u"error"_s).toString();
    if (reason.isEmpty() && !body.isEmpty() && !body.trimmed().startsWith('<')) {
        reason = QString::fromUtf8(body).simplified().left(200);
    }
    const QString statusText = u"HTTP %1"_s.arg(status);
    return reason.isEmpty() ? statusText : u"%1 (%2)"_s.arg(reason, statusText);
}

int retryAfterMs(const QNetworkReply &reply)
{
    bool ok = false;
    const int seconds = reply.rawHeader("Retry-After").trimmed().toInt(&ok);
    return ok && seconds >= 0 ? std::min(seconds, 3600) * 1000 : 0;
}

} // namespace

Outbox::Outbox(
    const Profile &profile, QSqlDatabase database, QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_database(std::move(database))
    , m_manager(manager)
{
    qRegisterMetaType<hibiki::OutboxEntry>();
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &Outbox::sendNext);
    QSqlQuery query(m_database);
    query.exec(
        u"CREATE TABLE IF NOT EXISTS outbox (client_id TEXT PRIMARY KEY, text TEXT NOT NULL, "
        "created INTEGER NOT NULL, failed INTEGER NOT NULL DEFAULT 0, "
        "attempts INTEGER NOT NULL DEFAULT 0, error TEXT NOT NULL DEFAULT '')"_s);
}

void Outbox::setHeaders(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    m_headers = headers;
}

void Outbox::setBackoff(int initialMs, int maxMs)
{
    m_initialBackoffMs = std::max(1, initialMs);
    m_maxBackoffMs = std::max(m_initialBackoffMs, maxMs);
}

void Outbox::start()
{
    QSqlQuery query(m_database);
    query.exec(
        u"SELECT client_id, text, created, failed, attempts, error FROM outbox ORDER BY created, rowid"_s);
    while (query.next()) {
        const QString clientId = query.value(0).toString();
        if (find(clientId)) {
            continue;
        }
        OutboxEntry entry;
        entry.clientId = clientId;
        entry.text = query.value(1).toString();
        entry.created
            = QDateTime::fromMSecsSinceEpoch(query.value(2).toLongLong(), QTimeZone::utc());
        entry.state
            = query.value(3).toBool() ? OutboxEntry::State::Failed : OutboxEntry::State::Sending;
        entry.attempts = query.value(4).toInt();
        entry.error = query.value(5).toString();
        m_entries.append(entry);
        Q_EMIT entryChanged(entry);
    }
    sendNext();
}

OutboxEntry Outbox::enqueue(const QString &text)
{
    OutboxEntry entry;
    entry.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    entry.text = text;
    entry.created = QDateTime::currentDateTimeUtc();
    persist(entry); // stored before anything is sent: nothing is lost
    m_entries.append(entry);
    Q_EMIT entryChanged(entry);
    if (!m_inFlight && !m_retryTimer.isActive()) {
        sendNext();
    }
    return entry;
}

void Outbox::retry(const QString &clientId)
{
    OutboxEntry *entry = find(clientId);
    if (!entry || entry->state == OutboxEntry::State::Delivered) {
        return;
    }
    entry->state = OutboxEntry::State::Sending;
    entry->error.clear();
    entry->nextAttempt = {};
    update(*entry);
    retryAllNow();
}

void Outbox::retryAllNow()
{
    if (m_inFlight) {
        return;
    }
    m_retryTimer.stop();
    for (OutboxEntry &entry : m_entries) {
        entry.nextAttempt = {};
    }
    sendNext();
}

void Outbox::discard(const QString &clientId)
{
    OutboxEntry *entry = find(clientId);
    if (!entry) {
        return;
    }
    if (m_inFlight && m_inFlight->property("clientId").toString() == clientId) {
        // Too late to take back what may already be at the server: let it finish.
        return;
    }
    OutboxEntry discarded = *entry;
    discarded.state = OutboxEntry::State::Discarded;
    erase(clientId);
    m_entries.removeIf([&](const OutboxEntry &e) { return e.clientId == clientId; });
    Q_EMIT entryChanged(discarded);
}

OutboxEntry *Outbox::find(const QString &clientId)
{
    const auto it = std::find_if(m_entries.begin(), m_entries.end(),
        [&](const OutboxEntry &e) { return e.clientId == clientId; });
    return it == m_entries.end() ? nullptr : &*it;
}

void Outbox::persist(const OutboxEntry &entry)
{
    QSqlQuery query(m_database);
    query.prepare(
        u"INSERT OR REPLACE INTO outbox (client_id, text, created, failed, attempts, error) "
        "VALUES (?, ?, ?, ?, ?, COALESCE(?, ''))"_s);
    query.bindValue(0, entry.clientId);
    query.bindValue(1, entry.text);
    query.bindValue(2, entry.created.toMSecsSinceEpoch());
    query.bindValue(3, entry.state == OutboxEntry::State::Failed);
    query.bindValue(4, entry.attempts);
    query.bindValue(5, entry.error);
    if (!query.exec()) {
        qWarning("outbox: cannot store a message: %s", qPrintable(query.lastError().text()));
    }
}

void Outbox::erase(const QString &clientId)
{
    QSqlQuery query(m_database);
    query.prepare(u"DELETE FROM outbox WHERE client_id = ?"_s);
    query.bindValue(0, clientId);
    query.exec();
}

void Outbox::update(OutboxEntry &entry)
{
    persist(entry);
    Q_EMIT entryChanged(entry);
}

// Posts the oldest entry that is due; one post in flight at a time keeps the order.
void Outbox::sendNext()
{
    if (m_inFlight || m_profile.postUrl.isEmpty()) {
        return;
    }
    // Only the oldest unsent entry is looked at: while it waits for its next attempt it
    // holds back the ones after it, because order matters more than speed.
    const auto next = std::find_if(m_entries.begin(), m_entries.end(),
        [](const OutboxEntry &e) { return e.state == OutboxEntry::State::Sending; });
    if (next == m_entries.end()) {
        return;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (next->nextAttempt.isValid() && next->nextAttempt > now) {
        m_retryTimer.start(
            int(std::clamp<qint64>(now.msecsTo(next->nextAttempt), 0, m_maxBackoffMs)));
        return;
    }
    OutboxEntry *const due = &*next;

    QNetworkRequest request(m_profile.postUrl);
    for (const auto &[name, value] : m_profile.headers) {
        request.setRawHeader(name, value);
    }
    for (const auto &[name, value] : m_headers) {
        request.setRawHeader(name, value);
    }
    request.setHeader(QNetworkRequest::ContentTypeHeader, m_profile.postContentType());
    // Credentials must not follow a redirect to another origin.
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::SameOriginRedirectPolicy);
    request.setTransferTimeout(30000);
    const QByteArray body = m_profile.postBody(due->text, m_user, due->clientId);
    QNetworkReply *reply = m_manager->sendCustomRequest(request, m_profile.postMethod, body);
    reply->setProperty("clientId", due->clientId);
    m_inFlight = reply;
    ++due->attempts;
    const QString clientId = due->clientId;
    connect(reply, &QNetworkReply::finished, this,
        [this, reply, clientId] { onReplyFinished(reply, clientId); });
#if QT_CONFIG(ssl)
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &errors) {
        sse::acceptPinnedCertificate(reply, errors, m_trustedSha256);
    });
#endif
}

void Outbox::onReplyFinished(QNetworkReply *reply, const QString &clientId)
{
    reply->deleteLater();
    m_inFlight = nullptr;
    OutboxEntry *entry = find(clientId);
    if (!entry) {
        sendNext();
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 200 && status < 300) {
        OutboxEntry delivered = *entry;
        delivered.state = OutboxEntry::State::Delivered;
        delivered.error.clear();
        erase(clientId);
        m_entries.removeIf([&](const OutboxEntry &e) { return e.clientId == clientId; });
        Q_EMIT entryChanged(delivered);
    } else if (status == 0) {
        const QString refused = sse::refusedCertificateMessage(*reply);
        scheduleRetry(*entry, refused.isEmpty() ? reply->errorString() : refused, 0);
    } else if (status >= 500 || status == 429 || status == 408) {
        scheduleRetry(*entry, serverReason(*reply, status), retryAfterMs(*reply));
    } else {
        // Retrying cannot fix a refused message: tell the user why.
        entry->state = OutboxEntry::State::Failed;
        entry->error = serverReason(*reply, status);
        entry->nextAttempt = {};
        update(*entry);
    }
    sendNext();
}

void Outbox::scheduleRetry(OutboxEntry &entry, const QString &error, int minimumDelayMs)
{
    const int exponent = std::min(entry.attempts - 1, 16);
    const qint64 ceiling
        = std::min<qint64>(qint64(m_initialBackoffMs) << std::max(0, exponent), m_maxBackoffMs);
    // Equal jitter: at least half the ceiling, so retries never hammer the server.
    const qint64 delay = std::max<qint64>(
        minimumDelayMs, ceiling / 2 + QRandomGenerator::global()->bounded(ceiling / 2 + 1));
    entry.error = error;
    entry.nextAttempt = QDateTime::currentDateTimeUtc().addMSecs(delay);
    update(entry);
}

} // namespace hibiki
