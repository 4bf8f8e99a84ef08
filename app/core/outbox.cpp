// SPDX-License-Identifier: MIT
#include "outbox.h"

#include "messagedecoder.h"
#include "roomstore.h"

#include <sseclient/certificatepinning.h>
#include <sseclient/retryafter.h>

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
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

constexpr qsizetype maxAnswerBytes = 64 * 1024;
const char *const timedOutProperty = "hibikiTimedOut";

// The server's reason for refusing a post: {"error": "..."} or a short text body.
QString serverReason(const QByteArray &body, int status)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    QString reason = object.value(u"error"_s).toString();
    if (reason.isEmpty() && !body.isEmpty() && !body.trimmed().startsWith('<')) {
        reason = QString::fromUtf8(body.left(4096)).simplified().left(200);
    }
    const QString statusText = u"HTTP %1"_s.arg(status);
    return reason.isEmpty() ? statusText : u"%1 (%2)"_s.arg(reason, statusText);
}

// The message's id in a 2xx answer ({"id": 7, ...}), when the server gives one: the echo
// on the stream carries the same id.
QString answerId(const QByteArray &body, const Profile &profile)
{
    if (profile.idField.isEmpty()) {
        return {};
    }
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    QJsonValue value = object;
    for (const QStringView part : QStringView(profile.idField).split(u'.')) {
        value = value.toObject().value(part);
    }
    return MessageDecoder::scalarText(value);
}

// A server may ask for a pause (delta-seconds or an HTTP date); longer than this is not
// waited for, so a message is never held back for days by one header.
constexpr std::chrono::milliseconds MaxRetryAfter = std::chrono::hours(1);

qint64 retryAfterMs(const QNetworkReply &reply)
{
    return sse::retryAfter(reply, MaxRetryAfter).value_or(std::chrono::milliseconds(0)).count();
}

} // namespace

Outbox::Outbox(
    const Profile &profile, RoomStore &store, QNetworkAccessManager *manager, QObject *parent)
    : Outbox(profile, store.database(), manager, parent)
{ }

Outbox::Outbox(
    const Profile &profile, QSqlDatabase database, QNetworkAccessManager *manager, QObject *parent)
    : QObject(parent)
    , m_profile(profile)
    , m_database(std::move(database))
    , m_manager(manager)
{
    qRegisterMetaType<hibiki::OutboxEntry>();
    for (const Endpoint &endpoint : profile.endpoints()) {
        m_postUrls.append(endpoint.postUrl);
    }
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &Outbox::sendNext);
    m_postDeadline.setSingleShot(true);
    connect(&m_postDeadline, &QTimer::timeout, this, &Outbox::onPostTimedOut);
}

void Outbox::setHeaders(const QList<QPair<QByteArray, QByteArray>> &headers)
{
    m_headers = headers;
}

void Outbox::setBackoff(int initialMs, int maxMs)
{
    m_backoff.setPolicy({.initial = std::chrono::milliseconds(std::max(1, initialMs)),
        .max = std::chrono::milliseconds(std::max(1, maxMs))});
}

void Outbox::setPostTimeout(int ms)
{
    m_postTimeoutMs = std::max(1, ms);
}

void Outbox::setPostEndpoint(int index)
{
    if (index >= 0 && index < m_postUrls.size() && !m_postUrls.at(index).isEmpty()) {
        m_postEndpoint = index;
    }
}

