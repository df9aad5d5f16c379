# Sourced by run.sh and test.sh: make .venv and install the pinned requirements when they change.
set -euo pipefail
PY="$(command -v python3.11 || command -v python3)"
VENV="${CRUSCOTTO_VENV:-.venv}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "[setup] creo l'ambiente virtuale $VENV con $PY" >&2
  "$PY" -m venv "$VENV"
fi
stamp="$VENV/.requirements.sha256"
want="$(cat "$@" | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "[setup] installo le dipendenze ($*)" >&2
  "$VENV/bin/python" -m pip install --disable-pip-version-check -q --upgrade pip >/dev/null
  for f in "$@"; do "$VENV/bin/python" -m pip install --disable-pip-version-check -q -r "$f"; done
  echo "$want" > "$stamp"
fi
