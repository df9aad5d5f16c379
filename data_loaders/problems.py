"""The one shape of a data problem, shared by loaders, pages, the CLI and the tests.

A problem names the file, the row as a spreadsheet user counts it (the header is
row 1, so the first record is row 2), the column, the offending value, a stable
code and an Italian message. Row 0 means "the whole file" (wrong encoding, empty
file, missing column).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["errore", "avviso"]

# Stable codes: tests assert on these, never on message text.
FILE_MANCANTE = "file_mancante"
FILE_VUOTO = "file_vuoto"
FILE_ILLEGGIBILE = "file_illeggibile"
COLONNA_MANCANTE = "colonna_mancante"
COLONNA_SCONOSCIUTA = "colonna_sconosciuta"
VALORE_MANCANTE = "valore_mancante"
NUMERO_NON_VALIDO = "numero_non_valido"
DATA_NON_VALIDA = "data_non_valida"
FUORI_INTERVALLO = "fuori_intervallo"
VALORE_NON_AMMESSO = "valore_non_ammesso"
FORMATO_NON_VALIDO = "formato_non_valido"
RIGA_INCOERENTE = "riga_incoerente"
RIGA_DUPLICATA = "riga_duplicata"
# Data that cannot be true (see contracts/_plausibility.py): a fact dated after the reference
# date, and a year or period outside the plan or programme the file belongs to.
DATA_FUTURA = "data_futura"
FUORI_PERIODO = "fuori_periodo"

# Row number of the first record as a spreadsheet shows it (row 1 is the header).
PRIMA_RIGA_DATI = 2


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    column: str
    value: str
    code: str
    message: str
    severity: Severity = "errore"

    def key(self) -> tuple[int, str, str]:
        """(row, column, code): what tests compare."""
        return (self.row, self.column, self.code)

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        where = f"riga {self.row}" if self.row else "file"
        col = f", colonna «{self.column}»" if self.column else ""
        val = f", valore «{self.value}»" if self.value != "" else ""
        return f"{self.file}: {where}{col}{val}: {self.message}"


PROBLEM_COLUMNS_IT = {
    "file": "File",
    "row": "Riga",
    "column": "Colonna",
    "value": "Valore",
    "code": "Codice",
    "message": "Cosa non va",
    "severity": "Gravità",
}
