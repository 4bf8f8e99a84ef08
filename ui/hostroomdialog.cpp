// SPDX-License-Identifier: MIT
#include "hostroomdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace hibiki {

HostRoomDialog::HostRoomDialog(QWidget *parent)
    : QDialog(parent)
    , m_name(new QLineEdit(this))
    , m_user(new QLineEdit(this))
    , m_port(new QSpinBox(this))
    , m_lan(new QCheckBox(tr("&Let other computers on my network join"), this))
    , m_warning(new QLabel(this))
{
    setWindowTitle(tr("Host a Room on This Computer"));
    m_name->setAccessibleName(tr("Room name"));
    m_user->setAccessibleName(tr("Your name"));
    m_port->setRange(0, 65535);
    m_port->setValue(8787);
    m_port->setSpecialValueText(tr("any free port"));
    m_port->setAccessibleName(tr("Port"));
    m_lan->setAccessibleName(tr("Let other computers on my network join"));
    m_warning->setTextFormat(Qt::PlainText);
    m_warning->setWordWrap(true);
    m_warning->setText(tr("Anyone who can reach this computer on your network can read and post "
                          "in this room: it has no password and its traffic is not encrypted. "
                          "Only allow this on a network you trust."));
    QPalette palette = m_warning->palette();
    palette.setColor(QPalette::WindowText, QColor(200, 110, 0));
    m_warning->setPalette(palette);
    m_warning->setVisible(false);

    auto *intro = new QLabel(tr("The room runs inside Hibiki while it is open. Others on this "
                                "computer join at http://127.0.0.1:<port>."),
        this);
    intro->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Room &name:"), m_name);
    form->addRow(tr("&Your name:"), m_user);
    form->addRow(tr("&Port:"), m_port);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Host"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_lan);
    layout->addWidget(m_warning);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_lan, &QCheckBox::toggled, m_warning, &QWidget::setVisible);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textChanged, this, &HostRoomDialog::validate);
    connect(m_user, &QLineEdit::textChanged, this, &HostRoomDialog::validate);
    validate();
    resize(460, sizeHint().height());
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
    setValues(room.profile.name, userName, room.hostPort, room.hostOnLan);
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

} // namespace hibiki
