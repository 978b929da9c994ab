#!/usr/bin/env bash
# The project's own tools, no root needed: the pinned Python packages in .venv,
# the briefing package (editable) and the npm tools in node_modules. The Debian
# packages are scripts/setup-system.sh (make setup-system). Safe to run again:
# each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

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
