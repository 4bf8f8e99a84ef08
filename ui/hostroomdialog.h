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

// "Host a room on this computer": the room's name, your name, the port, and whether others
// may join (off unless chosen; then over TLS with an invite link, which the dialog
// explains). Hibiki hosts one room at a time: with one hosted already, the same dialog is
// its settings ("Hosted Room Settings", setRoom()). It grows with its text and its font,
// so that no field is ever squashed.
class HostRoomDialog : public QDialog
{
    Q_OBJECT

public:
    explicit HostRoomDialog(QWidget *parent = nullptr);

    void setValues(const QString &roomName, const QString &userName, quint16 port, bool lan);
    // The settings of the hosted room (with the user's name in it): the dialog says so in
    // its title, and appliedTo() gives them back.
    void setRoom(const RoomConfig &room, const QString &userName);
    bool isEditing() const { return m_editing; }
    RoomConfig appliedTo(RoomConfig room) const;
    QString roomName() const;
    QString userName() const;
    quint16 port() const;
    bool lan() const;

    QCheckBox *lanBox() const { return m_lan; }
    QLabel *warning() const { return m_warning; }
    QLabel *intro() const { return m_intro; }

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void validate();
    // What the layout needs at `width`, wrapped text included.
    int neededHeight(int width) const;
    // At least that tall (it grows when the warning shows, or with a larger font).
    void fitHeight();

    QLineEdit *m_name = nullptr;
    QLineEdit *m_user = nullptr;
    QSpinBox *m_port = nullptr;
    QCheckBox *m_lan = nullptr;
    QLabel *m_warning = nullptr;
    QLabel *m_intro = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    bool m_editing = false;
};

} // namespace hibiki
