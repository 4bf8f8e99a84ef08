// SPDX-License-Identifier: MIT
#pragma once

#include "core/chatsession.h"

#include <QStringList>
#include <QTest>

#include <functional>
#include <memory>

namespace hibiki::interop {

// A user of the chat core: one ChatSession with its built-in profile, and everything it
// showed, in order.
class Participant
{
public:
    static constexpr int timeoutMs = 15000;

    // `adjust` may change the session's settings last (e.g. how failover behaves).
    Participant(const Profile &profile, const QString &user, const QString &storagePath = {},
        QNetworkAccessManager *manager = nullptr, int idleTimeoutMs = -1,
        const std::function<void(ChatSession::Config &)> &adjust = {})
    {
        ChatSession::Config config;
        config.userName = user;
        config.storagePath = storagePath;
        config.networkAccessManager = manager;
        // Quick reconnects: a test waits for them, it never sleeps through them.
        config.streamOptions.initialReconnectDelayMs = 50;
        config.streamOptions.maxReconnectDelayMs = 300;
        if (idleTimeoutMs >= 0) {
            config.streamOptions.idleTimeoutMs = idleTimeoutMs;
        }
        if (adjust) {
            adjust(config);
        }
        // As the app does (Rooms): a Hibiki room is told who is here, so that the others
        // see a join and a leave.
        Profile announced = profile;
        if (profile.preset == Profile::Preset::HibikiRoom) {
            announced.streamUrl = streamUrlAnnouncing(profile.streamUrl, user);
        }
        session = std::make_unique<ChatSession>(announced, config);
        session->outbox().setBackoff(50, 300);
        QObject::connect(
            session.get(), &ChatSession::messagesAppended, [this](const ChatMessages &batch) {
                for (const ChatMessage &message : batch) {
                    messages.append(message);
                    if (message.kind == ChatMessage::Kind::Chat) {
                        texts.append(message.text);
                        showMessage(message);
                    }
                }
            });
        QObject::connect(session.get(), &ChatSession::connectionStatusChanged,
            [this](const ConnectionStatus &status) { statuses.append(status); });
        QObject::connect(
            session.get(), &ChatSession::outboxEntryChanged, [this](const OutboxEntry &entry) {
                if (entry.state == OutboxEntry::State::Delivered) {
                    delivered.append(entry.text);
                }
                showOutboxEntry(entry);
            });
    }

    // The chat's texts as a window shows them, by ChatSession's contract: an outbox entry
    // has its own row from the moment it is stored until its echo (the message with the
    // same clientId) arrives and takes its place; a delivered entry whose echo never comes
    // (a server without replay, posted while the stream was down) stays as it is. A message
    // sent from here must appear exactly once in this list.
    QStringList shown() const
    {
        QStringList result;
        for (const Row &row : m_rows) {
            result.append(row.text);
        }
        return result;
    }

    void connect() { session->connectToServer(); }

    // The chat messages in the stored history: presence lines (a Hibiki room's joins and
    // leaves) are not counted.
    qsizetype storedChatMessages() const
    {
        const ChatMessages stored = session->history().load(0, session->history().count());
        return std::count_if(stored.cbegin(), stored.cend(),
            [](const ChatMessage &message) { return message.kind == ChatMessage::Kind::Chat; });
    }

    bool waitForText(const QString &text, int timeout = timeoutMs)
    {
        return QTest::qWaitFor([&] { return texts.contains(text); }, timeout);
    }
    bool waitForTexts(qsizetype count, int timeout = timeoutMs)
    {
        return QTest::qWaitFor([&] { return texts.size() >= count; }, timeout);
    }
    bool waitForState(ConnectionStatus::State state, int timeout = timeoutMs)
    {
        return QTest::qWaitFor([&] { return session->connectionStatus().state == state; }, timeout);
    }
    bool waitForDelivered(const QString &text, int timeout = timeoutMs)
    {
        return QTest::qWaitFor([&] { return delivered.contains(text); }, timeout);
    }

    std::unique_ptr<ChatSession> session;
    ChatMessages messages; // everything shown, any kind
    QStringList texts; // the chat messages' texts
    QList<ConnectionStatus> statuses;
    QStringList delivered; // outbox entries the server accepted

private:
    struct Row
    {
        QString text;
        QString clientId;
        bool pending = false;
    };

    void showMessage(const ChatMessage &message)
    {
        if (!message.clientId.isEmpty()) {
            m_rows.removeIf(
                [&](const Row &row) { return row.pending && row.clientId == message.clientId; });
            m_echoed.append(message.clientId);
        }
        m_rows.append({message.text, message.clientId, false});
    }

    void showOutboxEntry(const OutboxEntry &entry)
    {
        const auto pendingRow = std::find_if(m_rows.begin(), m_rows.end(),
            [&](const Row &row) { return row.pending && row.clientId == entry.clientId; });
        if (entry.state == OutboxEntry::State::Discarded) {
            if (pendingRow != m_rows.end()) {
                m_rows.erase(pendingRow);
            }
            return;
        }
        if (pendingRow == m_rows.end() && !m_echoed.contains(entry.clientId)) {
            m_rows.append({entry.text, entry.clientId, true});
        }
    }

    QList<Row> m_rows;
    QStringList m_echoed; // client ids whose echo arrived
};

} // namespace hibiki::interop
