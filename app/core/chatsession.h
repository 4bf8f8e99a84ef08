// SPDX-License-Identifier: MIT
#pragma once

#include "chatmessage.h"
#include "historystore.h"
#include "messagedecoder.h"
#include "outbox.h"
#include "profile.h"

#include <sseclient/eventsource.h>

#include <QDateTime>
#include <QObject>
#include <QTimer>

#include <memory>

class QNetworkAccessManager;

namespace hibiki {

// The state of a room's connection, with what a user needs to understand it.
struct ConnectionStatus
{
    enum class State {
        Disconnected, // not connecting; `reason` says why when it was not the user
        Connecting, // first attempt
        Connected,
        Reconnecting, // waiting until `nextRetry`, then attempt number `attempt`
    };

    State state = State::Disconnected;
    QString reason; // the last error in words, empty when none
    QDateTime nextRetry;
    int attempt = 0;

    bool operator==(const ConnectionStatus &) const = default;
};

// One room: the stream, its history and its outbox. What the window drives.
//
// Incoming: EventSource → MessageDecoder → dedupe + store (with the last event id) →
// messagesAppended, batched per event-loop turn. Outgoing: send() → Outbox → POST.
class ChatSession : public QObject
{
    Q_OBJECT

public:
    struct Config
    {
        QString storagePath; // SQLite file for history and outbox; ":memory:" for none
        QString userName;
        QByteArray authorization; // full Authorization header value, from the keychain
        QNetworkAccessManager *networkAccessManager = nullptr; // shared, not owned
        sse::Options streamOptions = defaultStreamOptions();
        qint64 historyRetention = 100000;

        static sse::Options defaultStreamOptions();
    };

    ChatSession(const Profile &profile, const Config &config, QObject *parent = nullptr);
    ~ChatSession() override;

    // False and error() when the store cannot be opened.
    bool isValid() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }

    const Profile &profile() const { return m_profile; }
    QString userName() const { return m_config.userName; }
    ConnectionStatus connectionStatus() const { return m_status; }
    // When the last attempt failed because the server's TLS certificate is not trusted: its
    // SHA-256 fingerprint (hex), for a "trust this certificate" choice that adds it to
    // Profile::trustedCertificateSha256. Else empty.
    QByteArray untrustedCertificateSha256() const { return m_untrustedCertificateSha256; }
    const HistoryStore &history() const { return m_history; }
    Outbox &outbox() { return *m_outbox; }
    const sse::EventSource &eventSource() const { return *m_source; }

    // Starts the stream (resuming after the stored last event id) and the outbox.
    void connectToServer();
    void disconnectFromServer();
    // Skip the wait of a pending reconnect (and of a waiting outbox entry).
    void retryNow();

    // Queues a message for sending; returns its client id. Works offline.
    QString send(const QString &text);

Q_SIGNALS:
    // New messages in arrival order, after they are stored. At most one emission per
    // event-loop turn, however many events arrived.
    void messagesAppended(const hibiki::ChatMessages &messages);
    void connectionStatusChanged(const hibiki::ConnectionStatus &status);
    void outboxEntryChanged(const hibiki::OutboxEntry &entry);

private:
    void onEvent(const sse::MessageEvent &event);
    void flushPending();
    void onError(const sse::Error &error);
    void onReadyStateChanged(sse::EventSource::ReadyState state);
    void setStatus(ConnectionStatus status);

    Profile m_profile;
    Config m_config;
    QString m_error;
    HistoryStore m_history;
    MessageDecoder m_decoder;
    std::unique_ptr<QNetworkAccessManager> m_ownManager;
    sse::EventSource *m_source = nullptr; // child
    // Declared after m_history: destroyed first, while the database is still open.
    std::unique_ptr<Outbox> m_outbox;
    ConnectionStatus m_status;
    QByteArray m_untrustedCertificateSha256;
    ChatMessages m_pending; // decoded, not yet stored
    QString m_pendingLastEventId;
    bool m_hasPendingLastEventId = false;
    QString m_previousEventId; // of the event before, to tell whether an event set its own id
    QTimer m_flushTimer;
};

} // namespace hibiki

Q_DECLARE_METATYPE(hibiki::ConnectionStatus)
