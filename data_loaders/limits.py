"""Limits on what a coordinator may upload, and the stable codes of the problems they raise.

Each limit has a named default and an environment variable to change it for an Ambito
whose files are larger (a regional deployment, say), without touching the code.
"""

from __future__ import annotations

import settings

# Stable codes (tests assert on them) of the problems that only an upload can have.
FILE_TROPPO_GRANDE = "file_troppo_grande"
TROPPE_RIGHE = "troppe_righe"
ALTRI_FOGLI = "altri_fogli"
NESSUNA_RIGA_VALIDA = "nessuna_riga_valida"
COLONNA_DUPLICATA = "colonna_duplicata"


def max_file_bytes() -> int:
    """Largest accepted upload, in bytes ($CRUSCOTTO_MAX_FILE_MB, default 20 MB)."""
    return settings.get().max_file_bytes


def max_rows() -> int:
    """Largest accepted number of data rows in one file ($CRUSCOTTO_MAX_RIGHE, default 500.000)."""
    return settings.get().max_righe
