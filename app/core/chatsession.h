// SPDX-License-Identifier: MIT
#pragma once

#include "chatmessage.h"
#include "failoverpolicy.h"
#include "historystore.h"
#include "messagedecoder.h"
#include "outbox.h"
#include "ownechomatcher.h"
#include "profile.h"
#include "roommembers.h"
#include "roomstore.h"

#include <sseclient/eventsource.h>

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
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
    // Which of the room's endpoints (Profile::endpoints()) the stream is on, or goes to
    // next, as "host:port" (Endpoint::label()); the one it moved away from when it moved
    // (a failure, or back to the preferred one), else empty; how many the room has.
    QString endpoint;
    QString movedFrom;
    int endpointCount = 1;

    bool operator==(const ConnectionStatus &) const = default;
};

// One room: the stream, its history and its outbox, in one file (RoomStore). What the
// window drives.
//
// Incoming: EventSource → MessageDecoder → own echo recognized (OwnEchoMatcher) → dedupe +
// store (with the last event id) → messagesAppended, batched per event-loop turn.
// Outgoing: send() → Outbox → POST.
//
// A room with several endpoints (nginx + nchan nodes sharing Redis) moves its stream to the
// next when the one in use fails (refused, reset, 5xx, idle timeout), as FailoverPolicy
// decides, and resumes there with its last event id; posts follow the stream (Outbox).
// After Config::preferredEndpointRetryMs on a fallback it checks whether the preferred
// endpoint answers again and, if so, goes back to it.
//
// When the file cannot be written (disk full, read-only, locked), what arrives is still
// shown and held in memory, storageProblem() says what is wrong, and the held messages are
// written (with their last event id) as soon as a retry succeeds. Past
// Config::maxUnsavedMessages the stream pauses until then. The last event id on disk is
// only ever that of messages on disk, so a restart in the meantime resumes from there.
class ChatSession : public QObject
{
    Q_OBJECT

public:
    struct Config
    {
        QString storagePath; // SQLite file for history and outbox; ":memory:" for none
        QString userName;
        QByteArray authorization; // full Authorization header value, from the keychain
        // Said instead of the general sentence when the server refuses the token (401): a
        // room joined from an invite says that the link is no longer valid.
        QString unauthorizedReason;
        QNetworkAccessManager *networkAccessManager = nullptr; // shared, not owned
        sse::Options streamOptions = defaultStreamOptions();
        qint64 historyRetention = 100000;
        // While the file cannot be written: how often to try again, and how many messages
        // to hold in memory before the stream pauses.
        int storageRetryIntervalMs = 5000;
        qsizetype maxUnsavedMessages = 10000;
        // Rooms with several endpoints: how long the stream stays on a fallback before it
        // checks whether the preferred endpoint answers again (0: never; it still returns
        // there when the fallback fails, in the endpoints' order). The waits between moves
        // follow streamOptions' initialReconnectDelayMs, maxReconnectDelayMs and
        // backoffResetAfterMs (see FailoverPolicy); a server's `retry:` does not apply.
        int preferredEndpointRetryMs = 5 * 60 * 1000;

        static sse::Options defaultStreamOptions();
    };

    ChatSession(const Profile &profile, const Config &config, QObject *parent = nullptr);
    ~ChatSession() override;

    // False and error() when the room's file cannot be opened.
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
    // Empty while the room's file works; else what is wrong, in words for the user (with
    // what to do). Received messages are shown meanwhile and saved once it works again.
    QString storageProblem() const { return m_storageProblem; }
    // Messages shown but not yet written to the file.
    qsizetype unsavedMessageCount() const { return m_unsaved.size(); }
    // The stream of the endpoint in use. A room with several endpoints gets a new one on
    // each move: a reference stays valid until the event loop's next turn after a
    // connectionStatusChanged() that names another endpoint.
    const sse::EventSource &eventSource() const { return *m_source; }
    // Index into Profile::endpoints() of the endpoint the stream is on (or goes to next).
    int endpointIndex() const { return m_failover.current(); }
    // Who is here (presence) and who wrote lately; its changed() says when that changes.
    const RoomMembers &members() const { return m_members; }

