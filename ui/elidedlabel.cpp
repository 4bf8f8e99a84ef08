// SPDX-License-Identifier: MIT
#include "elidedlabel.h"

#include <QEvent>

namespace hibiki {

ElidedLabel::ElidedLabel(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
    // Its whole width when there is room, down to a few characters when there is not.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
}

void ElidedLabel::setFullText(const QString &text)
{
    // One line: a line break would be drawn as nothing and hide what follows.
    m_fullText = QString(text).replace(u'\n', u' ');
    elide();
    updateGeometry();
}

void ElidedLabel::setHint(const QString &hint)
{
    m_hint = hint;
    elide();
}

QSize ElidedLabel::minimumSizeHint() const
{
    return {fontMetrics().horizontalAdvance(u'…') * 4, QLabel::minimumSizeHint().height()};
}

QSize ElidedLabel::sizeHint() const
{
    const QMargins margins = contentsMargins();
    return {fontMetrics().horizontalAdvance(m_fullText) + margins.left() + margins.right() + 2,
        QLabel::sizeHint().height()};
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    elide();
}

void ElidedLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        elide();
    }
}

void ElidedLabel::elide()
{
    const int width = contentsRect().width();
    const QString shown = fontMetrics().elidedText(m_fullText, Qt::ElideRight, width);
    if (shown != text()) {
        setText(shown);
    }
    const bool elided = shown != m_fullText;
    QStringList tip;
    if (elided) {
        tip.append(m_fullText);
    }
    if (!m_hint.isEmpty()) {
        tip.append(m_hint);
    }
    setToolTip(tip.join(u'\n'));
    setAccessibleDescription(m_fullText);
}

} // namespace hibiki
