// SPDX-License-Identifier: MIT
#include "textlinks.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

// What ends an address wherever it comes: white space of any kind (a line break, which the
// message view turns into U+2028, a no-break or an ideographic space), characters that a
// written address never holds unescaped, and the punctuation of CJK text, which follows
// an address without a space ("https://example.jp/を見て。").
bool endsAddress(QChar c)
{
    if (c.isSpace() || c.category() == QChar::Other_Control) {
        return true;
    }
    switch (c.unicode()) {
    case u'<':
    case u'>':
    case u'"':
    case u'`':
    case 0x3001: // 、
    case 0x3002: // 。
    case 0x300C: // 「
    case 0x300D: // 」
    case 0x300E: // 『
    case 0x300F: // 』
    case 0x3010: // 【
    case 0x3011: // 】
    case 0xFF01: // ！
    case 0xFF08: // （
    case 0xFF09: // ）
    case 0xFF0C: // ，
    case 0xFF1F: // ？
        return true;
    default:
        return false;
    }
}

// Punctuation that ends a sentence or a quote more often than an address.
bool isTrailingPunctuation(QChar c)
{
    return u".,;:!?'\"*…"_s.contains(c);
}

// A closing bracket at the end is the sentence's unless the address opened it, as in
// https://en.wikipedia.org/wiki/Tokyo_(disambiguation) or "(see https://x.org/a_(b))".
bool isUnbalancedClose(QStringView candidate)
{
    const QChar last = candidate.back();
    const QChar open = last == u')' ? u'(' : last == u']' ? u'[' : last == u'}' ? u'{' : QChar();
    if (open.isNull()) {
        return false;
    }
    return candidate.count(open) < candidate.count(last);
}

} // namespace

QList<TextLink> findLinks(const QString &text)
{
    // Where an address starts: http://, https:// or www., not inside a word, an e-mail
    // address or a longer host name.
    static const QRegularExpression start(
        u"(?<![\\w@.])(?:https?://|www\\.)"_s, QRegularExpression::CaseInsensitiveOption);
    QList<TextLink> links;
    if (!text.contains(u"http"_s, Qt::CaseInsensitive)
        && !text.contains(u"www."_s, Qt::CaseInsensitive)) {
        return links; // the common case, without running the expression
    }
    qsizetype from = 0;
    while (from < text.size()) {
        const QRegularExpressionMatch match = start.match(text, from);
        if (!match.hasMatch()) {
            break;
        }
        const qsizetype begin = match.capturedStart();
        qsizetype end = match.capturedEnd();
        while (end < text.size() && !endsAddress(text.at(end))) {
            ++end;
        }
        from = end;
        QStringView candidate = QStringView(text).mid(begin, end - begin);
        while (!candidate.isEmpty()
            && (isTrailingPunctuation(candidate.back()) || isUnbalancedClose(candidate))) {
            candidate.chop(1);
        }
        QString address = candidate.toString();
        if (address.startsWith(u"www."_s, Qt::CaseInsensitive)) {
            address.prepend(u"http://"_s);
        }
        const QUrl url(address, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty()
            || (url.scheme() != u"http"_s && url.scheme() != u"https"_s)) {
            continue;
        }
        links.append({begin, candidate.size(), url});
    }
    return links;
}

} // namespace hibiki
