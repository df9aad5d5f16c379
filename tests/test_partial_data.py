"""Issue 15 §6: a file accepted with rows refused makes every figure it feeds say «dati parziali»,
on screen, in downloads, in the PDF and in the JSON ``note`` (the rule: indicators.engine)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import polars as pl
import pypdf
import pytest

from indicators.engine import partial_notes, with_partial_notes
from indicators.registry import BY_ID, CATALOG
from tests.conftest import AS_OF

AMBITO = "Ambito Cremonese"
FAMILIES = "pippi_famiglie.csv"
EIGHT = "dati parziali: 8 righe escluse (pippi_famiglie.csv)"
# The sample's Cremonese families: 50 signalled, 42 assessed (84,0 %). The 8 never assessed:
NOT_ASSESSED = ("CR-23012", "CR-23013", "CR-24010", "CR-24011", "CR-25013", "CR-25014", "CR-26011", "CR-26012")


def break_rows(folder: Path, codes: tuple[str, ...]) -> None:
    """Give the families ``codes`` an impossible signalling date (31/02/2024): the loader refuses them."""
    path = folder / FAMILIES
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    head = lines[0].lstrip("\ufeff").split(";")
    code, signalled = head.index("codice_famiglia"), head.index("data_segnalazione")
    out, hit = [lines[0]], 0
    for line in lines[1:]:
        cells = line.split(";")
        if cells[code] in codes:
            cells[signalled], hit = "31/02/2024", hit + 1
        out.append(";".join(cells))
    assert hit == len(codes)
    path.write_text("".join(out), encoding="utf-8-sig")


def cli_json(folder: Path, capsys, *flags: str) -> list[dict]:
    from indicators.__main__ import main

    main(["--data", str(folder), "--json", "--as-of", AS_OF.strftime("%d/%m/%Y"), *flags])
    return json.loads(capsys.readouterr().out)


def one(rows: list[dict], iid: str, period: str, territory: str = AMBITO) -> dict:
    (r,) = [r for r in rows if r["id"] == iid and r["period"] == period and r["territory"] == territory]
    return r


def fed_by_families(iid: str) -> bool:
    return "pippi_famiglie" in BY_ID[iid].sources


def test_a_few_refused_rows_move_a_public_rate_and_every_figure_of_the_file_says_so(data_copy, capsys):
    before = cli_json(data_copy, capsys, "--public")
    rate = one(before, "pippi.tasso_valutazioni_progetto", "2023-2026")
    assert rate["value"] == 84.0 and rate["note"] is None  # 42 / 50
    assert not any("dati parziali" in (r["note"] or "") for r in before)

    break_rows(data_copy, NOT_ASSESSED)
    after = cli_json(data_copy, capsys, "--public")
    rate = one(after, "pippi.tasso_valutazioni_progetto", "2023-2026")
    # 42 / 42: the eight families never assessed are the eight refused rows; the figure says it.
    assert rate["value"] == 100.0 and rate["note"] == EIGHT
    # The indicator's own note stays first.
    assert one(after, "pippi.famiglie_anno", "2025")["note"] == "modulo base: 10 famiglie; " + EIGHT
    fed = [r for r in after if fed_by_families(r["id"])]
    others = [r for r in after if not fed_by_families(r["id"])]
    assert fed and others
    # Every figure of the file, the public's hidden ones included (the note speaks of the file, not the value).
    assert all(r["note"].endswith(EIGHT) for r in fed), [r for r in fed if not (r["note"] or "").endswith(EIGHT)][:3]
    hidden = [r for r in fed if r["status"] == "withheld" and r["value"] is None]
    assert hidden and all(r["note"] == EIGHT for r in hidden)
    assert not any("dati parziali" in (r["note"] or "") for r in others)


def test_one_refused_row_is_said_in_the_singular(data_copy, capsys):
    break_rows(data_copy, ("CR-26012",))
    rate = one(cli_json(data_copy, capsys), "pippi.tasso_valutazioni_progetto", "2023-2026")
    assert rate["value"] == pytest.approx(100 * 42 / 49, abs=1e-4)  # 85,7 %
    assert rate["note"] == "dati parziali: 1 riga esclusa (pippi_famiglie.csv)"


def test_partial_notes_follow_the_sources_of_each_row():
    class Result:  # what the engine reads of a load result
        def __init__(self, refused: int, path: str, missing: bool = False):
            self.rows_rejected, self.path, self.missing = refused, path, missing
            self.frame = pl.DataFrame()

    notes = partial_notes({"a": Result(3, "/dati/a.xlsx"), "b": Result(1, "b.csv"), "c": Result(0, "c.csv"),
                           "d": Result(2, "d.csv", missing=True), "e": pl.DataFrame()})
    # The file as it is in the folder (a spreadsheet in place of the CSV); a missing file has no rows.
    assert notes == {"a": "dati parziali: 3 righe escluse (a.xlsx)", "b": "dati parziali: 1 riga esclusa (b.csv)"}
    table = pl.DataFrame({"sources": ["a,b", "c", "b", None], "note": ["N piccolo", "x", None, None]})
    out = with_partial_notes(table, notes)["note"].to_list()
    assert out == ["N piccolo; dati parziali: 3 righe escluse (a.xlsx); dati parziali: 1 riga esclusa (b.csv)",
                   "x", "dati parziali: 1 riga esclusa (b.csv)", None]


def test_the_report_and_the_downloads_carry_the_note(data_copy):
    from report.build import render_pdf, report_from_folder
    from ui.components import display_table
    from ui.exports import table_csv, table_xlsx

    break_rows(data_copy, NOT_ASSESSED)
    report = report_from_folder(data_copy, AS_OF, role="pubblico")
    (pippi,) = [s for s in report.sections if s.key == "pippi"]
    notes = [n for o in pippi.objectives for n in o.notes]
    assert f"{BY_ID['pippi.tasso_valutazioni_progetto'].name}: {EIGHT}" in notes
    text = re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(render_pdf(report))).pages))
    assert EIGHT in text
    # A table as the pages show it (display_table), downloaded as CSV and xlsx.
    from data_loaders import load_all
    from indicators.engine import compute_all

    table = compute_all(load_all(data_copy, AS_OF), AS_OF)
    rows = table.filter((pl.col("id") == "pippi.tasso_valutazioni_progetto") & (pl.col("territory") == AMBITO))
    shown = display_table(rows)
    assert shown["Nota"].to_list() == [EIGHT]
    assert EIGHT in table_csv(shown).decode("utf-8-sig")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(table_xlsx(shown))).worksheets[0]
    assert EIGHT in [c.value for c in sheet[2]]


def test_the_pippi_page_says_it_above_and_under_its_chart(data_copy, monkeypatch):
    from tests.apptest import open_page

    break_rows(data_copy, NOT_ASSESSED)
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    at = open_page("pages/pippi.py")
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("Dati parziali: 8 righe escluse (pippi_famiglie.csv). Le righe con errori non sono "
                            "conteggiate") for w in warnings), warnings
    # The yearly families chart: its subtitle says it.
    subtitles = [json.loads(c.proto.spec).get("title", {}) for c in at.get("vega_lite_chart")]
    assert any(isinstance(t, dict) and t.get("subtitle") == EIGHT for t in subtitles), subtitles
    # Under the headline figures (the rate now reads 100,0 %), and once, not in the modules' caption.
    captions = [c.value for c in at.caption]
    assert "Dati parziali: 8 righe escluse (pippi_famiglie.csv): le righe con errori non sono conteggiate in " \
           "queste cifre." in captions
    modules = next(c for c in captions if c.startswith("Target per anno dal modulo"))
    assert "dati parziali" not in modules and "2025: modulo base: 10 famiglie" in modules
    # The home page's PIPPI headline says it in its caption.
    home = open_page()
    assert any(c.value.startswith("Tasso di valutazione") and c.value.endswith(" · " + EIGHT) for c in home.caption), \
        [c.value for c in home.caption]


def test_the_unbroken_sample_says_nothing_partial(capsys):
    from tests.conftest import SAMPLE

    rows = cli_json(SAMPLE, capsys)
    assert len({r["id"] for r in rows}) == len({i.id for i in CATALOG})
    assert not any("dati parziali" in (r["note"] or "") for r in rows)


def test_the_piano_di_zona_page_says_it_beside_each_figure(data_copy, monkeypatch):
    from tests.apptest import open_page

    path = data_copy / "osservazioni_pdz.csv"
    text = path.read_text(encoding="utf-8-sig")
    assert text.count("1.1.out.1;2022;Ambito;16,00;") == 1
    path.write_text(text.replace("1.1.out.1;2022;Ambito;16,00;", "1.1.out.1;2022;Ambito;sedici;"), encoding="utf-8-sig")
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    at = open_page("pages/piano_di_zona.py")
    one_row = "dati parziali: 1 riga esclusa (osservazioni_pdz.csv)"
    assert any(w.value.startswith("Dati parziali: 1 riga esclusa (osservazioni_pdz.csv).") for w in at.warning)
    summaries = [m.value for m in at.markdown if m.value.startswith("**Valore")]
    assert summaries and all(s.endswith(f" · *{one_row}*") for s in summaries), summaries[:3]
    # 1.1.out.1 (14 in 2021, 12 in 2023): its 2022 row is the refused one, and its chart says so.
    trend_titles = [json.loads(c.proto.spec).get("title") for c in at.get("vega_lite_chart")]
    assert {"text": "", "subtitle": one_row} in trend_titles


@pytest.mark.parametrize("page, dataset, line_from, line_to", [
    ("pages/centro_famiglie.py", "hug_accessi.csv", "02/09/2024;spoke1_hack_montalcini;informazione;HUG-0201;",
     "31/09/2024;spoke1_hack_montalcini;informazione;HUG-0201;"),
    ("pages/risorse.py", "spesa_sociale.csv", "Cremonese;2016;area;disabilita;4139645;",
     "Cremonese;2016;area;disabilita;quattro milioni;"),
])
def test_headline_figures_of_other_pages_say_it(data_copy, monkeypatch, page, dataset, line_from, line_to):
    from tests.apptest import open_page

    path = data_copy / dataset
    text = path.read_text(encoding="utf-8-sig")
    assert text.count(line_from) == 1
    path.write_text(text.replace(line_from, line_to), encoding="utf-8-sig")
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    at = open_page(page)
    said = f"Dati parziali: 1 riga esclusa ({dataset}): le righe con errori non sono conteggiate in queste cifre."
    assert said in [c.value for c in at.caption]
