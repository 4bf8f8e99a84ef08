// SPDX-License-Identifier: MIT
#include "sseclient/backoff.h"

#include <QRandomGenerator>

#include <algorithm>
#include <limits>

namespace sse {

using std::chrono::milliseconds;

namespace {

milliseconds nonNegative(milliseconds value)
{
    return std::max(value, milliseconds::zero());
}

qint64 drawFromGlobalGenerator(qint64 ceiling)
{
    return ceiling <= 0 ? 0 : QRandomGenerator::global()->bounded(ceiling + 1);
}

} // namespace

// Hidden: not part of the ABI (see parser.cpp).
class Q_DECL_HIDDEN Backoff::Private
{
public:
    Policy m_policy;
    RandomSource m_random;
    int m_attempts = 0;

    milliseconds draw(milliseconds ceiling) const
    {
        const qint64 drawn = m_random(ceiling.count());
        return milliseconds(std::clamp<qint64>(drawn, 0, ceiling.count())); // whatever it returns
    }
};

Backoff::Backoff()
    : Backoff(Policy {})
{ }

Backoff::Backoff(Policy policy, RandomSource random)
    : d(std::make_unique<Private>())
{
    d->m_policy = policy;
    d->m_random = random ? std::move(random) : RandomSource(drawFromGlobalGenerator);
}

Backoff::Backoff(const Backoff &other)
    : d(std::make_unique<Private>(*other.d))
{ }

Backoff &Backoff::operator=(const Backoff &other)
{
    if (this != &other) {
        d = std::make_unique<Private>(*other.d); // also where this one was moved from
    }
    return *this;
}

Backoff::Backoff(Backoff &&other) noexcept = default;
Backoff &Backoff::operator=(Backoff &&other) noexcept = default;
Backoff::~Backoff() = default;

milliseconds Backoff::ceilingFor(const Policy &policy, int attempt)
{
    const qint64 initial = nonNegative(policy.initial).count();
    const qint64 cap = std::max<qint64>(initial, nonNegative(policy.max).count());
    const int exponent = std::max(attempt, 1) - 1;
    // initial * 2^exponent, computed only where it cannot overflow (and stays below cap).
    if (initial == 0 || exponent >= 63 || initial > (cap >> exponent)) {
        return milliseconds(initial == 0 ? 0 : cap);
    }
    return milliseconds(initial << exponent);
}

milliseconds Backoff::next()
{
    if (d->m_attempts < std::numeric_limits<int>::max()) {
        ++d->m_attempts;
    }
    return d->draw(ceilingFor(d->m_policy, d->m_attempts));
}

milliseconds Backoff::nextCeiling() const
{
    return ceilingFor(d->m_policy, d->m_attempts + 1);
}

milliseconds Backoff::delayFor(int attempt) const
{
    return d->draw(ceilingFor(d->m_policy, attempt));
}

void Backoff::reset()
{
    d->m_attempts = 0;
}

bool Backoff::resetIfGood(milliseconds connectedFor)
{
    if (connectedFor < nonNegative(d->m_policy.resetAfter)) {
        return false;
    }
    reset();
    return true;
}

int Backoff::attempts() const
{
    return d->m_attempts;
}

const Backoff::Policy &Backoff::policy() const
{
    return d->m_policy;
}

void Backoff::setPolicy(const Policy &policy)
{
    d->m_policy = policy;
}

} // namespace sse
