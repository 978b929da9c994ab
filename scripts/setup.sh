#!/usr/bin/env bash
# Install everything the project needs on a fresh Debian machine (run as root):
# Debian packages (Chromium, Korean fonts, poppler, Java), the pinned Python
# packages in .venv, and the npm tools in node_modules. Safe to run again:
# each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(chromium fonts-noto-cjk poppler-utils default-jre-headless git)
missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
if ! cmp -s requirements.txt .venv/.requirements.installed; then
  echo "setup: installing Python packages from requirements.txt"
  .venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
  cp requirements.txt .venv/.requirements.installed
fi
# The briefing itself, editable: registers the `briefing` command and MkDocs plugin
# (pyproject.toml); again when pyproject.toml changes or the clone moved.
installed_package="$(pwd)
$(cat pyproject.toml)"
if [ "$installed_package" != "$(cat .venv/.package.installed 2>/dev/null)" ]; then
  echo "setup: installing the briefing package (pip install -e .)"
  .venv/bin/pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e .
  printf '%s' "$installed_package" > .venv/.package.installed
fi

if [ -f package-lock.json ] && ! cmp -s package-lock.json node_modules/.package-lock.installed 2>/dev/null; then
  echo "setup: installing npm tools from package-lock.json"
  npm ci --silent --no-audit --no-fund >/dev/null
  cp package-lock.json node_modules/.package-lock.installed
fi
