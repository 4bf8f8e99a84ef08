// SPDX-License-Identifier: MIT
#pragma once

#include <core/historystore.h>

#include <QDialog>
#include <QStringList>
#include <QTimer>

class QLabel;
class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace hibiki {

class HistorySearch;
class MainWindow;
class Rooms;

// Ctrl+Shift+F: searches the stored history of every open room and lists what it finds,
// grouped by room: author, time and a few words around the term, which is highlighted.
// Choosing a result (Enter, double-click) shows its room, brings the message into view
// and leaves the room's own search bar on the term, counting its matches there.
//
// Rooms are searched one after the other, each in slices (HistorySearch), so a room of a
// million messages never blocks the window for long. A room lists at most
// MaxMatchesPerRoom results, its newest, and says when there were more.
class GlobalSearchDialog : public QDialog
{
    Q_OBJECT

public:
    static constexpr int MaxMatchesPerRoom = 500;
    // What a result shows of its message around the term, at most.
    static constexpr int SnippetChars = 120;

    // `rooms` must outlive the dialog.
    explicit GlobalSearchDialog(Rooms *rooms, QWidget *parent = nullptr);
    ~GlobalSearchDialog() override;

    // The window's dialog (made on first use), shown and focused; a chosen result selects
    // its room in `window` and shows the message there.
    static GlobalSearchDialog *showFor(MainWindow *window);

    // Searches every room for `term` now (typing starts it after a pause).
    void search(const QString &term);
    QString term() const { return m_term; }
    bool isSearching() const;
    QLineEdit *lineEdit() const { return m_edit; }
    QTreeWidget *resultList() const { return m_results; }
    // "Searching Team…", "12 matches in 3 rooms", "No matches in 2 rooms".
    QString statusText() const;

    // The room and message key of a result item; empty id for a room's heading.
    static QString roomIdOf(const QTreeWidgetItem *item);
    static qint64 keyOf(const QTreeWidgetItem *item);

    // A line about a hit: the excerpt around the first match of `term`, at most `maxChars`
    // long, on one line, with "…" where the text goes on.
    static QString snippet(
        const HistoryStore::SearchHit &hit, const QString &term, int maxChars = SnippetChars);

Q_SIGNALS:
    // The user chose this message (HistoryStore::SearchHit::key) in this room.
    void messageChosen(const QString &roomId, qint64 key, const QString &term);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void startSearch();
    void searchNextRoom();
    // From the event loop, so that each turn stays short.
    void searchNextRoomLater();
    void onProgressed();
    void forgetRoom(const QString &id);
    void addHits(qsizetype from);
    void updateHeading(QTreeWidgetItem *heading) const;
    void updateStatus();
    void choose(QTreeWidgetItem *item);
    QTreeWidgetItem *headingFor(const QString &id) const;

    Rooms *m_rooms;
    QLineEdit *m_edit = nullptr;
    QLabel *m_status = nullptr;
    QTreeWidget *m_results = nullptr;
    HistorySearch *m_search = nullptr; // child
    QTimer m_typingPause;
    QString m_term;
    QStringList m_queue; // rooms still to search
    QString m_roomId; // the room being searched
    qsizetype m_shownHits = 0; // of the room being searched
    int m_roomsSearched = 0;
};

} // namespace hibiki
