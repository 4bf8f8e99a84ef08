// SPDX-License-Identifier: MIT
#include "globalsearchdialog.h"

#include "historysearch.h"
#include "mainwindow.h"
#include "messagemodel.h"
#include "roomwidget.h"
#include "searchbar.h"

#include <shell/rooms.h>

#include <QApplication>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPainter>
#include <QRegularExpression>
#include <QStyledItemDelegate>
#include <QTextLayout>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

constexpr int TypingPauseMs = 300;
constexpr int RoomIdRole = Qt::UserRole + 1;
constexpr int KeyRole = Qt::UserRole + 2; // -1 on a room's heading
constexpr int CappedRole = Qt::UserRole + 3; // on a heading: the room had more matches

enum Column { MessageColumn, AuthorColumn, TimeColumn };

// Draws a result's few words with every occurrence of the term highlighted, as the
// message list does. Plain text: the words come from a server.
class SnippetDelegate : public QStyledItemDelegate
{
public:
    SnippetDelegate(const QString *term, QObject *parent)
        : QStyledItemDelegate(parent)
        , m_term(term)
    { }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
        const QModelIndex &index) const override
    {
        if (index.data(KeyRole).toLongLong() < 0 || m_term->isEmpty()) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString text = opt.text;
        opt.text.clear();
        const QWidget *widget = opt.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        const QRect rect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);

        QTextLayout layout(text, opt.font);
        QList<QTextLayout::FormatRange> ranges;
        for (qsizetype from = text.indexOf(*m_term, 0, Qt::CaseInsensitive); from >= 0;
             from = text.indexOf(*m_term, from + m_term->size(), Qt::CaseInsensitive)) {
            QTextLayout::FormatRange range;
            range.start = int(from);
            range.length = int(m_term->size());
            range.format.setBackground(QColor(255, 210, 0));
            range.format.setForeground(QColor(Qt::black));
            ranges.append(range);
        }
        layout.beginLayout();
        QTextLine line = layout.createLine();
        line.setLineWidth(1e6); // one line, clipped at the column's edge
        layout.endLayout();
        painter->save();
        painter->setClipRect(rect);
        painter->setPen(opt.palette.color(
            opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
        const qreal top = rect.top() + (rect.height() - line.height()) / 2;
        layout.draw(painter, QPointF(rect.left(), top), ranges);
        painter->restore();
    }

private:
    const QString *m_term;
};

QString matchesText(qsizetype count)
{
    // Spelled out for one so that English reads right without a translation file.
    return count == 1 ? GlobalSearchDialog::tr("1 match")
                      : GlobalSearchDialog::tr("%n matches", nullptr, int(count));
}

// The local date and time of a message, without seconds.
QString dateTimeText(const QLocale &locale, const QDateTime &utc)
{
    static const QString timeFormat = [] {
        QString pattern = QLocale().timeFormat(QLocale::ShortFormat);
        pattern.remove(QRegularExpression(u"[:.]?ss?"_s));
        return pattern.trimmed();
    }();
    const QDateTime local = utc.toLocalTime();
    return locale.toString(local.date(), QLocale::ShortFormat) + u' '
        + locale.toString(local.time(), timeFormat);
}

QString roomsText(int count)
{
    return count == 1 ? GlobalSearchDialog::tr("1 room")
                      : GlobalSearchDialog::tr("%n rooms", nullptr, count);
}

} // namespace

GlobalSearchDialog::GlobalSearchDialog(Rooms *rooms, QWidget *parent)
    : QDialog(parent)
    , m_rooms(rooms)
    , m_edit(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_results(new QTreeWidget(this))
    , m_search(new HistorySearch(this))
{
    setWindowTitle(tr("Search All Rooms"));
    m_edit->setPlaceholderText(tr("Search all rooms"));
    m_edit->setAccessibleName(tr("Search all rooms"));
    m_edit->setClearButtonEnabled(true);
    m_edit->installEventFilter(this);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setAccessibleName(tr("Search status"));

    m_results->setAccessibleName(tr("Results"));
    m_results->setColumnCount(3);
    m_results->setHeaderLabels({tr("Message"), tr("From"), tr("Time")});
    m_results->setUniformRowHeights(true);
    m_results->setRootIsDecorated(true);
    m_results->setAllColumnsShowFocus(true);
    m_results->header()->setStretchLastSection(false);
    m_results->header()->setSectionResizeMode(MessageColumn, QHeaderView::Stretch);
    m_results->header()->setSectionResizeMode(AuthorColumn, QHeaderView::ResizeToContents);
    m_results->header()->setSectionResizeMode(TimeColumn, QHeaderView::ResizeToContents);
    m_results->setItemDelegateForColumn(MessageColumn, new SnippetDelegate(&m_term, this));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_edit);
    layout->addWidget(m_status);
    layout->addWidget(m_results, 1);
    resize(760, 480);

    m_typingPause.setSingleShot(true);
    m_typingPause.setInterval(TypingPauseMs);
    connect(&m_typingPause, &QTimer::timeout, this, &GlobalSearchDialog::startSearch);
    connect(m_edit, &QLineEdit::textChanged, this, [this] { m_typingPause.start(); });
    connect(m_search, &HistorySearch::progressed, this, &GlobalSearchDialog::onProgressed);
    connect(m_results, &QTreeWidget::itemActivated, this, &GlobalSearchDialog::choose);
    // A room about to go (or to reopen with a new session) takes its store with it.
    connect(m_rooms, &Rooms::roomAboutToBeRemoved, this, &GlobalSearchDialog::forgetRoom);
    connect(m_rooms, &Rooms::roomAboutToBeReopened, this, &GlobalSearchDialog::forgetRoom);
}

