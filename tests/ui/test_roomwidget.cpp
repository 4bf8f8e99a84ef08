// SPDX-License-Identifier: MIT
// A room on screen, driven with QTest against the real Hibiki room server on loopback:
// typing and Enter, incoming messages, the connection banner through a server stop and
// restart, "N new messages" while scrolled up, and sending while offline.
#include <ui/chatview.h>
#include <ui/composeedit.h>
#include <ui/connectionbanner.h>
#include <ui/messagedelegate.h>
#include <ui/messagemodel.h>
#include <ui/messagetextdialog.h>
#include <ui/roomwidget.h>
#include <ui/searchbar.h>

#include <core/chatsession.h>
#include <hibikiserver/roomserver.h>

#include <core/historystore.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QThreadPool>
#include <QToolButton>
#include <QWheelEvent>

#include <gtest/gtest.h>

#include <memory>

using namespace Qt::StringLiterals;
using hibiki::ChatSession;
using hibiki::ConnectionStatus;
using hibiki::MessageModel;
using hibiki::OutboxEntry;
using hibiki::Profile;
using hibiki::RoomServer;
using hibiki::RoomWidget;

namespace {

constexpr int TimeoutMs = 15000;

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

class RoomWidgetTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        m_port = freePort();
        startServer();
        ChatSession::Config config;
        config.storagePath = u":memory:"_s;
        config.userName = u"alice"_s;
        config.streamOptions.initialReconnectDelayMs = 100;
        config.streamOptions.maxReconnectDelayMs = 400;
        m_session = std::make_unique<ChatSession>(
            Profile::hibikiRoom(QUrl(u"http://127.0.0.1:%1"_s.arg(m_port)), u"Test room"_s),
            config);
        m_session->outbox().setBackoff(100, 400);
        m_room = std::make_unique<RoomWidget>(m_session.get());
        m_room->resize(640, 480);
        m_room->show();
        m_room->setActive(true);
        ASSERT_TRUE(QTest::qWaitForWindowExposed(m_room.get()));
        m_session->connectToServer();
        ASSERT_TRUE(waitForState(ConnectionStatus::State::Connected));
    }

    void TearDown() override
    {
        m_room.reset();
        m_session.reset();
        m_server.reset();
    }

    void startServer()
    {
        RoomServer::Config config;
        config.port = m_port;
        config.heartbeatMs = 0;
        m_server = std::make_unique<RoomServer>(config);
        ASSERT_TRUE(m_server->listen()) << m_server->errorString().toStdString();
    }

    bool waitForState(ConnectionStatus::State state)
    {
        return QTest::qWaitFor(
            [&] { return m_session->connectionStatus().state == state; }, TimeoutMs);
    }

    MessageModel *model() const { return m_room->model(); }

    int rowsWithText(const QString &text, bool *pending = nullptr) const
    {
        int count = 0;
        for (int row = 0; row < model()->rowCount(); ++row) {
            const QModelIndex index = model()->index(row);
            if (index.data().toString() == text) {
                ++count;
                if (pending) {
                    *pending = index.data(MessageModel::IsPendingRole).toBool();
                }
            }
        }
        return count;
    }

    void type(const QString &text)
    {
        m_room->composeEdit()->setFocus();
        QTest::keyClicks(m_room->composeEdit(), text);
        QTest::keyClick(m_room->composeEdit(), Qt::Key_Return);
    }

    void expectToOpenAtTheFirstUnread(int unread);

    quint16 m_port = 0;
    std::unique_ptr<RoomServer> m_server;
    std::unique_ptr<ChatSession> m_session;
    std::unique_ptr<RoomWidget> m_room;
};

TEST_F(RoomWidgetTest, TypingAndEnterStoresTheMessageAndShowsItOnce)
{
    QSignalSpy delivered(m_session.get(), &ChatSession::outboxEntryChanged);
    type(u"hello <b>world</b> & friends"_s);
    EXPECT_TRUE(m_room->composeEdit()->text().isEmpty());

    const QString text = u"hello <b>world</b> & friends"_s;
    bool pending = true;
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return rowsWithText(text, &pending) == 1 && !pending; }, TimeoutMs));
    EXPECT_EQ(m_server->lastId(), 1);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] {
            return std::any_of(delivered.begin(), delivered.end(), [](const QList<QVariant> &args) {
                return args.at(0).value<OutboxEntry>().state == OutboxEntry::State::Delivered;
            });
        },
        TimeoutMs));
    // Once the post is answered and the echo is in, the message is there exactly once.
    QCoreApplication::processEvents();
    EXPECT_EQ(rowsWithText(text), 1);
    EXPECT_EQ(model()->pendingRowCount(), 0);
    const QModelIndex row = model()->index(model()->rowCount() - 1);
    EXPECT_EQ(row.data(MessageModel::AuthorRole).toString(), u"alice"_s);
    EXPECT_TRUE(row.data(MessageModel::IsOwnRole).toBool());

    // Shift+Enter makes a new line; Up in the empty box recalls the last message.
    QTest::keyClicks(m_room->composeEdit(), u"one"_s);
    QTest::keyClick(m_room->composeEdit(), Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(m_room->composeEdit(), u"two"_s);
    EXPECT_EQ(m_room->composeEdit()->text(), u"one\ntwo"_s);
    m_room->composeEdit()->clear();
    QTest::keyClick(m_room->composeEdit(), Qt::Key_Up);
    EXPECT_EQ(m_room->composeEdit()->text(), text);
}

