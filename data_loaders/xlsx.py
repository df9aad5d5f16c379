"""Spreadsheet bytes (.xlsx) -> the same text table as a CSV, so every check is shared.

Why openpyxl turns the workbook into CSV text instead of building a frame here: the
CSV reader already knows how to number rows as the spreadsheet does, report ragged
rows, normalise headers and drop blank rows. Handing it the sheet as text means an
.xlsx upload passes exactly the same checks as a CSV one, with no second copy of them.

Cells become text the way the converter reads them: integers without decimals, other
numbers in plain decimal notation (never 1e-07), dates as gg/mm/aaaa, booleans sì/no.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from decimal import Decimal

import polars as pl

from data_loaders import limits
from data_loaders import problems as P
from data_loaders.problems import Problem
from data_loaders.safe_read import read_text_table_safely
from data_loaders.text_table import TextTable

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls (and other Office 97 files)
# A zip can expand a thousand-fold; refuse a workbook whose parts add up to more than this
# once unpacked, before openpyxl builds anything in memory.
MAX_XLSX_UNPACKED_BYTES = 400 * 1024 * 1024
SEPARATOR = ";"


def sniff_format(data: bytes) -> str:
    """'xlsx', 'ods', 'xls' (old binary Excel), 'zip' (another archive) or 'csv' (anything else)."""
    if data.startswith(OLE2_MAGIC):
        return "xls"
    if not data.startswith(ZIP_MAGIC):
        return "csv"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names and b"opendocument.spreadsheet" in z.read("mimetype"):
                return "ods"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError):
        return "zip"
    return "zip"


def _unreadable(filename: str, message: str) -> Problem:
    return Problem(filename, 0, "", "", P.FILE_ILLEGGIBILE, message)


_HOW_TO_SAVE = "Da Excel usare «Salva con nome» → «Cartella di lavoro di Excel (.xlsx)» oppure «CSV (delimitato dal separatore di elenco)»."
FORMAT_MESSAGES = {
    "xls": "Il file è nel vecchio formato Excel .xls, che non viene letto. " + _HOW_TO_SAVE,
    "ods": "Il file è un foglio di LibreOffice (.ods), che non viene letto. "
           "Da LibreOffice usare «Salva con nome» → «Excel 2007-365 (.xlsx)» oppure «Testo CSV».",
    "zip": "Il file è un archivio compresso o un file Excel danneggiato (forse incompleto): non si può leggere. "
           + _HOW_TO_SAVE,
}


def cell_text(value: object) -> str:
    """One cell as the text the column converter expects ('' for an empty cell)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return str(value)
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    # Line breaks inside a cell ("Codice\nISTAT" in a header) would shift the CSV reader's
    # row count; a space keeps the words and the numbering.
    return str(value).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def _sheet_rows(ws, max_rows: int | None) -> tuple[list[list[str]], bool]:
    """Rows of text, as wide as the header, and whether reading stopped past ``max_rows``."""
    rows: list[list[str]] = []
    width = 0
    for values in ws.iter_rows(values_only=True):
        if max_rows is not None and len(rows) > max_rows:
            return rows, True
        cells = [cell_text(v) for v in values]
        while cells and cells[-1] == "":
            cells.pop()
        if not rows:
            width = len(cells)
        elif cells and len(cells) < width:
            # Excel leaves empty trailing cells out; they are empty values, not a short row.
            cells += [""] * (width - len(cells))
        rows.append(cells)
    while rows and not rows[-1]:  # formatted but empty rows at the bottom of the sheet
        rows.pop()
    return rows, False


def xlsx_to_csv(data: bytes, filename: str, max_rows: int | None = None) -> tuple[bytes | None, list[Problem]]:
    """The first worksheet as CSV bytes (UTF-8 with BOM, `;`) and the notes on what was not read.

    Returns (None, [problem]) when the workbook cannot be opened. ``max_rows`` stops reading a
    sheet with more data rows than that (a ``troppe_righe`` problem says so).
    """
    kind = sniff_format(data)
    if kind != "xlsx":
        return None, [_unreadable(filename, FORMAT_MESSAGES.get(kind, FORMAT_MESSAGES["zip"]))]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None, [_unreadable(filename, FORMAT_MESSAGES["zip"])]
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        return None, [_unreadable(filename, "Il file Excel, una volta aperto, è troppo grande per essere caricato: "
                                            "dividerlo in più file o salvarlo come CSV.")]
    try:
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = wb.worksheets
            if not sheets:
                return None, [_unreadable(filename, "Il file Excel non contiene fogli di lavoro.")]
            ws = sheets[0]
            ws.reset_dimensions()  # some writers store a wrong sheet size; read every row there is
            rows, truncated = _sheet_rows(ws, max_rows)
            first, others = ws.title, [s.title for s in sheets[1:]]
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - a damaged workbook can fail anywhere inside openpyxl
        return None, [_unreadable(filename, FORMAT_MESSAGES["zip"])]
    notes: list[Problem] = []
    if others:
        notes.append(Problem(filename, 0, "", first, limits.ALTRI_FOGLI,
                             f"È stato letto solo il primo foglio («{first}»); gli altri fogli "
                             f"({', '.join(others)}) sono stati ignorati.", "avviso"))
    if truncated:
        notes.append(Problem(filename, 0, "", "", limits.TROPPE_RIGHE,
                             f"Il foglio ha più di {max_rows} righe di dati: lettura interrotta."))
    return _as_csv(rows), notes


def read_xlsx_table(data: bytes, filename: str, max_rows: int | None = None) -> TextTable:
    """The first worksheet of an .xlsx as a text table (same shape and checks as a CSV).

    A workbook that cannot be opened becomes a file-level problem, never an exception.
    """
    csv_bytes, notes = xlsx_to_csv(data, filename, max_rows)
    if csv_bytes is None:
        return TextTable(pl.DataFrame(), problems=notes)
    table = read_text_table_safely(csv_bytes, filename)
    table.problems = notes + table.problems
    table.encoding, table.separator = "xlsx", ""
    return table


def _as_csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    buf.write("\ufeff")  # stored as Italian Excel would save it: UTF-8 with BOM, `;`
    writer = csv.writer(buf, delimiter=SEPARATOR, quotechar='"', lineterminator="\r\n")
    for r in rows:
        writer.writerow(r)
    return buf.getvalue().encode("utf-8")
