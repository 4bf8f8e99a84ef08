// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QToolButton;

namespace hibiki {

class ChatView;
class HistorySearch;
class HistoryStore;

// Ctrl+F in a room: searches the room's whole stored history (not only the rows loaded in
// the view) as the user types, counts the matches ("3 of 12", "No matches") and steps
// through them, each one brought into view and selected with the term highlighted.
//
// Matches are numbered from the newest. Enter, F3 and the up arrow go to the next older
// match, Shift+Enter, Shift+F3 and the down arrow to the next newer one; the first step
// starts from what the view shows. At either end the bar says "No more matches" instead
// of wrapping around silently; pressing again wraps, and says so.
class SearchBar : public QWidget
{
    Q_OBJECT

public:
    // Matches a room search counts at most (the newest ones).
    static constexpr int MaxMatches = 10000;

    explicit SearchBar(QWidget *parent = nullptr);
    ~SearchBar() override;

    // The room searched: `store` is its history (not owned: it must outlive the bar or be
    // replaced first), shown by `view`.
    void setRoom(ChatView *view, const HistoryStore *store);

    QString text() const;
    QLineEdit *lineEdit() const { return m_edit; }
    // "3 of 12", "12 matches", "No matches", "4 matches so far…"; empty without a term.
    QString counterText() const;
    // "No more matches", "Wrapped to the first match"…; empty when there is nothing to say.
    QString noticeText() const;
    int matchCount() const;
    int currentMatch() const; // 1 is the newest; 0: none yet
    bool isSearching() const; // the history is still being searched
    void activate(); // show, focus and select the text

    // Shows the match with this key (HistoryStore::SearchHit::key) of `term`, as found by
    // a search of all rooms, and counts the others.
    void showMatch(const QString &term, qint64 key);

public Q_SLOTS:
    void findOlder();
    void findNewer();

Q_SIGNALS:
    void searchChanged(const QString &text);
    void closed();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    enum class Direction { None, Older, Newer };

    void startSearch();
    void step(Direction direction);
    void jumpTo(int index);
    void onProgressed();
    void updateCounter();
    void setNotice(const QString &text);
    void close();
    // The key of the newest (Older) or oldest (Newer) row the view shows; the first step
    // goes from there. -1 when the view follows the newest message.
    qint64 viewAnchorKey(Direction direction) const;
    int indexOfKey(qint64 key) const; // in the hits, newest first; -1 when none

    QLineEdit *m_edit = nullptr;
    QLabel *m_counter = nullptr;
    QLabel *m_notice = nullptr;
    QToolButton *m_older = nullptr;
    QToolButton *m_newer = nullptr;
    HistorySearch *m_search = nullptr; // child
    QTimer m_typingPause; // starts the search once the user pauses
    QPointer<ChatView> m_view;
    const HistoryStore *m_store = nullptr;
    qint64 m_currentKey = -1;
    Direction m_atEnd = Direction::None; // "No more matches" was said going this way
    Direction m_pending = Direction::None; // a step waiting for the search to get there
};

} // namespace hibiki
