// SPDX-License-Identifier: MIT
#include "memberlist.h"

#include "authorcolor.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

constexpr int ClockIntervalMs = 60 * 1000;

// A heading in small dim capitals; a member as a presence dot (filled: here), the name in
// its author colour, and on the right when they last wrote.
class MemberDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const override
    {
        return QSize(100, option.fontMetrics.height() + 8);
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override
    {
        painter->save();
        const QPalette &palette = option.palette;
        QColor dim = palette.color(QPalette::Text);
        dim.setAlphaF(0.6);
        const QRect rect = option.rect.adjusted(8, 0, -8, 0);
        const QString text = index.data(Qt::DisplayRole).toString();
        if (index.data(MemberListModel::IsHeadingRole).toBool()) {
            QFont font = option.font;
            font.setPointSizeF(font.pointSizeF() * 0.85);
            font.setBold(true);
            painter->setFont(font);
            painter->setPen(dim);
            painter->drawText(rect, Qt::AlignLeft | Qt::AlignBottom, text);
            painter->restore();
            return;
        }
        if (option.state & QStyle::State_Selected) {
            QColor highlight = palette.color(QPalette::Highlight);
            highlight.setAlpha(option.state & QStyle::State_HasFocus ? 90 : 50);
            painter->fillRect(option.rect, highlight);
        } else if (option.state & QStyle::State_MouseOver) {
            QColor hover = palette.color(QPalette::Text);
            hover.setAlpha(14);
            painter->fillRect(option.rect, hover);
        }
        painter->setRenderHint(QPainter::Antialiasing);
        const int dot = std::max(6, option.fontMetrics.height() / 2);
        const QRectF dotRect(rect.left(), rect.center().y() - dot / 2.0, dot, dot);
        if (index.data(MemberListModel::IsPresentRole).toBool()) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(QColor(40, 170, 80));
        } else {
            painter->setPen(QPen(dim, 1.2));
            painter->setBrush(Qt::NoBrush);
        }
        painter->drawEllipse(dotRect.adjusted(0.5, 0.5, -0.5, -0.5));

        const QString seen = index.data(MemberListModel::LastSeenTextRole).toString();
        const int seenWidth = seen.isEmpty() ? 0 : option.fontMetrics.horizontalAdvance(seen) + 8;
        const QRect nameRect = rect.adjusted(dot + 8, 0, -seenWidth, 0);
        const QString name = index.data(MemberListModel::NameRole).toString();
        const bool isYou = index.data(MemberListModel::IsYouRole).toBool();
        QFont font = option.font;
        font.setBold(isYou);
        painter->setFont(font);
        painter->setPen(authorColor(name, palette.color(QPalette::Base)));
        const QFontMetrics metrics(font);
        painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
            metrics.elidedText(text, Qt::ElideRight, nameRect.width()));
        if (!seen.isEmpty()) {
            painter->setFont(option.font);
            painter->setPen(dim);
            painter->drawText(rect, Qt::AlignRight | Qt::AlignVCenter, seen);
        }
        painter->restore();
    }
};

} // namespace

MemberListModel::MemberListModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_clock.setInterval(ClockIntervalMs);
    connect(&m_clock, &QTimer::timeout, this, [this] {
        if (!m_rows.isEmpty()) {
            Q_EMIT dataChanged(index(0), index(int(m_rows.size()) - 1), {LastSeenTextRole});
        }
    });
    m_clock.start();
}

void MemberListModel::setMembers(const RoomMembers *members)
{
    if (m_members) {
        disconnect(m_members, nullptr, this, nullptr);
    }
    m_members = members;
    if (members) {
        connect(members, &RoomMembers::changed, this, &MemberListModel::rebuild);
    }
    rebuild();
}

void MemberListModel::rebuild()
{
    QList<Row> rows;
    if (m_members) {
        const QList<RoomMember> members = m_members->members();
        const bool presence = m_members->hasPresence();
        bool recentHeading = false;
        if (presence) {
            rows.append({tr("Here now"), {}});
        }
        for (const RoomMember &member : members) {
            if (presence && !member.present && !member.isYou && !recentHeading) {
                rows.append({tr("Recently active"), {}});
                recentHeading = true;
            }
            rows.append({{}, member});
        }
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int MemberListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

Qt::ItemFlags MemberListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || index.row() >= m_rows.size()) {
        return Qt::NoItemFlags;
    }
    if (!m_rows.at(index.row()).heading.isEmpty()) {
        return Qt::ItemIsEnabled; // not selectable: the keys skip it
    }
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QVariant MemberListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size()) {
        return {};
    }
    const Row &row = m_rows.at(index.row());
    const RoomMember &member = row.member;
    const bool heading = !row.heading.isEmpty();
    switch (role) {
    case Qt::DisplayRole:
        if (heading) {
            return row.heading;
        }
        return member.isYou ? tr("%1 (you)").arg(member.name) : member.name;
    case Qt::AccessibleTextRole: {
        if (heading) {
            return row.heading;
        }
        QStringList parts {data(index, Qt::DisplayRole).toString()};
        if (member.present) {
            parts.append(tr("here now"));
        }
        if (member.lastSeen.isValid()) {
            parts.append(tr("last wrote %1").arg(data(index, LastSeenTextRole).toString()));
        }
        return parts.join(u", "_s);
    }
    case Qt::ToolTipRole:
        if (heading || !member.lastSeen.isValid()) {
            return {};
        }
        return tr("Last message: %1")
            .arg(QLocale().toString(member.lastSeen.toLocalTime(), QLocale::ShortFormat));
    case NameRole:
        return member.name;
    case IsHeadingRole:
        return heading;
    case IsPresentRole:
        return member.present;
    case IsYouRole:
        return member.isYou;
    case LastSeenRole:
        return member.lastSeen;
    case LastSeenTextRole:
        // Who is here needs no "last seen"; the others do.
        if (heading || member.present || member.isYou || !member.lastSeen.isValid()) {
            return QString();
        }
        return lastSeenText(member.lastSeen, QDateTime::currentDateTimeUtc());
    default:
        return {};
    }
}

