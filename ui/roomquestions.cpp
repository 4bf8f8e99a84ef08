// SPDX-License-Identifier: MIT
#include "roomquestions.h"

#include <sseclient/certificatepinning.h>

#include <QMessageBox>
#include <QPushButton>

namespace hibiki {

bool RoomQuestions::confirmRemoval(QWidget *parent, const QString &roomName)
{
    QMessageBox box(QMessageBox::Question, tr("Remove Room"),
        tr("Remove \"%1\" from your rooms? Its history on this computer is deleted too.")
            .arg(roomName),
        QMessageBox::Cancel, parent);
    box.setTextFormat(Qt::PlainText);
    const QPushButton *remove = box.addButton(tr("Remove"), QMessageBox::DestructiveRole);
    box.exec();
    return box.clickedButton() == remove;
}

bool RoomQuestions::confirmCertificateTrust(
    QWidget *parent, const QString &host, const QByteArray &sha256, const QString &roomName)
{
    QMessageBox box(QMessageBox::Warning, tr("Trust This Certificate?"),
        tr("The certificate of %1 cannot be verified: it may be self-signed, or "
           "someone may be intercepting the connection.\n\nSHA-256 fingerprint:\n%2"
           "\n\nTrust it only if it matches the fingerprint the server's owner gave "
           "you. Hibiki will then accept this certificate for \"%3\".")
            .arg(host, sse::displaySha256(sha256), roomName),
        QMessageBox::Cancel, parent);
    box.setTextFormat(Qt::PlainText);
    const QPushButton *trust = box.addButton(tr("Trust"), QMessageBox::AcceptRole);
    box.exec();
    return box.clickedButton() == trust;
}

bool RoomQuestions::confirmCertificateChange(QWidget *parent, const QString &host,
    const QStringList &pinned, const QByteArray &offered, const QString &roomName)
{
    QStringList before;
    for (const QString &fingerprint : pinned) {
        before.append(sse::displaySha256(fingerprint.toLatin1()));
    }
    QMessageBox box(QMessageBox::Warning, tr("Certificate Changed"),
        tr("This room's certificate changed since you joined \"%1\" (%2).\n\n"
           "When you joined:\n%3\n\nNow:\n%4\n\n"
           "If the room's host made a new certificate, the easiest is to ask them for a new "
           "invite link. Trust the new certificate only if its fingerprint is the one the host "
           "gives you: otherwise someone may be intercepting the connection.")
            .arg(roomName, host, before.join(u'\n'), sse::displaySha256(offered)),
        QMessageBox::Cancel, parent);
    box.setTextFormat(Qt::PlainText);
    box.setDefaultButton(QMessageBox::Cancel);
    const QPushButton *trust
        = box.addButton(tr("Trust the New Certificate"), QMessageBox::DestructiveRole);
    box.exec();
    return box.clickedButton() == trust;
}

} // namespace hibiki
