// SPDX-License-Identifier: MIT
#pragma once

#include <QListView>
#include <QPersistentModelIndex>
#include <QPointer>

class QToolButton;

namespace hibiki {

class MessageDelegate;
class MessageModel;

// The message list of a room. Follows new messages while it is at the bottom; when the
// user has scrolled up it keeps their place and offers a "N new messages ↓" button. Older
// history is fetched when the top comes near, without moving what the user looks at.
//
// QListView asks a model for more rows when its *last* row is visible, which in a chat is
// nearly always: the view therefore sees the MessageModel through a proxy that answers no
// to canFetchMore(), and fetches older rows itself when scrolled near the top.
//
// Only rows near the view are laid out for real: while following the bottom, the rows a
// screen or more above it get estimated heights (most scroll away unseen in a busy room);
// when the user scrolls up, the rows coming near are laid out and the view is kept still.
class ChatView : public QListView
{
    Q_OBJECT

public:
    // While following the bottom the model keeps at most this many rows.
    static constexpr int DefaultRowLimit = 1000;

    explicit ChatView(QWidget *parent = nullptr);
    ~ChatView() override;

    void setMessageModel(MessageModel *model);
    MessageModel *messageModel() const { return m_model; }
    MessageDelegate *messageDelegate() const { return m_delegate; }

    bool isFollowing() const { return m_following; }
    int newMessageCount() const { return m_newMessages; }
    QToolButton *newMessagesButton() const { return m_newMessagesButton; }
    void setRowLimit(int rows);

    // Highlights `text` and selects the next (or previous) row containing it, fetching older
    // history when searching upwards. False when there is none.
    bool find(const QString &text, bool backwards);
    void setSearchText(const QString &text);

    // The selected rows as plain text, one per line.
    QString selectedText() const;
    QStyleOptionViewItem itemOption(const QModelIndex &index) const;

public Q_SLOTS:
    void scrollToNewest();
    void copySelection();

Q_SIGNALS:
    void linkActivated(const QUrl &url);
    void retryRequested(const QString &clientId);
    void discardRequested(const QString &clientId);
    void followingChanged(bool following);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
        const QList<int> &roles = {}) override;

private:
    void onScrollValueChanged(int value);
    void onScrollRangeChanged(int minimum, int maximum);
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsRemoved();
    int nearRows() const;
    void ensureExactNearView();
    void setFollowing(bool following);
    void fetchOlder();
    void requestFetchOlder();
    void updateNewMessagesButton();
    void placeNewMessagesButton();
    QString rowText(int row) const;

    QPointer<MessageModel> m_model;
    class NoAutoFetchProxy *m_proxy = nullptr; // child
    MessageDelegate *m_delegate = nullptr; // child
    QToolButton *m_newMessagesButton = nullptr; // child
    bool m_following = true;
    bool m_fetchQueued = false;
    bool m_relayingOut = false; // inside ensureExactNearView()
    int m_anchorFromBottom = -1; // keep this distance to the bottom after older rows arrive
    QPersistentModelIndex m_resizeAnchor; // the top row to keep in place while resizing
    int m_newMessages = 0;
    int m_rowLimit = DefaultRowLimit;
};

} // namespace hibiki