    // Starts the stream (resuming after the stored last event id) and the outbox.
    void connectToServer();
    void disconnectFromServer();
    // Skip the wait of a pending reconnect (and of a waiting outbox entry).
    void retryNow();

    // Stores and queues a message for sending; returns its client id. Works offline.
    // When it cannot be stored it is not sent: returns an empty id and, in `*error`, why
    // (the caller keeps the text).
    QString send(const QString &text, QString *error = nullptr);

Q_SIGNALS:
    // New messages in arrival order, after they are stored (or, while the file cannot be
    // written, held in memory). At most one emission per event-loop turn, however many
    // events arrived. The echo of a message sent from here has fromThisDevice set and the
    // clientId of its outbox entry.
    void messagesAppended(const hibiki::ChatMessages &messages);
    void connectionStatusChanged(const hibiki::ConnectionStatus &status);
    void outboxEntryChanged(const hibiki::OutboxEntry &entry);
    // storageProblem() changed; empty: solved, everything shown is saved.
    void storageProblemChanged(const QString &problem);

private:
    void onEvent(const sse::MessageEvent &event);
    void flushPending();
    void onError(const sse::Error &error);
    void onReadyStateChanged(sse::EventSource::ReadyState state);
    void setStatus(ConnectionStatus status);
    // Several endpoints: a new (closed) event source for `endpoint`, resuming after
    // `lastEventId`; the previous one is closed and deleted later.
    void createSource(int endpoint, const QString &lastEventId);
    void failOver(const sse::Error &error);
    void probePreferredEndpoint();
    void finishProbe(bool answered);
    void stopProbe();
    void stopStream();
    void addResumeNoticeIfMissedMessagesCannotBeResent();
    // Storage failures: hold what cannot be written, retry, pause past the limit.
    void holdUnsaved(const ChatMessages &batch, const QString &lastEventId);
    ChatMessages withoutKnown(const ChatMessages &batch) const;
    void onStorageFailed(const QString &problem);
    void retryStorage();
    void setStorageProblem(const QString &problem);
    void forgetMessageIds();

    Profile m_profile;
    Config m_config;
    QString m_error;
    // Declared first: destroyed last, after everything that uses its connection.
    RoomStore m_store;
    HistoryStore m_history;
    MessageDecoder m_decoder;
    OwnEchoMatcher m_echoes;
    std::unique_ptr<QNetworkAccessManager> m_ownManager;
    sse::EventSource *m_source = nullptr; // child
    QList<Endpoint> m_endpoints;
    sse::Options m_streamOptions; // for every endpoint's event source
    FailoverPolicy m_failover;
    QTimer m_moveTimer; // the wait before connecting to the next endpoint
    QTimer m_preferredTimer; // on a fallback: when to check the preferred endpoint again
    QPointer<sse::EventSource> m_probe; // that check, while it runs (child)
    QElapsedTimer m_openSince; // since the stream opened; invalid while it is not open
    QString m_movedFrom; // ConnectionStatus::movedFrom
    // Declared after m_history: destroyed first, while the database is still open.
    std::unique_ptr<Outbox> m_outbox;
    ConnectionStatus m_status;
    RoomMembers m_members;
    QByteArray m_untrustedCertificateSha256;
    ChatMessages m_pending; // decoded, not yet stored
    QString m_pendingLastEventId;
    bool m_hasPendingLastEventId = false;
    QString m_previousEventId; // of the event before, to tell whether an event set its own id
    QTimer m_flushTimer;

    // A server that sent messages without ids cannot resend what was missed.
    bool m_serverSendsNoIds = false;
    bool m_lastShownIsResumeNotice = false;

    QString m_storageProblem;
    ChatMessages m_unsaved; // shown, not yet written
    QString m_unsavedLastEventId;
    bool m_hasUnsaved = false; // m_unsaved or m_unsavedLastEventId wait for the file
    bool m_forgetIdsPending = false; // a reset gap's forgetMessageIds() waits for the file
    bool m_pausedForStorage = false;
    QTimer m_storageRetryTimer;
};

} // namespace hibiki

Q_DECLARE_METATYPE(hibiki::ConnectionStatus)
