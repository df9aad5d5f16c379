#!/usr/bin/env bash
# Run the whole test suite, installing what it needs first (venv, packages, Debian's chromium).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/venv.sh requirements.txt requirements-dev.txt
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "[setup] installo chromium (pacchetto Debian) per i test nel browser" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "[setup] chromium non installato: i test nel browser saranno saltati" >&2
  fi
fi
exec .venv/bin/python -m pytest "$@"
