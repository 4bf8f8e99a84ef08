// SPDX-License-Identifier: MIT
// Invites on screen: the QR code decodes back to the link (zbarimg, at several sizes and
// scales, every pixel black or white), the invite card of a room others may join and of a
// room only this computer can join, New Link, the window's Invite People…, a link pasted
// into Add Room, the first run's empty room, the Host dialog at the default and a small
// font (no field ever squashed) and titled as what it does, and a changed certificate
// asked about with both fingerprints. Rooms are on loopback only.
#include <ui/chatview.h>
#include <ui/emptyroominvite.h>
#include <ui/hostroomdialog.h>
#include <ui/invitecard.h>
#include <ui/invitedialog.h>
#include <ui/mainwindow.h>
#include <ui/messagemodel.h>
#include <ui/qrcodewidget.h>
#include <ui/roomquestions.h>
#include <ui/roomwidget.h>
#include <ui/serverdialog.h>

#include <hibikiserver/roomserver.h>
#include <shell/hostedroom.h>
#include <shell/rooms.h>
#include <sseclient/certificatepinning.h>

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include <memory>

using namespace Qt::StringLiterals;
using hibiki::ConnectionStatus;
using hibiki::HostRoomDialog;
using hibiki::InviteCard;
using hibiki::InviteLink;
using hibiki::MainWindow;
using hibiki::QrCodeWidget;
using hibiki::RoomConfigStore;
using hibiki::Rooms;
using hibiki::RoomWidget;

namespace {

constexpr int TimeoutMs = 20000;

// A dialog the test failed to close ends anyway, so that a failure fails instead of
// hanging in the dialog's event loop.
void closeAnyDialogLater(QObject *context)
{
    QTimer::singleShot(TimeoutMs, context, [] {
        if (QWidget *dialog = QApplication::activeModalWidget()) {
            dialog->close();
        }
    });
}

// What zbarimg reads in an image; a null string when zbarimg is not installed.
QString decodeQr(const QImage &image, const QString &directory)
{
    const QString zbarimg = QStandardPaths::findExecutable(u"zbarimg"_s);
    if (zbarimg.isEmpty()) {
        return {};
    }
    const QString path = directory + u"/qr.png"_s;
    if (!image.save(path)) {
        return u"(the image could not be saved)"_s;
    }
    QProcess process;
    process.start(zbarimg, {u"--raw"_s, u"-q"_s, path});
    if (!process.waitForFinished(TimeoutMs)) {
        process.kill();
        return u"(zbarimg did not finish)"_s;
    }
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

bool onlyBlackAndWhite(const QImage &image)
{
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); ++y) {
        const QRgb *line = reinterpret_cast<const QRgb *>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); ++x) {
            const QRgb pixel = line[x] & 0xffffff;
            if (pixel != 0x000000 && pixel != 0xffffff) {
                return false;
            }
        }
    }
    return true;
}

// Every field of a form at least as tall as it asks to be, and every wrapped text whole
// and inside the dialog.
void expectNothingSquashed(const QWidget &dialog)
{
    for (const QWidget *field : dialog.findChildren<QWidget *>()) {
        if (!field->isVisible()
            || !(qobject_cast<const QLineEdit *>(field) || qobject_cast<const QSpinBox *>(field)
                || qobject_cast<const QCheckBox *>(field)
                || qobject_cast<const QPushButton *>(field)
                || qobject_cast<const QComboBox *>(field))) {
            continue;
        }
        if (qobject_cast<const QAbstractSpinBox *>(field->parentWidget())) {
            continue; // a spin box's own line edit: the box is measured
        }
        EXPECT_GE(field->height(), field->minimumSizeHint().height())
            << field->metaObject()->className() << " " << field->accessibleName().toStdString();
        EXPECT_GE(field->height(), field->sizeHint().height())
            << field->metaObject()->className() << " " << field->accessibleName().toStdString();
    }
    for (const QLabel *label : dialog.findChildren<QLabel *>()) {
        if (!label->isVisible() || label->text().isEmpty()) {
            continue;
        }
        if (label->wordWrap()) {
            EXPECT_GE(label->height(), label->heightForWidth(label->width()))
                << label->text().toStdString();
        }
        const QRect inDialog(label->mapTo(&dialog, QPoint(0, 0)), label->size());
        EXPECT_TRUE(dialog.rect().contains(inDialog)) << label->text().toStdString();
    }
}

