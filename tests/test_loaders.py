"""Loaders on good and bad files, as coordinators really produce them."""

from __future__ import annotations

import datetime as dt

import pytest

from data_loaders import load_dataset, parse_bytes
from data_loaders import problems as P
from data_loaders.registry import DATASETS, get
from tests.helpers import excel_csv

COMUNI = get("comuni")
HEADER = ["anno", "codice_istat", "comune", "ambito", "popolazione"]


def keys(result):
    return {p.key() for p in result.problems}


@pytest.mark.parametrize("sep,encoding,bom", [
    (";", "cp1252", False),   # Excel "CSV (separato da ;)"
    (";", "utf-8", True),     # LibreOffice, UTF-8 with BOM
    (",", "utf-8", False),    # a program's plain CSV
    (";", "utf-8", False),
])
def test_italian_excel_variants_load_the_same(sep, encoding, bom):
    rows = [HEADER, ["2023", "19036", "Città di prova", "Cremonese", "71.498"],
            ["2023", "019001", "Acquanegra Cremonese", "Cremonese", "1.234"]]
    if sep == ",":
        rows = [[c.replace(".", "") for c in r] for r in rows]
    result = parse_bytes(excel_csv(rows, sep, encoding, bom), COMUNI)
    assert [p for p in result.problems if p.severity == "errore"] == []
    assert result.frame["popolazione"].to_list() == [71498, 1234]
    # Excel drops the ISTAT code's leading zero: it comes back, six digits, as text.
    assert result.frame["codice_istat"].to_list() == ["019036", "019001"]
    assert result.frame["comune"][0] == "Città di prova"
    assert result.frame["_riga"].to_list() == [2, 3]


def test_decimal_comma_and_thousands_dot_and_dates():
    spec = get("pnrr_budget")
    data = excel_csv([spec.column_names[:6], ["Cremonese", "26235", "Contratti", "2024", "135.699,00", "1.234,5"]])
    result = parse_bytes(data, spec)
    assert result.frame["previsto_eur"][0] == 135699.0
    assert result.frame["speso_eur"][0] == 1234.5
    fam = get("pippi_famiglie")
    row = ["Cremonese", "CR-1", "EM1", "019036", "18/12/2023", "12/01/2024", "", "sì", "8,5"]
    result = parse_bytes(excel_csv([fam.column_names[:9], row]), fam)
    r = result.frame.row(0, named=True)
    assert (r["data_segnalazione"], r["data_valutazione"], r["progetto_quadro"], r["educativa_domiciliare_ore_sett"]) == (
        dt.date(2023, 12, 18), dt.date(2024, 1, 12), True, 8.5)


def test_wrong_type_is_reported_with_spreadsheet_row_and_row_is_not_counted():
    data = excel_csv([HEADER, ["2023", "019036", "Cremona", "Cremonese", "settantamila"],
                      ["2023", "019001", "Acquanegra", "Cremonese", "1200"],
                      ["duemila", "019002", "Annicco", "Cremonese", "2000"]])
    result = parse_bytes(data, COMUNI)
    assert keys(result) == {(2, "popolazione", P.NUMERO_NON_VALIDO), (4, "anno", P.NUMERO_NON_VALIDO)}
    assert result.frame["comune"].to_list() == ["Acquanegra"]
    assert result.rows_read == 3 and result.rows_rejected == 2
    bad = next(p for p in result.problems if p.row == 2)
    assert bad.file == "comuni.csv" and bad.value == "settantamila"


def test_missing_required_column_names_it_and_suggests_the_close_one():
    data = excel_csv([["anno", "codice_istat", "comune", "ambito", "popolazion"],
                      ["2023", "019036", "Cremona", "Cremonese", "70000"]])
    result = parse_bytes(data, COMUNI)
    assert (1, "popolazione", P.COLONNA_MANCANTE) in keys(result)
    assert (1, "popolazion", P.COLONNA_SCONOSCIUTA) in keys(result)
    missing = next(p for p in result.problems if p.code == P.COLONNA_MANCANTE)
    assert "popolazion" in missing.message
    assert result.frame.height == 0


def test_missing_value_and_out_of_range_and_not_allowed():
    ops = get("pippi_operatori")
    data = excel_csv([ops.column_names, ["Cremonese", "OP-1", "astronauta", "", "", "", ""],
                      ["Cremonese", "", "coach", "", "", "", "-3"]])
    result = parse_bytes(data, ops)
    assert keys(result) == {(2, "ruolo", P.VALORE_NON_AMMESSO), (3, "codice_operatore", P.VALORE_MANCANTE),
                            (3, "ore_formazione", P.FUORI_INTERVALLO)}


