// SPDX-License-Identifier: MIT
// bench_ui_flood: how the window holds up.
//
//  1. Flood: a room server on its own thread posts `--rate` messages per second for
//     `--seconds` seconds into a visible room window. Reports the worst gap between two
//     ticks of a 10 ms timer on the GUI thread (the event loop's longest stall), and whether
//     every message arrived.
//  2. History: a room whose stored history holds `--history` messages (built once, then
//     reused from the temporary folder). Reports the time from creating the session to the
//     first painted frame of the list, the time to scroll up through 50 fetched batches, and
//     the process's resident memory.
//  3. Huge: a room whose newest stored message is 16 MiB of text. Reports the time from
//     creating the session to the first painted list (one stretch of the GUI thread: the
//     window's longest stall), the same for a 16 MiB message arriving in an open room, and
//     the time to show it whole in its own window with the worst event-loop gap meanwhile.
//  4. Unread: a room left at its newest message receives `--unread` messages; reports the
//     time to open it at the first unread one, and to jump with Home and End.
//
// Run it with a display (xvfb-run) or QT_QPA_PLATFORM=offscreen. Not a CTest test: the
// figures depend on the machine.
#include <ui/chatview.h>
#include <ui/mainwindow.h>
#include <ui/messagedelegate.h>
#include <ui/messagemodel.h>
#include <ui/messagetextdialog.h>
#include <ui/roomwidget.h>

#include <core/chatsession.h>
#include <core/historystore.h>
#include <hibikiserver/roomserver.h>
#include <shell/rooms.h>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QScrollBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextLayout>
#include <QThread>
#include <QTimer>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;
using namespace hibiki;

namespace {

qint64 residentKiB()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly)) {
        return -1;
    }
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:")) {
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
    }
    return -1;
}

// Ticks every 10 ms and remembers the longest time between two ticks.
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(10);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last > 0) {
                m_worst = qMax(m_worst, now - m_last);
                ++m_ticks;
            }
            m_last = now;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_worst = 0;
        m_ticks = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    double worstMs() const { return m_worst / 1e6; }
    int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_worst = 0;
    int m_ticks = 0;
};

// The room server, posting on its own thread as another process would.
class FloodSource : public QObject
{
public:
    FloodSource(int rate, int seconds)
        : m_perTick(qMax(1, rate / 100))
        , m_total(rate * seconds)
    { }

    void start(const RoomServer::Config &config)
    {
        m_server = new RoomServer(config, this);
        m_server->listen();
        m_port = m_server->port();
    }
    void flood()
    {
        auto *timer = new QTimer(this);
        timer->setTimerType(Qt::PreciseTimer);
        timer->setInterval(10);
        connect(timer, &QTimer::timeout, this, [this, timer] {
            for (int i = 0; i < m_perTick && m_posted < m_total; ++i) {
                m_server->post(u"flooder%1"_s.arg(m_posted % 7),
                    u"message %1: the quick brown fox jumps over the lazy dog"_s.arg(m_posted));
                ++m_posted;
            }
            if (m_posted >= m_total) {
                timer->stop();
            }
        });
        timer->start();
    }
    quint16 port() const { return m_port; }
    int posted() const { return m_posted; }
    quint64 cutOff() const { return m_server->statistics().clientsCutOff; }

private:
    RoomServer *m_server = nullptr;
    int m_perTick;
    int m_total;
    std::atomic_int m_posted = 0;
    quint16 m_port = 0;
};

