// SPDX-License-Identifier: MIT
#include "roomlistplacement.h"

#include "roomdrawer.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace hibiki {

RoomListPlacement::RoomListPlacement(
    QWidget *sidePanel, QWidget *list, QWidget *content, QWidget *parent)
    : QWidget(parent)
    , m_sidePanel(sidePanel)
    , m_list(list)
    , m_splitter(new QSplitter(this))
{
    m_splitter->addWidget(sidePanel);
    m_splitter->addWidget(content);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setCollapsible(1, false);
    m_splitter->setSizes({SidePanelWidth, 750});
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(buildNarrowBar());
    layout->addWidget(m_splitter, 1);
    m_drawer = new RoomDrawer(m_splitter);
    connect(m_drawer, &RoomDrawer::openChanged, this, &RoomListPlacement::onDrawerOpenChanged);
}

QWidget *RoomListPlacement::buildNarrowBar()
{
    m_narrowBar = new QWidget(this);
    m_narrowBar->setAutoFillBackground(true);
    m_narrowBar->setBackgroundRole(QPalette::Base);
    m_drawerButton = new QToolButton(m_narrowBar);
    m_drawerButton->setCheckable(true);
    m_drawerButton->setAutoRaise(true);
    m_drawerButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_drawerButton->setAccessibleName(tr("Show the rooms"));
    m_drawerButton->setToolTip(tr("Show the rooms (Ctrl+Shift+L)"));
    m_narrowTitle = new QLabel(m_narrowBar);
    m_narrowTitle->setTextFormat(Qt::PlainText);
    QFont titleFont = m_narrowTitle->font();
    titleFont.setBold(true);
    m_narrowTitle->setFont(titleFont);
    m_narrowTitle->setMinimumWidth(1); // a long name is cut, never widens the window
    auto *layout = new QHBoxLayout(m_narrowBar);
    layout->setContentsMargins(4, 2, 8, 2);
    layout->addWidget(m_drawerButton);
    layout->addWidget(m_narrowTitle, 1);
    connect(m_drawerButton, &QToolButton::clicked, this, [this](bool checked) {
        if (checked) {
            m_drawer->open();
        } else {
            m_drawer->close();
        }
    });
    m_narrowBar->hide();
    return m_narrowBar;
}

void RoomListPlacement::onDrawerOpenChanged(bool open)
{
    m_drawerButton->setChecked(open);
    if (open) {
        m_list->setFocus(Qt::OtherFocusReason);
    } else if (m_drawer->isAncestorOf(window()->focusWidget())) {
        Q_EMIT drawerClosedWithFocus();
    }
}

void RoomListPlacement::setNarrow(bool narrow)
{
    if (narrow == m_narrow) {
        return;
    }
    m_narrow = narrow;
    if (narrow) {
        m_wideSizes = m_splitter->sizes();
        m_drawer->setPanel(m_sidePanel);
    } else {
        m_drawer->takePanel();
        m_splitter->insertWidget(0, m_sidePanel);
        m_sidePanel->show();
        if (m_wideSizes.size() == 2) {
            m_splitter->setSizes(m_wideSizes);
        }
    }
    m_narrowBar->setVisible(narrow);
}

void RoomListPlacement::showRoomList()
{
    if (m_narrow) {
        m_drawer->open();
    } else {
        const QList<int> sizes = m_splitter->sizes();
        if (sizes.size() == 2 && sizes.at(0) < MinSidePanelWidth) {
            // Dragged shut (or nearly): back at a width one can read names in.
            const int total = sizes.at(0) + sizes.at(1);
            const int side = std::min(SidePanelWidth, total / 3);
            m_splitter->setSizes({side, total - side});
        }
    }
    m_list->setFocus(Qt::ShortcutFocusReason);
}

void RoomListPlacement::closeDrawer()
{
    m_drawer->close();
}

void RoomListPlacement::setTitle(const QString &roomName, int unread)
{
    m_drawerButton->setText(unread > 0 ? tr("☰ Rooms (%1)").arg(unread) : tr("☰ Rooms"));
    m_narrowTitle->setText(roomName);
}

} // namespace hibiki
