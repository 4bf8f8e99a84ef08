// SPDX-License-Identifier: MIT
#pragma once

#include <QIcon>
#include <QList>
#include <QString>
#include <QStringView>
#include <QSyntaxHighlighter>
#include <QTextLayout>

namespace hibiki {

// Colour emoji in Qt 6.4. Qt picks a font per character and knows nothing of emoji
// presentation: ❤️ (U+2764 U+FE0F) is drawn with the text font's black heart because that
// font has U+2764. So the places that draw text give the emoji sequences the colour emoji
// font explicitly: formats for a QTextLayout, a highlighter for a text box.
namespace EmojiText {

struct Range
{
    qsizetype start = 0;
    qsizetype length = 0;
    bool operator==(const Range &) const = default;
};

// The emoji presentation sequences in `text` (UTF-16 positions): characters shown as emoji
// by default, characters followed by U+FE0F, keycaps, flags, skin tones, tags and ZWJ
// sequences. U+FE0F stays inside its range; U+FE0E (text presentation) keeps a character
// out.
QList<Range> ranges(QStringView text);

// The installed colour emoji font family (Noto Color Emoji, or another "… Color Emoji"),
// empty when there is none: the text font is then used as before.
QString colorFontFamily();

// Formats that draw the emoji of `text` with the colour font (none without one).
QList<QTextLayout::FormatRange> formats(QStringView text);

// What to draw of an emoji sequence when the colour font is forced for all of it (the
// picker's grid, icons): without U+FE0F. Qt 6.4 gives U+FE0F, which the colour font lacks,
// to another font, which splits the sequence and breaks its ligature (❤️‍🔥 drawn as ❤
// 🔥). Never for text that is sent or stored.
QString forColourFont(const QString &emoji);

// The emoji drawn in colour in a square of `size` device-independent pixels, for lists
// whose delegate draws plain text.
QIcon icon(const QString &emoji, int size);

} // namespace EmojiText

// Gives the emoji of a text box (the compose box) the colour emoji font as they are typed.
class EmojiHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    explicit EmojiHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;
};

} // namespace hibiki