int runFlood(int rate, int seconds, bool memoryHistory)
{
    QThread serverThread;
    FloodSource source(rate, seconds);
    source.moveToThread(&serverThread);
    serverThread.start();
    RoomServer::Config config;
    config.port = 0;
    config.history = 1000;
    config.heartbeatMs = 0;
    config.maxQueueBytes = 64 * 1024 * 1024;
    QMetaObject::invokeMethod(
        &source, [&] { source.start(config); }, Qt::BlockingQueuedConnection);

    QTemporaryDir dir;
    ChatSession::Config sessionConfig;
    sessionConfig.storagePath = memoryHistory ? u":memory:"_s : dir.filePath(u"flood.sqlite"_s);
    sessionConfig.userName = u"reader"_s;
    ChatSession session(
        Profile::hibikiRoom(QUrl(u"http://127.0.0.1:%1"_s.arg(source.port()))), sessionConfig);
    RoomWidget room(&session);
    room.resize(900, 700);
    room.show();
    room.setActive(true);
    (void)QTest::qWaitForWindowExposed(&room);
    qint64 received = 0;
    QObject::connect(&session, &ChatSession::messagesAppended,
        [&](const ChatMessages &batch) { received += batch.size(); });
    session.connectToServer();
    if (!QTest::qWaitFor(
            [&] { return session.connectionStatus().state == ConnectionStatus::State::Connected; },
            10000)) {
        std::fprintf(stderr, "could not connect\n");
        return 1;
    }

    StallMeter meter;
    meter.start();
    QElapsedTimer clock;
    clock.start();
    QMetaObject::invokeMethod(&source, [&] { source.flood(); });
    const qint64 total = qint64(rate) * seconds;
    (void)QTest::qWaitFor([&] { return received >= total; }, (seconds + 60) * 1000);
    const double elapsed = clock.elapsed() / 1000.0;
    meter.stop();

    std::printf("flood: %d messages/s for %d s into a visible window (history %s)\n", rate, seconds,
        memoryHistory ? "in memory" : "on disk");
    std::printf("  received %lld of %lld in %.2f s (%.0f messages/s), streams cut off: %llu\n",
        static_cast<long long>(received), static_cast<long long>(total), elapsed,
        received / elapsed, static_cast<unsigned long long>(source.cutOff()));
    std::printf("  worst event-loop gap (10 ms timer, %d ticks): %.1f ms\n", meter.ticks(),
        meter.worstMs());
    std::printf("  rows in the model: %d, following the bottom: %s, resident: %lld MiB\n",
        room.model()->rowCount(), room.chatView()->isFollowing() ? "yes" : "no",
        residentKiB() / 1024);

    QMetaObject::invokeMethod(
        &source, [&] { delete source.children().value(0); }, Qt::BlockingQueuedConnection);
    serverThread.quit();
    serverThread.wait();
    return received == total ? 0 : 1;
}

QString historyFile(qint64 count)
{
    const QString path = QDir::temp().filePath(u"hibiki-bench-history-%1.sqlite"_s.arg(count));
    {
        HistoryStore existing;
        if (QFile::exists(path) && existing.open(path) && existing.count() == count) {
            return path;
        }
    }
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s}) {
        QFile::remove(path + suffix);
    }
    std::printf("building a history of %lld messages in %s...\n", static_cast<long long>(count),
        qPrintable(path));
    HistoryStore store;
    store.open(path);
    store.setRetention(0);
    const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-count * 5);
    constexpr int Batch = 20000;
    for (qint64 done = 0; done < count; done += Batch) {
        ChatMessages batch;
        batch.reserve(Batch);
        for (qint64 i = done; i < qMin<qint64>(count, done + Batch); ++i) {
            ChatMessage message;
            message.id = QString::number(i + 1);
            message.author = u"user%1"_s.arg(i % 13);
            message.text = u"history message %1, some words so that it looks like chat"_s.arg(i);
            message.timestamp = start.addSecs(i * 5);
            message.eventType = u"message"_s;
            batch.append(std::move(message));
        }
        store.append(batch, batch.constLast().id);
    }
    return path;
}

class PaintWatcher : public QObject
{
public:
    bool painted = false;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint) {
            painted = true;
        }
        return false;
    }
};

