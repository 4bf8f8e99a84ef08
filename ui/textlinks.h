// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QUrl>

namespace hibiki {

// A web address found in a message's plain text.
struct TextLink
{
    qsizetype start = 0; // in UTF-16 code units
    qsizetype length = 0;
    QUrl url;

    bool operator==(const TextLink &) const = default;
};

// The http(s) and www. addresses in `text`, in order; no other scheme is a link. An
// address ends at white space of any kind (a line break included), at < > " ` and at CJK
// punctuation. Trailing punctuation that usually ends a sentence rather than the address
// ("see https://a.example/x." ) is left out, as is a closing bracket without an opening
// one inside the address ("(see https://x.org/a_(b))" ends after "(b)").
QList<TextLink> findLinks(const QString &text);

} // namespace hibiki
