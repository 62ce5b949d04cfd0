#!/usr/bin/env bash
# The Thai TrueType font sharing-request draws its PDF agreements with (Loma, Debian's
# fonts-tlwg-loma-ttf; PDFsharp needs TrueType outlines, not the CFF .otf of fonts-tlwg-loma-otf).
# Idempotent: does nothing when the font is there. Called by dev/install-infra.sh and dev/test.
set -euo pipefail

font=/usr/share/fonts/truetype/tlwg/Loma.ttf
if [[ -f "$font" ]]; then
  exit 0
fi
echo "[fonts] installing fonts-tlwg-loma-ttf (Thai font for PDF agreements)"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq --no-install-recommends fonts-tlwg-loma-ttf >/dev/null; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends fonts-tlwg-loma-ttf >/dev/null
fi
[[ -f "$font" ]] || { echo "[fonts] fonts-tlwg-loma-ttf installed but $font is missing" >&2; exit 1; }
