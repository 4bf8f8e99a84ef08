// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>
#include <QHostAddress>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;

namespace hibiki {

class QrCodeWidget;
class Rooms;

// How others get into a room hosted on this computer, on one card: the invite link (naming
// the best address of this computer, or the one chosen when it has several), Copy Link,
// the link's QR code to carry it to a phone or another computer, and New Link, which
// replaces it. A room only this computer can join says what to do instead. The card
// follows the room (a new link, new settings).
class InviteCard : public QFrame
{
    Q_OBJECT

public:
    enum class State {
        Invite, // the link, Copy, the QR code and New Link
        ThisComputerOnly, // loopback only: how to let others join
        NoNetwork, // open to others, but this computer has no address they could reach
        NotHosted, // the room could not be hosted here (its port is taken)
    };

    InviteCard(Rooms *rooms, const QString &roomId, QWidget *parent = nullptr);

    QString roomId() const { return m_roomId; }
    State state() const { return m_state; }
    QString link() const; // the link shown; empty when there is none
    QHostAddress address() const { return m_address; } // the address the link names

    QLabel *titleLabel() const { return m_title; }
    QLabel *messageLabel() const { return m_message; }
    QComboBox *addressBox() const { return m_addresses; }
    QLineEdit *linkEdit() const { return m_link; }
    QPushButton *copyButton() const { return m_copy; }
    QrCodeWidget *qrCode() const { return m_qrCode; }
    QPushButton *newLinkButton() const { return m_newLink; }
    QPushButton *settingsButton() const { return m_settings; }

    // Puts the link on the clipboard.
    void copyLink();
    // New Link without asking first (the button asks), on the next turn of the event loop
    // (Rooms::inviteChanged follows). False when there is no link to replace.
    bool renewLink();

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    // "Hosted Room Settings…": where "Let others join" is turned on.
    void hostSettingsRequested();

private:
    void askToRenew();
    void setState(State state);

    Rooms *m_rooms;
    QString m_roomId;
    State m_state = State::NotHosted;
    QHostAddress m_address;
    QLabel *m_title = nullptr;
    QLabel *m_message = nullptr;
    QWidget *m_addressRow = nullptr;
    QComboBox *m_addresses = nullptr;
    QLineEdit *m_link = nullptr;
    QPushButton *m_copy = nullptr;
    QWidget *m_linkRow = nullptr;
    QrCodeWidget *m_qrCode = nullptr;
    QPushButton *m_newLink = nullptr;
    QLabel *m_newLinkHint = nullptr;
    QPushButton *m_settings = nullptr;
    QTimer *m_copiedTimer = nullptr;
};

} // namespace hibiki
