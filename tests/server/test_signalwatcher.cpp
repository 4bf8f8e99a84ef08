// SPDX-License-Identifier: MIT
// SignalWatcher in-process: a signal becomes a Qt signal in the event loop, and when the
// watcher goes the signal is handled as before it.
#include <hibikiserver/signalwatcher.h>

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <csignal>

namespace {

volatile std::sig_atomic_t earlierHandlerCalls = 0;

void earlierHandler(int)
{
    earlierHandlerCalls = earlierHandlerCalls + 1;
}

TEST(SignalWatcher, DeliversSignalsInTheEventLoopAndGivesTheEarlierHandlerBack)
{
    struct sigaction earlier = {};
    earlier.sa_handler = earlierHandler;
    sigemptyset(&earlier.sa_mask);
    struct sigaction before = {};
    ASSERT_EQ(::sigaction(SIGUSR1, &earlier, &before), 0);
    {
        hibiki::SignalWatcher watcher({SIGUSR1});
        QSignalSpy received(&watcher, &hibiki::SignalWatcher::received);
        ASSERT_EQ(::raise(SIGUSR1), 0);
        EXPECT_EQ(received.size(), 0); // not in the handler: in the event loop
        ASSERT_TRUE(received.wait(10000));
        EXPECT_EQ(received.at(0).at(0).toInt(), SIGUSR1);
        EXPECT_EQ(earlierHandlerCalls, 0);
    }
    ASSERT_EQ(::raise(SIGUSR1), 0);
    EXPECT_EQ(earlierHandlerCalls, 1);
    ::sigaction(SIGUSR1, &before, nullptr);
}

} // namespace
