// SPDX-License-Identifier: MIT
#include "chatview.h"

#include "messagedelegate.h"
#include "messagemodel.h"

#include <core/outbox.h>

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QIdentityProxyModel>
#include <QKeyEvent>
#include <QMenu>
#include <QScrollBar>
#include <QTimer>
#include <QToolButton>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// How close to the bottom (in pixels) still counts as "at the bottom".
constexpr int FollowTolerance = 4;
// Fetching older history while searching upwards stops after this many batches per search.
constexpr int MaxSearchFetches = 10;
// While reading, rows this far above the top of the view are already laid out.
constexpr int ExactRowsAbove = 100;

} // namespace

class NoAutoFetchProxy : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    bool canFetchMore(const QModelIndex &) const override { return false; }
    void fetchMore(const QModelIndex &) override { }
};

ChatView::ChatView(QWidget *parent)
    : QListView(parent)
    , m_proxy(new NoAutoFetchProxy(this))
    , m_delegate(new MessageDelegate(this))
    , m_newMessagesButton(new QToolButton(this))
{
    setItemDelegate(m_delegate);
    setVerticalScrollMode(ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // A scroll bar that comes and goes changes the width, hence every row's height, hence
    // whether the scroll bar is needed: keep it.
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setLayoutMode(SinglePass);
    setResizeMode(Fixed); // width changes are relaid out by resizeEvent, without delay
    setUniformItemSizes(false);
    setSelectionMode(ExtendedSelection);
    setEditTriggers(NoEditTriggers);
    setFrameShape(QFrame::NoFrame);
    setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_Hover);
    setAccessibleName(tr("Messages"));
    setAccessibleDescription(tr("The conversation, oldest at the top. Press End for the newest "
                                "message, Ctrl+C to copy the selected messages."));

    m_newMessagesButton->hide();
    m_newMessagesButton->setCursor(Qt::PointingHandCursor);
    m_newMessagesButton->setFocusPolicy(Qt::NoFocus);
    m_newMessagesButton->setAccessibleName(tr("Jump to the newest messages"));
    m_newMessagesButton->setStyleSheet(
        u"QToolButton { background: palette(highlight); color: palette(highlighted-text);"
        " border: none; border-radius: 12px; padding: 4px 14px; font-weight: bold; }"_s);
    connect(m_newMessagesButton, &QToolButton::clicked, this, &ChatView::scrollToNewest);

    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &ChatView::onScrollValueChanged);
    connect(verticalScrollBar(), &QScrollBar::rangeChanged, this, &ChatView::onScrollRangeChanged);
    connect(m_delegate, &MessageDelegate::linkActivated, this, &ChatView::linkActivated);
    connect(m_delegate, &MessageDelegate::retryRequested, this, &ChatView::retryRequested);
    connect(m_delegate, &MessageDelegate::discardRequested, this, &ChatView::discardRequested);
}

ChatView::~ChatView() = default;

void ChatView::setMessageModel(MessageModel *model)
{
    if (m_model) {
        disconnect(m_model, nullptr, this, nullptr);
    }
    m_model = model;
    m_proxy->setSourceModel(model);
    if (QListView::model() != m_proxy) {
        setModel(m_proxy);
    }
    if (m_model) {
        connect(m_model, &QAbstractItemModel::rowsInserted, this, &ChatView::onRowsInserted);
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ChatView::onRowsRemoved);
        connect(m_model, &QAbstractItemModel::modelReset, this, &ChatView::onRowsRemoved);
        m_delegate->setEstimateRowsBefore(m_following ? m_model->rowCount() - nearRows() : 0);
        m_model->setRowLimit(m_following ? m_rowLimit : 0);
    }
    m_newMessages = 0;
    updateNewMessagesButton();
    QTimer::singleShot(0, this, [this] {
        scrollToBottom();
        requestFetchOlder();
    });
}

void ChatView::setRowLimit(int rows)
{
    m_rowLimit = rows;
    if (m_model && m_following) {
        m_model->setRowLimit(rows);
    }
}

void ChatView::scrollToNewest()
{
    setFollowing(true);
    scrollToBottom();
}

void ChatView::setFollowing(bool following)
{
    if (following == m_following) {
        return;
    }
    m_following = following;
    // Dropping old rows is only safe while nobody is reading them.
    if (m_model) {
        m_model->setRowLimit(following ? m_rowLimit : 0);
        if (following) {
            m_delegate->setEstimateRowsBefore(m_model->rowCount() - nearRows());
        }
    }
    if (following) {
        m_newMessages = 0;
        updateNewMessagesButton();
    }
    Q_EMIT followingChanged(following);
}

void ChatView::onScrollValueChanged(int value)
{
    if (m_relayingOut) {
        return;
    }
    QScrollBar *bar = verticalScrollBar();
    setFollowing(value >= bar->maximum() - FollowTolerance);
    if (!m_following) {
        ensureExactNearView();
    }
    if (value < viewport()->height()) {
        requestFetchOlder();
    }
}