// The application font for one test.
class ScopedFont
{
public:
    explicit ScopedFont(qreal pointSize)
        : m_before(QApplication::font())
    {
        QFont font = m_before;
        font.setPointSizeF(pointSize);
        QApplication::setFont(font);
    }
    ~ScopedFont() { QApplication::setFont(m_before); }

private:
    QFont m_before;
};

class InviteUiTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        qputenv("XDG_DATA_HOME", m_dir.filePath(u"data"_s).toLocal8Bit());
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(u"config"_s).toLocal8Bit());
    }

    void TearDown() override
    {
        m_windows.clear(); // before their rooms
        m_rooms.clear();
        m_stores.clear();
    }

    // Rooms of a user of their own (room list, data folder); hosted rooms that others may
    // join listen on loopback.
    Rooms *makeRooms(const QString &user)
    {
        const QString directory = m_dir.filePath(user);
        m_stores.push_back(std::make_unique<RoomConfigStore>(directory + u"/config"_s));
        Rooms::Options options;
        options.userOverride = user;
        options.keepDrafts = false;
        options.defaultHostPort = 0; // never the real 8787: tests run side by side
        options.dataDirectory = directory + u"/data"_s;
        options.lanListenAddress = QHostAddress(QHostAddress::LocalHost);
        options.streamOptions.initialReconnectDelayMs = 50;
        options.streamOptions.maxReconnectDelayMs = 300;
        m_rooms.push_back(std::make_unique<Rooms>(m_stores.back().get(), options));
        return m_rooms.back().get();
    }

    MainWindow *makeWindow(const QString &user)
    {
        Rooms *rooms = makeRooms(user);
        MainWindow::Options options;
        options.restoreSettings = false;
        options.preferencesFile = m_dir.filePath(user + u"/preferences.conf"_s);
        m_windows.push_back(std::make_unique<MainWindow>(rooms, options));
        m_windows.back()->resize(900, 640);
        return m_windows.back().get();
    }

    static bool waitConnected(hibiki::ChatSession *session)
    {
        return session
            && QTest::qWaitFor(
                [&] {
                    return session->connectionStatus().state == ConnectionStatus::State::Connected;
                },
                TimeoutMs);
    }

    QTemporaryDir m_dir;
    std::vector<std::unique_ptr<RoomConfigStore>> m_stores;
    std::vector<std::unique_ptr<Rooms>> m_rooms;
    std::vector<std::unique_ptr<MainWindow>> m_windows;
};

TEST_F(InviteUiTest, TheQrCodeDecodesBackToTheLinkCrispAtEveryScale)
{
    InviteLink invite;
    invite.baseUrl = QUrl(u"https://192.168.1.20:8787"_s);
    invite.sha256 = QByteArray(64, 'a');
    invite.token = u"NUI3hHIASwmN9vOjHda9LrKeVDz0elMY_q0wgpz31tI"_s;
    invite.name = u"Team ☕ room"_s;
    const QString link = invite.toString();

    QrCodeWidget widget;
    widget.setText(link);
    ASSERT_FALSE(widget.code().isNull());
    EXPECT_EQ(widget.text(), link);
    EXPECT_EQ(widget.heightForWidth(200), 200);
    EXPECT_GE(widget.minimumSizeHint().width(), widget.code().sizeWithQuietZone() * 2);

    if (QStandardPaths::findExecutable(u"zbarimg"_s).isEmpty()) {
        GTEST_SKIP() << "zbarimg not installed (Debian: zbar-tools): the decoding is not checked";
    }
    for (const qreal ratio : {1.0, 1.5, 2.0}) {
        for (const int side : {widget.minimumSizeHint().width(), 157, 300}) {
            widget.resize(side, side);
            QImage image(QSize(side, side) * ratio, QImage::Format_RGB32);
            image.setDevicePixelRatio(ratio);
            image.fill(Qt::red); // whatever is not painted shows
            widget.render(&image);
            const std::string where
                = "ratio " + std::to_string(ratio) + ", side " + std::to_string(side);
            EXPECT_TRUE(onlyBlackAndWhite(image)) << where;
            EXPECT_EQ(decodeQr(image, m_dir.path()), link) << where;
        }
    }
}

