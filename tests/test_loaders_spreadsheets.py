"""Issue 16 §2: spreadsheets read with their cell types (xlsx, ods), in uploads and in the data folder;
hostile archives refused before reading; mixed encodings and record counts."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest

from data_loaders import limits, load_dataset
from data_loaders import problems as P
from data_loaders import xlsx as xlsx_module
from data_loaders.intake import FIX_IT, store_upload, validate_upload
from data_loaders.loader import FILE_DOPPIO, load_all
from data_loaders.registry import DATASETS
from data_loaders.versions import StoreError
from data_loaders.xlsx import check_archive
from indicators.engine import compute_all
from tests.conftest import AS_OF, SAMPLE
from tests.helpers import excel_csv
from data_loaders import sheet_reader
from tests.spreadsheets import (SHEET, convert_folder, declare_size, far_cell_xlsx, inflated_xlsx, ods_bytes,
                                 repeated_ods, xlsx_bytes)

HEADER = ["anno", "codice_istat", "comune", "ambito", "popolazione"]
FAMILY_HEADER = DATASETS["pippi_famiglie"].column_names[:9]


def keys(problems):
    return {p.key() for p in problems}


def family(hours: object) -> list[list]:
    return [FAMILY_HEADER, ["Cremonese", "CR-1", "EM1", "019036", dt.date(2023, 12, 18), dt.date(2024, 1, 12),
                            None, True, hours]]


# ── Numbers as numbers ──────────────────────────────────────────────────────────────────────

@pytest.mark.parametrize("write", [xlsx_bytes, ods_bytes], ids=["xlsx", "ods"])
def test_a_number_cell_with_three_decimals_stays_that_number(write):
    # The number 37,125 (thirty-seven and an eighth): read as «37.125» text it became 37.125 thousand.
    report = validate_upload(write(family(37.125)), "pippi_famiglie", "famiglie")
    assert report.outcome == "valido", [str(p) for p in report.problems]
    assert report.result.frame["educativa_domiciliare_ore_sett"].to_list() == [37.125]


@pytest.mark.parametrize("write", [xlsx_bytes, ods_bytes], ids=["xlsx", "ods"])
def test_a_fractional_number_in_a_whole_number_column_is_an_error_not_a_thousand(write):
    rows = [HEADER, [2023, "019036", "Cremona", "Cremonese", 37.125], [2023, "019001", "A", "Cremonese", 1234]]
    report = validate_upload(write(rows), "comuni", "comuni")
    assert report.outcome == "da_confermare"
    assert keys(report.problems) == {(2, "popolazione", P.NUMERO_NON_VALIDO)}
    assert report.result.frame["popolazione"].to_list() == [1234]


def test_text_cells_follow_the_italian_rules_like_csv_text():
    rows = [HEADER, [2023, "019036", "Cremona", "Cremonese", "71.498"], [2023, "019001", "A", "Cremonese", "1.234"]]
    report = validate_upload(xlsx_bytes(rows), "comuni", "comuni.xlsx")
    assert report.outcome == "valido"
    assert report.result.frame["popolazione"].to_list() == [71498, 1234]
    text = family("37,125")
    assert validate_upload(xlsx_bytes(text), "pippi_famiglie", "f.xlsx").result.frame[
        "educativa_domiciliare_ore_sett"].to_list() == [37.125]


def test_ods_dates_booleans_codes_and_row_numbers():
    rows = family(8.5) + [[], ["Cremonese", "CR-2", "EM2", "019001", "10/05/2024", None, None, False, 0]]
    report = validate_upload(ods_bytes(rows), "pippi_famiglie", "famiglie.ods")
    assert report.outcome == "valido", [str(p) for p in report.problems]
    f = report.result.frame
    assert f["_riga"].to_list() == [2, 4]
    assert f["data_segnalazione"].to_list() == [dt.date(2023, 12, 18), dt.date(2024, 5, 10)]
    assert f["progetto_quadro"].to_list() == [True, False]
    assert f["educativa_domiciliare_ore_sett"].to_list() == [8.5, 0.0]


# ── The data folder ─────────────────────────────────────────────────────────────────────────

@pytest.fixture(scope="module")
def sample_table():
    return compute_all(load_all(SAMPLE), AS_OF)


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_a_folder_of_spreadsheets_gives_exactly_the_figures_of_the_csv(kind, tmp_path, sample_table):
    convert_folder(SAMPLE, tmp_path, kind)
    assert not list(tmp_path.glob("*.csv"))
    loaded = load_all(tmp_path)
    for name, result in load_all(SAMPLE).items():
        assert loaded[name].frame.equals(result.frame), name
        assert loaded[name].errors == [], name
        assert loaded[name].path.endswith("." + kind)
    assert compute_all(loaded, AS_OF).equals(sample_table)


def test_a_csv_and_a_spreadsheet_for_one_dataset_are_refused_never_picked(data_copy):
    (data_copy / "comuni.xlsx").write_bytes(xlsx_bytes([HEADER, [2023, "019036", "Cremona", "Cremonese", 1]]))
    result = load_dataset("comuni", data_copy)
    assert keys(result.problems) == {(0, "", FILE_DOPPIO)}
    assert result.frame.height == 0 and not result.missing
    assert "comuni.csv e comuni.xlsx" in result.problems[0].message
    # An upload would add a second current file beside the spreadsheet: refused too, nothing written.
    csv = excel_csv([HEADER, ["2023", "019036", "Cremona", "Cremonese", "70000"]])
    with pytest.raises(StoreError, match="comuni.xlsx"):
        store_upload(validate_upload(csv, "comuni", "comuni.csv"), "prova", str(data_copy))
    (data_copy / "comuni.csv").unlink()
    assert load_dataset("comuni", data_copy).frame["popolazione"].to_list() == [1]


def test_a_spreadsheet_in_the_folder_names_itself_in_its_problems(tmp_path):
    rows = [HEADER, [2023, "019036", "Cremona", "Cremonese", "molti"], [2023, "019001", "A", "Cremonese", 3]]
    (tmp_path / "comuni.ods").write_bytes(ods_bytes(rows))
    result = load_dataset("comuni", tmp_path)
    assert keys(result.problems) == {(2, "popolazione", P.NUMERO_NON_VALIDO)}
    assert {p.file for p in result.problems} == {"comuni.ods"}


# ── Hostile archives ────────────────────────────────────────────────────────────────────────

@pytest.fixture(scope="module")
def bomb() -> bytes:
    """The attack of issue 16: ~371 KB that unpack to 371 MB (one inline string)."""
    return inflated_xlsx(371 * 1024 * 1024)


@pytest.fixture
def reader_never_called(monkeypatch):
    def refuse(*_a, **_k):
        raise AssertionError("the workbook reader was reached")
    import python_calamine

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", refuse)


def test_the_371_mb_bomb_is_refused_from_its_directory_with_the_reason(bomb, reader_never_called):
    assert len(bomb) < 400 * 1024
    report = validate_upload(bomb, "comuni", "bomba.xlsx")
    assert report.outcome == "rifiutato"
    assert keys(report.problems) == {(0, "", limits.ARCHIVIO_ANOMALO)}
    message = report.problems[0].message
    # Deflate's ceiling is ~1.030 to 1: the message gives the figure the Italian way.
    assert re.search(r"compressa 1\.02\d volte", message) and "371 MB" in message and SHEET in message
    assert FIX_IT[limits.ARCHIVIO_ANOMALO]


def test_a_bomb_that_lies_about_its_size_is_caught_by_counting_what_it_unpacks(bomb, reader_never_called,
                                                                               monkeypatch):
    liar = bytearray(bomb)
    declare_size(liar, SHEET.encode(), 40_000)
    assert zipfile.ZipFile(io.BytesIO(bytes(liar))).getinfo(SHEET).file_size == 40_000
    unpacked: list[int] = []
    count = xlsx_module._unpacked_size
    monkeypatch.setattr(xlsx_module, "_unpacked_size", lambda *a: unpacked.append(count(*a)) or unpacked[-1])
    problem = check_archive(bytes(liar), "bomba.xlsx")
    assert problem.key() == (0, "", limits.ARCHIVIO_ANOMALO)
    assert "contiene più di quanto dichiara" in problem.message
    # The work stops one byte past the declared size, whatever the part really holds.
    assert max(unpacked) == 40_001


def test_an_honest_sheet_over_the_unpacked_limit_says_how_big(monkeypatch, reader_never_called):
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 100 * 1024)
    data = xlsx_bytes([HEADER] + [[2023, f"019{i:03d}", f"Comune {i}", "Cremonese", i] for i in range(3000)])
    report = validate_upload(data, "comuni", "comuni.xlsx")
    assert keys(report.problems) == {(0, "", limits.FOGLIO_TROPPO_GRANDE)}
    assert FIX_IT[limits.FOGLIO_TROPPO_GRANDE]


def test_an_archive_of_thousands_of_parts_is_refused(reader_never_called):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(limits.MAX_ARCHIVE_ENTRIES):
            z.writestr(f"xl/media/{i}.bin", b"")
    report = validate_upload(buf.getvalue(), "comuni", "parti.xlsx")
    assert keys(report.problems) == {(0, "", limits.ARCHIVIO_ANOMALO)}


def test_a_real_workbook_passes_the_archive_check():
    assert check_archive(xlsx_bytes([HEADER, [2023, "019036", "Cremona", "Cremonese", 1]]), "c.xlsx") is None
    assert check_archive(ods_bytes([HEADER]), "c.ods") is None
    assert check_archive(b"anno;comune\r\n", "c.csv") is None


def test_a_bomb_in_the_data_folder_is_refused_the_same_way(bomb, tmp_path, reader_never_called):
    (tmp_path / "comuni.xlsx").write_bytes(bomb)
    assert keys(load_dataset("comuni", tmp_path).problems) == {(0, "", limits.ARCHIVIO_ANOMALO)}


def test_a_value_in_the_last_cell_is_refused_and_the_server_process_lives():
    # 5 KB; in the server's process the reader's 17-billion-cell rectangle aborted the process (Rust OOM).
    report = validate_upload(far_cell_xlsx(), "comuni", "comuni.xlsx")
    assert report.outcome == "rifiutato"
    assert keys(report.problems) == {(0, "", limits.FOGLIO_TROPPO_GRANDE)}
    assert "in fondo al foglio" in report.problems[0].message
    assert validate_upload(xlsx_bytes([HEADER, [2023, "019036", "Cremona", "Cremonese", 1]]),
                           "comuni", "comuni.xlsx").outcome == "valido"


def test_ods_repeated_cells_are_read_within_the_reader_memory(monkeypatch):
    monkeypatch.setattr(sheet_reader, "CHILD_MEMORY_BYTES", 150 * 1024 * 1024)
    # A few repeats are how LibreOffice stores equal cells: read as the rows they stand for.
    small = sheet_reader.read_first_sheet(repeated_ods(100, 3))
    assert small.csv.count(b"\r\n") == 102 and b"1;1;1\r\n" in small.csv
    # 823 bytes standing for a million values: the child runs out of its memory, the server does not.
    with pytest.raises(sheet_reader.SheetTooLarge):
        sheet_reader.read_first_sheet(repeated_ods(5000, 200))


# ── Mixed encodings ─────────────────────────────────────────────────────────────────────────

MIXED = ("\ufeffanno;codice_istat;comune;ambito;popolazione\r\n2023;019036;Cremona;Cremonese;70000\r\n"
         ).encode("utf-8") + "2023;019001;Città;Cremonese;1200\r\n".encode("cp1252")


def test_a_bom_file_holding_windows_1252_bytes_is_refused_naming_line_and_character(tmp_path):
    report = validate_upload(MIXED, "comuni", "comuni.csv")
    assert report.outcome == "rifiutato"
    assert keys(report.problems) == {(0, "", limits.CODIFICA_MISTA)}
    problem = report.problems[0]
    assert problem.value == "à" and "riga 3" in problem.message and "«à»" in problem.message
    assert FIX_IT[limits.CODIFICA_MISTA]
    (tmp_path / "comuni.csv").write_bytes(MIXED)
    assert keys(load_dataset("comuni", tmp_path).problems) == {(0, "", limits.CODIFICA_MISTA)}


def test_a_mixed_header_of_a_large_file_is_refused_not_read_as_citt(tmp_path, monkeypatch):
    from data_loaders import loader

    monkeypatch.setattr(loader, "LARGE_FILE_BYTES", 10)  # the route of files read by polars from disk
    data = "\ufeff".encode("utf-8") + "anno;codice_istat;Città;ambito;popolazione\r\n".encode("cp1252") + \
        b"2023;019036;Cremona;Cremonese;70000\r\n"
    (tmp_path / "comuni.csv").write_bytes(data)
    problems = load_dataset("comuni", tmp_path).problems
    assert keys(problems) == {(0, "", limits.CODIFICA_MISTA)} and "riga 1" in problems[0].message


def test_utf8_and_windows_1252_mixed_without_a_bom_are_refused_too():
    # Read as Windows-1252 (the fallback) the UTF-8 «Città» of line 2 became «CittÃ\xa0», silently.
    data = "anno;codice_istat;comune;ambito;popolazione\r\n2023;019036;Città;Cremonese;70000\r\n".encode() + \
        "2023;019001;Pieve d'Olmi;Cremonese;1200\r\n2023;019002;Cà d'Andrea;Cremonese;900\r\n".encode("cp1252")
    report = validate_upload(data, "comuni", "comuni.csv")
    assert keys(report.problems) == {(0, "", limits.CODIFICA_MISTA)}
    message = report.problems[0].message
    assert "alla riga 2 «à» è scritto in UTF-8" in message and "alla riga 4 il carattere «à»" in message
    # One encoding throughout, whichever, is fine.
    for encoding in ("utf-8", "cp1252"):
        clean = data.decode("utf-8", errors="replace").replace("\ufffd", "à").encode(encoding)
        assert validate_upload(clean, "comuni", "comuni.csv").outcome == "valido", encoding


def test_a_clean_bom_file_is_still_read():
    data = MIXED.replace("Città".encode("cp1252"), "Città".encode())
    report = validate_upload(data, "comuni", "comuni.csv")
    assert report.outcome == "valido" and report.result.frame["comune"].to_list() == ["Cremona", "Città"]


# ── Records, not lines ──────────────────────────────────────────────────────────────────────

def rows_with_line_breaks(n: int) -> bytes:
    """A file of ``n`` records, each with a note that spans two lines (quoted, as Excel writes it)."""
    body = "".join(f'2023;019{i % 1000:03d};"Comune\nnumero {i}";Cremonese;{i + 1}\r\n' for i in range(n))
    return ("\ufeff" + ";".join(HEADER) + "\r\n" + body).encode("utf-8")


def test_quoted_line_breaks_do_not_count_as_rows(monkeypatch):
    monkeypatch.setenv("CRUSCOTTO_MAX_RIGHE", "600")
    data = rows_with_line_breaks(600)  # 1.201 lines, 600 records
    report = validate_upload(data, "comuni", "comuni.csv")
    assert limits.TROPPE_RIGHE not in {p.code for p in report.problems}
    assert report.rows_read == 600


def test_one_record_over_the_limit_is_refused_before_its_cells_are_checked(monkeypatch):
    monkeypatch.setenv("CRUSCOTTO_MAX_RIGHE", "600")
    from data_loaders import loader

    monkeypatch.setattr(loader, "convert", lambda *a: pytest.fail("cells checked"))
    report = validate_upload(rows_with_line_breaks(601), "comuni", "comuni.csv")
    assert report.outcome == "rifiutato" and keys(report.problems) == {(0, "", limits.TROPPE_RIGHE)}
    assert "600" in report.problems[0].message


def test_a_spreadsheet_arriving_in_the_folder_changes_the_data_version(data_copy):
    from ui.data import data_version

    before = data_version(data_copy)
    (data_copy / "fondi.xlsx").write_bytes(xlsx_bytes([["anno"]]))
    assert data_version(data_copy) != before