int runHistory(qint64 count)
{
    const QString path = historyFile(count);
    const qint64 rssBefore = residentKiB();

    QElapsedTimer clock;
    clock.start();
    ChatSession::Config config;
    config.storagePath = path;
    config.userName = u"reader"_s;
    config.historyRetention = 0; // keep all of it
    ChatSession session(Profile::hibikiRoom(QUrl(u"http://127.0.0.1:9"_s)), config);
    RoomWidget room(&session);
    PaintWatcher watcher;
    room.chatView()->viewport()->installEventFilter(&watcher);
    room.resize(900, 700);
    room.show();
    (void)QTest::qWaitFor([&] { return watcher.painted; }, 10000);
    const double openMs = clock.nsecsElapsed() / 1e6;

    std::printf("history: %lld stored messages\n", static_cast<long long>(count));
    std::printf("  open to first painted list: %.1f ms (rows loaded: %d)\n", openMs,
        room.model()->rowCount());

    // Scroll up to the top 50 times: each time older history is fetched.
    StallMeter meter;
    meter.start();
    clock.restart();
    QScrollBar *bar = room.chatView()->verticalScrollBar();
    for (int i = 0; i < 50; ++i) {
        bar->setValue(0);
        QTest::qWait(1);
        QCoreApplication::processEvents();
    }
    meter.stop();
    std::printf("  50 scrolls to the top: %.1f ms, rows now %d, worst event-loop gap %.1f ms\n",
        clock.nsecsElapsed() / 1e6, room.model()->rowCount(), meter.worstMs());
    std::printf("  resident: %lld MiB (before opening: %lld MiB)\n", residentKiB() / 1024,
        rssBefore / 1024);
    return 0;
}

ChatMessage benchMessage(qint64 i, const QString &text)
{
    ChatMessage message;
    message.id = QString::number(i + 1);
    message.author = u"user%1"_s.arg(i % 13);
    message.text = text;
    message.timestamp = QDateTime::currentDateTimeUtc().addSecs(i - 1000);
    message.eventType = u"message"_s;
    return message;
}

// Until the next paint of `widget` has happened.
double msUntilPainted(QWidget *widget, const QElapsedTimer &clock)
{
    PaintWatcher watcher;
    widget->installEventFilter(&watcher);
    widget->update();
    (void)QTest::qWaitFor([&] { return watcher.painted; }, 10000);
    widget->removeEventFilter(&watcher);
    return clock.nsecsElapsed() / 1e6;
}

// Opens a room on the history in `path` and shows it; prints where the time went.
struct OpenedRoom
{
    std::unique_ptr<ChatSession> session;
    std::unique_ptr<RoomWidget> room;
};

OpenedRoom openRoomTimed(const QString &path, const char *what)
{
    QElapsedTimer clock;
    clock.start();
    ChatSession::Config config;
    config.storagePath = path;
    config.userName = u"reader"_s;
    OpenedRoom opened;
    opened.session
        = std::make_unique<ChatSession>(Profile::hibikiRoom(QUrl(u"http://127.0.0.1:9"_s)), config);
    const double sessionMs = clock.nsecsElapsed() / 1e6;
    opened.room = std::make_unique<RoomWidget>(opened.session.get());
    const double widgetMs = clock.nsecsElapsed() / 1e6;
    PaintWatcher watcher;
    opened.room->chatView()->viewport()->installEventFilter(&watcher);
    opened.room->resize(900, 700);
    opened.room->show();
    (void)QTest::qWaitFor([&] { return watcher.painted; }, 10000);
    opened.room->chatView()->viewport()->removeEventFilter(&watcher);
    const double openMs = clock.nsecsElapsed() / 1e6;
    std::printf("  %s: open to first painted list %.1f ms (session %.1f, room widget with its "
                "history loaded %.1f, shown and painted %.1f); characters laid out: %lld\n",
        what, openMs, sessionMs, widgetMs - sessionMs, openMs - widgetMs,
        static_cast<long long>(
            opened.room->chatView()->messageDelegate()->laidOutCharacterCount()));
    return opened;
}

