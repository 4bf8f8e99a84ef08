// SPDX-License-Identifier: MIT
#include "emojipicker.h"

#include "emojicatalog.h"
#include "emojitext.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListView>
#include <QScreen>
#include <QScrollBar>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

constexpr int Columns = 9;
constexpr int VisibleRows = 7;

QFont emojiFont(const QFont &base, qreal scale)
{
    QFont font = base;
    if (const QString family = EmojiText::colorFontFamily(); !family.isEmpty()) {
        font.setFamilies({family});
    }
    font.setPointSizeF(base.pointSizeF() * scale);
    return font;
}

} // namespace

EmojiGridModel::EmojiGridModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void EmojiGridModel::setEmoji(QList<const Emoji *> emoji)
{
    beginResetModel();
    m_emoji = std::move(emoji);
    endResetModel();
}

const Emoji *EmojiGridModel::emojiAt(int row) const
{
    return row >= 0 && row < m_emoji.size() ? m_emoji.at(row) : nullptr;
}

int EmojiGridModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_emoji.size());
}

QVariant EmojiGridModel::data(const QModelIndex &index, int role) const
{
    const Emoji *emoji = index.isValid() ? emojiAt(index.row()) : nullptr;
    if (!emoji) {
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
        return EmojiText::forColourFont(emoji->text); // drawn with the colour font only
    case Qt::UserRole:
        return emoji->text;
    case Qt::SizeHintRole:
        return m_cellSize.isValid() ? QVariant(m_cellSize) : QVariant();
    case Qt::ToolTipRole:
        return u"%1  :%2:"_s.arg(emoji->name, emoji->shortcodes.constFirst());
    case Qt::AccessibleTextRole:
    case NameRole:
        return emoji->name;
    case GroupRole:
        return emoji->group;
    case Qt::TextAlignmentRole:
        return int(Qt::AlignCenter);
    default:
        return {};
    }
}

EmojiPicker::EmojiPicker(const EmojiCatalog *catalog, QWidget *parent)
    : QFrame(parent, Qt::Popup)
    , m_catalog(catalog)
    , m_model(new EmojiGridModel(this))
    , m_search(new QLineEdit(this))
    , m_grid(new QListView(this))
{
    setFrameShape(QFrame::StyledPanel);
    setAccessibleName(tr("Emoji"));
    m_search->setPlaceholderText(tr("Search emoji (heart, smile, +1…)"));
    m_search->setAccessibleName(tr("Search emoji"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);

    // Every glyph of the grid from the colour font, a little larger than the text.
    m_grid->setFont(emojiFont(font(), 1.6));
    const QFontMetrics gridMetrics(m_grid->font());
    const int cell
        = std::max(gridMetrics.height(), gridMetrics.horizontalAdvance(u"\U0001F600"_s)) + 8;
    m_model->setCellSize(QSize(cell, cell));
    m_grid->setModel(m_model);
    m_grid->setViewMode(QListView::ListMode);
    m_grid->setFlow(QListView::LeftToRight);
    m_grid->setWrapping(true);
    m_grid->setResizeMode(QListView::Adjust);
    m_grid->setUniformItemSizes(true);
    m_grid->setGridSize(QSize(cell, cell));
    m_grid->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_grid->setAccessibleName(tr("Emoji"));
    m_grid->setMouseTracking(true);
    const int scrollBar = m_grid->verticalScrollBar()->sizeHint().width();
    // At least Columns wide; as wide as the group buttons above it when they need more.
    m_grid->setMinimumWidth(cell * Columns + scrollBar + 2 * m_grid->frameWidth() + 4);
    m_grid->setFixedHeight(cell * VisibleRows + 2 * m_grid->frameWidth());
    m_grid->installEventFilter(this);
    connect(m_grid, &QListView::activated, this, &EmojiPicker::choose);
    connect(m_grid, &QListView::clicked, this, &EmojiPicker::choose);

    auto *groups = new QHBoxLayout;
    groups->setSpacing(0);
    const QFont groupFont = emojiFont(font(), 1.1);
    for (const QString &group : catalog->groups()) {
        const QList<const Emoji *> first = [&] {
            for (const Emoji &emoji : catalog->all()) {
                if (emoji.group == group) {
                    return QList<const Emoji *> {&emoji};
                }
            }
            return QList<const Emoji *> {};
        }();
        auto *button = new QToolButton(this);
        button->setAutoRaise(true);
        button->setFont(groupFont);
        button->setText(
            first.isEmpty() ? QString() : EmojiText::forColourFont(first.constFirst()->text));
        button->setToolTip(groupTitle(group));
        button->setAccessibleName(groupTitle(group));
        button->setFocusPolicy(Qt::NoFocus);
        connect(button, &QToolButton::clicked, this, [this, group] { showGroup(group); });
        groups->addWidget(button);
        m_groupButtons.append(button);
    }
    groups->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);
    layout->addWidget(m_search);
    layout->addLayout(groups);
    layout->addWidget(m_grid);

    connect(m_search, &QLineEdit::textChanged, this, &EmojiPicker::search);
    search({});
}

