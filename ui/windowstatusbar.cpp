// SPDX-License-Identifier: MIT
#include "windowstatusbar.h"

#include "elidedlabel.h"

#include <shell/hostedroom.h>
#include <shell/rooms.h>

#include <QTimer>

using namespace Qt::StringLiterals;

namespace hibiki {

WindowStatusBar::WindowStatusBar(Rooms *rooms, QWidget *parent)
    : QStatusBar(parent)
    , m_rooms(rooms)
    , m_statusText(new ElidedLabel(this))
    , m_hostLabel(new ElidedLabel(this))
    , m_statusTimer(new QTimer(this))
{
    m_statusText->setAccessibleName(tr("Status"));
    m_hostLabel->setContentsMargins(0, 0, 8, 0);
    m_hostLabel->setAccessibleName(tr("Hosted rooms"));
    m_hostLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // No stretch: each takes the width of its text while the bar has room, and both are
    // cut when it has not.
    addWidget(m_statusText);
    addPermanentWidget(m_hostLabel);
    m_statusTimer->setSingleShot(true);
    connect(m_statusTimer, &QTimer::timeout, this, [this] { showStatus({}); });
    setSizeGripEnabled(false);

    connect(m_rooms, &Rooms::statusMessage, this, &WindowStatusBar::showStatus);
    // A room hosted here comes, goes, or is reopened with other addresses (LAN on or off).
    connect(m_rooms, &Rooms::roomAdded, this, &WindowStatusBar::updateHostLabel);
    connect(m_rooms, &Rooms::roomRemoved, this, &WindowStatusBar::updateHostLabel);
    connect(m_rooms, &Rooms::roomReopened, this, &WindowStatusBar::updateHostLabel);
    updateHostLabel();
}

void WindowStatusBar::showStatus(const QString &text, int timeoutMs)
{
    m_statusText->setFullText(text);
    if (timeoutMs > 0 && !text.isEmpty()) {
        m_statusTimer->start(timeoutMs);
    } else {
        m_statusTimer->stop();
    }
}

QString WindowStatusBar::statusText() const
{
    return m_statusText->fullText();
}

void WindowStatusBar::updateHostLabel()
{
    QStringList parts;
    for (const QString &id : m_rooms->ids()) {
        const HostedRoom *host = m_rooms->hostedRoom(id);
        if (!host) {
            continue;
        }
        QStringList addresses {host->baseUrl().toString()};
        for (const QUrl &url : host->networkUrls()) {
            addresses.append(url.toString());
        }
        parts.append(tr("Hosting \"%1\" at %2")
                         .arg(m_rooms->config(id)->profile.name, addresses.join(u", "_s)));
    }
    m_hostLabel->setFullText(parts.join(u"; "_s));
    m_hostLabel->setHint(
        parts.isEmpty() ? QString() : tr("Room → Invite People… shows the link others join with"));
    m_hostLabel->setVisible(!parts.isEmpty());
}

} // namespace hibiki
