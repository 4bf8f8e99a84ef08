// SPDX-License-Identifier: MIT
// MessageModel: lazy history, pending rows and their echoes, grouping, day separators,
// mentions, the unread marker and the row limit; every case under QAbstractItemModelTester.
#include <ui/messagemodel.h>

#include <core/historystore.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTimeZone>

#include <gtest/gtest.h>

#include <memory>

using namespace Qt::StringLiterals;
using hibiki::ChatMessage;
using hibiki::ChatMessages;
using hibiki::HistoryStore;
using hibiki::MessageModel;
using hibiki::OutboxEntry;

namespace {

// Noon, local time, on 2025-05-01 plus `days`, plus `minutes`.
QDateTime localNoon(int days = 0, int minutes = 0)
{
    return QDateTime(QDate(2025, 5, 1).addDays(days), QTime(12, 0)).addSecs(minutes * 60);
}

ChatMessage chat(const QString &id, const QString &author, const QString &text,
    const QDateTime &local = localNoon(), const QString &clientId = {})
{
    ChatMessage message;
    message.id = id;
    message.author = author;
    message.text = text;
    message.timestamp = local.toUTC();
    message.clientId = clientId;
    message.eventType = u"message"_s;
    return message;
}

OutboxEntry entry(const QString &clientId, const QString &text,
    OutboxEntry::State state = OutboxEntry::State::Sending)
{
    OutboxEntry e;
    e.clientId = clientId;
    e.text = text;
    e.created = localNoon(0, 30).toUTC();
    e.state = state;
    return e;
}

class MessageModelTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_store.open(u":memory:"_s)) << m_store.error().toStdString();
        m_store.setRetention(0);
        m_tester = std::make_unique<QAbstractItemModelTester>(
            &m_model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        // The tester would call fetchMore() from inside every change notification; history
        // is fetched by the tests themselves, the way the view does it.
        m_tester->setUseFetchMore(false);
    }

    // Stores `count` messages m0..m(count-1), one minute apart, alternating two authors.
    void fillStore(int count)
    {
        ChatMessages batch;
        for (int i = 0; i < count; ++i) {
            batch.append(chat(u"%1"_s.arg(i), i % 2 ? u"bob"_s : u"carol"_s, u"m%1"_s.arg(i),
                localNoon(0, i % 600)));
        }
        ASSERT_EQ(m_store.append(batch, u"%1"_s.arg(count - 1)).size(), count);
    }

    // What the session does: store, then tell the model.
    void arrive(const ChatMessages &messages)
    {
        const ChatMessages added = m_store.append(messages, messages.last().id);
        m_model.appendMessages(added);
    }

    QString text(int row) const { return m_model.index(row).data().toString(); }

    HistoryStore m_store;
    MessageModel m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

TEST_F(MessageModelTest, OpensWithTheNewestMessagesAndFetchesOlderOnesInBatches)
{
    fillStore(1000);
    m_model.setFetchBatchSize(300);
    m_model.setHistory(&m_store, 100);

    ASSERT_EQ(m_model.rowCount(), 100);
    EXPECT_EQ(text(0), u"m900"_s);
    EXPECT_EQ(text(99), u"m999"_s);
    EXPECT_EQ(m_model.olderMessageCount(), 900);
    ASSERT_TRUE(m_model.canFetchMore({}));

    QSignalSpy inserted(&m_model, &QAbstractItemModel::rowsInserted);
    m_model.fetchMore({});
    ASSERT_EQ(inserted.size(), 1);
    EXPECT_EQ(inserted.at(0).at(1).toInt(), 0);
    EXPECT_EQ(inserted.at(0).at(2).toInt(), 299);
    EXPECT_EQ(m_model.rowCount(), 400);
    EXPECT_EQ(text(0), u"m600"_s);
    EXPECT_EQ(text(300), u"m900"_s);

    int rounds = 0;
    while (m_model.canFetchMore({}) && rounds++ < 10) {
        m_model.fetchMore({});
    }
    EXPECT_EQ(m_model.rowCount(), 1000);
    EXPECT_FALSE(m_model.canFetchMore({}));
    for (int row = 0; row < 1000; ++row) {
        ASSERT_EQ(text(row), u"m%1"_s.arg(row));
    }
}

