"""The Assemblea report: its content against the engine, hand-made cases, the PDF and the command."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys

import polars as pl
import pypdf
import pytest

from data_loaders import load_all
from indicators import format as fmt
from indicators.engine import RESULT_SCHEMA, compute_all, latest
from indicators.registry import BY_ID
from report import charts, content, semester
from report.__main__ import main as cli
from report.build import DataFolderError, render_pdf, report_from_folder, report_from_table
from report.version import data_version
from tests.conftest import AS_OF, ROOT, SAMPLE
from tests.helpers import frame

AMBITO = "Ambito Cremonese"
COMPUTED_AT = dt.datetime(2026, 11, 23, 9, 30)


@pytest.fixture(scope="module")
def sample():
    results = load_all(SAMPLE)
    return results, compute_all(results, AS_OF)


@pytest.fixture(scope="module")
def coordinator_report(sample):
    results, table = sample
    return report_from_table(content.visible(table, "coordinatore"), results, AS_OF, "coordinatore", COMPUTED_AT)


@pytest.fixture(scope="module")
def coordinator_pdf(coordinator_report):
    return render_pdf(coordinator_report)


FOOTERS = {"pubblico": "Versione pubblica", "assemblea": "Versione per l'Assemblea dei Sindaci",
           "coordinatore": "Versione interna"}


@pytest.fixture(scope="module")
def pdfs(sample, coordinator_pdf):
    """Each version's PDF, built once: role -> bytes (the coordinator's is the internal version)."""
    results, table = sample
    out = {"coordinatore": coordinator_pdf}
    for role in ("pubblico", "assemblea"):
        out[role] = render_pdf(report_from_table(content.visible(table, role), results, AS_OF, role, COMPUTED_AT))
    return out


def engine_rows(rows: list[dict]) -> pl.DataFrame:
    """A hand-made engine table: one dict per row, missing columns null."""
    return pl.DataFrame([{k: r.get(k) for k in RESULT_SCHEMA} for r in rows], schema=RESULT_SCHEMA, orient="row")


def row(id_, period, value, territory=AMBITO, status="no_data", **extra) -> dict:
    base = {"id": id_, "area": "hug", "objective": "hug", "kind": "output", "name": f"Nome {id_}",
            "unit": "numero", "period": period, "territory": territory, "value": value, "status": status,
            "sources": "hug_accessi", "provisional": False}
    return base | extra


# --- data version --------------------------------------------------------------------------

def test_data_version_follows_content_not_file_dates(data_copy):
    original = data_version(load_all(SAMPLE))
    assert re.fullmatch(r"[0-9a-f]{12}", original)
    # A copy with new modification times is the same data, so the same version.
    os.utime(data_copy / "comuni.csv", (0, 0))
    assert data_version(load_all(data_copy)) == original
    path = data_copy / "hug_budget.csv"
    path.write_bytes(path.read_bytes() + b"\r\n")  # one byte more, same rows
    changed = data_version(load_all(data_copy))
    assert changed != original
    (data_copy / "fondi.csv").unlink()
    assert data_version(load_all(data_copy)) not in (original, changed)


# --- content against the engine -------------------------------------------------------------

def test_summary_counts_are_the_overview_counts(sample, coordinator_report):
    _, table = sample
    judged = latest(table, AMBITO).filter(pl.col("kind") != "contesto")
    expected = {s: judged.filter(pl.col("status") == s).height for s in ("on_track", "at_risk", "off_track", "no_data")}
    assert coordinator_report.counts == expected
    assert sum(expected.values()) == judged.height > 0
    # Every judged indicator of the Ambito is counted in exactly one area line.
    by_area = {s: sum(a.counts[s] for a in coordinator_report.area_lines) for s in expected}
    assert by_area == expected
    total = sum(expected.values())
    assert coordinator_report.summary_sentence.startswith(f"Su {fmt.number(total)} indicatori con target, "
                                                          f"{expected['on_track']} in linea")


def test_every_printed_row_is_the_engines_latest_value(sample, coordinator_report):
    _, table = sample
    now = {r["id"]: r for r in latest(table, AMBITO).iter_rows(named=True)}
    printed = [r for s in coordinator_report.sections for r in s.rows]
    assert len(printed) >= 5
    for r in printed:
        e = now[r.id]
        decimals = BY_ID[r.id].decimals
        assert r.value == fmt.by_unit(e["value"], e["unit"], decimals), r.id
        assert r.status == e["status"], r.id
        assert r.period.startswith(e["period"]), r.id
    # Each area 1-10 of the plan, then PIPPI and HUG, then the resources and the territory.
    assert [s.key for s in coordinator_report.sections] == [*map(str, range(1, 11)), "pippi", "hug", "risorse",
                                                             "territorio"]


def test_pippi_rows_carry_value_target_gap_and_status_as_text(coordinator_report, sample):
    _, table = sample
    pippi = next(s for s in coordinator_report.sections if s.key == "pippi")
    rate = next(r for r in pippi.rows if r.id == "pippi.tasso_valutazioni")
    e = latest(table, AMBITO).filter(pl.col("id") == "pippi.tasso_valutazioni").row(0, named=True)
    assert rate.value == fmt.percent(e["value"])
    assert rate.target == "> 75,0%"  # the PNRR quality standard, "> 75%"
    assert rate.gap == f"{fmt.signed(e['gap'], 1)} punti"
    assert rate.status_text in {"✔ in linea", "▲ a rischio", "✖ fuori target"}
    assert any(f.id == "pippi.tasso_valutazioni" for o in pippi.objectives for f in o.figures)


def test_hand_counted_semester_for_ats_from_the_real_engine():
    # 2025-S2: 3 at the hub + 1 at spoke 1; 2026-S1: 2 at the hub + 7 at spoke 1; 2026-S2 still running.
    hub, spoke = "hub", "spoke1_hack_montalcini"
    rows = ([["15/09/2025", hub, "informazione", "", ""]] * 3 + [["20/10/2025", spoke, "consulenza", "", ""]]
            + [["10/02/2026", hub, "orientamento", "", ""]] * 2 + [["11/03/2026", spoke, "informazione", "", ""]] * 7
            + [["01/09/2026", hub, "informazione", "", ""]] * 5)
    frames = {name: r.frame for name, r in load_all(SAMPLE).items()}
    frames["hug_accessi"] = frame("hug_accessi", rows)
    table = compute_all(frames, AS_OF)
    sem = semester.build_semester(content.visible(table, "coordinatore"), AS_OF, AMBITO, frames)
    assert sem.period == "2026-S1"  # the last semester over on 23/11/2026
    assert sem.label == "1° semestre 2026 (01/01/2026 – 30/06/2026)"
    line = next(x for x in sem.lines if x.name == BY_ID["hug.accessi_semestre"].name)
    # Baseline is the first semester (4 accesses): 9 is above it.
    assert (line.value, line.previous, line.status_text) == ("9", "4", "✔ in linea")
    if "hug.accessi_punto" in BY_ID:  # the per-point breakdown, where the catalog has it
        by_point = next(b for b in sem.breakdowns if b.id == "hug.accessi_punto")
        assert sorted(x.value for x in by_point.lines if x.value != "0") == ["2", "7"]
    if sem.ats is not None:  # the register's table by point and kind, where the HUG layer has it
        h = sem.ats.headings
        rows = {r[0]: dict(zip(h, r)) for r in sem.ats.rows}
        hub_row = next(v for k, v in rows.items() if k.startswith("Hub"))
        spoke_row = next(v for k, v in rows.items() if k.startswith("Spoke 1"))
        assert (hub_row["Accessi"], hub_row["Orientamento"], spoke_row["Informazione"]) == ("2", "2", "7")
        assert sem.ats.rows[-1][1] == "9"  # the total comes last
        public = semester.build_semester(content.visible(table, "pubblico"), AS_OF, AMBITO, frames, "pubblico")
        hub_public = next(dict(zip(h, r)) for r in public.ats.rows if r[0].startswith("Hub"))
        assert hub_public["Accessi"] == "< 5" and hub_public["Accessi per ora"] != hub_row["Accessi per ora"]


def test_semester_breakdowns_and_reporting_period_on_a_hand_made_table():
    table = engine_rows([
        row("hug.tot", "2025-S2", 40.0, status="on_track"),
        row("hug.tot", "2026-S1", 52.0, status="on_track"),
        row("hug.tot", "2026-S2", 10.0, status="off_track", provisional=True),
        row("hug.per_punto", "2026-S1", 30.0, territory=f"{AMBITO} / Hub"),
        row("hug.per_punto", "2026-S1", 22.0, territory=f"{AMBITO} / Spoke 1"),
        row("hug.per_punto", "2026-S1", 99.0, territory="Ambito Seregno / Hub"),  # another Ambito: left out
        row("hug.budget", "protocollo", 0.5),  # not a semester: not in the ATS summary
    ])
    sem = semester.build_semester(content.visible(table, "coordinatore"), AS_OF, AMBITO)
    assert sem.period == "2026-S1" and sem.note == ""
    assert [(x.name, x.value, x.previous) for x in sem.lines] == [("Nome hug.tot", "52", "40")]
    assert [(b.id, [(x.sub_unit, x.value) for x in b.lines]) for b in sem.breakdowns] == [
        ("hug.per_punto", [("Hub", "30"), ("Spoke 1", "22")])]
    # Before any semester is over, the running one is reported and said to be provisional.
    early = semester.build_semester(content.visible(table, "coordinatore"), dt.date(2025, 8, 1), AMBITO)
    assert early.period == "2026-S2" and "provvisori" in early.note


def test_public_report_prints_small_counts_as_suppressed_and_charts_nothing_for_them():
    iid = "pippi.famiglie_anno"  # sensitive: families
    assert BY_ID[iid].sensitive
    table = engine_rows([
        row(iid, "2024", 3.0, area="pippi", objective="pippi", unit="numero", status="off_track", target=10.0),
        row(iid, "2025", 12.0, area="pippi", objective="pippi", unit="numero", status="on_track", target=10.0),
    ])
    latest_public = content.visible(table, "pubblico")
    pippi = content.build_section("pippi", latest_public, AMBITO)
    assert [r.value for r in pippi.rows] == ["12"]
    fig = pippi.objectives[0].figures
    # Only one period is visible to the public (the 3 is hidden), so no trend chart.
    assert fig == []
    coordinator = content.build_section("pippi", content.visible(table, "coordinatore"), AMBITO)
    assert coordinator.objectives[0].figures[0].data["value"].to_list() == [3.0, 12.0]
    hidden = content.visible(table, "pubblico").filter(pl.col("period") == "2024").row(0, named=True)
    assert content.value_text(hidden) == "< 5"
    assert content.gap_text(hidden) == "—"


def test_target_and_gap_texts_in_the_indicators_unit():
    rate = {"id": "pippi.tasso_valutazioni", "unit": "percentuale", "target": 75.0, "gap": -8.33,
            "expected": 75.0, "provisional": False, "suppressed": False}
    assert content.target_text(rate) == "> 75,0%"
    assert content.gap_text(rate) == "-8,3 punti"
    families = {"id": "pippi.famiglie_anno", "unit": "numero", "target": 10.0, "gap": -1.0,
                "expected": 8.9, "provisional": True, "suppressed": False}
    # A target that accumulates: the share due by today is printed beside it.
    assert content.target_text(families) == "≥ 10 (atteso a oggi 8,9)"
    assert content.period_text("2026", True) == "2026 (in corso)"
    assert content.summary_sentence({"on_track": 1, "at_risk": 2, "off_track": 0, "no_data": 3}) == (
        "Su 6 indicatori con target, 1 in linea, 2 a rischio, 0 fuori target e 3 senza dati.")


# --- charts and PDF -------------------------------------------------------------------------

def test_chart_draws_the_engine_values_in_period_order(coordinator_report):
    fig = next(f for f in coordinator_report.figures if f.id == "pippi.tasso_valutazioni")
    assert charts.plotted(fig) == fig.data["value"].to_list()
    assert len(charts.plotted(fig)) >= 2


@pytest.mark.parametrize("low, high, whole, expected", [
    (0, 3, True, [0, 1, 2, 3]),  # a count of 3 families: whole ticks, never 0,5
    (0, 1, True, [0, 1]),
    (0, 83.3, False, [0, 25, 50, 75, 100]),  # a rate: step 25 (83,3 / 4 = 20,8 -> 25)
    (0, 7, True, [0, 2, 4, 6, 8]),
    (0, 0.6, False, [0, 0.2, 0.4, 0.6000000000000001]),
])
def test_chart_ticks_are_round_and_whole_for_counts(low, high, whole, expected):
    assert charts.ticks(low, high, whole) == pytest.approx(expected)


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


def page_texts(data: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text()) for p in pypdf.PdfReader(io.BytesIO(data)).pages]


# --- the three versions ---------------------------------------------------------------------

@pytest.mark.parametrize("role", ["pubblico", "assemblea", "coordinatore"])
def test_every_page_says_which_version_it_is(pdfs, role):
    pages = page_texts(pdfs[role])
    assert len(pages) >= 5
    others = [f for r, f in FOOTERS.items() if r != role]
    for n, text in enumerate(pages, start=1):
        assert FOOTERS[role] in text and f"Pagina {n} di {len(pages)}" in text, n
        assert not any(f in text for f in others), n


def comuni_names() -> list[str]:
    comuni = pl.read_csv(SAMPLE / "comuni.csv", separator=";", infer_schema=False, encoding="utf8-lossy")
    return sorted(set(comuni.filter(pl.col("ambito") == "Cremonese")["comune"].to_list()))


def test_no_comune_with_one_to_four_families_outside_the_internal_version(pdfs, coordinator_report):
    # Hand-picked from the sample: 1 PIPPI family from Casalbuttano ed Uniti in 2026, and 1 over the
    # project from Castelvisconti (pippi.famiglie_anno_comune / _progetto_comune, coordinator's table).
    by_comune = {b.id: {x.sub_unit: x.value for x in b.lines}
                 for s in coordinator_report.sections for o in s.objectives for b in o.breakdowns}
    assert by_comune["pippi.famiglie_anno_comune"]["Casalbuttano ed Uniti"] == "1"
    assert by_comune["pippi.famiglie_progetto_comune"]["Castelvisconti"] == "1"
    internal = re.sub(r"\s+", " ", pdf_text(pdfs["coordinatore"])[1])
    assert "Casalbuttano ed Uniti 1 " in internal and "Castelvisconti 1 " in internal
    names = comuni_names()
    assert len(names) == 48
    for role in ("pubblico", "assemblea"):
        text = re.sub(r"\s+", " ", pdf_text(pdfs[role])[1])
        # A count 1-4 after a comune's name (not the start of "2.081" inhabitants or "3,5%").
        small = [m for name in names for m in re.findall(re.escape(name) + r" [1-4](?![\d.,])", text)]
        assert small == [], role


def test_pdf_quotes_the_plan_marks_proposed_targets_and_has_resources_and_territory(pdfs):
    for role in ("pubblico", "coordinatore"):
        flat = re.sub(r"\s+", " ", pdf_text(pdfs[role])[1])
        # The plan's own sentences, quoted (PdZ 1.1.out.1 and PIPPI's rate).
        for iid in ("1.1.out.1", "pippi.tasso_valutazioni"):
            assert f"«{BY_ID[iid].plan_text}»" in flat, (role, iid)
        assert "Cosa dice il piano" in flat
        # The plan gives no number for 1.1.out.1: judged against the base year, a proposal.
        assert "aumento rispetto all'anno base (proposto)" in flat
        assert "«proposto»: target non scritto nel piano" in flat
        # 9.3 repeats 9.2's indicators word for word: the plan's inconsistency is printed.
        assert "ripetono parola per parola quelli di 9.2" in flat
        for title in ("Risorse dell'Ambito Fondi e spesa sociale", "Territorio dell'Ambito Popolazione e comuni"):
            assert title in flat, title
        # The social spending ends in 2019, before the plan: said beside it.
        assert "dato anteriore al periodo del Piano (2021-2023)" in flat


def test_row_targets_and_notes_say_what_the_plan_states_and_what_the_engine_noted(sample):
    _, table = sample
    now = {r["id"]: r for r in latest(content.visible(table, "coordinatore"), AMBITO).iter_rows(named=True)}
    assert content.target_text(now["pippi.operatori_formati"]) == "≥ 10"  # the plan's own number
    assert content.target_text(now["1.1.out.1"]) == "aumento rispetto all'anno base (proposto)"
    assert content.target_text(now["9.3.out.4"]).endswith("(proposto)")  # a measure the dashboard added
    hand = engine_rows([
        row("hug.tot", "2026-S1", 52.0, status="on_track", note="N piccolo: 3 famiglie"),
        row("hug.tot2", "2026-S1", 7.0, status="on_track", sources="hug_accessi,hug_orari"),
    ])
    section = content.build_section("hug", content.visible(hand, "coordinatore"), AMBITO)
    (objective,) = section.objectives
    assert objective.notes == ["Nome hug.tot: N piccolo: 3 famiglie"]
    # «Dati parziali» comes from the engine's note only (indicators.engine.with_partial_notes), said once.
    said = engine_rows([row("hug.tot", "2026-S1", 5.0, note="dati parziali: 12 righe escluse (hug_accessi.csv)")])
    again = content.build_section("hug", content.visible(said, "coordinatore"), AMBITO)
    assert again.objectives[0].notes == ["Nome hug.tot: dati parziali: 12 righe escluse (hug_accessi.csv)"]


def test_pdf_has_cover_summary_sections_and_semester_with_the_engine_figures(coordinator_pdf, coordinator_report):
    assert coordinator_pdf[:5] == b"%PDF-"
    pages, text = pdf_text(coordinator_pdf)
    assert 5 <= pages <= 80
    flat = re.sub(r"\s+", " ", text)
    assert f"Versione dei dati {coordinator_report.version}" in flat
    assert "Calcolato il 23/11/2026 alle 09:30" in flat and "Stato valutato al 23/11/2026" in flat
    assert coordinator_report.summary_sentence in flat
    for title in ("Area 1", "Area 10", "Programma PIPPI – PNRR M5C2 1.1.1", "Rendicontazione semestrale ad ATS"):
        assert re.search(re.escape(title) + r"(?!\d)", flat), title
    pippi = next(s for s in coordinator_report.sections if s.key == "pippi")
    rate = next(r for r in pippi.rows if r.id == "pippi.tasso_valutazioni")
    assert rate.value in flat and "✔ in linea" in flat
    sem = coordinator_report.semester
    assert sem.label in flat
    assert f"{sem.lines[0].value} {sem.lines[0].previous}" in flat
    assert f"Pagina {pages} di {pages}" in flat


# --- the command ----------------------------------------------------------------------------

@pytest.mark.parametrize("args, footer", [
    (["--public"], "Versione pubblica"),
    (["--versione", "assemblea"], "Versione per l'Assemblea dei Sindaci"),
    (["--versione", "interna"], "Versione interna"),
])
def test_cli_writes_the_version_asked(tmp_path, capsys, args, footer):
    out = tmp_path / "assemblea.pdf"
    assert cli(["--data", str(SAMPLE), "--out", str(out), "--as-of", "23/11/2026", *args]) == 0
    data = out.read_bytes()
    assert data[:5] == b"%PDF-"
    pages = page_texts(data)
    assert all(footer in p for p in pages)
    assert f"Report scritto in {out}, {footer}" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["--data", "{tmp}/manca"], "la cartella dei dati"),
    (["--data", "{tmp}"], "nessun file di dati riconosciuto"),
    (["--as-of", "31/02/2026"], "data non valida per --as-of"),
])
def test_cli_bad_input_is_a_clear_message_and_exit_2(tmp_path, capsys, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert cli([*args, "--out", str(tmp_path / "x.pdf")]) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_cli_bad_folder_in_a_real_process_has_no_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "report", "--data", str(tmp_path / "manca"),
                           "--out", str(tmp_path / "x.pdf")], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.startswith("Errore: la cartella dei dati") and "Traceback" not in done.stderr


def test_report_from_folder_refuses_a_folder_without_data(tmp_path):
    with pytest.raises(DataFolderError):
        report_from_folder(tmp_path, AS_OF)


def test_report_package_does_not_import_streamlit():
    code = "import sys, report.build, report.__main__; print('streamlit' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr


def test_text_wraps_by_whole_words_within_the_width(coordinator_report):
    from report import pdf

    doc = pdf.ReportPDF(coordinator_report)
    doc.add_page()
    doc.set_font(pdf.FONT, size=8)
    text = BY_ID["1.1.out.1"].plan_text + " — € 29.580.029 ≥ 75,0%"
    lines = doc.wrap(text, 40)
    assert len(lines) >= 2 and " ".join(lines) == text
    assert all(doc.get_string_width(line) <= 40 for line in lines)
    # A period wider than its column breaks after the hyphen, not inside a year.
    assert doc.wrap("2023-2026", 10) == ["2023-", "2026"]
