// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;

namespace hibiki {

// Ctrl+F in a room: a line to type in, previous / next, and a word when nothing matches.
class SearchBar : public QWidget
{
    Q_OBJECT

public:
    explicit SearchBar(QWidget *parent = nullptr);

    QString text() const;
    QLineEdit *lineEdit() const { return m_edit; }
    void setFound(bool found);
    void activate(); // show, focus and select the text

Q_SIGNALS:
    void searchChanged(const QString &text);
    void findNext(const QString &text);
    void findPrevious(const QString &text);
    void closed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QLineEdit *m_edit = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace hibiki
