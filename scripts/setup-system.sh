#!/usr/bin/env bash
# The system packages Weft needs, from Debian/Ubuntu's apt: ffmpeg to run it; with --test also
# Chromium (end-to-end tests), fonts and espeak-ng (test videos that speak). Uses sudo when not root;
# does nothing when everything is there already.
set -euo pipefail
packages=(ffmpeg)
if [ "${1:-}" = "--test" ]; then packages+=(chromium fonts-dejavu-core espeak-ng); fi

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "system packages: all there (${packages[*]})"
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then as_root=(sudo); else
    echo "weft: installing ${missing[*]} needs root (run as root, or install sudo)" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update
"${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