TEST_F(RoomWidgetTest, IncomingMessagesAppearAndMentionsAreMarked)
{
    ASSERT_TRUE(m_server->post(u"bob"_s, u"hi alice, see https://example.com"_s).isStored());
    ASSERT_TRUE(m_server->post(u"carol"_s, u"<img src=x> &amp;"_s).isStored());
    ASSERT_TRUE(QTest::qWaitFor([&] { return model()->rowCount() == 2; }, TimeoutMs));
    EXPECT_TRUE(model()->index(0).data(MessageModel::MentionRole).toBool());
    EXPECT_EQ(model()->index(1).data().toString(), u"<img src=x> &amp;"_s);
    EXPECT_EQ(model()->index(1).data(MessageModel::AuthorRole).toString(), u"carol"_s);

    // Not looking: they count as unread, with the mention.
    m_room->setActive(false);
    QSignalSpy unread(m_room.get(), &RoomWidget::unreadChanged);
    m_server->post(u"bob"_s, u"alice?"_s);
    m_server->post(u"bob"_s, u"anyone"_s);
    ASSERT_TRUE(QTest::qWaitFor([&] { return m_room->unreadCount() == 2; }, TimeoutMs));
    EXPECT_EQ(m_room->mentionCount(), 1);
    EXPECT_EQ(model()->unreadMarkerRow(), 2);
    m_room->setActive(true);
    EXPECT_EQ(m_room->unreadCount(), 0);
    EXPECT_GE(unread.size(), 2);
}

TEST_F(RoomWidgetTest, BannerFollowsTheServerGoingAwayAndComingBack)
{
    hibiki::ConnectionBanner *banner = m_room->banner();
    EXPECT_EQ(banner->text(), u"Connected"_s);

    m_server->close();
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return banner->text().startsWith(u"Reconnecting"_s); }, TimeoutMs));
    EXPECT_TRUE(banner->isVisible());
    EXPECT_TRUE(banner->actionButton()->isVisible());
    EXPECT_EQ(banner->actionButton()->text(), u"Retry now"_s);
    EXPECT_TRUE(banner->text().contains(u"(attempt "_s)) << banner->text().toStdString();

    startServer();
    QTest::mouseClick(banner->actionButton(), Qt::LeftButton);
    ASSERT_TRUE(QTest::qWaitFor([&] { return banner->text() == u"Connected"_s; }, TimeoutMs));
    // "Connected" folds away after a moment.
    ASSERT_TRUE(QTest::qWaitFor([&] { return !banner->isVisible(); }, TimeoutMs));

    // And messages flow again.
    m_server->post(u"bob"_s, u"back"_s);
    ASSERT_TRUE(QTest::qWaitFor([&] { return rowsWithText(u"back"_s) == 1; }, TimeoutMs));
}

TEST(RoomWidgetBanner, SaysWhyWhenTheServerIsNotAChatStream)
{
    RoomServer::Config config;
    config.port = 0;
    RoomServer server(config);
    ASSERT_TRUE(server.listen());
    Profile profile = Profile::hibikiRoom(server.baseUrl(), u"Wrong"_s);
    profile.streamUrl = QUrl(server.baseUrl().toString() + u"/no-such-stream"_s);
    ChatSession::Config sessionConfig;
    sessionConfig.storagePath = u":memory:"_s;
    ChatSession session(profile, sessionConfig);
    RoomWidget room(&session);
    room.show();
    session.connectToServer();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return room.banner()->text().startsWith(u"Disconnected: "_s); }, TimeoutMs));
    EXPECT_TRUE(room.banner()->text().contains(u"404"_s)) << room.banner()->text().toStdString();
    EXPECT_EQ(room.banner()->actionButton()->text(), u"Connect"_s);
}

TEST_F(RoomWidgetTest, ScrolledUpKeepsThePlaceAndCountsNewMessages)
{
    for (int i = 0; i < 120; ++i) {
        m_server->post(u"bob"_s, u"message number %1 with some words to fill a line"_s.arg(i));
    }
    ASSERT_TRUE(QTest::qWaitFor([&] { return model()->rowCount() == 120; }, TimeoutMs));
    hibiki::ChatView *view = m_room->chatView();
    QScrollBar *bar = view->verticalScrollBar();
    // Following: the newest message is in view.
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return bar->maximum() > 0 && bar->value() == bar->maximum(); }, TimeoutMs));
    EXPECT_TRUE(view->isFollowing());

    // Following, the rows far above the bottom were only estimated, not laid out.
    EXPECT_FALSE(view->messageDelegate()->hasExactHeight(view->model()->index(0, 0)));
    EXPECT_TRUE(view->messageDelegate()->hasExactHeight(view->model()->index(119, 0)));

    bar->setValue(bar->maximum() / 2);
    EXPECT_FALSE(view->isFollowing());
    const int place = bar->value();
    // What is on screen now is laid out for real.
    const QModelIndex top = view->indexAt(QPoint(1, 1));
    const QModelIndex bottom = view->indexAt(QPoint(1, view->viewport()->height() - 2));
    ASSERT_TRUE(top.isValid());
    ASSERT_TRUE(bottom.isValid());
    for (int row = qMax(0, top.row() - 20); row <= bottom.row(); ++row) {
        EXPECT_TRUE(view->messageDelegate()->hasExactHeight(view->model()->index(row, 0))) << row;
    }
    for (int i = 0; i < 3; ++i) {
        m_server->post(u"bob"_s, u"new %1"_s.arg(i));
    }
    m_server->post(u"alice"_s, u"my own does not count"_s);
    ASSERT_TRUE(QTest::qWaitFor([&] { return model()->rowCount() == 124; }, TimeoutMs));
    QCoreApplication::processEvents();
    EXPECT_EQ(bar->value(), place);
    EXPECT_EQ(view->newMessageCount(), 3);
    ASSERT_TRUE(view->newMessagesButton()->isVisible());
    EXPECT_EQ(view->newMessagesButton()->text(), u"3 new messages ↓"_s);

    QTest::mouseClick(view->newMessagesButton(), Qt::LeftButton);
    QCoreApplication::processEvents();
    EXPECT_TRUE(view->isFollowing());
    EXPECT_EQ(bar->value(), bar->maximum());
    EXPECT_FALSE(view->newMessagesButton()->isVisible());
    EXPECT_EQ(view->newMessageCount(), 0);

    // Ctrl+F finds an older message and selects it.
    m_room->showSearch();
    QTest::keyClicks(m_room->searchBar()->lineEdit(), u"number 7 "_s);
    QTest::keyClick(m_room->searchBar()->lineEdit(), Qt::Key_Return);
    ASSERT_TRUE(view->currentIndex().isValid());
    EXPECT_TRUE(view->currentIndex().data().toString().startsWith(u"message number 7 "_s));
    EXPECT_FALSE(view->isFollowing());
}

