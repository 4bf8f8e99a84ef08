// SPDX-License-Identifier: MIT
#include "searchbar.h"

#include "chatview.h"
#include "historysearch.h"
#include "messagemodel.h"

#include <core/historystore.h>

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QShortcut>
#include <QStyle>
#include <QToolButton>

#include <algorithm>

namespace hibiki {

namespace {

// Typing starts the search once the user pauses this long: a history is searched per
// word, not per letter.
constexpr int TypingPauseMs = 150;

} // namespace

SearchBar::SearchBar(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_counter(new QLabel(this))
    , m_notice(new QLabel(this))
    , m_older(new QToolButton(this))
    , m_newer(new QToolButton(this))
    , m_search(new HistorySearch(this))
{
    m_edit->setPlaceholderText(tr("Search this room"));
    m_edit->setAccessibleName(tr("Search this room"));
    m_edit->setClearButtonEnabled(true);
    m_edit->installEventFilter(this);
    m_counter->setTextFormat(Qt::PlainText);
    m_counter->setAccessibleName(tr("Matches"));
    m_notice->setTextFormat(Qt::PlainText);
    m_notice->setAccessibleName(tr("Search notice"));
    QFont italic = m_notice->font();
    italic.setItalic(true);
    m_notice->setFont(italic);
    setNotice({});

    m_older->setArrowType(Qt::UpArrow);
    m_older->setToolTip(tr("Older match (Enter, F3)"));
    m_older->setAccessibleName(tr("Older match"));
    m_newer->setArrowType(Qt::DownArrow);
    m_newer->setToolTip(tr("Newer match (Shift+Enter, Shift+F3)"));
    m_newer->setAccessibleName(tr("Newer match"));
    auto *closeButton = new QToolButton(this);
    closeButton->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    closeButton->setAutoRaise(true);
    closeButton->setToolTip(tr("Close search (Esc)"));
    closeButton->setAccessibleName(tr("Close search"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_counter);
    layout->addWidget(m_notice);
    layout->addWidget(m_older);
    layout->addWidget(m_newer);
    layout->addWidget(closeButton);

    m_typingPause.setSingleShot(true);
    m_typingPause.setInterval(TypingPauseMs);
    connect(&m_typingPause, &QTimer::timeout, this, &SearchBar::startSearch);
    connect(m_search, &HistorySearch::progressed, this, &SearchBar::onProgressed);
    connect(m_edit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_search->stop();
        m_currentKey = -1;
        m_atEnd = Direction::None;
        m_pending = Direction::None;
        setNotice({});
        if (m_view) {
            m_view->setSearchText(text);
        }
        m_typingPause.start();
        updateCounter();
        Q_EMIT searchChanged(text);
    });
    connect(m_older, &QToolButton::clicked, this, &SearchBar::findOlder);
    connect(m_newer, &QToolButton::clicked, this, &SearchBar::findNewer);
    connect(closeButton, &QToolButton::clicked, this, &SearchBar::close);

    // F3 and Shift+F3 anywhere in the room (the bar, the list, the compose box).
    QWidget *room = parent ? parent : this;
    auto *older = new QShortcut(QKeySequence(Qt::Key_F3), room);
    older->setContext(Qt::WidgetWithChildrenShortcut);
    connect(older, &QShortcut::activated, this, [this] {
        activate();
        findOlder();
    });
    auto *newer = new QShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F3), room);
    newer->setContext(Qt::WidgetWithChildrenShortcut);
    connect(newer, &QShortcut::activated, this, [this] {
        activate();
        findNewer();
    });
}

SearchBar::~SearchBar() = default;

void SearchBar::setRoom(ChatView *view, const HistoryStore *store)
{
    if (m_view && m_view->messageModel()) {
        disconnect(m_view->messageModel(), nullptr, this, nullptr);
    }
    m_search->stop();
    m_view = view;
    m_store = store;
    m_currentKey = -1;
    if (m_view && m_view->messageModel()) {
        // Messages that arrive while searching are searched too, and counted.
        connect(m_view->messageModel(), &MessageModel::messagesAppended, this, [this] {
            if (m_search->isStarted()) {
                m_search->searchNewer();
            }
        });
    }
    updateCounter();
}

QString SearchBar::text() const
{
    return m_edit->text();
}

QString SearchBar::counterText() const
{
    return m_counter->text();
}

QString SearchBar::noticeText() const
{
    return m_notice->text();
}

int SearchBar::matchCount() const
{
    return int(m_search->hits().size());
}

int SearchBar::currentMatch() const
{
    return indexOfKey(m_currentKey) + 1;
}

bool SearchBar::isSearching() const
{
    return m_typingPause.isActive() || m_search->isRunning();
}

void SearchBar::activate()
{
    show();
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
    if (m_view) {
        m_view->setSearchText(text());
    }
    if (!text().isEmpty() && !m_search->isStarted()) {
        startSearch();
    }
}

void SearchBar::showMatch(const QString &term, qint64 key)
{
    m_edit->setText(term);
    activate(); // searches the room for the term's other matches
    const qint64 offset = m_store ? m_store->offsetOfKey(key) : -1;
    if (offset < 0 || !m_view) {
        setNotice(tr("That message is no longer stored"));
        return;
    }
    m_currentKey = key;
    m_view->showMessageAt(offset);
    updateCounter();
}

void SearchBar::findOlder()
{
    step(Direction::Older);
}

void SearchBar::findNewer()
{
    step(Direction::Newer);
}

void SearchBar::startSearch()
{
    m_typingPause.stop();
    if (text().isEmpty() || !m_store) {
        m_search->stop();
        updateCounter();
        return;
    }
    m_search->start(m_store, text(), MaxMatches);
}