TEST_F(InviteUiTest, TheCardOfARoomOthersMayJoinGivesTheLinkItsCodeAndNewLink)
{
    Rooms *rooms = makeRooms(u"alice"_s);
    const QString id = rooms->hostRoom(0, true, u"Team"_s, u"alice"_s);
    ASSERT_TRUE(waitConnected(rooms->session(id)));
    const hibiki::HostedRoom *host = rooms->hostedRoom(id);
    ASSERT_NE(host, nullptr);

    InviteCard card(rooms, id);
    card.resize(card.sizeHint());
    card.show();
    EXPECT_EQ(card.state(), InviteCard::State::Invite);
    EXPECT_EQ(card.address(), QHostAddress(QHostAddress::LocalHost));
    const QString link = host->invite(card.address()).toString();
    EXPECT_EQ(card.link(), link);
    EXPECT_EQ(card.linkEdit()->text(), link);
    EXPECT_TRUE(card.linkEdit()->isReadOnly());
    EXPECT_EQ(card.qrCode()->text(), link);
    EXPECT_TRUE(card.qrCode()->isVisible());
    EXPECT_FALSE(card.settingsButton()->isVisible());
    EXPECT_FALSE(card.addressBox()->isVisible()); // one address: nothing to choose
    EXPECT_TRUE(card.titleLabel()->text().contains(u"Team"_s));

    QTest::mouseClick(card.copyButton(), Qt::LeftButton);
    EXPECT_EQ(QGuiApplication::clipboard()->text(), link);
    EXPECT_NE(card.copyButton()->text(), u"&Copy Link"_s); // says it was copied

    // New Link: a new token, in the card at once.
    QSignalSpy changed(rooms, &Rooms::inviteChanged);
    ASSERT_TRUE(card.renewLink());
    ASSERT_TRUE(changed.wait(TimeoutMs));
    EXPECT_NE(card.link(), link);
    EXPECT_EQ(card.link(), rooms->hostedRoom(id)->invite(card.address()).toString());
    EXPECT_EQ(card.qrCode()->text(), card.link());
    const std::optional<InviteLink> renewed = InviteLink::parse(card.link());
    ASSERT_TRUE(renewed);
    EXPECT_EQ(renewed->token, rooms->hostedRoom(id)->accessToken());
    EXPECT_TRUE(waitConnected(rooms->session(id)));
}

TEST_F(InviteUiTest, TheCardOfARoomOnlyThisComputerJoinsSaysWhatToDo)
{
    Rooms *rooms = makeRooms(u"alice"_s);
    const QString id = rooms->hostRoom(0, false);
    InviteCard card(rooms, id);
    card.show();
    EXPECT_EQ(card.state(), InviteCard::State::ThisComputerOnly);
    EXPECT_TRUE(card.link().isEmpty());
    EXPECT_EQ(card.messageLabel()->text(),
        u"Only this computer can join. To invite someone, turn on “Let others join” in "
        "Room → Hosted Room Settings…"_s);
    EXPECT_FALSE(card.qrCode()->isVisible());
    EXPECT_FALSE(card.linkEdit()->isVisible());
    EXPECT_FALSE(card.renewLink());
    QSignalSpy settings(&card, &InviteCard::hostSettingsRequested);
    ASSERT_TRUE(card.settingsButton()->isVisible());
    QTest::mouseClick(card.settingsButton(), Qt::LeftButton);
    EXPECT_EQ(settings.size(), 1);

    // Let others join, and the card follows.
    rooms->hostRoom(-1, true);
    EXPECT_EQ(card.state(), InviteCard::State::Invite);
    EXPECT_FALSE(card.link().isEmpty());
}

TEST_F(InviteUiTest, TheFirstRunsEmptyRoomShowsTheCardUntilTheFirstMessage)
{
    MainWindow *window = makeWindow(u"alice"_s);
    window->ensureARoom();
    window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window));
    RoomWidget *room = window->currentRoom();
    ASSERT_NE(room, nullptr);
    auto *empty = room->chatView()->viewport()->findChild<hibiki::EmptyRoomInvite *>();
    ASSERT_NE(empty, nullptr);
    EXPECT_TRUE(empty->isVisible());
    EXPECT_EQ(empty->geometry(), room->chatView()->viewport()->rect());
    EXPECT_EQ(empty->card()->state(), InviteCard::State::ThisComputerOnly);
    EXPECT_TRUE(empty->card()->isVisible());

    ASSERT_TRUE(waitConnected(room->session()));
    room->sendMessage(u"first!"_s);
    EXPECT_TRUE(QTest::qWaitFor([&] { return !empty->isVisible(); }, TimeoutMs));
}

