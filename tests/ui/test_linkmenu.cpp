// SPDX-License-Identifier: MIT
// The context menu of a message's links, from the keyboard (the Menu key, Shift+F10, on
// the selected row) and from the mouse (on a link): Open Link and Copy Link Address, a
// submenu each when the row has several addresses.
#include <ui/chatview.h>
#include <ui/messagedelegate.h>
#include <ui/messagemodel.h>

#include <core/historystore.h>

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QMenu>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <gtest/gtest.h>

#include <functional>

using namespace Qt::StringLiterals;
using hibiki::ChatView;
using hibiki::MessageModel;

namespace {

// What a context menu offered: its actions' texts, "Submenu/Action" inside submenus.
struct MenuSeen
{
    bool shown = false;
    QStringList actions;
};

// Runs `open`, and when a menu pops up, notes its actions and triggers the one named
// `choose` (empty: none) before closing it.
MenuSeen seeMenu(const std::function<void()> &open, const QString &choose = {})
{
    MenuSeen seen;
    QTimer::singleShot(0, qApp, [&] {
        auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
        if (!menu) {
            return;
        }
        seen.shown = true;
        QAction *chosen = nullptr;
        for (QAction *action : menu->actions()) {
            if (action->isSeparator()) {
                continue;
            }
            seen.actions.append(action->text());
            if (action->text() == choose) {
                chosen = action;
            }
            if (action->menu()) {
                for (QAction *inner : action->menu()->actions()) {
                    const QString path = action->text() + u'/' + inner->text();
                    seen.actions.append(path);
                    if (path == choose) {
                        chosen = inner;
                    }
                }
            }
        }
        if (chosen) {
            chosen->trigger();
        }
        menu->close();
    });
    open();
    QCoreApplication::processEvents(); // the check runs even when no menu showed
    return seen;
}

class LinkMenuTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_store.open(u":memory:"_s));
        hibiki::ChatMessages messages;
        for (const QString &text : {u"see https://a.example/one\nnext line"_s,
                 u"two: https://b.example/x and https://c.example/y&z, and https://b.example/x"_s,
                 u"no links at all"_s}) {
            hibiki::ChatMessage message;
            message.author = u"bob"_s;
            message.text = text;
            message.timestamp = QDateTime::currentDateTimeUtc();
            messages.append(message);
        }
        m_store.append(messages, {});
        m_model.setHistory(&m_store);
        m_view.setMessageModel(&m_model);
        m_view.resize(640, 480);
        m_view.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&m_view));
        ASSERT_EQ(m_model.rowCount(), 3);
        m_view.setFocus();
    }

    void select(int row)
    {
        m_view.setCurrentIndex(m_view.model()->index(row, 0));
        ASSERT_TRUE(m_view.selectionModel()->isSelected(m_view.model()->index(row, 0)));
    }

    // What the platform delivers for the Menu key.
    void pressMenuKey()
    {
        QContextMenuEvent event(QContextMenuEvent::Keyboard, QPoint(2, 2),
            m_view.mapToGlobal(QPoint(2, 2)), Qt::NoModifier);
        QApplication::sendEvent(&m_view, &event);
    }

    hibiki::HistoryStore m_store;
    MessageModel m_model;
    ChatView m_view;
};

TEST_F(LinkMenuTest, ShiftF10OnTheSelectedRowOffersItsLink)
{
    select(0);
    QApplication::clipboard()->clear();
    MenuSeen seen = seeMenu(
        [&] { QTest::keyClick(&m_view, Qt::Key_F10, Qt::ShiftModifier); }, u"Copy &Link Address"_s);
    ASSERT_TRUE(seen.shown);
    EXPECT_EQ(seen.actions.mid(0, 2), (QStringList {u"&Open Link"_s, u"Copy &Link Address"_s}));
    EXPECT_TRUE(seen.actions.contains(u"&Copy Text"_s));
    // The address ends with the line: "next" is not part of it.
    EXPECT_EQ(QApplication::clipboard()->text(), u"https://a.example/one"_s);

    QSignalSpy opened(&m_view, &ChatView::linkActivated);
    seen = seeMenu(
        [&] { QTest::keyClick(&m_view, Qt::Key_F10, Qt::ShiftModifier); }, u"&Open Link"_s);
    ASSERT_EQ(opened.size(), 1);
    EXPECT_EQ(opened.at(0).at(0).toUrl(), QUrl(u"https://a.example/one"_s));
}

