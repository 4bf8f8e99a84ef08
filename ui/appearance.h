// SPDX-License-Identifier: MIT
#pragma once

#include <shell/preferences.h>

#include <QPalette>

namespace hibiki {

// The app's look as the settings ask for it, applied to the whole application at once and
// live: the theme (the platform's own style and palette, or Fusion with a light or a dark
// palette) and the font size. The platform's look is remembered the first time, so that
// "System" brings it back.
class Appearance
{
public:
    static void apply(Preferences::Theme theme, int fontPointSize);
    // The palette a theme uses (System: the platform's).
    static QPalette palette(Preferences::Theme theme);
    // The platform's font size in points.
    static int systemFontPointSize();
};

} // namespace hibiki
