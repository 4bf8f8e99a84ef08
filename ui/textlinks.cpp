// SPDX-License-Identifier: MIT
#include "textlinks.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace hibiki {

namespace {

bool isTrailingPunctuation(QChar c)
{
    return u".,;:!?'\""_s.contains(c);
}

// Drops a closing bracket at the end unless the address opened it, as in
// https://en.wikipedia.org/wiki/Tokyo_(disambiguation).
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
    static const QRegularExpression pattern(
        u"(?<![\\w@.])(?:https?://|www\\.)[^\\s<>\"\\x{00A0}\\x{3000}]+"_s,
        QRegularExpression::CaseInsensitiveOption);
    QList<TextLink> links;
    if (!text.contains(u"http"_s, Qt::CaseInsensitive)
        && !text.contains(u"www."_s, Qt::CaseInsensitive)) {
        return links; // the common case, without running the expression
    }
    QRegularExpressionMatchIterator it = pattern.globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        QStringView candidate
            = QStringView(text).mid(match.capturedStart(), match.capturedLength());
        while (!candidate.isEmpty()
            && (isTrailingPunctuation(candidate.back()) || isUnbalancedClose(candidate))) {
            candidate.chop(1);
        }
        QString address = candidate.toString();
        if (address.startsWith(u"www."_s, Qt::CaseInsensitive)) {
            address.prepend(u"http://"_s);
        }
        const QUrl url(address, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty()) {
            continue;
        }
        links.append({match.capturedStart(), candidate.size(), url});
    }
    return links;
}

} // namespace hibiki
