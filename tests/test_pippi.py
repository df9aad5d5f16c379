"""PIPPI indicators on small hand-made frames, each result computed by hand in the comment beside it."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import polars as pl
import pytest

from data_loaders import load_all
from data_loaders.registry import DATASETS
from indicators.defs import pippi as P
from indicators.engine import compute_all
from indicators.registry import CATALOG
from tests.conftest import AS_OF, ROOT
from tests.helpers import frame

FAM_HEADER = ["ambito", "codice_famiglia", "equipe", "codice_istat_comune", "data_segnalazione",
              "data_valutazione", "data_inclusione"]
DEV_HEADER = FAM_HEADER + ["progetto_quadro", "educativa_domiciliare_ore_sett", "gruppi_genitori", "gruppi_bambini",
                           "vicinanza_solidale", "partenariato_scuola", "progetto_sollievo",
                           "inserimento_residenziale", "giorni_in_struttura", "comune", "riunificazione"]


def famiglie(rows, header=FAM_HEADER):
    return {"pippi_famiglie": frame("pippi_famiglie", rows, header)}


def run(ind_id, frames, as_of=AS_OF):
    ind = next(i for i in CATALOG if i.id == ind_id)
    return compute_all(frames, as_of, catalog=[ind])


def included(n, year, equipe="EM1", ambito="Cremonese", istat="019036", prefix="F"):
    return [[ambito, f"{ambito[:2].upper()}-{prefix}{year}{i:02d}", equipe, istat, f"01/02/{year}", f"10/02/{year}",
             f"20/02/{year}"] for i in range(n)]


# ---------------------------------------------------------------- assessment rate

def test_assessment_rate_per_cohort_december_to_january():
    # 2023: 4 segnalate, 3 valutate (one in January 2024) -> 75,0% exactly: not above the standard, and the
    # year is over: fuori target (it read «a rischio»).
    # 2024: 2 segnalate, 2 valutate -> 100%.
    rows = [
        ["Cremonese", "CR-F1", "EM1", "019036", "10/03/2023", "20/03/2023", ""],
        ["Cremonese", "CR-F2", "EM1", "019036", "10/04/2023", "", ""],
        ["Cremonese", "CR-F3", "EM1", "019036", "10/05/2023", "20/05/2023", ""],
        ["Cremonese", "CR-F4", "EM1", "019036", "18/12/2023", "12/01/2024", ""],
        ["Cremonese", "CR-F5", "EM1", "019036", "10/02/2024", "20/02/2024", ""],
        ["Cremonese", "CR-F6", "EM1", "019036", "10/03/2024", "20/03/2024", ""],
    ]
    t = run("pippi.tasso_valutazioni", famiglie(rows)).sort("period")
    assert t.select("period", "numerator", "denominator", "value", "status").rows() == [
        ("2023", 3.0, 4.0, 75.0, "off_track"),
        ("2024", 2.0, 2.0, 100.0, "on_track"),
    ]
    # Few families: said beside the rate; 75% exactly is not above the standard.
    notes = t["note"].to_list()
    assert notes == [f"{P.NOTA_POCHE_FAMIGLIE}; 75% esatto non supera lo standard (> 75%)", P.NOTA_POCHE_FAMIGLIE]
    # With 4 families one family is 25 points; with 2, 50 points: for who sees the denominator.
    assert P.family_weight(notes[0], 4.0) == (f"{P.NOTA_POCHE_FAMIGLIE}: qui una famiglia vale 25,0 punti; "
                                              "75% esatto non supera lo standard (> 75%)")
    assert P.family_weight(notes[1], 2.0) == f"{P.NOTA_POCHE_FAMIGLIE}: qui una famiglia vale 50,0 punti"
    # Without the denominator (the public's view) the note carries no number drawn from it.
    assert P.family_weight(notes[1], None) == P.NOTA_POCHE_FAMIGLIE


def test_assessment_rate_without_segnalazioni_is_no_data_not_zero():
    empty = {"pippi_famiglie": DATASETS["pippi_famiglie"].empty_frame()}
    t = run("pippi.tasso_valutazioni", empty)
    assert t.height == 1
    assert t.row(0, named=True)["status"] == "no_data" and t.row(0, named=True)["value"] is None
    # A year without segnalazioni between two with them: no row for it, never a 0%.
    rows = [["Cremonese", "CR-A", "EM1", "019036", "10/03/2023", "20/03/2023", ""],
            ["Cremonese", "CR-B", "EM1", "019036", "10/03/2025", "", ""]]
    t = run("pippi.tasso_valutazioni", famiglie(rows)).sort("period")
    assert t.select("period", "value", "status").rows() == [("2023", 100.0, "on_track"), ("2025", 0.0, "off_track")]


def test_assessment_rate_per_equipe_per_year_and_over_the_project():
    # EM1 2023: 3 of 4 (75,0%, not above); EM2 2023: 4 of 4; EM2 2024: 1 of 2 (50%).
    # Project, segnalazioni 2023-2024 on a project declared 2023-2026: 8 of 10 = 80% (above 75).
    rows = [["Cremonese", f"CR-E{i}", "EM1", "019036", "10/03/2023", "20/03/2023" if i < 3 else "", ""]
            for i in range(4)]
    rows += [["Cremonese", f"CR-D{i}", "EM2", "019036", "10/03/2023", "20/03/2023", ""] for i in range(4)]
    rows += [["Cremonese", "CR-D8", "EM2", "019036", "10/03/2024", "20/03/2024", ""],
             ["Cremonese", "CR-D9", "EM2", "019036", "10/04/2024", "", ""]]
    progetto = frame("pippi_progetto", [["Cremonese", "D24H21000040007", "01/01/2023", "31/12/2026", "211.500,00", "30"]])
    frames = {**famiglie(rows), "pippi_progetto": progetto}
    t = run("pippi.tasso_valutazioni_equipe", frames).sort("territory", "period")
    assert t.select("territory", "period", "numerator", "denominator", "value", "status").rows() == [
        ("Ambito Cremonese / EM1", "2023", 3.0, 4.0, 75.0, "off_track"),  # closed year, not above 75
        ("Ambito Cremonese / EM2", "2023", 4.0, 4.0, 100.0, "on_track"),
        ("Ambito Cremonese / EM2", "2024", 1.0, 2.0, 50.0, "off_track"),
    ]
    r = run("pippi.tasso_valutazioni_progetto", frames).row(0, named=True)
    assert (r["period"], r["numerator"], r["denominator"], r["value"], r["status"]) == (
        "2023-2026", 8.0, 10.0, 80.0, "on_track")
    assert P.family_weight(r["note"], r["denominator"]).endswith("vale 10,0 punti")
    t = run("pippi.tasso_valutazioni_equipe_progetto", frames).sort("territory")
    # EM1 3/4 = 75%; EM2 5/6 = 83,3%. The project runs to 31/12/2026: on 23/11/2026 under way, so 75% is
    # «a rischio» (within 90% of the standard), not yet fuori target.
    assert t.select("territory", "value", "status").rows() == [
        ("Ambito Cremonese / EM1", 75.0, "at_risk"), ("Ambito Cremonese / EM2", pytest.approx(83.3333), "on_track")]


def test_large_denominator_carries_no_warning():
    rows = [["Cremonese", f"CR-L{i}", "EM1", "019036", "10/03/2023", "20/03/2023" if i < 19 else "", ""]
            for i in range(21)]
    r = run("pippi.tasso_valutazioni", famiglie(rows)).row(0, named=True)
    # 19 of 21 = 90,48%: with 21 families one family is under 5 points, no note.
    assert r["value"] == pytest.approx(90.4762) and r["note"] is None


# ---------------------------------------------------------------- target families

def test_families_per_year_against_ten_with_pace_in_the_current_year():
    rows = [["Cremonese", f"CR-F{i}", "EM1", "019036", "01/02/2023", "10/02/2023", "20/02/2023"] for i in range(9)]
    rows += [["Cremonese", f"CR-G{i}", "EM1", "019036", "01/02/2024", "10/02/2024", "20/02/2024"] for i in range(6)]
    t = run("pippi.famiglie_anno", famiglie(rows), as_of=dt.date(2024, 7, 1)).sort("period")
    # 2023 is over: 9 of 10 -> fuori target (a closed year is never «a rischio»), gap -1.
    # 2024 half gone (183/366): 5 due, 6 included -> on track.
    assert t.select("period", "value", "target", "gap", "status").rows() == [
        ("2023", 9.0, 10.0, -1.0, "off_track"),
        ("2024", 6.0, 10.0, -4.0, "on_track"),
    ]
    assert t["provisional"].to_list() == [False, True]
    assert t["note"].to_list() == ["modulo non indicato: si assume il modulo base (10 famiglie)"] * 2


def test_families_per_year_take_the_target_of_each_ambito_and_module():
    rows = included(10, 2023) + included(12, 2024) + included(3, 2025)
    rows += included(18, 2024, equipe="EM-A", ambito="Seregno", istat="108039")
    moduli = frame("pippi_moduli", [["Cremonese", "2023", "start"], ["Cremonese", "2024", "autonomia"],
                                    ["Seregno", "2024", "avanzato"]])
    t = run("pippi.famiglie_anno", {**famiglie(rows), "pippi_moduli": moduli}).sort("territory", "period")
    # start 10: 10 -> on track; autonomia 15: 12 < 13,5 (90%) -> off track; no module 2025: base 10, 3 -> off;
    # Seregno avanzato 20: 18 = 90%, but 2024 is over -> off track.
    assert t.select("territory", "period", "value", "target", "gap", "status").rows() == [
        ("Ambito Cremonese", "2023", 10.0, 10.0, 0.0, "on_track"),
        ("Ambito Cremonese", "2024", 12.0, 15.0, -3.0, "off_track"),
        ("Ambito Cremonese", "2025", 3.0, 10.0, -7.0, "off_track"),
        ("Ambito Seregno", "2024", 18.0, 20.0, -2.0, "off_track"),
    ]
    assert t["note"].to_list()[1] == "modulo autonomia: 15 famiglie"


def _progetto(*rows):
    return {"pippi_progetto": frame("pippi_progetto", [[a, "", d0, d1, "", "30"] for a, d0, d1 in rows])}


def test_a_project_ending_before_the_years_end_closes_its_year_and_its_span():
    rows = included(10, 2024) + included(9, 2026)
    frames = {**famiglie(rows), **_progetto(("Cremonese", "01/01/2024", "30/06/2026"))}
    t = run("pippi.famiglie_anno", frames, as_of=dt.date(2026, 11, 23)).sort("period")
    # The project ended on 30/06/2026: 2026 is judged as ended, 9 of 10 -> fuori target (with the calendar
    # year it was under way: 327/365 of 10 = 8,96 due, 9 read «in linea»). 2025 holds no family: 0 of 10.
    assert t.select("period", "value", "target", "status", "period_end", "closed", "provisional").rows() == [
        ("2024", 10.0, 10.0, "on_track", dt.date(2024, 12, 31), True, False),
        ("2025", 0.0, 10.0, "off_track", dt.date(2025, 12, 31), True, False),
        ("2026", 9.0, 10.0, "off_track", dt.date(2026, 6, 30), True, False)]
    assert t["note"].to_list()[1] == P.NOTA_NESSUNA_FAMIGLIA + "; modulo non indicato: si assume il modulo base (10 famiglie)"
    r = run("pippi.famiglie_progetto", frames, as_of=dt.date(2026, 11, 23)).row(0, named=True)
    # 19 of 30 over 2024-2026, closed on 30/06/2026: all 30 due.
    assert (r["period"], r["value"], r["status"], r["period_end"], r["closed"]) == (
        "2024-2026", 19.0, "off_track", dt.date(2026, 6, 30), True)
    no_project = run("pippi.famiglie_anno", famiglie(rows), as_of=dt.date(2026, 11, 23)).sort("period")
    assert no_project.select("period", "status", "closed").rows() == [
        ("2024", "on_track", True), ("2025", "off_track", True), ("2026", "on_track", False)]


def test_families_included_outside_the_declared_project_are_noted_without_their_number():
    # The sample's Cremonese declares its end on 30/06/2026 and includes families in July-September 2026.
    rows = included(2, 2025) + [["Cremonese", "CR-LATE", "EM1", "019036", "03/06/2026", "20/06/2026", "04/07/2026"]]
    frames = {**famiglie(rows), **_progetto(("Cremonese", "01/01/2025", "30/06/2026"))}
    t = run("pippi.famiglie_anno", frames).sort("period")
    assert t.select("period", "value").rows() == [("2025", 2.0), ("2026", 1.0)]
    assert t["note"].to_list()[0] == "modulo non indicato: si assume il modulo base (10 famiglie)"
    assert t["note"].to_list()[1].endswith("; " + P.NOTA_FUORI_PROGETTO)
    r = run("pippi.famiglie_progetto", frames).row(0, named=True)
    assert (r["value"], r["note"]) == (3.0, P.NOTA_FUORI_PROGETTO)
    assert not any(ch.isdigit() for ch in P.NOTA_FUORI_PROGETTO)  # a count of families may be a small cell


def test_pace_runs_from_the_projects_start():
    # Seregno starts on 01/06/2023: on 30/09/2023, 122 of the 214 days of 2023 in the project are gone,
    # 10 x 122/214 = 5,70 due; 6 included -> in line. On the calendar year (273/365: 7,48 due) 6 < 0,9 x 7,48.
    rows = included(6, 2023, equipe="EM-A", ambito="Seregno", istat="108039")
    # Seregno's own call sets no module: the year's target is the module it declares (base, 10).
    moduli = {"pippi_moduli": frame("pippi_moduli", [["Seregno", "2023", "base"]])}
    frames = {**famiglie(rows), **_progetto(("Seregno", "01/06/2023", "31/05/2026")), **moduli}
    t = run("pippi.famiglie_anno", frames, as_of=dt.date(2023, 9, 30))
    assert t.filter(pl.col("period") == "2023").select("value", "status", "closed").rows() == [(6.0, "on_track", False)]
    # The project's later years have no row yet: the register reaches 2023 only (a year not begun is not
    # a year with no family).
    assert t["period"].to_list() == ["2023"]
    assert run("pippi.famiglie_anno", {**famiglie(rows), **moduli},
               as_of=dt.date(2023, 9, 30))["status"].to_list() == ["off_track"]


def test_the_convention_for_a_familys_year_is_written_for_the_page():
    assert "data di inclusione" in P.CONVENZIONE_ANNO and "segnalazione" in P.CONVENZIONE_ANNO


def test_family_segnalata_in_december_and_included_in_january_counts_in_january():
    rows = [["Cremonese", "CR-X", "EM1", "019036", "18/12/2023", "12/01/2024", "30/01/2024"]]
    t = run("pippi.famiglie_anno", famiglie(rows))
    # The register covers 2023 (the segnalazione): no family included then, 0 for 2023.
    assert t.select("period", "value").rows() == [("2023", 0.0), ("2024", 1.0)]
    t = run("pippi.tasso_valutazioni", famiglie(rows))
    assert t.select("period", "numerator", "denominator").rows() == [("2023", 1.0, 1.0)]


def test_cumulative_families_over_three_years_or_the_declared_project():
    rows = [["Cremonese", f"CR-F{i}", "EM1", "019036", "01/02/2023", "10/02/2023", "20/02/2023"] for i in range(12)]
    rows += [["Cremonese", f"CR-G{i}", "EM1", "019036", "01/02/2024", "10/02/2024", "20/02/2024"] for i in range(8)]
    t = run("pippi.famiglie_progetto", famiglie(rows), as_of=dt.date(2024, 12, 30))
    # 20 families on 30/12/2024, 730 of the 1096 days of 2023-2025 gone: 30 x 730/1096 = 19,98 due.
    r = t.row(0, named=True)
    assert (r["period"], r["value"], r["gap"], r["status"]) == ("2023-2025", 20.0, -10.0, "on_track")
    # Declared project 01/06/2023-31/05/2026 with its own target of 25: period 2023-2026, all due on 23/11/2026
    # (the span is whole years: 1.423/1.461 days gone, 24,35 due) -> 20 < 0,9 x 24,35 = 21,9 -> off track.
    progetto = frame("pippi_progetto", [["Cremonese", "", "01/06/2023", "31/05/2026", "", "25"]])
    r = run("pippi.famiglie_progetto", {**famiglie(rows), "pippi_progetto": progetto}).row(0, named=True)
    assert (r["period"], r["value"], r["target"], r["status"]) == ("2023-2026", 20.0, 25.0, "off_track")


def test_families_per_equipe_and_per_comune_name_the_sub_unit():
    rows = included(3, 2023, "EM1", istat="019036") + included(2, 2024, "EM2", istat="019001", prefix="G")
    rows += [["Cremonese", "CR-Z1", "EM2", "019999", "01/02/2024", "10/02/2024", "20/02/2024"],
             ["Cremonese", "CR-Z2", "EM2", "019036", "01/02/2024", "", ""]]  # not included: not counted
    comuni = frame("comuni", [["2023", "019036", "Cremona", "Cremonese", "", "70000", "", ""],
                              ["2023", "019001", "Acquanegra Cremonese", "Cremonese", "", "1200", "", ""]])
    frames = {**famiglie(rows), "comuni": comuni}
    t = run("pippi.famiglie_anno_equipe", frames).sort("territory", "period")
    assert t.select("territory", "period", "value").rows() == [
        ("Ambito Cremonese / EM1", "2023", 3.0), ("Ambito Cremonese / EM2", "2024", 3.0)]
    t = run("pippi.famiglie_progetto_equipe", frames).sort("territory")
    assert t.select("territory", "period", "value").rows() == [
        ("Ambito Cremonese / EM1", "2023", 3.0), ("Ambito Cremonese / EM2", "2024", 3.0)]
    t = run("pippi.famiglie_progetto_comune", frames).sort("territory")
    # Names from the comuni list; a code not in it is shown as its ISTAT code.
    assert t.select("territory", "period", "value").rows() == [
        ("Ambito Cremonese / Acquanegra Cremonese", "2024", 2.0), ("Ambito Cremonese / Cremona", "2023", 3.0),
        ("Ambito Cremonese / ISTAT 019999", "2024", 1.0)]
    t = run("pippi.famiglie_anno_comune", frames).sort("territory", "period")
    assert t.select("territory", "period", "value").rows()[0] == ("Ambito Cremonese / Acquanegra Cremonese", "2024", 2.0)
    # The family file's own comune name wins (Seregno's comuni are not in the Cremonese list).
    seregno = [["Seregno", "SE-1", "EM-A", "108039", "01/02/2024", "10/02/2024", "20/02/2024"] + [""] * 9
               + ["Seregno", ""]]
    t = run("pippi.famiglie_progetto_comune", {**famiglie(seregno, DEV_HEADER), "comuni": comuni})
    assert t["territory"].to_list() == ["Ambito Seregno / Seregno"]


# ---------------------------------------------------------------- operators

def test_operators_trained_against_ten_and_by_role():
    ops = frame("pippi_operatori", [
        ["Cremonese", f"OP-{i:02d}", "educatore", "EM1", "", "10/05/2023" if i < 9 else "", ""] for i in range(11)]
        + [["Cremonese", "OP-C1", "coach", "", "", "01/03/2024", "24"]])
    frames = {"pippi_operatori": ops}
    r = run("pippi.operatori_formati", frames).row(0, named=True)
    # 10 trained of at least 10 (9 educators + 1 coach), training 2023-2024.
    assert (r["period"], r["value"], r["target"], r["status"]) == ("2023-2024", 10.0, 10.0, "on_track")
    t = run("pippi.operatori_formati_ruolo", frames).sort("territory")
    assert t.select("territory", "value").rows() == [("Ambito Cremonese / coach", 1.0),
                                                      ("Ambito Cremonese / educatore", 9.0)]
    ops9 = frame("pippi_operatori", [["Cremonese", f"OP-{i:02d}", "educatore", "EM1", "", "10/05/2023", ""]
                                     for i in range(9)])
    r = run("pippi.operatori_formati", {"pippi_operatori": ops9}).row(0, named=True)
    # 9 of 10, within 90%, but the training span (2023, no project declared) is over: off target.
    assert (r["period"], r["value"], r["status"]) == ("2023", 9.0, "off_track")


def test_the_span_is_the_projects_where_declared_else_the_datas_own_years():
    def ops(ambito, dates):
        return [[ambito, f"{ambito[:2]}-{i}", "educatore", "EM1", "", d, ""] for i, d in enumerate(dates)]
    cremonese = ops("Cremonese", ["10/05/2023", "01/03/2024"])
    seregno = ops("Seregno", ["10/05/2022", "01/03/2025"])
    project = ["Cremonese", "", "01/01/2023", "30/06/2026", "", "30"]

    def periods(rows, projects):
        frames = {"pippi_operatori": frame("pippi_operatori", rows),
                  "pippi_progetto": frame("pippi_progetto", projects)}
        return dict(run("pippi.operatori_formati", frames).select("territory", "period").rows())
    # Every Ambito has its project's two years: the project's span (2023-2026), not the training years.
    assert periods(cremonese, [project]) == {"Ambito Cremonese": "2023-2026"}
    # Seregno declares no project: its own years (2022-2025); Cremonese keeps its project's.
    assert periods(cremonese + seregno, [project]) == {"Ambito Cremonese": "2023-2026",
                                                      "Ambito Seregno": "2022-2025"}
    # No project declared at all: the training years.
    assert periods(cremonese, []) == {"Ambito Cremonese": "2023-2024"}
    # A project of a single year is named by that year.
    assert periods(cremonese, [project[:2] + ["01/01/2024", "31/12/2024", "", "30"]]) == {"Ambito Cremonese": "2024"}


# ---------------------------------------------------------------- governance

GOV = [["Cremonese", "gruppo_territoriale", "GT", "10/10/2024", "Det. 1"],
       ["Cremonese", "referente_territoriale", "RT1", "15/02/2023", ""],
       ["Cremonese", "coach", "COACH1", "01/04/2023", ""],
       ["Cremonese", "equipe_multidisciplinare", "EM1", "15/04/2023", ""],
       ["Cremonese", "equipe_multidisciplinare", "EM2", "", ""]]


def gov_frames():
    return {"pippi_governance": frame("pippi_governance", GOV),
            "pippi_progetto": frame("pippi_progetto", [["Cremonese", "", "01/01/2023", "30/06/2026", "", "30"]])}


def test_milestones_done_late_and_due_counted_from_the_declared_start():
    t = P.milestone_table(gov_frames(), "Cremonese", dt.date(2025, 1, 15))
    # Start 01/01/2023: GT by 31/12/2024 (done 10/10/2024); 2 RT by 30/06/2024 (only one: late);
    # first coach by 31/03/2023 (01/04/2023: done late); second coach by 31/12/2023 (none: late);
    # first EM by 30/06/2024 (done); second EM by 31/12/2024 (blank date: late).
    assert t.select("codice", "scadenza", "raggiunto", "stato").rows() == [
        ("gt", dt.date(2024, 12, 31), dt.date(2024, 10, 10), "fatto"),
        ("rt", dt.date(2024, 6, 30), None, "in_ritardo"),
        ("coach1", dt.date(2023, 3, 31), dt.date(2023, 4, 1), "fatto_in_ritardo"),
        ("coach2", dt.date(2023, 12, 31), None, "in_ritardo"),
        ("em1", dt.date(2024, 6, 30), dt.date(2023, 4, 15), "fatto"),
        ("em2", dt.date(2024, 12, 31), None, "in_ritardo"),
    ]
    early = P.milestone_table(gov_frames(), "Cremonese", dt.date(2023, 6, 1))
    assert dict(early.select("codice", "stato").rows())["em2"] == "da_fare"
    assert P.milestone_status(None, dt.date(2024, 12, 31), dt.date(2024, 12, 31)) == "da_fare"  # due that very day


def test_governance_indicator_per_quarter_of_deadline():
    t = run("pippi.traguardi_governance", gov_frames(), as_of=dt.date(2025, 1, 15)).sort("period")
    # 2023-T1 coach1 late 0/1; 2023-T4 coach2 0/1; 2024-T2 rt no, em1 yes 1/2; 2024-T4 gt yes, em2 no 1/2.
    assert t.select("period", "numerator", "denominator", "value", "status").rows() == [
        ("2023-T1", 0.0, 1.0, 0.0, "off_track"), ("2023-T4", 0.0, 1.0, 0.0, "off_track"),
        ("2024-T2", 1.0, 2.0, 50.0, "off_track"), ("2024-T4", 1.0, 2.0, 50.0, "off_track")]
    assert t["note"].to_list()[2] == "Due referenti territoriali, Prima équipe multidisciplinare"


def test_deadline_months_keep_the_day_or_the_month_end():
    assert P._add_months(dt.date(2023, 1, 31), 1) == dt.date(2023, 2, 28)
    assert P._add_months(dt.date(2023, 6, 1), 24) == dt.date(2025, 6, 1)


# ---------------------------------------------------------------- devices and results

def device_rows():
    def fam(code, year, incl, pq, ore, gg, gb, vs, ps, soll, resid, days):
        return ["Cremonese", f"FAM-{code}", "EM1", "019036", f"01/02/{year}", f"10/02/{year}",
                f"20/02/{year}" if incl else "", pq, ore, gg, gb, vs, ps, soll, resid, days, "", "sì" if code == "A1" else "no"]
    return [
        fam("A1", 2023, True, "sì", "8", "sì", "no", "no", "sì", "sì", "sì", "100"),
        fam("A2", 2023, True, "sì", "7,5", "no", "no", "no", "no", "no", "sì", "50"),
        fam("A3", 2023, True, "sì", "12", "sì", "sì", "", "no", "no", "no", "0"),
        fam("A4", 2023, True, "no", "", "no", "no", "no", "no", "no", "no", "0"),
        fam("A5", 2023, False, "", "", "", "", "", "", "", "", ""),
        fam("B1", 2024, True, "sì", "8", "no", "no", "sì", "no", "sì", "sì", "30"),
        fam("B2", 2024, True, "sì", "0", "no", "no", "no", "no", "sì", "no", "0"),
        fam("B3", 2024, True, "sì", "0", "no", "no", "no", "no", "no", "no", "0"),
        fam("B4", 2024, True, "sì", "0", "no", "no", "no", "no", "no", "no", "0"),
    ]


def test_devices_share_of_included_families_and_progetto_quadro():
    frames = famiglie(device_rows(), DEV_HEADER)
    # 8 included. Educativa >= 8 h/week: A1 (8), A3 (12), B1 (8) = 3 of 8 (7,5 h does not count) = 37,5%.
    expected = {"pippi.dispositivo_educativa": (3, 37.5), "pippi.dispositivo_gruppi_genitori": (2, 25.0),
                "pippi.dispositivo_gruppi_bambini": (1, 12.5), "pippi.dispositivo_vicinanza": (1, 12.5),
                "pippi.dispositivo_partenariato": (1, 12.5), "pippi.progetto_quadro": (7, 87.5),
                "pippi.mix_riunificazione": (1, 12.5)}
    for ind_id, (num, value) in expected.items():
        r = run(ind_id, frames).row(0, named=True)
        assert (r["numerator"], r["denominator"], r["value"]) == (num, 8.0, value), ind_id
    assert run("pippi.progetto_quadro", frames).row(0, named=True)["status"] == "off_track"  # "per ciascuna": 100
    r = run("pippi.dispositivi_per_famiglia", frames).row(0, named=True)
    # Devices: A1 3 (educativa, genitori, partenariato), A3 3, B1 2 (educativa, vicinanza) = 8 over 8 families.
    assert (r["numerator"], r["denominator"], r["value"]) == (8.0, 8.0, 1.0)


def test_expected_results_proxies_per_inclusion_year():
    frames = famiglie(device_rows(), DEV_HEADER)
    t = run("pippi.esito_sollievo", frames).sort("period")
    # Sollievo 2023 1 of 4 (25%, the base year: «anno base»), 2024 2 of 4 (50%): an increase -> on track.
    assert t.select("period", "value", "target", "status").rows() == [
        ("2023", 25.0, 25.0, "baseline"), ("2024", 50.0, 25.0, "on_track")]
    t = run("pippi.esito_inserimenti", frames).sort("period")
    # Residential placements 2023 2 of 4 (50%), 2024 1 of 4 (25%): a decrease -> on track.
    assert t.select("period", "value", "status").rows() == [("2023", 50.0, "baseline"), ("2024", 25.0, "on_track")]
    t = run("pippi.esito_permanenza", frames).sort("period")
    # Days in care: 2023 (100 + 50) / 2 = 75; 2024 30 / 1 = 30 -> shorter stays, on track.
    assert t.select("period", "numerator", "denominator", "value", "status").rows() == [
        ("2023", 150.0, 2.0, 75.0, "baseline"), ("2024", 30.0, 1.0, 30.0, "on_track")]


def test_protocols_with_schools_and_the_judiciary():
    gov = frame("pippi_governance", [["Cremonese", "protocollo_scuole", "P1", "12/05/2025", ""],
                                     ["Cremonese", "protocollo_scuole", "P2", "12/06/2025", ""],
                                     ["Cremonese", "protocollo_autorita_giudiziaria", "AG", "", ""]])
    r = run("pippi.esito_protocolli", {"pippi_governance": gov}).row(0, named=True)
    # Two school protocols are still one kind of the two: 1 of 2 -> off track.
    assert (r["value"], r["target"], r["status"], r["note"]) == (1.0, 2.0, "off_track", "manca: Autorità Giudiziaria")


# ---------------------------------------------------------------- budget, timetable, hours

def test_budget_total_per_year_and_per_item():
    budget = frame("pnrr_budget", [["Cremonese", "26235", "Contratti", "2023", "21.150,00", "21.150,00"],
                                   ["Cremonese", "26235", "Contratti", "2024", "135.699,00", ""],
                                   ["Cremonese", "26233", "Retribuzioni", "2024", "16.175,00", ""]])
    frames = {"pnrr_budget": budget}
    r = run("pippi.budget_speso", frames, as_of=dt.date(2026, 12, 31)).row(0, named=True)
    # 21.150 spent of 173.024 planned = 12,22%.
    assert r["numerator"] == 21150 and r["denominator"] == 173024
    assert r["value"] == pytest.approx(12.2237, abs=1e-4) and r["status"] == "off_track"
    t = run("pippi.budget_speso_anno", frames).sort("period")
    # 2023 fully spent; 2024 nothing reported: no data, not 0%.
    assert t.select("period", "value", "status", "note").rows() == [
        ("2023", 100.0, "on_track", None), ("2024", None, "no_data", "spesa non ancora rendicontata")]
    t = run("pippi.budget_speso_capitolo", frames).sort("territory")
    assert t.select("territory", "numerator", "denominator").rows() == [
        ("Ambito Cremonese / cap. 26233", 0.0, 16175.0), ("Ambito Cremonese / cap. 26235", 21150.0, 156849.0)]


def test_budget_of_the_sample_is_the_plans_211500_and_seregno_copies_no_chapters():
    t = compute_all(load_all(), AS_OF).filter(pl.col("id").str.starts_with("pippi.budget_speso"))
    # Cremona's financial plan (seeds/002) is 211.500 over five chapters; Seregno's call (seeds/003) declares
    # its 211.500 (pippi_progetto) but no chapter and no year: it has no budget row, not Cremona's.
    assert t.filter(pl.col("id") == "pippi.budget_speso").select("territory", "denominator").rows() == [
        ("Ambito Cremonese", 211_500.0)]
    assert not t["territory"].str.contains("Seregno").any()
    progetto = load_all()["pippi_progetto"].frame
    assert progetto.select("ambito", "importo_eur", "famiglie_target").rows() == [
        ("Cremonese", 211_500.0, 30), ("Seregno", 211_500.0, None)]


def test_timetable_share_of_planned_quarters_reported_done():
    crono = frame("pippi_cronoprogramma", [
        ["Cremonese", "A", "A1", "Individuazione figure", "2023", "1", "sì"],
        ["Cremonese", "A", "A1", "Individuazione figure", "2023", "2", "sì"],
        ["Cremonese", "A", "A1", "Individuazione figure", "2023", "3", "no"],
        ["Cremonese", "A", "A1", "Individuazione figure", "2023", "4", "sì"],
        ["Cremonese", "B", "B1", "Implementazione", "2024", "1", ""]])
    t = run("pippi.cronoprogramma_svolte", {"pippi_cronoprogramma": crono}, as_of=dt.date(2024, 1, 10)).sort("period")
    # 2023: 3 of 4 = 75% -> off track; 2024: 0 of 1, 10 days of 366 gone -> 2,7% due, 0 < 2,46 -> off track.
    assert t.select("period", "numerator", "denominator", "value", "status").rows() == [
        ("2023", 3.0, 4.0, 75.0, "off_track"), ("2024", 0.0, 1.0, 0.0, "off_track")]


def test_hours_against_seregnos_minimums_only():
    ore = frame("pippi_ore", [["Seregno", "2024", "educatore", "2.000"], ["Seregno", "2025", "educatore", "3.900"],
                              ["Seregno", "2025", "mediatore_culturale", "100"],
                              ["Cremonese", "2025", "educatore", "9.999"]])
    frames = {"pippi_ore": ore}
    r = run("pippi.ore_educatore", frames).row(0, named=True)
    # 5.900 of the 6.000 minimum (98,3%), the span 2024-2025 over -> off target; the Cremonese has no
    # minimum and no row.
    assert (r["territory"], r["period"], r["value"], r["target"], r["status"]) == (
        "Ambito Seregno", "2024-2025", 5900.0, 6000.0, "off_track")
    assert run("pippi.ore_educatore", frames).height == 1
    r = run("pippi.ore_mediatore", frames).row(0, named=True)
    assert (r["value"], r["target"], r["status"]) == (100.0, 100.0, "on_track")  # exactly the minimum is enough
    assert run("pippi.ore_psicologo", frames)["status"].to_list() == ["no_data"]


def test_family_mix_11_14():
    rows = included(4, 2024)
    rows = [r + [""] * 12 for r in rows]
    header = FAM_HEADER + DEV_HEADER[7:] + ["figli_11_14"]
    rows[0][-1] = "sì"
    r = run("pippi.mix_11_14", famiglie(rows, header)).row(0, named=True)
    assert (r["numerator"], r["denominator"], r["value"]) == (1.0, 4.0, 25.0)


# ---------------------------------------------------------------- sample data and the CLI

def test_sample_data_cover_what_the_issue_asks():
    t = compute_all(load_all(), AS_OF)
    per_year = t.filter(pl.col("id") == "pippi.famiglie_anno")
    assert set(per_year["territory"]) == {"Ambito Cremonese", "Ambito Seregno"}
    assert per_year.filter(pl.col("territory") == "Ambito Cremonese")["period"].to_list() == ["2023", "2024", "2025",
                                                                                              "2026"]
    # A year under the target: Cremonese 2024, 8 of 10; Cremonese 2026, 9 of 10 (the project ended on
    # 30/06/2026: the year is closed); Seregno 2025, 9 of 15 (the autonomia module it declares). Seregno
    # 2026 declares no module and its call no family count: 0 families, no target, no judgement.
    missed = per_year.filter(pl.col("status") == "off_track").select("territory", "period", "value", "target").rows()
    assert missed == [("Ambito Cremonese", "2024", 8.0, 10.0), ("Ambito Cremonese", "2026", 9.0, 10.0),
                      ("Ambito Seregno", "2025", 9.0, 15.0)]
    seregno_2026 = per_year.filter((pl.col("territory") == "Ambito Seregno") & (pl.col("period") == "2026"))
    assert seregno_2026.select("value", "target", "status").rows() == [(0.0, None, "context")]
    # An équipe under 75%: EM2 assesses 15 of 21 (71,4%) over a project that has ended; and 6 of 8 in
    # 2025, exactly 75,0% (not above). Both closed: fuori target.
    em2 = t.filter((pl.col("id") == "pippi.tasso_valutazioni_equipe_progetto")
                   & (pl.col("territory") == "Ambito Cremonese / EM2")).row(0, named=True)
    assert (em2["numerator"], em2["denominator"], em2["status"]) == (15.0, 21.0, "off_track")
    assert (em2["period_end"], em2["closed"]) == (dt.date(2026, 6, 30), True)
    em2_2025 = t.filter((pl.col("id") == "pippi.tasso_valutazioni_equipe") & (pl.col("period") == "2025")
                        & (pl.col("territory") == "Ambito Cremonese / EM2")).row(0, named=True)
    assert (em2_2025["value"], em2_2025["status"]) == (75.0, "off_track")
    fam = load_all()["pippi_famiglie"].frame
    dec_jan = fam.filter((pl.col("data_segnalazione").dt.month() == 12)
                         & (pl.col("data_valutazione").dt.year() > pl.col("data_segnalazione").dt.year()))
    assert dec_jan.height >= 1


def test_cli_lists_the_pippi_indicators_with_their_targets():
    out = subprocess.run([sys.executable, "-m", "indicators", "--json", "--as-of", "23/11/2026"], cwd=ROOT,
                         capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    rows = [r for r in json.loads(out.stdout) if r["area"] == "pippi" and r["territory"] == "Ambito Cremonese"]
    targets = {(r["id"], r["period"]): r["target"] for r in rows}
    assert targets[("pippi.famiglie_anno", "2024")] == 10
    assert targets[("pippi.famiglie_progetto", "2023-2026")] == 30
    assert targets[("pippi.tasso_valutazioni", "2024")] == 75
    assert targets[("pippi.operatori_formati", "2023-2026")] == 10
    assert targets[("pippi.budget_speso", "2023-2026")] == 100
    seregno = {r["id"]: r for r in json.loads(out.stdout) if r["territory"] == "Ambito Seregno"}
    assert seregno["pippi.ore_educatore"]["target"] == 6000 and seregno["pippi.ore_educatore"]["value"] == 5900
    assert seregno["pippi.ore_pedagogista"]["target"] == 900


# ---------------------------------------------------------------- an Ambito with its own call (Seregno)

def test_seregno_is_judged_by_its_own_call_never_by_cremonas_targets():
    # The same data for both Ambiti: 9 trained operators, 3 of 4 families assessed in 2024 (75%), 4
    # families included. Cremona (project ended 30/06/2026) is judged by seeds/002 (10 operators, > 75%,
    # 30 families, its milestones);
    # Seregno's call (seeds/003) declares none of these: its rows carry no target and say so.
    rows, ops, gov = [], [], []
    for ambito, equipe, istat in (("Cremonese", "EM1", "019036"), ("Seregno", "EM-A", "108039")):
        rows += [[ambito, f"{ambito[:2]}-{i}", equipe, istat, "01/02/2024", "10/02/2024" if i < 3 else "",
                  "20/02/2024"] for i in range(4)]
        ops += [[ambito, f"{ambito[:2]}-OP{i}", "educatore", equipe, "Ente", "01/03/2024", "24"] for i in range(9)]
        gov += [[ambito, "coach", "COACH1", "01/02/2024", ""]]
    progetto = frame("pippi_progetto", [["Cremonese", "", "01/01/2024", "30/06/2026", "", "30"],
                                        ["Seregno", "", "01/06/2023", "31/05/2026", "211.500,00", ""]])
    frames = {**famiglie(rows), "pippi_progetto": progetto,
              "pippi_operatori": frame("pippi_operatori", ops),
              "pippi_governance": frame("pippi_governance", gov),
              "pippi_moduli": frame("pippi_moduli", [["Seregno", "2024", "autonomia"]])}
    as_of = dt.date(2026, 11, 23)

    def by_territory(ind_id):
        return {r["territory"]: r for r in run(ind_id, frames, as_of).iter_rows(named=True)}

    rate = by_territory("pippi.tasso_valutazioni")
    # 3/4 = 75,0%, 2024 closed: Cremona fuori target (75% is not > 75%); Seregno: the figure, no judgement.
    assert (rate["Ambito Cremonese"]["value"], rate["Ambito Cremonese"]["target"],
            rate["Ambito Cremonese"]["status"]) == (75.0, 75.0, "off_track")
    assert (rate["Ambito Seregno"]["value"], rate["Ambito Seregno"]["target"], rate["Ambito Seregno"]["gap"],
            rate["Ambito Seregno"]["status"]) == (75.0, None, None, "context")
    # Cremona's «75% esatto» remark is about its standard: not on Seregno's row.
    assert P.NOTA_75_ESATTO in rate["Ambito Cremonese"]["note"]
    assert rate["Ambito Seregno"]["note"] == f"{P.NOTA_POCHE_FAMIGLIE}; {P.NOTA_NON_DICHIARATO}"
    assert "non dichiarato nel bando" in P.NOTA_NON_DICHIARATO
    ops_rows = by_territory("pippi.operatori_formati")
    assert (ops_rows["Ambito Cremonese"]["value"], ops_rows["Ambito Cremonese"]["status"]) == (9.0, "off_track")
    assert (ops_rows["Ambito Seregno"]["value"], ops_rows["Ambito Seregno"]["target"],
            ops_rows["Ambito Seregno"]["status"]) == (9.0, None, "context")
    # 4 families: Cremona 4 of its declared 30; Seregno declares no family count (not 30).
    fam = by_territory("pippi.famiglie_progetto")
    assert (fam["Ambito Cremonese"]["target"], fam["Ambito Cremonese"]["status"]) == (30.0, "off_track")
    assert (fam["Ambito Seregno"]["value"], fam["Ambito Seregno"]["target"],
            fam["Ambito Seregno"]["status"]) == (4.0, None, "context")
    # The yearly count: Seregno's declared module (autonomia, 15) is its own; Cremona's undeclared year
    # takes seeds/002's base module (10), Seregno's undeclared years (2023: the project's first) none.
    year = {(r["territory"], r["period"]): r for r in run("pippi.famiglie_anno", frames, as_of).iter_rows(named=True)}
    assert (year[("Ambito Seregno", "2024")]["target"], year[("Ambito Seregno", "2024")]["status"]) == (15.0, "off_track")
    assert year[("Ambito Cremonese", "2024")]["target"] == 10.0
    assert (year[("Ambito Seregno", "2023")]["value"], year[("Ambito Seregno", "2023")]["target"],
            year[("Ambito Seregno", "2023")]["status"]) == (0.0, None, "context")
    assert year[("Ambito Seregno", "2023")]["note"].startswith(P.NOTA_NESSUNA_FAMIGLIA + "; modulo non dichiarato")
    # Cremona's governance milestones are Cremona's: Seregno has none (no row, no «in ritardo»).
    assert {r["ambito"] for r in P.milestone_rows(frames)} == {"Cremonese"}
    assert P.milestone_table(frames, "Seregno", as_of).height == 0
    assert set(run("pippi.traguardi_governance", frames, as_of)["territory"]) == {"Ambito Cremonese"}
    # Its own minimum of hours still judges it.
    hours = {**frames, "pippi_ore": frame("pippi_ore", [["Seregno", "2024", "pedagogista", "700"]])}
    r = run("pippi.ore_pedagogista", hours, as_of).row(0, named=True)
    assert (r["value"], r["target"], r["status"]) == (700.0, 900.0, "off_track")


def test_the_samples_seregno_has_targets_only_from_its_own_declaration():
    t = compute_all(load_all(), AS_OF).filter(pl.col("territory").str.starts_with("Ambito Seregno"))
    judged = sorted(set(t.filter(pl.col("target").is_not_null())["id"]))
    # seeds/003's hours by role, its timetable, and the modules it declares (2023-2025); nothing of seeds/002.
    assert judged == ["pippi.cronoprogramma_svolte", "pippi.famiglie_anno", "pippi.ore_educatore",
                      "pippi.ore_mediatore", "pippi.ore_pedagogista", "pippi.ore_psicologo"]
    assert t.filter(pl.col("id") == "pippi.famiglie_anno").select("period", "target").rows() == [
        ("2023", 10.0), ("2024", 10.0), ("2025", 15.0), ("2026", None)]
    assert t.filter(pl.col("id") == "pippi.traguardi_governance").height == 0
    # Every Cremonese PIPPI row with a target in the catalog keeps it.
    cr = compute_all(load_all(), AS_OF).filter((pl.col("area") == "pippi") & (pl.col("territory") == "Ambito Cremonese"))
    with_target = {i.id for i in CATALOG if i.area == "pippi" and i.target is not None}
    assert cr.filter(pl.col("id").is_in(list(with_target)) & pl.col("target").is_null()).height == 0
