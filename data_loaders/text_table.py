"""Bytes of a CSV as people really export it -> a frame of text columns.

Nothing is converted here: every column stays text so that ISTAT codes keep their
leading zeros and "71.498" is not mistaken for seventy-one point something. Typing
happens column by column in ``convert``, where each failure becomes a problem.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import hashlib
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import polars as pl

from data_loaders import limits
from data_loaders import problems as P
from data_loaders.background import soon
from data_loaders.problems import Problem

ROW_COLUMN = "_riga"
SEPARATORS = (";", ",", "\t")


@dataclass
class TextTable:
    frame: pl.DataFrame  # all Utf8 columns + ROW_COLUMN (spreadsheet row number)
    encoding: str = ""
    separator: str = ""
    problems: list[Problem] = field(default_factory=list)


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). UTF-8 (with or without BOM) first, then Windows-1252.

    cp1252 leaves five bytes undefined; latin-1 maps every byte, so it is the last
    resort and never fails.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


BOM = b"\xef\xbb\xbf"
# Lines named in a mixed-encoding message; past them the count is «at least».
MIXED_LINES_NAMED = 5
MIXED_ERRORS_LOOKED_AT = 1000


# A UTF-8 accented Latin letter (à è é ì ò ù ...): «Ã» followed by a byte that Italian text in
# Windows-1252 never puts after it.
UTF8_ACCENT = re.compile(rb"\xc3[\x80-\xbf]")


def mixed_encoding(data: bytes, filename: str) -> Problem | None:
    """A file-level problem when the bytes mix UTF-8 and Windows-1252, else None.

    Two cases, both silent otherwise: a file marked as UTF-8 (a BOM) holding Windows-1252 bytes
    («Città» would read «Citt\ufffd»), and a file without the mark holding both a UTF-8 accented
    letter and bytes that are not UTF-8 (read as Windows-1252, the UTF-8 «è» would read «Ã¨»).
    Usually one program wrote the file and another appended to it. The message names the first
    line (as a text editor counts lines) and the character as Windows-1252 reads it, the writer's
    most likely intent. Looked at a slice at a time, without copying the file.
    """
    bom = data.startswith(BOM)
    accent = None if bom else UTF8_ACCENT.search(data)
    if not bom and accent is None:
        return None
    view = memoryview(data)
    lines: list[int] = []
    first: tuple[str, int] | None = None
    errors = 0
    i = len(BOM) if bom else 0
    while i < len(data) and errors < MIXED_ERRORS_LOOKED_AT:
        try:
            _text, used = codecs.utf_8_decode(view[i:i + COUNT_SLICE_BYTES], "strict",
                                              i + COUNT_SLICE_BYTES >= len(data))
        except UnicodeDecodeError as e:
            at = i + e.start
            errors += 1
            line = data.count(b"\n", 0, at) + 1
            if not lines or lines[-1] != line:
                lines.append(line)
            if first is None:
                first = (data[at:at + 1].decode("cp1252", errors="replace"), data[at])
            i = i + e.end
            continue
        i += used
    if first is None:
        return None
    char, byte = first
    more = errors >= MIXED_ERRORS_LOOKED_AT
    named = ", ".join(map(str, lines[:MIXED_LINES_NAMED])) + (" e altre" if len(lines) > MIXED_LINES_NAMED or more else "")
    if bom:
        what = (f"Il file è segnato come UTF-8 (inizia con il segno BOM) ma alla riga {lines[0]} contiene il "
                f"carattere «{char}» scritto in un'altra codifica (Windows-1252, byte {byte:02X}): letto così "
                "diventerebbe «\ufffd».")
    else:
        utf8_line = data.count(b"\n", 0, accent.start()) + 1
        utf8_char = accent.group().decode("utf-8")
        what = (f"Il file mescola due codifiche: alla riga {utf8_line} «{utf8_char}» è scritto in UTF-8, alla riga "
                f"{lines[0]} il carattere «{char}» è scritto in Windows-1252 (byte {byte:02X}): letto in una sola "
                "codifica, le lettere accentate delle une o delle altre righe risulterebbero sbagliate.")
    return Problem(filename, 0, "", char, limits.CODIFICA_MISTA,
                   f"{what} Righe con caratteri Windows-1252: {named}. Il file non è stato caricato.")


def sniff_separator(header_line: str) -> str:
    """The separator that splits the header into the most fields (ignoring quoted text)."""
    unquoted = re.sub(r'"[^"]*"', "", header_line)
    counts = {sep: unquoted.count(sep) for sep in SEPARATORS}
    best = max(counts, key=lambda s: counts[s])
    return best if counts[best] > 0 else ","


@lru_cache(maxsize=4096)  # the same few headers come back with every load
def normalise_header(name: str) -> str:
    """'Codice ISTAT ' -> 'codice_istat'; 'Città' -> 'citta'."""
    name = unicodedata.normalize("NFKD", name.strip().lstrip("\ufeff"))
    name = "".join(ch for ch in name if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "_", name).strip("_")


def suggest(name: str, expected: list[str]) -> str | None:
    match = difflib.get_close_matches(name, expected, n=1, cutoff=0.6)
    return match[0] if match else None


# What is looked at before reading: the first 64 KiB after a BOM.
HEAD_BYTES = 65536 + 3


def _sniff(start: bytes) -> tuple[str, str, bool]:
    """(encoding of the header line, separator, whether only the exact reader will do) from the
    file's first HEAD_BYTES bytes."""
    bom = start.startswith(b"\xef\xbb\xbf")
    start = start[3:] if bom else start[:65536]
    head, _sep_, _rest = start.partition(b"\n")
    head_text, encoding = decode(head)
    # A BOM header that is not UTF-8 is "mixed": only the exact reader names the character.
    encoding = ("utf-8-sig" if encoding == "utf-8" else "mixed") if bom else encoding
    sep = sniff_separator(head_text.rstrip("\r"))
    # Old Mac line ends go to the exact reader; so does any file polars refuses (ragged rows,
    # bad quoting) and any whose line count disagrees with polars' rows (blank lines, which
    # polars skips, or multi-line cells): there spreadsheet row numbers would shift.
    exact = b"\r" in head and not _rest and b"\n" not in start
    return encoding, sep, exact


