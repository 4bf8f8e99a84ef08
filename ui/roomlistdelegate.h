// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

namespace hibiki {

// A room in the side list: a connection dot, the name (bold with unread messages, dimmed
// when muted) and a badge with the unread count (red when someone mentioned you).
class RoomListDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    static QColor stateColor(int state);
};

} // namespace hibiki
