"""Property-based tests: whatever a coordinator uploads, the loaders answer with data or a message.

Never an unhandled exception; never an empty result without saying why; never a row dropped
without a problem naming it.
"""

from __future__ import annotations

import io
import os

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_loaders import parse_bytes
from data_loaders.intake import validate_upload
from data_loaders.registry import DATASETS, get
from data_loaders.xlsx import read_xlsx_table

SETTINGS = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = sorted(DATASETS)

# Cells a spreadsheet user might type: digits, Italian numbers and dates, accents, separators
# inside values, formula-like text, blanks.
CELL_ALPHABET = "0123456789,.-/ abcxyzàèéìòù€%;=+@'"
cell = st.one_of(
    st.text(alphabet=CELL_ALPHABET, max_size=12),
    st.sampled_from(["", "sì", "no", "019036", "19036", "31/12/2023", "2023", "1.234,5", "hub", "EM1",
                     "Cremonese", "CR-F001", "2023-S1", "-1", "=1+1", "99999999999999999999"]),
)


def _csv(rows: list[list[str]], sep: str = ";") -> bytes:
    return ("\r\n".join(sep.join(r) for r in rows) + "\r\n").encode("utf-8")


@SETTINGS
@given(data=st.binary(max_size=3000), name=st.sampled_from(NAMES))
def test_arbitrary_bytes_never_raise_and_always_explain(data, name):
    result = parse_bytes(data, get(name))
    if result.frame.height == 0:
        assert result.problems, "un risultato vuoto deve dire perché"
    report = validate_upload(data, name, "caricato.csv")
    if report.outcome != "valido":
        assert report.problems and all(p.message for p in report.problems)
    assert report.table().height == len(report.problems)
    report.table_csv()


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_after_a_zip_signature_are_a_message(data):
    result = parse_bytes(b"PK\x03\x04" + data, get("comuni"))
    assert result.frame.height == 0 and result.problems


@SETTINGS
@given(name=st.sampled_from(NAMES), data=st.data())
def test_arbitrary_rows_every_row_is_counted_or_named(name, data):
    spec = get(name)
    header = spec.column_names
    rows = data.draw(st.lists(st.lists(cell, min_size=len(header), max_size=len(header)), max_size=12))
    result = parse_bytes(_csv([header, *rows]), spec)
    kept = set(result.frame["_riga"].to_list())
    named = {p.row for p in result.problems}
    for i, r in enumerate(rows):
        spreadsheet_row = i + 2
        blank = all(not c.strip() for c in r)
        if not blank:
            assert spreadsheet_row in kept or spreadsheet_row in named, (spreadsheet_row, r, result.problems)
    assert kept.isdisjoint({p.row for p in result.errors})


@SETTINGS
@given(name=st.sampled_from(NAMES), data=st.data())
def test_arbitrary_text_rows_and_headers_never_raise(name, data):
    spec = get(name)
    header = data.draw(st.lists(st.sampled_from(spec.column_names + ["", "colonna", "Codice ISTAT", "anno "]),
                                min_size=0, max_size=len(spec.column_names) + 2))
    rows = data.draw(st.lists(st.lists(st.text(max_size=10), max_size=len(header) + 2), max_size=8))
    sep = data.draw(st.sampled_from([";", ",", "\t"]))
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    text = "\r\n".join(sep.join(r) for r in [header, *rows])
    raw = text.encode(encoding, errors="replace")
    result = parse_bytes(raw, spec)
    if result.frame.height == 0:
        assert result.problems
    assert validate_upload(raw, name, "x.csv").outcome in ("rifiutato", "da_confermare", "valido")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(st.one_of(st.none(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False),
                                        st.booleans(), st.text(max_size=8).filter(lambda s: not any(ord(c) < 32 for c in s))),
                              max_size=7), max_size=8))
def test_arbitrary_xlsx_sheets_never_raise(rows):
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    table = read_xlsx_table(buf.getvalue(), "x.xlsx")
    assert table.frame.width > 0 or table.problems
    report = validate_upload(buf.getvalue(), "comuni", "x.xlsx")
    if report.outcome != "valido":
        assert report.problems


_WORKBOOKS: dict[str, bytes] = {}


def _workbook(kind: str) -> bytes:
    """A small real workbook of the kind (built once): the bytes the mutations start from."""
    if kind not in _WORKBOOKS:
        from tests.spreadsheets import ods_bytes, xlsx_bytes

        rows = [["anno", "codice_istat", "comune", "ambito", "popolazione"], [2023, "019036", "Cremona", "Cremonese", 1.5]]
        _WORKBOOKS[kind] = (xlsx_bytes if kind == "xlsx" else ods_bytes)(rows)
    return _WORKBOOKS[kind]


@SETTINGS
@given(kind=st.sampled_from(["xlsx", "ods"]),
       flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)), max_size=8),
       cut=st.one_of(st.none(), st.integers(min_value=4)))
def test_damaged_workbooks_are_checked_and_read_without_raising(kind, flips, cut):
    # Byte changes anywhere (directory, headers, compressed parts) and truncation: the archive check
    # and the reader answer with a table or a message, never an exception.
    from data_loaders.xlsx import check_archive

    data = bytearray(_workbook(kind))
    for at, byte in flips:
        data[at % len(data)] = byte
    data = bytes(data[:cut] if cut else data)
    check_archive(data, "danneggiato." + kind)
    report = validate_upload(data, "comuni", "danneggiato." + kind)
    if report.outcome != "valido":
        assert report.problems and all(p.message for p in report.problems)