TEST_F(InviteUiTest, InvitePeopleShowsTheHostedRoomsLinkAndAPastedLinkJoinsIt)
{
    MainWindow *host = makeWindow(u"alice"_s);
    RoomWidget *hosted = host->hostRoom(0, true, u"Team"_s, u"alice"_s);
    ASSERT_NE(hosted, nullptr);
    ASSERT_TRUE(waitConnected(hosted->session()));
    host->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(host));

    // The empty room shows the link; so does Room → Invite People….
    auto *empty = hosted->chatView()->viewport()->findChild<hibiki::EmptyRoomInvite *>();
    ASSERT_NE(empty, nullptr);
    EXPECT_EQ(empty->card()->state(), InviteCard::State::Invite);
    QString shown;
    QTimer::singleShot(0, host, [&] {
        auto *dialog = qobject_cast<hibiki::InviteDialog *>(QApplication::activeModalWidget());
        if (!dialog) {
            return;
        }
        shown = dialog->card()->link();
        expectNothingSquashed(*dialog);
        dialog->reject();
    });
    closeAnyDialogLater(host);
    QTest::keyClick(host, Qt::Key_I, Qt::ControlModifier | Qt::ShiftModifier);
    EXPECT_EQ(shown, empty->card()->link());
    ASSERT_FALSE(shown.isEmpty());

    // Another user pastes it into Add Room: the room is joined and shown, and they chat.
    MainWindow *guest = makeWindow(u"bob"_s);
    guest->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(guest));
    QTimer::singleShot(0, guest, [&] {
        auto *dialog = qobject_cast<hibiki::ServerDialog *>(QApplication::activeModalWidget());
        if (dialog) {
            dialog->addressEdit()->setText(shown); // as a paste does
        }
    });
    closeAnyDialogLater(guest);
    guest->showAddRoomDialog();
    ASSERT_TRUE(QTest::qWaitFor([&] { return guest->currentRoom() != nullptr; }, TimeoutMs));
    RoomWidget *joined = guest->currentRoom();
    EXPECT_EQ(guest->rooms()->config(guest->currentRoomId())->profile.name, u"Team"_s);
    ASSERT_TRUE(waitConnected(joined->session()));
    joined->sendMessage(u"hi alice"_s);
    EXPECT_TRUE(QTest::qWaitFor(
        [&] {
            const hibiki::MessageModel *model = hosted->model();
            return model->rowCount() > 0
                && model->index(model->rowCount() - 1).data().toString() == u"hi alice"_s;
        },
        TimeoutMs));
    EXPECT_TRUE(QTest::qWaitFor([&] { return !empty->isVisible(); }, TimeoutMs));
    // A joined room has no invite card of its own.
    EXPECT_EQ(joined->chatView()->viewport()->findChild<hibiki::EmptyRoomInvite *>(), nullptr);
}

