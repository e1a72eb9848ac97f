#!/usr/bin/env bash
# Create .venv with Python 3.10 and install the project with all its pins in ONE resolution.
# Re-installs only when pyproject.toml changed (stamp file holds its hash).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=.venv/.wegwijs-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
py=$(bash scripts/find_python.sh)
echo "==> Setting up .venv with $py (this takes a few minutes the first time)"
[ -x .venv/bin/python ] || "$py" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade "pip<24.1"
.venv/bin/python -m pip install --quiet -e ".[dev]"
echo "$want" > "$stamp"