TEST_F(RoomWidgetTest, RowsWrapAgainWhenTheWindowNarrows)
{
    m_server->post(u"bob"_s, QString(u"many words in one long message "_s).repeated(12));
    ASSERT_TRUE(QTest::qWaitFor([&] { return model()->rowCount() == 1; }, TimeoutMs));
    hibiki::ChatView *view = m_room->chatView();
    QCoreApplication::processEvents();
    const int wide = view->visualRect(view->model()->index(0, 0)).height();
    m_room->resize(320, 480);
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return view->visualRect(view->model()->index(0, 0)).height() > wide * 3 / 2; },
        TimeoutMs));
    EXPECT_LE(view->visualRect(view->model()->index(0, 0)).width(), view->viewport()->width());
}

TEST_F(RoomWidgetTest, MessageWrittenOfflineIsDeliveredWhenTheServerReturns)
{
    m_server->close();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return m_session->connectionStatus().state != ConnectionStatus::State::Connected; },
        TimeoutMs));

    type(u"written offline"_s);
    bool pending = false;
    ASSERT_EQ(rowsWithText(u"written offline"_s, &pending), 1);
    EXPECT_TRUE(pending);
    EXPECT_EQ(model()->index(model()->rowCount() - 1).data(MessageModel::SendStateRole).toInt(),
        int(OutboxEntry::State::Sending));

    startServer();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return rowsWithText(u"written offline"_s, &pending) == 1 && !pending; }, TimeoutMs));
    EXPECT_EQ(m_server->lastId(), 1);
    EXPECT_EQ(model()->pendingRowCount(), 0);
}

// Leaves the room at its newest message, lets `unread` messages arrive, comes back.
void RoomWidgetTest::expectToOpenAtTheFirstUnread(int unread)
{
    for (int i = 0; i < 30; ++i) {
        m_server->post(u"bob"_s, u"read %1"_s.arg(i));
    }
    ASSERT_TRUE(QTest::qWaitFor([&] { return model()->rowCount() == 30; }, TimeoutMs));
    hibiki::ChatView *view = m_room->chatView();
    ASSERT_TRUE(QTest::qWaitFor([&] { return view->isFollowing(); }, TimeoutMs));

    m_room->setActive(false);
    for (int i = 0; i < unread; ++i) {
        m_server->post(u"carol"_s, u"unread %1"_s.arg(i));
    }
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return model()->storedMessageCount() == 30 + unread; }, TimeoutMs * 2));
    EXPECT_EQ(m_room->unreadCount(), unread);
    // While away the window followed the newest messages within its limit.
    EXPECT_LE(model()->rowCount(), hibiki::ChatView::DefaultRowLimit);

    m_room->setActive(true);
    QCoreApplication::processEvents();
    const int row = model()->unreadMarkerRow();
    ASSERT_GE(row, 1);
    EXPECT_EQ(model()->index(row).data().toString(), u"unread 0"_s);
    EXPECT_EQ(model()->index(row - 1).data().toString(), u"read 29"_s);
    // The "New messages" line is on screen, near the top, under the last message read.
    const QRect rect = view->visualRect(view->model()->index(row, 0));
    EXPECT_GE(rect.top(), 0);
    EXPECT_LT(rect.top(), view->viewport()->height() / 3);
    EXPECT_TRUE(view->model()->index(row, 0).data(MessageModel::UnreadMarkerRole).toBool());
    EXPECT_FALSE(view->isFollowing());
    EXPECT_EQ(m_room->unreadCount(), 0);

    // End: the newest message, in one press.
    QTest::keyClick(view, Qt::Key_End);
    QCoreApplication::processEvents();
    EXPECT_TRUE(view->isFollowing());
    const QModelIndex bottom = view->indexAt(QPoint(1, view->viewport()->height() - 2));
    ASSERT_TRUE(bottom.isValid());
    EXPECT_EQ(bottom.data().toString(), u"unread %1"_s.arg(unread - 1));
}

TEST_F(RoomWidgetTest, OpensAtTheFirstOf1500UnreadWithTheNewMessagesLine)
{
    expectToOpenAtTheFirstUnread(1500);
}

