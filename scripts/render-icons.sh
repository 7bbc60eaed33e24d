#!/usr/bin/env bash
# Renders the studio's icon (packaging/icons/hicolor/scalable/apps/ppstudio.svg) to the PNG
# sizes desktops use, beside it in the hicolor layout. Run after changing the SVG and commit
# the PNGs (the package and the window take them as they are; tests/package.rs checks their
# sizes). Needs rsvg-convert: `sudo apt-get install -y librsvg2-bin`.
set -euo pipefail
cd "$(dirname "$0")/.."
icons=packaging/icons/hicolor
command -v rsvg-convert >/dev/null || {
    echo "error: rsvg-convert is missing: sudo apt-get install -y librsvg2-bin" >&2
    exit 2
}
for size in 16 22 24 32 48 64 128 256 512; do
    mkdir -p "$icons/${size}x${size}/apps"
    rsvg-convert --width "$size" --height "$size" --output "$icons/${size}x${size}/apps/ppstudio.png" \
        "$icons/scalable/apps/ppstudio.svg"
    echo "$icons/${size}x${size}/apps/ppstudio.png"
done
