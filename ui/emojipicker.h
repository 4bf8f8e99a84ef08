// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractListModel>
#include <QFrame>

class QLineEdit;
class QListView;
class QToolButton;

namespace hibiki {

class EmojiCatalog;
struct Emoji;

// Emoji as a grid: each cell the emoji in colour, its name as tooltip and for screen
// readers.
class EmojiGridModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum Role { NameRole = Qt::UserRole + 1, GroupRole };

    explicit EmojiGridModel(QObject *parent = nullptr);

    void setEmoji(QList<const Emoji *> emoji);
    // The size of a cell of the grid.
    void setCellSize(const QSize &size) { m_cellSize = size; }
    const Emoji *emojiAt(int row) const;
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

private:
    QList<const Emoji *> m_emoji;
    QSize m_cellSize;
};

// The emoji picker behind the button next to the compose box: a search field (by name or
// shortcode, as typed) over a grid of the common emoji, with a button per group to jump
// to it. Enter in the field picks the first match; Enter or a click in the grid picks that
// one; Esc closes.
class EmojiPicker : public QFrame
{
    Q_OBJECT

public:
    explicit EmojiPicker(const EmojiCatalog *catalog, QWidget *parent = nullptr);

    // Opens above (or else below) `anchor`, with the search field empty and focused.
    void popUp(QWidget *anchor);

    QLineEdit *searchField() const { return m_search; }
    QListView *grid() const { return m_grid; }
    EmojiGridModel *model() const { return m_model; }
    QList<QToolButton *> groupButtons() const { return m_groupButtons; }
    // The emoji the grid shows now, in order.
    QStringList shown() const;

    // A Unicode group name in the user's language.
    static QString groupTitle(const QString &group);

Q_SIGNALS:
    void emojiChosen(const QString &emoji);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void search(const QString &text);
    void choose(const QModelIndex &index);
    void showGroup(const QString &group);

    const EmojiCatalog *m_catalog;
    EmojiGridModel *m_model;
    QLineEdit *m_search;
    QListView *m_grid;
    QList<QToolButton *> m_groupButtons;
};

} // namespace hibiki
