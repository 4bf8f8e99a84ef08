// SPDX-License-Identifier: MIT
#pragma once

#include "textlinks.h"

#include <QCache>
#include <QHash>
#include <QStyledItemDelegate>
#include <QTextLayout>

#include <memory>

namespace hibiki {

// Draws the rows of a MessageModel: day separators, the unread marker, author blocks with
// a coloured initial, wrapped plain text with clickable addresses, presence and gap lines,
// and the state of the user's own unsent messages with Retry / Discard.
//
// Text is laid out with QTextLayout from the plain string, never through a rich-text
// document: "<b>" in a message is shown as the four characters it is. Layouts are cached
// per row and width, in a bounded cache, so only rows near the view keep one; row heights
// are cached separately (they are small) so that a relayout of the list stays cheap.
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    enum class Action { None, Link, Retry, Discard };

    explicit MessageDelegate(QObject *parent = nullptr);
    ~MessageDelegate() override;

    // The width rows are laid out for: the view's viewport width.
    void setWidth(int width);
    int width() const { return m_width; }
    // Rows above this one (model row numbers) that have no exact height yet get an estimate
    // instead: text is only shaped for rows that are near the view. 0: every row exact.
    void setEstimateRowsBefore(int row) { m_estimateBefore = qMax(0, row); }
    int estimateRowsBefore() const { return m_estimateBefore; }
    // Whether this row's height is exact (laid out) rather than estimated.
    bool hasExactHeight(const QModelIndex &index) const;
    // Matches of this text (case-insensitive) are highlighted; empty for none.
    void setSearchText(const QString &text);
    QString searchText() const { return m_searchText; }
    // Forget every cached layout and height (after a font or palette change).
    void invalidate();

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
        const QModelIndex &index) override;

    // What is under `pos` (viewport coordinates; option.rect is the row's rectangle), and
    // for Action::Link the address.
    Action actionAt(const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &pos,
        QUrl *url = nullptr) const;
    QUrl linkAt(
        const QStyleOptionViewItem &option, const QModelIndex &index, const QPoint &pos) const;
    QList<TextLink> links(const QStyleOptionViewItem &option, const QModelIndex &index) const;

    // What the row's text layout holds, exactly as it is drawn (for tests and copying).
    QString layoutText(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    int cachedLayoutCount() const { return int(m_layouts.size()); }

Q_SIGNALS:
    void linkActivated(const QUrl &url);
    void retryRequested(const QString &clientId);
    void discardRequested(const QString &clientId);

private:
    struct TextBlock
    {
        QTextLayout layout;
        QList<TextLink> links;
        int width = 0;
        qreal height = 0;
    };
    struct Geometry;

    Geometry geometry(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    TextBlock *textBlock(
        const QStyleOptionViewItem &option, const QModelIndex &index, int textWidth) const;
    qreal textHeight(
        const QStyleOptionViewItem &option, const QModelIndex &index, int textWidth) const;
    void paintDaySeparator(QPainter *painter, const QStyleOptionViewItem &option, const QRect &rect,
        const QDate &date) const;
    void paintUnreadMarker(
        QPainter *painter, const QStyleOptionViewItem &option, const QRect &rect) const;
    void paintAvatar(
        QPainter *painter, const QRect &rect, const QString &author, const QColor &color) const;

    qreal estimatedTextHeight(
        const QStyleOptionViewItem &option, const QModelIndex &index, int textWidth) const;

    int m_width = 0;
    int m_estimateBefore = 0;
    QString m_searchText;
    mutable QCache<quint64, TextBlock> m_layouts;
    struct CachedHeight
    {
        int width = 0; // of the text
        qreal height = 0;
        int rowWidth = 0; // the delegate's width() then
    };
    mutable QHash<quint64, CachedHeight> m_heights;
};

} // namespace hibiki
