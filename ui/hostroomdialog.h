// SPDX-License-Identifier: MIT
#pragma once

#include <shell/roomconfig.h>

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace hibiki {

// "Host a room on this computer": the room's name, your name, the port, and whether other
// computers on the local network may join (off unless chosen, with a warning).
class HostRoomDialog : public QDialog
{
    Q_OBJECT

public:
    explicit HostRoomDialog(QWidget *parent = nullptr);

    void setValues(const QString &roomName, const QString &userName, quint16 port, bool lan);
    // The values of a hosted room (with the user's name in it), and them applied to it.
    void setRoom(const RoomConfig &room, const QString &userName);
    RoomConfig appliedTo(RoomConfig room) const;
    QString roomName() const;
    QString userName() const;
    quint16 port() const;
    bool lan() const;

    QCheckBox *lanBox() const { return m_lan; }
    QLabel *warning() const { return m_warning; }

private:
    void validate();

    QLineEdit *m_name = nullptr;
    QLineEdit *m_user = nullptr;
    QSpinBox *m_port = nullptr;
    QCheckBox *m_lan = nullptr;
    QLabel *m_warning = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace hibiki
