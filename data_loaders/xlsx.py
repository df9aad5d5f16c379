"""Spreadsheet bytes (.xlsx, .xls, .ods) -> the same text table as a CSV, so every check is shared.

Why the sheet becomes CSV text instead of a frame built here: the CSV reader already knows
how to number rows as the spreadsheet does, report ragged rows, normalise headers and drop
blank rows. Handing it the sheet as text means a spreadsheet passes exactly the same checks
as a CSV, with no second copy of them, and the CSV is what an upload stores.

python-calamine reads the cells with their types, in a child process with bounded memory and
time (``sheet_reader``: a few KB can ask it for gigabytes). A number cell is a number: it is written
the Italian way (decimal comma, no thousands separator), so the number 37.125 reaches the
converter as «37,125» and stays 37,125 (written «37.125» it would be read as 37.125 thousand).
A text cell is written as it was typed and follows the Italian rules like CSV text. Dates
become gg/mm/aaaa, booleans sì/no.

A spreadsheet archive is checked before anything in it is unpacked for reading
(``check_archive``): a few hundred KB can unpack to gigabytes.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import polars as pl

from data_loaders import limits, sheet_reader
from data_loaders import problems as P
from data_loaders.problems import Problem
from data_loaders.safe_read import read_text_table_safely
from data_loaders.sheet_reader import SheetTooLarge, SheetUnreadable, read_first_sheet
from data_loaders.text_table import TextTable

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls (and other Office 97 files)
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# Unpacking pace: output is produced (and counted, then dropped) a slice at a time.
UNPACK_SLICE_BYTES = 1024 * 1024
PACKED_SLICE_BYTES = 64 * 1024
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... file name length, extra field length


def sniff_format(data: bytes) -> str:
    """'xlsx', 'ods', 'xls' (old binary Excel), 'zip' (another archive) or 'csv' (anything else).

    Only the archive's directory is looked at (and ODS's few-byte «mimetype» part), never a
    part that could be large."""
    if data.startswith(OLE2_MAGIC):
        return "xls"
    if not data.startswith(ZIP_MAGIC):
        return "csv"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "mimetype" in names and z.getinfo("mimetype").file_size <= 2 * len(ODS_MIMETYPE):
                with z.open("mimetype") as fh:
                    if fh.read(2 * len(ODS_MIMETYPE)).strip() == ODS_MIMETYPE:
                        return "ods"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, RuntimeError,
            NotImplementedError, zlib.error):
        return "zip"
    return "zip"


def _unreadable(filename: str, message: str) -> Problem:
    return Problem(filename, 0, "", "", P.FILE_ILLEGGIBILE, message)


_HOW_TO_SAVE = ("Da Excel usare «Salva con nome» → «Cartella di lavoro di Excel (.xlsx)» oppure «CSV (delimitato "
                "dal separatore di elenco)»; da LibreOffice «Foglio elettronico ODF (.ods)» oppure «Testo CSV».")
DAMAGED = "Il file è un archivio compresso o un foglio di calcolo danneggiato (forse incompleto): non si può leggere. "
FORMAT_MESSAGES = {
    "xls": "Il file sembra un foglio Excel .xls ma non si riesce a leggere (danneggiato o protetto da password). "
           + _HOW_TO_SAVE,
    "ods": "Il file sembra un foglio di LibreOffice (.ods) ma non si riesce a leggere (danneggiato o incompleto). "
           + _HOW_TO_SAVE,
    "zip": DAMAGED + _HOW_TO_SAVE,
}


def _mb(size: int) -> str:
    """Bytes as whole megabytes, Italian thousands ('1.024'), at least 1."""
    return f"{max(1, round(size / 1024 / 1024)):,}".replace(",", ".")


def _size(size: int) -> str:
    return f"{_mb(size)} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


def _too_big(filename: str, unpacked: int, exact: bool) -> Problem:
    amount = f"{_mb(unpacked)} MB" if exact else f"più di {_mb(limits.MAX_UNPACKED_BYTES)} MB"
    return Problem(filename, 0, "", "", limits.FOGLIO_TROPPO_GRANDE,
                   f"Il foglio di calcolo, una volta aperto, occuperebbe {amount}: il massimo è "
                   f"{_mb(limits.MAX_UNPACKED_BYTES)} MB. Il file non è stato aperto: dividerlo in più file "
                   "(per esempio per anno) o salvarlo come CSV.")


def _too_big_to_open(filename: str, reason: str) -> Problem:
    limit = (f"più di {_mb(sheet_reader.CHILD_MEMORY_BYTES)} MB di memoria" if reason == "memoria"
             else f"più di {sheet_reader.CHILD_TIMEOUT_S:.0f} secondi")
    return Problem(filename, 0, "", "", limits.FOGLIO_TROPPO_GRANDE,
                   f"Il foglio di calcolo, per essere aperto, richiederebbe {limit}: di solito vuol dire "
                   "che contiene celle compilate o formattate molto lontano dai dati (per esempio in fondo al "
                   "foglio o in colonne molto a destra). Cancellare le righe e le colonne oltre i dati e "
                   "salvare di nuovo, oppure salvarlo come CSV.")


def _odd(filename: str, why: str) -> Problem:
    return Problem(filename, 0, "", "", limits.ARCHIVIO_ANOMALO,
                   f"Il file non è stato aperto perché il suo archivio è costruito in modo anomalo, come nessun "
                   f"programma di fogli di calcolo lo scrive: {why}. Salvarlo di nuovo da Excel o LibreOffice, "
                   "oppure come CSV.")


def _ratio_problem(filename: str, info: zipfile.ZipInfo, unpacked: int) -> Problem | None:
    packed = max(info.compress_size, 1)
    if unpacked >= limits.RATIO_CHECKED_FROM_BYTES and unpacked > limits.MAX_COMPRESSION_RATIO * packed:
        ratio = f"{unpacked // packed:,}".replace(",", ".")
        return _odd(filename, f"la parte «{info.filename}» è compressa {ratio} volte (da {_size(packed)} "
                              f"diventerebbe {_size(unpacked)}; un foglio vero non supera "
                              f"{limits.MAX_COMPRESSION_RATIO} volte)")
    return None


def _unpacked_size(data: bytes, info: zipfile.ZipInfo, cap: int) -> int:
    """Bytes the entry really unpacks to, counted up to ``cap`` + 1 (a larger figure means «more than
    cap»), whatever its header declares. Raises ValueError for what cannot be unpacked."""
    (signature, name_len, extra_len) = _LOCAL_HEADER.unpack_from(data, info.header_offset)
    if signature != ZIP_MAGIC:
        raise ValueError("local header")
    start = info.header_offset + _LOCAL_HEADER.size + name_len + extra_len
    packed = memoryview(data)[start:start + info.compress_size]
    if len(packed) != info.compress_size:
        raise ValueError("truncated")
    if info.compress_type == zipfile.ZIP_STORED:
        return len(packed)
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise ValueError("method")
    # Raw deflate fed a slice at a time (a tail left over is never longer than a slice, so
    # nothing large is copied), output bounded per call to one byte past the cap: the budget is
    # spent a slice at a time and nothing is kept.
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    total = 0
    for at in range(0, len(packed), PACKED_SLICE_BYTES):
        pending = packed[at:at + PACKED_SLICE_BYTES]
        while pending and total <= cap and not inflater.eof:
            total += len(inflater.decompress(pending, min(cap + 1 - total, UNPACK_SLICE_BYTES)))
            pending = inflater.unconsumed_tail
        if total > cap or inflater.eof:
            return total
    while total <= cap and not inflater.eof:  # output still held back by the size bound
        out = inflater.decompress(b"", min(cap + 1 - total, UNPACK_SLICE_BYTES))
        if not out:
            break
        total += len(out)
    return total


def check_archive(data: bytes, filename: str) -> Problem | None:
    """The reason to refuse a spreadsheet archive (.xlsx, .ods) before reading it, or None.

    First what the archive declares (entry count, sizes, compression ratio: no unpacking), then
    what it really holds: every part is unpacked and counted, never kept, up to its declared size
    plus one byte, so a part whose header lies is caught and the work is bounded by
    ``limits.MAX_UNPACKED_BYTES`` whatever the file. This is the function the benchmark times.
    Data that are not a zip archive give None (other readers judge them).
    """
    if not data.startswith(ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        return _unreadable(filename, FORMAT_MESSAGES["zip"])
    if len(infos) > limits.MAX_ARCHIVE_ENTRIES:
        return _odd(filename, f"contiene {len(infos):,} parti (un foglio vero ne ha qualche decina)".replace(",", "."))
    for info in infos:
        if (problem := _ratio_problem(filename, info, info.file_size)) is not None:
            return problem
    declared = sum(i.file_size for i in infos)
    if declared > limits.MAX_UNPACKED_BYTES:
        return _too_big(filename, declared, exact=True)
    for info in infos:
        try:
            unpacked = _unpacked_size(data, info, info.file_size)
        except (ValueError, struct.error, zlib.error):
            return _unreadable(filename, FORMAT_MESSAGES["zip"])
        if unpacked > info.file_size:
            return _odd(filename, f"la parte «{info.filename}» contiene più di quanto dichiara "
                                  f"({_size(info.file_size)})")
    return None


def xlsx_to_csv(data: bytes, filename: str, max_rows: int | None = None) -> tuple[bytes | None, list[Problem]]:
    """The first sheet of a spreadsheet (.xlsx, .xls, .ods) as CSV bytes (UTF-8 with BOM, `;`) and the
    notes on what was not read.

    Returns (None, [problem]) when the workbook cannot or must not be opened. ``max_rows`` stops
    reading a sheet with more data rows than that (a ``troppe_righe`` problem says so).
    """
    kind = sniff_format(data)
    if kind not in ("xlsx", "ods", "xls"):
        return None, [_unreadable(filename, FORMAT_MESSAGES["zip"])]
    if (refused := check_archive(data, filename)) is not None:
        return None, [refused]
    try:
        sheet = read_first_sheet(data, max_rows)
    except SheetTooLarge as exc:
        return None, [_too_big_to_open(filename, exc.reason)]
    except SheetUnreadable:
        return None, [_unreadable(filename, FORMAT_MESSAGES[kind if kind != "xlsx" else "zip"])]
    names = sheet.names
    first, others = names[0], names[1:]
    notes: list[Problem] = []
    if others:
        notes.append(Problem(filename, 0, "", first, limits.ALTRI_FOGLI,
                             f"È stato letto solo il primo foglio («{first}»); gli altri fogli "
                             f"({', '.join(others)}) sono stati ignorati.", "avviso"))
    if sheet.truncated:
        notes.append(Problem(filename, 0, "", "", limits.TROPPE_RIGHE,
                             f"Il foglio ha più di {max_rows:,} righe di dati: lettura interrotta.".replace(",", ".")))
    return sheet.csv, notes


def read_xlsx_table(data: bytes, filename: str, max_rows: int | None = None) -> TextTable:
    """The first sheet of a spreadsheet as a text table (same shape and checks as a CSV).

    A workbook that cannot be opened becomes a file-level problem, never an exception.
    """
    csv_bytes, notes = xlsx_to_csv(data, filename, max_rows)
    if csv_bytes is None:
        return TextTable(pl.DataFrame(), problems=notes)
    table = read_text_table_safely(csv_bytes, filename)
    table.problems = notes + table.problems
    table.encoding, table.separator = sniff_format(data), ""
    return table
