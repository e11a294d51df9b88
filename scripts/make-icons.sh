#!/usr/bin/env bash
# Regenerates resources/icon.png, resources/icons/*.png and resources/icon.ico (needs ImageMagick:
# `apt-get install -y imagemagick`). A simple mark: a screen with a yellow dot, on the app's blue.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p resources/icons
convert -size 512x512 xc:none -fill '#0b5cad' -draw "roundrectangle 16,16 496,496 96,96" \
  -fill white -draw "roundrectangle 116,150 396,330 24,24" -fill '#0b5cad' -draw "rectangle 146,180 366,300" \
  -fill white -draw "rectangle 226,330 286,380" -draw "roundrectangle 156,380 356,410 12,12" \
  -fill '#f2c200' -draw "circle 256,240 256,200" PNG32:resources/icon.png
for s in 16 32 48 64 128 256 512; do convert resources/icon.png -resize "${s}x${s}" "PNG32:resources/icons/${s}x${s}.png"; done
convert resources/icon.png -define icon:auto-resize=256,128,64,48,32,16 resources/icon.ico
