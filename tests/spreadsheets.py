"""Spreadsheets written the way Excel and LibreOffice write them, typed cells included, for tests.

openpyxl writes .xlsx (a test-only dependency); .ods is written by hand: a zip with the
«mimetype» part first and stored, and a content.xml of typed cells, which is all a reader needs.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

from data_loaders.loader import load_dataset
from data_loaders.registry import DATASETS
from data_loaders.text_table import ROW_COLUMN


def xlsx_bytes(rows: list[list], sheet: str = "Dati") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _ods_cell(value: object) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        return (f'<table:table-cell office:value-type="boolean" office:boolean-value="{str(value).lower()}">'
                f"<text:p>{'VERO' if value else 'FALSO'}</text:p></table:table-cell>")
    if isinstance(value, (int, float)):
        return (f'<table:table-cell office:value-type="float" office:value="{value!r}">'
                f"<text:p>{value}</text:p></table:table-cell>")
    if isinstance(value, dt.date):
        return (f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
                f"<text:p>{value:%d/%m/%Y}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'


def ods_bytes(rows: list[list], sheet: str = "Dati") -> bytes:
    body = "".join("<table:table-row>" + "".join(_ods_cell(v) for v in r) + "</table:table-row>" for r in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">{body}'
        "</table:table></office:spreadsheet></office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet",
                   compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)
    return buf.getvalue()


def typed_rows(name: str, folder: Path) -> list[list]:
    """The dataset's rows as typed cells (numbers as numbers, dates as dates), header first: what a
    clerk gets opening the CSV in Excel and saving it as a spreadsheet."""
    frame = load_dataset(name, folder).frame.drop(ROW_COLUMN)
    return [frame.columns] + [list(r) for r in frame.iter_rows()]


def convert_folder(source: Path, target: Path, kind: str = "xlsx") -> None:
    """Every dataset of ``source`` written into ``target`` as a spreadsheet of typed cells."""
    target.mkdir(parents=True, exist_ok=True)
    write = xlsx_bytes if kind == "xlsx" else ods_bytes
    for name, spec in DATASETS.items():
        if (source / spec.filename).exists():
            (target / spec.filename).with_suffix("." + kind).write_bytes(write(typed_rows(name, source)))


SHEET = "xl/worksheets/sheet1.xml"


def inflated_xlsx(unpacked_bytes: int, declared_bytes: int | None = None) -> bytes:
    """A real workbook whose first sheet is one inline-string cell of ``unpacked_bytes`` letters: a few
    hundred KB that unpack to ``unpacked_bytes`` (371 MB from 371 KB is the attack of issue 16).
    ``declared_bytes`` makes the archive lie about the sheet's unpacked size, as a hostile file would
    to pass a check of the declared sizes only.

    Built in well under a second: after a full flush a deflate stream restarts from nothing, so the
    compressed form of one block of letters is computed once and repeated (zlib would take seconds
    to compress hundreds of MB)."""
    base = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["a"], ["b"]])))
    parts = [_deflated(i.filename, base.read(i.filename)) for i in base.infolist() if i.filename != SHEET]
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>')
    tail = b"</t></is></c></row></sheetData></worksheet>"
    block = b"A" * (8 * 1024 * 1024)
    full, rest = divmod(unpacked_bytes - len(head) - len(tail), len(block))
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    first = deflater.compress(head) + deflater.flush(zlib.Z_FULL_FLUSH)
    repeated = deflater.compress(block) + deflater.flush(zlib.Z_FULL_FLUSH)
    end = block[:rest] + tail
    last = deflater.compress(end) + deflater.flush()
    crc = zlib.crc32(head)
    for _ in range(full):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(end, crc)
    size = unpacked_bytes if declared_bytes is None else declared_bytes
    parts.append((SHEET, first + repeated * full + last, crc, size))
    return _zip(parts)


def _deflated(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    deflater = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return name, deflater.compress(data) + deflater.flush(), zlib.crc32(data), len(data)


def _zip(parts: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip archive of already deflated parts (name, raw deflate stream, CRC-32, unpacked size)."""
    import struct

    out, directory = io.BytesIO(), io.BytesIO()
    for name, packed, crc, size in parts:
        offset = out.tell()
        raw = name.encode()
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 33, crc, len(packed), size, len(raw), 0))
        out.write(raw + packed)
        directory.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 33, crc, len(packed), size,
                                    len(raw), 0, 0, 0, 0, 0, offset) + raw)
    start = out.tell()
    out.write(directory.getvalue())
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory.getvalue()),
                          start, 0))
    return out.getvalue()


def declare_size(data: bytearray, name: bytes, size: int) -> None:
    """Overwrite the uncompressed size of entry ``name`` in its local header and central directory
    (zip64 extra fields too, where the writer put them)."""
    import struct

    for sig, size_at, name_len_at, extra_len_at, fixed in ((b"PK\x03\x04", 22, 26, 28, 30),
                                                             (b"PK\x01\x02", 24, 28, 30, 46)):
        pos = data.find(sig)
        while pos >= 0:
            n, e = struct.unpack_from("<HH", data, pos + name_len_at)
            if bytes(data[pos + fixed:pos + fixed + n]) == name:
                if struct.unpack_from("<I", data, pos + size_at)[0] == 0xFFFFFFFF:
                    # zip64: the real figure is in the extra field (uncompressed size first)
                    x = pos + fixed + n
                    end = x + e
                    while x < end:
                        tag, ln = struct.unpack_from("<HH", data, x)
                        if tag == 1:
                            struct.pack_into("<Q", data, x + 4, size)
                        x += 4 + ln
                else:
                    struct.pack_into("<I", data, pos + size_at, size)
            pos = data.find(sig, pos + 4)


def far_cell_xlsx() -> bytes:
    """A 5 KB workbook with a header and one value typed in the sheet's last cell (XFD1048576): the
    reader would build the whole 1.048.576 × 16.384 rectangle."""
    base = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["comune"], ["x"]])))
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>comune</t></is></c>'
             b'</row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')
    return _zip([_deflated(i.filename, sheet if i.filename == SHEET else base.read(i.filename))
                 for i in base.infolist()])


def repeated_ods(rows: int, columns: int) -> bytes:
    """A tiny .ods whose second row, a number, is «repeated» ``rows`` times across ``columns`` columns
    (ODS's own compression of equal cells): rows × columns values once read."""
    data = ods_bytes([["comune"], ["x"]])
    z = zipfile.ZipFile(io.BytesIO(data))
    row = b'<table:table-row><table:table-cell office:value-type="string"><text:p>x'
    repeated = (f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell '
                f'table:number-columns-repeated="{columns}" office:value-type="float" office:value="1"/>'
                "</table:table-row>").encode()
    content = z.read("content.xml").replace(row, repeated + row)
    return _zip([_deflated(i.filename, content if i.filename == "content.xml" else z.read(i.filename))
                 for i in z.infolist()])
