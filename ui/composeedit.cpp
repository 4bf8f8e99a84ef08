// SPDX-License-Identifier: MIT
#include "composeedit.h"

#include <QAbstractTextDocumentLayout>
#include <QKeyEvent>
#include <QTextBlock>

namespace hibiki {

ComposeEdit::ComposeEdit(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setTabChangesFocus(true);
    setLineWrapMode(WidgetWidth);
    setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(tr("Message"));
    setAccessibleDescription(tr("Enter sends, Shift+Enter starts a new line, Up recalls your "
                                "last message."));
    connect(document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
        &ComposeEdit::updateHeight);
    updateHeight();
}

void ComposeEdit::keyPressEvent(QKeyEvent *event)
{
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
}

int ComposeEdit::heightForLines(int lines) const
{
    const QMargins margins = contentsMargins();
    const int documentMargin = int(2 * document()->documentMargin());
    return lines * fontMetrics().lineSpacing() + documentMargin + margins.top() + margins.bottom()
        + 2;
}

void ComposeEdit::updateHeight()
{
    // QPlainTextEdit's document size is counted in (wrapped) lines.
    const int lines = qBound(
        1, int(document()->documentLayout()->documentSize().height()), MaximumVisibleLines);
    const int height = heightForLines(lines);
    if (height != this->height()) {
        setFixedHeight(height);
        updateGeometry();
    }
}

QSize ComposeEdit::sizeHint() const
{
    return QSize(QPlainTextEdit::sizeHint().width(), heightForLines(1));
}

QSize ComposeEdit::minimumSizeHint() const
{
    return QSize(80, heightForLines(1));
}

} // namespace hibiki
