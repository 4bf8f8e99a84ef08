// SPDX-License-Identifier: MIT
#pragma once

#include "peers.h"

#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <memory>

namespace hibiki::interop {

// A test run once against each kind of peer: the peer started in a folder of its own, or
// the test skipped, loudly, when the peer cannot run on this machine.
class PeerTest : public ::testing::TestWithParam<PeerKind>
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_peer = Peer::create(GetParam(), m_dir.path());
        if (const QString reason = m_peer->unavailableReason(); !reason.isEmpty()) {
            GTEST_SKIP() << "\n*** INTEROP PEER " << m_peer->name().toStdString()
                         << " CANNOT RUN HERE: " << reason.toStdString()
                         << "\n*** Run scripts/setup.sh deps to install it. ***";
        }
        ASSERT_TRUE(m_peer->start()) << m_peer->errorString().toStdString();
    }

    QTemporaryDir m_dir;
    std::unique_ptr<Peer> m_peer;
};

} // namespace hibiki::interop