int runHuge()
{
    QTemporaryDir dir;
    const QString huge = QString(u"0123456789abcdef"_s).repeated(1024 * 1024); // 16 MiB
    for (const bool withHuge : {false, true}) {
        HistoryStore store;
        store.open(dir.filePath(withHuge ? u"huge.sqlite"_s : u"plain.sqlite"_s));
        ChatMessages messages;
        for (int i = 0; i < 300; ++i) {
            messages.append(benchMessage(i, u"message %1 before the huge one"_s.arg(i)));
        }
        if (withHuge) {
            messages.append(benchMessage(300, huge));
        }
        store.append(messages, messages.constLast().id);
    }
    std::printf("huge: a room whose newest message is 16 MiB of text (one line)\n");
    (void)openRoomTimed(dir.filePath(u"plain.sqlite"_s), "the same room without it");
    const OpenedRoom opened = openRoomTimed(dir.filePath(u"huge.sqlite"_s), "with it");
    ChatSession &session = *opened.session;
    RoomWidget &room = *opened.room;
    QElapsedTimer clock;

    // Of which reading the window's rows from SQLite: no more than the start of the 16 MiB
    // text is converted.
    clock.restart();
    const ChatMessages newest = session.history().load(301 - 200, 200);
    std::printf("  of which HistoryStore::load() of the newest 200 rows: %.1f ms (%lld rows)\n",
        clock.nsecsElapsed() / 1e6, static_cast<long long>(newest.size()));
    // What "Show whole message" reads from the store (in a worker thread: see below), here
    // on this thread for its cost alone.
    clock.restart();
    const qsizetype wholeSize = session.history().wholeText(300).value_or(QString()).size();
    std::printf("  HistoryStore::wholeText() of the 16 MiB message, on this thread: %.1f ms (%lld "
                "characters)\n",
        clock.nsecsElapsed() / 1e6, static_cast<long long>(wholeSize));

    // "Show whole message" as the view does it: the window opens with the start the row
    // has, the rest is read in a worker thread and goes in once it arrives; a 10 ms timer
    // measures the event loop throughout.
    {
        MessageModel &model = *room.model();
        int hugeRow = -1;
        for (int row = 0; row < model.rowCount() && hugeRow < 0; ++row) {
            hugeRow = model.needsStoreRead(row) ? row : -1;
        }
        StallMeter meter;
        meter.start();
        clock.restart();
        MessageTextDialog dialog(u"huge"_s, model.message(hugeRow).text);
        dialog.waitForWholeText(model.wholeTextInBackground(hugeRow));
        dialog.show();
        const double upMs = clock.nsecsElapsed() / 1e6;
        (void)QTest::qWaitFor([&] { return !dialog.isWaitingForText(); }, 120000);
        const double arrivedMs = clock.nsecsElapsed() / 1e6;
        (void)QTest::qWaitFor([&] { return dialog.isLoaded(); }, 120000);
        const double loadMs = clock.nsecsElapsed() / 1e6;
        meter.stop();
        std::printf("  'Show whole message' of the stored 16 MiB message: window up in %.1f ms, "
                    "whole text read (worker thread) after %.0f ms (%lld characters), what "
                    "the window shows (%lld) in the view after %.0f ms, worst gap of a 10 ms "
                    "timer meanwhile %.1f ms\n",
            upMs, arrivedMs, static_cast<long long>(dialog.text().size()),
            static_cast<long long>(dialog.shownSize()), loadMs, meter.worstMs());
    }

    // Another one arrives in the open room (stored first, as the session does).
    HistoryStore &store = const_cast<HistoryStore &>(session.history());
    const ChatMessages arriving = store.append({benchMessage(301, huge + u"!"_s)}, u"302"_s);
    clock.restart();
    room.model()->appendMessages(arriving);
    const double arriveMs = msUntilPainted(room.chatView()->viewport(), clock);
    std::printf("  a 16 MiB message arriving, to painted: %.1f ms\n", arriveMs);

    // Shown whole, in its own window, while a 10 ms timer measures the event loop.
    // For comparison, what opening a window costs whatever it shows: the same dialog with
    // five characters, until it has been exposed and painted.
    {
        StallMeter opening;
        opening.start();
        MessageTextDialog small(u"short"_s, u"hello"_s);
        small.show();
        (void)QTest::qWaitForWindowExposed(&small);
        QTest::qWait(200);
        opening.stop();
        std::printf("  the dialog with a 5-character text, for comparison: worst gap of a 10 ms "
                    "timer while it opens %.1f ms\n",
            opening.worstMs());
    }
    StallMeter meter;
    StallMeter filling; // from the first painting on: the slices alone
    meter.start();
    clock.restart();
    MessageTextDialog dialog(u"huge"_s, huge);
    dialog.show();
    const double firstSliceMs = clock.nsecsElapsed() / 1e6;
    (void)QTest::qWaitForWindowExposed(&dialog);
    filling.start();
    (void)QTest::qWaitFor([&] { return dialog.isLoaded(); }, 120000);
    const double loadMs = clock.nsecsElapsed() / 1e6;
    meter.stop();
    filling.stop();
    std::printf("  the dialog alone with 16 MiB in memory: window up in %.1f ms, what it shows "
                "(%lld characters) in the view after %.0f ms, worst gap of a 10 ms timer "
                "meanwhile %.1f ms (%.1f ms once the window was painted)\n",
        firstSliceMs, static_cast<long long>(dialog.shownSize()), loadMs, meter.worstMs(),
        filling.worstMs());

    // What a row cost before it was cut: laying out all of the text (64 KiB of it here;
    // QTextLayout takes about a minute for 1 MiB of one line).
    clock.restart();
    QTextLayout layout(huge.left(64 * 1024), room.font());
    QTextOption wrapping;
    wrapping.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout.setTextOption(wrapping);
    layout.beginLayout();
    for (QTextLine line = layout.createLine(); line.isValid(); line = layout.createLine()) {
        line.setLineWidth(800);
    }
    layout.endLayout();
    std::printf("  for comparison, laying out 64 KiB of it uncut: %.0f ms (%d lines)\n",
        clock.nsecsElapsed() / 1e6, layout.lineCount());
    // The most a row lays out, cut and expanded in place, for text without spaces (the
    // slowest to wrap) and for words.
    for (const int chars :
        {MessageDelegate::MaxShownChars, MessageDelegate::ExpandInPlaceMaxChars}) {
        double ms[2] = {0, 0};
        for (const bool words : {false, true}) {
            clock.restart();
            QTextLayout part(
                words ? QString(u"word "_s).repeated(chars / 5) : huge.left(chars), room.font());
            part.setTextOption(wrapping);
            part.beginLayout();
            for (QTextLine line = part.createLine(); line.isValid(); line = part.createLine()) {
                line.setLineWidth(800);
            }
            part.endLayout();
            ms[words ? 1 : 0] = clock.nsecsElapsed() / 1e6;
        }
        std::printf("  laying out %d characters: %.1f ms without spaces, %.1f ms in words\n", chars,
            ms[0], ms[1]);
    }
    std::printf("  resident: %lld MiB\n", residentKiB() / 1024);
    return 0;
}

