// SPDX-License-Identifier: MIT
#include "notifier.h"

#include <QApplication>
#include <QFile>
#include <QMenu>
#include <QPainter>
#include <QPainterPath>
#include <QSystemTrayIcon>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// Desktop notification servers may read a body as markup; a message is plain text.
QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QPixmap drawnIcon(int size)
{
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    QPainterPath bubble;
    const qreal s = size;
    bubble.addRoundedRect(QRectF(s * 0.06, s * 0.08, s * 0.88, s * 0.68), s * 0.18, s * 0.18);
    QPainterPath tail;
    tail.moveTo(s * 0.26, s * 0.7);
    tail.lineTo(s * 0.2, s * 0.94);
    tail.lineTo(s * 0.46, s * 0.72);
    painter.fillPath(bubble.united(tail), QColor(0x3b, 0x6e, 0xd8));
    painter.setPen(QPen(Qt::white, s * 0.06, Qt::SolidLine, Qt::RoundCap));
    for (int i = 0; i < 3; ++i) {
        const qreal r = s * (0.1 + 0.09 * i);
        painter.drawArc(QRectF(s * 0.5 - r, s * 0.42 - r, 2 * r, 2 * r), -50 * 16, 100 * 16);
    }
    return pixmap;
}

} // namespace

Notifier::Notifier(QWidget *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_icon(appIcon())
{
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        return;
    }
    m_tray = new QSystemTrayIcon(m_icon, this);
    m_menu = new QMenu;
    m_menu->addAction(tr("&Show Hibiki"), this, &Notifier::showRequested);
    m_menu->addSeparator();
    m_menu->addAction(tr("&Quit"), this, &Notifier::quitRequested);
    m_tray->setContextMenu(m_menu);
    m_tray->setToolTip(tr("Hibiki"));
    connect(m_tray, &QSystemTrayIcon::activated, this,
        [this](QSystemTrayIcon::ActivationReason reason) {
            if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick) {
                Q_EMIT showRequested();
            }
        });
    connect(m_tray, &QSystemTrayIcon::messageClicked, this, &Notifier::showRequested);
    m_tray->show();
}

Notifier::~Notifier()
{
    delete m_menu;
}

QIcon Notifier::appIcon()
{
    if (QFile::exists(u":/icons/hibiki.svg"_s)) {
        return QIcon(u":/icons/hibiki.svg"_s);
    }
    QIcon icon;
    for (const int size : {16, 24, 32, 48, 64, 128}) {
        icon.addPixmap(drawnIcon(size));
    }
    return icon;
}

QIcon Notifier::iconWithBadge(const QIcon &icon, int count)
{
    if (count <= 0) {
        return icon;
    }
    QIcon badged;
    for (const int size : {16, 22, 32, 48, 64}) {
        QPixmap pixmap = icon.pixmap(size, size);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        const qreal d = size * 0.6;
        const QRectF badge(size - d, 0, d, d);
        painter.setBrush(QColor(215, 50, 45));
        painter.setPen(Qt::NoPen);
        painter.drawEllipse(badge);
        QFont font = QApplication::font();
        font.setBold(true);
        font.setPixelSize(qMax(6, int(d * (count > 9 ? 0.5 : 0.7))));
        painter.setFont(font);
        painter.setPen(Qt::white);
        painter.drawText(badge, Qt::AlignCenter, count > 99 ? u"99+"_s : QString::number(count));
        badged.addPixmap(pixmap);
    }
    return badged;
}

void Notifier::setUnread(int unread)
{
    if (unread == m_unread) {
        return;
    }
    m_unread = unread;
    if (m_tray) {
        m_tray->setIcon(iconWithBadge(m_icon, unread));
        m_tray->setToolTip(
            unread > 0 ? tr("Hibiki: %n unread message(s)", nullptr, unread) : tr("Hibiki"));
    }
}

void Notifier::notify(const QString &title, const QString &body)
{
    Q_EMIT notified(title, body);
    if (m_tray && m_tray->isVisible() && QSystemTrayIcon::supportsMessages()) {
        m_tray->showMessage(escaped(title), escaped(body), m_icon, 6000);
    }
    if (m_window) {
        QApplication::alert(m_window);
    }
}

} // namespace hibiki
