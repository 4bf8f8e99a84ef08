// SPDX-License-Identifier: MIT
// sse::Backoff: exponential ceilings, full jitter, the cap, resets, and no overflow.
#include "sseclient/backoff.h"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

using namespace std::chrono_literals;
using sse::Backoff;
using std::chrono::milliseconds;

namespace {

// A random source that records the ceilings it was asked for and answers with a fixed
// choice: the ceiling itself (the longest delay), 0, or an out-of-range value.
struct ScriptedRandom
{
    enum class Answer { Ceiling, Zero, TooLarge, Negative };
    Answer answer = Answer::Ceiling;
    std::vector<qint64> ceilings;

    Backoff::RandomSource source()
    {
        return [this](qint64 ceiling) -> qint64 {
            ceilings.push_back(ceiling);
            switch (answer) {
            case Answer::Ceiling:
                return ceiling;
            case Answer::Zero:
                return 0;
            case Answer::TooLarge:
                return ceiling + 12345;
            case Answer::Negative:
                return -7;
            }
            return 0;
        };
    }
};

TEST(Backoff, CeilingsDoubleFromInitialUpToTheCap)
{
    ScriptedRandom random;
    Backoff backoff({.initial = 100ms, .max = 1000ms}, random.source());
    std::vector<milliseconds> delays;
    for (int i = 0; i < 7; ++i) {
        delays.push_back(backoff.next());
    }
    EXPECT_EQ(
        delays, (std::vector<milliseconds> {100ms, 200ms, 400ms, 800ms, 1000ms, 1000ms, 1000ms}));
    EXPECT_EQ(random.ceilings, (std::vector<qint64> {100, 200, 400, 800, 1000, 1000, 1000}));
    EXPECT_EQ(backoff.attempts(), 7);
}

TEST(Backoff, FullJitterCanDrawZero)
{
    ScriptedRandom random;
    random.answer = ScriptedRandom::Answer::Zero;
    Backoff backoff({.initial = 100ms, .max = 1000ms}, random.source());
    EXPECT_EQ(backoff.next(), 0ms);
    EXPECT_EQ(backoff.next(), 0ms);
    EXPECT_EQ(random.ceilings, (std::vector<qint64> {100, 200}));
}

TEST(Backoff, AnOutOfRangeRandomSourceIsClamped)
{
    ScriptedRandom random;
    random.answer = ScriptedRandom::Answer::TooLarge;
    Backoff backoff({.initial = 100ms, .max = 1000ms}, random.source());
    EXPECT_EQ(backoff.next(), 100ms);
    random.answer = ScriptedRandom::Answer::Negative;
    EXPECT_EQ(backoff.next(), 0ms);
}

TEST(Backoff, TheDefaultRandomSourceStaysWithinTheCeilingAndVaries)
{
    Backoff backoff({.initial = 1000ms, .max = 1000ms});
    milliseconds smallest = 1001ms;
    milliseconds largest = -1ms;
    for (int i = 0; i < 200; ++i) {
        const milliseconds delay = backoff.next();
        ASSERT_GE(delay, 0ms);
        ASSERT_LE(delay, 1000ms);
        smallest = std::min(smallest, delay);
        largest = std::max(largest, delay);
    }
    // 200 uniform draws from [0, 1000] all within 250 ms of each other: about 1e-60.
    EXPECT_GT(largest - smallest, 250ms);
}

TEST(Backoff, ResetStartsOverFromInitial)
{
    ScriptedRandom random;
    Backoff backoff({.initial = 10ms, .max = 1000ms}, random.source());
    backoff.next();
    backoff.next();
    EXPECT_EQ(backoff.nextCeiling(), 40ms);
    backoff.reset();
    EXPECT_EQ(backoff.attempts(), 0);
    EXPECT_EQ(backoff.nextCeiling(), 10ms);
    EXPECT_EQ(backoff.next(), 10ms);
}

TEST(Backoff, OnlyAGoodConnectionResets)
{
    ScriptedRandom random;
    Backoff backoff({.initial = 10ms, .max = 1000ms, .resetAfter = 5000ms}, random.source());
    backoff.next();
    backoff.next();
    EXPECT_FALSE(backoff.resetIfGood(4999ms));
    EXPECT_EQ(backoff.attempts(), 2);
    EXPECT_TRUE(backoff.resetIfGood(5000ms));
    EXPECT_EQ(backoff.attempts(), 0);
}

TEST(Backoff, AMaxBelowInitialMeansInitial)
{
    ScriptedRandom random;
    Backoff backoff({.initial = 500ms, .max = 100ms}, random.source());
    EXPECT_EQ(backoff.next(), 500ms);
    EXPECT_EQ(backoff.next(), 500ms);
}

TEST(Backoff, NegativeAndZeroDurationsMeanNoWait)
{
    ScriptedRandom random;
    Backoff zero({.initial = 0ms, .max = 1000ms}, random.source());
    EXPECT_EQ(zero.next(), 0ms);
    EXPECT_EQ(zero.next(), 0ms);
    Backoff negative({.initial = -5ms, .max = -1ms, .resetAfter = -1ms}, random.source());
    EXPECT_EQ(negative.next(), 0ms);
    EXPECT_TRUE(negative.resetIfGood(0ms));
}

TEST(Backoff, HugeValuesAndAttemptCountsNeverOverflow)
{
    const milliseconds huge(std::numeric_limits<qint64>::max());
    const Backoff::Policy policy {.initial = huge / 2 + 1ms, .max = huge};
    EXPECT_EQ(Backoff::ceilingFor(policy, 1), huge / 2 + 1ms);
    EXPECT_EQ(Backoff::ceilingFor(policy, 2), huge); // doubling would overflow: the cap
    EXPECT_EQ(Backoff::ceilingFor(policy, std::numeric_limits<int>::max()), huge);
    const Backoff::Policy small {.initial = 1ms, .max = huge};
    EXPECT_EQ(Backoff::ceilingFor(small, 62), milliseconds(qint64(1) << 61));
    EXPECT_EQ(Backoff::ceilingFor(small, 63), milliseconds(qint64(1) << 62));
    EXPECT_EQ(Backoff::ceilingFor(small, 64), huge);
    EXPECT_EQ(Backoff::ceilingFor(small, 1000), huge);
    EXPECT_EQ(Backoff::ceilingFor(small, 0), 1ms); // below 1 counts as the first attempt
    EXPECT_EQ(Backoff::ceilingFor(small, -100), 1ms);

    ScriptedRandom random;
    Backoff backoff({.initial = 1ms, .max = 30000ms}, random.source());
    for (int i = 0; i < 10000; ++i) {
        ASSERT_LE(backoff.next(), 30000ms);
    }
    EXPECT_EQ(backoff.next(), 30000ms);
}

TEST(Backoff, DelayForAGivenAttemptKeepsNoState)
{
    ScriptedRandom random;
    const Backoff backoff({.initial = 1000ms, .max = 60000ms}, random.source());
    EXPECT_EQ(backoff.delayFor(1), 1000ms);
    EXPECT_EQ(backoff.delayFor(3), 4000ms);
    EXPECT_EQ(backoff.delayFor(100), 60000ms);
    EXPECT_EQ(backoff.attempts(), 0);
}

TEST(Backoff, SetPolicyKeepsTheCount)
{
    ScriptedRandom random;
    Backoff backoff({.initial = 10ms, .max = 1000ms}, random.source());
    backoff.next();
    backoff.next();
    backoff.setPolicy({.initial = 100ms, .max = 1000ms});
    EXPECT_EQ(backoff.policy().initial, 100ms);
    EXPECT_EQ(backoff.next(), 400ms); // the third attempt, from the new initial
}

TEST(Backoff, CopiesAreIndependentAndMovedFromCanBeAssigned)
{
    ScriptedRandom random;
    Backoff original({.initial = 10ms, .max = 1000ms}, random.source());
    original.next();
    Backoff copy = original;
    copy.next();
    EXPECT_EQ(original.attempts(), 1);
    EXPECT_EQ(copy.attempts(), 2);

    Backoff moved = std::move(copy);
    EXPECT_EQ(moved.attempts(), 2);
    copy = original; // a moved-from object can be assigned again
    EXPECT_EQ(copy.attempts(), 1);
    EXPECT_EQ(copy.next(), 20ms);
}

} // namespace
