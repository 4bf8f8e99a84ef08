// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QFuture>
#include <QTimer>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace hibiki {

// One message, whole, in a read-only plain-text view of its own: for messages too long to
// show in their row (up to the stream's 16 MiB limit; the view shows up to MaxShownChars of
// it, and says so when there is more).
//
// The text goes into the view a slice at a time from the event loop, for no longer than
// TurnMs per turn, so that the window never stalls while a huge message is loaded, and lines
// longer than DisplayLineChars are broken for display (QPlainTextEdit lays out whole lines:
// one of 16 MiB would take seconds to lay out). "Copy" copies the message exactly as
// received.
//
// A message whose whole text is still being read (from the room's file, in a worker
// thread) opens with the start it has, says so, and goes on when waitForWholeText()'s
// future delivers the rest; Copy waits for it too.
class MessageTextDialog : public QDialog
{
    Q_OBJECT

public:
    // Small enough that appending one slice (and the relayout it causes) takes a few
    // milliseconds, well within TurnMs; large enough that the fixed cost of an append
    // (about a millisecond with 16 MiB in the view) does not make filling slow.
    static constexpr int SliceChars = 16 * 1024;
    static constexpr int DisplayLineChars = 2000;
    // Slices go in while less than this has passed in a turn of the event loop.
    static constexpr int TurnMs = 8;
    // The view holds no more than this much of a text (Copy Message copies all of it): past
    // it, QTextDocument grows its storage by copying it whole, one stall of 50–75 ms at
    // 8 Mi characters (and 25–45 ms at 4 Mi) that no slicing avoids.
    static constexpr qsizetype MaxShownChars = 2 * 1024 * 1024;

    // `text` is the whole message, or its start when waitForWholeText() follows.
    MessageTextDialog(const QString &title, const QString &text, QWidget *parent = nullptr);
    ~MessageTextDialog() override;

    // Shows `whole` once it is ready, in place of the start given to the constructor (it
    // must begin with that start; otherwise the view starts over). Nothing happens if the
    // dialog is gone by then.
    void waitForWholeText(const QFuture<QString> &whole);
    // Whether the dialog waits for the rest of the text.
    bool isWaitingForText() const { return m_waiting; }

    QString text() const { return m_text; }
    QPlainTextEdit *textView() const { return m_view; }
    // Whether all of the text that is shown (all of it, or its first MaxShownChars) is in
    // the view.
    bool isLoaded() const { return !m_waiting && allInView(); }
    // How much of the text the view shows once loaded: all of it, or its first
    // MaxShownChars (never half a surrogate pair).
    qsizetype shownSize() const;

public Q_SLOTS:
    void copyText();

Q_SIGNALS:
    void loaded();

private:
    void setWholeText(const QString &whole);
    bool allInView() const { return m_loaded >= shownSize(); }
    void loadSlice();
    void appendSlice();
    void updateStatus();

    QString m_text;
    qsizetype m_loaded = 0; // characters of m_text in the view
    int m_column = 0; // characters since the last line break in the view
    bool m_afterCarriageReturn = false;
    bool m_waiting = false;
    qint64 m_lastSliceNs = 0; // what appending the last slice took
    QPlainTextEdit *m_view = nullptr; // child
    QLabel *m_status = nullptr; // child
    QPushButton *m_copy = nullptr; // child
    QTimer m_slices;
};

} // namespace hibiki
