// SPDX-License-Identifier: MIT
#include "core/historystore.h"
#include "core/wholetextreader.h"

#include <QSemaphore>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QThread>
#include <QThreadPool>
#include <QTimeZone>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::ChatMessage;
using hibiki::HistoryStore;
using hibiki::WholeTextReader;

namespace {

ChatMessage chat(const QString &id, const QString &text)
{
    ChatMessage message;
    message.id = id;
    message.text = text;
    message.author = u"alice"_s;
    message.timestamp = QDateTime::fromMSecsSinceEpoch(1700000000000, QTimeZone::utc());
    return message;
}

// 16 MiB (UTF-16 units) with characters outside the BMP across the start that rows load
// (LoadedTextChars): one of them is split there in UTF-16, none in code points.
QString hugeText()
{
    QString text = u"a"_s + u"😀"_s.repeated(HistoryStore::LoadedTextChars);
    text += QString(u"0123456789abcdef"_s).repeated((16 * 1024 * 1024 - text.size()) / 16);
    return text;
}

// A pool whose only thread waits until open() is called: what is started in it after the
// gate cannot have run before.
class GatedPool
{
public:
    GatedPool()
    {
        m_pool.setMaxThreadCount(1);
        m_pool.start([this] { m_gate.acquire(); });
    }
    ~GatedPool()
    {
        open();
        m_pool.waitForDone();
    }
    void open()
    {
        if (!m_opened) {
            m_opened = true;
            m_gate.release();
        }
    }
    QThreadPool *pool() { return &m_pool; }

private:
    QThreadPool m_pool;
    QSemaphore m_gate;
    bool m_opened = false;
};

} // namespace

TEST(WholeTextReader, ReadsAHugeTextWholeInAnotherThread)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"room.sqlite"_s);
    const QString huge = hugeText();
    HistoryStore store;
    ASSERT_TRUE(store.open(path)) << store.error().toStdString();
    store.append({chat(u"1"_s, u"small"_s), chat(u"2"_s, huge), chat(u"3"_s, u"after"_s)}, u"3"_s);
    ASSERT_TRUE(store.load(1, 1).constFirst().textIsCut);

    QFuture<WholeTextReader::Result> future = store.wholeTextInBackground(1);
    future.waitForFinished();
    ASSERT_EQ(future.resultCount(), 1);
    const WholeTextReader::Result read = future.result();
    ASSERT_TRUE(read.text.has_value());
    EXPECT_EQ(read.text->size(), huge.size());
    EXPECT_TRUE(*read.text == huge);
    EXPECT_NE(read.readIn, nullptr);
    EXPECT_NE(read.readIn, QThread::currentThread());

    // No such message: nothing, and no connection of the reader's is left behind.
    future = store.wholeTextInBackground(3);
    future.waitForFinished();
    EXPECT_FALSE(future.result().text.has_value());
    for (const QString &name : QSqlDatabase::connectionNames()) {
        EXPECT_FALSE(name.startsWith(u"hibiki-core-whole-text-"_s)) << name.toStdString();
    }
}

// By key: retention deleting older messages after the read was asked for does not change
// which message it reads.
TEST(WholeTextReader, ReadsTheMessageAskedForAfterOlderOnesAreDeleted)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"room.sqlite"_s);
    HistoryStore store;
    ASSERT_TRUE(store.open(path)) << store.error().toStdString();
    store.setRetention(2);
    store.append({chat(u"1"_s, u"one"_s), chat(u"2"_s, u"two"_s)}, u"2"_s);
    GatedPool gated;
    const QFuture<WholeTextReader::Result> future
        = WholeTextReader::read(path, store.firstKey() + 1, gated.pool());
    store.append({chat(u"3"_s, u"three"_s)}, u"3"_s);
    gated.open();
    QFuture<WholeTextReader::Result>(future).waitForFinished();
    EXPECT_EQ(future.result().text, u"two"_s);
}

// The room's store may be closed and gone before the read runs: the reader needs nothing
// of it but the file's path.
TEST(WholeTextReader, AStoreClosedBeforeTheReadRunsIsNoMatter)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"room.sqlite"_s);
    const QString huge = hugeText();
    GatedPool gated;
    QFuture<WholeTextReader::Result> future;
    {
        HistoryStore store;
        ASSERT_TRUE(store.open(path)) << store.error().toStdString();
        store.append({chat(u"1"_s, huge)}, u"1"_s);
        future = WholeTextReader::read(path, store.firstKey(), gated.pool());
    }
    EXPECT_FALSE(future.isFinished());
    gated.open();
    future.waitForFinished();
    ASSERT_TRUE(future.result().text.has_value());
    EXPECT_TRUE(*future.result().text == huge);
}

// Whoever asked lost interest before the read ran (cancelled): nothing is read.
TEST(WholeTextReader, ACancelledReadReadsNothing)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"room.sqlite"_s);
    qint64 key = 0;
    {
        HistoryStore store;
        ASSERT_TRUE(store.open(path)) << store.error().toStdString();
        store.append({chat(u"1"_s, u"text"_s)}, u"1"_s);
        key = store.firstKey();
    }
    GatedPool gated;
    QFuture<WholeTextReader::Result> future = WholeTextReader::read(path, key, gated.pool());
    future.cancel();
    gated.open();
    future.waitForFinished();
    EXPECT_TRUE(future.isCanceled());
    EXPECT_EQ(future.resultCount(), 0);
}

// A store in memory cannot be seen by another connection: it is read at once, whole.
TEST(WholeTextReader, AStoreInMemoryIsReadAtOnce)
{
    HistoryStore store;
    ASSERT_TRUE(store.open(u":memory:"_s));
    const QString huge = hugeText();
    store.append({chat(u"1"_s, huge)}, u"1"_s);
    const QFuture<WholeTextReader::Result> future = store.wholeTextInBackground(0);
    ASSERT_TRUE(future.isFinished());
    EXPECT_TRUE(future.result().text == huge);
    EXPECT_FALSE(store.wholeTextInBackground(1).result().text.has_value());
}
