// SPDX-License-Identifier: MIT
#include "hostroomdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QResizeEvent>
#include <QSpinBox>
#include <QVBoxLayout>

namespace hibiki {

HostRoomDialog::HostRoomDialog(QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_lan(new QCheckBox(tr("&Let others join (encrypted, with an invite link)"), this))
    , m_warning(new QLabel(this))
    , m_intro(new QLabel(this))
{
    setWindowTitle(tr("Host a Room on This Computer"));
    m_name->setAccessibleName(tr("Room name"));
    m_user->setAccessibleName(tr("Your name"));
    m_port->setRange(0, 65535);
    m_port->setValue(8787);
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setAccessibleName(tr("Port"));
    m_lan->setAccessibleName(tr("Let others join"));
    m_warning->setTextFormat(Qt::PlainText);
    m_warning->setWordWrap(true);
    m_warning->setText(
        tr("Others on your network join with the room's invite link (Room → Invite People…). "
           "Anyone who has the link can read and post in this room: share it only with the "
           "people you invite. The connection is encrypted, and New Link replaces a link "
           "that went too far."));
    m_warning->setVisible(false);

    m_intro->setTextFormat(Qt::PlainText);
    m_intro->setWordWrap(true);
    m_intro->setText(tr("The room runs inside Hibiki while it is open. Without “Let others "
                        "join”, only this computer can join it."));

    auto *form = new QFormLayout;
    form->addRow(tr("Room &name:"), m_name);
    form->addRow(tr("&Your name:"), m_user);
    form->addRow(tr("&Port:"), m_port);
    // Fields keep their height; the dialog grows instead.
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Host"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(form);
    layout->addWidget(m_lan);
    layout->addWidget(m_warning);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_lan, &QCheckBox::toggled, this, [this](bool checked) {
        m_warning->setVisible(checked);
        fitHeight();
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &HostRoomDialog::validate);
    connect(m_user, &QLineEdit::textChanged, this, &HostRoomDialog::validate);
    validate();
    resize(460, 0);
    fitHeight();
}

void HostRoomDialog::setValues(
    const QString &roomName, const QString &userName, quint16 port, bool lan)
{
    m_name->setText(roomName);
    m_user->setText(userName);
    m_port->setValue(port);
    m_lan->setChecked(lan);
}

void HostRoomDialog::setRoom(const RoomConfig &room, const QString &userName)
{
    m_editing = true;
    setWindowTitle(tr("Hosted Room Settings"));
    m_intro->setText(tr("Hibiki hosts one room at a time; these are the settings of “%1”, "
                        "which runs inside Hibiki while it is open. Without “Let others "
                        "join”, only this computer can join it.")
                         .arg(room.profile.name));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Save"));
    setValues(room.profile.name, userName, room.hostPort, room.hostOnLan);
    fitHeight();
}

RoomConfig HostRoomDialog::appliedTo(RoomConfig room) const
{
    room.profile.name = roomName();
    room.profile.userName = userName();
    room.hostPort = port();
    room.hostOnLan = lan();
    return room;
}

QString HostRoomDialog::roomName() const
{
    return m_name->text().trimmed();
}

QString HostRoomDialog::userName() const
{
    return m_user->text().trimmed();
}

quint16 HostRoomDialog::port() const
{
    return quint16(m_port->value());
}

bool HostRoomDialog::lan() const
{
    return m_lan->isChecked();
}

void HostRoomDialog::validate()
{
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(!roomName().isEmpty() && !userName().isEmpty());
}

void HostRoomDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        fitHeight();
    }
}

void HostRoomDialog::resizeEvent(QResizeEvent *event)
{
    QDialog::resizeEvent(event);
    // A window is not held to its layout's height for its width: the dialog is, so that
    // making it smaller never squashes a field or cuts the text.
    const int needed = neededHeight(event->size().width());
    if (needed != minimumHeight()) {
        setMinimumHeight(needed);
    }
}

int HostRoomDialog::neededHeight(int width) const
{
    const int forWidth = heightForWidth(width);
    return std::max(forWidth, layout() ? layout()->totalMinimumSize().height() : 0);
}

void HostRoomDialog::fitHeight()
{
    if (QLayout *box = layout()) {
        box->activate();
    }
    const int needed = neededHeight(width());
    setMinimumHeight(needed);
    if (needed > height()) {
        resize(width(), needed);
    }
}

} // namespace hibiki
