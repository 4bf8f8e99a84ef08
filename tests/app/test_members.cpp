// SPDX-License-Identifier: MIT
// Who is here, end to end: sessions that announce themselves to a real Hibiki room
// (in-process, on loopback) see each other come and go; presence lines are news only.
#include "core/chatsession.h"

#include <hibikiserver/roomserver.h>

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::ChatMessage;
using hibiki::ChatMessages;
using hibiki::ChatSession;
using hibiki::ConnectionStatus;
using hibiki::Profile;
using hibiki::RoomMember;
using hibiki::RoomServer;

namespace {

constexpr int timeoutMs = 15000;

// A user of the core in a Hibiki room, announced as the app does it.
class Member
{
public:
    Member(const QUrl &baseUrl, const QString &user, const QString &storagePath = {})
    {
        ChatSession::Config config;
        config.userName = user;
        config.storagePath = storagePath;
        config.streamOptions.initialReconnectDelayMs = 50;
        config.streamOptions.maxReconnectDelayMs = 300;
        Profile profile = Profile::hibikiRoom(baseUrl);
        profile.streamUrl = hibiki::streamUrlAnnouncing(profile.streamUrl, user);
        session = std::make_unique<ChatSession>(profile, config);
        QObject::connect(
            session.get(), &ChatSession::messagesAppended, [this](const ChatMessages &batch) {
                for (const ChatMessage &message : batch) {
                    if (message.kind == ChatMessage::Kind::Join) {
                        lines.append(message.author + u" joined"_s);
                    } else if (message.kind == ChatMessage::Kind::Leave) {
                        lines.append(message.author + u" left"_s);
                    } else if (message.kind == ChatMessage::Kind::Chat) {
                        lines.append(message.author + u": "_s + message.text);
                    }
                }
            });
    }

    void connect()
    {
        session->connectToServer();
        ASSERT_TRUE(QTest::qWaitFor(
            [&] { return session->connectionStatus().state == ConnectionStatus::State::Connected; },
            timeoutMs));
    }

    QStringList present() const
    {
        QStringList names;
        for (const RoomMember &member : session->members().members()) {
            if (member.present) {
                names.append(member.name + (member.isYou ? u" (you)"_s : QString()));
            }
        }
        return names;
    }

    bool waitForPresent(const QStringList &expected)
    {
        return QTest::qWaitFor([&] { return present() == expected; }, timeoutMs);
    }
    bool waitForLine(const QString &line)
    {
        return QTest::qWaitFor([&] { return lines.contains(line); }, timeoutMs);
    }

    std::unique_ptr<ChatSession> session;
    QStringList lines; // what the room shows, as "bob joined", "bob: hi"
};

RoomServer::Config loopbackConfig()
{
    RoomServer::Config config;
    config.port = 0;
    config.heartbeatMs = 0;
    return config;
}

TEST(Members, TwoSessionsOnAHibikiRoomSeeEachOtherJoinAndLeave)
{
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen()) << server.errorString().toStdString();

    Member alice(server.baseUrl(), u"alice"_s);
    EXPECT_TRUE(alice.session->members().hasPresence());
    alice.connect();
    ASSERT_TRUE(alice.waitForPresent({u"alice (you)"_s}));

    Member bob(server.baseUrl(), u"bob"_s);
    bob.connect();
    // Bob finds Alice there (the snapshot: no line); Alice sees Bob arrive (a line).
    ASSERT_TRUE(bob.waitForPresent({u"bob (you)"_s, u"alice"_s}));
    ASSERT_TRUE(alice.waitForPresent({u"alice (you)"_s, u"bob"_s}));
    ASSERT_TRUE(alice.waitForLine(u"bob joined"_s));

    bob.session->send(u"hi"_s);
    ASSERT_TRUE(alice.waitForLine(u"bob: hi"_s));
    ASSERT_TRUE(bob.waitForLine(u"bob: hi"_s));

