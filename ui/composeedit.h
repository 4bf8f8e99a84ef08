// SPDX-License-Identifier: MIT
#pragma once

#include <QPlainTextEdit>

#include <functional>

namespace hibiki {

class ComposeCompleter;

// The box a message is written in. Enter sends, Shift+Enter starts a new line, Up in an
// empty box brings back the last message sent. Its height is that of its text as laid out
// (Japanese and emoji come from fallback fonts with taller lines), from one line up to
// MaximumVisibleLines; beyond that it scrolls. Emoji are drawn in colour. Names and emoji
// are completed (ComposeCompleter): Tab and `@` for names, `:` for emoji.
// An input method's composition (Japanese, Chinese...) is committed by Enter as usual:
// only an Enter that reaches the box outside a composition sends.
class ComposeEdit : public QPlainTextEdit
{
    Q_OBJECT

public:
    static constexpr int MaximumVisibleLines = 8;

    explicit ComposeEdit(QWidget *parent = nullptr);

    QString text() const { return toPlainText(); }
    // What Up recalls.
    void setLastSent(const QString &text) { m_lastSent = text; }
    QString lastSent() const { return m_lastSent; }
    // The names Tab and `@` complete, the most likely first.
    void setNameSource(std::function<QStringList()> names);
    ComposeCompleter *completer() const { return m_completer; }
    // Inserts at the cursor (an emoji from the picker, a name from the member list).
    void insertAtCursor(const QString &text);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // Enter was pressed on a text that is not only blanks.
    void submitted(const QString &text);

protected:
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    // Height of the first `maxLines` lines of the text as laid out, in pixels.
    int textHeight(int maxLines) const;
    int frameHeight() const;
    void updateHeight();

    QString m_lastSent;
    ComposeCompleter *m_completer = nullptr; // child
};

} // namespace hibiki
