// SPDX-License-Identifier: MIT
#include "historysearch.h"

#include <algorithm>

namespace hibiki {

namespace {

// The first slice; later ones are sized from how fast the previous ones ran.
constexpr qint64 FirstSliceKeys = 5000;
constexpr qint64 MinSliceKeys = 1000;
constexpr qint64 MaxSliceKeys = 500000;

} // namespace

HistorySearch::HistorySearch(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &HistorySearch::runSlices);
}

HistorySearch::~HistorySearch() = default;

void HistorySearch::start(
    const HistoryStore *store, const QString &term, int limit, HistoryStore::SearchDetail detail)
{
    stop();
    if (!store) {
        return;
    }
    m_store = store;
    m_term = term;
    m_limit = qMax(1, limit);
    m_detail = detail;
    m_lowestKey = store->firstKey();
    m_highestKey = store->lastKey();
    m_nextKey = term.isEmpty() || m_lowestKey < 0 ? m_lowestKey - 1 : m_highestKey;
    m_sliceKeys = FirstSliceKeys;
    m_busyNs = 0;
    runSlices();
}

void HistorySearch::stop()
{
    m_timer.stop();
    m_store = nullptr;
    m_term.clear();
    m_hits.clear();
    m_capped = false;
    m_lowestKey = 0;
    m_highestKey = -1;
    m_nextKey = -1;
}

qint64 HistorySearch::searchedDownTo() const
{
    if (isRunning()) {
        return m_nextKey + 1;
    }
    if (m_capped && !m_hits.isEmpty()) {
        return m_hits.constLast().key;
    }
    return m_lowestKey;
}

void HistorySearch::runSlices()
{
    QElapsedTimer elapsed;
    elapsed.start();
    const qsizetype before = m_hits.size();
    bool more = true;
    while (more && elapsed.elapsed() < SliceBudgetMs) {
        more = runSlice();
    }
    m_busyNs += elapsed.nsecsElapsed();
    if (more) {
        m_timer.start();
    }
    if (!more || m_hits.size() != before) {
        Q_EMIT progressed();
    }
}

bool HistorySearch::runSlice()
{
    if (!isRunning()) {
        return false;
    }
    const qint64 from = qMax(m_lowestKey, m_nextKey - m_sliceKeys + 1);
    QElapsedTimer elapsed;
    elapsed.start();
    const int wanted = m_limit - int(m_hits.size());
    const QList<HistoryStore::SearchHit> hits
        = m_store->search(m_term, from, m_nextKey, wanted + 1, m_detail);
    const qint64 nanoseconds = qMax<qint64>(1, elapsed.nsecsElapsed());
    // Aim each slice at a quarter of the budget: a turn then holds a few of them.
    const double keysPerMs = double(m_nextKey - from + 1) * 1e6 / double(nanoseconds);
    m_sliceKeys = std::clamp(qint64(keysPerMs * SliceBudgetMs / 4), MinSliceKeys, MaxSliceKeys);
    m_hits.append(hits.mid(0, wanted));
    if (hits.size() > wanted) {
        m_capped = true;
        // The hits are complete down to the last one kept.
        m_nextKey = m_lowestKey - 1;
        return false;
    }
    m_nextKey = from - 1;
    return m_nextKey >= m_lowestKey;
}

void HistorySearch::searchNewer()
{
    if (!m_store) {
        return;
    }
    const qint64 first = m_store->firstKey();
    const auto deleted = std::find_if(m_hits.begin(), m_hits.end(),
        [first](const HistoryStore::SearchHit &hit) { return hit.key < first; });
    const bool changed = deleted != m_hits.end();
    m_hits.erase(deleted, m_hits.end());
    const qint64 last = m_store->lastKey();
    QList<HistoryStore::SearchHit> newer;
    if (!m_term.isEmpty() && last > m_highestKey) {
        newer
            = m_store->search(m_term, qMax(first, m_highestKey + 1), last, DefaultLimit, m_detail);
        m_highestKey = last;
    }
    if (newer.isEmpty() && !changed) {
        return;
    }
    m_hits = newer + m_hits;
    if (m_hits.size() > m_limit) {
        m_hits.resize(m_limit);
        m_capped = true;
        m_nextKey = m_lowestKey - 1;
    }
    Q_EMIT progressed();
}

} // namespace hibiki
