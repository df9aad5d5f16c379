"""The loaders' shortcuts (clean-file pass, shortcut casts, padding looked for in the bytes,
fingerprint on a thread) give exactly what the full column-by-column path gives.

The reference is the same loader with every shortcut refused: each column typed by ``_parse``
(dates by ``_date_formats``), every cell flagged one by one, padding looked for by polars.
"""

from __future__ import annotations

import hashlib
import os

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_loaders import background, convert, load_dataset, loader, parse_bytes, text_table
from data_loaders.registry import DATASETS, get
from data_loaders.spec import ColumnSpec

SETTINGS = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
NAMES = sorted(DATASETS)


def _refuse_shortcuts(col: ColumnSpec):
    """A shortcut that never holds: every column goes through _parse."""
    return pl.lit(None).cast(col.polars_type), pl.lit(False)


def reference(data: bytes, spec, **kw):
    """parse_bytes with every shortcut refused."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(convert, "_fast", _refuse_shortcuts)
        m.setattr(convert, "_quick", lambda *_a: (None, False, []))
        m.setattr(text_table, "_may_be_padded", lambda *_a: True)
        convert._plan.cache_clear()
        try:
            return parse_bytes(data, spec, **kw)
        finally:
            convert._plan.cache_clear()


def assert_same(result, expected):
    assert result.frame.schema == expected.frame.schema
    assert result.frame.equals(expected.frame, null_equal=True)
    assert result.problems == expected.problems  # same order, values and messages
    assert (result.rows_read, result.encoding, result.separator, result.sha256) == (
        expected.rows_read, expected.encoding, expected.separator, expected.sha256)


# Cells per kind: mostly what a clean export holds (so the shortcuts are taken), plus what
# breaks each shortcut (thousands, dots, capitals, other date formats, padding, junk).
def _cells(col: ColumnSpec) -> st.SearchStrategy[str]:
    if col.kind == "integer":
        odd = ["1.234", "+5", "-0", " 7 ", "7,0", "x", "", "99999999999999999999", "٣"]
        clean = ["2023", "12", "0", "5"]
    elif col.kind == "number":
        odd = ["1.234,5", "1.500", "12.5", "1e3", "€ 12", ",5", "5.", "", "abc", "inf"]
        clean = ["12,5", "7", "-3,25", "0,00", "135699,00"]
    elif col.kind == "date":
        odd = ["2023-12-31", "1/2/2024", "31-12-2023", "31.12.2023", "32/01/2023", "", "ieri", " 01/01/2024"]
        clean = ["31/12/2023", "01/02/2024", "15/06/2025"]
    elif col.kind == "boolean":
        odd = ["Sì", "NO", "forse", "", "VERO"]
        clean = ["sì", "no", "x", "1", "0"]
    elif col.istat:
        odd = ["19036", "1903", "0190361", "+19036", "", "٠١٢٣٤٥", "abc"]
        clean = ["019036", "019001", "019110"]
    elif col.choices:
        odd = [col.choices[0].upper(), "altro", "", " " + col.choices[-1]]
        clean = list(col.choices)
    else:
        odd = ["", "Mario Rossi", "X", " spazio ", "a\tb", '"tra virgolette"']
        clean = [col.example or "testo", "EM1", "CR-F001", "HUG-0201"]
    return st.one_of(st.sampled_from(clean), st.sampled_from(clean), st.sampled_from(clean), st.sampled_from(odd))


@st.composite
def csv_file(draw, spec):
    header = list(spec.column_names)
    rows = draw(st.lists(st.tuples(*[_cells(c) for c in spec.columns]), max_size=8))
    if rows and draw(st.booleans()):
        rows.append(rows[0])  # a repeated key
    sep = draw(st.sampled_from([";", ";", ",", "\t"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    text = "\r\n".join(sep.join(r) for r in [header, *rows]) + "\r\n"
    return text.encode(encoding, errors="replace")


@SETTINGS
@given(data=st.data(), name=st.sampled_from(NAMES))
def test_shortcuts_give_what_the_full_path_gives(data, name):
    spec = get(name)
    raw = data.draw(csv_file(spec))
    assert_same(parse_bytes(raw, spec), reference(raw, spec))


PADDING_CELLS = ["a", "a b", "", "a ", " a", "\ta", "a\t", " ", '" a"', '"a "', '"a; b"', "1"]


@SETTINGS
@given(cells=st.lists(st.lists(st.sampled_from(PADDING_CELLS), min_size=2, max_size=2), min_size=1, max_size=4),
       sep=st.sampled_from([";", ","]), end=st.sampled_from(["\r\n", "\n", ""]))
def test_no_padding_in_the_bytes_means_no_cell_to_trim(cells, sep, end):
    data = ("a" + sep + "b\r\n" + "\r\n".join(sep.join(r) for r in cells) + end).encode()
    untrimmed = text_table._polars_read(data, sep)
    if untrimmed is None or text_table._may_be_padded(data, sep):
        return
    for column in untrimmed.columns[1:]:
        for cell in untrimmed[column].drop_nulls().to_list():
            assert cell == cell.strip(" \t"), (data, cell)


@pytest.mark.parametrize("row", ["x ;y", " x;y", "x;y ", "x;\ty", '"x ";y', 'x;" y"', "x\t;y"])
def test_a_padded_cell_anywhere_is_seen_in_the_bytes(row):
    for end in ("\r\n", ""):
        assert text_table._may_be_padded(f"a;b\r\n{row}{end}".encode(), ";")
    assert not text_table._may_be_padded(b"a;b\r\nx y;\"z w\"\r\n", ";")


def test_sample_data_takes_the_clean_file_pass_and_matches_the_full_path(monkeypatch):
    taken = []
    quick = convert._quick

    def counting(raw, spec, plan):
        answer = quick(raw, spec, plan)
        taken.append((spec.name, answer[0] is not None))
        return answer

    monkeypatch.setattr(convert, "_quick", counting)
    for name in NAMES:
        result = load_dataset(name)
        with open(result.path, "rb") as fh:
            assert_same(result, reference(fh.read(), get(name)))
    # Every bundled file is clean: each went through the one-pass route.
    assert sorted(taken) == [(n, True) for n in NAMES]


def test_an_italian_excel_file_with_wrong_values_matches_the_full_path():
    spec = get("pippi_famiglie")
    rows = [spec.column_names,
            ["Cremonese", "CR-1", "EM1", "19036", "18/12/2023", "12/01/2024", "", "Sì", "8,5"],
            ["Cremonese", "CR-2", "EM9", "019036", "2023-12-18", "", "", "forse", "1.234,5"],
            ["Cremonese", "Mario Rossi", "EM1", "019036", "18/12/2023", "10/12/2023", "", "no", "-1"],
            ["Cremonese", "CR-1", "EM1", "19036", "18/12/2023", "12/01/2024", "", "Sì", "8,5"]]
    data = ("\r\n".join(";".join(r) for r in rows) + "\r\n").encode("cp1252")
    result = parse_bytes(data, spec)
    assert_same(result, reference(data, spec))
    assert {p.row for p in result.errors} == {3, 4, 5}


def test_the_fingerprint_of_a_large_file_is_the_files_sha256(monkeypatch):
    monkeypatch.setattr(background, "THREAD_FROM_BYTES", 10)
    data = b"anno;codice_istat;comune;ambito;popolazione\r\n2023;019036;Cremona;Cremonese;71498\r\n"
    assert parse_bytes(data, get("comuni")).sha256 == hashlib.sha256(data).hexdigest()


def test_work_handed_to_a_thread_comes_back_or_raises_there(monkeypatch):
    monkeypatch.setattr(background, "THREAD_FROM_BYTES", 1)
    assert background.soon(len, b"abc")() == 3

    def broken(_data):
        raise ValueError("rotto")
    later = background.soon(broken, b"abc")
    with pytest.raises(ValueError, match="rotto"):
        later()


def test_line_ends_and_blanks_looked_for_slice_by_slice_are_all_seen(monkeypatch):
    monkeypatch.setattr(text_table, "COUNT_SLICE_BYTES", 3)
    for data in (b"", b"\n", b"ab\n\ncd\n", b"abc\ndef\n\n\n", b"\n" * 10, b"abcdef g", b"abcdefgh\t", b"abc def"):
        assert text_table._count_line_ends(data) == data.count(b"\n")
        assert text_table._has_blanks(data) == (b" " in data or b"\t" in data)


@pytest.mark.parametrize("content", [
    b"\xef\xbb\xbfanno;codice_istat;comune;ambito;popolazione\r\n2023;19036;Cremona;Cremonese;71.498\r\n",
    b"anno;codice_istat;comune;ambito;popolazione\n2023;019036; Cremona ;Cremonese;7\n;;;;\n",
    b"anno;codice_istat;comune;ambito;popolazione\r\n2023;019036;Cremona;Cremonese;7\r\n\r\n2024;019036;Cremona;Cremonese;8",
    "anno;codice_istat;comune;ambito;popolazione\r\n2023;019036;Città;Cremonese;7\r\n".encode("cp1252"),
    b"anno;codice_istat;comune;ambito;popolazione\r\n2023;019036;Cremona;Cremonese;7;x\r\n",
    b"anno;codice_istat;comune;ambito;Anno \r\n2023;019036;Cremona;Cremonese;7\r\n",
    b"anno;codice_istat\r2023;019036\r",
])
def test_a_large_file_read_from_disk_gives_what_its_bytes_give(tmp_path, monkeypatch, content):
    monkeypatch.setattr(loader, "LARGE_FILE_BYTES", 0)  # every file takes the large-file route
    (tmp_path / "comuni.csv").write_bytes(content)
    result = load_dataset("comuni", tmp_path)
    assert_same(result, parse_bytes(content, get("comuni")))


def test_the_bundled_data_read_from_disk_as_large_files_is_unchanged(monkeypatch):
    plain = {name: load_dataset(name) for name in NAMES}
    monkeypatch.setattr(loader, "LARGE_FILE_BYTES", 0)
    monkeypatch.setattr(background, "THREAD_FROM_BYTES", 0)  # and on the second thread
    for name in NAMES:
        assert_same(load_dataset(name), plain[name])


def test_a_file_that_changes_while_read_is_read_again_from_its_bytes(tmp_path, monkeypatch):
    content = b"anno;codice_istat;comune;ambito;popolazione\r\n2023;019036;Cremona;Cremonese;7\r\n"
    path = tmp_path / "comuni.csv"
    path.write_bytes(content)
    read = text_table._polars_read

    def rewritten_meanwhile(source, sep):
        frame = read(source, sep)
        path.write_bytes(content + b"2024;019036;Cremona;Cremonese;8\r\n")
        return frame
    monkeypatch.setattr(text_table, "_polars_read", rewritten_meanwhile)
    assert text_table.read_large_csv(str(path), "comuni.csv") is None
