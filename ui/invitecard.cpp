// SPDX-License-Identifier: MIT
#include "invitecard.h"

#include "qrcodewidget.h"

#include <shell/hostedroom.h>
#include <shell/rooms.h>

#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace hibiki {

namespace {

constexpr int CopiedShownMs = 2000;
constexpr int CardMaximumWidth = 560;
constexpr int QrCodeMaximumSide = 260;

QLabel *wrappedLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setTextFormat(Qt::PlainText); // room names come from people
    label->setWordWrap(true);
    return label;
}

} // namespace

InviteCard::InviteCard(Rooms *rooms, const QString &roomId, QWidget *parent)
    : QFrame(parent)
    , m_rooms(rooms)
    , m_roomId(roomId)
    , m_title(wrappedLabel(this))
    , m_message(wrappedLabel(this))
    , m_addresses(new QComboBox(this))
    , m_link(new QLineEdit(this))
    , m_copy(new QPushButton(tr("&Copy Link"), this))
    , m_qrCode(new QrCodeWidget(this))
    , m_newLink(new QPushButton(tr("&New Link…"), this))
    , m_newLinkHint(wrappedLabel(this))
    , m_settings(new QPushButton(tr("Hosted Room &Settings…"), this))
    , m_copiedTimer(new QTimer(this))
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setMaximumWidth(CardMaximumWidth);
    setAccessibleName(tr("Invite people"));

    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.2);
    m_title->setFont(titleFont);

    m_addresses->setAccessibleName(tr("Address in the link"));
    m_addresses->setToolTip(tr("This computer has several addresses: choose the one on the "
                               "network of the people you invite."));
    auto *addressLabel = new QLabel(tr("&Address:"), this);
    addressLabel->setBuddy(m_addresses);
    m_addressRow = new QWidget(this);
    auto *addressLayout = new QHBoxLayout(m_addressRow);
    addressLayout->setContentsMargins(0, 0, 0, 0);
    addressLayout->addWidget(addressLabel);
    addressLayout->addWidget(m_addresses, 1);

    m_link->setReadOnly(true);
    m_link->setAccessibleName(tr("Invite link"));
    m_copy->setAccessibleName(tr("Copy the invite link"));
    m_copy->setAutoDefault(false);
    m_linkRow = new QWidget(this);
    auto *linkLayout = new QHBoxLayout(m_linkRow);
    linkLayout->setContentsMargins(0, 0, 0, 0);
    linkLayout->addWidget(m_link, 1);
    linkLayout->addWidget(m_copy);

    m_qrCode->setMaximumSize(QrCodeMaximumSide, QrCodeMaximumSide);
    m_newLink->setAutoDefault(false);
    m_newLink->setAccessibleName(tr("Make a new invite link"));
    m_newLinkHint->setText(tr("A new link replaces this one: whoever joined with it is "
                              "disconnected until they get the new one."));
    QPalette hintPalette = m_newLinkHint->palette();
    hintPalette.setColor(
        QPalette::WindowText, hintPalette.color(QPalette::Disabled, QPalette::WindowText));
    m_newLinkHint->setPalette(hintPalette);
    m_settings->setAutoDefault(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(18, 16, 18, 16);
    layout->setSpacing(10);
    layout->addWidget(m_title);
    layout->addWidget(m_message);
    layout->addWidget(m_addressRow);
    layout->addWidget(m_linkRow);
    layout->addWidget(m_qrCode, 0, Qt::AlignHCenter);
    layout->addWidget(m_newLink, 0, Qt::AlignLeft);
    layout->addWidget(m_newLinkHint);
    layout->addWidget(m_settings, 0, Qt::AlignLeft);

    m_copiedTimer->setSingleShot(true);
    m_copiedTimer->setInterval(CopiedShownMs);
    connect(m_copiedTimer, &QTimer::timeout, this, [this] { m_copy->setText(tr("&Copy Link")); });
    connect(m_copy, &QPushButton::clicked, this, &InviteCard::copyLink);
    connect(m_newLink, &QPushButton::clicked, this, &InviteCard::askToRenew);
    connect(m_settings, &QPushButton::clicked, this, &InviteCard::hostSettingsRequested);
    connect(m_addresses, &QComboBox::activated, this, [this] {
        m_address = QHostAddress(m_addresses->currentData().toString());
        refresh();
    });
    const auto follows = [this](const QString &id) {
        if (id == m_roomId) {
            refresh();
        }
    };
    connect(m_rooms, &Rooms::inviteChanged, this, follows);
    connect(m_rooms, &Rooms::roomReopened, this, follows);
    connect(m_rooms, &Rooms::roomChanged, this, follows);
    refresh();
}

