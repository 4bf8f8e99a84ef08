// SPDX-License-Identifier: MIT
#include "roomwidget.h"

#include "chatview.h"
#include "composeedit.h"
#include "connectionbanner.h"
#include "emojicatalog.h"
#include "emojipicker.h"
#include "emojitext.h"
#include "memberlist.h"
#include "messagemodel.h"
#include "searchbar.h"

#include <QAction>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace hibiki {

namespace {

// Narrower than this, the member list folds by itself (until the user chooses).
constexpr int MemberListMinimumRoomWidth = 640;

} // namespace

RoomWidget::RoomWidget(ChatSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new MessageModel(this))
    , m_banner(new ConnectionBanner(this))
    , m_search(new SearchBar(this))
    , m_view(new ChatView(this))
    , m_compose(new ComposeEdit(this))
    , m_send(new QPushButton(tr("Send"), this))
    , m_members(new MemberListPanel(this))
    , m_emojiButton(new QToolButton(this))
    , m_sendError(new QLabel(this))
{
    setAccessibleName(tr("Room %1").arg(session->profile().name));

    m_model->setUserName(session->userName());
    m_model->setHistory(&session->history());
    for (const OutboxEntry &entry : session->outbox().entries()) {
        m_model->updateOutboxEntry(entry);
    }
    m_view->setMessageModel(m_model);
    m_search->hide();
    m_send->setAccessibleName(tr("Send message"));
    m_send->setAutoDefault(false);
    m_send->setFocusPolicy(Qt::NoFocus); // Enter in the box sends; Tab goes to the list

    m_members->setMembers(&session->members());
    // Folded until the first resize says there is room: unfolded, its minimum width would
    // widen a narrow window before resizeEvent() could fold it.
    m_members->setCollapsed(true);
    m_compose->setNameSource(
        [this] { return m_session ? m_session->members().names() : QStringList(); });
    QFont emojiFont = m_emojiButton->font();
    if (const QString family = EmojiText::colorFontFamily(); !family.isEmpty()) {
        emojiFont.setFamilies({family});
    }
    emojiFont.setPointSizeF(emojiFont.pointSizeF() * 1.2);
    m_emojiButton->setFont(emojiFont);
    m_emojiButton->setText(QStringLiteral("\U0001F642")); // 🙂
    m_emojiButton->setAutoRaise(true);
    m_emojiButton->setFocusPolicy(Qt::NoFocus); // Tab goes from the box to the list
    m_emojiButton->setToolTip(tr("Insert emoji (or type : and a name)"));
    m_emojiButton->setAccessibleName(tr("Insert emoji"));
    m_sendError->setTextFormat(Qt::PlainText); // the reason may name a path
    m_sendError->setWordWrap(true);
    m_sendError->setContentsMargins(12, 0, 12, 8);
    QPalette errorPalette = m_sendError->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(200, 40, 40));
    m_sendError->setPalette(errorPalette);
    m_sendError->setAccessibleName(tr("Message not sent"));
    m_sendError->hide();

    auto *composeRow = new QHBoxLayout;
    composeRow->setContentsMargins(10, 6, 10, 10);
    composeRow->setSpacing(8);
    composeRow->addWidget(m_compose, 1);
    composeRow->addWidget(m_emojiButton, 0, Qt::AlignBottom);
    composeRow->addWidget(m_send, 0, Qt::AlignBottom);

    auto *body = new QHBoxLayout;
    body->setContentsMargins(0, 0, 0, 0);
    body->setSpacing(0);
    body->addWidget(m_view, 1);
    body->addWidget(m_members);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(m_search);
    layout->addLayout(body, 1);
    layout->addLayout(composeRow);
    layout->addWidget(m_sendError);
    setFocusProxy(m_compose);

    auto *toggleMembers = new QAction(tr("Show or Hide People"), this);
    toggleMembers->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    toggleMembers->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(toggleMembers, &QAction::triggered, this, &RoomWidget::toggleMemberList);
    addAction(toggleMembers);
    connect(
        m_members, &MemberListPanel::collapseToggled, this, [this] { m_memberListChosen = true; });
    connect(m_members, &MemberListPanel::mentionRequested, this,
        [this](const QString &name) { m_compose->insertAtCursor(u'@' + name + u' '); });
    connect(m_emojiButton, &QToolButton::clicked, this, &RoomWidget::showEmojiPicker);
    connect(m_compose, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_sendError->isHidden()) {
            setSendError({}); // the user is at it again
        }
    });
    connect(session, &ChatSession::storageProblemChanged, m_banner,
        &ConnectionBanner::setStorageProblem);
    m_banner->setStorageProblem(session->storageProblem());

    connect(session, &ChatSession::messagesAppended, this, &RoomWidget::onMessagesAppended);
    connect(session, &ChatSession::outboxEntryChanged, m_model, &MessageModel::updateOutboxEntry);
    connect(session, &ChatSession::connectionStatusChanged, this, &RoomWidget::onStatusChanged);

    connect(m_banner, &ConnectionBanner::retryRequested, this, [this] {
        if (!m_session) {
            return;
        }
        if (m_session->connectionStatus().state == ConnectionStatus::State::Disconnected) {
            m_session->connectToServer();
        } else {
            m_session->retryNow();
        }
    });
    connect(
        m_banner, &ConnectionBanner::trustRequested, this, &RoomWidget::trustCertificateRequested);
    connect(m_compose, &ComposeEdit::submitted, this, &RoomWidget::sendMessage);
    connect(m_send, &QPushButton::clicked, this, [this] { sendMessage(m_compose->text()); });
    connect(m_view, &ChatView::linkActivated, this,
        [](const QUrl &url) { QDesktopServices::openUrl(url); });
    connect(m_view, &ChatView::retryRequested, this, [this](const QString &clientId) {
        if (m_session) {
            m_session->outbox().retry(clientId);
        }
    });
    connect(m_view, &ChatView::discardRequested, this, [this](const QString &clientId) {
        if (m_session) {
            m_session->outbox().discard(clientId);
        }
    });
    m_search->setRoom(m_view, &session->history());
    connect(m_search, &SearchBar::closed, this, [this] {
        m_view->setSearchText({});
        m_compose->setFocus();
    });

    onStatusChanged(session->connectionStatus());
    updatePlaceholder();
    // Not looked at until the window activates it: what arrives until then is unread.
    m_model->markUnreadFromNextMessage();
}

