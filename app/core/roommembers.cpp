// SPDX-License-Identifier: MIT
#include "roommembers.h"

#include <QUrlQuery>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// A Hibiki room's rule for user names (presence and posts), so that an announcement never
// makes the stream fail with 400.
constexpr qsizetype MaxAnnouncedNameLength = 64;

bool isAcceptedRoomUserName(const QString &trimmed)
{
    return !trimmed.isEmpty() && trimmed.size() <= MaxAnnouncedNameLength
        && std::none_of(trimmed.cbegin(), trimmed.cend(),
            [](QChar c) { return c.category() == QChar::Other_Control; });
}

bool lessByName(const QString &a, const QString &b)
{
    return QString::compare(a, b, Qt::CaseInsensitive) < 0;
}

} // namespace

RoomMembers::RoomMembers(QObject *parent)
    : QObject(parent)
{ }

void RoomMembers::setUserName(const QString &name)
{
    m_userName = name.trimmed();
    Q_EMIT changed();
}

void RoomMembers::setHasPresence(bool hasPresence)
{
    if (hasPresence != m_hasPresence) {
        m_hasPresence = hasPresence;
        Q_EMIT changed();
    }
}

QList<RoomMember> RoomMembers::members() const
{
    const QString me = key(m_userName);
    QList<RoomMember> present;
    QList<RoomMember> recent;
    for (auto it = m_present.cbegin(); it != m_present.cend(); ++it) {
        if (it.key() != me) {
            present.append({it.value(), true, false, m_authors.value(it.key()).lastSeen});
        }
    }
    for (auto it = m_authors.cbegin(); it != m_authors.cend(); ++it) {
        if (it.key() != me && !m_present.contains(it.key())) {
            recent.append(it.value());
        }
    }
    std::sort(present.begin(), present.end(),
        [](const RoomMember &a, const RoomMember &b) { return lessByName(a.name, b.name); });
    std::sort(recent.begin(), recent.end(), [](const RoomMember &a, const RoomMember &b) {
        return a.lastSeen != b.lastSeen ? a.lastSeen > b.lastSeen : lessByName(a.name, b.name);
    });

    QList<RoomMember> result;
    result.reserve(present.size() + recent.size() + 1);
    if (!m_userName.isEmpty()) {
        result.append({m_userName, m_present.contains(me), true, m_authors.value(me).lastSeen});
    }
    result += present;
    result += recent;
    return result;
}

QStringList RoomMembers::names() const
{
    QList<RoomMember> others = members();
    others.removeIf([](const RoomMember &member) { return member.isYou; });
    std::stable_sort(others.begin(), others.end(), [](const RoomMember &a, const RoomMember &b) {
        return a.lastSeen.isValid() && (!b.lastSeen.isValid() || a.lastSeen > b.lastSeen);
    });
    QStringList result;
    result.reserve(others.size());
    for (const RoomMember &member : std::as_const(others)) {
        result.append(member.name);
    }
    return result;
}

void RoomMembers::seed(const QList<std::pair<QString, QDateTime>> &authors)
{
    for (const auto &[name, lastSeen] : authors) {
        noteAuthor(name, lastSeen);
    }
    Q_EMIT changed();
}

bool RoomMembers::observe(const ChatMessage &message)
{
    const QString name = message.author.trimmed();
    const QString folded = key(name);
    const bool isMe = !folded.isEmpty() && folded == key(m_userName);
    switch (message.kind) {
    case ChatMessage::Kind::Join:
        if (name.isEmpty()) {
            return false;
        }
        m_hasPresence = true;
        if (m_inSnapshot) {
            m_snapshot.insert(folded, name);
            m_snapshotHadEvents = true;
            if (isMe) {
                // A Hibiki room announces the newcomer after everyone already there.
                endSnapshot();
            }
            return false;
        }
        if (m_present.contains(folded)) {
            return false;
        }
        m_present.insert(folded, name);
        m_dirty = true;
        return !isMe;
    case ChatMessage::Kind::Leave:
        if (name.isEmpty()) {
            return false;
        }
        m_hasPresence = true;
        if (m_inSnapshot) {
            m_snapshot.remove(folded);
            m_snapshotHadEvents = true;
            return false;
        }
        if (!m_present.remove(folded)) {
            return false;
        }
        m_dirty = true;
        return !isMe;
    case ChatMessage::Kind::Chat:
        endSnapshot();
        noteAuthor(name, message.timestamp);
        m_dirty = true;
        return true;
    case ChatMessage::Kind::System:
    case ChatMessage::Kind::Gap:
        endSnapshot();
        return true;
    }
    return true;
}

void RoomMembers::connectionOpened()
{
    m_inSnapshot = true;
    m_snapshotHadEvents = false;
    m_snapshot.clear();
}

void RoomMembers::batchHandled()
{
    if (m_inSnapshot && m_snapshotHadEvents) {
        endSnapshot();
    }
    if (std::exchange(m_dirty, false)) {
        Q_EMIT changed();
    }
}

void RoomMembers::connectionLost()
{
    m_inSnapshot = false;
    m_snapshot.clear();
    if (!m_present.isEmpty()) {
        m_present.clear();
        Q_EMIT changed();
    }
}

void RoomMembers::endSnapshot()
{
    if (!m_inSnapshot) {
        return;
    }
    m_inSnapshot = false;
    // Who left while the connection was down is simply gone; who came is simply there.
    m_present = std::exchange(m_snapshot, {});
    m_dirty = true;
}

void RoomMembers::noteAuthor(const QString &name, const QDateTime &time)
{
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        return;
    }
    RoomMember &author = m_authors[key(trimmed)];
    author.name = trimmed;
    if (!author.lastSeen.isValid() || time > author.lastSeen) {
        author.lastSeen = time;
    }
    const QString me = key(m_userName);
    if (m_authors.size() - (m_authors.contains(me) ? 1 : 0) > MaxRecentAuthors) {
        // Forget the one seen longest ago (never the user: they are always listed).
        auto oldest = m_authors.end();
        for (auto it = m_authors.begin(); it != m_authors.end(); ++it) {
            if (it.key() != me && (oldest == m_authors.end() || it->lastSeen < oldest->lastSeen)) {
                oldest = it;
            }
        }
        if (oldest != m_authors.end()) {
            m_authors.erase(oldest);
        }
    }
}

QUrl streamUrlAnnouncing(const QUrl &streamUrl, const QString &userName)
{
    const QString name = userName.trimmed();
    if (!isAcceptedRoomUserName(name)) {
        return streamUrl;
    }
    // Every byte but the unreserved ones encoded: '+', '&', '=' and '#' in a name must
    // reach the room as themselves.
    QUrlQuery query(streamUrl);
    query.removeAllQueryItems(u"user"_s);
    QString encoded = query.query(QUrl::FullyEncoded);
    if (!encoded.isEmpty()) {
        encoded += u'&';
    }
    encoded += "user="_L1 + QString::fromLatin1(QUrl::toPercentEncoding(name));
    QUrl result = streamUrl;
    result.setQuery(encoded, QUrl::StrictMode);
    return result;
}

} // namespace hibiki