QString EmojiPicker::groupTitle(const QString &group)
{
    // Unicode's group names, as emoji-test.txt spells them.
    static const QHash<QString, const char *> titles {
        {u"Smileys & Emotion"_s, QT_TR_NOOP("Smileys & Emotion")},
        {u"People & Body"_s, QT_TR_NOOP("People & Body")},
        {u"Animals & Nature"_s, QT_TR_NOOP("Animals & Nature")},
        {u"Food & Drink"_s, QT_TR_NOOP("Food & Drink")},
        {u"Travel & Places"_s, QT_TR_NOOP("Travel & Places")},
        {u"Activities"_s, QT_TR_NOOP("Activities")},
        {u"Objects"_s, QT_TR_NOOP("Objects")},
        {u"Symbols"_s, QT_TR_NOOP("Symbols")},
        {u"Flags"_s, QT_TR_NOOP("Flags")},
    };
    const char *title = titles.value(group);
    return title ? tr(title) : group;
}

void EmojiPicker::popUp(QWidget *anchor)
{
    m_search->clear();
    search({});
    adjustSize();
    // Its right edge at the anchor's: the button sits at the right of the compose row.
    const int left = anchor->width() - width();
    const QPoint above = anchor->mapToGlobal(QPoint(left, -height() - 4));
    const QPoint below = anchor->mapToGlobal(QPoint(left, anchor->height() + 4));
    QPoint position = above;
    if (const QScreen *screen = anchor->screen()) {
        const QRect available = screen->availableGeometry();
        if (position.y() < available.top()) {
            position = below;
        }
        position.setX(std::clamp(position.x(), available.left(),
            std::max(available.left(), available.right() - width())));
    }
    move(position);
    show();
    raise();
    activateWindow();
    m_search->setFocus();
}

QStringList EmojiPicker::shown() const
{
    QStringList result;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        result.append(m_model->emojiAt(row)->text);
    }
    return result;
}

void EmojiPicker::search(const QString &text)
{
    QString query = text.trimmed();
    if (query.startsWith(u':')) {
        query.remove(0, 1); // ":heart:" as typed in the box
    }
    if (query.endsWith(u':')) {
        query.chop(1);
    }
    query.replace(u'_', u' ');
    m_model->setEmoji(m_catalog->search(query));
    for (QToolButton *button : std::as_const(m_groupButtons)) {
        button->setEnabled(query.isEmpty());
    }
    if (m_model->rowCount() > 0) {
        m_grid->setCurrentIndex(m_model->index(0));
    }
    m_grid->scrollToTop();
}

void EmojiPicker::showGroup(const QString &group)
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->emojiAt(row)->group == group) {
            const QModelIndex index = m_model->index(row);
            m_grid->setCurrentIndex(index);
            m_grid->scrollTo(index, QAbstractItemView::PositionAtTop);
            return;
        }
    }
}

void EmojiPicker::choose(const QModelIndex &index)
{
    const Emoji *emoji = m_model->emojiAt(index.row());
    if (!emoji) {
        return;
    }
    hide();
    Q_EMIT emojiChosen(emoji->text);
}

bool EmojiPicker::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress) {
        return QFrame::eventFilter(watched, event);
    }
    const auto *key = static_cast<QKeyEvent *>(event);
    if (key->key() == Qt::Key_Escape) {
        hide();
        return true;
    }
    if (watched == m_search) {
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            choose(m_grid->currentIndex().isValid() ? m_grid->currentIndex() : m_model->index(0));
            return true;
        }
        if (key->key() == Qt::Key_Down || key->key() == Qt::Key_Up) {
            // Up and Down move in the grid while the search field keeps the typing (Left
            // and Right stay the field's; Tab goes to the grid).
            QApplication::sendEvent(m_grid, event);
            return true;
        }
    } else if (watched == m_grid && !key->text().isEmpty() && key->text().at(0).isPrint()) {
        // Typing in the grid goes on in the search field.
        m_search->setFocus();
        m_search->insert(key->text());
        return true;
    }
    return QFrame::eventFilter(watched, event);
}

} // namespace hibiki
