// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>

namespace hibiki {

class InviteCard;
class Rooms;

// Room → Invite People…: the hosted room's invite card in a window of its own.
class InviteDialog : public QDialog
{
    Q_OBJECT

public:
    InviteDialog(Rooms *rooms, const QString &roomId, QWidget *parent = nullptr);

    InviteCard *card() const { return m_card; }

Q_SIGNALS:
    // The card's "Hosted Room Settings…": the dialog has closed.
    void hostSettingsRequested();

private:
    InviteCard *m_card;
};

} // namespace hibiki
