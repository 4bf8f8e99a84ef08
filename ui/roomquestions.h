// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QString>

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
};

} // namespace hibiki
