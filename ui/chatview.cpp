// SPDX-License-Identifier: MIT
#include "chatview.h"

#include "messagedelegate.h"
#include "messagemodel.h"
#include "messagetextdialog.h"

#include <core/outbox.h>

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QCursor>
#include <QFutureWatcher>
#include <QIdentityProxyModel>
#include <QKeyEvent>
#include <QLocale>
#include <QMenu>
#include <QScrollBar>
#include <QTimer>
#include <QToolButton>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// How close to the bottom (in pixels) still counts as "at the bottom".
constexpr int FollowTolerance = 4;
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
    , m_historyBar(new QScrollBar(Qt::Vertical, this))
{
    setItemDelegate(m_delegate);
    setVerticalScrollMode(ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // The list's own scroll bar only spans the loaded rows: the history bar is shown in its
    // place, always (one that comes and goes would change every row's width and height).
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setViewportMargins(0, 0, m_historyBar->sizeHint().width(), 0);
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
                                "message, Home for the oldest, Ctrl+C to copy the selected "
                                "messages."));

    m_historyBar->setAccessibleName(tr("Position in the conversation"));
    m_historyBar->setFocusPolicy(Qt::NoFocus);
    connect(m_historyBar, &QAbstractSlider::actionTriggered, this, &ChatView::onHistoryBarAction);
    connect(m_historyBar, &QAbstractSlider::sliderReleased, this, &ChatView::updateHistoryBar);

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
    connect(
        m_delegate, &MessageDelegate::showWholeMessageRequested, this, &ChatView::showWholeMessage);
    connect(m_delegate, &MessageDelegate::showLessRequested, this, &ChatView::showLess);
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
        connect(m_model, &QAbstractItemModel::modelReset, this, &ChatView::onModelReset);
        connect(m_model, &MessageModel::messagesAppended, this, &ChatView::onMessagesAppended);
        m_delegate->setEstimateRowsBefore(m_following ? m_model->rowCount() - nearRows() : 0);
        m_model->setRowLimit(m_rowLimit);
        m_model->setFollowing(m_following);
    }
    m_newMessages = 0;
    updateNewMessagesButton();
    QTimer::singleShot(0, this, [this] {
        if (m_following) {
            scrollToBottom();
        }
        requestMaintainWindow();
        updateHistoryBar();
    });
}

void ChatView::setRowLimit(int rows)
{
    m_rowLimit = rows;
    if (m_model) {
        m_model->setRowLimit(rows);
    }
}

void ChatView::scrollToNewest()
{
    if (m_model && !m_model->isAtNewest()) {
        m_model->showNewest(JumpWindowRows);
    }
    setFollowing(true);
    scrollToBottom();
    updateHistoryBar();
}

void ChatView::scrollToOldest()
{
    if (!m_model) {
        return;
    }
    setFollowing(false);
    if (m_model->olderMessageCount() > 0 || m_model->historyRowCount() > JumpWindowRows) {
        m_model->moveWindowTo(0, JumpWindowRows);
    }
    // The rows at the top are the ones on screen now: laid out for real.
    m_delegate->setEstimateRowsBefore(0);
    scheduleDelayedItemsLayout();
    scrollRowToTop(0, 0);
}

bool ChatView::showFirstUnread()
{
    if (!m_model || m_model->unreadMarkerOffset() < 0) {
        return false;
    }
    if (!isVisible()) {
        // Its size is only known once it is shown.
        m_showUnreadWhenShown = true;
        return true;
    }
    m_showUnreadWhenShown = false;
    const qint64 marker = m_model->unreadMarkerOffset();
    executeDelayedItemsLayout();
    int row = m_model->rowForOffset(marker);
    if (row >= 0 && m_following) {
        scrollToBottom();
        if (visualRect(m_proxy->index(row, 0)).top() >= 0) {
            return true; // the line is on screen at the bottom: keep following
        }
    }
    setFollowing(false);
    if (row < 0 || (row < JumpRowsBefore / 2 && m_model->olderMessageCount() > 0)) {
        m_model->moveWindowTo(marker - JumpRowsBefore, JumpWindowRows);
        row = m_model->rowForOffset(marker);
        if (row < 0) {
            return false;
        }
    }
    m_delegate->setEstimateRowsBefore(row - ExactRowsAbove / 2);
    scheduleDelayedItemsLayout();
    // The line near the top, under a little of what was read before it.
    scrollRowToTop(row, -2 * fontMetrics().height());
    return true;
}