TEST_F(InviteUiTest, HostWithARoomHostedOpensItsSettingsSoTitled)
{
    MainWindow *window = makeWindow(u"alice"_s);
    window->show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(window));
    QAction *hostAction = nullptr;
    for (QAction *action : window->menuBar()->actions().constFirst()->menu()->actions()) {
        if (action->shortcut() == QKeySequence(u"Ctrl+Shift+N"_s)) {
            hostAction = action;
        }
    }
    ASSERT_NE(hostAction, nullptr);
    EXPECT_EQ(hostAction->text(), u"&Host a Room on This Computer…"_s);

    ASSERT_NE(window->hostRoom(0, false, u"Team"_s, u"alice"_s), nullptr);
    EXPECT_EQ(hostAction->text(), u"Hosted Room &Settings…"_s);
    // Host… and Edit on the hosted room both open its settings, titled as such.
    QStringList titles;
    const auto readTitle = [&] {
        auto *dialog = qobject_cast<HostRoomDialog *>(QApplication::activeModalWidget());
        if (dialog) {
            titles.append(dialog->windowTitle());
            EXPECT_TRUE(dialog->isEditing());
            EXPECT_TRUE(dialog->intro()->text().contains(u"one room at a time"_s));
            dialog->reject();
        }
    };
    QTimer::singleShot(0, window, readTitle);
    closeAnyDialogLater(window);
    QTest::keyClick(window, Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
    QTimer::singleShot(0, window, readTitle);
    closeAnyDialogLater(window);
    window->showEditRoomDialog();
    EXPECT_EQ(titles, (QStringList {u"Hosted Room Settings"_s, u"Hosted Room Settings"_s}));

    // Turning on "Let others join" there hosts it for others: TLS, a token, an invite.
    QTimer::singleShot(0, window, [&] {
        if (auto *dialog = qobject_cast<HostRoomDialog *>(QApplication::activeModalWidget())) {
            dialog->lanBox()->setChecked(true);
            dialog->accept();
        }
    });
    closeAnyDialogLater(window);
    window->showHostRoomDialog();
    const QString id = window->rooms()->hostedRoomId();
    ASSERT_NE(window->rooms()->hostedRoom(id), nullptr);
    EXPECT_TRUE(window->rooms()->hostedRoom(id)->isEncrypted());
    EXPECT_TRUE(waitConnected(window->rooms()->session(id)));
}

TEST_F(InviteUiTest, TheHostDialogNeverSquashesItsFieldsAtAnyFont)
{
    for (const qreal points : {0.0, 7.0, 16.0}) {
        std::unique_ptr<ScopedFont> font;
        if (points > 0) {
            font = std::make_unique<ScopedFont>(points);
        }
        const std::string where = points > 0 ? std::to_string(points) + " pt" : "default font";
        HostRoomDialog dialog;
        dialog.setValues(u"Room"_s, u"alice"_s, 8787, false);
        dialog.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
        EXPECT_EQ(dialog.windowTitle(), u"Host a Room on This Computer"_s);
        EXPECT_FALSE(dialog.warning()->isVisible());
        {
            SCOPED_TRACE(where + ", before");
            expectNothingSquashed(dialog);
        }

        // Ticking "Let others join" shows what it means; the dialog grows with it.
        const int before = dialog.height();
        QTest::mouseClick(dialog.lanBox(), Qt::LeftButton);
        QCoreApplication::processEvents();
        EXPECT_TRUE(dialog.lan());
        EXPECT_TRUE(dialog.warning()->isVisible());
        EXPECT_TRUE(dialog.warning()->text().contains(u"invite link"_s));
        EXPECT_TRUE(dialog.warning()->text().contains(u"encrypted"_s));
        EXPECT_GT(dialog.height(), before) << where;
        {
            SCOPED_TRACE(where + ", with the warning");
            expectNothingSquashed(dialog);
        }

        // Made as small as a user can: still whole.
        dialog.resize(300, 50);
        QCoreApplication::processEvents();
        {
            SCOPED_TRACE(where + ", made small");
            expectNothingSquashed(dialog);
        }
    }
}

TEST_F(InviteUiTest, AChangedCertificateIsAskedAboutWithBothFingerprints)
{
    const QByteArray before(64, 'a');
    const QByteArray after(64, 'b');
    QWidget parent;
    QString text;
    bool trustIsDefault = true;
    QTimer::singleShot(0, &parent, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box) {
            return;
        }
        text = box->text();
        trustIsDefault = box->defaultButton() != box->button(QMessageBox::Cancel);
        for (QAbstractButton *button : box->buttons()) {
            if (button->text() == u"Trust the New Certificate"_s) {
                button->click();
            }
        }
    });
    closeAnyDialogLater(&parent);
    EXPECT_TRUE(hibiki::RoomQuestions::confirmCertificateChange(
        &parent, u"192.168.1.20"_s, {QString::fromLatin1(before)}, after, u"Team"_s));
    EXPECT_TRUE(text.startsWith(u"This room's certificate changed since you joined"_s))
        << text.toStdString();
    EXPECT_TRUE(text.contains(sse::displaySha256(before)));
    EXPECT_TRUE(text.contains(sse::displaySha256(after)));
    EXPECT_FALSE(trustIsDefault);
}

} // namespace
