// SPDX-License-Identifier: MIT
#pragma once

#include <core/chatsession.h>

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QToolButton;

namespace hibiki {

class ChatView;
class ComposeEdit;
class ConnectionBanner;
class EmojiPicker;
class MemberListPanel;
class MessageModel;
class SearchBar;

// One room on screen: its connection banner (with the history's storage problems),
// messages, search, member list and compose box (with the emoji picker), bound to the
// room's ChatSession (not owned). Counts what arrives while the room is not looked at.
class RoomWidget : public QWidget
{
    Q_OBJECT

public:
    explicit RoomWidget(ChatSession *session, QWidget *parent = nullptr);
    ~RoomWidget() override;

    ChatSession *session() const { return m_session; }
    MessageModel *model() const { return m_model; }
    ChatView *chatView() const { return m_view; }
    ComposeEdit *composeEdit() const { return m_compose; }
    ConnectionBanner *banner() const { return m_banner; }
    SearchBar *searchBar() const { return m_search; }
    QPushButton *sendButton() const { return m_send; }
    MemberListPanel *memberList() const { return m_members; }
    QToolButton *emojiButton() const { return m_emojiButton; }
    // Made when first opened.
    EmojiPicker *emojiPicker() const { return m_emojiPicker; }
    // Why the last message could not be queued (it stays in the box); empty when it was.
    QString sendError() const;
    QLabel *sendErrorLabel() const { return m_sendError; }

    // Active: the room is on screen in the active window. Leaving places the unread marker
    // before the next message; coming back clears the unread count and, when messages came
    // meanwhile and the user had left the room at its newest message, shows the first
    // unread one with its "New messages" line. A new room starts inactive.
    void setActive(bool active);
    bool isActive() const { return m_active; }
    int unreadCount() const { return m_unread; }
    int mentionCount() const { return m_mentions; }

    QString draft() const;
    void setDraft(const QString &text);

    void showSearch();
    // Queues the text for sending (works offline) and clears the compose box. When it
    // cannot be stored (the disk is full...) the text stays and the reason shows under it.
    void sendMessage(const QString &text);
    void showEmojiPicker();
    // Folds or unfolds the member list (Ctrl+Shift+M). Until the user does, it folds by
    // itself in a narrow room.
    void toggleMemberList();

Q_SIGNALS:
    void unreadChanged();
    // Messages that just arrived from other people.
    void messagesArrived(const hibiki::ChatMessages &messages);
    void connectionStatusChanged(const hibiki::ConnectionStatus &status);
    // The user wants to trust the server certificate with this SHA-256 fingerprint (hex).
    void trustCertificateRequested(const QByteArray &sha256);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void onMessagesAppended(const ChatMessages &messages);
    void onStatusChanged(const ConnectionStatus &status);
    void updatePlaceholder();
    void setSendError(const QString &error);

    QPointer<ChatSession> m_session;
    MessageModel *m_model = nullptr;
    ConnectionBanner *m_banner = nullptr;
    SearchBar *m_search = nullptr;
    ChatView *m_view = nullptr;
    ComposeEdit *m_compose = nullptr;
    QPushButton *m_send = nullptr;
    MemberListPanel *m_members = nullptr;
    QToolButton *m_emojiButton = nullptr;
    EmojiPicker *m_emojiPicker = nullptr; // child, made when first opened
    QLabel *m_sendError = nullptr;
    bool m_memberListChosen = false; // the user folded or unfolded it: keep their choice
    bool m_active = false;
    bool m_leftAtNewest = true; // the view followed the newest message when the room was left
    int m_unread = 0;
    int m_mentions = 0;
};

} // namespace hibiki