void ChatView::setFollowing(bool following)
{
    if (following == m_following) {
        return;
    }
    m_following = following;
    if (m_model) {
        // Dropping old rows is only right while nobody is reading them.
        m_model->setFollowing(following);
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

void ChatView::onScrollValueChanged(int)
{
    if (m_relayingOut) {
        return;
    }
    afterScroll();
}

void ChatView::afterScroll()
{
    QScrollBar *bar = verticalScrollBar();
    setFollowing(
        bar->value() >= bar->maximum() - FollowTolerance && (!m_model || m_model->isAtNewest()));
    if (!m_following) {
        ensureExactNearView();
    }
    requestMaintainWindow();
    updateHistoryBar();
}

void ChatView::onScrollRangeChanged(int, int maximum)
{
    if (m_relayingOut) {
        return;
    }
    QScrollBar *bar = verticalScrollBar();
    if (m_resizeAnchor.isValid() && !m_following) {
        const QModelIndex anchor = m_resizeAnchor;
        m_resizeAnchor = QPersistentModelIndex();
        scrollTo(anchor, PositionAtTop);
    } else if (m_following) {
        bar->setValue(maximum);
    }
    requestMaintainWindow(); // the rows may not fill the view yet
    updateHistoryBar();
}

bool ChatView::needsOlder() const
{
    return m_model && m_model->canFetchMore({})
        && verticalScrollBar()->value() < viewport()->height();
}

bool ChatView::needsNewer() const
{
    const QScrollBar *bar = verticalScrollBar();
    return m_model && m_model->canFetchNewer()
        && bar->maximum() - bar->value() < viewport()->height();
}

void ChatView::requestMaintainWindow()
{
    if (m_maintainQueued || (!needsOlder() && !needsNewer())) {
        return;
    }
    // Not from inside a scroll or layout notification: fetching changes the layout.
    m_maintainQueued = true;
    QTimer::singleShot(0, this, &ChatView::maintainWindow);
}

void ChatView::maintainWindow()
{
    m_maintainQueued = false;
    if (needsOlder()) {
        fetchOlder();
    }
    if (needsNewer()) {
        fetchNewer();
    }
}

void ChatView::fetchOlder()
{
    if (m_model && m_model->canFetchMore({})) {
        keepPlaceWhile([this] { m_model->fetchMore({}); });
    }
}

void ChatView::fetchNewer()
{
    if (m_model && m_model->canFetchNewer()) {
        keepPlaceWhile([this] { m_model->fetchNewer(); });
    }
}

void ChatView::keepPlaceWhile(const std::function<void()> &change)
{
    // The row at the top stays where it is on screen, whatever comes or goes around it.
    executeDelayedItemsLayout();
    const QModelIndex top = indexAt(QPoint(1, 1));
    const quint64 key = top.isValid() ? top.data(MessageModel::RowKeyRole).toULongLong() : 0;
    const int offset = top.isValid() ? visualRect(top).top() : 0;
    const bool wasRelayingOut = m_relayingOut;
    m_relayingOut = true;
    change();
    executeDelayedItemsLayout();
    QScrollBar *bar = verticalScrollBar();
    if (m_following) {
        bar->setValue(bar->maximum());
    } else if (const int row = key ? m_model->rowForKey(key) : -1; row >= 0) {
        bar->setValue(bar->value() + visualRect(m_proxy->index(row, 0)).top() - offset);
    }
    m_relayingOut = wasRelayingOut;
    updateHistoryBar();
}

void ChatView::scrollRowToTop(int row, int pixels)
{
    executeDelayedItemsLayout();
    if (m_model && row >= 0 && row < m_model->rowCount()) {
        QScrollBar *bar = verticalScrollBar();
        bar->setValue(bar->value() + visualRect(m_proxy->index(row, 0)).top() + pixels);
    }
    afterScroll();
}

void ChatView::pageBy(int direction)
{
    QScrollBar *bar = verticalScrollBar();
    // First the rows the page brings into view, without moving what is there now.
    for (int round = 0; round < 3; ++round) {
        if (direction < 0 && bar->value() < bar->pageStep() && m_model
            && m_model->canFetchMore({})) {
            fetchOlder();
        } else if (direction > 0 && bar->maximum() - bar->value() < bar->pageStep() && m_model
            && m_model->canFetchNewer()) {
            fetchNewer();
        } else {
            break;
        }
    }
    bar->triggerAction(
        direction < 0 ? QAbstractSlider::SliderPageStepSub : QAbstractSlider::SliderPageStepAdd);
}

double ChatView::topPosition() const
{
    if (!m_model) {
        return 0;
    }
    const QModelIndex top = indexAt(QPoint(1, 1));
    if (!top.isValid()) {
        return double(m_model->windowStart());
    }
    const QRect rect = visualRect(top);
    return double(m_model->offsetOfRow(top.row()))
        + (rect.height() > 0 ? double(-rect.top()) / rect.height() : 0.0);
}

void ChatView::updateHistoryBar()
{
    if (m_historyBar->isSliderDown()) {
        return; // the user drags it: the handle stays under the mouse
    }
    const QScrollBar *list = verticalScrollBar();
    if (!m_model || (m_model->olderMessageCount() == 0 && m_model->isAtNewest())) {
        // Everything is loaded: the list's own scroll bar, exact to the pixel.
        m_barUnitsPerRow = 0;
        m_historyBar->setRange(0, list->maximum());
        m_historyBar->setPageStep(list->pageStep());
        m_historyBar->setSingleStep(list->singleStep());
        m_historyBar->setValue(list->value());
        return;
    }
    // In rows of the whole history: each row's part of the bar is the same, whatever its
    // height, and the rows on screen are as many as the loaded ones average.
    const qint64 total = m_model->storedMessageCount() + m_model->pendingRowCount();
    m_barUnitsPerRow = int(
        qBound(qint64(1), qint64(std::numeric_limits<int>::max() / 4) / (total + 1), qint64(16)));
    const double rowHeight
        = qMax(1.0, double(list->maximum() + viewport()->height()) / qMax(1, m_model->rowCount()));
    const double rowsOnScreen = qMin<double>(double(total), viewport()->height() / rowHeight);
    const int maximum = qMax(0, int((double(total) - rowsOnScreen) * m_barUnitsPerRow));
    m_historyBar->setRange(0, maximum);
    m_historyBar->setPageStep(qMax(1, int(rowsOnScreen * m_barUnitsPerRow)));
    m_historyBar->setSingleStep(m_barUnitsPerRow);
    m_historyBar->setValue(
        m_following ? maximum : qBound(0, int(topPosition() * m_barUnitsPerRow), maximum));
}

void ChatView::onHistoryBarAction()
{
    const int position = m_historyBar->sliderPosition();
    if (m_barUnitsPerRow == 0) {
        verticalScrollBar()->setValue(position);
    } else if (position >= m_historyBar->maximum()) {
        scrollToNewest();
    } else {
        scrollToPosition(double(position) / m_barUnitsPerRow);
    }
}

void ChatView::scrollToPosition(double position)
{
    if (!m_model) {
        return;
    }
    const qint64 offset = qint64(std::floor(qMax(0.0, position)));
    const double fraction = qMax(0.0, position) - double(offset);
    int row = m_model->rowForOffset(offset);
    // Loaded, and with a screenful of rows around it: scroll there. Else load them.
    const int near = nearRows();
    const bool loaded = row >= 0 && (row >= near || m_model->olderMessageCount() == 0)
        && (m_model->historyRowCount() - row >= near || m_model->isAtNewest());
    setFollowing(false);
    if (!loaded) {
        m_model->moveWindowTo(offset - JumpRowsBefore, JumpWindowRows);
        row = m_model->rowForOffset(offset);
        if (row < 0) {
            row = offset < m_model->windowStart() ? 0 : m_model->historyRowCount() - 1;
        }
        m_delegate->setEstimateRowsBefore(row - ExactRowsAbove / 2);
        scheduleDelayedItemsLayout();
    }
    executeDelayedItemsLayout();
    const int height = row >= 0 ? visualRect(m_proxy->index(row, 0)).height() : 0;
    scrollRowToTop(row, int(fraction * height));
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
    const bool wasRelayingOut = m_relayingOut;
    m_relayingOut = true;
    m_delegate->setEstimateRowsBefore(first - ExactRowsAbove);
    scheduleDelayedItemsLayout();
    executeDelayedItemsLayout();
    if (top.isValid()) {
        QScrollBar *bar = verticalScrollBar();
        bar->setValue(bar->value() + visualRect(top).top() - offset);
    }
    m_relayingOut = wasRelayingOut;
}

void ChatView::onRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (!m_model || parent.isValid()) {
        return;
    }
    if (m_following) {
        m_delegate->setEstimateRowsBefore(m_model->rowCount() - nearRows());
    } else if (first == 0) {
        // Rows above went: the rows laid out moved up.
        m_delegate->setEstimateRowsBefore(m_delegate->estimateRowsBefore() - (last + 1));
    }
}

void ChatView::onModelReset()
{
    m_resizeAnchor = QPersistentModelIndex();
    if (m_model && m_following) {
        m_delegate->setEstimateRowsBefore(m_model->rowCount() - nearRows());
    }
}

void ChatView::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid()) {
        return;
    }
    if (m_following) {
        m_delegate->setEstimateRowsBefore(m_model->rowCount() - nearRows());
    } else if (first == 0 && last + 1 < m_model->rowCount()) {
        // Older history above: the rows already laid out moved down.
        m_delegate->setEstimateRowsBefore(m_delegate->estimateRowsBefore() + last + 1);
    }
}

