// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

class QWidget;

namespace hibiki {

// The questions the window asks before it changes a room, as message boxes. True: go on.
class RoomQuestions
{
    Q_DECLARE_TR_FUNCTIONS(hibiki::RoomQuestions)

public:
    static bool confirmRemoval(QWidget *parent, const QString &roomName);
    // `sha256`: the fingerprint (hex) of the certificate `host` presented.
    static bool confirmCertificateTrust(
        QWidget *parent, const QString &host, const QByteArray &sha256, const QString &roomName);
    // The room was pinned to `pinned` (fingerprints, hex) and now presents `offered`: both are
    // shown, and trusting the new one is never the default.
    static bool confirmCertificateChange(QWidget *parent, const QString &host,
        const QStringList &pinned, const QByteArray &offered, const QString &roomName);
};

} // namespace hibiki
