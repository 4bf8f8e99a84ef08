// SPDX-License-Identifier: MIT
#pragma once

#include <QLabel>

namespace hibiki {

// A one-line plain-text label that never widens its window: text that does not fit ends
// in "…", and then the whole text is its tooltip (and its accessible description). For
// the status bar, whose messages can be long, and longer in translation.
class ElidedLabel : public QLabel
{
    Q_OBJECT

public:
    explicit ElidedLabel(QWidget *parent = nullptr);

    void setFullText(const QString &text);
    // Shown as the tooltip, after the whole text when that is cut.
    void setHint(const QString &hint);
    QString fullText() const { return m_fullText; }
    bool isElided() const { return text() != m_fullText; }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void elide();

    QString m_fullText;
    QString m_hint;
};

} // namespace hibiki