void ChatView::onMessagesAppended(const ChatMessages &messages)
{
    if (!m_following) {
        for (const ChatMessage &message : messages) {
            if (message.kind == ChatMessage::Kind::Chat && !m_model->isOwn(message)) {
                ++m_newMessages;
            }
        }
        updateNewMessagesButton();
    }
    requestMaintainWindow(); // the bottom of the window may be on screen
    updateHistoryBar();
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
    placeScrollBarAndButton();
    m_newMessagesButton->show();
    m_newMessagesButton->raise();
}

void ChatView::placeScrollBarAndButton()
{
    const QRect area = viewport()->geometry();
    m_historyBar->setGeometry(
        area.right() + 1, area.top(), m_historyBar->sizeHint().width(), area.height());
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
    placeScrollBarAndButton();
}

void ChatView::showEvent(QShowEvent *event)
{
    QListView::showEvent(event);
    if (m_showUnreadWhenShown) {
        showFirstUnread();
    }
}

void ChatView::showWholeMessage(const QModelIndex &index)
{
    if (!m_model || !index.isValid()) {
        return;
    }
    const int row = index.row();
    // A row that holds only the start of its text is longer than LoadedTextChars, too long
    // to expand in place: it opens at once with that start while the rest is read.
    const bool readingRest = m_model->needsStoreRead(row);
    const QString text = readingRest ? m_model->message(row).text : m_model->wholeText(row);
    if (!readingRest && text.size() <= MessageDelegate::ExpandInPlaceMaxChars) {
        const quint64 key = m_model->index(row).data(MessageModel::RowKeyRole).toULongLong();
        keepPlaceWhile([&] {
            m_delegate->setExpanded(key, true);
            scheduleDelayedItemsLayout();
        });
        viewport()->update();
        return;
    }
    // Too long to lay out in a row without stalling the window: a window of its own.
    const QString time = QLocale().toString(
        m_model->index(row).data(MessageModel::LocalTimeRole).toDateTime(), QLocale::ShortFormat);
    const QString author = m_model->index(row).data(MessageModel::AuthorRole).toString();
    auto *dialog
        = new MessageTextDialog(author.isEmpty() ? tr("Message of %1").arg(time)
                                                 : tr("Message from %1, %2").arg(author, time),
            text, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (readingRest) {
        dialog->waitForWholeText(m_model->wholeTextInBackground(row));
    }
    dialog->show();
}

void ChatView::showLess(const QModelIndex &index)
{
    if (!m_model || !index.isValid()) {
        return;
    }
    const quint64 key = m_model->index(index.row()).data(MessageModel::RowKeyRole).toULongLong();
    keepPlaceWhile([&] {
        m_delegate->setExpanded(key, false);
        scheduleDelayedItemsLayout();
    });
    // Back to the start of the message when its end was on screen.
    if (visualRect(m_proxy->index(index.row(), 0)).top() < 0) {
        scrollTo(m_proxy->index(index.row(), 0), PositionAtTop);
    }
    viewport()->update();
}

void ChatView::changeEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::FontChange:
    case QEvent::PaletteChange:
    case QEvent::StyleChange:
        m_delegate->invalidate();
        scheduleDelayedItemsLayout();
        setViewportMargins(0, 0, m_historyBar->sizeHint().width(), 0);
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

void ChatView::mousePressEvent(QMouseEvent *event)
{
    m_actionPressed = QPersistentModelIndex();
    const QPoint pos = event->position().toPoint();
    const QModelIndex index = indexAt(pos);
    if (event->button() == Qt::LeftButton && index.isValid()
        && m_delegate->actionAt(itemOption(index), index, pos) != MessageDelegate::Action::None) {
        // A link or a row's button acts on release (MessageDelegate::editorEvent()); its
        // press must not also select the row, make it current (which scrolls a tall row into
        // view) or start selecting rows.
        m_actionPressed = index;
        event->accept();
        return;
    }
    QListView::mousePressEvent(event);
}

void ChatView::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_actionPressed.isValid() || event->button() != Qt::LeftButton) {
        QListView::mouseReleaseEvent(event);
        return;
    }
    const QModelIndex index = m_actionPressed;
    m_actionPressed = QPersistentModelIndex();
    // Released on the row it was pressed on: the delegate does what is under the pointer.
    if (indexAt(event->position().toPoint()) == index) {
        m_delegate->editorEvent(event, model(), itemOption(index), index);
    }
    event->accept();
}

