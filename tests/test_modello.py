"""The semester workbook (issue 17 §2): generated from the catalog, filled in openpyxl, uploaded through
data_loaders.intake as the «Carica dati» page does, stored as a new version and computed by the engine."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from data_loaders import load_all, load_dataset
from data_loaders import modello as M
from data_loaders.intake import store_upload, validate_upload
from data_loaders.versions import Store
from data_loaders.xlsx import xlsx_to_csv
from indicators.engine import compute_all
from indicators.registry import BY_ID
from tests.apptest import open_page
from tests.conftest import AS_OF

DATASET = "osservazioni_pdz"
FIRST = M.HEADER_ROW + 1  # first data row of the sheet, as Excel numbers it


@pytest.fixture
def semester_not_loaded(data_copy: Path) -> Path:
    """The sample data without the rows of 2023 and 2023-S2: the semester the coordinators now fill."""
    path = data_copy / "osservazioni_pdz.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    kept = [lines[0]] + [ln for ln in lines[1:] if ln.split(";")[1] not in ("2023", "2023-S2")]
    path.write_text("\ufeff" + "\r\n".join(kept) + "\r\n", encoding="utf-8")
    return data_copy


def sheet_rows(data: bytes) -> list[tuple]:
    ws = load_workbook(io.BytesIO(data))[DATASET]
    return [tuple(c.value for c in row) for row in ws.iter_rows(min_row=FIRST)]


def fill(data: bytes, values: dict[tuple[str, str, str], dict[str, object]], edit=None) -> bytes:
    """The workbook with ``values`` typed in the rows of those keys, as a coordinator would in Excel."""
    wb = load_workbook(io.BytesIO(data))
    ws = wb[DATASET]
    header = [c.value for c in ws[M.HEADER_ROW]]
    for row in ws.iter_rows(min_row=FIRST):
        key = tuple(c.value for c in row[:3])
        for column, value in values.get(key, {}).items():
            row[header.index(column)].value = value
    if edit:
        edit(ws)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# ── what the workbook holds ──────────────────────────────────────────────────────────────────────

def test_first_semester_asks_only_the_semestral_codes(semester_not_loaded):
    # Semestral: the three «≥ 1 per semestre» targets (6.1.out.6, 6.2.out.4, 9.1.out.1) and the codes
    # stored by semester (6.3.out.3, 7.2.out.2 for the Ambito; 1.1.out.5 for the Ambito and its 5
    # sub-ambiti): 5 + 6 = 11 rows; no yearly figure is due with the first semester.
    data, _ = M.build_workbook("2023-S1", semester_not_loaded)
    keys = [r[:3] for r in sheet_rows(data)]
    assert len(keys) == 11
    assert {k[1] for k in keys} == {"2023-S1"}
    assert {k[0] for k in keys} == {"6.1.out.6", "6.2.out.4", "9.1.out.1", "6.3.out.3", "7.2.out.2", "1.1.out.5"}
    assert [k[2] for k in keys if k[0] == "1.1.out.5"][:2] == ["Ambito", "Sub-ambito Cremona città"]


def test_second_semester_adds_the_year_per_territory_with_unit_and_sentence(semester_not_loaded):
    data, sheets = M.build_workbook("2023-S2", semester_not_loaded)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == [DATASET, "Istruzioni"]  # the upload reads the first sheet
    rows = sheet_rows(data)
    assert len(rows) == len(sheets[0].rows)
    by_key = {r[:3]: r for r in rows}
    assert len(by_key) == len(rows)  # one row per key
    # A yearly code, once, for the year; a semestral one for the semester, not the year.
    assert ("1.1.out.1", "2023", "Ambito") in by_key and ("6.1.out.6", "2023-S2", "Ambito") in by_key
    assert ("6.1.out.6", "2023", "Ambito") not in by_key
    # 6.1.out.2 is read by three indicators and stored per comune: one row per comune stored in 2021-2022
    # (Vescovato's only row was of 2023, taken out here), no Ambito row.
    assert sorted(k[2] for k in by_key if k[0] == "6.1.out.2") == ["Cremona", "Pizzighettone", "Soresina"]
    # 1.1.out.4 is stored for the Ambito and its 5 sub-ambiti.
    assert len([k for k in by_key if k[0] == "1.1.out.4"]) == 6
    header = [c.value for c in wb[DATASET][M.HEADER_ROW]]
    row = dict(zip(header, by_key[("1.1.out.2", "2023", "Ambito")]))
    assert row["valore"] is None and row["numeratore"] is None and row["fonte"] == "Ufficio di Piano"
    assert row["unita"].startswith("percentuale") and row["frase_del_piano"] == BY_ID["1.1.out.2"].plan_text


def test_keys_are_locked_values_open_and_checked(semester_not_loaded):
    data, _ = M.build_workbook("2023-S2", semester_not_loaded)
    ws = load_workbook(io.BytesIO(data))[DATASET]
    header = [c.value for c in ws[M.HEADER_ROW]]
    assert ws.protection.sheet
    locked = {h: ws.cell(FIRST, i + 1).protection.locked for i, h in enumerate(header)}
    assert locked == {"indicatore": True, "periodo": True, "territorio": True, "valore": False, "numeratore": False,
                      "denominatore": False, "fonte": False, "note": False, "nome_indicatore": True, "unita": True,
                      "frase_del_piano": True}
    rules = {str(dv.sqref).split(":")[0][0]: (dv.type, dv.operator, dv.formula1) for dv in ws.data_validations.dataValidation}
    # numeratore (E) and denominatore (F) are ≥ 0 in the contract; valore (D) only a number.
    assert rules["E"] == ("decimal", "greaterThanOrEqual", "0") and rules["F"] == rules["E"]
    assert rules["D"][0] == "decimal"


def test_a_closed_set_becomes_a_drop_down_list():
    from data_loaders.registry import get

    rule = M._validation(next(c for c in get("fondi").columns if c.name == "stato"),
                         __import__("openpyxl.worksheet.datavalidation", fromlist=["DataValidation"]).DataValidation)
    assert (rule.type, rule.formula1) == ("list", '"stima,assegnato"')


def test_a_period_after_the_plan_gives_an_empty_sheet_that_says_why(semester_not_loaded, capsys, tmp_path):
    out = tmp_path / "modello.xlsx"
    assert M.main(["--periodo", "2026-S2", "--out", str(out), "--data", str(semester_not_loaded)]) == 0
    assert "piano è concluso" in capsys.readouterr().err
    wb = load_workbook(out)
    ws = wb[DATASET]
    assert ws.max_row == M.HEADER_ROW and "2023-S2" in ws["A2"].value and "2021-2023" in ws["A2"].value
    assert any("piano è concluso" in (c.value or "") for c in wb["Istruzioni"]["A"])
    # Uploaded as it is, it is refused with the same explanation (nothing to store).
    report = validate_upload(out.read_bytes(), DATASET, "modello.xlsx", periodo="2026-S2", folder=str(semester_not_loaded))
    assert report.outcome == "rifiutato" and report.problems[0].code == M.MODELLO_VUOTO
    assert "piano è concluso" in report.problems[0].message


def test_command_line_refuses_a_label_that_is_not_a_semester(tmp_path, capsys):
    with pytest.raises(SystemExit):
        M.main(["--periodo", "2023-S3", "--out", str(tmp_path / "x.xlsx")])
    assert "2023-S2" in capsys.readouterr().err and not (tmp_path / "x.xlsx").exists()


# ── the round trip ───────────────────────────────────────────────────────────────────────────────

def test_round_trip_filled_cells_become_a_version_the_rest_is_missing(semester_not_loaded):
    folder = semester_not_loaded
    before = load_dataset(DATASET, folder).frame
    data, sheets = M.build_workbook("2023-S2", folder)
    due = len(sheets[0].rows)
    filled = fill(data, {
        ("1.1.out.1", "2023", "Ambito"): {"valore": 15},
        ("1.1.out.2", "2023", "Ambito"): {"valore": 80, "numeratore": 40, "denominatore": 50},
        ("6.1.out.6", "2023-S2", "Ambito"): {"valore": "2", "note": "due report"},  # typed as text: Italian rules
    })
    report = validate_upload(filled, DATASET, "modello_2023-S2.xlsx", periodo="2023-S2", folder=str(folder))
    assert report.outcome == "valido", [str(p) for p in report.errors]
    assert report.modello.periodo == "2023-S2" and len(report.modello.missing) == due - 3
    assert ("1.1.out.3", "2023", "Ambito") in [k for _, k in report.modello.missing]
    warning = [p for p in report.problems if p.code == M.MODELLO_DA_COMPILARE]
    assert len(warning) == 1 and warning[0].severity == "avviso" and f"{due - 3} righe" in warning[0].message
    assert not report.errors  # empty cells are «not yet filled», never errors

    outcome = store_upload(report, "Mario", folder=str(folder))
    assert outcome.stored
    v = Store(DATASET, folder).current()
    assert (v.file_originale, v.righe_valide) == ("modello_2023-S2.xlsx", before.height + 3)
    after = load_dataset(DATASET, folder).frame
    # Nothing lost: every row stored before is still there, unchanged, beside the three new ones.
    assert after.filter(~after["periodo"].is_in(["2023", "2023-S2"])).drop("_riga").equals(before.drop("_riga"))

    table = compute_all(load_all(folder), AS_OF)
    ambito = table.filter(table["territory"] == "Ambito Cremonese")

    def value(ind, period):
        return ambito.filter((ambito["id"] == ind) & (ambito["period"] == period))["value"].to_list()

    assert value("1.1.out.1", "2023") == [15.0]
    assert value("1.1.out.2", "2023") == [80.0]  # 40 / 50 × 100
    assert value("6.1.out.6", "2023-S2") == [2.0]
    assert value("1.1.out.3", "2023") == [None]  # left empty: «senza dati»


def test_a_filled_cell_replaces_the_stored_value_of_its_key_only(data_copy):
    before = load_dataset(DATASET, data_copy).frame
    data, _ = M.build_workbook("2023-S2", data_copy)
    filled = fill(data, {("1.1.out.1", "2023", "Ambito"): {"valore": 99}})
    report = validate_upload(filled, DATASET, "m.xlsx", periodo="2023-S2", folder=str(data_copy))
    # An empty row whose key is already stored keeps its stored value; only keys never stored are missing.
    stored = set(before.select("indicatore", "periodo", "territorio").iter_rows())
    m = report.modello
    assert report.outcome == "valido" and m.unchanged + len(m.missing) + 1 == m.due_rows
    assert m.missing and not {key for _, key in m.missing} & stored
    store_upload(report, "Mario", folder=str(data_copy))
    after = load_dataset(DATASET, data_copy).frame
    assert after.height == before.height
    one = after.filter(after["indicatore"] == "1.1.out.1").sort("periodo")
    assert one["valore"].to_list() == [14.0, 16.0, 99.0]


def test_a_wrong_value_is_reported_on_the_workbook_row(semester_not_loaded):
    data, _ = M.build_workbook("2023-S2", semester_not_loaded)
    keys = [r[:3] for r in sheet_rows(data)]
    bad_key = ("1.1.out.3", "2023", "Ambito")
    filled = fill(data, {("1.1.out.1", "2023", "Ambito"): {"valore": 15}, bad_key: {"valore": "tanti"}})
    report = validate_upload(filled, DATASET, "m.xlsx", periodo="2023-S2", folder=str(semester_not_loaded))
    assert report.outcome == "da_confermare"
    assert [p.key() for p in report.errors] == [(FIRST + keys.index(bad_key), "valore", "numero_non_valido")]


@pytest.mark.parametrize("case, code", [
    ("altro_periodo", M.MODELLO_ALTRO_PERIODO),
    ("chiave_cambiata", M.MODELLO_CHIAVI_CAMBIATE),
    ("altro_dataset", M.MODELLO_ALTRO_DATASET),
    ("vuoto", M.MODELLO_VUOTO),
])
def test_refused_workbooks_store_nothing(semester_not_loaded, case, code):
    folder = semester_not_loaded
    data, _ = M.build_workbook("2023-S2", folder)
    values = {} if case == "vuoto" else {("1.1.out.1", "2023", "Ambito"): {"valore": 15}}

    def move(ws):  # someone unprotected the sheet and changed a territory
        ws.cell(FIRST, 3).value = "Cremona"

    filled = fill(data, values, edit=move if case == "chiave_cambiata" else None)
    periodo = "2023-S1" if case == "altro_periodo" else "2023-S2"
    dataset = "fondi" if case == "altro_dataset" else DATASET
    before = (folder / "osservazioni_pdz.csv").read_bytes()
    report = validate_upload(filled, dataset, "m.xlsx", periodo=periodo, folder=str(folder))
    assert report.outcome == "rifiutato" and [p.code for p in report.problems] == [code]
    if case == "chiave_cambiata":
        assert f"riga {FIRST}" in report.problems[0].message
    if case == "altro_periodo":
        assert "2023-S2" in report.problems[0].message and "2023-S1" in report.problems[0].message
    assert (folder / "osservazioni_pdz.csv").read_bytes() == before
    assert not Store(DATASET, folder).versions()


def test_the_sheet_saved_as_csv_by_italian_excel_uploads_too(semester_not_loaded):
    """«Salva con nome → CSV (separato da ;)»: Windows-1252, `;`, CRLF; the same rows, the same rows numbers."""
    data, _ = M.build_workbook("2023-S2", semester_not_loaded)
    keys = [r[:3] for r in sheet_rows(data)]
    sheet = xlsx_to_csv(fill(data, {("1.1.out.1", "2023", "Ambito"): {"valore": 15},
                                    ("1.1.out.3", "2023", "Ambito"): {"valore": "tanti"}}), "m.xlsx")[0]
    as_excel = sheet.decode("utf-8-sig").encode("cp1252", errors="replace")
    report = validate_upload(as_excel, DATASET, "modello.csv", periodo="2023-S2", folder=str(semester_not_loaded))
    assert report.modello is not None and report.modello.periodo == "2023-S2"
    assert report.outcome == "da_confermare" and report.rows_good == report.rows_read - 1
    assert [p.key() for p in report.errors] == [(FIRST + keys.index(("1.1.out.3", "2023", "Ambito")), "valore",
                                                 "numero_non_valido")]


def test_an_ordinary_workbook_is_not_taken_for_a_modello(data_copy):
    from tests.spreadsheets import xlsx_bytes

    data = xlsx_bytes([["indicatore", "periodo", "territorio", "valore", "numeratore", "denominatore", "fonte", "note"],
                       ["1.1.out.1", "2023", "Ambito", 3, None, None, "UdP", None]])
    report = validate_upload(data, DATASET, "o.xlsx", periodo="2023-S2", folder=str(data_copy))
    assert report.modello is None and report.outcome == "valido" and report.rows_good == 1


# ── the page ─────────────────────────────────────────────────────────────────────────────────────

# (the ``downloads`` fixture is in tests/conftest.py)


def test_page_says_why_the_current_semester_has_nothing_to_fill(data_copy, monkeypatch, downloads):
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    at = open_page("pages/carica_dati.py", role="coordinatore")
    at.selectbox(key="carica_dataset").set_value(DATASET).run()
    at.selectbox(key="modello_periodo").set_value("2026-S2").run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("piano è concluso" in i.value and "2023-S2" in i.value for i in at.info)
    assert "modello_2026-S2.xlsx" in downloads


def test_page_hides_the_workbook_from_other_datasets(data_copy, monkeypatch, downloads):
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    at = open_page("pages/carica_dati.py", role="coordinatore")
    at.selectbox(key="carica_dataset").set_value("comuni").run()
    assert not at.exception, [e.message for e in at.exception]
    assert "modello_periodo" not in [s.key for s in at.selectbox]
    assert not [f for f in downloads if f and f.startswith("modello_") and f.endswith(".xlsx")]


def test_page_offers_the_workbook_and_takes_it_back(semester_not_loaded, monkeypatch, downloads):
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(semester_not_loaded))
    at = open_page("pages/carica_dati.py", role="coordinatore")
    at.selectbox(key="carica_dataset").set_value(DATASET).run()
    # The reference date is 23/11/2026, after the plan: the page proposes the plan's last semester.
    assert at.selectbox(key="modello_periodo").value == "2023-S2"
    data = downloads["modello_2023-S2.xlsx"]
    data = data() if callable(data) else data  # made on the click
    assert M.recognise(xlsx_to_csv(data, "m.xlsx")[0]) == (DATASET, "2023-S2")
    filled = fill(data, {("1.1.out.1", "2023", "Ambito"): {"valore": 15}})
    up = next(u for u in at.get("file_uploader") if "carica_file_osservazioni_pdz" in u.proto.id)
    up.set_value(("modello_2023-S2.xlsx", filled,
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("1 riga compilata" in i.value for i in at.info)
    at.button(key="carica_salva_osservazioni_pdz_0").click().run()
    assert not at.exception, [e.message for e in at.exception]
    got = load_dataset(DATASET, semester_not_loaded).frame
    assert got.filter((got["indicatore"] == "1.1.out.1") & (got["periodo"] == "2023"))["valore"].to_list() == [15.0]