def read_text_table(data: bytes, filename: str) -> TextTable:
    """Parse CSV bytes into text columns. Problems are file-level or row-level, never raised."""
    if not data or (len(data) < 65536 and not data.strip(b" \t\r\n;,\xef\xbb\xbf")):
        return TextTable(
            pl.DataFrame(),
            problems=[Problem(filename, 0, "", "", P.FILE_VUOTO,
                              "Il file è vuoto: serve almeno la riga di intestazione e una riga di dati.")],
        )
    if b"\x00" in data[:4096]:
        return TextTable(
            pl.DataFrame(),
            problems=[Problem(filename, 0, "", "", P.FILE_ILLEGGIBILE,
                              "Il file non è un CSV di testo (sembra un file binario). "
                              "Da Excel usare «Salva con nome» → «CSV (delimitato dal separatore di elenco)».")],
        )
    mixed = mixed_encoding(data, filename)
    if mixed is not None:
        return TextTable(pl.DataFrame(), problems=[mixed])
    encoding, sep, exact = _sniff(data[:HEAD_BYTES])
    problems: list[Problem] = []
    frame = None
    blanks = None  # whether the bytes hold a space or a tab, once known
    if not exact and encoding != "cp1252" and encoding != "latin-1":
        # UTF-8 is read straight from the bytes (polars skips the BOM itself: slicing it off
        # would copy the whole file); polars itself rejects invalid UTF-8.
        looked = soon(_line_ends_and_blanks, data)
        frame = _polars_read(data, sep)
        line_ends, blanks = looked()
        if frame is not None and not _rows_match_lines(data, frame, line_ends):
            frame = None
    if frame is None:
        text, encoding = decode(data)
        if encoding in ("cp1252", "latin-1") and not exact:
            utf8 = text.encode("utf-8")
            frame = _polars_read(utf8, sep)
            if frame is not None and not _rows_match_lines(utf8, frame):
                frame = None
        if frame is None:
            frame, problems = _read_with_csv_module(text.replace("\r\n", "\n").replace("\r", "\n"), sep, filename)
    frame = _name_columns(frame)
    frame = _drop_empty_rows(frame, may_be_padded=_may_be_padded(data, sep, blanks))
    return TextTable(frame, encoding, sep, problems)


# Above this size (bytes) looking for padding in the bytes costs as much as asking polars
# (the search for two-byte pairs slows down where spaces are frequent): polars is asked.
BYTE_PADDING_CHECK_MAX = 1024 * 1024


