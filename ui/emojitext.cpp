// SPDX-License-Identifier: MIT
#include "emojitext.h"

#include <QFontDatabase>
#include <QGuiApplication>
#include <QPainter>
#include <QPixmap>

#include <unicode/uchar.h>

using namespace Qt::StringLiterals;

namespace hibiki::EmojiText {

namespace {

constexpr char32_t VariationEmoji = 0xFE0F;
constexpr char32_t VariationText = 0xFE0E;
constexpr char32_t KeycapMark = 0x20E3;
constexpr char32_t ZeroWidthJoiner = 0x200D;

bool has(char32_t c, UProperty property)
{
    return u_hasBinaryProperty(UChar32(c), property);
}

bool isTag(char32_t c)
{
    return c >= 0xE0020 && c <= 0xE007F;
}

// Reads code points of a UTF-16 text, with their positions.
class CodePoints
{
public:
    explicit CodePoints(QStringView text)
        : m_text(text)
    { }

    bool atEnd(qsizetype at) const { return at >= m_text.size(); }
    char32_t at(qsizetype position) const
    {
        if (atEnd(position)) {
            return 0;
        }
        const QChar c = m_text.at(position);
        if (c.isHighSurrogate() && position + 1 < m_text.size()
            && m_text.at(position + 1).isLowSurrogate()) {
            return QChar::surrogateToUcs4(c, m_text.at(position + 1));
        }
        return c.unicode();
    }
    qsizetype next(qsizetype position) const { return position + (at(position) > 0xFFFF ? 2 : 1); }

private:
    QStringView m_text;
};

// Past the modifiers that belong to the emoji before `position`: U+FE0F, a keycap mark,
// a skin tone, tags.
qsizetype skipModifiers(const CodePoints &text, qsizetype position)
{
    while (!text.atEnd(position)) {
        const char32_t c = text.at(position);
        if (c != VariationEmoji && c != KeycapMark && !isTag(c) && !has(c, UCHAR_EMOJI_MODIFIER)) {
            break;
        }
        position = text.next(position);
    }
    return position;
}

} // namespace

QList<Range> ranges(QStringView text)
{
    QList<Range> result;
    const CodePoints points(text);
    qsizetype position = 0;
    while (!points.atEnd(position)) {
        const char32_t c = points.at(position);
        const qsizetype after = points.next(position);
        const char32_t following = points.at(after);
        if (c < 0xA9 && following != VariationEmoji) {
            position = after; // plain ASCII, the common case, without asking ICU
            continue;
        }
        const bool emoji = following != VariationText
            && (has(c, UCHAR_EMOJI_PRESENTATION)
                || (has(c, UCHAR_EMOJI) && following == VariationEmoji)
                || (has(c, UCHAR_EMOJI_MODIFIER_BASE) && has(following, UCHAR_EMOJI_MODIFIER)));
        if (!emoji) {
            position = after;
            continue;
        }
        qsizetype end = skipModifiers(points, after);
        if (has(c, UCHAR_REGIONAL_INDICATOR) && has(points.at(end), UCHAR_REGIONAL_INDICATOR)) {
            end = points.next(end); // a flag is a pair
        }
        // Joined sequences (👩‍💻, ❤️‍🔥) are one picture.
        while (points.at(end) == ZeroWidthJoiner
            && has(points.at(points.next(end)), UCHAR_EXTENDED_PICTOGRAPHIC)) {
            end = skipModifiers(points, points.next(points.next(end)));
        }
        result.append({position, end - position});
        position = end;
    }
    return result;
}

QString colorFontFamily()
{
    static const QString family = [] {
        const QStringList families = QFontDatabase::families();
        for (const QString &preferred : {u"Noto Color Emoji"_s, u"Twemoji"_s, u"JoyPixels"_s}) {
            if (families.contains(preferred)) {
                return preferred;
            }
        }
        for (const QString &candidate : families) {
            if (candidate.contains("Color Emoji"_L1, Qt::CaseInsensitive)) {
                return candidate;
            }
        }
        return QString();
    }();
    return family;
}

QList<QTextLayout::FormatRange> formats(QStringView text)
{
    QList<QTextLayout::FormatRange> result;
    const QString family = colorFontFamily();
    if (family.isEmpty()) {
        return result;
    }
    for (const Range &range : ranges(text)) {
        QTextLayout::FormatRange format;
        format.start = int(range.start);
        format.length = int(range.length);
        format.format.setFontFamilies({family});
        result.append(format);
    }
    return result;
}

QString forColourFont(const QString &emoji)
{
    QString drawn = emoji;
    drawn.remove(QChar(char16_t(VariationEmoji)));
    return drawn;
}

QIcon icon(const QString &emoji, int size)
{
    const qreal ratio = qApp ? qApp->devicePixelRatio() : 1.0;
    QPixmap pixmap(QSize(size, size) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QFont font;
    if (const QString family = colorFontFamily(); !family.isEmpty()) {
        font.setFamilies({family});
    }
    font.setPixelSize(std::max(1, size * 4 / 5));
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.setFont(font);
    painter.drawText(QRect(0, 0, size, size), Qt::AlignCenter, forColourFont(emoji));
    painter.end();
    return QIcon(pixmap);
}

} // namespace hibiki::EmojiText

namespace hibiki {

EmojiHighlighter::EmojiHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{ }

void EmojiHighlighter::highlightBlock(const QString &text)
{
    for (const QTextLayout::FormatRange &range : EmojiText::formats(text)) {
        setFormat(range.start, range.length, range.format);
    }
}

} // namespace hibiki