void ChatView::onScrollRangeChanged(int, int maximum)
{
    if (m_relayingOut) {
        return;
    }
    QScrollBar *bar = verticalScrollBar();
    if (m_anchorFromBottom >= 0) {
        bar->setValue(maximum - m_anchorFromBottom);
    } else if (m_resizeAnchor.isValid() && !m_following) {
        const QModelIndex anchor = m_resizeAnchor;
        m_resizeAnchor = QPersistentModelIndex();
        scrollTo(anchor, PositionAtTop);
    } else if (m_following) {
        bar->setValue(maximum);
    }
    if (maximum == 0) {
        requestFetchOlder(); // the rows do not fill the view yet
    }
}

void ChatView::requestFetchOlder()
{
    if (m_fetchQueued || !m_model || !m_model->canFetchMore({})) {
        return;
    }
    // Not from inside a scroll or layout notification: the fetch changes the layout.
    m_fetchQueued = true;
    QTimer::singleShot(0, this, &ChatView::fetchOlder);
}

void ChatView::fetchOlder()
{
    m_fetchQueued = false;
    if (!m_model || !m_model->canFetchMore({})) {
        return;
    }
    QScrollBar *bar = verticalScrollBar();
    const int fromBottom = bar->maximum() - bar->value();
    const int before = m_model->rowCount();
    m_anchorFromBottom = fromBottom;
    m_model->fetchMore({});
    if (m_model->rowCount() != before) {
        executeDelayedItemsLayout();
        bar->setValue(bar->maximum() - fromBottom);
    }
    m_anchorFromBottom = -1;
}

int ChatView::nearRows() const
{
    // A screenful of one-line rows, and some more.
    return viewport()->height() / qMax(1, fontMetrics().height()) + 30;
}

void ChatView::ensureExactNearView()
{
    const QModelIndex top = indexAt(QPoint(1, 1));
    const int first = top.isValid() ? top.row() : 0;
    if (first - ExactRowsAbove / 2 >= m_delegate->estimateRowsBefore()) {
        return;
    }
    // Lay the rows around the view out for real, and keep the top row where it was.
    const int offset = top.isValid() ? visualRect(top).top() : 0;
    m_relayingOut = true;
    m_delegate->setEstimateRowsBefore(first - ExactRowsAbove);
    scheduleDelayedItemsLayout();
    executeDelayedItemsLayout();
    if (top.isValid()) {
        QScrollBar *bar = verticalScrollBar();
        bar->setValue(bar->value() + visualRect(top).top() - offset);
    }
    m_relayingOut = false;
}

void ChatView::onRowsRemoved()
{
    if (m_model && m_following) {
        m_delegate->setEstimateRowsBefore(m_model->rowCount() - nearRows());
    }
}

void ChatView::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid()) {
        return;
    }
    if (first == 0 && last + 1 < m_model->rowCount()) {
        // Older history above, not new messages: the rows already laid out moved down.
        if (!m_following) {
            m_delegate->setEstimateRowsBefore(m_delegate->estimateRowsBefore() + last + 1);
        }
        return;
    }
    if (m_following) {
        m_delegate->setEstimateRowsBefore(m_model->rowCount() - nearRows());
        return;
    }
    for (int row = first; row <= last; ++row) {
        const QModelIndex index = m_model->index(row);
        if (!index.data(MessageModel::IsOwnRole).toBool()
            && index.data(MessageModel::KindRole).toInt() == int(ChatMessage::Kind::Chat)) {
            ++m_newMessages;
        }
    }
    updateNewMessagesButton();
}

void ChatView::updateNewMessagesButton()
{
    if (m_newMessages <= 0 || m_following) {
        m_newMessagesButton->hide();
        return;
    }
    // Spelled out for one so that English reads right without a translation file.
    m_newMessagesButton->setText(m_newMessages == 1
            ? tr("1 new message ↓")
            : tr("%n new messages ↓", nullptr, m_newMessages));
    m_newMessagesButton->adjustSize();
    placeNewMessagesButton();
    m_newMessagesButton->show();
    m_newMessagesButton->raise();
}

void ChatView::placeNewMessagesButton()
{
    const QRect area = viewport()->geometry();
    const QSize size = m_newMessagesButton->sizeHint();
    m_newMessagesButton->setGeometry(area.center().x() - size.width() / 2,
        area.bottom() - size.height() - 12, size.width(), size.height());
}

void ChatView::resizeEvent(QResizeEvent *event)
{
    const int width = viewport()->width();
    if (width != m_delegate->width()) {
        if (!m_following) {
            m_resizeAnchor = indexAt(QPoint(1, 1));
        }
        m_delegate->setWidth(width);
        scheduleDelayedItemsLayout();
    }
    QListView::resizeEvent(event);
    placeNewMessagesButton();
}

void ChatView::changeEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::FontChange:
    case QEvent::PaletteChange:
    case QEvent::StyleChange:
        m_delegate->invalidate();
        scheduleDelayedItemsLayout();
        break;
    default:
        break;
    }
    QListView::changeEvent(event);
}

QStyleOptionViewItem ChatView::itemOption(const QModelIndex &index) const
{
    QStyleOptionViewItem option;
    initViewItemOption(&option);
    option.rect = visualRect(index);
    return option;
}

