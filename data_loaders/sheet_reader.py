"""The first sheet of a workbook as CSV text, read by python-calamine in a child process of its own.

Why a child process: a workbook of a few KB can ask the reader for any amount of memory without
being large or compressed. A single value typed in the sheet's last cell (XFD1048576) makes
calamine allocate the whole rectangle up to it, 17 billion cells, and the Rust allocator aborts
the process: in the server's own process that would take the dashboard down for everyone. An
ODS row «repeated» a million times does the same with values. Here the child has an address-space
limit and a time limit; whatever happens inside it, the server gets CSV text or a reason.

This module imports no polars (the child starts in ~0,1 s). Cells become text the way the column
converter reads them (see ``cell_text``).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal

SEPARATOR = ";"
# The child's limits: above what the largest real sheet needs (150.000 rows, 40 MB of sheet XML:
# ~5-10 s and 127 MB resident here; 50 MB of small cells should stay under ~300 MB), and well
# below what would hurt a server that must hold 50 sessions in 2 GiB.
CHILD_MEMORY_BYTES = 768 * 1024 * 1024
CHILD_TIMEOUT_S = 60.0
EXIT_UNREADABLE = 3
# No Rust backtrace: printing one when an allocation fails needs memory the child no longer has
# (measured: the child then hung until the time limit instead of ending at once).
_CHILD_ENV = {"RUST_BACKTRACE": "0", "RUST_LIB_BACKTRACE": "0", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


@dataclass
class Sheet:
    """What the child read: the workbook's sheet names, the first sheet as CSV bytes (UTF-8 with
    BOM, `;`) and whether reading stopped past the row limit."""
    names: list[str]
    csv: bytes
    truncated: bool


class SheetTooLarge(Exception):
    """The reader ran out of its memory or time: the sheet asks for more than a real one does."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "memoria" or "tempo"


class SheetUnreadable(Exception):
    """The reader could not make sense of the workbook (damaged, protected, not a workbook)."""


def _number(value: float) -> str:
    """A number as the converter reads it: the Italian way, decimal comma, never 1e-07."""
    if not math.isfinite(value):
        return str(value)
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f").replace(".", ",")


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
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _number(value)
    # Line breaks inside a cell ("Codice\nISTAT" in a header) would shift the CSV reader's
    # row count; a space keeps the words and the numbering.
    return str(value).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")


def sheet_rows(rows_in, max_rows: int | None) -> tuple[list[list[str]], bool]:
    """Rows of text, as wide as the header, and whether reading stopped past ``max_rows`` data rows
    (empty rows, which the CSV reader drops, are not counted)."""
    rows: list[list[str]] = []
    width = 0
    filled = 0
    for values in rows_in:
        cells = [cell_text(v) for v in values]
        while cells and cells[-1] == "":
            cells.pop()
        if cells:
            filled += 1
            if max_rows is not None and filled > max_rows + 1:  # the header is not a data row
                return rows, True
        if not rows:
            width = len(cells)
        elif cells and len(cells) < width:
            # Spreadsheets leave empty trailing cells out; they are empty values, not a short row.
            cells += [""] * (width - len(cells))
        rows.append(cells)
    while rows and not rows[-1]:  # formatted but empty rows at the bottom of the sheet
        rows.pop()
    return rows, False


def as_csv(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    buf.write("\ufeff")  # stored as Italian Excel would save it: UTF-8 with BOM, `;`
    writer = csv.writer(buf, delimiter=SEPARATOR, quotechar='"', lineterminator="\r\n")
    for r in rows:
        writer.writerow(r)
    return buf.getvalue().encode("utf-8")


def read_first_sheet(data: bytes, max_rows: int | None = None) -> Sheet:
    """The workbook's first sheet, read in a child process with bounded memory and time.

    Raises SheetTooLarge when a limit stops the child, SheetUnreadable when the reader refuses
    the workbook."""
    try:
        # Run as a file, not as data_loaders.sheet_reader: the package would import polars (~1 s).
        done = subprocess.run([sys.executable, "-I", __file__, str(max_rows or 0), str(CHILD_MEMORY_BYTES)],
                              input=data, capture_output=True, timeout=CHILD_TIMEOUT_S, check=False,
                              env=_CHILD_ENV)
    except subprocess.TimeoutExpired as exc:
        raise SheetTooLarge("tempo") from exc
    if done.returncode == EXIT_UNREADABLE:
        raise SheetUnreadable(done.stderr.decode("utf-8", "replace")[-300:])
    if done.returncode != 0:
        # Killed by the address-space limit (a Rust abort, a MemoryError) or by a signal.
        raise SheetTooLarge("memoria")
    head, _nl, body = done.stdout.partition(b"\n")
    meta = json.loads(head)
    return Sheet(meta["names"], body, meta["truncated"])


def _child(max_rows: int, memory_bytes: int) -> int:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    data = sys.stdin.buffer.read()
    try:
        from python_calamine import CalamineWorkbook

        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(wb.sheet_names)
        if not names:
            raise ValueError("no sheet")
        rows, truncated = sheet_rows(wb.get_sheet_by_index(0).iter_rows(), max_rows or None)
        wb.close()
    except MemoryError:
        return 1
    except Exception as exc:  # noqa: BLE001 - a damaged workbook can fail anywhere inside the reader
        sys.stderr.write(f"{type(exc).__name__}: {exc}"[:300])
        return EXIT_UNREADABLE
    out = sys.stdout.buffer
    out.write(json.dumps({"names": names, "truncated": truncated}).encode() + b"\n")
    out.write(as_csv(rows))
    out.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(_child(int(sys.argv[1]), int(sys.argv[2])))
