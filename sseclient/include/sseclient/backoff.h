// SPDX-License-Identifier: MIT
#pragma once

#include "sseclient/sseclient_export.h"

#include <QtGlobal>

#include <chrono>
#include <functional>
#include <memory>

namespace sse {

// How long to wait before the next attempt after failures in a row: exponential backoff
// with full jitter. The n-th attempt in a row (n = 1, 2, ...) waits a random time in
// [0, min(max, initial * 2^(n-1))], so that many clients that failed together do not
// come back together. A connection that lasted Policy::resetAfter was a good one: the
// next failure starts over from `initial`.
//
//   sse::Backoff backoff({.initial = 1s, .max = 30s});
//   timer.start(backoff.next());        // after a failure
//   backoff.reset();                    // after a success
//
// Every value is clamped: negative durations count as 0, and no attempt count, however
// large, overflows. A moved-from Backoff may only be assigned to or destroyed.
class SSECLIENT_EXPORT Backoff
{
public:
    struct Policy
    {
        // The ceiling of the first delay.
        std::chrono::milliseconds initial {1000};
        // No delay is longer. A `max` below `initial` counts as `initial`.
        std::chrono::milliseconds max {60000};
        // A connection that lasted at least this long was good (see resetIfGood()).
        std::chrono::milliseconds resetAfter {60000};
    };

    // Returns a uniformly distributed whole number in [0, ceiling] (ceiling >= 0). Tests
    // inject one to see the extremes; the default draws from QRandomGenerator::global().
    using RandomSource = std::function<qint64(qint64 ceiling)>;

    Backoff(); // the default Policy
    explicit Backoff(Policy policy, RandomSource random = {});
    Backoff(const Backoff &other);
    Backoff &operator=(const Backoff &other);
    Backoff(Backoff &&other) noexcept;
    Backoff &operator=(Backoff &&other) noexcept;
    ~Backoff();

    // The delay before the next attempt, counted as one more attempt.
    std::chrono::milliseconds next();
    // The ceiling the next call of next() draws from.
    std::chrono::milliseconds nextCeiling() const;
    // After a success: the next delay is drawn from `initial` again.
    void reset();
    // reset() when a connection that lasted `connectedFor` was good (at least
    // Policy::resetAfter); returns whether it did.
    bool resetIfGood(std::chrono::milliseconds connectedFor);
    // Attempts counted by next() since the last reset.
    int attempts() const;

    const Policy &policy() const;
    // A new policy (e.g. a server's `retry:` as the new `initial`); the count is kept.
    void setPolicy(const Policy &policy);

    // Without state, for callers that keep the count themselves (an outbox entry's
    // attempts): the ceiling of attempt `attempt` (1 = the first; below 1 counts as 1) ...
    static std::chrono::milliseconds ceilingFor(const Policy &policy, int attempt);
    // ... and a delay drawn from it with this object's random source.
    std::chrono::milliseconds delayFor(int attempt) const;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace sse
