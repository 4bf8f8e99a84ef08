// SPDX-License-Identifier: MIT
#pragma once

#include "core/chatsession.h"

#include <QStringList>
#include <QTest>

#include <memory>

namespace hibiki::interop {

// A user of the chat core: one ChatSession with its built-in profile, and everything it
// showed, in order.
class Participant
{
public:
    static constexpr int timeoutMs = 15000;

    Participant(const Profile &profile, const QString &user, const QString &storagePath = {},
        QNetworkAccessManager *manager = nullptr, int idleTimeoutMs = -1)
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
        session = std::make_unique<ChatSession>(profile, config);
        session->outbox().setBackoff(50, 300);
        QObject::connect(
            session.get(), &ChatSession::messagesAppended, [this](const ChatMessages &batch) {
                for (const ChatMessage &message : batch) {
                    messages.append(message);
                    if (message.kind == ChatMessage::Kind::Chat) {
                        texts.append(message.text);
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
            });
    }

    void connect() { session->connectToServer(); }

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
};

} // namespace hibiki::interop