TEST_F(RoomWidgetTest, OpensAtTheFirstOf5000UnreadWithTheNewMessagesLine)
{
    expectToOpenAtTheFirstUnread(5000);
}

TEST_F(RoomWidgetTest, KeepsThePlaceOfAUserWhoLeftReadingFurtherUp)
{
    for (int i = 0; i < 300; ++i) {
        m_server->post(u"bob"_s, u"old %1"_s.arg(i));
    }
    ASSERT_TRUE(QTest::qWaitFor([&] { return model()->rowCount() == 300; }, TimeoutMs));
    hibiki::ChatView *view = m_room->chatView();
    QTest::keyClick(view, Qt::Key_Home);
    QCoreApplication::processEvents();
    ASSERT_FALSE(view->isFollowing());
    const QString top = view->indexAt(QPoint(1, 1)).data().toString();
    EXPECT_EQ(top, u"old 0"_s);

    m_room->setActive(false);
    for (int i = 0; i < 50; ++i) {
        m_server->post(u"carol"_s, u"new %1"_s.arg(i));
    }
    ASSERT_TRUE(QTest::qWaitFor([&] { return model()->storedMessageCount() == 350; }, TimeoutMs));
    m_room->setActive(true);
    QCoreApplication::processEvents();
    EXPECT_EQ(view->indexAt(QPoint(1, 1)).data().toString(), top);
    EXPECT_EQ(view->newMessageCount(), 50);
}

} // namespace

namespace {

QPalette darkPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(37, 37, 40));
    palette.setColor(QPalette::WindowText, QColor(230, 230, 230));
    palette.setColor(QPalette::Base, QColor(28, 28, 30));
    palette.setColor(QPalette::AlternateBase, QColor(45, 45, 48));
    palette.setColor(QPalette::Text, QColor(232, 232, 232));
    palette.setColor(QPalette::Button, QColor(50, 50, 54));
    palette.setColor(QPalette::ButtonText, QColor(230, 230, 230));
    palette.setColor(QPalette::Highlight, QColor(60, 110, 210));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(120, 170, 255));
    palette.setColor(QPalette::PlaceholderText, QColor(140, 140, 140));
    return palette;
}

// Share of the pixels in `image` lighter than `lightness`.
double lightShare(const QImage &image, double lightness)
{
    qint64 light = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            light += QColor(image.pixel(x, y)).lightnessF() > lightness ? 1 : 0;
        }
    }
    return double(light) / (qint64(image.width()) * image.height());
}

TEST(RoomWidgetPalette, FollowsADarkSystemPalette)
{
    const QPalette original = QApplication::palette();
    QApplication::setPalette(darkPalette());
    ChatSession::Config config;
    config.storagePath = u":memory:"_s;
    config.userName = u"alice"_s;
    ChatSession session(Profile::hibikiRoom(QUrl(u"http://127.0.0.1:9"_s), u"Dark"_s), config);
    {
        RoomWidget room(&session);
        room.resize(640, 360);
        hibiki::ChatMessages messages;
        for (int i = 0; i < 6; ++i) {
            hibiki::ChatMessage message;
            message.id = QString::number(i);
            message.author = i % 2 ? u"bob"_s : u"carol"_s;
            message.text = u"a message in the dark, with a link https://example.com/%1"_s.arg(i);
            message.timestamp = QDateTime::currentDateTimeUtc();
            messages.append(message);
        }
        room.model()->appendMessages(messages);
        room.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&room));
        QCoreApplication::processEvents();
        const QImage image = room.chatView()->viewport()->grab().toImage();
        if (qEnvironmentVariableIsSet("HIBIKI_DUMP_DARK")) {
            room.grab().save(qEnvironmentVariable("HIBIKI_DUMP_DARK"));
        }
        // Mostly dark, with light text on it: nothing painted with a light-theme colour.
        EXPECT_LT(lightShare(image, 0.6), 0.2);
        EXPECT_GT(lightShare(image, 0.6), 0.002);
        EXPECT_GT(1.0 - lightShare(image, 0.25), 0.0);
    }
    QApplication::setPalette(original);
}

} // namespace

namespace {

// A ChatView on a long stored history, without a network.
class ChatViewHistoryTest : public ::testing::Test
{
protected:
    static constexpr int Stored = 20000;

    void SetUp() override
    {
        ASSERT_TRUE(m_store.open(u":memory:"_s));
        m_store.setRetention(0);
        append(0, Stored);
        m_model.setUserName(u"alice"_s);
        m_model.setHistory(&m_store);
        m_tester = std::make_unique<QAbstractItemModelTester>(
            &m_model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        m_tester->setUseFetchMore(false);
        m_view.setMessageModel(&m_model);
        m_view.resize(640, 480);
        m_view.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&m_view));
        ASSERT_TRUE(QTest::qWaitFor([&] { return bottomText() == u"m%1"_s.arg(Stored - 1); }));
        ASSERT_TRUE(m_view.isFollowing());
    }

    // Stores and shows messages m<first>..m<first + count - 1>, half a minute apart, from
    // two authors; some span two lines.
    void append(int first, int count)
    {
        const QDateTime start(QDate(2025, 5, 1), QTime(8, 0));
        hibiki::ChatMessages batch;
        for (int i = first; i < first + count; ++i) {
            hibiki::ChatMessage message;
            message.id = QString::number(i);
            message.author = (i / 3) % 2 ? u"bob"_s : u"carol"_s;
            message.text = i % 7 ? u"m%1"_s.arg(i) : u"m%1\nwith a second line"_s.arg(i);
            message.timestamp = start.addSecs(qint64(i) * 30).toUTC();
            batch.append(message);
        }
        const hibiki::ChatMessages added = m_store.append(batch, batch.constLast().id);
        m_model.appendMessages(added);
    }

