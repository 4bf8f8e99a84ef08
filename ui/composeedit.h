// SPDX-License-Identifier: MIT
#pragma once

#include <QPlainTextEdit>

namespace hibiki {

// The box a message is written in. Enter sends, Shift+Enter starts a new line, Up in an
// empty box brings back the last message sent. It grows with its text up to a few lines.
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

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    // Enter was pressed on a text that is not only blanks.
    void submitted(const QString &text);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    int heightForLines(int lines) const;
    void updateHeight();

    QString m_lastSent;
};

} // namespace hibiki