void ChatView::mouseMoveEvent(QMouseEvent *event)
{
    QListView::mouseMoveEvent(event);
    const QModelIndex index = indexAt(event->position().toPoint());
    const auto action = index.isValid()
        ? m_delegate->actionAt(itemOption(index), index, event->position().toPoint())
        : MessageDelegate::Action::None;
    if (action == MessageDelegate::Action::None) {
        viewport()->unsetCursor();
    } else {
        viewport()->setCursor(Qt::PointingHandCursor);
    }
}

void ChatView::leaveEvent(QEvent *event)
{
    viewport()->unsetCursor();
    QListView::leaveEvent(event);
}

void ChatView::keyPressEvent(QKeyEvent *event)
{
    if (event == QKeySequence::Copy) {
        copySelection();
        return;
    }
    if (event->key() == Qt::Key_End && event->modifiers() == Qt::NoModifier) {
        scrollToNewest();
        return;
    }
    QListView::keyPressEvent(event);
}

void ChatView::contextMenuEvent(QContextMenuEvent *event)
{
    const QModelIndex index = indexAt(event->pos());
    QMenu menu(this);
    if (index.isValid()) {
        const QUrl url = m_delegate->linkAt(itemOption(index), index, event->pos());
        if (url.isValid()) {
            menu.addAction(tr("&Open Link"), this, [this, url] { Q_EMIT linkActivated(url); });
            menu.addAction(tr("Copy &Link Address"), this,
                [url] { QApplication::clipboard()->setText(url.toString()); });
            menu.addSeparator();
        }
        const QString text
            = index.data(MessageModel::KindRole).toInt() == int(ChatMessage::Kind::Chat)
            ? m_model->message(index.row()).text
            : index.data(Qt::DisplayRole).toString();
        menu.addAction(
            tr("&Copy Text"), this, [text] { QApplication::clipboard()->setText(text); });
        if (selectionModel()->selectedRows().size() > 1 && selectionModel()->isSelected(index)) {
            menu.addAction(tr("Copy &Selected Messages"), this, &ChatView::copySelection);
        }
        if (index.data(MessageModel::SendStateRole).toInt() == int(OutboxEntry::State::Failed)) {
            const QString clientId = index.data(MessageModel::ClientIdRole).toString();
            menu.addSeparator();
            menu.addAction(
                tr("&Retry Sending"), this, [this, clientId] { Q_EMIT retryRequested(clientId); });
            menu.addAction(
                tr("&Discard"), this, [this, clientId] { Q_EMIT discardRequested(clientId); });
        }
        menu.addSeparator();
    }
    menu.addAction(tr("Select &All"), QKeySequence::SelectAll, this, &ChatView::selectAll);
    menu.addAction(tr("Jump to &Newest"), this, &ChatView::scrollToNewest);
    menu.exec(event->globalPos());
}

void ChatView::dataChanged(
    const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    QListView::dataChanged(topLeft, bottomRight, roles);
    // Grouping, the unread marker and a message's send state change the row's height.
    scheduleDelayedItemsLayout();
}

void ChatView::copySelection()
{
    const QString text = selectedText();
    if (!text.isEmpty()) {
        QApplication::clipboard()->setText(text);
    }
}

QString ChatView::selectedText() const
{
    if (!m_model) {
        return {};
    }
    QModelIndexList rows = selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
        [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList lines;
    for (const QModelIndex &index : std::as_const(rows)) {
        lines.append(m_model->plainText(index.row()));
    }
    return lines.join(u'\n');
}

QString ChatView::rowText(int row) const
{
    const QModelIndex index = m_model->index(row);
    return index.data(Qt::DisplayRole).toString() + u'\n'
        + index.data(MessageModel::AuthorRole).toString();
}

void ChatView::setSearchText(const QString &text)
{
    m_delegate->setSearchText(text);
    viewport()->update();
}

bool ChatView::find(const QString &text, bool backwards)
{
    setSearchText(text);
    if (!m_model || text.isEmpty()) {
        return false;
    }
    const QModelIndex current = currentIndex();
    int row = current.isValid() ? current.row() : (backwards ? m_model->rowCount() : -1);
    int fetches = 0;
    for (int visited = 0; visited <= m_model->rowCount(); ++visited) {
        row += backwards ? -1 : 1;
        if (row < 0) {
            if (fetches < MaxSearchFetches && m_model->canFetchMore({})) {
                const int before = m_model->rowCount();
                fetchOlder();
                ++fetches;
                row = m_model->rowCount() - before; // just below the rows that arrived
                visited = -1;
                continue;
            }
            row = m_model->rowCount() - 1; // wrap around
        } else if (row >= m_model->rowCount()) {
            row = 0;
        }
        if (row < 0 || row >= m_model->rowCount()) {
            return false;
        }
        if (rowText(row).contains(text, Qt::CaseInsensitive)) {
            const QModelIndex found = m_proxy->index(row, 0);
            setCurrentIndex(found);
            scrollTo(found, PositionAtCenter);
            return true;
        }
    }
    return false;
}

} // namespace hibiki