void ChatView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_actionPressed.isValid() && (event->buttons() & Qt::LeftButton)) {
        event->accept(); // pressed on a link: no selecting by dragging
    } else {
        QListView::mouseMoveEvent(event);
    }
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
    // The Menu key reaches contextMenuEvent() from the platform; Shift+F10 does not.
    if (event->key() == Qt::Key_F10 && event->modifiers() == Qt::ShiftModifier) {
        QContextMenuEvent menuEvent(QContextMenuEvent::Keyboard, QPoint(), QCursor::pos());
        contextMenuEvent(&menuEvent);
        return;
    }
    // Home and End go to the ends of the whole history, Page Up/Down page through all of it;
    // with Shift they extend the selection as usual.
    if (event->modifiers() == Qt::NoModifier || event->modifiers() == Qt::ControlModifier) {
        switch (event->key()) {
        case Qt::Key_End:
            scrollToNewest();
            return;
        case Qt::Key_Home:
            scrollToOldest();
            return;
        case Qt::Key_PageUp:
            pageBy(-1);
            return;
        case Qt::Key_PageDown:
            pageBy(1);
            return;
        default:
            break;
        }
    }
    QListView::keyPressEvent(event);
}

void ChatView::contextMenuEvent(QContextMenuEvent *event)
{
    // From the keyboard (the Menu key, Shift+F10) the menu is about the selected row and
    // opens at it; from the mouse, about the row (and the link) under the pointer.
    const bool keyboard = event->reason() == QContextMenuEvent::Keyboard;
    QModelIndex index = keyboard ? currentIndex() : indexAt(event->pos());
    if (keyboard && (!index.isValid() || !selectionModel()->isSelected(index))) {
        const QModelIndexList selected = selectionModel()->selectedRows();
        index = selected.isEmpty() ? QModelIndex() : selected.constFirst();
    }
    QPoint menuPosition = event->globalPos();
    if (keyboard) {
        QPoint place = viewport()->rect().center();
        if (index.isValid()) {
            scrollTo(index);
            const QRect rect = visualRect(index);
            const int line = fontMetrics().height();
            place = QPoint(rect.left() + 3 * line, rect.top() + qMin(rect.height(), 2 * line));
        }
        menuPosition = viewport()->mapToGlobal(place);
    }
    QMenu menu(this);
    if (index.isValid()) {
        addLinkActions(&menu, index, keyboard ? QPoint(-1, -1) : event->pos());
        // Read when chosen: the whole of a huge message comes from the store.
        const QPersistentModelIndex copied(index);
        menu.addAction(tr("&Copy Text"), this, [this, copied] {
            if (copied.isValid()) {
                copyWhenReady(m_model->wholeTextInBackground(copied.row()));
            }
        });
        if (selectionModel()->selectedRows().size() > 1 && selectionModel()->isSelected(index)) {
            menu.addAction(tr("Copy &Selected Messages"), this, &ChatView::copySelection);
        }
        if (m_delegate->isCut(itemOption(index), index)) {
            const QPersistentModelIndex persistent(index);
            menu.addAction(tr("Show &Whole Message…"), this, [this, persistent] {
                if (persistent.isValid()) {
                    showWholeMessage(persistent);
                }
            });
        }
        const QString clientId = index.data(MessageModel::ClientIdRole).toString();
        const QVariant state = index.data(MessageModel::SendStateRole);
        if (state.toInt() == int(OutboxEntry::State::Failed)) {
            menu.addSeparator();
            menu.addAction(
                tr("&Retry Sending"), this, [this, clientId] { Q_EMIT retryRequested(clientId); });
            menu.addAction(
                tr("&Discard"), this, [this, clientId] { Q_EMIT discardRequested(clientId); });
        } else if (state.isValid() && state.toInt() == int(OutboxEntry::State::Sending)
            && !index.data(MessageModel::SendErrorRole).toString().isEmpty()) {
            menu.addSeparator();
            menu.addAction(
                tr("&Retry Now"), this, [this, clientId] { Q_EMIT retryRequested(clientId); });
        }
        menu.addSeparator();
    }
    menu.addAction(tr("Select &All"), QKeySequence::SelectAll, this, &ChatView::selectAll);
    menu.addAction(tr("Jump to &Newest"), this, &ChatView::scrollToNewest);
    menu.exec(menuPosition);
}

