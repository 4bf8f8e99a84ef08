// SPDX-License-Identifier: MIT
#pragma once

#include "profile.h"

#include <sseclient/backoff.h>

#include <QDateTime>
#include <QDeadlineTimer>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QSqlDatabase>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;

namespace hibiki {

class RoomStore;

struct OutboxEntry
{
    enum class State {
        Sending, // stored; being posted or waiting for the next attempt. With `error` set:
                 // not sent yet, and why ("Not sent yet: <error>")
        Delivered, // the server accepted it (2xx); removed from the store
        Failed, // the server refused it for good (a 4xx retrying cannot fix)
        Discarded, // the user removed it
    };

    QString clientId; // empty on an entry enqueue() refused
    QString text;
    QDateTime created;
    State state = State::Sending;
    int attempts = 0;
    // When State::Sending and waiting: the wall-clock time of the next attempt, for showing.
    // The wait itself runs on a monotonic clock.
    QDateTime nextAttempt;
    QString error; // the last failure, in words for the user
    QString serverId; // Delivered: the message id in the server's answer, when it gave one
};

// Outgoing messages that must not be lost. Each is written to the store (synced to the
// disk) before it is posted and leaves it only when the server accepted it (2xx) or the
// user discards it. Network errors, 5xx, 429 and posts without an answer in time are
// retried with backoff; other 4xx fail with the server's reason. The clientId makes a
// retried POST safe. Posts go out one at a time, in order.
//
// A room with several endpoints posts to the one its stream is on (setPostEndpoint()); a
// post that fails in a way another node may not have (no connection, no answer in time,
// 5xx) is retried on the next endpoint, after the same backoff.
class Outbox : public QObject
{
    Q_OBJECT

public:
    // The room's file; its schema must be in place (RoomStore::open() does that).
    Outbox(const Profile &profile, RoomStore &store, QNetworkAccessManager *manager,
        QObject *parent = nullptr);
    // The same on a connection to a room file opened with RoomStore.
    Outbox(const Profile &profile, QSqlDatabase database, QNetworkAccessManager *manager,
        QObject *parent = nullptr);

    // Extra headers for posts (e.g. Authorization from the keychain).
    void setHeaders(const QList<QPair<QByteArray, QByteArray>> &headers);
    // Server certificates trusted by SHA-256 fingerprint (see sse::Options).
    void setTrustedCertificates(const QList<QByteArray> &sha256) { m_trustedSha256 = sha256; }
    void setUserName(const QString &user) { m_user = user; }
    // Base and cap of the retry backoff.
    void setBackoff(int initialMs, int maxMs);
    // A post without an answer after this long is given up and retried, and its entry says
    // so. Covers a server that never answers and a post stuck in a queue. Default 30 s.
    void setPostTimeout(int ms);
    int postTimeout() const { return m_postTimeoutMs; }
    // The endpoint (index into Profile::endpoints()) the next post goes to; one without a
    // post address is skipped.
    void setPostEndpoint(int index);
    int postEndpoint() const { return m_postEndpoint; }
    QUrl postUrl() const { return m_postUrls.value(m_postEndpoint); }

    // Loads entries a previous run left and starts sending the pending ones.
    void start();
    // Stores and queues a message; returns its entry (State::Sending). When it cannot be
    // stored, nothing is queued: the returned entry has no clientId, State::Failed and the
    // reason in `error` (also in `*error` when given), and the caller keeps the text.
    OutboxEntry enqueue(const QString &text, QString *error = nullptr);
    // A failed entry goes back to Sending; a waiting one is tried now.
    void retry(const QString &clientId);
    void retryAllNow();
    void discard(const QString &clientId);

    QList<OutboxEntry> entries() const { return m_entries; }

Q_SIGNALS:
    void entryChanged(const hibiki::OutboxEntry &entry);
    // A write to the outbox's table failed (after an entry was stored: its progress, or
    // its removal after delivery). The words are for the user.
    void storageFailed(const QString &problem);

private:
    QSqlError persist(const OutboxEntry &entry);
    void erase(const QString &clientId);
    void sendNext();
    void onReplyFinished(QNetworkReply *reply, const QString &clientId);
    void onPostTimedOut();
    void scheduleRetry(OutboxEntry &entry, const QString &error, qint64 minimumDelayMs);
    // How long to wait before attempt number `attempts` + 1. The one place that decides it.
    qint64 retryDelayMs(int attempts, qint64 minimumDelayMs) const;
    void moveToNextPostEndpoint();
    OutboxEntry *find(const QString &clientId);
    void update(OutboxEntry &entry);
    void reportStorageError(const QSqlError &error);

    Profile m_profile;
    QList<QUrl> m_postUrls; // by endpoint
    int m_postEndpoint = 0;
    QSqlDatabase m_database;
    QNetworkAccessManager *m_manager;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QList<QByteArray> m_trustedSha256;
    QString m_user;
    QList<OutboxEntry> m_entries; // in creation order
    QHash<QString, QDeadlineTimer> m_due; // by client id: when a waiting entry may go again
    QPointer<QNetworkReply> m_inFlight;
    QTimer m_retryTimer;
    QTimer m_postDeadline; // the answer to the post in flight must come before it fires
    sse::Backoff m_backoff {{.initial = std::chrono::seconds(1), .max = std::chrono::minutes(1)}};
    int m_postTimeoutMs = 30000;
};

} // namespace hibiki

Q_DECLARE_METATYPE(hibiki::OutboxEntry)