    QModelIndex topIndex() const { return m_view.indexAt(QPoint(1, 1)); }
    qint64 topOffset() const { return m_model.offsetOfRow(topIndex().row()); }
    QString topText() const { return topIndex().data().toString().section(u'\n', 0, 0); }
    QString bottomText() const
    {
        return m_view.indexAt(QPoint(1, m_view.viewport()->height() - 2))
            .data()
            .toString()
            .section(u'\n', 0, 0);
    }

    hibiki::HistoryStore m_store;
    MessageModel m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    hibiki::ChatView m_view;
};

TEST_F(ChatViewHistoryTest, HomeShowsTheOldestAndEndTheNewestInOnePressEach)
{
    QTest::keyClick(&m_view, Qt::Key_Home);
    EXPECT_EQ(topText(), u"m0"_s);
    EXPECT_EQ(m_view.visualRect(topIndex()).top(), 0);
    EXPECT_FALSE(m_view.isFollowing());
    EXPECT_EQ(m_view.historyScrollBar()->value(), 0);
    EXPECT_LE(m_model.rowCount(), hibiki::ChatView::DefaultRowLimit);

    QTest::keyClick(&m_view, Qt::Key_End);
    EXPECT_EQ(bottomText(), u"m%1"_s.arg(Stored - 1));
    EXPECT_TRUE(m_view.isFollowing());
    EXPECT_EQ(m_view.historyScrollBar()->value(), m_view.historyScrollBar()->maximum());

    // Ctrl+Home and Ctrl+End too.
    QTest::keyClick(&m_view, Qt::Key_Home, Qt::ControlModifier);
    EXPECT_EQ(topText(), u"m0"_s);
    QTest::keyClick(&m_view, Qt::Key_End, Qt::ControlModifier);
    EXPECT_EQ(bottomText(), u"m%1"_s.arg(Stored - 1));
}

TEST_F(ChatViewHistoryTest, TheScrollBarSpansTheWholeHistory)
{
    QScrollBar *bar = m_view.historyScrollBar();
    ASSERT_TRUE(bar->isVisible());
    EXPECT_FALSE(m_view.verticalScrollBar()->isVisible());
    EXPECT_EQ(bar->value(), bar->maximum());
    // Its handle is a screenful of the whole history, not of the 200 rows loaded.
    EXPECT_LT(bar->pageStep() * 200, bar->maximum());

    // Dragged to the top: the oldest message, and it stays there when let go.
    bar->setSliderDown(true);
    for (int position = bar->maximum(); position >= 0; position -= bar->maximum() / 7) {
        bar->setSliderPosition(position);
    }
    bar->setSliderPosition(0);
    EXPECT_EQ(topText(), u"m0"_s);
    bar->setSliderDown(false);
    QCoreApplication::processEvents();
    EXPECT_EQ(topText(), u"m0"_s);
    EXPECT_EQ(bar->value(), 0);
    EXPECT_LE(m_model.rowCount(), hibiki::ChatView::DefaultRowLimit);

    // Anywhere in between: the messages there.
    bar->setSliderPosition(bar->maximum() / 2);
    const qint64 middle = topOffset();
    EXPECT_NEAR(double(middle), Stored / 2.0, 100.0);
    EXPECT_EQ(topText(), u"m%1"_s.arg(middle));
    QCoreApplication::processEvents();
    EXPECT_EQ(topOffset(), middle);

    // To the bottom: the newest, following again.
    bar->triggerAction(QAbstractSlider::SliderToMaximum);
    QCoreApplication::processEvents();
    EXPECT_EQ(bottomText(), u"m%1"_s.arg(Stored - 1));
    EXPECT_TRUE(m_view.isFollowing());
}

