#!/usr/bin/env bash
# Prints the path of a Python 3.13 (or, failing that, 3.12) interpreter.
# Django 6.1 needs Python >= 3.12; the machine's default python3 may be older, so we never
# rely on it. Order: $PYTHON, python3.13 on PATH, pyenv's 3.13, then the same for 3.12.
set -euo pipefail

ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }

if [ -n "${PYTHON:-}" ]; then
  if ok "$PYTHON"; then echo "$PYTHON"; exit 0; fi
  echo "PYTHON=$PYTHON is not Python 3.12 or newer" >&2; exit 1
fi

pyenv_root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for minor in 3.13 3.12; do
  for candidate in "$(command -v "python$minor" 2>/dev/null || true)" \
                   $(ls -d "$pyenv_root"/versions/"$minor"*/bin/python"$minor" 2>/dev/null | sort -V -r); do
    if [ -n "$candidate" ] && ok "$candidate"; then echo "$candidate"; exit 0; fi
  done
done

echo "No Python 3.13 or 3.12 found. Install one (e.g. 'pyenv install 3.13') or set PYTHON=/path/to/python3.13." >&2
exit 1