def test_empty_file_header_only_and_binary():
    assert keys(parse_bytes(b"", COMUNI)) == {(0, "", P.FILE_VUOTO)}
    assert keys(parse_bytes(b"\r\n;;;\r\n", COMUNI)) == {(0, "", P.FILE_VUOTO)}
    only_header = parse_bytes(excel_csv([HEADER]), COMUNI)
    assert (0, "", P.FILE_VUOTO) in keys(only_header) and only_header.frame.height == 0
    assert keys(parse_bytes(b"PK\x03\x04\x00\x00binary", COMUNI)) == {(0, "", P.FILE_ILLEGGIBILE)}


def test_blank_and_ragged_rows_keep_spreadsheet_numbering():
    text = ("anno;codice_istat;comune;ambito;popolazione\r\n2023;019036;Cremona;Cremonese;70000\r\n\r\n"
            "2023;019001;A;Cremonese;100;extra\r\n2023;019002;B;Cremonese;200\r\n").encode()
    result = parse_bytes(text, COMUNI)
    assert (4, "", P.RIGA_INCOERENTE) in keys(result)
    assert result.frame["_riga"].to_list() == [2, 5]


def test_duplicate_key_and_inconsistent_dates():
    data = excel_csv([HEADER, ["2023", "019036", "Cremona", "Cremonese", "1"],
                      ["2023", "019036", "Cremona", "Cremonese", "2"]])
    result = parse_bytes(data, COMUNI)
    assert keys(result) == {(3, "anno", P.RIGA_DUPLICATA)}
    assert result.frame["popolazione"].to_list() == [1]
    fam = get("pippi_famiglie")
    data = excel_csv([fam.column_names[:6], ["Cremonese", "CR-1", "EM1", "019036", "10/05/2024", "01/05/2024"]])
    assert keys(parse_bytes(data, fam)) == {(2, "data_valutazione", P.RIGA_INCOERENTE)}


def test_a_name_does_not_fit_a_pseudonymous_code():
    fam = get("pippi_famiglie")
    data = excel_csv([fam.column_names[:5], ["Cremonese", "Mario Rossi", "EM1", "019036", "10/05/2024"]])
    assert keys(parse_bytes(data, fam)) == {(2, "codice_famiglia", P.FORMATO_NON_VALIDO)}


def test_missing_file_is_a_warning_not_a_crash(tmp_path):
    result = load_dataset("comuni", tmp_path)
    assert result.missing and result.frame.height == 0
    assert keys(result) == {(0, "", P.FILE_MANCANTE)}


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_sample_data_loads_clean_and_rows_satisfy_the_pydantic_contract(name):
    result = load_dataset(name)
    assert result.errors == [], [str(p) for p in result.errors[:5]]
    assert result.frame.height > 0
    model = result.spec.model
    for row in result.frame.drop("_riga").head(200).to_dicts():
        model.model_validate(row)


@pytest.mark.parametrize("encoding,bom", [("utf-8", False), ("utf-8", True), ("cp1252", False)])
def test_clean_files_take_the_fast_polars_path(monkeypatch, encoding, bom):
    """The exact (slow) reader is only for files polars would misnumber; a clean export never needs it."""
    from data_loaders import text_table

    def refuse(*_a, **_k):
        raise AssertionError("exact reader used for a clean file")

    monkeypatch.setattr(text_table, "_read_with_csv_module", refuse)
    rows = [HEADER, ["2023", "019036", "Città", "Cremonese", "71.498"], ["2023", "019001", "A", "Cremonese", "5"]]
    result = parse_bytes(excel_csv(rows, ";", encoding, bom), COMUNI)
    assert result.frame["popolazione"].to_list() == [71498, 5]
    assert result.frame["comune"][0] == "Città"


def test_excel_trailing_unnamed_empty_columns_are_ignored_but_unnamed_data_is_reported():
    clean = parse_bytes(b"anno;codice_istat;comune;ambito;popolazione;;\r\n2023;019036;Cremona;Cremonese;7;;\r\n", COMUNI)
    assert clean.problems == [] and clean.frame["popolazione"].to_list() == [7]
    extra = parse_bytes(b"anno;codice_istat;comune;ambito;popolazione;;\r\n2023;019036;Cremona;Cremonese;7;x;\r\n", COMUNI)
    assert keys(extra) == {(1, "colonna_6", P.COLONNA_SCONOSCIUTA)}


def test_a_lone_unnamed_header_still_gets_a_message():
    """Found by hypothesis: b'*' once gave an empty result with no problem."""
    result = parse_bytes(b"*", COMUNI)
    assert (1, "anno", P.COLONNA_MANCANTE) in keys(result)
