// SPDX-License-Identifier: MIT
#include "authorcolor.h"

namespace hibiki {

int authorHue(const QString &author)
{
    // FNV-1a over the UTF-16 code units: qHash() is seeded per process, so it would give
    // everyone a new colour on each start.
    quint32 hash = 2166136261u;
    for (const QChar c : author) {
        hash ^= c.unicode();
        hash *= 16777619u;
    }
    return int(hash % 360u);
}

QColor authorColor(const QString &author, const QColor &background)
{
    const int hue = authorHue(author);
    const bool darkBackground = background.lightnessF() < 0.5;
    // Yellow and cyan look much lighter than blue at one HSL lightness: darken them on light
    // backgrounds so every name stays legible.
    const bool brightHue = (hue >= 40 && hue <= 200);
    if (darkBackground) {
        return QColor::fromHsl(hue, 170, brightHue ? 150 : 170);
    }
    return QColor::fromHsl(hue, 200, brightHue ? 75 : 95);
}

} // namespace hibiki