int runUnread(int unread)
{
    QTemporaryDir dir;
    ChatSession::Config config;
    config.storagePath = dir.filePath(u"unread.sqlite"_s);
    config.userName = u"reader"_s;
    ChatSession session(Profile::hibikiRoom(QUrl(u"http://127.0.0.1:9"_s)), config);
    HistoryStore &store = const_cast<HistoryStore &>(session.history());
    RoomWidget room(&session);
    room.resize(900, 700);
    room.show();
    (void)QTest::qWaitForWindowExposed(&room);
    room.setActive(true);
    const auto arrive = [&](qint64 first, qint64 count, const QString &text) {
        for (qint64 done = 0; done < count; done += 1000) {
            ChatMessages batch;
            for (qint64 i = first + done; i < first + qMin(count, done + 1000); ++i) {
                batch.append(benchMessage(i, text.arg(i)));
            }
            room.model()->appendMessages(store.append(batch, batch.constLast().id));
            QCoreApplication::processEvents();
        }
    };
    arrive(0, 2000, u"read message %1, some words so that it looks like chat"_s);
    room.setActive(false);
    arrive(2000, unread, u"unread message %1, some words so that it looks like chat"_s);

    QElapsedTimer clock;
    clock.start();
    room.setActive(true);
    const double openMs = msUntilPainted(room.chatView()->viewport(), clock);
    const QModelIndex top = room.chatView()->indexAt(QPoint(1, 1));
    std::printf("unread: %d messages arrived while the room was away\n", unread);
    std::printf("  back to the room, at the first unread, painted: %.1f ms (top row: \"%s\")\n",
        openMs, qPrintable(top.data().toString().left(24)));
    clock.restart();
    QTest::keyClick(room.chatView(), Qt::Key_Home);
    const double homeMs = msUntilPainted(room.chatView()->viewport(), clock);
    clock.restart();
    QTest::keyClick(room.chatView(), Qt::Key_End);
    const double endMs = msUntilPainted(room.chatView()->viewport(), clock);
    std::printf("  Home (the oldest) painted: %.1f ms, End (the newest) painted: %.1f ms, rows "
                "in the model: %d\n",
        homeMs, endMs, room.model()->rowCount());
    return 0;
}

