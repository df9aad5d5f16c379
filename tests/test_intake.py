"""Upload validation: every Italian-Excel variant loads; every bad file gets a clear message and
leaves the stored data as it was."""

from __future__ import annotations

import hashlib
import io
import zipfile

import openpyxl
import polars as pl
import pytest

from data_loaders import limits, load_dataset
from data_loaders import problems as P
from data_loaders.export import safe_cell, to_excel_csv
from data_loaders.intake import FIX_IT, store_upload, validate_upload
from data_loaders.loader import parse_bytes
from data_loaders.registry import get
from data_loaders.versions import StoreError
from data_loaders.sheet_reader import cell_text
from data_loaders.xlsx import sniff_format
from tests.helpers import excel_csv

HEADER = ["anno", "codice_istat", "comune", "ambito", "popolazione"]
GOOD = [HEADER, ["2023", "19036", "Città di prova", "Cremonese", "71.498"],
        ["2023", "019001", "Acquanegra Cremonese", "Cremonese", "1.234"]]


def keys(problems):
    return {p.key() for p in problems}


def xlsx_bytes(rows: list[list], extra_sheet: bool = False) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Dati"
    for r in rows:
        ws.append(r)
    if extra_sheet:
        wb.create_sheet("Note").append(["appunti"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def digest(folder) -> dict[str, str]:
    """Hash of every file under the data folder, history included: 'unchanged' means all of it."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".lock"}


@pytest.mark.parametrize("sep,encoding,bom", [
    (";", "cp1252", False),   # Excel «CSV (delimitato dal separatore di elenco)»
    (";", "utf-8", True),     # LibreOffice / Excel «CSV UTF-8»
    (";", "utf-8", False),
])
def test_each_italian_excel_csv_variant_is_valid(sep, encoding, bom):
    report = validate_upload(excel_csv(GOOD, sep, encoding, bom), "comuni", "comuni.csv")
    assert report.outcome == "valido" and report.problems == []
    assert (report.rows_read, report.rows_good, report.rows_bad) == (2, 2, 0)
    assert report.result.frame["popolazione"].to_list() == [71498, 1234]
    assert report.result.frame["comune"][0] == "Città di prova"
    # A CSV is stored byte for byte.
    assert report.content == excel_csv(GOOD, sep, encoding, bom)


def test_xlsx_reads_like_the_csv_numbers_dates_codes_and_row_numbers():
    fam = get("pippi_famiglie")
    import datetime as dt
    rows = [fam.column_names[:9],
            ["Cremonese", "CR-1", "EM1", 19036, dt.datetime(2023, 12, 18), dt.datetime(2024, 1, 12), None, True, 8.5],
            [],  # an empty row in the middle: numbering must still match the sheet
            ["Cremonese", "CR-2", "EM2", "019001", "10/05/2024", None, None, "no", 0]]
    report = validate_upload(xlsx_bytes(rows), "pippi_famiglie", "famiglie.xlsx")
    assert report.outcome == "valido", [str(p) for p in report.problems]
    f = report.result.frame
    assert f["_riga"].to_list() == [2, 4]
    assert f["codice_istat_comune"].to_list() == ["019036", "019001"]
    assert f["data_segnalazione"].to_list() == [dt.date(2023, 12, 18), dt.date(2024, 5, 10)]
    assert f["progetto_quadro"].to_list() == [True, False]
    assert f["educativa_domiciliare_ore_sett"].to_list() == [8.5, 0.0]
    # What is stored is the sheet as an Italian-Excel CSV, which the loaders read back identically.
    assert report.content.startswith(b"\xef\xbb\xbfambito;codice_famiglia;")
    again = parse_bytes(report.content, fam)
    assert again.frame.equals(f)


def test_xlsx_errors_name_the_sheet_row_and_other_sheets_are_mentioned():
    rows = [HEADER, [2023, 19036, "Cremona", "Cremonese", "settantamila"], [2023, 19001, "A", "Cremonese", 1200]]
    report = validate_upload(xlsx_bytes(rows, extra_sheet=True), "comuni", "comuni.xlsx")
    assert keys(report.problems) == {(2, "popolazione", P.NUMERO_NON_VALIDO), (0, "", limits.ALTRI_FOGLI)}
    assert report.outcome == "da_confermare" and (report.rows_good, report.rows_bad) == (1, 1)


def test_cell_text_writes_numbers_the_converter_reads():
    # Number cells the Italian way: «0.1» would be read as the integer 1 (a thousands dot).
    assert [cell_text(v) for v in (None, 71498, 71498.0, 0.1, 1e-7, -37.125, True, "a\nb")] == [
        "", "71498", "71498", "0,1", "0,0000001", "-37,125", "sì", "a b"]


BAD_FILES = {
    # name: (bytes, expected (row, column, code) among the problems)
    "colonne sbagliate": (excel_csv([["anno", "istat", "nome", "ambito", "popolazion"],
                                     ["2023", "019036", "Cremona", "Cremonese", "70000"]]),
                          (1, "popolazione", P.COLONNA_MANCANTE)),
    "file vuoto": (b"", (0, "", P.FILE_VUOTO)),
    "solo intestazione": (excel_csv([HEADER]), (0, "", limits.NESSUNA_RIGA_VALIDA)),
    "binario": (bytes(range(256)) * 20, (0, "", P.FILE_ILLEGGIBILE)),
    "xls vecchio": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, (0, "", P.FILE_ILLEGGIBILE)),
    "xlsx troncato": (xlsx_bytes(GOOD)[:700], (0, "", P.FILE_ILLEGGIBILE)),
    "tutti i tipi sbagliati": (excel_csv([HEADER, ["duemila", "019036", "Cremona", "Cremonese", "molti"]]),
                               (2, "anno", P.NUMERO_NON_VALIDO)),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_bad_file_is_refused_with_a_message_and_the_stored_data_stay_unchanged(name, data_copy):
    data, expected = BAD_FILES[name]
    before = digest(data_copy)
    report = validate_upload(data, "comuni", f"{name}.csv")
    assert report.outcome == "rifiutato"
    assert expected in keys(report.problems)
    assert all(p.message for p in report.problems)
    assert all(FIX_IT.get(p.code) for p in report.problems if p.severity == "errore")
    # The page stores nothing that is refused; validating alone never writes.
    assert digest(data_copy) == before
    assert load_dataset("comuni", data_copy).frame.height == 240


def test_a_truncated_csv_keeps_its_whole_rows_and_names_the_cut_one():
    data = excel_csv(GOOD, encoding="utf-8")
    cut = data[: data.rindex(b"Acquanegra") + 4]  # the upload stopped inside the last row
    report = validate_upload(cut, "comuni", "comuni.csv")
    assert report.rows_good == 1
    assert (3, "ambito", P.VALORE_MANCANTE) in keys(report.problems)
    assert report.outcome == "da_confermare"


def test_size_limit_is_checked_before_reading_and_is_configurable(monkeypatch, data_copy):
    monkeypatch.setenv("CRUSCOTTO_MAX_FILE_MB", "1")
    huge = excel_csv(GOOD) + b"2023;019002;X;Cremonese;1\r\n" * 60_000  # ~1,6 MB
    report = validate_upload(huge, "comuni", "enorme.csv")
    assert keys(report.problems) == {(0, "", limits.FILE_TROPPO_GRANDE)}
    assert report.outcome == "rifiutato" and report.result is None
    assert "massimo è 1 MB" in report.problems[0].message
    monkeypatch.delenv("CRUSCOTTO_MAX_FILE_MB")
    assert limits.max_file_bytes() == 20 * 1024 * 1024


def test_row_limit_csv_and_xlsx(monkeypatch):
    monkeypatch.setenv("CRUSCOTTO_MAX_RIGHE", "3")
    rows = [HEADER] + [["2023", f"0190{i:02d}", f"C{i}", "Cremonese", "10"] for i in range(5)]
    assert keys(validate_upload(excel_csv(rows), "comuni", "c.csv").problems) == {(0, "", limits.TROPPE_RIGHE)}
    report = validate_upload(xlsx_bytes(rows), "comuni", "c.xlsx")
    assert keys(report.problems) == {(0, "", limits.TROPPE_RIGHE)} and report.outcome == "rifiutato"
    assert validate_upload(excel_csv(rows[:4]), "comuni", "c.csv").outcome == "valido"


def test_row_errors_need_confirmation_and_the_report_lists_them():
    data = excel_csv([HEADER, ["2023", "019036", "Cremona", "Cremonese", "settantamila"],
                      ["2023", "019001", "Acquanegra", "Cremonese", "1200"],
                      ["2023", "019002", "Annicco", "Cremonese", "=1+1"]])
    report = validate_upload(data, "comuni", "comuni.csv")
    assert report.outcome == "da_confermare"
    assert (report.rows_read, report.rows_good, report.rows_bad) == (3, 1, 2)
    table = report.table()
    assert table.columns == ["Riga", "Colonna", "Valore", "Cosa non va", "Come correggere", "Gravità"]
    assert table.select("Riga", "Colonna", "Valore").rows() == [(2, "popolazione", "settantamila"),
                                                                (4, "popolazione", "=1+1")]
    assert table["Come correggere"][0] == FIX_IT[P.NUMERO_NON_VALIDO]
    text = report.table_csv().decode("utf-8")
    assert text.startswith("\ufeffRiga;Colonna;Valore;")
    # The value a user typed as a formula is exported as text, never run by Excel.
    assert ";'=1+1;" in text and ";=1+1;" not in text


def test_unknown_column_is_a_warning_with_the_closest_name():
    data = excel_csv([HEADER + ["popolazion_0_14"], ["2023", "019036", "Cremona", "Cremonese", "70000", "1"]])
    report = validate_upload(data, "comuni", "comuni.csv")
    assert report.outcome == "valido"
    warning = next(p for p in report.problems if p.code == P.COLONNA_SCONOSCIUTA)
    assert "popolazione_0_14" in warning.message and warning.severity == "avviso"


@pytest.mark.parametrize("text,expected", [
    ("=SOMMA(A1)", "'=SOMMA(A1)"), ("+39 333", "'+39 333"), ("-2", "'-2"), ("@cmd", "'@cmd"),
    ("\t=1", "'\t=1"), ("Cremona", "Cremona"), ("", ""), ("a=b", "a=b"),
    # What a spreadsheet skips or folds before looking for a formula (issue 16).
    (" =1+1", "' =1+1"), ("\n=1+1", "'\n=1+1"), ("\r=1+1", "'\r=1+1"),
    ("\uff1dSOMMA(A1)", "'\uff1dSOMMA(A1)"), ("\uff0b39", "'\uff0b39"), ("\uff0d2", "'\uff0d2"),
    ("\uff20cmd", "'\uff20cmd"), ("Città = 3", "Città = 3"),
])
def test_safe_cell(text, expected):
    assert safe_cell(text) == expected


def test_to_excel_csv_italian_numbers_and_protected_cells():
    df = pl.DataFrame({"Nome": ["=HYPERLINK(\"x\")", "Cremona"], "Valore": [1234.5, -3.0], "Ok": [True, None]})
    text = to_excel_csv(df).decode("utf-8")
    lines = text.split("\r\n")
    assert lines[0] == "\ufeffNome;Valore;Ok"
    assert lines[1] == "\"'=HYPERLINK(\"\"x\"\")\";1234,5;sì"
    # Numbers are ours, not user text: a negative number stays a number.
    assert lines[2] == "Cremona;-3;"


def test_sniff_format():
    assert sniff_format(xlsx_bytes(GOOD)) == "xlsx"
    assert sniff_format(b"anno;comune\r\n") == "csv"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    assert sniff_format(buf.getvalue()) == "ods"
    report = validate_upload(buf.getvalue(), "comuni", "comuni.ods")
    assert report.outcome == "rifiutato" and "LibreOffice" in report.problems[0].message


@pytest.mark.parametrize("name", BAD_FILES)
def test_a_refused_file_cannot_be_stored_even_if_asked(name, data_copy):
    before = digest(data_copy)
    report = validate_upload(BAD_FILES[name][0], "comuni", "x.csv")
    with pytest.raises(StoreError, match="non è stato salvato"):
        store_upload(report, "Mario", str(data_copy), confirmed=True)
    assert digest(data_copy) == before


def test_row_errors_are_stored_only_when_confirmed(data_copy):
    data = excel_csv([HEADER, ["2023", "019036", "Cremona", "Cremonese", "settantamila"],
                      ["2023", "019001", "Acquanegra", "Cremonese", "1200"]])
    report = validate_upload(data, "comuni", "comuni.csv")
    before = digest(data_copy)
    with pytest.raises(StoreError, match="confermare"):
        store_upload(report, "Mario", str(data_copy))
    assert digest(data_copy) == before
    outcome = store_upload(report, "Mario", str(data_copy), confirmed=True)
    assert outcome.stored and (outcome.version.righe_valide, outcome.version.righe_scartate) == (1, 1)
    loaded = load_dataset("comuni", data_copy)
    # The rejected row is not counted and stays listed wherever the file is read.
    assert loaded.frame["comune"].to_list() == ["Acquanegra"]
    assert {p.key() for p in loaded.errors} == {(2, "popolazione", P.NUMERO_NON_VALIDO)}


def test_an_xlsx_upload_keeps_the_original_beside_the_csv(data_copy):
    data = xlsx_bytes([HEADER, [2023, 19036, "Cremona", "Cremonese", 70000]])
    outcome = store_upload(validate_upload(data, "comuni", "Comuni 2023.xlsx"), "Mario", str(data_copy))
    v = outcome.version
    assert (v.file_originale, v.righe_valide) == ("Comuni 2023.xlsx", 1)
    kept = data_copy / ".versioni" / "comuni" / "originali" / f"{v.sha256_originale}.xlsx"
    assert kept.read_bytes() == data
    assert load_dataset("comuni", data_copy).frame["popolazione"].to_list() == [70000]


@pytest.mark.parametrize("header,col", [
    (["anno", "Anno ", "codice_istat", "comune", "ambito", "popolazione"], "anno"),
    (["anno", "codice_istat", "comune", "ambito", "popolazione", "Popolazione"], "popolazione"),
])
def test_a_column_repeated_in_the_header_is_named(header, col):
    data = excel_csv([header, ["2023"] * len(header)])
    report = validate_upload(data, "comuni", "c.csv")
    assert keys(report.problems) == {(1, col, limits.COLONNA_DUPLICATA)}
    assert report.outcome == "rifiutato"
    xlsx = validate_upload(xlsx_bytes([header, ["2023"] * len(header)]), "comuni", "c.xlsx")
    assert keys(xlsx.problems) == {(1, col, limits.COLONNA_DUPLICATA)}


def test_excel_trailing_empty_header_cells_are_fine():
    data = b"anno;codice_istat;comune;ambito;popolazione;;\r\n2023;019036;Cremona;Cremonese;70000;;\r\n"
    assert validate_upload(data, "comuni", "c.csv").outcome == "valido"
