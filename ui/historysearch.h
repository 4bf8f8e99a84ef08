// SPDX-License-Identifier: MIT
#pragma once

#include <core/historystore.h>

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace hibiki {

// Searches one room's stored history for a term, newest first, a slice of it per turn of
// the event loop: each turn runs slices for about SliceBudgetMs and the window stays
// responsive however long the history (a million messages take a few dozen turns). The
// slices adapt to how fast the store answers. Hits are keys (HistoryStore::SearchHit),
// which stay valid while the store's retention deletes older messages.
class HistorySearch : public QObject
{
    Q_OBJECT

public:
    // A search stops after this many hits (isCapped() says so).
    static constexpr int DefaultLimit = 10000;
    static constexpr int SliceBudgetMs = 8;

    explicit HistorySearch(QObject *parent = nullptr);
    ~HistorySearch() override;

    // Starts over with `term` in `store` (not owned: it must outlive the search, or stop()
    // be called first). The first slices run at once, so a small history is searched by the
    // time this returns. An empty term finds nothing.
    void start(const HistoryStore *store, const QString &term, int limit = DefaultLimit,
        HistoryStore::SearchDetail detail = HistoryStore::SearchDetail::KeysOnly);
    // Forgets the store and the hits.
    void stop();
    // Searches the messages stored since the search started (a few, at once) and drops
    // hits that retention deleted meanwhile.
    void searchNewer();

    const HistoryStore *store() const { return m_store; }
    QString term() const { return m_term; }
    bool isStarted() const { return m_store != nullptr; }
    bool isRunning() const { return m_nextKey >= m_lowestKey && m_store; }
    // Stopped at the limit: older matches exist that are not among the hits.
    bool isCapped() const { return m_capped; }
    int limit() const { return m_limit; }
    // Newest first.
    const QList<HistoryStore::SearchHit> &hits() const { return m_hits; }
    // Where the hits are complete: every match with a key at or above this one is among
    // them (while running, and when capped).
    qint64 searchedDownTo() const;
    // Time spent in the store's queries since start(), the rest of the wall time being the
    // event loop's (for benchmarks).
    qint64 busyNanoseconds() const { return m_busyNs; }

Q_SIGNALS:
    // New hits, or the search ended (isRunning() false).
    void progressed();

private:
    void runSlices();
    bool runSlice(); // false when done

    const HistoryStore *m_store = nullptr;
    QString m_term;
    HistoryStore::SearchDetail m_detail = HistoryStore::SearchDetail::KeysOnly;
    int m_limit = DefaultLimit;
    QList<HistoryStore::SearchHit> m_hits;
    qint64 m_lowestKey = 0; // the oldest key to search
    qint64 m_highestKey = -1; // the newest key searched
    qint64 m_nextKey = -1; // the next slice ends here (inclusive); < m_lowestKey when done
    qint64 m_sliceKeys = 0;
    qint64 m_busyNs = 0;
    bool m_capped = false;
    QTimer m_timer;
};

} // namespace hibiki
