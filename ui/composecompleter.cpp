// SPDX-License-Identifier: MIT
#include "composecompleter.h"

#include "emojicatalog.h"
#include "emojitext.h"

#include <QKeyEvent>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

constexpr int MinimumShortcodeLength = 2; // ":he" opens the list, ":h" does not

bool isShortcodeCharacter(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'+' || c == u'-';
}

bool isShortcode(QStringView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isShortcodeCharacter);
}

} // namespace

ComposeCompleter::ComposeCompleter(QPlainTextEdit *edit, const EmojiCatalog *emoji)
    : QObject(edit)
    , m_edit(edit)
    , m_emoji(emoji)
{
    // Typing, an input method's commit, a paste or a click elsewhere: what the list offers
    // follows the word at the cursor. None of these slots edits the text.
    connect(m_edit, &QPlainTextEdit::textChanged, this, &ComposeCompleter::updatePopup);
    connect(m_edit, &QPlainTextEdit::cursorPositionChanged, this, &ComposeCompleter::updatePopup);
}

ComposeCompleter::~ComposeCompleter()
{
    delete m_popup.data(); // a child of the window, which may outlive the box
}

bool ComposeCompleter::isPopupVisible() const
{
    return m_popup && m_popup->isVisible();
}

QStringList ComposeCompleter::suggestions() const
{
    QStringList result;
    if (isPopupVisible()) {
        for (int row = 0; row < m_popup->count(); ++row) {
            result.append(m_popup->item(row)->text());
        }
    }
    return result;
}

bool ComposeCompleter::handleKey(QKeyEvent *event)
{
    const int key = event->key();
    const Qt::KeyboardModifiers modifiers = event->modifiers() & ~Qt::KeypadModifier;
    if (isPopupVisible()) {
        switch (key) {
        case Qt::Key_Up:
        case Qt::Key_Down: {
            const int rows = m_popup->count();
            const int step = key == Qt::Key_Down ? 1 : -1;
            m_popup->setCurrentRow((m_popup->currentRow() + step + rows) % rows);
            return true;
        }
        case Qt::Key_Return:
        case Qt::Key_Enter:
        case Qt::Key_Tab:
            if (modifiers == Qt::NoModifier) {
                acceptSuggestion(m_popup->currentRow());
                return true;
            }
            break;
        case Qt::Key_Escape:
            hidePopup();
            return true;
        default:
            break;
        }
    }
    if (key == Qt::Key_Tab && modifiers == Qt::NoModifier) {
        return completeWithTab(false);
    }
    if (key == Qt::Key_Backtab || (key == Qt::Key_Tab && modifiers == Qt::ShiftModifier)) {
        return completeWithTab(true);
    }
    const bool modifierAlone = key == Qt::Key_Shift || key == Qt::Key_Control || key == Qt::Key_Alt
        || key == Qt::Key_Meta;
    if (!modifierAlone) {
        m_cycle = {};
    }
    return false;
}

void ComposeCompleter::afterKey(QKeyEvent *event)
{
    if (event->text() == u":"_s) {
        replaceTypedShortcode(m_edit->textCursor().position() - 1);
    }
}

ComposeCompleter::Word ComposeCompleter::wordBeforeCursor() const
{
    const QTextCursor cursor = m_edit->textCursor();
    if (cursor.hasSelection()) {
        return {cursor.position(), {}};
    }
    const QString block = cursor.block().text();
    const int end = cursor.positionInBlock();
    int start = end;
    while (start > 0 && !block.at(start - 1).isSpace()) {
        --start;
    }
    return {cursor.block().position() + start, block.mid(start, end - start)};
}

QStringList ComposeCompleter::namesMatching(const QString &prefix) const
{
    QStringList result;
    if (!m_names) {
        return result;
    }
    for (const QString &name : m_names()) {
        if (name.startsWith(prefix, Qt::CaseInsensitive)
            && !result.contains(name, Qt::CaseInsensitive)) {
            result.append(name);
        }
    }
    return result;
}

QStringList ComposeCompleter::tabCandidates() const
{
    const Word word = wordBeforeCursor();
    const bool at = word.text.startsWith(u'@');
    const QString prefix = at ? word.text.mid(1) : word.text;
    if (prefix.isEmpty() && !at) {
        return {};
    }
    return namesMatching(prefix);
}

bool ComposeCompleter::completeWithTab(bool backwards)
{
    const int cursor = m_edit->textCursor().position();
    if (m_cycle.start >= 0 && !m_cycle.matches.isEmpty()) {
        QTextCursor selection = m_edit->textCursor();
        selection.setPosition(m_cycle.start);
        selection.setPosition(cursor, QTextCursor::KeepAnchor);
        if (selection.selectedText() == m_cycle.inserted) {
            const int count = int(m_cycle.matches.size());
            m_cycle.index = (m_cycle.index + (backwards ? count - 1 : 1)) % count;
            const QString decoration = m_cycle.prefix.startsWith(u'@') ? u"@"_s : QString();
            m_cycle.inserted = decoration + m_cycle.matches.at(m_cycle.index) + u' ';
            replaceWord(m_cycle.start, m_cycle.inserted);
            return true;
        }
    }
    m_cycle = {};
    if (backwards) {
        return false; // Shift+Tab outside a cycle moves the focus back
    }
    const Word word = wordBeforeCursor();
    const QStringList matches = tabCandidates();
    if (matches.isEmpty()) {
        return false; // nothing to complete: Tab moves the focus, as everywhere
    }
    const QString decoration = word.text.startsWith(u'@') ? u"@"_s : QString();
    m_cycle = {word.start, word.text, matches, 0, decoration + matches.constFirst() + u' '};
    replaceWord(word.start, m_cycle.inserted);
    return true;
}

