"""Limits on what a coordinator may upload, and the stable codes of the problems they raise.

Each limit has a named default and an environment variable to change it for an Ambito
whose files are larger (a regional deployment, say), without touching the code.
"""

from __future__ import annotations

import os

MAX_FILE_MB_ENV = "CRUSCOTTO_MAX_FILE_MB"
MAX_ROWS_ENV = "CRUSCOTTO_MAX_RIGHE"
# 20 MB is about 200.000 rows of the widest dataset (pippi_famiglie), far above a semester
# of an Ambito's data, and small enough to validate in a few seconds on a modest server.
MAX_FILE_MB_DEFAULT = 20
MAX_ROWS_DEFAULT = 500_000

# Stable codes (tests assert on them) of the problems that only an upload can have.
FILE_TROPPO_GRANDE = "file_troppo_grande"
TROPPE_RIGHE = "troppe_righe"
ALTRI_FOGLI = "altri_fogli"
NESSUNA_RIGA_VALIDA = "nessuna_riga_valida"
COLONNA_DUPLICATA = "colonna_duplicata"


def _positive_number(env: str, default: float) -> float:
    try:
        value = float(os.environ.get(env, ""))
    except ValueError:
        return default
    return value if value > 0 else default


def max_file_bytes() -> int:
    """Largest accepted upload, in bytes ($CRUSCOTTO_MAX_FILE_MB, default 20 MB)."""
    return int(_positive_number(MAX_FILE_MB_ENV, MAX_FILE_MB_DEFAULT) * 1024 * 1024)


def max_rows() -> int:
    """Largest accepted number of data rows in one file ($CRUSCOTTO_MAX_RIGHE, default 500.000)."""
    return int(_positive_number(MAX_ROWS_ENV, MAX_ROWS_DEFAULT))
