// SPDX-License-Identifier: MIT
#pragma once

#include "profile.h"

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QSqlDatabase>
#include <QTimer>

class QNetworkAccessManager;
class QNetworkReply;

namespace hibiki {

struct OutboxEntry
{
    enum class State {
        Sending, // stored; being posted or waiting for the next attempt
        Delivered, // the server accepted it (2xx); removed from the store
        Failed, // the server refused it for good (a 4xx retrying cannot fix)
        Discarded, // the user removed it
    };

    QString clientId;
    QString text;
    QDateTime created;
    State state = State::Sending;
    int attempts = 0;
    QDateTime nextAttempt; // when State::Sending and waiting
    QString error; // the last failure, in words for the user
};

// Outgoing messages that must not be lost. Each is written to the store before it is
// posted and leaves it only when the server accepted it (2xx) or the user discards it.
// Network errors, 5xx and 429 are retried with backoff; other 4xx fail with the
// server's reason. The clientId makes a retried POST safe. Posts go out one at a time,
// in order.
class Outbox : public QObject
{
    Q_OBJECT

public:
    Outbox(const Profile &profile, QSqlDatabase database, QNetworkAccessManager *manager,
        QObject *parent = nullptr);

    // Extra headers for posts (e.g. Authorization from the keychain).
    void setHeaders(const QList<QPair<QByteArray, QByteArray>> &headers);
    // Server certificates trusted by SHA-256 fingerprint (see sse::Options).
    void setTrustedCertificates(const QList<QByteArray> &sha256) { m_trustedSha256 = sha256; }
    void setUserName(const QString &user) { m_user = user; }
    // Base and cap of the retry backoff.
    void setBackoff(int initialMs, int maxMs);

    // Loads entries a previous run left and starts sending the pending ones.
    void start();
    // Stores and queues a message; returns its entry (State::Sending).
    OutboxEntry enqueue(const QString &text);
    // A failed entry goes back to Sending; a waiting one is tried now.
    void retry(const QString &clientId);
    void retryAllNow();
    void discard(const QString &clientId);

    QList<OutboxEntry> entries() const { return m_entries; }

Q_SIGNALS:
    void entryChanged(const hibiki::OutboxEntry &entry);

private:
    void persist(const OutboxEntry &entry);
    void erase(const QString &clientId);
    void sendNext();
    void onReplyFinished(QNetworkReply *reply, const QString &clientId);
    void scheduleRetry(OutboxEntry &entry, const QString &error, int minimumDelayMs);
    OutboxEntry *find(const QString &clientId);
    void update(OutboxEntry &entry);

    Profile m_profile;
    QSqlDatabase m_database;
    QNetworkAccessManager *m_manager;
    QList<QPair<QByteArray, QByteArray>> m_headers;
    QList<QByteArray> m_trustedSha256;
    QString m_user;
    QList<OutboxEntry> m_entries; // in creation order
    QPointer<QNetworkReply> m_inFlight;
    QTimer m_retryTimer;
    int m_initialBackoffMs = 1000;
    int m_maxBackoffMs = 60000;
};

} // namespace hibiki

Q_DECLARE_METATYPE(hibiki::OutboxEntry)
