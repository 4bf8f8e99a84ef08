// SPDX-License-Identifier: MIT
#include "failoverpolicy.h"

#include <QRandomGenerator>

#include <algorithm>

namespace hibiki {

FailoverPolicy::FailoverPolicy(int endpointCount, Config config)
    : m_count(std::max(1, endpointCount))
    , m_config(config)
{
    m_config.initialDelayMs = std::max(0, m_config.initialDelayMs);
    m_config.maxDelayMs = std::max(m_config.initialDelayMs, m_config.maxDelayMs);
}

FailoverPolicy::Move FailoverPolicy::failed(qint64 openForMs)
{
    // The count is kept until a connection proves stable: a node that accepts and drops
    // at once must not be retried without a wait.
    if (openForMs >= m_config.stableAfterMs) {
        m_failures = 0;
    }
    ++m_failures;
    m_current = (m_current + 1) % m_count;
    const int low = minDelayAfter(m_failures);
    const int high = maxDelayAfter(m_failures);
    return {m_current, low + int(QRandomGenerator::global()->bounded(quint32(high - low) + 1))};
}

void FailoverPolicy::moveTo(int endpoint)
{
    m_current = std::clamp(endpoint, 0, m_count - 1);
}

int FailoverPolicy::maxDelayAfter(int failures) const
{
    // Round 0 is the first pass over the other endpoints; round r >= 1 starts once all of
    // them failed in a row r times.
    const int round = std::max(0, failures) / m_count;
    if (round == 0) {
        return m_config.initialDelayMs;
    }
    const qint64 ceiling = qint64(m_config.initialDelayMs) << std::min(round, 20);
    return int(std::min<qint64>(ceiling, m_config.maxDelayMs));
}

int FailoverPolicy::minDelayAfter(int failures) const
{
    const int round = std::max(0, failures) / m_count;
    // Equal jitter from round 1 on: at least half the ceiling, never a burst of retries.
    return round == 0 ? 0 : maxDelayAfter(failures) / 2;
}

} // namespace hibiki
