// SPDX-License-Identifier: MIT
#include "composeedit.h"

#include "composecompleter.h"
#include "emojicatalog.h"
#include "emojitext.h"

#include <QAbstractTextDocumentLayout>
#include <QKeyEvent>
#include <QTextBlock>

#include <cmath>

namespace hibiki {

ComposeEdit::ComposeEdit(QWidget *parent)
    : QPlainTextEdit(parent)
    , m_completer(new ComposeCompleter(this, &EmojiCatalog::instance()))
{
    setTabChangesFocus(true);
    setLineWrapMode(WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(tr("Message"));
    setAccessibleDescription(tr("Enter sends, Shift+Enter starts a new line, Up recalls your "
                                "last message. Tab or @ completes a name, : an emoji."));
    new EmojiHighlighter(document());
    // Any change of the laid-out text (typing, wrapping, an emoji's taller line) may change
    // the height it needs.
    connect(document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
        &ComposeEdit::updateHeight);
    connect(document(), &QTextDocument::contentsChanged, this, &ComposeEdit::updateHeight);
    updateHeight();
}

void ComposeEdit::setNameSource(std::function<QStringList()> names)
{
    m_completer->setNameSource(std::move(names));
}

void ComposeEdit::insertAtCursor(const QString &text)
{
    insertPlainText(text);
    setFocus();
}

bool ComposeEdit::event(QEvent *event)
{
    // Tab reaches QWidget::event's focus handling before keyPressEvent: completion gets it
    // first and leaves it to move the focus when there is nothing to complete.
    if (event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Tab || key->key() == Qt::Key_Backtab)
            && m_completer->handleKey(key)) {
            key->accept();
            return true;
        }
    }
    if (event->type() == QEvent::ShortcutOverride && m_completer->isPopupVisible()) {
        // Esc closes the suggestions, not whatever Esc means around the box.
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape) {
            key->accept();
            return true;
        }
    }
    return QPlainTextEdit::event(event);
}

void ComposeEdit::changeEvent(QEvent *event)
{
    QPlainTextEdit::changeEvent(event);
    // A new font (Settings → font size) or style changes the height of a line and of the
    // frame, but not the document's size, which QPlainTextEdit counts in lines: nothing
    // else would tell the box to resize.
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange) {
        updateHeight();
    }
}

void ComposeEdit::keyPressEvent(QKeyEvent *event)
{
    if (m_completer->handleKey(event)) {
        event->accept();
        return;
    }
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    const Qt::KeyboardModifiers modifiers = event->modifiers() & ~Qt::KeypadModifier;
    if (enter && modifiers == Qt::NoModifier) {
        const QString message = toPlainText();
        if (!message.trimmed().isEmpty()) {
            Q_EMIT submitted(message);
        }
        event->accept();
        return;
    }
    if (enter && modifiers == Qt::ShiftModifier) {
        // A real line end (not the U+2028 QPlainTextEdit would insert), so that the text
        // sent is what the user sees.
        insertPlainText(QStringLiteral("\n"));
        event->accept();
        return;
    }
    if (event->key() == Qt::Key_Up && modifiers == Qt::NoModifier && document()->isEmpty()
        && !m_lastSent.isEmpty()) {
        setPlainText(m_lastSent);
        moveCursor(QTextCursor::End);
        event->accept();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
    m_completer->afterKey(event);
}

void ComposeEdit::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    updateHeight();
}

int ComposeEdit::textHeight(int maxLines) const
{
    qreal height = 0;
    int lines = 0;
    for (QTextBlock block = document()->begin(); block.isValid() && lines < maxLines;
         block = block.next()) {
        blockBoundingRect(block); // lays the block out if it is not yet
        const QTextLayout *layout = block.layout();
        for (int i = 0; i < layout->lineCount() && lines < maxLines; ++i, ++lines) {
            height += layout->lineAt(i).height();
        }
    }
    if (lines == 0) {
        height = fontMetrics().height();
    }
    return int(std::ceil(height));
}

int ComposeEdit::frameHeight() const
{
    // QPlainTextEdit shows its scroll bar unless the viewport is taller than the text, its
    // document margin above and below, and one pixel.
    const QMargins margins = contentsMargins();
    return int(std::ceil(2 * document()->documentMargin())) + 1 + margins.top() + margins.bottom();
}

void ComposeEdit::updateHeight()
{
    const int height = textHeight(MaximumVisibleLines) + frameHeight();
    if (height != this->height()) {
        setFixedHeight(height);
        updateGeometry();
    }
}

QSize ComposeEdit::sizeHint() const
{
    return QSize(QPlainTextEdit::sizeHint().width(), textHeight(1) + frameHeight());
}

QSize ComposeEdit::minimumSizeHint() const
{
    return QSize(80, fontMetrics().height() + frameHeight());
}

} // namespace hibiki