TEST_F(MessageModelTest, WithoutAStoreThereIsNothingToFetch)
{
    m_model.setHistory(nullptr);
    EXPECT_EQ(m_model.rowCount(), 0);
    EXPECT_FALSE(m_model.canFetchMore({}));
    m_model.fetchMore({});
    m_model.appendMessages({chat(u"1"_s, u"bob"_s, u"hi"_s)});
    EXPECT_EQ(m_model.rowCount(), 1);
    EXPECT_FALSE(m_model.canFetchMore({}));
}

TEST_F(MessageModelTest, AppendsNewMessagesAfterTheWindowAndKeepsFetchingConsistent)
{
    fillStore(50);
    m_model.setFetchBatchSize(20);
    m_model.setHistory(&m_store, 10);
    arrive({chat(u"50"_s, u"bob"_s, u"m50"_s), chat(u"51"_s, u"bob"_s, u"m51"_s)});
    ASSERT_EQ(m_model.rowCount(), 12);
    EXPECT_EQ(text(11), u"m51"_s);
    EXPECT_EQ(m_model.olderMessageCount(), 40);
    while (m_model.canFetchMore({})) {
        m_model.fetchMore({});
    }
    ASSERT_EQ(m_model.rowCount(), 52);
    for (int row = 0; row < 52; ++row) {
        ASSERT_EQ(text(row), u"m%1"_s.arg(row));
    }
}

TEST_F(MessageModelTest, RowLimitDropsTheOldestRowsWhichCanBeFetchedAgain)
{
    m_model.setHistory(&m_store);
    m_model.setRowLimit(50);
    for (int i = 0; i < 100; ++i) {
        arrive({chat(u"%1"_s.arg(i), u"bob"_s, u"m%1"_s.arg(i))});
    }
    ASSERT_EQ(m_model.rowCount(), 50);
    EXPECT_EQ(text(0), u"m50"_s);
    EXPECT_EQ(text(49), u"m99"_s);
    EXPECT_TRUE(m_model.index(0).data(MessageModel::DaySeparatorRole).toDate().isValid());
    EXPECT_FALSE(m_model.index(0).data(MessageModel::IsGroupedRole).toBool());

    m_model.setRowLimit(0);
    m_model.setFetchBatchSize(30);
    m_model.fetchMore({});
    ASSERT_EQ(m_model.rowCount(), 80);
    EXPECT_EQ(text(0), u"m20"_s);
    EXPECT_EQ(text(30), u"m50"_s);
}

TEST_F(MessageModelTest, PendingMessageIsReplacedByItsEchoAndShownOnce)
{
    m_model.setHistory(&m_store);
    m_model.setUserName(u"alice"_s);
    arrive({chat(u"1"_s, u"bob"_s, u"hello"_s)});

    m_model.updateOutboxEntry(entry(u"c1"_s, u"hi bob"_s));
    ASSERT_EQ(m_model.rowCount(), 2);
    const QModelIndex pending = m_model.index(1);
    EXPECT_TRUE(pending.data(MessageModel::IsPendingRole).toBool());
    EXPECT_TRUE(pending.data(MessageModel::IsOwnRole).toBool());
    EXPECT_EQ(pending.data(MessageModel::AuthorRole).toString(), u"alice"_s);
    EXPECT_EQ(pending.data(MessageModel::SendStateRole).toInt(), int(OutboxEntry::State::Sending));
    EXPECT_EQ(m_model.rowForClientId(u"c1"_s), 1);

    // The echo comes before the POST's answer: one row, no longer pending.
    arrive({chat(u"2"_s, u"alice"_s, u"hi bob"_s, localNoon(0, 30), u"c1"_s)});
    ASSERT_EQ(m_model.rowCount(), 2);
    EXPECT_FALSE(m_model.index(1).data(MessageModel::IsPendingRole).toBool());
    EXPECT_EQ(text(1), u"hi bob"_s);
    EXPECT_EQ(m_model.rowForClientId(u"c1"_s), -1);

    // A retried post of the same message (its answer was lost) must not show it twice.
    m_model.updateOutboxEntry(entry(u"c1"_s, u"hi bob"_s));
    EXPECT_EQ(m_model.rowCount(), 2);
    m_model.updateOutboxEntry(entry(u"c1"_s, u"hi bob"_s, OutboxEntry::State::Delivered));
    EXPECT_EQ(m_model.rowCount(), 2);
}