GlobalSearchDialog::~GlobalSearchDialog() = default;

GlobalSearchDialog *GlobalSearchDialog::showFor(MainWindow *window)
{
    auto *dialog = window->findChild<GlobalSearchDialog *>(QString(), Qt::FindDirectChildrenOnly);
    if (!dialog) {
        dialog = new GlobalSearchDialog(window->rooms(), window);
        connect(dialog, &GlobalSearchDialog::messageChosen, window,
            [window](const QString &id, qint64 key, const QString &term) {
                window->selectRoom(id);
                if (RoomWidget *room = window->roomWidget(id)) {
                    room->searchBar()->showMatch(term, key);
                }
            });
    }
    if (!dialog->isVisible() && !dialog->m_term.isEmpty()) {
        dialog->startSearch(); // the rooms may have changed since: fresh results
    }
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    dialog->m_edit->setFocus(Qt::ShortcutFocusReason);
    dialog->m_edit->selectAll();
    return dialog;
}

void GlobalSearchDialog::search(const QString &term)
{
    m_edit->setText(term);
    startSearch();
}

bool GlobalSearchDialog::isSearching() const
{
    return m_typingPause.isActive() || !m_roomId.isEmpty() || !m_queue.isEmpty();
}

QString GlobalSearchDialog::statusText() const
{
    return m_status->text();
}

QString GlobalSearchDialog::roomIdOf(const QTreeWidgetItem *item)
{
    return item && item->data(MessageColumn, KeyRole).toLongLong() >= 0
        ? item->data(MessageColumn, RoomIdRole).toString()
        : QString();
}

qint64 GlobalSearchDialog::keyOf(const QTreeWidgetItem *item)
{
    return item ? item->data(MessageColumn, KeyRole).toLongLong() : -1;
}

QString GlobalSearchDialog::snippet(
    const HistoryStore::SearchHit &hit, const QString &term, int maxChars)
{
    const QString &text = hit.excerpt;
    const qsizetype at = term.isEmpty() ? -1 : text.indexOf(term, 0, Qt::CaseInsensitive);
    // A little before the term, so that it reads in context.
    qsizetype start = at < 0 ? 0 : qMax<qsizetype>(0, at - maxChars / 4);
    if (start > 0 && text.at(start).isLowSurrogate()) {
        --start; // never half a character
    }
    qsizetype end = qMin(text.size(), start + maxChars);
    if (end < text.size() && end > start && text.at(end - 1).isHighSurrogate()) {
        --end;
    }
    QString line = text.mid(start, end - start);
    for (QChar &c : line) {
        if (c.isSpace()) {
            c = u' '; // one line; one character for one keeps the term's place
        }
    }
    if (start > 0 || hit.excerptCutBefore) {
        line.prepend(u'…');
    }
    if (end < text.size() || hit.excerptCutAfter) {
        line.append(u'…');
    }
    return line;
}

void GlobalSearchDialog::startSearch()
{
    m_typingPause.stop();
    m_search->stop();
    m_results->clear();
    m_term = m_edit->text();
    m_queue.clear();
    m_roomId.clear();
    m_roomsSearched = 0;
    if (!m_term.isEmpty()) {
        m_queue = m_rooms->ids();
    }
    searchNextRoom();
}

void GlobalSearchDialog::searchNextRoom()
{
    m_roomId.clear();
    while (!m_queue.isEmpty()) {
        const QString id = m_queue.takeFirst();
        const ChatSession *session = m_rooms->session(id);
        if (!session || !session->history().isOpen()) {
            continue;
        }
        m_roomId = id;
        m_shownHits = 0;
        m_search->start(
            &session->history(), m_term, MaxMatchesPerRoom, HistoryStore::SearchDetail::Excerpts);
        return; // onProgressed() goes on
    }
    updateStatus();
}

void GlobalSearchDialog::searchNextRoomLater()
{
    QMetaObject::invokeMethod(
        this,
        [this] {
            // Unless a new search started meanwhile (it is busy with its own room).
            if (m_roomId.isEmpty()) {
                searchNextRoom();
            }
        },
        Qt::QueuedConnection);
}

