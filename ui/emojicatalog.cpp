// SPDX-License-Identifier: MIT
#include "emojicatalog.h"

#include <QFile>
#include <QHash>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// The words a name and its shortcodes can be found by, lower case.
QStringList wordsOf(const Emoji &emoji)
{
    QString all = emoji.name.toLower();
    for (const QString &code : emoji.shortcodes) {
        all += u' ' + code;
    }
    QStringList words;
    QString word;
    for (const QChar c : std::as_const(all)) {
        // "+1" and "-1" are words of their own; other punctuation separates.
        if (c.isLetterOrNumber() || ((c == u'+' || c == u'-') && word.isEmpty())) {
            word += c;
        } else if (!word.isEmpty()) {
            words.append(std::exchange(word, {}));
        }
    }
    if (!word.isEmpty()) {
        words.append(word);
    }
    return words;
}

} // namespace

const EmojiCatalog &EmojiCatalog::instance()
{
    static const EmojiCatalog catalog = [] {
        QFile file(u":/emoji/emoji.tsv"_s);
        if (!file.open(QIODevice::ReadOnly)) {
            qWarning("The emoji list is missing from the resources: no emoji picker.");
            return EmojiCatalog();
        }
        return fromTsv(file.readAll());
    }();
    return catalog;
}

EmojiCatalog EmojiCatalog::fromTsv(const QByteArray &tsv)
{
    EmojiCatalog catalog;
    for (const QByteArray &line : tsv.split('\n')) {
        const QList<QByteArray> fields = line.split('\t');
        if (fields.size() < 3 || fields.at(0).isEmpty() || fields.at(1).isEmpty()) {
            continue;
        }
        Emoji emoji;
        emoji.text = QString::fromUtf8(fields.at(0));
        emoji.name = QString::fromUtf8(fields.at(1));
        emoji.group = QString::fromUtf8(fields.at(2));
        emoji.shortcodes.append(shortcodeOf(emoji.name));
        if (fields.size() > 3) {
            for (const QString &alias :
                QString::fromUtf8(fields.at(3)).split(u' ', Qt::SkipEmptyParts)) {
                emoji.shortcodes.prepend(alias);
            }
        }
        catalog.m_words.append(wordsOf(emoji));
        catalog.m_emoji.append(std::move(emoji));
    }
    return catalog;
}

QStringList EmojiCatalog::groups() const
{
    QStringList groups;
    for (const Emoji &emoji : m_emoji) {
        if (!groups.contains(emoji.group)) {
            groups.append(emoji.group);
        }
    }
    return groups;
}

QList<const Emoji *> EmojiCatalog::search(const QString &query, qsizetype limit) const
{
    const QStringList wanted = query.toLower().split(u' ', Qt::SkipEmptyParts);
    // A shortcode that starts with the whole query first, the shortest of them first
    // (":hea" is heart before heart_eyes); then the others in the list's order.
    QList<std::pair<qsizetype, const Emoji *>> first;
    QList<const Emoji *> rest;
    const QString whole = query.trimmed().toLower();
    for (qsizetype i = 0; i < m_emoji.size(); ++i) {
        const Emoji &emoji = m_emoji.at(i);
        if (wanted.isEmpty()) {
            rest.append(&emoji);
            continue;
        }
        const QStringList &words = m_words.at(i);
        const bool matches = std::all_of(wanted.cbegin(), wanted.cend(), [&](const QString &part) {
            return std::any_of(words.cbegin(), words.cend(),
                [&](const QString &word) { return word.startsWith(part); });
        });
        if (!matches) {
            continue;
        }
        qsizetype shortest = -1;
        for (const QString &code : emoji.shortcodes) {
            if (code.startsWith(whole) && (shortest < 0 || code.size() < shortest)) {
                shortest = code.size();
            }
        }
        if (shortest >= 0) {
            first.append({shortest, &emoji});
        } else {
            rest.append(&emoji);
        }
    }
    std::stable_sort(
        first.begin(), first.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QList<const Emoji *> result;
    result.reserve(first.size() + rest.size());
    for (const auto &[length, emoji] : std::as_const(first)) {
        result.append(emoji);
    }
    result += rest;
    if (limit >= 0 && result.size() > limit) {
        result.resize(limit);
    }
    return result;
}

const Emoji *EmojiCatalog::forShortcode(const QString &code) const
{
    const QString wanted = code.toLower();
    for (const Emoji &emoji : m_emoji) {
        if (emoji.shortcodes.contains(wanted)) {
            return &emoji;
        }
    }
    return nullptr;
}

QString EmojiCatalog::shortcodeOf(const QString &name)
{
    QString code;
    for (const QChar c : name.toLower()) {
        if (c.isLetterOrNumber()) {
            code += c;
        } else if (!code.isEmpty() && !code.endsWith(u'_')) {
            code += u'_';
        }
    }
    while (code.endsWith(u'_')) {
        code.chop(1);
    }
    return code;
}

} // namespace hibiki
