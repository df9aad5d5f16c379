"""The text-table reader behind a guard: whatever the bytes, a table or a problem, never an exception.

Two columns whose headers mean the same thing («Anno» and «anno ») would leave the reader with two
columns of one name; that is reported here, by name, before reading. Anything else the CSV reader
cannot cope with becomes a «file illeggibile» problem instead of a crash on the upload page.
"""

from __future__ import annotations

import csv
import io

import polars as pl

from data_loaders import limits
from data_loaders import problems as P
from data_loaders.problems import Problem
from data_loaders.text_table import TextTable, decode, normalise_header, read_text_table, sniff_separator


def duplicate_headers(data: bytes, filename: str) -> list[Problem]:
    """One problem per header name that appears more than once (after normalisation)."""
    # Only the header matters: decoding the whole file would cost as much as reading it.
    text, _enc = decode(data[:65536])
    # The first line ends at the first \r or \n, whichever line ends the file uses.
    ends = [i for i in (text.find("\r"), text.find("\n")) if i >= 0]
    first = text[:min(ends)] if ends else text
    try:
        names = next(csv.reader(io.StringIO(first), delimiter=sniff_separator(first), quotechar='"'), [])
    except csv.Error:
        return []
    seen: dict[str, list[int]] = {}
    for i, raw in enumerate(names, start=1):
        name = normalise_header(raw)
        if name:
            seen.setdefault(name, []).append(i)
    return [Problem(filename, 1, name, "", limits.COLONNA_DUPLICATA,
                    f"La colonna «{name}» compare {len(cols)} volte nell'intestazione (colonne "
                    f"{', '.join(map(str, cols))}): lasciarne una sola.")
            for name, cols in seen.items() if len(cols) > 1]


def read_text_table_safely(data: bytes, filename: str) -> TextTable:
    """read_text_table, with repeated headers and any reader failure turned into problems."""
    try:
        duplicates = duplicate_headers(data, filename)
        if duplicates:
            return TextTable(pl.DataFrame(), problems=duplicates)
        return read_text_table(data, filename)
    except Exception:  # noqa: BLE001 - the last line of defence of an upload: explain, don't crash
        return TextTable(pl.DataFrame(), problems=[Problem(
            filename, 0, "", "", P.FILE_ILLEGGIBILE,
            "Il file non si riesce a leggere come tabella: controllare che la prima riga contenga i nomi "
            "delle colonne, tutti diversi, e che il file sia un CSV o un .xlsx.")])