QString InviteCard::link() const
{
    return m_state == State::Invite ? m_link->text() : QString();
}

void InviteCard::refresh()
{
    const std::optional<RoomConfig> config = m_rooms->config(m_roomId);
    const QString name = config ? config->profile.name : QString();
    const HostedRoom *host = m_rooms->hostedRoom(m_roomId);
    if (!host) {
        m_title->setText(tr("“%1” is not hosted here").arg(name));
        m_message->setText(tr("Another program uses its port, so nobody can join it here. "
                              "Choose another port in Room → Hosted Room Settings…"));
        setState(State::NotHosted);
        return;
    }
    if (!host->settings().lan) {
        m_title->setText(tr("Only this computer can join “%1”").arg(name));
        m_message->setText(tr("Only this computer can join. To invite someone, turn on "
                              "“Let others join” in Room → Hosted Room Settings…"));
        setState(State::ThisComputerOnly);
        return;
    }
    const QList<QHostAddress> addresses = host->inviteAddresses();
    if (addresses.isEmpty()) {
        m_title->setText(tr("Invite people to “%1”").arg(name));
        m_message->setText(tr("This computer is on no network others could reach right now. "
                              "Connect it to one; the link appears here."));
        setState(State::NoNetwork);
        return;
    }
    if (!addresses.contains(m_address)) {
        m_address = addresses.constFirst(); // the best guess (LanAddresses)
    }
    m_addresses->clear();
    for (const QHostAddress &address : addresses) {
        m_addresses->addItem(address.toString(), address.toString());
    }
    m_addresses->setCurrentIndex(int(addresses.indexOf(m_address)));
    m_addressRow->setVisible(addresses.size() > 1);

    const QString link = host->invite(m_address).toString();
    m_title->setText(tr("Invite people to “%1”").arg(name));
    m_message->setText(tr("Send this link to the people you invite, or let them scan the "
                          "code. Anyone who has it can read and post in this room; the "
                          "connection is encrypted."));
    m_link->setText(link);
    m_link->setCursorPosition(0);
    m_qrCode->setText(link);
    setState(State::Invite);
}

void InviteCard::setState(State state)
{
    m_state = state;
    const bool invite = state == State::Invite;
    if (!invite) {
        m_addressRow->hide();
    }
    m_linkRow->setVisible(invite);
    m_qrCode->setVisible(invite);
    m_newLink->setVisible(invite);
    m_newLinkHint->setVisible(invite);
    m_settings->setVisible(state == State::ThisComputerOnly || state == State::NotHosted);
}

void InviteCard::copyLink()
{
    if (link().isEmpty()) {
        return;
    }
    QGuiApplication::clipboard()->setText(link());
    m_copy->setText(tr("Copied ✓"));
    m_copiedTimer->start();
}

void InviteCard::askToRenew()
{
    const std::optional<RoomConfig> config = m_rooms->config(m_roomId);
    QMessageBox box(QMessageBox::Question, tr("New Invite Link"),
        tr("Make a new link for “%1”? Everyone who joined with the current link is "
           "disconnected and needs the new one. This computer stays in the room.")
            .arg(config ? config->profile.name : QString()),
        QMessageBox::Cancel, this);
    box.setTextFormat(Qt::PlainText);
    const QPushButton *renew = box.addButton(tr("Make New Link"), QMessageBox::AcceptRole);
    box.exec();
    if (box.clickedButton() == renew) {
        renewLink();
    }
}

bool InviteCard::renewLink()
{
    if (m_state != State::Invite) {
        return false;
    }
    // On the next turn of the event loop: the room's session is reopened, and with it the
    // room's widget, which may hold this card (its empty state). inviteChanged refreshes
    // the cards that stay.
    QMetaObject::invokeMethod(
        m_rooms, [rooms = m_rooms, id = m_roomId] { rooms->renewInvite(id); },
        Qt::QueuedConnection);
    return true;
}

} // namespace hibiki
