// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QWidget>

namespace hibiki {

// The room list of a narrow window: a panel over the left of the content when opened (the
// rest dimmed), closed by a click beside it or Esc (and by the window when a room is
// chosen). It lies exactly over `covered`, a sibling; the window decides when the list
// lives here and when in the side panel of the splitter.
class RoomDrawer : public QWidget
{
    Q_OBJECT

public:
    explicit RoomDrawer(QWidget *covered);

    // Puts `panel` into the drawer (it becomes the drawer's child) or gives it back.
    void setPanel(QWidget *panel);
    QWidget *takePanel();
    QWidget *panel() const { return m_panel; }

    void open();
    void close();
    bool isOpen() const { return isVisible(); }
    // The panel's width for a window this wide: most of a phone-sized window, at most a
    // comfortable list.
    static int panelWidth(int windowWidth);

Q_SIGNALS:
    void openChanged(bool open);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void place();

    QWidget *m_covered;
    QPointer<QWidget> m_panel;
};

} // namespace hibiki
