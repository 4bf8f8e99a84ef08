#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Writes emoji.tsv, the emoji picker's list, from Unicode's emoji-test.txt.

Run once when moving to a newer Unicode release, and commit the result:

    python3 resources/emoji/make_emoji_list.py \
        /usr/share/unicode/emoji/emoji-test.txt > resources/emoji/emoji.tsv

emoji-test.txt comes with Debian's unicode-data package. Each line of the output is

    emoji <TAB> CLDR short name <TAB> group <TAB> extra shortcodes (space-separated)

for every fully-qualified emoji (so U+FE0F is kept where it belongs, as in ❤️) without the
skin-tone variants and the bare components: about 1,850 entries, in Unicode's order. The
app derives a `:shortcode:` from each name ("red heart" → red_heart) and adds the extra
ones, the short forms people type in other chat apps (:heart:, :+1:, :joy:...).
"""

import re
import sys

# Short forms people know from other chat apps, for the most used emoji. Keys are CLDR
# names as in emoji-test.txt.
ALIASES = {
    "red heart": "heart",
    "thumbs up": "+1 thumbsup like",
    "thumbs down": "-1 thumbsdown",
    "grinning face with smiling eyes": "smile",
    "grinning face": "grinning",
    "face with tears of joy": "joy",
    "rolling on the floor laughing": "rofl",
    "grinning squinting face": "laughing",
    "grinning face with sweat": "sweat_smile",
    "winking face": "wink",
    "smiling face with smiling eyes": "blush",
    "slightly smiling face": "slight_smile",
    "smiling face with heart-eyes": "heart_eyes",
    "thinking face": "thinking",
    "loudly crying face": "sob",
    "crying face": "cry",
    "face blowing a kiss": "kiss",
    "smiling face with sunglasses": "sunglasses",
    "party popper": "tada",
    "fire": "fire",
    "rocket": "rocket",
    "eyes": "eyes",
    "OK hand": "ok_hand",
    "clapping hands": "clap",
    "folded hands": "pray",
    "hundred points": "100",
    "sparkles": "sparkles",
    "star": "star",
    "check mark button": "white_check_mark",
    "cross mark": "x",
    "warning": "warning",
    "waving hand": "wave",
    "flexed biceps": "muscle",
    "hot beverage": "coffee",
    "beer mug": "beer",
    "pizza": "pizza",
    "birthday cake": "cake",
    "see-no-evil monkey": "see_no_evil",
    "pile of poo": "poop",
    "skull": "skull",
    "face with rolling eyes": "roll_eyes",
    "smiling face with halo": "innocent",
    "upside-down face": "upside_down",
    "raising hands": "raised_hands",
    "light bulb": "bulb",
    "cherry blossom": "sakura",
}

SKIN_TONES = re.compile(r"1F3F[B-F]")
LINE = re.compile(
    r"^(?P<codes>[0-9A-F ]+?)\s*; fully-qualified\s*# \S+ E\d+\.\d+ (?P<name>.+)$")


def main(path):
    group = ""
    seen_aliases = set()
    rows = []
    with open(path, encoding="utf-8") as source:
        for line in source:
            line = line.rstrip("\n")
            if line.startswith("# group: "):
                group = line[len("# group: "):]
                continue
            match = LINE.match(line)
            if not match or group == "Component" or SKIN_TONES.search(match["codes"]):
                continue
            emoji = "".join(chr(int(code, 16)) for code in match["codes"].split())
            name = match["name"]
            aliases = ALIASES.get(name, "")
            if aliases:
                seen_aliases.add(name)
            rows.append(f"{emoji}\t{name}\t{group}\t{aliases}")
    missing = set(ALIASES) - seen_aliases
    if missing:
        sys.exit(f"aliases for names not in {path}: {sorted(missing)}")
    sys.stdout.write("".join(row + "\n" for row in rows))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode/emoji/emoji-test.txt")