TEST_F(MessageModelTest, DeliveredMessageStaysUntilItsEchoArrives)
{
    m_model.setHistory(&m_store);
    m_model.setUserName(u"alice"_s);
    m_model.updateOutboxEntry(entry(u"c1"_s, u"one"_s));
    m_model.updateOutboxEntry(entry(u"c1"_s, u"one"_s, OutboxEntry::State::Delivered));
    ASSERT_EQ(m_model.rowCount(), 1);
    EXPECT_EQ(m_model.index(0).data(MessageModel::SendStateRole).toInt(),
        int(OutboxEntry::State::Delivered));

    arrive({chat(u"7"_s, u"alice"_s, u"one"_s, localNoon(), u"c1"_s)});
    ASSERT_EQ(m_model.rowCount(), 1);
    EXPECT_FALSE(m_model.index(0).data(MessageModel::IsPendingRole).toBool());
    EXPECT_EQ(m_model.index(0).data(MessageModel::MessageIdRole).toString(), u"7"_s);
}

TEST_F(MessageModelTest, FailedMessageShowsItsErrorAndCanBeDiscarded)
{
    m_model.setHistory(&m_store);
    m_model.updateOutboxEntry(entry(u"c1"_s, u"a"_s));
    m_model.updateOutboxEntry(entry(u"c2"_s, u"b"_s));
    OutboxEntry failed = entry(u"c1"_s, u"a"_s, OutboxEntry::State::Failed);
    failed.error = u"the server refused it (HTTP 413)"_s;
    QSignalSpy changed(&m_model, &QAbstractItemModel::dataChanged);
    m_model.updateOutboxEntry(failed);
    ASSERT_GE(changed.size(), 1);
    EXPECT_EQ(changed.at(0).at(0).value<QModelIndex>().row(), 0);
    EXPECT_EQ(m_model.index(0).data(MessageModel::SendStateRole).toInt(),
        int(OutboxEntry::State::Failed));
    EXPECT_EQ(m_model.index(0).data(MessageModel::SendErrorRole).toString(), failed.error);

    m_model.updateOutboxEntry(entry(u"c1"_s, u"a"_s, OutboxEntry::State::Discarded));
    ASSERT_EQ(m_model.rowCount(), 1);
    EXPECT_EQ(text(0), u"b"_s);
    // A message stored in a previous run whose entry is still in the outbox is not doubled.
    arrive({chat(u"9"_s, u"alice"_s, u"c"_s, localNoon(), u"c3"_s)});
    m_model.updateOutboxEntry(entry(u"c3"_s, u"c"_s));
    EXPECT_EQ(m_model.rowCount(), 2);
}

TEST_F(MessageModelTest, PendingRowsStayBelowNewHistory)
{
    m_model.setHistory(&m_store);
    m_model.updateOutboxEntry(entry(u"c1"_s, u"mine"_s));
    arrive({chat(u"1"_s, u"bob"_s, u"theirs"_s)});
    ASSERT_EQ(m_model.rowCount(), 2);
    EXPECT_EQ(text(0), u"theirs"_s);
    EXPECT_EQ(text(1), u"mine"_s);
    EXPECT_EQ(m_model.historyRowCount(), 1);
    EXPECT_EQ(m_model.pendingRowCount(), 1);
}

TEST_F(MessageModelTest, GroupsConsecutiveMessagesOfOneAuthor)
{
    m_model.setHistory(&m_store);
    ChatMessage join;
    join.kind = ChatMessage::Kind::Join;
    join.author = u"dave"_s;
    join.id = u"j"_s;
    join.timestamp = localNoon(0, 4).toUTC();
    arrive({chat(u"1"_s, u"bob"_s, u"a"_s, localNoon(0, 0)),
        chat(u"2"_s, u"bob"_s, u"b"_s, localNoon(0, 2)), // same author, 2 min later
        chat(u"3"_s, u"carol"_s, u"c"_s, localNoon(0, 3)), // another author
        join, // presence breaks a block
        chat(u"4"_s, u"carol"_s, u"d"_s, localNoon(0, 5)),
        chat(u"5"_s, u"carol"_s, u"e"_s, localNoon(0, 11))}); // 6 minutes later
    const auto grouped
        = [&](int row) { return m_model.index(row).data(MessageModel::IsGroupedRole).toBool(); };
    EXPECT_FALSE(grouped(0));
    EXPECT_TRUE(grouped(1));
    EXPECT_FALSE(grouped(2));
    EXPECT_FALSE(grouped(3));
    EXPECT_FALSE(grouped(4));
    EXPECT_FALSE(grouped(5));
    EXPECT_EQ(text(3), u"dave joined"_s);
}

