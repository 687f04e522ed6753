#!/usr/bin/env bash
# Playwright cannot download its own browsers here; the browser tests drive Debian's
# chromium package instead (CHROMIUM_PATH, default /usr/bin/chromium).
set -euo pipefail
path=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$path" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium not found at $path: install Debian's 'chromium' package or set CHROMIUM_PATH" >&2
    exit 1
  fi
fi