void Outbox::moveToNextPostEndpoint()
{
    for (qsizetype step = 1; step < m_postUrls.size(); ++step) {
        const int next = int((m_postEndpoint + step) % m_postUrls.size());
        if (!m_postUrls.at(next).isEmpty()) {
            m_postEndpoint = next;
            return;
        }
    }
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

OutboxEntry Outbox::enqueue(const QString &text, QString *error)
{
    OutboxEntry entry;
    entry.clientId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    entry.text = text;
    entry.created = QDateTime::currentDateTimeUtc();
    // Stored (and synced) before anything is sent: nothing is lost. What cannot be stored
    // is not sent at all, so that "sent" always means "safe".
    if (const QSqlError failed = persist(entry); failed.isValid()) {
        entry.clientId.clear();
        entry.state = OutboxEntry::State::Failed;
        entry.error = tr("The message was not sent because it could not be saved first: %1")
                          .arg(describeStorageFailure(failed, m_database.databaseName()));
        if (error) {
            *error = entry.error;
        }
        Q_EMIT storageFailed(describeStorageFailure(failed, m_database.databaseName()));
        return entry;
    }
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
    m_due.clear();
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
    m_due.remove(clientId);
    m_entries.removeIf([&](const OutboxEntry &e) { return e.clientId == clientId; });
    Q_EMIT entryChanged(discarded);
}

OutboxEntry *Outbox::find(const QString &clientId)
{
    const auto it = std::find_if(m_entries.begin(), m_entries.end(),
        [&](const OutboxEntry &e) { return e.clientId == clientId; });
    return it == m_entries.end() ? nullptr : &*it;
}

QSqlError Outbox::persist(const OutboxEntry &entry)
{
    return runDurableTransaction(m_database, [&](QSqlDatabase &db) {
        QSqlQuery query(db);
        query.prepare(
            u"INSERT OR REPLACE INTO outbox (client_id, text, created, failed, attempts, error) "
            "VALUES (?, ?, ?, ?, ?, COALESCE(?, ''))"_s);
        query.bindValue(0, entry.clientId);
        query.bindValue(1, entry.text);
        query.bindValue(2, entry.created.toMSecsSinceEpoch());
        query.bindValue(3, entry.state == OutboxEntry::State::Failed);
        query.bindValue(4, entry.attempts);
        query.bindValue(5, entry.error);
        return query.exec() ? QSqlError() : query.lastError();
    });
}

void Outbox::erase(const QString &clientId)
{
    const QSqlError failed = runDurableTransaction(m_database, [&](QSqlDatabase &db) {
        QSqlQuery query(db);
        query.prepare(u"DELETE FROM outbox WHERE client_id = ?"_s);
        query.bindValue(0, clientId);
        return query.exec() ? QSqlError() : query.lastError();
    });
    // Left in the store, it is sent again after a restart: the clientId lets a Hibiki room
    // drop the copy. Say so rather than keep quiet.
    reportStorageError(failed);
}

void Outbox::update(OutboxEntry &entry)
{
    // The entry is stored already; a failure here loses only its attempt count and error.
    reportStorageError(persist(entry));
    Q_EMIT entryChanged(entry);
}

void Outbox::reportStorageError(const QSqlError &error)
{
    if (error.isValid()) {
        qWarning("outbox: cannot update the store: %s", qPrintable(error.text()));
        Q_EMIT storageFailed(describeStorageFailure(error, m_database.databaseName()));
    }
}

// Posts the oldest entry that is due; one post in flight at a time keeps the order.
void Outbox::sendNext()
{
    if (m_inFlight || postUrl().isEmpty()) {
        return;
    }
    // Only the oldest unsent entry is looked at: while it waits for its next attempt it
    // holds back the ones after it, because order matters more than speed.
    const auto next = std::find_if(m_entries.begin(), m_entries.end(),
        [](const OutboxEntry &e) { return e.state == OutboxEntry::State::Sending; });
    if (next == m_entries.end()) {
        return;
    }
    if (const auto due = m_due.constFind(next->clientId);
        due != m_due.constEnd() && !due->hasExpired()) {
        m_retryTimer.start(std::chrono::milliseconds(std::clamp<qint64>(due->remainingTime(), 0,
            std::max<qint64>(m_backoff.policy().max.count(), MaxRetryAfter.count()))));
        return;
    }
    OutboxEntry *const due = &*next;
    m_due.remove(due->clientId);

    QNetworkRequest request(postUrl());
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
    // No progress for this long ends the transfer; the deadline below also bounds the
    // whole wait, the time in the manager's queue included.
    request.setTransferTimeout(m_postTimeoutMs);
    const QByteArray body = m_profile.postBody(due->text, m_user, due->clientId);
    QNetworkReply *reply = m_manager->sendCustomRequest(request, m_profile.postMethod, body);
    reply->setProperty("clientId", due->clientId);
    m_inFlight = reply;
    m_postDeadline.start(m_postTimeoutMs);
    ++due->attempts;
    due->nextAttempt = {}; // going now, not waiting
    const QString clientId = due->clientId;
    connect(reply, &QNetworkReply::finished, this,
        [this, reply, clientId] { onReplyFinished(reply, clientId); });
#if QT_CONFIG(ssl)
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &errors) {
        sse::acceptPinnedCertificate(reply, errors, m_trustedSha256);
    });
