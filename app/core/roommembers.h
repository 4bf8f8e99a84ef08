// SPDX-License-Identifier: MIT
#pragma once

#include "chatmessage.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace hibiki {

// Someone in a room's member list.
struct RoomMember
{
    QString name;
    bool present = false; // the server says they are connected now (presence)
    bool isYou = false;
    QDateTime lastSeen; // UTC time of their newest chat message; invalid when none seen

    bool operator==(const RoomMember &) const = default;
};

// Who is in a room: the people the server says are present (a Hibiki room's `join` and
// `leave`) and, on any server, the recent authors with the time of their last message. The
// user is always listed (isYou).
//
// Presence comes as a snapshot and then changes: on each connection the server first sends
// a `join` for everyone already there. Those joins are not news, nor are the user's own
// join and leave, a join of someone already present or a leave of someone who is not: the
// chat core asks observe() whether a presence line is worth showing and shows only real
// arrivals and departures.
class RoomMembers : public QObject
{
    Q_OBJECT

public:
    // At most this many authors are kept besides the present members (the most recent).
    static constexpr qsizetype MaxRecentAuthors = 50;
    // Of how many stored messages seed() is given the authors at start.
    static constexpr qsizetype SeedMessages = 500;

    explicit RoomMembers(QObject *parent = nullptr);

    void setUserName(const QString &name);
    QString userName() const { return m_userName; }
    // Whether the server tells who is present (a Hibiki room). Also true once a join or a
    // leave was seen.
    void setHasPresence(bool hasPresence);
    bool hasPresence() const { return m_hasPresence; }

    // The user first; then who is present, by name; then the other recent authors, the
    // most recent first.
    QList<RoomMember> members() const;
    qsizetype presentCount() const { return m_present.size(); }
    // Names for completion, the user's own left out: the most recently active first, then
    // the present members who have not written, by name.
    QStringList names() const;

    // Recent authors from the stored history, with the time of their newest message, at
    // start (HistoryStore::recentAuthors()).
    void seed(const QList<std::pair<QString, QDateTime>> &authors);
    // A decoded message, before it is stored. Returns whether it should be shown: false
    // only for presence lines that are not news (see above). changed() follows at
    // batchHandled(), once for a whole flood.
    bool observe(const ChatMessage &message);
    // The stream (re)opened: the server's presence snapshot follows.
    void connectionOpened();
    // The messages of one event-loop turn were handled: a snapshot that came with the
    // connection is complete, and changed() tells what observe() changed.
    void batchHandled();
    // The stream closed or is reconnecting: nobody is known to be present until the next
    // snapshot.
    void connectionLost();

Q_SIGNALS:
    void changed();

private:
    void endSnapshot();
    void noteAuthor(const QString &name, const QDateTime &time);
    static QString key(const QString &name) { return name.toCaseFolded(); }

    QString m_userName;
    bool m_hasPresence = false;
    QHash<QString, QString> m_present; // case-folded name → name as sent
    QHash<QString, RoomMember> m_authors; // case-folded name → name and last seen
    bool m_inSnapshot = false;
    bool m_snapshotHadEvents = false;
    QHash<QString, QString> m_snapshot;
    bool m_dirty = false; // observe() changed something that changed() has not told yet
};

// The stream URL with `?user=NAME` (percent-encoded), for a Hibiki room to announce the user
// to the others. Unchanged when the name is not one the room accepts (empty after trimming,
// over 64 characters, control characters): the stream then stays anonymous instead of
// failing.
QUrl streamUrlAnnouncing(const QUrl &streamUrl, const QString &userName);

} // namespace hibiki
