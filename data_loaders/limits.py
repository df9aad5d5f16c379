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
# A spreadsheet (a zip archive: .xlsx, .ods) that would unpack to more than a real one ever does,
# and one whose archive is built in a way no spreadsheet program writes (extreme compression,
# thousands of parts, sizes that lie): both refused before any part is unpacked for reading.
FOGLIO_TROPPO_GRANDE = "foglio_troppo_grande"
ARCHIVIO_ANOMALO = "archivio_anomalo"
# A CSV marked as UTF-8 (BOM) holding bytes of another encoding: read, it would show «Citt\ufffd».
CODIFICA_MISTA = "codifica_mista"

# Spreadsheet archives. 50 MB unpacked holds ~180.000 rows of the widest-per-row file (the Centro
# per le Famiglie's access register, ~270 bytes a row in an Excel sheet): sixty times the Ambito's
# largest file; larger data travel as CSV. Real sheets compress 8-12 times and Excel's theme 6,5
# (measured on the sample data saved by openpyxl), so a part over 1 MB compressed more than 100
# times is built to hurt.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_ARCHIVE_ENTRIES = 1000
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM_BYTES = 1024 * 1024


def max_file_bytes() -> int:
    """Largest accepted upload, in bytes ($CRUSCOTTO_MAX_FILE_MB, default 20 MB)."""
    return settings.get().max_file_bytes


def max_rows() -> int:
    """Largest accepted number of data rows in one file ($CRUSCOTTO_MAX_RIGHE, default 500.000)."""
    return settings.get().max_righe
