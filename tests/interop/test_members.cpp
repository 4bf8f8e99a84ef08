// SPDX-License-Identifier: MIT
// The member list on each peer: presence where the server has it (hibiki-server), recent
// authors with their last message's time where it has none (nchan), and only the user
// where messages carry no author (the tutorial's Hono server). The user is always marked.
#include "participant.h"
#include "peers.h"
#include "peertest.h"

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using namespace hibiki;
using namespace hibiki::interop;

namespace {

class Members : public PeerTest
{
protected:
    static QStringList listed(const Participant &participant)
    {
        QStringList names;
        for (const RoomMember &member : participant.session->members().members()) {
            names.append(member.name + (member.isYou ? u" (you)"_s : QString())
                + (member.present ? u" here"_s : QString())
                + (member.lastSeen.isValid() ? u" seen"_s : QString()));
        }
        return names;
    }
};

TEST_P(Members, ListsWhoIsHereOrWhoWroteLatelyAndMarksTheUser)
{
    Participant alice(m_peer->profile(), u"alice"_s);
    Participant bob(m_peer->profile(), u"bob"_s);
    alice.connect();
    ASSERT_TRUE(alice.waitForState(ConnectionStatus::State::Connected));
    bob.connect();
    ASSERT_TRUE(bob.waitForState(ConnectionStatus::State::Connected));

    bob.session->send(u"hello from bob"_s);
    ASSERT_TRUE(alice.waitForText(u"hello from bob"_s)) << m_peer->output().toStdString();
    ASSERT_TRUE(bob.waitForDelivered(u"hello from bob"_s));

    const bool presence = GetParam() == PeerKind::Hibiki;
    EXPECT_EQ(alice.session->members().hasPresence(), presence);
    switch (GetParam()) {
    case PeerKind::Hibiki:
        EXPECT_EQ(listed(alice), (QStringList {u"alice (you) here"_s, u"bob here seen"_s}));
        break;
    case PeerKind::Nchan:
        // No presence: Bob is listed as a recent author, with when he last wrote.
        EXPECT_EQ(listed(alice), (QStringList {u"alice (you)"_s, u"bob seen"_s}));
        break;
    default:
        // The tutorial's messages carry no author: nobody to list but the user.
        EXPECT_EQ(listed(alice), QStringList {u"alice (you)"_s});
        break;
    }
    // Whatever the server, no line says anyone joined but a real arrival (Bob on a
    // Hibiki room), and the chat itself is counted apart from it.
    const qsizetype joins = std::count_if(alice.messages.cbegin(), alice.messages.cend(),
        [](const ChatMessage &message) { return message.kind == ChatMessage::Kind::Join; });
    EXPECT_EQ(joins, presence ? 1 : 0);
    EXPECT_EQ(alice.storedChatMessages(), 1);
}

INSTANTIATE_TEST_SUITE_P(Interop, Members,
    ::testing::Values(PeerKind::Nchan, PeerKind::Hono, PeerKind::Hibiki),
    [](const ::testing::TestParamInfo<PeerKind> &info) {
        return peerName(info.param).toStdString();
    });

} // namespace
