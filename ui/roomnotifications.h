// SPDX-License-Identifier: MIT
#pragma once

#include <core/chatmessage.h>
#include <shell/preferences.h>

#include <QDateTime>
#include <QHash>
#include <QObject>

#include <functional>

namespace hibiki {

class Notifier;
class Rooms;

// Which messages arriving in the rooms become desktop notifications: none for the room the
// user is looking at; elsewhere mentions of the user always, other messages unless the room
// is muted, at most one notification every few seconds per room, summing up a burst. The
// settings narrow it down to mentions only, or to none at all.
class RoomNotifications : public QObject
{
    Q_OBJECT

public:
    // `isLooking(id)`: whether the user is looking at that room right now.
    RoomNotifications(Rooms *rooms, Notifier *notifier,
        std::function<bool(const QString &id)> isLooking, QObject *parent = nullptr);

    void setMode(Preferences::Notifications mode) { m_mode = mode; }
    Preferences::Notifications mode() const { return m_mode; }

private:
    void onMessagesArrived(const QString &id, const ChatMessages &messages);

    Rooms *m_rooms;
    Notifier *m_notifier;
    std::function<bool(const QString &)> m_isLooking;
    QHash<QString, QDateTime> m_lastNotified; // per room, of ordinary messages
    Preferences::Notifications m_mode = Preferences::Notifications::All;
};

} // namespace hibiki