def read_large_csv(path: str, filename: str) -> tuple[TextTable, str] | None:
    """(text table, SHA-256 hex) of a large UTF-8 CSV file that polars reads without trouble, as
    ``read_text_table`` would give it from the file's bytes; None for any other file (the caller
    then reads the bytes).

    Polars reads the file itself (mapped, as the plain scan does) while a second thread reads it
    once for the fingerprint, the line count and the blanks: the file is never held whole in a
    Python bytes object. A file that changes meanwhile gives None."""
    try:
        before = os.stat(path)
        with open(path, "rb") as fh:
            start = fh.read(HEAD_BYTES)
        if b"\x00" in start[:4096] or not start.strip(b" \t\r\n;,\xef\xbb\xbf"):
            return None
        encoding, sep, exact = _sniff(start)
        if exact or encoding in ("cp1252", "latin-1", "mixed"):
            return None
        looked = soon(_file_facts, path, size=before.st_size)
        frame = _polars_read(path, sep)
        digest, size, line_ends, ends_with_line_end, blanks = looked()
        after = os.stat(path)
        if (frame is None or size != before.st_size
                or (before.st_ino, before.st_size, before.st_mtime_ns) != (after.st_ino, after.st_size, after.st_mtime_ns)
                or line_ends + (0 if ends_with_line_end else 1) - 1 != frame.height):
            return None
        frame = _name_columns(frame)
        may_be_padded = blanks and (sep not in _CLASSES or size > BYTE_PADDING_CHECK_MAX or _may_be_padded(
            Path(path).read_bytes(), sep, blanks))
        return TextTable(_drop_empty_rows(frame, may_be_padded), encoding, sep, []), digest
    except Exception:  # noqa: BLE001 - the bytes route will say what is wrong
        return None


def _file_facts(path: str) -> tuple[str, int, int, bool, bool]:
    """(SHA-256 hex, size, line ends, whether the last byte is a line end, whether a space or a
    tab is there) in one read of the file, a slice at a time."""
    digest = hashlib.sha256()
    size = line_ends = 0
    blanks = ends_with_line_end = False
    with open(path, "rb") as fh:
        while chunk := fh.read(COUNT_SLICE_BYTES):
            digest.update(chunk)
            size += len(chunk)
            line_ends += chunk.count(b"\n")
            blanks = blanks or b" " in chunk or b"\t" in chunk
            ends_with_line_end = chunk.endswith(b"\n")
    return digest.hexdigest(), size, line_ends, ends_with_line_end, blanks


def _byte_classes(sep: str) -> bytes:
    """A bytes.translate table: cell boundaries (separator, line ends, quote) -> "|", space and
    tab -> "_", any other byte -> "."."""
    table = bytearray(b"." * 256)
    for b in (sep.encode(), b"\r", b"\n", b'"'):
        table[b[0]] = ord("|")
    table[ord(" ")] = table[ord("\t")] = ord("_")
    return bytes(table)


_CLASSES = {sep: _byte_classes(sep) for sep in SEPARATORS if sep != "\t"}


def _may_be_padded(data: bytes, sep: str, blanks: bool | None = None) -> bool:
    """False only if no cell can start or end with a space or a tab: in the bytes no space or tab
    touches a separator, a line end, a quote or either end of the file.

    Space, tab and the boundaries are single ASCII bytes in every encoding read here and never
    part of another character, so looking at the bytes is exact; cheaper than asking polars for
    every column. With a tab separator the two cannot be told apart: the answer is True.
    ``blanks``: whether the bytes hold a space or a tab, when already known."""
    if not (_has_blanks(data) if blanks is None else blanks):
        return False
    if sep not in _CLASSES or len(data) > BYTE_PADDING_CHECK_MAX:
        return True
    classes = data.translate(_CLASSES[sep])
    return classes.startswith(b"_") or classes.endswith(b"_") or b"|_" in classes or b"_|" in classes


# bytes.count holds the GIL: counted a slice at a time, the reading thread gets it in between.
COUNT_SLICE_BYTES = 4 * 1024 * 1024


def _count_line_ends(payload: bytes) -> int:
    return sum(payload.count(b"\n", i, i + COUNT_SLICE_BYTES) for i in range(0, len(payload), COUNT_SLICE_BYTES))


def _has_blanks(payload: bytes) -> bool:
    """Whether the bytes hold a space or a tab (looked for a slice at a time, as above)."""
    return any(payload.find(blank, i, i + COUNT_SLICE_BYTES) >= 0
               for blank in (b" ", b"\t") for i in range(0, len(payload), COUNT_SLICE_BYTES))


def _line_ends_and_blanks(payload: bytes) -> tuple[int, bool]:
    """(line ends, whether a space or a tab is there): what is worth knowing while polars reads."""
    return _count_line_ends(payload), _has_blanks(payload)