void GlobalSearchDialog::onProgressed()
{
    if (m_roomId.isEmpty()) {
        return;
    }
    addHits(m_shownHits);
    if (!m_search->isRunning()) {
        if (QTreeWidgetItem *heading = headingFor(m_roomId)) {
            updateHeading(heading);
        }
        ++m_roomsSearched;
        m_search->stop();
        // The next room from the event loop: each turn stays short.
        m_roomId.clear();
        searchNextRoomLater();
    }
    updateStatus();
}

void GlobalSearchDialog::addHits(qsizetype from)
{
    const QList<HistoryStore::SearchHit> &hits = m_search->hits();
    if (from >= hits.size()) {
        return;
    }
    QTreeWidgetItem *heading = headingFor(m_roomId);
    if (!heading) {
        heading = new QTreeWidgetItem(m_results);
        heading->setData(MessageColumn, RoomIdRole, m_roomId);
        heading->setData(MessageColumn, KeyRole, qint64(-1));
        QFont bold = heading->font(MessageColumn);
        bold.setBold(true);
        heading->setFont(MessageColumn, bold);
        heading->setFirstColumnSpanned(true);
        heading->setExpanded(true);
    }
    const QLocale locale;
    QList<QTreeWidgetItem *> items;
    for (qsizetype i = from; i < hits.size(); ++i) {
        const HistoryStore::SearchHit &hit = hits.at(i);
        auto *item = new QTreeWidgetItem;
        item->setData(MessageColumn, RoomIdRole, m_roomId);
        item->setData(MessageColumn, KeyRole, hit.key);
        item->setText(MessageColumn, snippet(hit, m_term));
        item->setText(AuthorColumn, hit.author.left(MessageModel::MaxAuthorChars));
        item->setText(TimeColumn, dateTimeText(locale, hit.timestamp));
        item->setToolTip(MessageColumn, item->text(MessageColumn));
        items.append(item);
    }
    heading->addChildren(items);
    m_shownHits = hits.size();
    updateHeading(heading);
}

void GlobalSearchDialog::updateHeading(QTreeWidgetItem *heading) const
{
    const QString id = heading->data(MessageColumn, RoomIdRole).toString();
    const std::optional<RoomConfig> config = m_rooms->config(id);
    const QString name = config ? config->profile.name : id;
    const qsizetype count = heading->childCount();
    const bool capped = id == m_roomId && m_search->isCapped();
    if (capped || heading->data(MessageColumn, CappedRole).toBool()) {
        heading->setData(MessageColumn, CappedRole, true);
        heading->setText(MessageColumn,
            tr("%1 — the newest %2 (there are more: more words find fewer)")
                .arg(name, matchesText(count)));
    } else {
        heading->setText(MessageColumn, tr("%1 — %2").arg(name, matchesText(count)));
    }
}

void GlobalSearchDialog::updateStatus()
{
    if (m_term.isEmpty()) {
        m_status->clear();
        return;
    }
    qsizetype matches = 0;
    for (int i = 0; i < m_results->topLevelItemCount(); ++i) {
        matches += m_results->topLevelItem(i)->childCount();
    }
    if (!m_roomId.isEmpty()) {
        const std::optional<RoomConfig> config = m_rooms->config(m_roomId);
        m_status->setText(tr("Searching %1… %2 so far")
                              .arg(config ? config->profile.name : m_roomId, matchesText(matches)));
    } else if (matches == 0) {
        m_status->setText(tr("No matches in %1").arg(roomsText(m_roomsSearched)));
    } else {
        m_status->setText(
            tr("%1 in %2").arg(matchesText(matches), roomsText(m_results->topLevelItemCount())));
    }
}

void GlobalSearchDialog::forgetRoom(const QString &id)
{
    m_queue.removeAll(id);
    delete headingFor(id);
    if (id == m_roomId) {
        m_search->stop();
        m_roomId.clear();
        searchNextRoomLater();
    }
    updateStatus();
}

QTreeWidgetItem *GlobalSearchDialog::headingFor(const QString &id) const
{
    for (int i = 0; i < m_results->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_results->topLevelItem(i);
        if (item->data(MessageColumn, RoomIdRole).toString() == id) {
            return item;
        }
    }
    return nullptr;
}

void GlobalSearchDialog::choose(QTreeWidgetItem *item)
{
    const QString id = roomIdOf(item);
    if (id.isEmpty()) {
        return; // a heading
    }
    hide();
    Q_EMIT messageChosen(id, keyOf(item), m_term);
}

bool GlobalSearchDialog::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (enter && (m_typingPause.isActive() || m_edit->text() != m_term)) {
            startSearch();
            return true;
        }
        // Down (or Enter on a finished search) goes to the results.
        if ((enter || key->key() == Qt::Key_Down) && m_results->topLevelItemCount() > 0) {
            QTreeWidgetItem *first = m_results->topLevelItem(0);
            m_results->setCurrentItem(first->childCount() > 0 ? first->child(0) : first);
            m_results->setFocus(Qt::TabFocusReason);
            return true;
        }
        if (enter) {
            return true; // not the dialog's default button
        }
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace hibiki