void ComposeCompleter::updatePopup()
{
    if (m_editing) {
        return;
    }
    const Word word = wordBeforeCursor();
    if (word.text.startsWith(u'@')) {
        const QStringList names = namesMatching(word.text.mid(1)).mid(0, MaxSuggestions);
        QStringList replacements;
        for (const QString &name : names) {
            replacements.append(u'@' + name + u' ');
        }
        m_triggerStart = word.start;
        showPopup(Trigger::Name, names, replacements);
        return;
    }
    if (m_emoji && word.text.startsWith(u':') && word.text.size() > MinimumShortcodeLength
        && isShortcode(word.text.mid(1))) {
        QString query = word.text.mid(1);
        query.replace(u'_', u' ');
        QStringList labels;
        QStringList replacements;
        for (const Emoji *emoji : m_emoji->search(query, MaxSuggestions)) {
            labels.append(u":%1:  %2"_s.arg(emoji->shortcodes.constFirst(), emoji->name));
            replacements.append(emoji->text);
        }
        m_triggerStart = word.start;
        showPopup(Trigger::Emoji, labels, replacements);
        return;
    }
    hidePopup();
}

void ComposeCompleter::showPopup(
    Trigger trigger, const QStringList &labels, const QStringList &replacements)
{
    if (labels.isEmpty()) {
        hidePopup();
        return;
    }
    QWidget *window = m_edit->window();
    if (!m_popup) {
        m_popup = new QListWidget(window);
        m_popup->setFocusPolicy(Qt::NoFocus); // the box keeps the keyboard
        m_popup->setAccessibleName(tr("Suggestions"));
        m_popup->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        m_popup->setUniformItemSizes(true);
        connect(m_popup, &QListWidget::itemClicked, this,
            [this](QListWidgetItem *item) { acceptSuggestion(m_popup->row(item)); });
    }
    const bool sameList = trigger == m_trigger && suggestions() == labels;
    m_trigger = trigger;
    m_replacements = replacements;
    if (!sameList) {
        m_popup->clear();
        const int iconSize = m_edit->fontMetrics().height();
        m_popup->setIconSize(QSize(iconSize, iconSize));
        for (qsizetype row = 0; row < labels.size(); ++row) {
            auto *item = new QListWidgetItem(labels.at(row), m_popup);
            item->setSizeHint(QSize(0, std::max(iconSize, m_edit->fontMetrics().height()) + 6));
            if (trigger == Trigger::Emoji) {
                item->setIcon(EmojiText::icon(replacements.at(row), iconSize));
            }
        }
        m_popup->setCurrentRow(0);
    }

    // Above the word, inside the window.
    const int rowHeight = m_popup->sizeHintForRow(0);
    const int frame = 2 * m_popup->frameWidth();
    const int height = rowHeight * int(labels.size()) + frame;
    const int width = std::min(window->width() - 8,
        std::max(m_edit->fontMetrics().averageCharWidth() * 28,
            m_popup->sizeHintForColumn(0) + frame
                + m_popup->verticalScrollBar()->sizeHint().width()));
    // Above the box, starting where the word does.
    QTextCursor start = m_edit->textCursor();
    start.setPosition(m_triggerStart);
    const QPoint word = m_edit->viewport()->mapTo(window, m_edit->cursorRect(start).topLeft());
    const int boxTop = m_edit->mapTo(window, QPoint(0, 0)).y();
    const int x = std::clamp(word.x(), 4, std::max(4, window->width() - width - 4));
    const int y = std::max(4, boxTop - height - 2);
    m_popup->setGeometry(x, y, width, height);
    m_popup->raise();
    m_popup->show();
}

void ComposeCompleter::hidePopup()
{
    if (m_popup) {
        m_popup->hide();
    }
    m_trigger = Trigger::None;
}

void ComposeCompleter::acceptSuggestion(int row)
{
    if (row < 0 || row >= m_replacements.size() || m_triggerStart < 0) {
        hidePopup();
        return;
    }
    replaceWord(m_triggerStart, m_replacements.at(row));
    hidePopup();
}

void ComposeCompleter::replaceWord(int start, const QString &replacement)
{
    m_editing = true;
    QTextCursor cursor = m_edit->textCursor();
    const int end = cursor.position();
    cursor.setPosition(start);
    cursor.setPosition(end, QTextCursor::KeepAnchor);
    cursor.insertText(replacement);
    m_edit->setTextCursor(cursor);
    m_editing = false;
}

bool ComposeCompleter::replaceTypedShortcode(int colonPosition)
{
    if (!m_emoji || colonPosition < 1) {
        return false;
    }
    const Word word = wordBeforeCursor();
    // ":heart:" just typed: the word runs from its opening colon to the one typed.
    if (word.text.size() < 3 || !word.text.startsWith(u':') || !word.text.endsWith(u':')
        || word.start + word.text.size() - 1 != colonPosition) {
        return false;
    }
    const QString code = word.text.mid(1, word.text.size() - 2);
    if (!isShortcode(code)) {
        return false;
    }
    const Emoji *emoji = m_emoji->forShortcode(code);
    if (!emoji) {
        return false;
    }
    replaceWord(word.start, emoji->text);
    hidePopup();
    return true;
}

} // namespace hibiki
