// SPDX-License-Identifier: MIT
#include "messagetextdialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QFutureWatcher>
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
    m_copy = buttons->addButton(tr("&Copy Message"), QDialogButtonBox::ActionRole);
    m_copy->setAutoDefault(false);
    connect(m_copy, &QPushButton::clicked, this, &MessageTextDialog::copyText);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(720, 560);

    m_slices.setInterval(0);
    connect(&m_slices, &QTimer::timeout, this, &MessageTextDialog::loadSlice);
    loadSlice();
    if (!allInView()) {
        m_slices.start();
    }
    updateStatus();
}

MessageTextDialog::~MessageTextDialog() = default;

void MessageTextDialog::waitForWholeText(const QFuture<QString> &whole)
{
    m_waiting = true;
    m_copy->setEnabled(false);
    updateStatus();
    // A watcher that is the dialog's child: it reports on the dialog's thread, and a dialog
    // closed (deleted) meanwhile takes it along, so nothing is reported to what is gone.
    // (QFuture::then() with a context object asserts that the object is still there.)
    auto *watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher] {
        watcher->deleteLater();
        const QFuture<QString> future = watcher->future();
        setWholeText(future.resultCount() > 0 ? future.result() : m_text);
    });
    watcher->setFuture(whole);
}

void MessageTextDialog::setWholeText(const QString &whole)
{
    m_waiting = false;
    m_copy->setEnabled(true);
    if (!whole.startsWith(QStringView(m_text).first(m_loaded))) {
        // Not the text the view began with: start over (cannot happen for a text read
        // from the row's own message, which begins with its start).
        m_view->clear();
        m_loaded = 0;
        m_column = 0;
        m_afterCarriageReturn = false;
    }
    m_text = whole;
    if (!allInView()) {
        m_slices.start();
    } else {
        Q_EMIT loaded();
    }
    updateStatus();
}

void MessageTextDialog::copyText()
{
    if (m_waiting) {
        return;
    }
    QApplication::clipboard()->setText(m_text);
}

void MessageTextDialog::loadSlice()
{
    // Slices until the time for this turn of the event loop is used up: the view repaints
    // between turns, so fewer, fuller turns load faster. No slice is begun that would, if
    // it cost what the last one did, end past TurnMs: the turn stays within its budget
    // rather than overshooting it by one slice.
    QElapsedTimer turn;
    turn.start();
    do {
        const qint64 before = turn.nsecsElapsed();
        appendSlice();
        m_lastSliceNs = turn.nsecsElapsed() - before;
    } while (!allInView() && turn.nsecsElapsed() + m_lastSliceNs < TurnMs * 1000000LL);
    updateStatus();
    if (allInView()) {
        m_slices.stop();
        if (!m_waiting) {
            Q_EMIT loaded();
        }
    }
}

qsizetype MessageTextDialog::shownSize() const
{
    if (m_text.size() <= MaxShownChars) {
        return m_text.size();
    }
    return m_text.at(MaxShownChars - 1).isHighSurrogate() ? MaxShownChars - 1 : MaxShownChars;
}

void MessageTextDialog::appendSlice()
{
    const qsizetype end = qMin(shownSize(), m_loaded + SliceChars);
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
    if (m_waiting) {
        m_status->setText(tr("Reading the whole message…"));
        return;
    }
    const QLocale locale;
    const QString size = locale.toString(m_text.size());
    if (!isLoaded()) {
        m_status->setText(tr("%1 characters, loading… %2 %")
                              .arg(size)
                              .arg(m_loaded * 100 / qMax<qsizetype>(1, shownSize())));
    } else if (shownSize() < m_text.size()) {
        m_status->setText(tr("%1 characters; the first %2 are shown here, Copy Message copies "
                             "all of them.")
                              .arg(size, locale.toString(shownSize())));
    } else {
        m_status->setText(tr("%1 characters").arg(size));
    }
}

} // namespace hibiki
