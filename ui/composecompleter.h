// SPDX-License-Identifier: MIT
#pragma once

#include <QListWidget>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>

class QKeyEvent;
class QPlainTextEdit;

namespace hibiki {

class EmojiCatalog;

// Completion in the compose box:
// - Tab completes the name being typed ("ali" → "alice "), repeated Tab cycles through the
//   names that match, Shift+Tab goes back. With nothing to complete, Tab is left to move
//   the focus as before.
// - `@` opens a list of names under the cursor, narrowed as the name is typed.
// - `:` and two letters open a list of emoji by shortcode or name (":hea" → ❤️); a whole
//   `:shortcode:` typed with its closing colon becomes its emoji at once.
// The list is a child of the window, never takes the focus: the box keeps the keyboard and
// hands the list its keys (Up, Down, Enter, Tab, Esc) while it is open.
class ComposeCompleter : public QObject
{
    Q_OBJECT

public:
    static constexpr int MaxSuggestions = 8;

    ComposeCompleter(QPlainTextEdit *edit, const EmojiCatalog *emoji);
    ~ComposeCompleter() override;

    // Where the names come from, the most likely first (members, recent authors).
    void setNameSource(std::function<QStringList()> names) { m_names = std::move(names); }

    // A key for the box, before the box itself: true when completion used it.
    bool handleKey(QKeyEvent *event);
    // The same key after the box took it: a typed closing colon may end a shortcode.
    void afterKey(QKeyEvent *event);

    bool isPopupVisible() const;
    QListWidget *popup() const { return m_popup; }
    // What the list offers, as shown.
    QStringList suggestions() const;

    // What Tab would do at the cursor (for tests and the accessible description): the
    // names matching the word before the cursor, empty when Tab would move the focus.
    QStringList tabCandidates() const;

private:
    enum class Trigger { None, Name, Emoji };
    struct Word
    {
        int start = 0; // position of the word's first character (the @ or : included)
        QString text; // from start to the cursor
    };

    Word wordBeforeCursor() const;
    QStringList namesMatching(const QString &prefix) const;
    bool completeWithTab(bool backwards);
    void updatePopup();
    void showPopup(Trigger trigger, const QStringList &labels, const QStringList &replacements);
    void hidePopup();
    void acceptSuggestion(int row);
    void replaceWord(int start, const QString &replacement);
    bool replaceTypedShortcode(int colonPosition);

    QPlainTextEdit *m_edit;
    const EmojiCatalog *m_emoji;
    std::function<QStringList()> m_names;
    QPointer<QListWidget> m_popup; // a child of the box's window, made when first needed
    Trigger m_trigger = Trigger::None;
    QStringList m_replacements; // per row of the list: what replaces the word
    int m_triggerStart = -1;

    // Tab cycling: where the completed word starts, what was typed, the matches and which
    // one is shown. Valid while the text after `start` is the one inserted.
    struct Cycle
    {
        int start = -1;
        QString prefix; // as typed, "@" included
        QStringList matches;
        int index = 0;
        QString inserted;
    };
    Cycle m_cycle;
    bool m_editing = false; // our own edit: not the user typing
};

} // namespace hibiki
