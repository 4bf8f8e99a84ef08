// SPDX-License-Identifier: MIT
// Address detection in plain text, and stable author colours.
#include <ui/authorcolor.h>
#include <ui/textlinks.h>

#include <QSet>

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;
using hibiki::findLinks;

namespace {

QStringList urls(const QString &text)
{
    QStringList result;
    for (const hibiki::TextLink &link : findLinks(text)) {
        result.append(link.url.toString());
        // The range covers exactly the address as written.
        const QString written = text.mid(link.start, link.length);
        EXPECT_TRUE(link.url.toString().endsWith(written) || written.startsWith(u"www."_s))
            << written.toStdString();
    }
    return result;
}

TEST(TextLinks, FindsWebAddressesAndLeavesSentencePunctuationOut)
{
    EXPECT_EQ(urls(u"see https://example.com/a?b=c#d."_s),
        QStringList {u"https://example.com/a?b=c#d"_s});
    EXPECT_EQ(urls(u"(http://example.com/x), and www.example.org!"_s),
        (QStringList {u"http://example.com/x"_s, u"http://www.example.org"_s}));
    EXPECT_EQ(urls(u"https://en.wikipedia.org/wiki/Tokyo_(disambiguation)"_s),
        QStringList {u"https://en.wikipedia.org/wiki/Tokyo_(disambiguation)"_s});
    EXPECT_EQ(urls(u"http://127.0.0.1:8787/sse is the room"_s),
        QStringList {u"http://127.0.0.1:8787/sse"_s});
    EXPECT_EQ(urls(u"日本語のあとhttps://example.jp/パス。"_s).size(), 1);
}

TEST(TextLinks, IgnoresThingsThatAreNotAddresses)
{
    EXPECT_TRUE(urls(u"no links here"_s).isEmpty());
    EXPECT_TRUE(urls(u"javascript:alert(1)"_s).isEmpty());
    EXPECT_TRUE(urls(u"ftp://example.com"_s).isEmpty());
    EXPECT_TRUE(urls(u"mail me at someone@www.example.com"_s).isEmpty());
    EXPECT_TRUE(urls(u"http://"_s).isEmpty());
    EXPECT_EQ(urls(u"<a href=\"https://evil.example/\">x</a>"_s),
        QStringList {u"https://evil.example/"_s});
}

TEST(AuthorColor, IsStablePerNameAndReadableOnBothBackgrounds)
{
    // The hue is a fixed function of the name (not of a per-process hash seed).
    EXPECT_EQ(hibiki::authorHue(u"alice"_s), hibiki::authorHue(u"alice"_s));
    EXPECT_NE(hibiki::authorHue(u"alice"_s), hibiki::authorHue(u"bob"_s));
    int distinct = 0;
    QSet<int> hues;
    for (const QString &name :
        {u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s, u"erin"_s, u"frank"_s}) {
        hues.insert(hibiki::authorHue(name) / 30);
    }
    distinct = int(hues.size());
    EXPECT_GE(distinct, 4);

    const QColor onLight = hibiki::authorColor(u"alice"_s, Qt::white);
    const QColor onDark = hibiki::authorColor(u"alice"_s, QColor(30, 30, 30));
    EXPECT_EQ(onLight, hibiki::authorColor(u"alice"_s, Qt::white));
    EXPECT_LT(onLight.lightnessF(), 0.45);
    EXPECT_GT(onDark.lightnessF(), 0.55);
    EXPECT_EQ(onLight.hslHue(), onDark.hslHue());
}

} // namespace