QList<QUrl> ChatView::linksOfRow(const QModelIndex &index) const
{
    QList<QUrl> urls;
    if (!index.isValid()) {
        return urls;
    }
    for (const TextLink &link : m_delegate->links(itemOption(index), index)) {
        if (!urls.contains(link.url)) {
            urls.append(link.url);
        }
    }
    return urls;
}

void ChatView::addLinkActions(QMenu *menu, const QModelIndex &index, const QPoint &pos)
{
    // The link under the pointer, else the row's: one gets the two actions, several a
    // submenu each.
    const QUrl under = pos.x() >= 0 ? m_delegate->linkAt(itemOption(index), index, pos) : QUrl();
    const QList<QUrl> urls = under.isValid() ? QList<QUrl> {under} : linksOfRow(index);
    if (urls.isEmpty()) {
        return;
    }
    const auto open = [this](const QUrl &url) { Q_EMIT linkActivated(url); };
    const auto copy = [](const QUrl &url) { QApplication::clipboard()->setText(url.toString()); };
    if (urls.size() == 1) {
        const QUrl url = urls.constFirst();
        menu->addAction(tr("&Open Link"), this, [open, url] { open(url); });
        menu->addAction(tr("Copy &Link Address"), this, [copy, url] { copy(url); });
    } else {
        QMenu *openMenu = menu->addMenu(tr("&Open Link"));
        QMenu *copyMenu = menu->addMenu(tr("Copy &Link Address"));
        const int width = fontMetrics().averageCharWidth() * 50;
        for (const QUrl &url : urls) {
            // Shown as the address reads, never as a mnemonic ("&" is doubled).
            QString label = fontMetrics().elidedText(url.toDisplayString(), Qt::ElideMiddle, width);
            label.replace(u'&', u"&&"_s);
            openMenu->addAction(label, this, [open, url] { open(url); });
            copyMenu->addAction(label, this, [copy, url] { copy(url); });
        }
    }
    menu->addSeparator();
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
    if (!m_model) {
        return;
    }
    QList<QFuture<QString>> lines;
    for (const int row : selectedRowsInOrder()) {
        lines.append(m_model->plainTextInBackground(row));
    }
    if (lines.isEmpty()) {
        return;
    }
    copyWhenReady(QtFuture::whenAll(lines.begin(), lines.end())
                      .then([](const QList<QFuture<QString>> &ready) {
                          QStringList text;
                          for (const QFuture<QString> &line : ready) {
                              text.append(line.result());
                          }
                          return text.join(u'\n');
                      }));
}

