// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QWidget>

class QLabel;
class QSplitter;
class QToolButton;

namespace hibiki {

class RoomDrawer;

// Where the room list lives. In a wide window the side panel sits beside the room in a
// splitter; in a narrow one it folds into a drawer over the room, opened by the ☰ button of
// a bar above it that also names the room. This is the window's central widget: the narrow
// bar over the splitter.
class RoomListPlacement : public QWidget
{
    Q_OBJECT

public:
    // Below this window width the room list folds into the drawer.
    static constexpr int NarrowWidth = 600;
    static constexpr int SidePanelWidth = 250;
    static constexpr int MinSidePanelWidth = 120;

    // `sidePanel` holds `list`; `content` is what the list selects for (the room pages).
    RoomListPlacement(QWidget *sidePanel, QWidget *list, QWidget *content, QWidget *parent);

    // Moves the room list between the splitter (wide) and the drawer (narrow).
    void setNarrow(bool narrow);
    bool isNarrow() const { return m_narrow; }
    // For a window this wide.
    void fitWidth(int windowWidth) { setNarrow(windowWidth < NarrowWidth); }
    // The room list, wherever it is: the drawer opened in a narrow window, the side panel
    // back at a usable width when it was dragged shut; the keyboard in the list.
    void showRoomList();
    void closeDrawer();
    // The narrow bar's words: the room's name, and the unread messages on the ☰ button.
    void setTitle(const QString &roomName, int unread);

    QSplitter *splitter() const { return m_splitter; }
    RoomDrawer *drawer() const { return m_drawer; }
    QToolButton *drawerButton() const { return m_drawerButton; }
    QLabel *narrowTitle() const { return m_narrowTitle; }

Q_SIGNALS:
    // The drawer closed while the keyboard was in it: the room should have it again.
    void drawerClosedWithFocus();

private:
    QWidget *buildNarrowBar();
    void onDrawerOpenChanged(bool open);

    QWidget *m_sidePanel;
    QWidget *m_list;
    QSplitter *m_splitter;
    RoomDrawer *m_drawer = nullptr;
    QWidget *m_narrowBar = nullptr;
    QToolButton *m_drawerButton = nullptr;
    QLabel *m_narrowTitle = nullptr;
    bool m_narrow = false;
    QList<int> m_wideSizes; // the splitter's, while the list is in the drawer
};

} // namespace hibiki
