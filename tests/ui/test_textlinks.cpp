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

// The text of each link as written, in order.
QStringList written(const QString &text)
{
    QStringList result;
    for (const hibiki::TextLink &link : findLinks(text)) {
        result.append(text.mid(link.start, link.length));
    }
    return result;
}

TEST(TextLinks, StopAtWhiteSpaceAndLineBreaksOfEveryKind)
{
    // A link at the end of a line does not take the next line's first word, whichever
    // line break the text has (the message view lays lines out with U+2028).
    for (const QString &lineBreak : {u"\n"_s, u"\r\n"_s, u"\u2028"_s, u"\u2029"_s, u"\u0085"_s}) {
        const QString text = u"look https://a.example/x"_s + lineBreak + u"next line"_s;
        EXPECT_EQ(written(text), QStringList {u"https://a.example/x"_s})
            << text.toUtf8().toHex().toStdString();
    }
    EXPECT_EQ(written(u"https://a.example/x\tand"_s), QStringList {u"https://a.example/x"_s});
    EXPECT_EQ(written(u"https://a.example/x\u00A0and"_s), QStringList {u"https://a.example/x"_s});
    EXPECT_EQ(written(u"https://a.example/x\u3000と"_s), QStringList {u"https://a.example/x"_s});
    EXPECT_EQ(written(u"two: https://a.example/1\nhttps://b.example/2"_s),
        (QStringList {u"https://a.example/1"_s, u"https://b.example/2"_s}));
}

TEST(TextLinks, HandleTrailingPunctuationAndBracketsLikeChatClients)
{
    EXPECT_EQ(written(u"(see https://x.org/a_(b))"_s), QStringList {u"https://x.org/a_(b)"_s});
    EXPECT_EQ(written(u"https://x.org."_s), QStringList {u"https://x.org"_s});
    EXPECT_EQ(written(u"[https://x.org/a]"_s), QStringList {u"https://x.org/a"_s});
    EXPECT_EQ(
        written(u"\"https://x.org/q?a=1&b=2\","_s), QStringList {u"https://x.org/q?a=1&b=2"_s});
    EXPECT_EQ(written(u"is it https://x.org/faq?!"_s), QStringList {u"https://x.org/faq"_s});
    EXPECT_EQ(written(u"'https://x.org/it's'"_s), QStringList {u"https://x.org/it's"_s});
    EXPECT_EQ(written(u"https://x.org/path...."_s), QStringList {u"https://x.org/path"_s});
    EXPECT_EQ(written(u"<https://x.org/in-angles>"_s), QStringList {u"https://x.org/in-angles"_s});
    EXPECT_EQ(written(u"`https://x.org/code`"_s), QStringList {u"https://x.org/code"_s});
    // CJK punctuation follows an address without a space.
    EXPECT_EQ(
        written(u"詳細はhttps://example.jp/a。次に"_s), QStringList {u"https://example.jp/a"_s});
    EXPECT_EQ(written(u"「https://example.jp/b」と"_s), QStringList {u"https://example.jp/b"_s});
    EXPECT_EQ(written(u"（https://example.jp/c）"_s), QStringList {u"https://example.jp/c"_s});
    // Balanced brackets inside stay.
    EXPECT_EQ(written(u"https://x.org/w/A_(b)_c"_s), QStringList {u"https://x.org/w/A_(b)_c"_s});
}

TEST(TextLinks, OnlyWebAddressesAreLinks)
{
    EXPECT_EQ(
        findLinks(u"HTTPS://EXAMPLE.COM/Path"_s).value(0).url, QUrl(u"https://example.com/Path"_s));
    EXPECT_TRUE(urls(u"file:///etc/passwd"_s).isEmpty());
    EXPECT_TRUE(urls(u"data:text/html,hi"_s).isEmpty());
    EXPECT_TRUE(urls(u"mailto:someone@example.com"_s).isEmpty());
    EXPECT_TRUE(urls(u"xhttps://example.com"_s).isEmpty());
    EXPECT_TRUE(urls(u"https:///nohost"_s).isEmpty());
    const QList<hibiki::TextLink> links = findLinks(u"a https://x.org b"_s);
    ASSERT_EQ(links.size(), 1);
    EXPECT_EQ(links[0].start, 2);
    EXPECT_EQ(links[0].length, 13);
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
