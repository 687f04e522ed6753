#!/usr/bin/env bash
# Creates .venv with an explicit Python 3.13 (3.12 fallback) and installs the pinned
# requirements. Re-installs only when a requirements file changed (stamp = their hash).
# Usage: scripts/bootstrap.sh requirements.txt | requirements-dev.txt
set -euo pipefail
cd "$(dirname "$0")/.."
reqs=${1:-requirements.txt}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then
  python=$(scripts/find-python.sh)
  echo "Creating .venv with $python ($("$python" --version))"
  rm -rf .venv
  "$python" -m venv .venv
fi

stamp=.venv/.installed-$(basename "$reqs" .txt)
want=$(cat requirements*.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing $reqs into .venv"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$reqs" 2>&1 \
    | { grep -v "^WARNING: Location" || true; }
  test "${PIPESTATUS[0]}" -eq 0
  echo "$want" > "$stamp"
fi
