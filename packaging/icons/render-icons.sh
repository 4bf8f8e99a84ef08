#!/bin/sh
# Renders the PNG sizes of the app icon from resources/icons/hibiki.svg (the one icon, also
# compiled into the app). Run it after changing the SVG and commit the PNGs: the build then
# needs no SVG renderer. Needs rsvg-convert (Debian package librsvg2-bin).
set -eu
cd "$(dirname "$0")"
svg=../../resources/icons/hibiki.svg
for size in 16 22 24 32 48 64 128 256 512; do
    mkdir -p "hicolor/${size}x${size}/apps"
    rsvg-convert --width "$size" --height "$size" "$svg" \
        --output "hicolor/${size}x${size}/apps/hibiki.png"
done