TEST_F(ChatViewHistoryTest, PageUpAndDownMoveSmoothlyThroughRowsNotLoadedYet)
{
    QScrollBar *bar = m_view.historyScrollBar();
    bar->setSliderPosition(bar->maximum() / 2);
    QCoreApplication::processEvents();
    const qint64 start = topOffset();
    const int rowsPerPage = m_view.viewport()->height() / m_view.fontMetrics().height();

    // Far past the rows loaded by the jump, one page per press: never a jump, never still.
    qint64 previous = start;
    for (int press = 0; press < 60; ++press) {
        QTest::keyClick(&m_view, Qt::Key_PageUp);
        QCoreApplication::processEvents();
        const qint64 now = topOffset();
        ASSERT_LT(now, previous) << press;
        ASSERT_GE(now, previous - rowsPerPage - 2) << press;
        ASSERT_LE(m_model.rowCount(), hibiki::ChatView::DefaultRowLimit) << press;
        ASSERT_EQ(topText(), u"m%1"_s.arg(now)) << press;
        previous = now;
    }
    EXPECT_LT(previous, start - hibiki::ChatView::JumpWindowRows);

    for (int press = 0; press < 120; ++press) {
        QTest::keyClick(&m_view, Qt::Key_PageDown);
        QCoreApplication::processEvents();
        const qint64 now = topOffset();
        ASSERT_GT(now, previous) << press;
        ASSERT_LE(now, previous + rowsPerPage + 2) << press;
        ASSERT_LE(m_model.rowCount(), hibiki::ChatView::DefaultRowLimit) << press;
        ASSERT_EQ(topText(), u"m%1"_s.arg(now)) << press;
        previous = now;
    }
    EXPECT_GT(previous, start + hibiki::ChatView::JumpWindowRows);

    // The mouse wheel scrolls the list although its own scroll bar is hidden.
    const QPoint centre = m_view.viewport()->rect().center();
    QWheelEvent wheel(QPointF(centre), QPointF(m_view.viewport()->mapToGlobal(centre)), QPoint(),
        QPoint(0, 120 * 5), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(m_view.viewport(), &wheel);
    QCoreApplication::processEvents();
    EXPECT_LT(topOffset(), previous);
}

TEST_F(ChatViewHistoryTest, ScrolledUpThePlaceIsKeptAndTheWindowBoundedWhileMessagesPourIn)
{
    for (int press = 0; press < 5; ++press) {
        QTest::keyClick(&m_view, Qt::Key_PageUp);
    }
    QCoreApplication::processEvents();
    ASSERT_FALSE(m_view.isFollowing());
    const QString top = topText();
    const int topY = m_view.visualRect(topIndex()).top();

    int most = 0;
    for (int batch = 0; batch < 20; ++batch) {
        append(Stored + batch * 1000, 1000);
        QCoreApplication::processEvents();
        most = qMax(most, m_model.rowCount());
    }
    EXPECT_LE(most, hibiki::ChatView::DefaultRowLimit);
    EXPECT_EQ(topText(), top);
    EXPECT_EQ(m_view.visualRect(topIndex()).top(), topY);
    EXPECT_EQ(m_view.newMessageCount(), 20000);
    EXPECT_TRUE(m_view.newMessagesButton()->isVisible());

    QTest::mouseClick(m_view.newMessagesButton(), Qt::LeftButton);
    QCoreApplication::processEvents();
    EXPECT_EQ(bottomText(), u"m%1"_s.arg(Stored + 19999));
    EXPECT_TRUE(m_view.isFollowing());
}

} // namespace

namespace {

// Where the row offers `action`, in viewport coordinates; (-1, -1) when nowhere.
QPoint findAction(
    hibiki::ChatView &view, const QModelIndex &index, hibiki::MessageDelegate::Action action)
{
    const QStyleOptionViewItem option = view.itemOption(index);
    const QRect visible = option.rect.intersected(view.viewport()->rect());
    for (int y = visible.bottom(); y >= visible.top(); y -= 2) {
        for (int x = 0; x < visible.width(); x += 3) {
            if (view.messageDelegate()->actionAt(option, index, QPoint(x, y)) == action) {
                return QPoint(x, y);
            }
        }
    }
    return QPoint(-1, -1);
}

// Holds the only thread of the pool that whole texts are read in
// (WholeTextReader::readerPool()) until open(): no read can have run before that.
class ReaderPoolGate
{
public:
    ReaderPoolGate()
        : m_threads(pool()->maxThreadCount())
    {
        pool()->setMaxThreadCount(1);
        pool()->start([this] { m_gate.acquire(); });
    }
    ~ReaderPoolGate()
    {
        open();
        pool()->waitForDone();
        pool()->setMaxThreadCount(m_threads);
    }
    void open()
    {
        if (!m_opened) {
            m_opened = true;
            m_gate.release();
        }
    }

private:
    static QThreadPool *pool() { return hibiki::WholeTextReader::readerPool(); }
    const int m_threads;
    QSemaphore m_gate;
    bool m_opened = false;
};

// A room's file with a 16 MiB message between two small ones, shown in a view.
struct HugeMessageRoom
{
    HugeMessageRoom()
    {
        huge = u"a"_s + u"😀"_s.repeated(hibiki::HistoryStore::LoadedTextChars);
        huge += QString(u"0123456789abcdef"_s).repeated((16 * 1024 * 1024 - huge.size()) / 16);
        store = std::make_unique<hibiki::HistoryStore>();
        EXPECT_TRUE(store->open(dir.filePath(u"room.sqlite"_s)));
        hibiki::ChatMessages messages;
        for (int i = 0; i < 3; ++i) {
            hibiki::ChatMessage message;
            message.id = QString::number(i);
            message.author = u"carol"_s;
            message.text = i == 1 ? huge : u"small %1"_s.arg(i);
            message.timestamp = QDateTime::currentDateTimeUtc();
            messages.append(message);
        }
        store->append(messages, u"2"_s);
        model = std::make_unique<MessageModel>();
        model->setHistory(store.get());
        view = std::make_unique<hibiki::ChatView>();
        view->setMessageModel(model.get());
        view->resize(640, 900);
        view->show();
        EXPECT_TRUE(QTest::qWaitForWindowExposed(view.get()));
        QCoreApplication::processEvents();
    }
    // Closes the room: the view first, as the room widget does.
    void close()
    {
        view.reset();
        model.reset();
        store.reset();
    }
    hibiki::MessageTextDialog *showWhole()
    {
        const QModelIndex row = view->model()->index(1, 0);
        view->scrollTo(row, QAbstractItemView::PositionAtTop);
        QCoreApplication::processEvents();
        const QPoint more = findAction(*view, row, hibiki::MessageDelegate::Action::ShowWhole);
        EXPECT_GE(more.x(), 0);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, more);
        return view->findChild<hibiki::MessageTextDialog *>();
    }

