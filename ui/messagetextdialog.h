// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QTimer>

class QLabel;
class QPlainTextEdit;

namespace hibiki {

// One message, whole, in a read-only plain-text view of its own: for messages too long to
// show in their row (up to the stream's 16 MiB limit).
//
// The text goes into the view a few slices at a time from the event loop, so that the
// window never stalls while a huge message is loaded, and lines longer than DisplayLineChars are
// broken for display (QPlainTextEdit lays out whole lines: one of 16 MiB would take seconds
// to lay out). "Copy" copies the message exactly as received.
class MessageTextDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int SliceChars = 64 * 1024;
    static constexpr int DisplayLineChars = 2000;
    // Slices go in for at most about this long per turn of the event loop.
    static constexpr int TurnMs = 8;

    MessageTextDialog(const QString &title, const QString &text, QWidget *parent = nullptr);
    ~MessageTextDialog() override;

    QString text() const { return m_text; }
    QPlainTextEdit *textView() const { return m_view; }
    // Whether the whole text is in the view.
    bool isLoaded() const { return m_loaded >= m_text.size(); }

public Q_SLOTS:
    void copyText();

Q_SIGNALS:
    void loaded();

private:
    void loadSlice();
    void appendSlice();
    void updateStatus();

    QString m_text;
    qsizetype m_loaded = 0; // characters of m_text in the view
    int m_column = 0; // characters since the last line break in the view
    bool m_afterCarriageReturn = false;
    QPlainTextEdit *m_view = nullptr; // child
    QLabel *m_status = nullptr; // child
    QTimer m_slices;
};

} // namespace hibiki