void ChatView::copyWhenReady(const QFuture<QString> &text)
{
    // Small texts (nothing read from the store) are copied now, as the user expects of a
    // copy; the whole of a huge message once it is read, unless this view is gone by then
    // (the watcher is its child).
    if (text.isFinished()) {
        QApplication::clipboard()->setText(text.result());
        return;
    }
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [watcher] {
        watcher->deleteLater();
        if (watcher->future().resultCount() > 0) {
            QApplication::clipboard()->setText(watcher->future().result());
        }
    });
    watcher->setFuture(text);
}

QList<int> ChatView::selectedRowsInOrder() const
{
    QList<int> rows;
    for (const QModelIndex &index : selectionModel()->selectedRows()) {
        rows.append(index.row());
    }
    std::sort(rows.begin(), rows.end());
    return rows;
}

QString ChatView::selectedText() const
{
    if (!m_model) {
        return {};
    }
    QStringList lines;
    for (const int row : selectedRowsInOrder()) {
        lines.append(m_model->plainText(row));
    }
    return lines.join(u'\n');
}

void ChatView::setSearchText(const QString &text)
{
    m_delegate->setSearchText(text);
    viewport()->update();
}

bool ChatView::showMessageAt(qint64 offset)
{
    if (!m_model || offset < 0 || offset >= m_model->storedMessageCount()) {
        return false;
    }
    // Not following from here on: the model must not drop the rows around the message.
    setFollowing(false);
    int row = m_model->rowForOffset(offset);
    const int near = nearRows();
    const bool loaded = row >= 0 && (row >= near || m_model->olderMessageCount() == 0)
        && (m_model->historyRowCount() - row >= near || m_model->isAtNewest());
    if (!loaded) {
        m_model->moveWindowTo(offset - JumpRowsBefore, JumpWindowRows);
        row = m_model->rowForOffset(offset);
        if (row < 0) {
            return false;
        }
    }
    // The rows around it are laid out for real, so that it lands where it is aimed.
    m_delegate->setEstimateRowsBefore(
        qMin(m_delegate->estimateRowsBefore(), row - ExactRowsAbove / 2));
    scheduleDelayedItemsLayout();
    executeDelayedItemsLayout();
    const QModelIndex index = m_proxy->index(row, 0);
    setCurrentIndex(index);
    scrollTo(index, PositionAtCenter);
    afterScroll();
    return true;
}

} // namespace hibiki