TEST_F(LinkMenuTest, TheMenuKeyOffersASubmenuForSeveralLinks)
{
    select(1);
    const MenuSeen seen
        = seeMenu([&] { pressMenuKey(); }, u"Copy &Link Address/https://c.example/y&&z"_s);
    ASSERT_TRUE(seen.shown);
    // Each address once, in order, "&" shown as itself.
    EXPECT_EQ(seen.actions.mid(0, 6),
        (QStringList {u"&Open Link"_s, u"&Open Link/https://b.example/x"_s,
            u"&Open Link/https://c.example/y&&z"_s, u"Copy &Link Address"_s,
            u"Copy &Link Address/https://b.example/x"_s,
            u"Copy &Link Address/https://c.example/y&&z"_s}));
    EXPECT_EQ(QApplication::clipboard()->text(), u"https://c.example/y&z"_s);

    QSignalSpy opened(&m_view, &ChatView::linkActivated);
    seeMenu([&] { pressMenuKey(); }, u"&Open Link/https://b.example/x"_s);
    ASSERT_EQ(opened.size(), 1);
    EXPECT_EQ(opened.at(0).at(0).toUrl(), QUrl(u"https://b.example/x"_s));
}

TEST_F(LinkMenuTest, ARowWithoutLinksOffersNoLinkActions)
{
    select(2);
    const MenuSeen seen = seeMenu([&] { pressMenuKey(); });
    ASSERT_TRUE(seen.shown);
    EXPECT_FALSE(seen.actions.contains(u"&Open Link"_s));
    EXPECT_FALSE(seen.actions.contains(u"Copy &Link Address"_s));
    EXPECT_TRUE(seen.actions.contains(u"&Copy Text"_s));
}

// Where `url` is in the row, in viewport coordinates; (-1, -1) when nowhere.
QPoint linkPoint(const ChatView &view, const QModelIndex &row, const QUrl &url)
{
    const QStyleOptionViewItem option = view.itemOption(row);
    for (int y = option.rect.top(); y <= option.rect.bottom(); y += 2) {
        for (int x = 0; x < option.rect.width(); x += 2) {
            if (view.messageDelegate()->linkAt(option, row, QPoint(x, y)) == url) {
                return QPoint(x, y);
            }
        }
    }
    return QPoint(-1, -1);
}

TEST_F(LinkMenuTest, TheMouseOnALinkOffersThatLink)
{
    const QModelIndex row = m_view.model()->index(1, 0);
    const QPoint onLink = linkPoint(m_view, row, QUrl(u"https://c.example/y&z"_s));
    ASSERT_GE(onLink.x(), 0);
    QApplication::clipboard()->clear();
    const MenuSeen seen = seeMenu(
        [&] {
            QContextMenuEvent event(QContextMenuEvent::Mouse, onLink,
                m_view.viewport()->mapToGlobal(onLink), Qt::NoModifier);
            QApplication::sendEvent(m_view.viewport(), &event);
        },
        u"Copy &Link Address"_s);
    ASSERT_TRUE(seen.shown);
    EXPECT_EQ(seen.actions.mid(0, 2), (QStringList {u"&Open Link"_s, u"Copy &Link Address"_s}));
    EXPECT_EQ(QApplication::clipboard()->text(), u"https://c.example/y&z"_s);
}

// A click on a link opens it and leaves the selection, the current row and the view alone.
TEST_F(LinkMenuTest, ClickingALinkOpensItWithoutSelectingOrMovingTheRow)
{
    select(2);
    const int scrolled = m_view.verticalScrollBar()->value();
    const QModelIndex row = m_view.model()->index(0, 0);
    const QPoint onLink = linkPoint(m_view, row, QUrl(u"https://a.example/one"_s));
    ASSERT_GE(onLink.x(), 0);
    QSignalSpy opened(&m_view, &ChatView::linkActivated);
    QTest::mouseClick(m_view.viewport(), Qt::LeftButton, {}, onLink);
    ASSERT_EQ(opened.size(), 1);
    EXPECT_EQ(opened.at(0).at(0).toUrl(), QUrl(u"https://a.example/one"_s));
    EXPECT_EQ(m_view.currentIndex().row(), 2);
    EXPECT_FALSE(m_view.selectionModel()->isSelected(row));
    EXPECT_EQ(m_view.selectionModel()->selectedRows().size(), 1);
    EXPECT_EQ(m_view.verticalScrollBar()->value(), scrolled);

    // Pressed on the link and released elsewhere: nothing opens, nothing is selected.
    QTest::mousePress(m_view.viewport(), Qt::LeftButton, {}, onLink);
    QTest::mouseRelease(m_view.viewport(), Qt::LeftButton, {},
        m_view.visualRect(m_view.model()->index(2, 0)).center());
    EXPECT_EQ(opened.size(), 1);
    EXPECT_FALSE(m_view.selectionModel()->isSelected(row));

    // Elsewhere in the row, a click selects it as before.
    QTest::mouseClick(m_view.viewport(), Qt::LeftButton, {},
        QPoint(m_view.viewport()->width() - 4, m_view.visualRect(row).center().y()));
    EXPECT_TRUE(m_view.selectionModel()->isSelected(row));
    EXPECT_EQ(opened.size(), 1);
}

} // namespace
