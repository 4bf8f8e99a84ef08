// SPDX-License-Identifier: MIT
#include "messagetextdialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextCursor>
#include <QTextDocument>
#include <QVBoxLayout>

namespace hibiki {

MessageTextDialog::MessageTextDialog(const QString &title, const QString &text, QWidget *parent)
    : QDialog(parent)
    , m_text(text)
    , m_view(new QPlainTextEdit(this))
    , m_status(new QLabel(this))
{
    setWindowTitle(title);
    setSizeGripEnabled(true);
    m_view->setReadOnly(true);
    m_view->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_view->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_view->setWordWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    m_view->document()->setUndoRedoEnabled(false);
    m_view->setAccessibleName(tr("Message text"));
    m_status->setTextFormat(Qt::PlainText);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *copy = buttons->addButton(tr("&Copy Message"), QDialogButtonBox::ActionRole);
    copy->setAutoDefault(false);
    connect(copy, &QPushButton::clicked, this, &MessageTextDialog::copyText);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(720, 560);

    m_slices.setInterval(0);
    connect(&m_slices, &QTimer::timeout, this, &MessageTextDialog::loadSlice);
    loadSlice();
    if (!isLoaded()) {
        m_slices.start();
    }
    updateStatus();
}

MessageTextDialog::~MessageTextDialog() = default;

void MessageTextDialog::copyText()
{
    QApplication::clipboard()->setText(m_text);
}

void MessageTextDialog::loadSlice()
{
    // Slices until the time for this turn of the event loop is used up: the view repaints
    // between turns, so fewer, fuller turns load faster, and none stalls the window.
    QElapsedTimer turn;
    turn.start();
    do {
        appendSlice();
    } while (!isLoaded() && turn.elapsed() < TurnMs);
    updateStatus();
    if (isLoaded()) {
        m_slices.stop();
        Q_EMIT loaded();
    }
}

void MessageTextDialog::appendSlice()
{
    const qsizetype end = qMin(m_text.size(), m_loaded + SliceChars);
    QString slice;
    slice.reserve(end - m_loaded + (end - m_loaded) / DisplayLineChars + 1);
    for (qsizetype i = m_loaded; i < end; ++i) {
        const QChar c = m_text.at(i);
        // Line ends of any kind become one; CR LF is one, even across slices.
        if (c == u'\n' && m_afterCarriageReturn) {
            m_afterCarriageReturn = false;
            continue;
        }
        m_afterCarriageReturn = c == u'\r';
        if (c == u'\n' || c == u'\r') {
            slice.append(u'\n');
            m_column = 0;
            continue;
        }
        if (m_column >= DisplayLineChars && !c.isLowSurrogate()) {
            slice.append(u'\n');
            m_column = 0;
        }
        slice.append(c);
        ++m_column;
    }
    m_loaded = end;
    // Appended at the end without moving the view: what the user reads stays put.
    QTextCursor cursor(m_view->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(slice);
}

void MessageTextDialog::updateStatus()
{
    const QString size = QLocale().toString(m_text.size());
    m_status->setText(isLoaded() ? tr("%1 characters").arg(size)
                                 : tr("%1 characters, loading… %2 %")
                                       .arg(size)
                                       .arg(m_loaded * 100 / qMax<qsizetype>(1, m_text.size())));
}

} // namespace hibiki
