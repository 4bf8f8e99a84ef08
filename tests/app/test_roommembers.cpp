// SPDX-License-Identifier: MIT
// RoomMembers: who is present, who wrote lately, which presence lines are news; and the
// stream URL that announces the user to a Hibiki room.
#include "core/historystore.h"
#include "core/roommembers.h"

#include <QSignalSpy>
#include <QUrlQuery>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::ChatMessage;
using hibiki::RoomMember;
using hibiki::RoomMembers;

namespace {

ChatMessage presence(ChatMessage::Kind kind, const QString &user)
{
    ChatMessage message;
    message.kind = kind;
    message.author = user;
    message.eventType = kind == ChatMessage::Kind::Join ? u"join"_s : u"leave"_s;
    return message;
}

ChatMessage join(const QString &user)
{
    return presence(ChatMessage::Kind::Join, user);
}

ChatMessage leave(const QString &user)
{
    return presence(ChatMessage::Kind::Leave, user);
}

ChatMessage chat(const QString &user, int minute)
{
    ChatMessage message;
    message.author = user;
    message.text = u"hi"_s;
    message.eventType = u"message"_s;
    message.timestamp = QDateTime(QDate(2025, 5, 1), QTime(12, minute), Qt::UTC);
    return message;
}

QStringList namesOf(const QList<RoomMember> &members)
{
    QStringList names;
    for (const RoomMember &member : members) {
        names.append(member.name);
    }
    return names;
}

class RoomMembersTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_members.setUserName(u"alice"_s);
        m_members.setHasPresence(true);
    }

    // A connection whose snapshot says `present`, then the user's own join.
    void connectWith(const QStringList &present)
    {
        m_members.connectionOpened();
        for (const QString &name : present) {
            EXPECT_FALSE(m_members.observe(join(name))) << "a snapshot is not news";
        }
        EXPECT_FALSE(m_members.observe(join(u"alice"_s))) << "one's own join is not news";
        m_members.batchHandled();
    }

    RoomMembers m_members;
};

TEST_F(RoomMembersTest, TheSnapshotFillsTheListWithoutNewsAndLaterJoinsAndLeavesAreNews)
{
    QSignalSpy changed(&m_members, &RoomMembers::changed);
    connectWith({u"carol"_s, u"bob"_s});
    EXPECT_EQ(changed.size(), 1);
    EXPECT_EQ(namesOf(m_members.members()), (QStringList {u"alice"_s, u"bob"_s, u"carol"_s}));
    const QList<RoomMember> members = m_members.members();
    EXPECT_TRUE(members.at(0).isYou);
    EXPECT_TRUE(members.at(0).present);
    EXPECT_FALSE(members.at(1).isYou);
    EXPECT_TRUE(members.at(1).present);
    EXPECT_EQ(m_members.presentCount(), 3);

    EXPECT_TRUE(m_members.observe(join(u"dave"_s)));
    EXPECT_FALSE(m_members.observe(join(u"Dave"_s))) << "already here (names ignore case)";
    EXPECT_TRUE(m_members.observe(leave(u"bob"_s)));
    EXPECT_FALSE(m_members.observe(leave(u"bob"_s))) << "not here any more";
    EXPECT_FALSE(m_members.observe(leave(u"nobody"_s)));
    m_members.batchHandled();
    EXPECT_EQ(changed.size(), 2) << "one change per batch";
    EXPECT_EQ(namesOf(m_members.members()), (QStringList {u"alice"_s, u"carol"_s, u"dave"_s}));
}

TEST_F(RoomMembersTest, AReconnectReplacesThePresentWithItsSnapshotSilently)
{
    connectWith({u"bob"_s, u"carol"_s});
    m_members.connectionLost();
    EXPECT_EQ(namesOf(m_members.members()), (QStringList {u"alice"_s}))
        << "nobody is known to be here while the connection is down";
    EXPECT_FALSE(m_members.members().at(0).present);

    // Bob left and Erin came meanwhile: no lines for either, the list says it.
    connectWith({u"carol"_s, u"erin"_s});
    EXPECT_EQ(namesOf(m_members.members()), (QStringList {u"alice"_s, u"carol"_s, u"erin"_s}));
}

TEST_F(RoomMembersTest, TheSnapshotEndsWithTheFirstMessageOrTheFirstBatch)
{
    // A user's second window gets no join of its own: the first chat message ends it.
    m_members.connectionOpened();
    EXPECT_FALSE(m_members.observe(join(u"bob"_s)));
    EXPECT_FALSE(m_members.observe(join(u"alice"_s)));
    EXPECT_TRUE(m_members.observe(chat(u"bob"_s, 1)));
    EXPECT_TRUE(m_members.observe(join(u"carol"_s))) << "after the replay began: news";
    m_members.batchHandled();

    m_members.connectionLost();
    m_members.connectionOpened();
    EXPECT_FALSE(m_members.observe(join(u"bob"_s)));
    m_members.batchHandled();
    EXPECT_TRUE(m_members.observe(join(u"dave"_s))) << "a later turn: news";
}

