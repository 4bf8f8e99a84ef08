// SPDX-License-Identifier: MIT
#pragma once

#include <core/chatsession.h>

#include <QFrame>
#include <QTimer>

class QLabel;
class QPushButton;

namespace hibiki {

// A strip above a room's messages saying how its connection is: "Connecting…",
// "Connected" (briefly), "Reconnecting in 7 s (attempt 3)" with "Retry now", or
// "Disconnected: <why>" with "Connect". Under it, for as long as it lasts, a line saying
// that the room's history cannot be saved and why (ChatSession::storageProblem()).
class ConnectionBanner : public QFrame
{
    Q_OBJECT

public:
    // How long "Connected" stays before the banner folds away.
    static constexpr int ConnectedShownMs = 2500;

    explicit ConnectionBanner(QWidget *parent = nullptr);

    void setStatus(const ConnectionStatus &status);
    // The fingerprint (hex) of a server certificate that could not be verified: offers
    // "Trust Certificate…". Empty hides it.
    void setUntrustedCertificate(const QByteArray &sha256);
    ConnectionStatus status() const { return m_status; }
    // The chat core's sentence about the history file; empty: it works (the line goes).
    void setStorageProblem(const QString &problem);
    QString storageProblem() const { return m_storageProblem; }
    // The storage line as shown; empty when there is none.
    QString storageText() const;
    // The sentence shown, e.g. "Reconnecting in 7 s (attempt 3)".
    QString text() const;
    QString detail() const;
    QPushButton *actionButton() const { return m_action; }
    QPushButton *trustButton() const { return m_trust; }

    // The status as one line of words (for the room list's tooltip, notifications...).
    static QString describe(const ConnectionStatus &status);

Q_SIGNALS:
    void retryRequested(); // "Retry now" or "Connect"
    void trustRequested(const QByteArray &sha256);

private:
    void refresh();
    void setTone(const QColor &tone);
    void updateVisibility();

    ConnectionStatus m_status;
    QWidget *m_connectionRow = nullptr;
    QLabel *m_storage = nullptr;
    QString m_storageProblem;
    bool m_connectionFolded = false; // "Connected" was shown long enough
    QLabel *m_text = nullptr;
    QLabel *m_detail = nullptr;
    QPushButton *m_action = nullptr;
    QPushButton *m_trust = nullptr;
    QByteArray m_untrusted;
    QTimer m_countdown;
    QTimer m_hide;
};

} // namespace hibiki