def _rows_match_lines(payload: bytes, frame: pl.DataFrame, line_ends: int | None = None) -> bool:
    """Whether polars read one row per line after the header. A BOM holds no line end, so the
    count is the same with or without it; ``line_ends`` is the count when already known."""
    if line_ends is None:
        line_ends = _count_line_ends(payload)
    lines = line_ends + (0 if payload.endswith(b"\n") else 1)
    return lines - 1 == frame.height


def _polars_read(payload: bytes, sep: str) -> pl.DataFrame | None:
    try:
        return pl.read_csv(
            payload,
            separator=sep,
            infer_schema=False,
            has_header=True,
            quote_char='"',
            empty_string_is_null=True,
            raise_if_empty=False,
            row_index_name=ROW_COLUMN,
            row_index_offset=P.PRIMA_RIGA_DATI,
        )
    except Exception:  # noqa: BLE001 - the caller falls back to the exact reader
        return None


def _read_with_csv_module(text: str, sep: str, filename: str) -> tuple[pl.DataFrame, list[Problem]]:
    """Slow, exact reader: counts rows as a spreadsheet does and reports ragged ones."""
    reader = csv.reader(io.StringIO(text), delimiter=sep, quotechar='"')
    problems: list[Problem] = []
    header: list[str] | None = None
    rows: list[list[str | None]] = []
    numbers: list[int] = []
    for line_no, fields in enumerate(reader, start=1):
        if header is None:
            header = [f or f"colonna_{i + 1}" for i, f in enumerate(fields)]
            continue
        if not fields or all(not f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            problems.append(Problem(
                filename, reader.line_num, "", sep.join(fields)[:80], P.RIGA_INCOERENTE,
                f"La riga ha {len(fields)} campi ma l'intestazione ne ha {len(header)}: "
                "controllare separatori o virgolette. La riga non è stata caricata.",
            ))
            continue
        rows.append([f if f != "" else None for f in fields])
        numbers.append(reader.line_num)
    header = header or []
    columns = {h: [r[i] for r in rows] for i, h in enumerate(header)}
    frame = pl.DataFrame(columns, schema={h: pl.Utf8 for h in header})
    frame = frame.with_columns(pl.Series(ROW_COLUMN, numbers, dtype=pl.UInt32)).select(
        [ROW_COLUMN, *header]
    )
    return frame, problems


def _name_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Normalised header names. Excel's trailing unnamed, empty columns (`a;b;;`) carry nothing
    and are dropped; an unnamed column with data is kept as `colonna_N` so it gets reported."""
    names: list[str] = []
    drop: list[str] = []
    for i, c in enumerate(frame.columns):
        if c == ROW_COLUMN:
            names.append(c)
            continue
        name = normalise_header(c)
        if not name or name.startswith("duplicated_"):
            if frame.height and frame[c].null_count() == frame.height:
                drop.append(c)
                continue
            name = f"colonna_{i}"
        names.append(name)
    if drop:
        frame = frame.drop(drop)
    # Setting the names in place costs no pass over the data (a rename would); a clash still raises.
    frame.columns = names
    return frame


@lru_cache(maxsize=1024)
def _padded(name: str) -> pl.Expr:
    """True if some cell of the column starts or ends with a space or a tab (built once per name)."""
    c = pl.col(name)
    return (c.str.starts_with(" ") | c.str.ends_with(" ") | c.str.starts_with("\t") | c.str.ends_with("\t")).any()


def _may_have_blank_rows(frame: pl.DataFrame, data_cols: list[str]) -> bool:
    """False when some column has no empty cell, so no row can be all blank (null counts are
    kept with the columns: no pass over the data)."""
    return all(frame.get_column(c).null_count() for c in data_cols)


def _drop_empty_rows(frame: pl.DataFrame, may_be_padded: bool = True) -> pl.DataFrame:
    """Trim cells and drop rows whose every cell is blank (Excel's trailing ';;;;': nothing to lose).

    ``may_be_padded=False`` (the bytes hold no space or tab) skips looking for cells to trim."""
    data_cols = [c for c in frame.columns if c != ROW_COLUMN]
    if not data_cols or frame.height == 0:
        return frame
    blank = pl.all_horizontal([pl.col(c).is_null() for c in data_cols])
    if may_be_padded:
        # Trimming allocates a new string per cell: only do it for columns that need it.
        found = frame.select([_padded(c).alias(c) for c in data_cols]).row(0)
        to_trim = [c for c, p in zip(data_cols, found) if p]
        if to_trim:
            frame = frame.with_columns([pl.col(c).str.strip_chars().replace("", None) for c in to_trim])
    if _may_have_blank_rows(frame, data_cols) and frame.select(blank.any()).item():
        frame = frame.filter(~blank)
    return frame
