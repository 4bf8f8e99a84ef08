// SPDX-License-Identifier: MIT
#include "roomlistdelegate.h"

#include "roomlistmodel.h"

#include <QApplication>
#include <QPainter>

namespace hibiki {

QColor RoomListDelegate::stateColor(int state)
{
    switch (ConnectionStatus::State(state)) {
    case ConnectionStatus::State::Connected:
        return QColor(46, 175, 85);
    case ConnectionStatus::State::Connecting:
    case ConnectionStatus::State::Reconnecting:
        return QColor(232, 170, 20);
    case ConnectionStatus::State::Disconnected:
        break;
    }
    return QColor(210, 65, 55);
}

QSize RoomListDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const int line = option.fontMetrics.height();
    return QSize(line * 8, line + line * 3 / 4 + 4);
}

void RoomListDelegate::paint(
    QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    // The style draws the selection and focus the way the platform does.
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRect rect = option.rect;
    const int line = option.fontMetrics.height();
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorGroup group
        = option.state & QStyle::State_Active ? QPalette::Active : QPalette::Inactive;
    const QColor textColor
        = option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);

    // Connection dot.
    const int dot = qMax(8, line / 2);
    const QRect dotRect(rect.left() + 10, rect.center().y() - dot / 2 + 1, dot, dot);
    painter->setPen(Qt::NoPen);
    painter->setBrush(stateColor(index.data(RoomListModel::StateRole).toInt()));
    painter->drawEllipse(dotRect);

    // Badge.
    const int unread = index.data(RoomListModel::UnreadRole).toInt();
    const int mentions = index.data(RoomListModel::MentionsRole).toInt();
    const bool muted = index.data(RoomListModel::MutedRole).toBool();
    int right = rect.right() - 8;
    if (unread > 0 || mentions > 0) {
        QFont badgeFont = option.font;
        badgeFont.setBold(true);
        badgeFont.setPointSizeF(option.font.pointSizeF() * 0.85);
        const QFontMetrics fm(badgeFont);
        const QString text
            = unread > 999 ? QStringLiteral("999+") : QString::number(qMax(unread, mentions));
        const int height = fm.height() + 2;
        const int width = qMax(height, fm.horizontalAdvance(text) + height / 2 + 4);
        const QRect badge(right - width + 1, rect.center().y() - height / 2 + 1, width, height);
        QColor fill
            = mentions > 0 ? QColor(215, 50, 45) : option.palette.color(QPalette::Highlight);
        if (muted && mentions == 0) {
            fill = option.palette.color(QPalette::Mid);
        }
        painter->setBrush(fill);
        painter->drawRoundedRect(badge, height / 2.0, height / 2.0);
        painter->setPen(Qt::white);
        painter->setFont(badgeFont);
        painter->drawText(badge, Qt::AlignCenter, text);
        right = badge.left() - 6;
    }

    // Name.
    QFont nameFont = option.font;
    nameFont.setBold(unread > 0 && !muted);
    nameFont.setItalic(muted);
    painter->setFont(nameFont);
    QColor nameColor = textColor;
    if (muted && !selected) {
        nameColor.setAlphaF(0.55);
    }
    painter->setPen(nameColor);
    const QRect nameRect(
        dotRect.right() + 10, rect.top(), right - dotRect.right() - 10, rect.height());
    const QString name = QFontMetrics(nameFont).elidedText(
        index.data().toString(), Qt::ElideRight, nameRect.width());
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter, name);
    painter->restore();
}

} // namespace hibiki