    bob.session->disconnectFromServer();
    ASSERT_TRUE(alice.waitForLine(u"bob left"_s));
    ASSERT_TRUE(alice.waitForPresent({u"alice (you)"_s}));
    // Bob is still among the recent authors, with the time of his message.
    const QList<RoomMember> members = alice.session->members().members();
    ASSERT_EQ(members.size(), 2);
    EXPECT_EQ(members.at(1).name, u"bob"_s);
    EXPECT_FALSE(members.at(1).present);
    EXPECT_TRUE(members.at(1).lastSeen.isValid());
    EXPECT_EQ(alice.session->members().names(), QStringList {u"bob"_s});

    // No line of one's own joining, nor of who was there already.
    EXPECT_EQ(alice.lines, (QStringList {u"bob joined"_s, u"bob: hi"_s, u"bob left"_s}));
    EXPECT_EQ(bob.lines, (QStringList {u"bob: hi"_s}));
    // The stored history holds exactly the lines shown, two of them presence lines.
    EXPECT_EQ(alice.session->history().count(), 3);
}

TEST(Members, AReconnectShowsNoLinesForWhoIsStillThereAndOthersSeeItAsLeaveAndJoin)
{
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen()) << server.errorString().toStdString();
    Member alice(server.baseUrl(), u"alice"_s);
    Member bob(server.baseUrl(), u"bob"_s);
    alice.connect();
    bob.connect();
    ASSERT_TRUE(alice.waitForLine(u"bob joined"_s));
    ASSERT_TRUE(bob.waitForPresent({u"bob (you)"_s, u"alice"_s}));

    QSignalSpy lost(&alice.session->members(), &hibiki::RoomMembers::changed);
    alice.session->disconnectFromServer();
    EXPECT_EQ(alice.present(), QStringList {}) << "presence is unknown while disconnected";
    EXPECT_GE(lost.size(), 1);
    ASSERT_TRUE(bob.waitForLine(u"alice left"_s));
    alice.connect();
    ASSERT_TRUE(alice.waitForPresent({u"alice (you)"_s, u"bob"_s}));
    ASSERT_TRUE(bob.waitForLine(u"alice joined"_s));

    // A barrier: everything the reconnect brought has arrived by the time this has.
    bob.session->send(u"barrier"_s);
    ASSERT_TRUE(alice.waitForLine(u"bob: barrier"_s));
    EXPECT_EQ(alice.lines, (QStringList {u"bob joined"_s, u"bob: barrier"_s}));
}

TEST(Members, AnAnonymousStreamIsNotAnnouncedButSeesTheOthers)
{
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen()) << server.errorString().toStdString();
    Member alice(server.baseUrl(), u"alice"_s);
    alice.connect();

    // A name the room would refuse: the stream stays anonymous rather than failing.
    Member nameless(server.baseUrl(), QString(65, u'x'));
    nameless.connect();
    ASSERT_TRUE(nameless.waitForPresent({u"alice"_s}));
    alice.session->send(u"barrier"_s);
    ASSERT_TRUE(alice.waitForLine(u"alice: barrier"_s));
    EXPECT_EQ(alice.lines, QStringList {u"alice: barrier"_s});
}

TEST(Members, RecentAuthorsComeBackFromTheStoredHistoryAtTheNextStart)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"room.sqlite"_s);
    RoomServer server(loopbackConfig());
    ASSERT_TRUE(server.listen()) << server.errorString().toStdString();
    {
        Member alice(server.baseUrl(), u"alice"_s, path);
        alice.connect();
        ASSERT_TRUE(server.post(u"carol"_s, u"first"_s).isStored());
        ASSERT_TRUE(server.post(u"bob"_s, u"second"_s).isStored());
        ASSERT_TRUE(alice.waitForLine(u"bob: second"_s));
    }
    server.close();
    // Not connected: nobody is known to be here, but who wrote lately is.
    Member alice(server.baseUrl(), u"alice"_s, path);
    const QList<RoomMember> members = alice.session->members().members();
    ASSERT_EQ(members.size(), 3);
    EXPECT_TRUE(members.at(0).isYou);
    EXPECT_EQ(members.at(1).name, u"bob"_s);
    EXPECT_EQ(members.at(2).name, u"carol"_s);
    EXPECT_FALSE(members.at(1).present);
    EXPECT_TRUE(members.at(1).lastSeen.isValid());
    EXPECT_EQ(alice.session->members().names(), (QStringList {u"bob"_s, u"carol"_s}));
}

} // namespace
