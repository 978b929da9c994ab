#!/usr/bin/env bash
# The Debian packages the build and the tests need: Chromium (browser tests),
# Korean fonts (pages and books), poppler (PDF text in tests), Java (the HTML
# validator), git. Installs only what is missing, so on a machine that has them
# it does nothing and needs no root; otherwise it must run as root (apt-get).
set -euo pipefail

DEBIAN_PACKAGES=(chromium fonts-noto-cjk poppler-utils default-jre-headless git)
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
((${#missing[@]})) || exit 0
if [ "$(id -u)" != 0 ]; then
  echo "setup-system: missing Debian packages: ${missing[*]}" >&2
  echo "setup-system: run 'make setup-system' as root (apt-get) once" >&2
  exit 1
fi
echo "setup-system: installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
