// SPDX-License-Identifier: MIT
#pragma once

#include <core/chatmessage.h>

#include <QFuture>
#include <QListView>
#include <QPersistentModelIndex>
#include <QPointer>

#include <functional>

class QMenu;
class QScrollBar;
class QToolButton;

namespace hibiki {
class MessageDelegate;
class MessageModel;

// The message list of a room. Follows new messages while it is at the bottom; when the
// user has scrolled up it keeps their place and offers a "N new messages ↓" button.
//
// The list shows the MessageModel's window onto the room's history, and moves that window
// as the user scrolls: older rows are fetched when the top comes near, newer ones when the
// bottom does, rows far away are dropped (the model's row limit), and none of it moves what
// the user looks at. QListView asks a model for more rows when its *last* row is visible,
// which in a chat is nearly always: the view therefore sees the model through a proxy that
// answers no to canFetchMore(), and does the fetching itself.
//
// The scroll bar on screen is the history's, not the list's: it spans every stored
// message (in rows), so dragging it to the top shows the oldest message, and dragging it
// anywhere loads the rows there. The list's own scroll bar (verticalScrollBar(), in
// pixels) is hidden; it still scrolls the loaded rows. Home and End jump to the oldest and
// newest message, Page Up/Down page through the whole history.
//
// Only rows near the view are laid out for real: while following the bottom, the rows a
// screen or more above it get estimated heights (most scroll away unseen in a busy room);
// when the user scrolls up, the rows coming near are laid out and the view is kept still.
class ChatView : public QListView
{
    Q_OBJECT

public:
    // The model's window holds at most this many history rows.
    static constexpr int DefaultRowLimit = 1000;
    // A jump (Home, End, the scroll bar, the first unread) loads this many rows...
    static constexpr int JumpWindowRows = 300;
    // ...of which this many come before the row jumped to.
    static constexpr int JumpRowsBefore = 100;

    explicit ChatView(QWidget *parent = nullptr);
    ~ChatView() override;

    void setMessageModel(MessageModel *model);
    MessageModel *messageModel() const { return m_model; }
    MessageDelegate *messageDelegate() const { return m_delegate; }

    bool isFollowing() const { return m_following; }
    int newMessageCount() const { return m_newMessages; }
    QToolButton *newMessagesButton() const { return m_newMessagesButton; }
    // The scroll bar on screen: the position in the whole stored history.
    QScrollBar *historyScrollBar() const { return m_historyBar; }
    void setRowLimit(int rows);

    // Shows the first unread message near the top, with its "New messages" line, loading it
    // when the window is elsewhere; stays at the bottom when the line is on screen there.
    // False when there is no unread marker.
    bool showFirstUnread();

    // Selects the stored message at this offset and shows it in the middle of the view,
    // loading the rows around it when the window is elsewhere. False when there is none.
    bool showMessageAt(qint64 offset);
    // Matches of this text are highlighted in the rows; empty for none.
    void setSearchText(const QString &text);

    // The selected rows as plain text, one per line. Reads huge messages whole from the
    // store on this thread; copySelection() does not.
    QString selectedText() const;
    QStyleOptionViewItem itemOption(const QModelIndex &index) const;

public Q_SLOTS:
    void scrollToNewest();
    void scrollToOldest();
    void copySelection();

Q_SIGNALS:
    void linkActivated(const QUrl &url);
    void retryRequested(const QString &clientId);
    void discardRequested(const QString &clientId);
    void followingChanged(bool following);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
        const QList<int> &roles = {}) override;

private:
    void onScrollValueChanged(int value);
    void onScrollRangeChanged(int minimum, int maximum);
    void afterScroll();
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void onModelReset();
    void onMessagesAppended(const ChatMessages &messages);
    int nearRows() const;
    void ensureExactNearView();
    void setFollowing(bool following);
    // The window: rows loaded around the view, fetched and dropped without moving it.
    bool needsOlder() const;
    bool needsNewer() const;
    void requestMaintainWindow();
    void maintainWindow();
    void fetchOlder();
    void fetchNewer();
    void keepPlaceWhile(const std::function<void()> &change);
    void pageBy(int direction);
    // Scrolls so that the row's top is `pixels` above the top of the view (below for < 0).
    void scrollRowToTop(int row, int pixels);
    // The history scroll bar, in rows of the whole history (or the list's pixels when the
    // whole history is loaded).
    double topPosition() const;
    void scrollToPosition(double position);
    void onHistoryBarAction();
    void updateHistoryBar();
    void placeScrollBarAndButton();
    void showWholeMessage(const QModelIndex &index);
    // Puts the text on the clipboard: now if it is ready, else when it is.
    void copyWhenReady(const QFuture<QString> &text);
    QList<int> selectedRowsInOrder() const;
    void showLess(const QModelIndex &index);
    void updateNewMessagesButton();
    // The distinct addresses in a row, in order.
    QList<QUrl> linksOfRow(const QModelIndex &index) const;
    // Open Link and Copy Link Address for the link at `pos` (viewport coordinates), else
    // for the row's links; nothing when it has none.
    void addLinkActions(QMenu *menu, const QModelIndex &index, const QPoint &pos);

    QPointer<MessageModel> m_model;
    class NoAutoFetchProxy *m_proxy = nullptr; // child
    MessageDelegate *m_delegate = nullptr; // child
    QToolButton *m_newMessagesButton = nullptr; // child
    QScrollBar *m_historyBar = nullptr; // child
    int m_barUnitsPerRow = 0; // 0: the history bar mirrors the list's own, in pixels
    bool m_following = true;
    bool m_maintainQueued = false;
    bool m_relayingOut = false; // inside ensureExactNearView() or keepPlaceWhile()
    bool m_showUnreadWhenShown = false;
    QPersistentModelIndex m_resizeAnchor; // the top row to keep in place while resizing
    // The row whose link or button (Show whole message, Retry...) the left button is down on.
    QPersistentModelIndex m_actionPressed;
    int m_newMessages = 0;
    int m_rowLimit = DefaultRowLimit;
};

} // namespace hibiki