void SearchBar::step(Direction direction)
{
    if (text().isEmpty() || !m_store) {
        return;
    }
    if (!m_search->isStarted() || m_search->term() != text()) {
        startSearch();
    }
    m_pending = Direction::None;
    const QList<HistoryStore::SearchHit> &hits = m_search->hits();
    // From the current match, else from what the view shows (that row included).
    const bool fromCurrent = m_currentKey >= 0;
    const qint64 anchor = fromCurrent ? m_currentKey : viewAnchorKey(direction);
    int target = -1;
    bool waiting = false;
    if (direction == Direction::Older) {
        const qint64 highest = fromCurrent ? anchor - 1 : anchor;
        for (int i = 0; i < hits.size() && target < 0; ++i) {
            if (hits.at(i).key <= highest) {
                target = i;
            }
        }
        waiting = target < 0 && m_search->isRunning();
    } else {
        const qint64 lowest = fromCurrent ? anchor + 1 : anchor;
        // The oldest match at or above `lowest`: known once the search got below it.
        waiting = m_search->isRunning() && m_search->searchedDownTo() > lowest;
        for (int i = int(hits.size()) - 1; i >= 0 && target < 0 && !waiting; --i) {
            if (hits.at(i).key >= lowest) {
                target = i;
            }
        }
    }
    QString notice;
    if (target < 0 && !waiting) {
        if (hits.isEmpty() && !m_search->isRunning()) {
            updateCounter(); // "No matches"
            return;
        }
        if (m_atEnd != direction) {
            m_atEnd = direction;
            setNotice(tr("No more matches"));
            return;
        }
        // Asked again at the end: around to the other end, and say so.
        if (direction == Direction::Older) {
            target = 0;
            notice = tr("Wrapped to the first match");
        } else if (m_search->isRunning()) {
            waiting = true; // the oldest match is not known yet
        } else {
            target = int(hits.size()) - 1;
            notice = tr("Wrapped to the last match");
        }
    }
    if (waiting) {
        m_pending = direction; // onProgressed() steps again
        updateCounter();
        return;
    }
    m_atEnd = Direction::None;
    jumpTo(target);
    setNotice(notice);
}

void SearchBar::jumpTo(int index)
{
    const qint64 key = m_search->hits().at(index).key;
    const qint64 offset = m_store->offsetOfKey(key);
    if (offset < 0) {
        setNotice(tr("That message is no longer stored"));
        return;
    }
    m_currentKey = key;
    if (m_view) {
        m_view->showMessageAt(offset);
    }
    updateCounter();
}

void SearchBar::onProgressed()
{
    if (m_pending != Direction::None) {
        const Direction direction = m_pending;
        m_pending = Direction::None;
        step(direction);
    }
    updateCounter();
}

void SearchBar::updateCounter()
{
    QString counter;
    QString tip;
    if (!text().isEmpty() && m_search->isStarted()) {
        const int count = matchCount();
        const int current = currentMatch();
        if (m_search->isRunning()) {
            if (count == 0) {
                counter = tr("Searching…");
            } else if (current > 0) {
                counter = tr("%1 of %2 so far").arg(current).arg(count);
            } else {
                counter
                    = count == 1 ? tr("1 match so far…") : tr("%n matches so far…", nullptr, count);
            }
        } else if (count == 0) {
            counter = tr("No matches");
        } else if (m_search->isCapped()) {
            counter = current > 0 ? tr("%1 of %2+").arg(current).arg(count)
                                  : tr("%n+ matches", nullptr, count);
            tip = tr("Only the newest %1 matches are counted: more words find fewer.").arg(count);
        } else if (current > 0) {
            counter = tr("%1 of %2").arg(current).arg(count);
        } else {
            counter = count == 1 ? tr("1 match") : tr("%n matches", nullptr, count);
        }
    }
    m_counter->setText(counter);
    m_counter->setToolTip(tip);
}

void SearchBar::setNotice(const QString &text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

void SearchBar::close()
{
    hide();
    m_typingPause.stop();
    m_search->stop();
    m_currentKey = -1;
    m_atEnd = Direction::None;
    m_pending = Direction::None;
    setNotice({});
    updateCounter();
    if (m_view) {
        m_view->setSearchText({});
    }
    Q_EMIT closed();
}

qint64 SearchBar::viewAnchorKey(Direction direction) const
{
    const qint64 first = m_store->firstKey();
    const qint64 last = m_store->lastKey();
    const MessageModel *model = m_view ? m_view->messageModel() : nullptr;
    if (!model || first < 0) {
        return direction == Direction::Older ? last : first;
    }
    const QWidget *viewport = m_view->viewport();
    const QModelIndex index = m_view->indexAt(
        direction == Direction::Older ? QPoint(1, viewport->height() - 2) : QPoint(1, 1));
    if (!index.isValid() || index.row() >= model->historyRowCount()
        || (direction == Direction::Older && m_view->isFollowing())) {
        return direction == Direction::Older ? last : first;
    }
    return qBound(first, first + model->offsetOfRow(index.row()), last);
}

int SearchBar::indexOfKey(qint64 key) const
{
    if (key < 0) {
        return -1;
    }
    const QList<HistoryStore::SearchHit> &hits = m_search->hits();
    // Newest first: keys descend.
    const auto it = std::lower_bound(hits.cbegin(), hits.cend(), key,
        [](const HistoryStore::SearchHit &hit, qint64 wanted) { return hit.key > wanted; });
    return it != hits.cend() && it->key == key ? int(it - hits.cbegin()) : -1;
}

bool SearchBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape) {
            close();
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (key->modifiers() & Qt::ShiftModifier) {
                findNewer();
            } else {
                findOlder();
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace hibiki