RoomWidget::~RoomWidget() = default;

void RoomWidget::setActive(bool active)
{
    if (active == m_active) {
        return;
    }
    m_active = active;
    if (active) {
        // A message took the marker while the room was away: open there, unless the user
        // had left it reading further up (then their place is kept).
        const bool arrivedWhileAway = !m_model->isMarkingUnread();
        m_model->stopMarkingUnread();
        if (arrivedWhileAway && m_leftAtNewest) {
            m_view->showFirstUnread();
        }
        if (m_unread != 0 || m_mentions != 0) {
            m_unread = 0;
            m_mentions = 0;
            Q_EMIT unreadChanged();
        }
    } else {
        m_leftAtNewest = m_view->isFollowing();
        m_model->markUnreadFromNextMessage();
    }
}

QString RoomWidget::draft() const
{
    return m_compose->text();
}

void RoomWidget::setDraft(const QString &text)
{
    m_compose->setPlainText(text);
    m_compose->moveCursor(QTextCursor::End);
}

void RoomWidget::showSearch()
{
    m_search->activate();
}

void RoomWidget::sendMessage(const QString &text)
{
    QString message = text;
    while (!message.isEmpty() && message.back().isSpace()) {
        message.chop(1);
    }
    if (!m_session || message.trimmed().isEmpty() || m_session->profile().postUrl.isEmpty()) {
        return;
    }
    QString error;
    if (m_session->send(message, &error).isEmpty()) {
        // Not stored, so not sent: nothing is lost, the text stays where it is.
        setSendError(
            error.isEmpty() ? tr("The message could not be saved, so it was not sent.") : error);
        return;
    }
    setSendError({});
    m_compose->setLastSent(message);
    m_compose->clear();
    m_view->scrollToNewest();
}

QString RoomWidget::sendError() const
{
    return m_sendError->isHidden() ? QString() : m_sendError->text();
}

void RoomWidget::setSendError(const QString &error)
{
    m_sendError->setText(
        error.isEmpty() ? QString() : tr("%1 Your message is still in the box.").arg(error));
    m_sendError->setAccessibleDescription(m_sendError->text());
    m_sendError->setVisible(!error.isEmpty());
}

void RoomWidget::showEmojiPicker()
{
    if (!m_emojiPicker) {
        m_emojiPicker = new EmojiPicker(&EmojiCatalog::instance(), this);
        connect(m_emojiPicker, &EmojiPicker::emojiChosen, m_compose, &ComposeEdit::insertAtCursor);
    }
    m_emojiPicker->popUp(m_emojiButton);
}

void RoomWidget::toggleMemberList()
{
    m_memberListChosen = true;
    m_members->setCollapsed(!m_members->isCollapsed());
}

void RoomWidget::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (!m_memberListChosen) {
        m_members->setCollapsed(width() < MemberListMinimumRoomWidth);
    }
}

void RoomWidget::onMessagesAppended(const ChatMessages &messages)
{
    m_model->appendMessages(messages);
    const QString me = m_session ? m_session->userName() : QString();
    ChatMessages fromOthers;
    for (const ChatMessage &message : messages) {
        // The echo of one's own message is not news, with or without an author.
        if (message.kind == ChatMessage::Kind::Chat && !message.fromThisDevice
            && (me.isEmpty() || message.author != me)) {
            fromOthers.append(message);
        }
    }
    if (fromOthers.isEmpty()) {
        return;
    }
    if (!m_active) {
        m_unread += int(fromOthers.size());
        // Mentions are counted by the model's rule (the rows may be outside its window).
        for (const ChatMessage &message : std::as_const(fromOthers)) {
            if (m_model->isMention(message)) {
                ++m_mentions;
            }
        }
        Q_EMIT unreadChanged();
    }
    Q_EMIT messagesArrived(fromOthers);
}

void RoomWidget::onStatusChanged(const ConnectionStatus &status)
{
    m_banner->setUntrustedCertificate(
        m_session ? m_session->untrustedCertificateSha256() : QByteArray());
    m_banner->setStatus(status);
    Q_EMIT connectionStatusChanged(status);
}

void RoomWidget::updatePlaceholder()
{
    if (!m_session) {
        return;
    }
    const Profile &profile = m_session->profile();
    const bool canPost = !profile.postUrl.isEmpty();
    m_compose->setReadOnly(!canPost);
    m_send->setEnabled(canPost);
    if (!canPost) {
        m_compose->setPlaceholderText(tr("This room is read-only: it has no address to post to."));
    } else if (m_session->userName().isEmpty()) {
        m_compose->setPlaceholderText(tr("Message %1").arg(profile.name));
    } else {
        m_compose->setPlaceholderText(
            tr("Message %1 as %2").arg(profile.name, m_session->userName()));
    }
}

} // namespace hibiki
