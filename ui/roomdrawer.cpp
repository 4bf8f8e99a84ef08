// SPDX-License-Identifier: MIT
#include "roomdrawer.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace hibiki {

namespace {

constexpr int MaxPanelWidth = 320;
constexpr int MinPanelWidth = 200;

} // namespace

RoomDrawer::RoomDrawer(QWidget *covered)
    : QWidget(covered->parentWidget())
    , m_covered(covered)
{
    setAccessibleName(tr("Rooms"));
    setFocusPolicy(Qt::NoFocus);
    hide();
    covered->installEventFilter(this);
}

void RoomDrawer::setPanel(QWidget *panel)
{
    m_panel = panel;
    panel->setParent(this);
    panel->show();
    place();
}

QWidget *RoomDrawer::takePanel()
{
    QWidget *panel = m_panel;
    m_panel = nullptr;
    close();
    return panel;
}

int RoomDrawer::panelWidth(int windowWidth)
{
    return std::clamp(windowWidth * 4 / 5, std::min(MinPanelWidth, windowWidth), MaxPanelWidth);
}

void RoomDrawer::open()
{
    if (isOpen() || !m_panel) {
        return;
    }
    place();
    show();
    raise();
    Q_EMIT openChanged(true);
}

void RoomDrawer::close()
{
    if (!isOpen()) {
        return;
    }
    hide();
    Q_EMIT openChanged(false);
}

void RoomDrawer::place()
{
    setGeometry(m_covered->geometry());
    if (m_panel) {
        m_panel->setGeometry(0, 0, panelWidth(width()), height());
    }
}

bool RoomDrawer::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_covered
        && (event->type() == QEvent::Resize || event->type() == QEvent::Move)) {
        place();
    }
    return QWidget::eventFilter(watched, event);
}

void RoomDrawer::paintEvent(QPaintEvent *)
{
    // Dims what the drawer covers, so that the list reads as on top.
    QPainter painter(this);
    painter.fillRect(rect(), QColor(0, 0, 0, 90));
    if (m_panel) {
        // The panel's edge, in the palette's shadow colour, like a splitter's handle.
        const int edge = m_panel->geometry().right() + 1;
        painter.fillRect(QRect(edge, 0, 1, height()), palette().color(QPalette::Shadow));
    }
}

void RoomDrawer::mousePressEvent(QMouseEvent *event)
{
    if (!m_panel || !m_panel->geometry().contains(event->position().toPoint())) {
        close();
    }
    event->accept();
}

void RoomDrawer::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        close();
        event->accept();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace hibiki
