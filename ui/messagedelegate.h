// SPDX-License-Identifier: MIT
#pragma once

#include "textlinks.h"

#include <QCache>
#include <QHash>
#include <QSet>
#include <QStyledItemDelegate>
#include <QTextLayout>

#include <memory>

namespace hibiki {

// Draws the rows of a MessageModel: day separators, the "New messages" line, author blocks
// with a coloured initial, wrapped plain text with clickable addresses, presence, system
// and gap lines, and the state of the user's own unsent messages: "Sending…", "Not sent
// yet: <reason>" with Retry now, "Not sent: <reason>" with Retry / Discard.
//
// Text is laid out with QTextLayout from the plain string, never through a rich-text
// document: "<b>" in a message is shown as the four characters it is. Layouts are cached
// per row and width, in a bounded cache, so only rows near the view keep one; row heights
// are cached separately (they are small) so that a relayout of the list stays cheap.
//
// A long message is shown cut (MaxShownLines lines or MaxShownChars characters, whichever
// comes first) with "Show whole message" under it: the work of a row is bounded by the
// cut, never by the message, so a 16 MiB message costs what 3,000 characters cost. The
// view expands a row in place (setExpanded(), up to ExpandInPlaceMaxChars) or shows the
// message in a window of its own.
class MessageDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    enum class Action { None, Link, Retry, Discard, ShowWhole, ShowLess };

    // A row shows at most this much of its text...
    static constexpr int MaxShownLines = 20;
    static constexpr int MaxShownChars = 3000;
    // ...and, expanded, at most this much (the view opens a window for longer ones).
    static constexpr int ExpandInPlaceMaxChars = 10000;

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
    // A cut row shown whole (its text must be at most ExpandInPlaceMaxChars long).
    void setExpanded(quint64 rowKey, bool expanded);
    bool isExpanded(quint64 rowKey) const { return m_expanded.contains(rowKey); }
    // Whether the row shows only the start of its text.
    bool isCut(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    // The line under one of the user's unsent messages ("Not sent yet: …"); empty for none.
    static QString sendStatusText(const QModelIndex &index);

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
    int layoutLineCount(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    int cachedLayoutCount() const { return int(m_layouts.size()); }
    // Characters given to QTextLayout so far, all rows together: the delegate's work.
    qint64 laidOutCharacterCount() const { return m_laidOutChars; }

Q_SIGNALS:
    void linkActivated(const QUrl &url);
    void retryRequested(const QString &clientId);
    void discardRequested(const QString &clientId);
    void showWholeMessageRequested(const QModelIndex &index);
    void showLessRequested(const QModelIndex &index);

private:
    struct TextBlock
    {
        QTextLayout layout;
        QList<TextLink> links;
        int width = 0;
        qreal height = 0;
        bool cut = false;
    };
    struct TextSize
    {
        qreal height = 0;
        bool cut = false;
    };
    struct Geometry;

    Geometry geometry(const QStyleOptionViewItem &option, const QModelIndex &index) const;
    TextBlock *textBlock(
        const QStyleOptionViewItem &option, const QModelIndex &index, int textWidth) const;
    TextSize textSize(
        const QStyleOptionViewItem &option, const QModelIndex &index, int textWidth) const;
    void paintDaySeparator(QPainter *painter, const QStyleOptionViewItem &option, const QRect &rect,
        const QDate &date) const;
    void paintUnreadMarker(
        QPainter *painter, const QStyleOptionViewItem &option, const QRect &rect) const;
    void paintAvatar(
        QPainter *painter, const QRect &rect, const QString &author, const QColor &color) const;

    TextSize estimatedTextSize(
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
        bool cut = false;
    };
    mutable QHash<quint64, CachedHeight> m_heights;
    QSet<quint64> m_expanded;
    mutable qint64 m_laidOutChars = 0;
};

} // namespace hibiki
