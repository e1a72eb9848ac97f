#!/usr/bin/env bash
# Tools the test suite needs beyond the virtualenv: Debian's Chromium + driver for the browser
# tests (Playwright drives /usr/bin/chromium; nothing downloads a browser) and axe-core from npm.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  echo "==> Installing Chromium from Debian's packages"
  sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium chromium-driver >/dev/null
fi
if [ -f package-lock.json ] && [ ! -f node_modules/.package-lock.json -o package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> Installing axe-core (npm ci)"
  npm ci --silent --no-audit --no-fund
fi
# schemathesis checks the OpenAPI description against the running API (tests/web/test_openapi_schemathesis.py).
# It cannot share .venv with Rasa 3.6's pins, so it lives in a small venv of its own, on the
# machine's own Python 3 (re-created when the pin below changes).
SCHEMATHESIS="schemathesis==4.32.5"
if [ ! -x .venv-tools/bin/schemathesis ] || [ "$(cat .venv-tools/.pin 2>/dev/null)" != "$SCHEMATHESIS" ]; then
  echo "==> Installing $SCHEMATHESIS into .venv-tools"
  rm -rf .venv-tools
  python3 -m venv .venv-tools
  .venv-tools/bin/python -m pip install --quiet "$SCHEMATHESIS"
  echo "$SCHEMATHESIS" > .venv-tools/.pin
fi
