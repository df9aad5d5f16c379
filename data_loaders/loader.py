"""Read one dataset (or all of them) from a data folder: (valid frame, problems, provenance).

A dataset's file in the folder is ``<dataset>.csv`` or the same name as a spreadsheet (``.xlsx``,
``.ods``, ``.xls``): both roads lead to the same checks and figures. Two files for one dataset
(``comuni.csv`` and ``comuni.xlsx``) are refused, not chosen between: which one is current is
a decision for the person who put them there, and a silent pick could show last year's data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import polars as pl

import settings
from data_loaders import limits
from data_loaders import problems as P
from data_loaders.background import soon
from data_loaders.convert import check_columns, convert
from data_loaders.problems import Problem
from data_loaders.registry import DATASETS, get
from data_loaders.safe_read import duplicate_headers, read_text_table_safely
from data_loaders.spec import DatasetSpec
from data_loaders.text_table import HEAD_BYTES, TextTable, read_large_csv
from data_loaders.xlsx import OLE2_MAGIC, ZIP_MAGIC, read_xlsx_table, sniff_format

SPREADSHEET_SUFFIXES = (".xlsx", ".ods", ".xls")
FILE_DOPPIO = "file_doppio"  # stable code: two files in the data folder for one dataset

# From this size (bytes) a CSV in the data folder is read by polars from the file itself.
LARGE_FILE_BYTES = 8 * 1024 * 1024
DEFAULT_DATA_DIR = settings.DEFAULT_DATA_DIR


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """The folder to read: the argument, else $CRUSCOTTO_DATA_DIR, else the bundled sample data."""
    return Path(explicit) if explicit else settings.get().data_dir


@dataclass
class LoadResult:
    spec: DatasetSpec
    frame: pl.DataFrame
    problems: list[Problem] = field(default_factory=list)
    path: str = ""
    sha256: str = ""
    rows_read: int = 0
    missing: bool = False
    encoding: str = ""
    separator: str = ""

    @property
    def rows_valid(self) -> int:
        return self.frame.height

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "errore"]

    @property
    def rows_rejected(self) -> int:
        return len({p.row for p in self.errors if p.row >= P.PRIMA_RIGA_DATI})


def read_table(data: bytes, filename: str, max_rows: int | None = None) -> TextTable:
    """CSV text or a spreadsheet (.xlsx, .ods, .xls, recognised by its content) as one text table."""
    if sniff_format(data) != "csv":
        return read_xlsx_table(data, filename, max_rows)
    return read_text_table_safely(data, filename)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def parse_bytes(data: bytes, spec: DatasetSpec, filename: str | None = None,
                max_rows: int | None = None, as_of: dt.date | None = None) -> LoadResult:
    """Parse and validate CSV or spreadsheet bytes against a dataset's contract. Never raises on bad content.
    ``as_of``: the reference date a row dated after is refused on (default: the settings').
    With ``max_rows``, a file holding more data rows than that is refused (a ``troppe_righe`` problem)
    before its cells are checked: records are counted, so a quoted line break makes no new row."""
    filename = filename or spec.filename
    # The fingerprint is worked out while the file is read (see background.py).
    sha256 = soon(_sha256, data)
    return _validate(read_table(data, filename, max_rows), spec, filename, sha256, as_of, max_rows)


def too_many_rows(filename: str, row_limit: int) -> Problem:
    return Problem(filename, 0, "", "", limits.TROPPE_RIGHE,
                   "Il file ha più righe di dati del massimo accettato ("
                   + f"{row_limit:,}".replace(",", ".") + ").")


def _validate(table: TextTable, spec: DatasetSpec, filename: str, sha256: Callable[[], str],
              as_of: dt.date | None = None, max_rows: int | None = None) -> LoadResult:
    """The LoadResult of a text table: columns and cells checked against the contract."""
    problems = list(table.problems)
    rows_read = table.frame.height + sum(1 for p in problems if p.code == P.RIGA_INCOERENTE)
    if table.frame.width == 0:
        return LoadResult(spec, spec.empty_frame(), problems, rows_read=0, sha256=sha256())
    if max_rows is not None and rows_read > max_rows:
        return LoadResult(spec, spec.empty_frame(), [too_many_rows(filename, max_rows), *problems],
                          rows_read=rows_read, sha256=sha256(), encoding=table.encoding, separator=table.separator)
    column_problems = check_columns(table.frame, spec, filename)
    problems += column_problems
    if any(p.code == P.COLONNA_MANCANTE for p in column_problems):
        # Without a required column no row can be trusted: keep none, say why once.
        return LoadResult(spec, spec.empty_frame(), problems, rows_read=rows_read, sha256=sha256(),
                          encoding=table.encoding, separator=table.separator)
    if table.frame.height == 0:
        problems.append(Problem(filename, 0, "", "", P.FILE_VUOTO,
                                "Il file contiene solo l'intestazione: nessuna riga di dati.", "avviso"))
    frame, row_problems = convert(table.frame, spec, filename, as_of)
    return LoadResult(spec, frame, problems + sorted(row_problems, key=lambda p: p.row), rows_read=rows_read,
                      sha256=sha256(), encoding=table.encoding, separator=table.separator)


def dataset_files(spec: DatasetSpec, folder: Path) -> list[Path]:
    """The dataset's files present in the folder: ``<dataset>.csv`` and its spreadsheet twins."""
    csv_path = folder / spec.filename
    return [p for p in (csv_path, *(csv_path.with_suffix(s) for s in SPREADSHEET_SUFFIXES)) if p.is_file()]


def _parse_file(path: Path, spec: DatasetSpec, as_of: dt.date | None = None) -> LoadResult:
    """parse_bytes of the file's bytes; a large CSV is read by polars from the file itself (see
    text_table.read_large_csv), which gives the same result without holding the file in memory twice."""
    read = None
    if path.stat().st_size >= LARGE_FILE_BYTES:
        with path.open("rb") as fh:
            start = fh.read(HEAD_BYTES)
        # A spreadsheet, or repeated headers, take the bytes route, which says what is wrong.
        if not start.startswith((ZIP_MAGIC, OLE2_MAGIC)) and not duplicate_headers(start, spec.filename):
            read = read_large_csv(str(path), spec.filename)
    if read is None:
        return parse_bytes(path.read_bytes(), spec, path.name, as_of=as_of)
    table, digest = read
    return _validate(table, spec, spec.filename, lambda: digest, as_of)


def load_dataset(name: str, folder: str | os.PathLike | None = None, as_of: dt.date | None = None) -> LoadResult:
    spec = get(name)
    found = dataset_files(spec, data_dir(folder))
    if not found:
        path = data_dir(folder) / spec.filename
        return LoadResult(spec, spec.empty_frame(), [Problem(
            spec.filename, 0, "", "", P.FILE_MANCANTE,
            f"Manca il file {spec.filename} ({spec.title}): i suoi indicatori risultano «senza dati».",
            "avviso")], path=str(path), missing=True)
    if len(found) > 1:
        names = " e ".join(p.name for p in found)
        return LoadResult(spec, spec.empty_frame(), [Problem(
            found[0].name, 0, "", "", FILE_DOPPIO,
            f"Nella cartella dei dati ci sono {len(found)} file per {spec.title}: {names}. Non se ne sceglie "
            "uno a caso: lasciare solo quello aggiornato (gli altri si possono spostare in un'altra "
            "cartella). Finché ce n'è più di uno, i suoi indicatori risultano «senza dati».")],
            path=str(found[0]))
    path = found[0]
    result = _parse_file(path, spec, as_of)
    result.path = str(path)
    return result


def load_all(folder: str | os.PathLike | None = None, as_of: dt.date | None = None) -> dict[str, LoadResult]:
    """Every dataset of ``folder``; rows dated after ``as_of`` (default: the settings' reference date) are refused."""
    return {name: load_dataset(name, folder, as_of) for name in DATASETS}