QString MemberListModel::lastSeenText(const QDateTime &lastSeenUtc, const QDateTime &nowUtc)
{
    const qint64 seconds = std::max<qint64>(0, lastSeenUtc.secsTo(nowUtc));
    if (seconds < 60) {
        return tr("just now");
    }
    if (seconds < 3600) {
        return tr("%n min ago", nullptr, int(seconds / 60));
    }
    const QDate day = lastSeenUtc.toLocalTime().date();
    const QDate today = nowUtc.toLocalTime().date();
    if (seconds < 12 * 3600 || day == today) {
        return tr("%n h ago", nullptr, int(seconds / 3600));
    }
    if (day.daysTo(today) == 1) {
        return tr("yesterday");
    }
    return QLocale().toString(day, QLocale::ShortFormat);
}

MemberListPanel::MemberListPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new MemberListModel(this))
    , m_title(new QLabel(this))
    , m_count(new QLabel(this))
    , m_hint(new QLabel(this))
    , m_list(new QListView(this))
    , m_toggle(new QToolButton(this))
{
    setAccessibleName(tr("People"));
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_count->setTextFormat(Qt::PlainText);
    m_count->setAlignment(Qt::AlignHCenter);
    m_hint->setTextFormat(Qt::PlainText);
    m_hint->setWordWrap(true);
    m_hint->setText(tr("This server does not say who is online: these are the people who "
                       "wrote lately."));
    QPalette hintPalette = m_hint->palette();
    QColor dim = hintPalette.color(QPalette::WindowText);
    dim.setAlphaF(0.65);
    hintPalette.setColor(QPalette::WindowText, dim);
    m_hint->setPalette(hintPalette);

    m_list->setModel(m_model);
    m_list->setItemDelegate(new MemberDelegate(m_list));
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->setMouseTracking(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setUniformItemSizes(true);
    m_list->setAccessibleName(tr("People in this room"));
    m_list->setAccessibleDescription(tr("Enter or double-click mentions the person."));
    m_list->viewport()->setAutoFillBackground(false);

    m_toggle->setAutoRaise(true);
    m_toggle->setFocusPolicy(Qt::TabFocus);
    connect(m_toggle, &QToolButton::clicked, this, [this] {
        setCollapsed(!m_collapsed);
        Q_EMIT collapseToggled(m_collapsed);
    });

    auto *header = new QHBoxLayout;
    header->setContentsMargins(8, 6, 2, 2);
    header->setSpacing(4);
    header->addWidget(m_title, 1);
    header->addWidget(m_toggle, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(header);
    layout->addWidget(m_count);
    layout->addWidget(m_list, 1);
    layout->addWidget(m_hint);
    layout->setAlignment(header, Qt::AlignTop);
    m_hint->setContentsMargins(8, 4, 8, 8);

    const auto activate = [this](const QModelIndex &index) {
        if (index.isValid() && !index.data(MemberListModel::IsHeadingRole).toBool()
            && !index.data(MemberListModel::IsYouRole).toBool()) {
            Q_EMIT mentionRequested(index.data(MemberListModel::NameRole).toString());
        }
    };
    connect(m_list, &QListView::activated, this, activate);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MemberListPanel::refresh);
    refresh();
}

void MemberListPanel::setMembers(const RoomMembers *members)
{
    m_members = members;
    m_model->setMembers(members);
}

QString MemberListPanel::title() const
{
    return m_title->text();
}

void MemberListPanel::setCollapsed(bool collapsed)
{
    m_collapsed = collapsed;
    refresh();
    updateGeometry();
}

QSize MemberListPanel::sizeHint() const
{
    if (m_collapsed) {
        return QSize(m_toggle->sizeHint().width() + 8, 100);
    }
    return QSize(fontMetrics().averageCharWidth() * 24, 300);
}

void MemberListPanel::refresh()
{
    const bool presence = m_members && m_members->hasPresence();
    const qsizetype here = m_members ? m_members->presentCount() : 0;
    const qsizetype listed = m_members ? m_members->members().size() : 0;
    m_title->setText(presence ? tr("People · %n here", nullptr, int(here)) : tr("People"));
    m_count->setText(QString::number(presence ? here : listed));
    m_count->setToolTip(
        presence ? tr("%n here now", nullptr, int(here)) : tr("%n people", nullptr, int(listed)));

    m_title->setVisible(!m_collapsed);
    m_list->setVisible(!m_collapsed);
    m_hint->setVisible(!m_collapsed && m_members && !presence);
    m_count->setVisible(m_collapsed);
    m_toggle->setArrowType(m_collapsed ? Qt::LeftArrow : Qt::RightArrow);
    m_toggle->setToolTip(
        m_collapsed ? tr("Show people (Ctrl+Shift+M)") : tr("Hide people (Ctrl+Shift+M)"));
    m_toggle->setAccessibleName(m_collapsed ? tr("Show people") : tr("Hide people"));
    setMinimumWidth(m_collapsed ? 0 : fontMetrics().averageCharWidth() * 18);
    setMaximumWidth(m_collapsed ? m_toggle->sizeHint().width() + 8 : QWIDGETSIZE_MAX);
}

} // namespace hibiki