TEST_F(MessageModelTest, MarksTheFirstRowOfEachDay)
{
    m_model.setHistory(&m_store);
    arrive({chat(u"1"_s, u"bob"_s, u"a"_s, localNoon(0)),
        chat(u"2"_s, u"bob"_s, u"b"_s, localNoon(0, 1)),
        chat(u"3"_s, u"bob"_s, u"c"_s, localNoon(1)),
        chat(u"4"_s, u"bob"_s, u"d"_s, localNoon(1, 1))});
    const auto day
        = [&](int row) { return m_model.index(row).data(MessageModel::DaySeparatorRole).toDate(); };
    EXPECT_EQ(day(0), QDate(2025, 5, 1));
    EXPECT_FALSE(day(1).isValid());
    EXPECT_EQ(day(2), QDate(2025, 5, 2));
    EXPECT_FALSE(day(3).isValid());
    // A new day also starts a new block, even within five minutes of midnight.
    EXPECT_FALSE(m_model.index(2).data(MessageModel::IsGroupedRole).toBool());
}

TEST_F(MessageModelTest, FetchingOlderRowsUpdatesTheFormerFirstRow)
{
    arrive({chat(u"1"_s, u"bob"_s, u"a"_s), chat(u"2"_s, u"bob"_s, u"b"_s, localNoon(0, 1))});
    m_model.setHistory(&m_store, 1);
    ASSERT_EQ(m_model.rowCount(), 1);
    EXPECT_TRUE(m_model.index(0).data(MessageModel::DaySeparatorRole).toDate().isValid());
    QSignalSpy changed(&m_model, &QAbstractItemModel::dataChanged);
    m_model.fetchMore({});
    ASSERT_EQ(m_model.rowCount(), 2);
    ASSERT_EQ(changed.size(), 1);
    EXPECT_EQ(changed.at(0).at(0).value<QModelIndex>().row(), 1);
    EXPECT_FALSE(m_model.index(1).data(MessageModel::DaySeparatorRole).toDate().isValid());
    EXPECT_TRUE(m_model.index(1).data(MessageModel::IsGroupedRole).toBool());
}

TEST_F(MessageModelTest, DetectsMentionsOfTheUserAsWholeWords)
{
    m_model.setHistory(&m_store);
    m_model.setUserName(u"alice"_s);
    arrive({chat(u"1"_s, u"bob"_s, u"hi Alice!"_s), chat(u"2"_s, u"bob"_s, u"ping @alice"_s),
        chat(u"3"_s, u"bob"_s, u"such malice"_s), chat(u"4"_s, u"alice"_s, u"I am alice"_s),
        chat(u"5"_s, u"bob"_s, u"alice_bot is down"_s)});
    const auto mention
        = [&](int row) { return m_model.index(row).data(MessageModel::MentionRole).toBool(); };
    EXPECT_TRUE(mention(0));
    EXPECT_TRUE(mention(1));
    EXPECT_FALSE(mention(2));
    EXPECT_FALSE(mention(3)); // one's own message
    EXPECT_FALSE(mention(4));
    EXPECT_TRUE(m_model.index(3).data(MessageModel::IsOwnRole).toBool());

    m_model.setUserName(u"bob"_s);
    EXPECT_FALSE(mention(0));
    EXPECT_FALSE(mention(1));
    EXPECT_FALSE(m_model.index(3).data(MessageModel::IsOwnRole).toBool());
}

