"""Tables -> CSV bytes that Italian Excel opens correctly and safely.

Italian Excel splits columns on `;`, reads decimals with a comma and needs the UTF-8 BOM to
show à and € right. A text cell starting with = + - @ would be run as a formula when the file
is opened, and so would one starting with what a spreadsheet skips or folds before looking (a
space, tab, line feed or carriage return; the full-width ＝ ＋ － ＠ that an East Asian input
method types and some spreadsheets read as their ASCII forms): such a cell gets a leading single
quote, which Excel shows as text and does not display.
Numbers are written by us (never user text), so they are not prefixed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", " ", "\t", "\n", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
SEPARATOR = ";"
BOM = "\ufeff"


def safe_cell(text: str) -> str:
    """The text with a leading ' when a spreadsheet would take it for a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value: float | int) -> str:
    if isinstance(value, int):
        return str(value)
    if value != value:  # NaN: an empty cell says "no value" better than "nan"
        return ""
    text = format(Decimal(repr(value)), "f") if not value.is_integer() else str(int(value))
    return text.replace(".", ",")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "sì" if value else "no"
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return safe_cell(str(value))


def to_excel_csv(df: pl.DataFrame) -> bytes:
    """UTF-8 (with BOM), `;`-separated CSV of ``df``: decimal comma, dates gg/mm/aaaa,
    booleans sì/no, formula-like text neutralised (header included)."""
    buf = io.StringIO()
    buf.write(BOM)
    writer = csv.writer(buf, delimiter=SEPARATOR, quotechar='"', lineterminator="\r\n")
    writer.writerow([safe_cell(str(c)) for c in df.columns])
    for row in df.iter_rows():
        writer.writerow([_cell(v) for v in row])
    return buf.getvalue().encode("utf-8")
