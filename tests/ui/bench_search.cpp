// SPDX-License-Identifier: MIT
// bench_ui_search: searching a room of a million stored messages.
//
//  1. Store: HistoryStore::search() over the whole history in one query, for a rare ASCII
//     term, a term in every tenth message, an accented term in another case (the GLOB
//     path), a Japanese term and a term that is nowhere: the time a search costs in all.
//  2. Slices: the same searches as the window runs them (HistorySearch: slices of about
//     8 ms per turn of the event loop): the time until the count is final, the number of
//     turns, and the worst gap between two ticks of a 5 ms timer on the GUI thread meanwhile
//     (the window's longest stall).
//  3. Bar: a ChatView and its SearchBar over the room: the time from typing the term to
//     "N matches", and from Enter at the newest match and a wrap to the oldest match
//     (offset 5, a million rows away from the loaded ones) to the oldest message shown.
//
// The history is built once in the given file (default: in the temporary folder) and
// reused. Run with QT_QPA_PLATFORM=offscreen or a display. Not a CTest test: the figures
// depend on the machine.
#include <ui/chatview.h>
#include <ui/historysearch.h>
#include <ui/messagemodel.h>
#include <ui/searchbar.h>

#include <core/historystore.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QTest>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace hibiki;

namespace {

// Ticks every 5 ms and remembers the longest time between two ticks.
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last > 0) {
                m_worst = qMax(m_worst, now - m_last);
            }
            m_last = now;
        });
    }
    void start()
    {
        m_worst = 0;
        m_last = 0;
        m_clock.start();
        m_timer.start();
    }
    double worstMs() const { return double(m_worst) / 1e6; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_worst = 0;
};

template<typename Condition>
void waitUntil(Condition condition)
{
    if (!QTest::qWaitFor(condition, 300000)) {
        std::printf("   (timed out)\n");
    }
}

// Every tenth message holds "release"; "needle" is at offset 5 and then every 100,000th;
// the words mix English, French and Japanese.
QString messageText(qint64 i)
{
    static const QStringList words {u"the"_s, u"quick"_s, u"brown"_s, u"fox"_s, u"jumps"_s,
        u"over"_s, u"lazy"_s, u"dog"_s, u"hello"_s, u"world"_s, u"meeting"_s, u"tomorrow"_s,
        u"lunch"_s, u"coffee"_s, u"build"_s, u"test"_s, u"server"_s, u"client"_s, u"École"_s,
        u"café"_s, u"東京"_s, u"日本語"_s, u"ラーメン"_s, u"https://example.org/x"_s};
    quint64 state = quint64(i) * 6364136223846793005ULL + 1442695040888963407ULL;
    QString text;
    const int count = 3 + int((state >> 33) % 12);
    for (int w = 0; w < count; ++w) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        if (!text.isEmpty()) {
            text.append(u' ');
        }
        text.append(words.at(int((state >> 33) % quint64(words.size()))));
    }
    if (i % 10 == 3) {
        text.append(u" release"_s);
    }
    if (i == 5 || (i % 100000 == 50000)) {
        text.append(u" needle"_s);
    }
    return text;
}

bool buildHistory(HistoryStore &store, qint64 messages)
{
    if (store.lastKey() - store.firstKey() + 1 == messages) {
        return true;
    }
    std::printf("building a history of %lld messages (once)...\n", messages);
    std::fflush(stdout);
    const QDateTime start(QDate(2025, 1, 1), QTime(8, 0), QTimeZone::utc());
    for (qint64 first = store.count(); first < messages; first += 20000) {
        ChatMessages batch;
        for (qint64 i = first; i < qMin(messages, first + 20000); ++i) {
            ChatMessage message;
            message.id = QString::number(i);
            message.author = u"user%1"_s.arg(i % 50);
            message.text = messageText(i);
            message.eventType = u"message"_s;
            message.timestamp = start.addSecs(i * 20);
            batch.append(message);
        }
        if (store.append(batch, batch.constLast().id).size() != batch.size()) {
            return false;
        }
    }
    return store.lastKey() - store.firstKey() + 1 == messages;
}

struct Term
{
    QString text;
    const char *what;
};

void storeSearches(const HistoryStore &store, const QList<Term> &terms)
{
    std::printf("\n1. HistoryStore::search(), the whole history in one query (limit %d)\n",
        HistorySearch::DefaultLimit);
    for (const Term &term : terms) {
        QElapsedTimer clock;
        clock.start();
        const auto hits = store.search(
            term.text, store.firstKey(), store.lastKey(), HistorySearch::DefaultLimit);
        std::printf("   %-10s %-34s %6lld hits  %7.1f ms\n", qPrintable(term.text), term.what,
            qint64(hits.size()), double(clock.nsecsElapsed()) / 1e6);
    }
}