TEST_F(MessageModelTest, UnreadMarkerGoesOnTheFirstMessageAfterLeaving)
{
    m_model.setHistory(&m_store);
    arrive({chat(u"1"_s, u"bob"_s, u"seen"_s)});
    EXPECT_EQ(m_model.unreadMarkerRow(), -1);
    m_model.markUnreadFromNextMessage();
    arrive({chat(u"2"_s, u"bob"_s, u"new 1"_s, localNoon(0, 1)),
        chat(u"3"_s, u"bob"_s, u"new 2"_s, localNoon(0, 1))});
    EXPECT_EQ(m_model.unreadMarkerRow(), 1);
    EXPECT_TRUE(m_model.index(1).data(MessageModel::UnreadMarkerRole).toBool());
    EXPECT_FALSE(m_model.index(2).data(MessageModel::UnreadMarkerRole).toBool());
    // The marker starts a new block so that the author is shown under it.
    EXPECT_FALSE(m_model.index(1).data(MessageModel::IsGroupedRole).toBool());
    EXPECT_TRUE(m_model.index(2).data(MessageModel::IsGroupedRole).toBool());

    arrive({chat(u"4"_s, u"bob"_s, u"more"_s, localNoon(0, 2))});
    EXPECT_EQ(m_model.unreadMarkerRow(), 1);
    m_model.clearUnreadMarker();
    EXPECT_EQ(m_model.unreadMarkerRow(), -1);
}

TEST_F(MessageModelTest, KeepsMessageTextExactlyAsReceived)
{
    m_model.setHistory(&m_store);
    const QStringList texts {
        u"<b>bold</b>"_s, u"<img src=x onerror=alert(1)>"_s, u"&amp; &lt;"_s, u"line 1\nline 2"_s};
    ChatMessages batch;
    for (int i = 0; i < texts.size(); ++i) {
        batch.append(chat(u"%1"_s.arg(i), u"<i>mallory</i>"_s, texts.at(i)));
    }
    arrive(batch);
    for (int i = 0; i < texts.size(); ++i) {
        EXPECT_EQ(text(i), texts.at(i));
        EXPECT_EQ(m_model.index(i).data(MessageModel::AuthorRole).toString(), u"<i>mallory</i>"_s);
    }
    EXPECT_EQ(m_model.plainText(0), u"[2025-05-01 12:00] <i>mallory</i>: <b>bold</b>"_s);
}

TEST_F(MessageModelTest, ShowsPresenceAndGapsInWords)
{
    m_model.setHistory(&m_store);
    ChatMessage leave;
    leave.kind = ChatMessage::Kind::Leave;
    leave.author = u"bob"_s;
    leave.timestamp = localNoon().toUTC();
    ChatMessage gap;
    gap.kind = ChatMessage::Kind::Gap;
    gap.timestamp = localNoon().toUTC();
    m_model.appendMessages({leave, gap});
    EXPECT_EQ(text(0), u"bob left"_s);
    EXPECT_EQ(text(1), u"Some messages were missed here"_s);
    EXPECT_EQ(m_model.index(1).data(MessageModel::KindRole).toInt(), int(ChatMessage::Kind::Gap));

    // A Hibiki room's gap event (JSON, no text field) says its reason in words; any other
    // gap text, such as the app's own notice after a reconnect, is the line itself; and a
    // system line is its text.
    ChatMessages more;
    for (const QString &data : {u"{\"from\":2,\"to\":4,\"reason\":\"expired\"}"_s,
             u"{\"reason\":\"unknown\",\"lastEventId\":\"99\",\"lastId\":7}"_s,
             u"{\"something\":1}"_s, u"Messages sent meanwhile may be missing"_s}) {
        ChatMessage line = gap;
        line.text = data;
        more.append(line);
    }
    ChatMessage system = gap;
    system.kind = ChatMessage::Kind::System;
    system.text = u"The room will restart at midnight"_s;
    more.append(system);
    m_model.appendMessages(more);
    EXPECT_EQ(text(2), u"Some messages were missed here: the server no longer keeps them"_s);
    EXPECT_EQ(text(3), u"Some messages may be missing here: the server started over"_s);
    EXPECT_EQ(text(4), u"Some messages were missed here"_s);
    EXPECT_EQ(text(5), u"Messages sent meanwhile may be missing"_s);
    EXPECT_EQ(text(6), u"The room will restart at midnight"_s);
    EXPECT_EQ(m_model.plainText(5), u"[2025-05-01 12:00] Messages sent meanwhile may be missing"_s);
}

} // namespace