TEST_F(RoomMembersTest, RecentAuthorsComeAfterThePresentMostRecentFirst)
{
    m_members.seed({{u"zoe"_s, chat(u"zoe"_s, 1).timestamp},
        {u"bob"_s, chat(u"bob"_s, 2).timestamp}, {u"alice"_s, chat(u"alice"_s, 3).timestamp}});
    connectWith({u"carol"_s});
    EXPECT_TRUE(m_members.observe(chat(u"yann"_s, 4)));
    m_members.batchHandled();

    const QList<RoomMember> members = m_members.members();
    EXPECT_EQ(
        namesOf(members), (QStringList {u"alice"_s, u"carol"_s, u"yann"_s, u"bob"_s, u"zoe"_s}));
    EXPECT_EQ(members.at(0).lastSeen, chat(u""_s, 3).timestamp);
    EXPECT_FALSE(members.at(2).present);
    EXPECT_EQ(members.at(2).lastSeen, chat(u""_s, 4).timestamp);
    // Completion: the most recently active first, never oneself.
    EXPECT_EQ(m_members.names(), (QStringList {u"yann"_s, u"bob"_s, u"zoe"_s, u"carol"_s}));
}

TEST_F(RoomMembersTest, WithoutPresenceTheUserAndTheAuthorsAreListed)
{
    RoomMembers members;
    members.setUserName(u"alice"_s);
    EXPECT_FALSE(members.hasPresence());
    EXPECT_EQ(namesOf(members.members()), (QStringList {u"alice"_s}));
    members.connectionOpened();
    EXPECT_TRUE(members.observe(chat(u"bob"_s, 5)));
    EXPECT_TRUE(members.observe(chat(u""_s, 6))) << "shown, but no author to list";
    members.batchHandled();
    EXPECT_EQ(namesOf(members.members()), (QStringList {u"alice"_s, u"bob"_s}));
    EXPECT_FALSE(members.hasPresence());
}

TEST_F(RoomMembersTest, KeepsAtMostTheMostRecentAuthors)
{
    QList<std::pair<QString, QDateTime>> authors;
    for (int i = 0; i < RoomMembers::MaxRecentAuthors + 20; ++i) {
        authors.append({u"user%1"_s.arg(i), chat({}, 0).timestamp.addSecs(i)});
    }
    m_members.seed(authors);
    const QList<RoomMember> members = m_members.members();
    EXPECT_EQ(members.size(), RoomMembers::MaxRecentAuthors + 1); // and the user
    EXPECT_EQ(members.at(1).name, u"user%1"_s.arg(RoomMembers::MaxRecentAuthors + 19));
    EXPECT_FALSE(namesOf(members).contains(u"user0"_s));
}

TEST(RecentAuthors, TheNewestChatMessagesAuthorsWithTheirLastTimeAndNoText)
{
    hibiki::HistoryStore history;
    ASSERT_TRUE(history.open(u":memory:"_s));
    hibiki::ChatMessages messages {chat(u"old"_s, 0)};
    for (int minute = 1; minute <= 6; ++minute) {
        messages.append(chat(minute % 2 ? u"bob"_s : u"carol"_s, minute));
    }
    messages.append(join(u"dave"_s)); // presence: not an author
    messages.append(chat(u""_s, 7)); // no author
    ASSERT_EQ(history.append(messages, {}).size(), messages.size());

    QList<std::pair<QString, QDateTime>> authors = history.recentAuthors(6);
    std::sort(authors.begin(), authors.end());
    ASSERT_EQ(authors.size(), 2) << "only the newest 6 chat messages with authors: not 'old'";
    EXPECT_EQ(authors.at(0).first, u"bob"_s);
    EXPECT_EQ(authors.at(0).second, chat({}, 5).timestamp);
    EXPECT_EQ(authors.at(1).first, u"carol"_s);
    EXPECT_EQ(authors.at(1).second, chat({}, 6).timestamp);
}

TEST(StreamUrlAnnouncing, AddsThePercentEncodedNameAndKeepsTheQuery)
{
    const QUrl plain(u"http://127.0.0.1:8787/sse"_s);
    EXPECT_EQ(hibiki::streamUrlAnnouncing(plain, u"alice"_s).toString(),
        u"http://127.0.0.1:8787/sse?user=alice"_s);

    const QUrl announced = hibiki::streamUrlAnnouncing(plain, u" a+b&c=d #1 ひびき "_s);
    EXPECT_EQ(announced.query(QUrl::FullyEncoded),
        u"user=a%2Bb%26c%3Dd%20%231%20%E3%81%B2%E3%81%B3%E3%81%8D"_s);
    EXPECT_EQ(
        QUrlQuery(announced).queryItemValue(u"user"_s, QUrl::FullyDecoded), u"a+b&c=d #1 ひびき"_s);

    const QUrl withQuery(u"https://example.org/room/sse?token=x%2By&user=old"_s);
    EXPECT_EQ(hibiki::streamUrlAnnouncing(withQuery, u"bob"_s).toString(QUrl::FullyEncoded),
        u"https://example.org/room/sse?token=x%2By&user=bob"_s);
}

TEST(StreamUrlAnnouncing, LeavesTheStreamAnonymousForANameTheRoomWouldRefuse)
{
    const QUrl plain(u"http://127.0.0.1:8787/sse"_s);
    EXPECT_EQ(hibiki::streamUrlAnnouncing(plain, u"   "_s), plain);
    EXPECT_EQ(hibiki::streamUrlAnnouncing(plain, QString(65, u'x')), plain);
    EXPECT_EQ(hibiki::streamUrlAnnouncing(plain, u"bell\u0007"_s), plain);
    EXPECT_NE(hibiki::streamUrlAnnouncing(plain, QString(64, u'x')), plain);
}

} // namespace
