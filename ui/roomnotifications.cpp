// SPDX-License-Identifier: MIT
#include "roomnotifications.h"

#include "messagemodel.h"
#include "notifier.h"

#include <shell/rooms.h>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// Notifications for ordinary messages of one room come at most this often.
constexpr int NotificationIntervalMs = 4000;
constexpr int MaxNotifiedTextLength = 240;
constexpr int MaxMentionsPerBatch = 3;

QString shortened(const QString &text)
{
    return text.size() > MaxNotifiedTextLength ? text.left(MaxNotifiedTextLength) + u'…' : text;
}

} // namespace

RoomNotifications::RoomNotifications(Rooms *rooms, Notifier *notifier,
    std::function<bool(const QString &id)> isLooking, QObject *parent)
    : QObject(parent)
    , m_rooms(rooms)
    , m_notifier(notifier)
    , m_isLooking(std::move(isLooking))
{
    connect(rooms, &Rooms::messagesArrived, this, &RoomNotifications::onMessagesArrived);
    connect(
        rooms, &Rooms::roomRemoved, this, [this](const QString &id) { m_lastNotified.remove(id); });
}

void RoomNotifications::onMessagesArrived(const QString &id, const ChatMessages &messages)
{
    const std::optional<RoomConfig> config = m_rooms->config(id);
    const ChatSession *session = m_rooms->session(id);
    if (m_mode == Preferences::Notifications::None || !config || !session || m_isLooking(id)) {
        return;
    }
    const QString me = session->userName();
    const QString roomName = config->profile.name;
    const auto author = [](const ChatMessage &message) {
        return message.author.isEmpty() ? tr("Someone") : message.author;
    };
    int notifiedMentions = 0;
    ChatMessages others;
    for (const ChatMessage &message : messages) {
        if (message.fromThisDevice) {
            continue; // the echo of what the user sent, on a server that names no author
        }
        if (MessageModel::mentionsUser(message.text, me)) {
            if (notifiedMentions++ < MaxMentionsPerBatch) {
                m_notifier->notify(tr("%1 mentioned you in %2").arg(author(message), roomName),
                    shortened(message.text));
            }
        } else {
            others.append(message);
        }
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QDateTime last = m_lastNotified.value(id);
    if (others.isEmpty() || config->muted || m_mode == Preferences::Notifications::MentionsOnly
        || (last.isValid() && last.msecsTo(now) < NotificationIntervalMs)) {
        return;
    }
    m_lastNotified.insert(id, now);
    const ChatMessage &newest = others.constLast();
    if (others.size() == 1) {
        m_notifier->notify(tr("%1 in %2").arg(author(newest), roomName), shortened(newest.text));
    } else {
        m_notifier->notify(tr("%n new messages in %1", nullptr, int(others.size())).arg(roomName),
            u"%1: %2"_s.arg(author(newest), shortened(newest.text)));
    }
}

} // namespace hibiki
