// SPDX-License-Identifier: MIT
#pragma once

#include <shell/invitelink.h>
#include <shell/roomconfig.h>

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;

namespace hibiki {

class ConnectionTester;
class EndpointListEdit;

// Adding or editing a room: the kind of server (Hibiki room, the tutorial's server, an
// nchan channel, any other stream), its address, checked as it is typed (ServerAddress says
// what is wrong in words), the room's name (a unique one is suggested), the user's name,
// an optional token (for the keychain) and "Test connection", whose result says in words
// what the server answered and goes away as soon as the address changes. A room that is
// already in the list is recognised by its address and offered instead of a copy.
class ServerDialog : public QDialog
{
    Q_OBJECT

public:
    // exec()'s result when the user chose to open the room they already have
    // (existingRoomId()) instead of adding it again.
    static constexpr int OpenExistingRoom = 2;
    // exec()'s result when an invite link was pasted into the address (invite()): the
    // room is joined from it (pinned certificate, token to the keychain).
    static constexpr int JoinInvite = 3;

    explicit ServerDialog(QNetworkAccessManager *manager, QWidget *parent = nullptr);
    ~ServerDialog() override;

    // Edits an existing room (the id and settings not shown here are kept).
    void setRoom(const RoomConfig &room);
    // The rooms in the list: the new room's name must differ from theirs, and its address
    // must not be one of theirs.
    void setKnownRooms(const QList<RoomConfig> &rooms);
    // Names other rooms have: the room's name must differ.
    void setTakenNames(const QStringList &names)
    {
        m_takenNames = names;
        validate();
    }
    void setUserName(const QString &name);

    RoomConfig room() const;
    QString token() const;
    bool tokenEdited() const { return m_tokenEdited; }
    // What is wrong with the input, for the user; empty when OK can be pressed.
    QString validationError() const { return m_error; }
    // The room in the list with the address typed, or empty.
    QString existingRoomId() const { return m_existingId; }
    std::optional<InviteLink> invite() const { return m_invite; }

    QComboBox *presetBox() const { return m_preset; }
    QLineEdit *addressEdit() const { return m_address; }
    QLineEdit *channelEdit() const { return m_channel; }
    QLineEdit *nameEdit() const { return m_name; }
    QLineEdit *userEdit() const { return m_user; }
    QLineEdit *tokenEdit() const { return m_token; }
    QPushButton *testButton() const { return m_test; }
    QLabel *testResult() const { return m_testResult; }
    QPushButton *okButton() const;
    QPushButton *openExistingButton() const { return m_openExisting; }

private:
    Profile::Preset preset() const;
    Profile buildProfile(QString *error) const;
    void onPresetChanged();
    void validate();
    // The address or a setting it depends on changed: an earlier test result no longer
    // applies.
    void forgetTestResult();
    void testConnection();
    void showTestResult(const QString &text, const QColor &color);
    // Grows the dialog to the height its word-wrapped labels need at its width.
    void fitHeight();
    QString defaultName() const;
    bool nameTaken(const QString &name) const;

    QNetworkAccessManager *m_manager;
    ConnectionTester *m_tester = nullptr;
    RoomConfig m_original;
    QStringList m_takenNames;
    QList<RoomConfig> m_knownRooms;
    QString m_existingId;
    std::optional<InviteLink> m_invite;
    QString m_error;
    bool m_nameEdited = false;
    bool m_tokenEdited = false;

    QComboBox *m_preset = nullptr;
    QLineEdit *m_address = nullptr;
    QLabel *m_addressHint = nullptr;
    QLabel *m_channelLabel = nullptr;
    QLineEdit *m_channel = nullptr;
    EndpointListEdit *m_nodes = nullptr; // nchan: the channel's other nodes
    QGroupBox *m_advanced = nullptr;
    QLineEdit *m_postUrl = nullptr;
    QLineEdit *m_events = nullptr;
    QLineEdit *m_textField = nullptr;
    QLineEdit *m_authorField = nullptr;
    QLineEdit *m_timeField = nullptr;
    QLineEdit *m_idField = nullptr;
    QLineEdit *m_bodyTemplate = nullptr;
    QLineEdit *m_name = nullptr;
    QLineEdit *m_user = nullptr;
    QLineEdit *m_token = nullptr;
    QPushButton *m_test = nullptr;
    QLabel *m_testResult = nullptr;
    QLabel *m_errorLabel = nullptr;
    QPushButton *m_openExisting = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace hibiki
