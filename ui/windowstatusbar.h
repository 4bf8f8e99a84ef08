// SPDX-License-Identifier: MIT
#pragma once

#include <QStatusBar>

class QTimer;

namespace hibiki {

class ElidedLabel;
class Rooms;

// The window's status bar: on the left what Rooms has to say (until the next message, or
// for a while), on the right the rooms hosted on this computer with their addresses. Both
// are one line cut with "…", whole in the tooltip, and never widen the window.
class WindowStatusBar : public QStatusBar
{
    Q_OBJECT

public:
    // `rooms` must outlive the bar.
    explicit WindowStatusBar(Rooms *rooms, QWidget *parent = nullptr);

    // `timeoutMs` 0: until the next message.
    void showStatus(const QString &text, int timeoutMs = 0);
    QString statusText() const;
    ElidedLabel *statusLabel() const { return m_statusText; }
    ElidedLabel *hostLabel() const { return m_hostLabel; }

private:
    void updateHostLabel();

    Rooms *m_rooms;
    ElidedLabel *m_statusText;
    ElidedLabel *m_hostLabel;
    QTimer *m_statusTimer;
};

} // namespace hibiki