    QTemporaryDir dir;
    QString huge;
    std::unique_ptr<hibiki::HistoryStore> store;
    std::unique_ptr<MessageModel> model;
    std::unique_ptr<hibiki::ChatView> view;
};

// The whole text of a huge stored message is read in a worker thread: the window opens
// with the start the row has and says it is reading, before anything could be read (the
// only worker is held), and fills once the text arrives, every character of it.
TEST(ChatViewLongMessages, TheWholeOfAHugeMessageIsReadWhileItsWindowIsUp)
{
    HugeMessageRoom room;
    ASSERT_TRUE(room.model->needsStoreRead(1));
    ReaderPoolGate gate;
    hibiki::MessageTextDialog *dialog = room.showWhole();
    ASSERT_NE(dialog, nullptr);
    EXPECT_TRUE(dialog->isVisible());
    EXPECT_TRUE(dialog->isWaitingForText());
    EXPECT_FALSE(dialog->isLoaded());
    EXPECT_EQ(dialog->text(), room.model->message(1).text);
    // The event loop runs meanwhile: the start goes into the view and can be read.
    const qsizetype start = room.model->message(1).text.size();
    ASSERT_TRUE(QTest::qWaitFor(
        [&] { return dialog->textView()->document()->characterCount() > start; }, 60000));
    EXPECT_TRUE(dialog->isWaitingForText());
    // Copying waits for the whole text too.
    QApplication::clipboard()->setText(u"before"_s);
    dialog->copyText();
    EXPECT_EQ(QApplication::clipboard()->text(), u"before"_s);

    gate.open();
    ASSERT_TRUE(QTest::qWaitFor([&] { return dialog->isLoaded(); }, 60000));
    EXPECT_EQ(dialog->text().size(), room.huge.size());
    EXPECT_TRUE(dialog->text() == room.huge);
    // The view shows its first MaxShownChars (Copy gives all of it).
    const qsizetype shown = dialog->shownSize();
    EXPECT_LE(shown, hibiki::MessageTextDialog::MaxShownChars);
    EXPECT_GE(shown, hibiki::MessageTextDialog::MaxShownChars - 1);
    const qsizetype breaks = shown / hibiki::MessageTextDialog::DisplayLineChars;
    EXPECT_NEAR(dialog->textView()->document()->characterCount(), shown + breaks, shown / 100);
    dialog->copyText();
    EXPECT_TRUE(QApplication::clipboard()->text() == room.huge);
}

// Closing the window, or the whole room, before the text arrives: nothing is reported to
// what is gone, nothing crashes.
TEST(ChatViewLongMessages, ClosingTheWindowOrTheRoomBeforeTheWholeTextArrivesIsSafe)
{
    HugeMessageRoom room;
    {
        ReaderPoolGate gate;
        hibiki::MessageTextDialog *dialog = room.showWhole();
        ASSERT_NE(dialog, nullptr);
        ASSERT_TRUE(dialog->isWaitingForText());
        dialog->close();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        EXPECT_EQ(room.view->findChild<hibiki::MessageTextDialog *>(), nullptr);
    }
    QCoreApplication::processEvents();

    // Copy (Ctrl+C) of the selected huge row, then the room closes.
    {
        ReaderPoolGate gate;
        ASSERT_NE(room.showWhole(), nullptr);
        room.view->selectionModel()->select(
            room.view->model()->index(1, 0), QItemSelectionModel::ClearAndSelect);
        QApplication::clipboard()->setText(u"before"_s);
        QTest::keySequence(room.view.get(), QKeySequence::Copy);
        EXPECT_EQ(QApplication::clipboard()->text(), u"before"_s);
        room.close();
    }
    QCoreApplication::processEvents();
    EXPECT_EQ(QApplication::clipboard()->text(), u"before"_s);
}

// Copy (Ctrl+C) of rows with a huge stored one among them: the whole text, once read; small
// rows alone are copied at once.
TEST(ChatViewLongMessages, CopyingAHugeRowCopiesItsWholeTextOnceRead)
{
    HugeMessageRoom room;
    room.view->selectionModel()->select(
        room.view->model()->index(0, 0), QItemSelectionModel::ClearAndSelect);
    QTest::keySequence(room.view.get(), QKeySequence::Copy);
    EXPECT_EQ(QApplication::clipboard()->text(), room.model->plainText(0));

    room.view->selectionModel()->select(
        QItemSelection(room.view->model()->index(0, 0), room.view->model()->index(2, 0)),
        QItemSelectionModel::ClearAndSelect);
    const QString expected
        = QStringList {room.model->plainText(0), room.model->plainText(1), room.model->plainText(2)}
              .join(u'\n');
    ASSERT_TRUE(expected.contains(room.huge));
    QApplication::clipboard()->setText(u"before"_s);
    QTest::keySequence(room.view.get(), QKeySequence::Copy);
    ASSERT_TRUE(
        QTest::qWaitFor([&] { return QApplication::clipboard()->text() != u"before"_s; }, 60000));
    EXPECT_TRUE(QApplication::clipboard()->text() == expected);
}