// The first start: no room configured, so the window hosts one; until the room's messages
// are painted. Process start-up (loading Qt) comes on top: `hibiki --version` takes it.
int runStartup()
{
    QTemporaryDir dir;
    qputenv("XDG_DATA_HOME", dir.filePath(u"data"_s).toLocal8Bit());
    QElapsedTimer clock;
    clock.start();
    RoomConfigStore store(dir.filePath(u"config"_s));
    store.load();
    hibiki::Rooms::Options roomOptions;
    roomOptions.keepDrafts = false;
    roomOptions.defaultHostPort = 0;
    hibiki::Rooms rooms(&store, roomOptions);
    MainWindow::Options options;
    options.restoreSettings = false;
    MainWindow window(&rooms, options);
    window.openConfiguredRooms();
    window.ensureARoom();
    PaintWatcher watcher;
    RoomWidget *room = window.currentRoom();
    if (!room) {
        return 1;
    }
    room->chatView()->viewport()->installEventFilter(&watcher);
    window.show();
    (void)QTest::qWaitFor([&] { return watcher.painted; }, 10000);
    std::printf("startup: first run (hosting a room) to a painted window: %.1f ms\n",
        clock.nsecsElapsed() / 1e6);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Flood and history benchmarks of the Hibiki window."_s);
    parser.addHelpOption();
    const QCommandLineOption rate(u"rate"_s, u"Messages per second (10000)."_s, u"N"_s, u"10000"_s);
    const QCommandLineOption seconds(u"seconds"_s, u"Flood duration (10)."_s, u"S"_s, u"10"_s);
    const QCommandLineOption history(
        u"history"_s, u"Stored messages (1000000)."_s, u"N"_s, u"1000000"_s);
    const QCommandLineOption only(
        u"only"_s, u"startup, flood, history, huge or unread."_s, u"PART"_s);
    const QCommandLineOption unread(u"unread"_s, u"Unread messages (5000)."_s, u"N"_s, u"5000"_s);
    const QCommandLineOption memory(u"memory-history"_s,
        u"Flood: keep the room's history in memory, not in SQLite "
        "on disk (to tell the store's share of the time)."_s);
    parser.addOptions({rate, seconds, history, only, memory, unread});
    parser.process(app);

    int result = 0;
    const QString part = parser.value(only);
    if (part.isEmpty() || part == u"startup"_s) {
        result |= runStartup();
    }
    if (part.isEmpty() || part == u"flood"_s) {
        result |= runFlood(
            parser.value(rate).toInt(), parser.value(seconds).toInt(), parser.isSet(memory));
    }
    if (part.isEmpty() || part == u"history"_s) {
        result |= runHistory(parser.value(history).toLongLong());
    }
    if (part.isEmpty() || part == u"huge"_s) {
        result |= runHuge();
    }
    if (part.isEmpty() || part == u"unread"_s) {
        result |= runUnread(parser.value(unread).toInt());
    }
    return result;
}