void slicedSearches(const HistoryStore &store, const QList<Term> &terms)
{
    std::printf("\n2. HistorySearch, in slices from the event loop\n");
    {
        StallMeter idle;
        idle.start();
        QTest::qWait(1000);
        std::printf(
            "   (the same timer with nothing to do for 1 s: worst gap %.1f ms)\n", idle.worstMs());
    }
    for (const auto detail :
        {HistoryStore::SearchDetail::KeysOnly, HistoryStore::SearchDetail::Excerpts}) {
        const bool excerpts = detail == HistoryStore::SearchDetail::Excerpts;
        const int limit = excerpts ? 500 : HistorySearch::DefaultLimit;
        std::printf("   %s, limit %d:\n",
            excerpts ? "with excerpts (search of all rooms)" : "keys (search in a room)", limit);
        for (const Term &term : terms) {
            HistorySearch search;
            int turns = 0;
            QObject::connect(&search, &HistorySearch::progressed, &search, [&] { ++turns; });
            StallMeter stalls;
            stalls.start();
            QElapsedTimer clock;
            clock.start();
            search.start(&store, term.text, limit, detail);
            const double firstTurn = double(clock.nsecsElapsed()) / 1e6;
            waitUntil([&] { return !search.isRunning(); });
            const double total = double(clock.nsecsElapsed()) / 1e6;
            std::printf("   %-10s %6lld hits%s  final after %7.1f ms (searching %7.1f ms)  "
                        "first turn %5.1f ms  worst stall %5.1f ms\n",
                qPrintable(term.text), qint64(search.hits().size()),
                search.isCapped() ? " (cap)" : "      ", total,
                double(search.busyNanoseconds()) / 1e6, firstTurn, stalls.worstMs());
        }
    }
}

void searchBar(HistoryStore &store)
{
    std::printf("\n3. The search bar over the room\n");
    MessageModel model;
    model.setHistory(&store);
    QWidget room;
    auto *view = new ChatView(&room);
    auto *bar = new SearchBar(&room);
    auto *layout = new QVBoxLayout(&room);
    layout->addWidget(bar);
    layout->addWidget(view, 1);
    view->setMessageModel(&model);
    bar->setRoom(view, &store);
    room.resize(800, 600);
    room.show();
    waitUntil([&] { return room.isVisible(); });
    QTest::qWait(50);

    QElapsedTimer clock;
    clock.start();
    bar->activate();
    QTest::keyClicks(bar->lineEdit(), u"needle"_s);
    StallMeter stalls; // from the last key on: QTest types all of it in one go
    stalls.start();
    waitUntil([&] { return !bar->isSearching(); });
    std::printf("   typed \"needle\" to \"%s\": %.1f ms (150 ms of it the pause after typing), "
                "worst stall %.1f ms\n",
        qPrintable(bar->counterText()), double(clock.nsecsElapsed()) / 1e6, stalls.worstMs());

    clock.restart();
    QTest::keyClick(bar->lineEdit(), Qt::Key_Return);
    std::printf("   Enter to \"%s\" shown: %.1f ms\n", qPrintable(bar->counterText()),
        double(clock.nsecsElapsed()) / 1e6);
    QTest::keyClick(bar->lineEdit(), Qt::Key_Return, Qt::ShiftModifier); // "No more matches"
    clock.restart();
    QTest::keyClick(bar->lineEdit(), Qt::Key_Return, Qt::ShiftModifier); // wraps to the oldest
    waitUntil([&] { return !bar->isSearching(); });
    const QModelIndex current = view->currentIndex();
    std::printf("   Shift+Enter wrapping to the oldest match (%s, offset %lld): %.1f ms\n",
        qPrintable(bar->counterText()),
        current.isValid() ? model.offsetOfRow(current.row()) : qint64(-1),
        double(clock.nsecsElapsed()) / 1e6);
}

} // namespace

int main(int argc, char **argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM") && !qEnvironmentVariableIsSet("DISPLAY")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({u"messages"_s, u"Messages in the history."_s, u"N"_s, u"1000000"_s});
    parser.addOption({u"file"_s, u"The history file (built once, then reused)."_s, u"PATH"_s,
        QDir::temp().filePath(u"hibiki-bench-search.sqlite"_s)});
    parser.process(app);
    const qint64 messages = parser.value(u"messages"_s).toLongLong();

    HistoryStore store;
    if (!store.open(parser.value(u"file"_s))) {
        std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(parser.value(u"file"_s)),
            qPrintable(store.error()));
        return 1;
    }
    store.setRetention(0);
    if (!buildHistory(store, messages)) {
        std::fprintf(stderr, "cannot build the history: %s\n", qPrintable(store.error()));
        return 1;
    }
    std::printf(
        "history: %lld messages in %s\n", store.count(), qPrintable(parser.value(u"file"_s)));

    const QList<Term> terms {
        {u"needle"_s, "rare, ASCII (LIKE)"},
        {u"RELEASE"_s, "every 10th message, ASCII (LIKE)"},
        {u"école"_s, "other case beyond ASCII (LIKE+GLOB)"},
        {u"東京"_s, "Japanese (LIKE)"},
        {u"qqzz"_s, "nowhere (LIKE)"},
        {u"Ωμέγα"_s, "nowhere, beyond ASCII (GLOB alone)"},
    };
    storeSearches(store, terms);
    slicedSearches(store, terms);
    searchBar(store);
    return 0;
}
