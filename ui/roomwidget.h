// SPDX-License-Identifier: MIT
#pragma once

#include <core/chatsession.h>

#include <QPointer>
#include <QWidget>

class QPushButton;

namespace hibiki {

class ChatView;
class ComposeEdit;
class ConnectionBanner;
class MessageModel;
class SearchBar;

// One room on screen: its connection banner, messages, search and compose box, bound to
// the room's ChatSession (not owned). Counts what arrives while the room is not looked at.
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
    // Queues the text for sending (works offline) and clears the compose box.
    void sendMessage(const QString &text);

Q_SIGNALS:
    void unreadChanged();
    // Messages that just arrived from other people.
    void messagesArrived(const hibiki::ChatMessages &messages);
    void connectionStatusChanged(const hibiki::ConnectionStatus &status);
    // The user wants to trust the server certificate with this SHA-256 fingerprint (hex).
    void trustCertificateRequested(const QByteArray &sha256);

private:
    void onMessagesAppended(const ChatMessages &messages);
    void onStatusChanged(const ConnectionStatus &status);
    void updatePlaceholder();

    QPointer<ChatSession> m_session;
    MessageModel *m_model = nullptr;
    ConnectionBanner *m_banner = nullptr;
    SearchBar *m_search = nullptr;
    ChatView *m_view = nullptr;
    ComposeEdit *m_compose = nullptr;
    QPushButton *m_send = nullptr;
    bool m_active = false;
    bool m_leftAtNewest = true; // the view followed the newest message when the room was left
    int m_unread = 0;
    int m_mentions = 0;
};

} // namespace hibiki
