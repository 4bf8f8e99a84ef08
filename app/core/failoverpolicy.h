// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace hibiki {

// Which of a room's endpoints (Profile::endpoints()) its stream uses, and how long to wait
// before the next attempt. Pure: no network, no timers, no clock. ChatSession tells it what
// happened and acts on the answer.
//
// A failure hands over to the next endpoint in order (after the last comes the first
// again, so a room on a fallback also returns to the preferred one on its next failure).
// The first time round, each move waits a random time of at most `initialDelayMs`: a node
// that dies moves its rooms at once, yet spread out, so that thousands of clients do not
// reach the next node in the same millisecond. Once every endpoint has failed in a row,
// each further round waits longer (exponential, with jitter, capped at `maxDelayMs`) so
// that a room whose nodes are all down does not hammer them. A connection that stayed open
// for `stableAfterMs` starts the count afresh.
class FailoverPolicy
{
public:
    struct Config
    {
        int initialDelayMs = 1000;
        int maxDelayMs = 30000;
        int stableAfterMs = 60000;
    };

    struct Move
    {
        int endpoint = 0; // the index to connect to next
        int delayMs = 0; // after waiting this long
    };

    FailoverPolicy() = default;
    FailoverPolicy(int endpointCount, Config config);

    int endpointCount() const { return m_count; }
    int current() const { return m_current; }
    bool onFallback() const { return m_current != 0; }
    // Failures since the last connection that was stable (attempt number for the user).
    int consecutiveFailures() const { return m_failures; }

    // The connection to current() failed; it had been open for `openForMs` (-1: it never
    // opened). Moves on and says where and when to connect.
    Move failed(qint64 openForMs);
    // Goes to `endpoint` by choice (back to the preferred one once it answers again).
    void moveTo(int endpoint);

    // The longest wait failed() can choose after `failures` failures in a row: the upper
    // end of its random range.
    int maxDelayAfter(int failures) const;
    // The shortest, the lower end of the range.
    int minDelayAfter(int failures) const;

private:
    int m_count = 1;
    Config m_config;
    int m_current = 0;
    int m_failures = 0;
};

} // namespace hibiki
