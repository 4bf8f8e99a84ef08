// SPDX-License-Identifier: MIT
#include "searchbar.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QStyle>
#include <QToolButton>

namespace hibiki {

SearchBar::SearchBar(QWidget *parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_status(new QLabel(this))
{
    m_edit->setPlaceholderText(tr("Search this room"));
    m_edit->setAccessibleName(tr("Search this room"));
    m_edit->setClearButtonEnabled(true);
    m_status->setTextFormat(Qt::PlainText);
    m_edit->installEventFilter(this);

    auto *previous = new QToolButton(this);
    previous->setArrowType(Qt::UpArrow);
    previous->setToolTip(tr("Previous match (Enter)"));
    previous->setAccessibleName(tr("Previous match"));
    auto *next = new QToolButton(this);
    next->setArrowType(Qt::DownArrow);
    next->setToolTip(tr("Next match (Shift+Enter)"));
    next->setAccessibleName(tr("Next match"));
    auto *close = new QToolButton(this);
    close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    close->setAutoRaise(true);
    close->setToolTip(tr("Close search (Esc)"));
    close->setAccessibleName(tr("Close search"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_status);
    layout->addWidget(previous);
    layout->addWidget(next);
    layout->addWidget(close);

    connect(m_edit, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_status->clear();
        Q_EMIT searchChanged(text);
    });
    // Enter searches upwards first: in a chat what one looks for is usually above.
    connect(m_edit, &QLineEdit::returnPressed, this, [this] { Q_EMIT findPrevious(text()); });
    connect(previous, &QToolButton::clicked, this, [this] { Q_EMIT findPrevious(text()); });
    connect(next, &QToolButton::clicked, this, [this] { Q_EMIT findNext(text()); });
    connect(close, &QToolButton::clicked, this, [this] {
        hide();
        Q_EMIT closed();
    });
}

QString SearchBar::text() const
{
    return m_edit->text();
}

void SearchBar::setFound(bool found)
{
    m_status->setText(found || text().isEmpty() ? QString() : tr("Not found"));
}

void SearchBar::activate()
{
    show();
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
}

bool SearchBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape) {
            hide();
            Q_EMIT closed();
            return true;
        }
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && (key->modifiers() & Qt::ShiftModifier)) {
            Q_EMIT findNext(text());
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace hibiki