namespace {

TEST_F(MessageModelTest, WindowMovesThroughTheStoreBothWaysWithinItsLimit)
{
    fillStore(5000);
    m_model.setFetchBatchSize(200);
    m_model.setRowLimit(1000);
    m_model.setFollowing(false);
    m_model.setHistory(&m_store);
    ASSERT_TRUE(m_model.isAtNewest());

    // Jump to the oldest: the rows there, nothing newer shown.
    m_model.moveWindowTo(0, 300);
    ASSERT_EQ(m_model.rowCount(), 300);
    EXPECT_EQ(m_model.windowStart(), 0);
    EXPECT_EQ(text(0), u"m0"_s);
    EXPECT_FALSE(m_model.canFetchMore({}));
    EXPECT_FALSE(m_model.isAtNewest());
    EXPECT_EQ(m_model.newerMessageCount(), 4700);

    // Down to the newest in batches: the window never holds more than its limit, and its
    // rows are always the store's rows at its offsets.
    int rounds = 0;
    while (m_model.canFetchNewer() && rounds++ < 100) {
        m_model.fetchNewer();
        ASSERT_LE(m_model.rowCount(), 1000);
        ASSERT_EQ(text(0), u"m%1"_s.arg(m_model.windowStart()));
        ASSERT_EQ(text(m_model.rowCount() - 1),
            u"m%1"_s.arg(m_model.windowStart() + m_model.rowCount() - 1));
    }
    EXPECT_TRUE(m_model.isAtNewest());
    EXPECT_EQ(text(m_model.rowCount() - 1), u"m4999"_s);
    EXPECT_EQ(m_model.rowCount(), 1000);

    // And back up: the newest rows go as older ones come.
    for (int i = 0; i < 10; ++i) {
        m_model.fetchMore({});
        ASSERT_LE(m_model.rowCount(), 1000);
    }
    EXPECT_EQ(m_model.windowStart(), 2000);
    EXPECT_EQ(text(0), u"m2000"_s);
    EXPECT_EQ(m_model.rowForOffset(2500), 500);
    EXPECT_EQ(m_model.offsetOfRow(500), 2500);
    EXPECT_EQ(m_model.rowForOffset(4999), -1);
    EXPECT_FALSE(m_model.isAtNewest());

    // A jump to the newest.
    m_model.showNewest(100);
    ASSERT_EQ(m_model.rowCount(), 100);
    EXPECT_EQ(text(99), u"m4999"_s);
    EXPECT_TRUE(m_model.isAtNewest());
}

TEST_F(MessageModelTest, ScrolledUpTheWindowStaysBoundedWhile100kMessagesArrive)
{
    fillStore(500);
    m_model.setRowLimit(1000);
    m_model.setHistory(&m_store);
    m_model.setFollowing(false); // the user reads further up
    ASSERT_EQ(m_model.rowCount(), 200);
    const quint64 firstKey = m_model.index(0).data(MessageModel::RowKeyRole).toULongLong();
    m_model.updateOutboxEntry(entry(u"c1"_s, u"mine"_s));
    ASSERT_EQ(m_model.rowCount(), 201);
    QSignalSpy appended(&m_model, &MessageModel::messagesAppended);

    int most = 0;
    for (int batch = 0; batch < 100; ++batch) {
        ChatMessages messages;
        for (int i = 0; i < 1000; ++i) {
            const int n = 500 + batch * 1000 + i;
            messages.append(chat(u"%1"_s.arg(n), u"bob"_s, u"m%1"_s.arg(n)));
        }
        arrive(messages);
        most = qMax(most, m_model.rowCount());
    }
    EXPECT_EQ(appended.size(), 100);
    EXPECT_LE(most, 1001);
    EXPECT_EQ(m_model.historyRowCount(), 1000);
    EXPECT_EQ(m_model.storedMessageCount(), 100500);
    EXPECT_EQ(m_model.newerMessageCount(), 100500 - 1300);
    // The rows the user reads stayed where they were.
    EXPECT_EQ(m_model.index(0).data(MessageModel::RowKeyRole).toULongLong(), firstKey);
    EXPECT_EQ(text(0), u"m300"_s);
    // The pending row belongs after the newest message: not shown in the middle.
    EXPECT_EQ(m_model.rowForClientId(u"c1"_s), -1);
    EXPECT_EQ(m_model.pendingRowCount(), 1);

    // Following again: the window jumps to the newest, and the pending row is back.
    m_model.setFollowing(true);
    m_model.showNewest(200);
    EXPECT_EQ(text(199), u"m100499"_s);
    EXPECT_EQ(m_model.rowForClientId(u"c1"_s), 200);
}

TEST_F(MessageModelTest, FollowingAFloodKeepsOnlyTheNewestRows)
{
    fillStore(10);
    m_model.setRowLimit(100);
    m_model.setHistory(&m_store);
    ChatMessages messages;
    for (int i = 10; i < 2010; ++i) {
        messages.append(chat(u"%1"_s.arg(i), u"bob"_s, u"m%1"_s.arg(i)));
    }
    QSignalSpy inserted(&m_model, &QAbstractItemModel::rowsInserted);
    arrive(messages);
    ASSERT_EQ(m_model.rowCount(), 100);
    EXPECT_EQ(text(0), u"m1910"_s);
    EXPECT_EQ(text(99), u"m2009"_s);
    EXPECT_EQ(m_model.windowStart(), 1910);
    // Only the rows shown were made.
    ASSERT_EQ(inserted.size(), 1);
    EXPECT_EQ(inserted.at(0).at(2).toInt() - inserted.at(0).at(1).toInt() + 1, 100);
}

TEST_F(MessageModelTest, UnreadMarkerStaysWithItsMessageWhereverTheWindowGoes)
{
    fillStore(10);
    m_model.setRowLimit(100);
    m_model.setHistory(&m_store);
    m_model.markUnreadFromNextMessage();
    EXPECT_TRUE(m_model.isMarkingUnread());
    for (int batch = 0; batch < 50; ++batch) {
        ChatMessages messages;
        for (int i = 0; i < 100; ++i) {
            const int n = 10 + batch * 100 + i;
            messages.append(chat(u"%1"_s.arg(n), u"bob"_s, u"m%1"_s.arg(n)));
        }
        arrive(messages);
    }
    EXPECT_FALSE(m_model.isMarkingUnread());
    // 5,000 arrived while following: the marked message left the window, the marker did not.
    EXPECT_EQ(m_model.unreadMarkerOffset(), 10);
    EXPECT_EQ(m_model.unreadMarkerRow(), -1);
    EXPECT_EQ(m_model.rowCount(), 100);

    m_model.setFollowing(false);
    m_model.moveWindowTo(5, 50);
    ASSERT_EQ(m_model.unreadMarkerRow(), 5);
    EXPECT_EQ(text(5), u"m10"_s);
    EXPECT_TRUE(m_model.index(5).data(MessageModel::UnreadMarkerRole).toBool());
    EXPECT_FALSE(m_model.index(4).data(MessageModel::UnreadMarkerRole).toBool());
    EXPECT_FALSE(m_model.index(5).data(MessageModel::IsGroupedRole).toBool());
    EXPECT_TRUE(m_model.index(6).data(MessageModel::IsGroupedRole).toBool());
}

TEST_F(MessageModelTest, RetentionMovesTheWindowAndTheMarkerWithTheStore)
{
    m_store.setRetention(100);
    fillStore(100);
    m_model.setRowLimit(1000);
    m_model.setHistory(&m_store, 50);
    m_model.setFollowing(false);
    m_model.markUnreadFromNextMessage();
    ASSERT_EQ(m_model.windowStart(), 50);
    ChatMessages messages;
    for (int i = 100; i < 130; ++i) {
        messages.append(chat(u"%1"_s.arg(i), u"bob"_s, u"m%1"_s.arg(i)));
    }
    arrive(messages);
    // 30 of the oldest went: the rows shown moved 30 places towards the start.
    EXPECT_EQ(m_model.storedMessageCount(), 100);
    EXPECT_EQ(m_model.windowStart(), 20);
    EXPECT_EQ(m_model.unreadMarkerOffset(), 70);
    EXPECT_EQ(text(m_model.unreadMarkerRow()), u"m100"_s);
    m_model.fetchMore({});
    EXPECT_EQ(text(0), u"m30"_s); // the oldest kept message
    EXPECT_FALSE(m_model.canFetchMore({}));
}

TEST_F(MessageModelTest, WaitingEntryCarriesItsReasonAndNextAttempt)
{
    m_model.setHistory(&m_store);
    OutboxEntry waiting = entry(u"c1"_s, u"hello"_s);
    waiting.error = u"connection refused"_s;
    waiting.nextAttempt = localNoon(0, 31).toUTC();
    m_model.updateOutboxEntry(waiting);
    const QModelIndex row = m_model.index(0);
    EXPECT_EQ(row.data(MessageModel::SendStateRole).toInt(), int(OutboxEntry::State::Sending));
    EXPECT_EQ(row.data(MessageModel::SendErrorRole).toString(), u"connection refused"_s);
    EXPECT_EQ(row.data(MessageModel::NextAttemptRole).toDateTime(), waiting.nextAttempt);
    // Tried again at once: no reason, no time.
    m_model.updateOutboxEntry(entry(u"c1"_s, u"hello"_s));
    EXPECT_TRUE(m_model.index(0).data(MessageModel::SendErrorRole).toString().isEmpty());
    EXPECT_FALSE(m_model.index(0).data(MessageModel::NextAttemptRole).toDateTime().isValid());
}

// Rows loaded from the store hold the start of a huge message, whatever its size; its
// whole text (Show whole message, copying) is read from the store when asked for.
TEST_F(MessageModelTest, HugeStoredMessagesLoadABoundedStartAndTheirWholeTextOnRequest)
{
    const QString huge = QString(u"0123456789abcdef"_s).repeated(1024 * 1024); // 16 MiB
    ChatMessages messages;
    for (int i = 0; i < 6; ++i) {
        messages.append(chat(u"%1"_s.arg(i), u"bob"_s,
            i % 2 ? huge + QString::number(i) : u"small %1"_s.arg(i), localNoon(0, i)));
    }
    ChatMessage system = chat(u"6"_s, {}, huge + u"!"_s, localNoon(0, 6));
    system.kind = ChatMessage::Kind::System;
    messages.append(system);
    ASSERT_EQ(m_store.append(messages, u"6"_s).size(), 7);

    m_model.setHistory(&m_store);
    ASSERT_EQ(m_model.rowCount(), 7);
    for (int row = 0; row < 7; ++row) {
        const bool isHuge = row % 2 || row == 6;
        EXPECT_EQ(m_model.message(row).textIsCut, isHuge) << row;
        EXPECT_LE(text(row).size(), HistoryStore::LoadedTextChars) << row;
        const QString whole = row == 6 ? huge + u"!"_s
            : isHuge                   ? huge + QString::number(row)
                                       : u"small %1"_s.arg(row);
        EXPECT_EQ(m_model.wholeText(row), whole) << row;
    }
    EXPECT_TRUE(huge.startsWith(text(1)));
    EXPECT_EQ(m_model.plainText(1), u"[2025-05-01 12:01] bob: "_s + huge + u"1"_s);

    // Fetched again after the window moved: the same.
    m_model.moveWindowTo(3, 2);
    ASSERT_EQ(m_model.rowCount(), 2);
    EXPECT_TRUE(m_model.message(0).textIsCut);
    EXPECT_EQ(m_model.wholeText(0), huge + u"3"_s);
    EXPECT_EQ(m_model.wholeText(1), u"small 4"_s);
}

TEST_F(MessageModelTest, HugeMessagesAndNamesCostABoundedScan)
{
    m_model.setHistory(&m_store);
    m_model.setUserName(u"alice"_s);
    const QString huge = QString(16 * 1024 * 1024, u'x');
    ChatMessage message = chat(u"1"_s, QString(100000, u'n'), huge + u" alice"_s);
    arrive({message, chat(u"2"_s, u"bob"_s, u"alice, look"_s)});
    // The name is cut for display; the text is kept whole.
    EXPECT_EQ(m_model.index(0).data(MessageModel::AuthorRole).toString().size(),
        MessageModel::MaxAuthorChars);
    EXPECT_EQ(text(0).size(), huge.size() + 6);
    EXPECT_EQ(m_model.message(0).author.size(), 100000);
    // A mention past the scanned start is not looked for; one near the start is.
    EXPECT_FALSE(m_model.index(0).data(MessageModel::MentionRole).toBool());
    EXPECT_TRUE(m_model.index(1).data(MessageModel::MentionRole).toBool());
    EXPECT_FALSE(MessageModel::mentionsUser(huge + u" alice"_s, u"alice"_s));
    EXPECT_TRUE(MessageModel::mentionsUser(u"alice "_s + huge, u"alice"_s));
}

} // namespace