TEST(ChatViewLongMessages, ShowWholeMessageExpandsInPlaceOrOpensAWindowForHugeOnes)
{
    hibiki::HistoryStore store;
    ASSERT_TRUE(store.open(u":memory:"_s));
    const QString huge = QString(u"0123456789abcdef"_s).repeated(1024 * 1024); // 16 MiB
    const QString log = QString(u"a line of a pasted log\n"_s).repeated(100);
    hibiki::ChatMessages messages;
    for (int i = 0; i < 3; ++i) {
        hibiki::ChatMessage message;
        message.id = QString::number(i);
        message.author = i == 1 ? u"carol"_s : u"bob"_s;
        message.text = i == 0 ? log : i == 1 ? huge : u"after"_s;
        message.timestamp = QDateTime::currentDateTimeUtc();
        messages.append(message);
    }
    store.append(messages, u"2"_s);
    MessageModel model;
    model.setHistory(&store);
    hibiki::ChatView view;
    view.setMessageModel(&model);
    view.resize(640, 900);
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    QCoreApplication::processEvents();
    // The huge one was read from the store as no more than its start.
    EXPECT_LE(model.message(1).text.size(), hibiki::HistoryStore::LoadedTextChars);
    EXPECT_TRUE(model.message(1).textIsCut);
    // Both are cut; the huge one was laid out as no more than its cut.
    EXPECT_LE(view.messageDelegate()->laidOutCharacterCount(),
        3 * (hibiki::MessageDelegate::MaxShownChars + 1));

    // The huge one: a window of its own with all of it (from the store), filled a slice at a
    // time, then copied exactly.
    const QModelIndex hugeRow = view.model()->index(1, 0);
    view.scrollTo(hugeRow, QAbstractItemView::PositionAtTop);
    QCoreApplication::processEvents();
    const QPoint more = findAction(view, hugeRow, hibiki::MessageDelegate::Action::ShowWhole);
    ASSERT_GE(more.x(), 0);
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, more);
    auto *dialog = view.findChild<hibiki::MessageTextDialog *>();
    ASSERT_NE(dialog, nullptr);
    // A few slices now, the rest from the event loop.
    EXPECT_FALSE(dialog->isLoaded());
    EXPECT_LT(dialog->textView()->document()->characterCount(), huge.size() / 2);
    ASSERT_TRUE(QTest::qWaitFor([&] { return dialog->isLoaded(); }, 60000));
    // Its first MaxShownChars are there, lines broken for display only; the window says
    // that Copy gives the rest.
    const qsizetype shown = hibiki::MessageTextDialog::MaxShownChars;
    EXPECT_EQ(dialog->shownSize(), shown);
    const qsizetype breaks = shown / hibiki::MessageTextDialog::DisplayLineChars;
    EXPECT_NEAR(dialog->textView()->document()->characterCount(), shown + breaks, 2);
    const auto *status = dialog->findChild<QLabel *>();
    ASSERT_NE(status, nullptr);
    EXPECT_TRUE(status->text().contains(QLocale().toString(shown))) << status->text().toStdString();
    EXPECT_TRUE(status->text().contains(u"Copy"_s)) << status->text().toStdString();
    // Copy gives every character, exactly as received.
    dialog->copyText();
    EXPECT_EQ(QApplication::clipboard()->text(), huge);
    dialog->close();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    EXPECT_EQ(view.findChild<hibiki::MessageTextDialog *>(), nullptr);

    // The log: shown whole in its row, and folded back.
    const QModelIndex logRow = view.model()->index(0, 0);
    view.scrollTo(logRow, QAbstractItemView::PositionAtTop);
    QCoreApplication::processEvents();
    const int cut = view.visualRect(logRow).height();
    const QPoint showLog = findAction(view, logRow, hibiki::MessageDelegate::Action::ShowWhole);
    ASSERT_GE(showLog.x(), 0);
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, showLog);
    QCoreApplication::processEvents();
    EXPECT_EQ(view.findChild<hibiki::MessageTextDialog *>(), nullptr);
    EXPECT_GT(view.visualRect(logRow).height(), cut * 2);
    EXPECT_EQ(
        view.messageDelegate()->layoutText(view.itemOption(logRow), logRow).size(), log.size());
    // "Show less" is under the whole text.
    view.verticalScrollBar()->setValue(view.verticalScrollBar()->value()
        + view.visualRect(logRow).bottom() - view.viewport()->height() + 1);
    QCoreApplication::processEvents();
    ASSERT_LT(view.visualRect(logRow).top(), 0);
    const QPoint less = findAction(view, logRow, hibiki::MessageDelegate::Action::ShowLess);
    ASSERT_GE(less.x(), 0);
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, less);
    QCoreApplication::processEvents();
    EXPECT_EQ(view.visualRect(logRow).height(), cut);
    EXPECT_GE(view.visualRect(logRow).top(), 0); // its start is on screen again
}

} // namespace

// The window shows at most MaxShownChars of a text, never half of a surrogate pair, and says
// how much; a text that fits is shown whole.
TEST(MessageTextDialogTest, ShowsAtMostItsLimitAndNeverHalfAPair)
{
    const qsizetype limit = hibiki::MessageTextDialog::MaxShownChars;
    const QString fits = QString(limit, u'x');
    hibiki::MessageTextDialog whole(u"fits"_s, fits);
    EXPECT_EQ(whole.shownSize(), limit);

    // An emoji (two UTF-16 units) across the limit: shown up to before it.
    const QString across = QString(limit - 1, u'x') + u"😀"_s + u"tail"_s;
    hibiki::MessageTextDialog cut(u"across"_s, across);
    EXPECT_EQ(cut.shownSize(), limit - 1);
    ASSERT_TRUE(QTest::qWaitFor([&] { return cut.isLoaded(); }, 60000));
    const QString inView = cut.textView()->toPlainText().remove(u'\n');
    EXPECT_EQ(inView, across.left(limit - 1));
    EXPECT_EQ(cut.text(), across) << "Copy gives all of it";
}
