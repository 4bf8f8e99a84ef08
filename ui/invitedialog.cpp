// SPDX-License-Identifier: MIT
#include "invitedialog.h"

#include "invitecard.h"

#include <QDialogButtonBox>
#include <QVBoxLayout>

namespace hibiki {

InviteDialog::InviteDialog(Rooms *rooms, const QString &roomId, QWidget *parent)
    : QDialog(parent)
    , m_card(new InviteCard(rooms, roomId, this))
{
    setWindowTitle(tr("Invite People"));
    m_card->setFrameShape(QFrame::NoFrame);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_card);
    layout->addWidget(buttons);
    // The dialog is as large as its card needs (it grows with a longer text, a larger font).
    layout->setSizeConstraint(QLayout::SetMinimumSize);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_card, &InviteCard::hostSettingsRequested, this, [this] {
        reject();
        Q_EMIT hostSettingsRequested();
    });
}

} // namespace hibiki
