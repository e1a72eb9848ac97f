#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter (Rasa 3.6 supports 3.8-3.10; we use 3.10).
# Order: $WEGWIJS_PYTHON, pyenv's 3.10.x, python3.10 on PATH.
set -euo pipefail
is310() { "$1" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' 2>/dev/null; }
if [ -n "${WEGWIJS_PYTHON:-}" ] && is310 "$WEGWIJS_PYTHON"; then echo "$WEGWIJS_PYTHON"; exit 0; fi
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root)
  for candidate in "$root"/versions/3.10.*/bin/python3.10; do
    if [ -x "$candidate" ] && is310 "$candidate"; then echo "$candidate"; exit 0; fi
  done
fi
for candidate in python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10; do
  if command -v "$candidate" >/dev/null 2>&1 && is310 "$(command -v "$candidate")"; then
    command -v "$candidate"; exit 0
  fi
done
echo "Python 3.10 not found. Install it (e.g. 'pyenv install 3.10.13') or set WEGWIJS_PYTHON." >&2
exit 1