#endif
    // Someone waits for "sending": say that the attempt started (the attempt count moved).
    Q_EMIT entryChanged(*due);
}

void Outbox::onPostTimedOut()
{
    if (QNetworkReply *reply = m_inFlight.data()) {
        reply->setProperty(timedOutProperty, true);
        reply->abort(); // finished() follows: onReplyFinished() schedules the retry
    }
}

void Outbox::onReplyFinished(QNetworkReply *reply, const QString &clientId)
{
    reply->deleteLater();
    if (m_inFlight == reply) {
        m_inFlight = nullptr;
        m_postDeadline.stop();
    }
    OutboxEntry *entry = find(clientId);
    if (!entry) {
        sendNext();
        return;
    }
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray answer = reply->read(maxAnswerBytes);
    const bool timedOut = reply->property(timedOutProperty).toBool()
        || reply->error() == QNetworkReply::TimeoutError
        || (reply->error() == QNetworkReply::OperationCanceledError && status == 0);
    if (status >= 200 && status < 300) {
        OutboxEntry delivered = *entry;
        delivered.state = OutboxEntry::State::Delivered;
        delivered.error.clear();
        delivered.nextAttempt = {};
        delivered.serverId = answerId(answer, m_profile);
        erase(clientId);
        m_due.remove(clientId);
        m_entries.removeIf([&](const OutboxEntry &e) { return e.clientId == clientId; });
        Q_EMIT entryChanged(delivered);
    } else if (status == 0 && timedOut) {
        moveToNextPostEndpoint();
        scheduleRetry(*entry,
            tr("the server did not answer within %1 s").arg((m_postTimeoutMs + 999) / 1000), 0);
    } else if (status == 0) {
        moveToNextPostEndpoint();
        const QString refused = sse::refusedCertificateMessage(*reply);
        scheduleRetry(*entry, refused.isEmpty() ? reply->errorString() : refused, 0);
    } else if (status >= 500 || status == 429 || status == 408) {
        if (status >= 500) {
            moveToNextPostEndpoint(); // this node is in trouble; another may not be
        }
        scheduleRetry(*entry, serverReason(answer, status), retryAfterMs(*reply));
    } else {
        // Retrying cannot fix a refused message: tell the user why.
        entry->state = OutboxEntry::State::Failed;
        entry->error = serverReason(answer, status);
        entry->nextAttempt = {};
        update(*entry);
    }
    sendNext();
}

qint64 Outbox::retryDelayMs(int attempts, qint64 minimumDelayMs) const
{
    // The same backoff as the stream's (full jitter): each entry keeps its own count.
    return std::max<qint64>(minimumDelayMs, m_backoff.delayFor(attempts).count());
}

void Outbox::scheduleRetry(OutboxEntry &entry, const QString &error, qint64 minimumDelayMs)
{
    const qint64 delay = retryDelayMs(entry.attempts, minimumDelayMs);
    // The wait runs on the monotonic clock; the wall-clock time is only for showing.
    m_due.insert(entry.clientId, QDeadlineTimer(delay));
    entry.error = error;
    entry.nextAttempt = QDateTime::currentDateTimeUtc().addMSecs(delay);
    update(entry);
}

} // namespace hibiki
