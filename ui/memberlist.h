// SPDX-License-Identifier: MIT
#pragma once

#include <core/roommembers.h>

#include <QAbstractListModel>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QListView;
class QToolButton;

namespace hibiki {

// A room's members as rows: on a server with presence a "Here now" heading and who is
// present, then "Recently active" and the other recent authors with when they last wrote.
// The user's own row is marked "(you)".
class MemberListModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role {
        NameRole = Qt::UserRole + 1, // the name alone (DisplayRole adds "(you)")
        IsHeadingRole,
        IsPresentRole,
        IsYouRole,
        LastSeenRole, // QDateTime, UTC; invalid when never seen writing
        LastSeenTextRole, // "5 min ago"
    };

    explicit MemberListModel(QObject *parent = nullptr);

    // Not owned; the model follows its changed().
    void setMembers(const RoomMembers *members);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // "just now", "5 min ago", "3 h ago", "yesterday", or the date.
    static QString lastSeenText(const QDateTime &lastSeenUtc, const QDateTime &nowUtc);

private:
    struct Row
    {
        QString heading; // non-empty: a heading row
        RoomMember member;
    };

    void rebuild();

    QPointer<const RoomMembers> m_members;
    QList<Row> m_rows;
    QTimer m_clock; // "last seen" moves on by itself
};

// The member list beside a room's messages, collapsible to a narrow strip with the number
// of people here. Activating a member (double-click, Enter) asks to mention them.
class MemberListPanel : public QWidget
{
    Q_OBJECT

public:
    explicit MemberListPanel(QWidget *parent = nullptr);

    void setMembers(const RoomMembers *members);
    MemberListModel *model() const { return m_model; }
    QListView *list() const { return m_list; }
    QToolButton *toggleButton() const { return m_toggle; }
    // The heading, e.g. "People · 2 here".
    QString title() const;

    bool isCollapsed() const { return m_collapsed; }
    void setCollapsed(bool collapsed);

    QSize sizeHint() const override;

Q_SIGNALS:
    // The user folded or unfolded the panel.
    void collapseToggled(bool collapsed);
    void mentionRequested(const QString &name);

private:
    void refresh();

    MemberListModel *m_model;
    QPointer<const RoomMembers> m_members;
    QLabel *m_title;
    QLabel *m_count; // shown when collapsed
    QLabel *m_hint; // servers without presence
    QListView *m_list;
    QToolButton *m_toggle;
    bool m_collapsed = false;
};

} // namespace hibiki
