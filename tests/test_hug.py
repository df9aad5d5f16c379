"""Centro per le Famiglie HUG: register counts, opening hours, budget, meetings, the ATS summary."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from data_loaders import load_all
from indicators.defs.hug import (TOTALE_HUG, budget_vs_protocol, by_semester, longest_gap_days, monthly_accesses,
                                 opening_hours, semestral_summary)
from indicators.periods import semester_expr
from indicators.engine import compute_all
from indicators.registry import BY_ID
from tests.conftest import AS_OF
from tests.helpers import frame

HUB = "Ambito Cremonese / Hub – Piazza Giovanni XXIII"
ASC = "Ambito Cremonese / Spoke 2 – Azienda Sociale del Cremonese"
# The protocol's hours (art. 5): hub Tuesday 10-12 and Thursday 16-18, spoke 2 Monday 8-10.
ORARI = [["hub", "martedì", "10:00", "12:00", "01/01/2025", "", "protocollo"],
         ["hub", "giovedì", "16:00", "18:00", "01/01/2025", "", "protocollo"],
         ["spoke2_asc", "lunedì", "08:00", "10:00", "01/01/2025", "", "protocollo"]]


def run(ind_id: str, frames, as_of=AS_OF) -> pl.DataFrame:
    return compute_all(frames, as_of, catalog=[BY_ID[ind_id]])


def accessi(rows):
    return frame("hug_accessi", rows)


@pytest.fixture
def january_register():
    # January 2025: hub 6 accesses (4 families, 1 without code), spoke 2 three accesses (2 families).
    return {
        "hug_accessi": accessi([
            ["07/01/2025", "hub", "informazione", "HUG-0001", "019036"],
            ["07/01/2025", "hub", "consulenza", "HUG-0002", "019036"],
            ["09/01/2025", "hub", "gruppo_padri", "HUG-0003", "019098"],
            ["14/01/2025", "hub", "gruppo_padri", "HUG-0003", "019098"],
            ["21/01/2025", "hub", "orientamento", "HUG-0004", ""],
            ["30/01/2025", "hub", "informazione", "", ""],
            ["13/01/2025", "spoke2_asc", "consulenza", "HUG-0001", "019036"],
            ["20/01/2025", "spoke2_asc", "informazione", "HUG-0005", "019036"],
            ["27/01/2025", "spoke2_asc", "informazione", "HUG-0005", "019036"],
        ]),
        "hug_orari": frame("hug_orari", ORARI),
    }


def test_opening_hours_count_weekdays_in_the_validity_window():
    orari = frame("hug_orari", ORARI + [["hub", "martedì", "10:00", "12:00", "01/01/2024", "31/12/2024", "vecchio"]])
    h = opening_hours(orari, dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    # January 2025: 4 Tuesdays + 5 Thursdays = 9 x 2 h at the hub; 4 Mondays x 2 h at spoke 2.
    assert h.rows() == [("hub", "2025-S1", 18.0), ("spoke2_asc", "2025-S1", 8.0)]


def test_accesses_families_and_accesses_per_hour(january_register):
    f = january_register
    assert run("hug.accessi_semestre", f).select("period", "value").rows() == [("2025-S1", 9.0)]
    by_point = dict(run("hug.accessi_punto", f).select("territory", "value").rows())
    assert by_point == {HUB: 6.0, ASC: 3.0}
    # Distinct codes: HUG-0001..0005 = 5 (an access without code is not a family).
    assert run("hug.famiglie_raggiunte", f).select("period", "value").rows() == [("2025-S1", 5.0)]
    per_hour = run("hug.accessi_per_ora", f)
    hub = per_hour.filter(pl.col("territory") == HUB).row(0, named=True)
    # The register ends on 30/01: hours up to then = 4 Tuesdays + 5 Thursdays = 18 h; 6 / 18.
    assert (hub["numerator"], hub["denominator"]) == (6.0, 18.0)
    assert hub["value"] == pytest.approx(0.3333, abs=1e-4)
    asc = per_hour.filter(pl.col("territory") == ASC).row(0, named=True)
    assert (asc["numerator"], asc["denominator"], asc["value"]) == (3.0, 8.0, 0.375)


def test_accesses_per_hour_without_declared_hours_has_no_data(january_register):
    f = {**january_register, "hug_orari": frame("hug_orari", [])}
    r = run("hug.accessi_per_ora", f).row(0, named=True)
    assert r["value"] is None and r["status"] == "no_data"


def test_monthly_accesses_by_point_and_kind(january_register):
    m = monthly_accesses(january_register["hug_accessi"])
    hub = m.filter(pl.col("punto_accesso") == "hub")
    assert dict(hub.select("tipo", "accessi").rows()) == {
        "consulenza": 1, "gruppo_padri": 2, "informazione": 2, "orientamento": 1}
    assert set(m["mese"]) == {dt.date(2025, 1, 1)}


def test_semestral_summary_agrees_with_the_indicators(january_register):
    s = semestral_summary(january_register)
    total = s.filter(pl.col("punto") == "Totale HUG").row(0, named=True)
    assert (total["semestre"], total["accessi"], total["famiglie"], total["ore_apertura"]) == ("2025-S1", 9, 5, 26.0)
    assert total["informazione"] == 4 and total["gruppo_padri"] == 2 and total["accessi_per_ora"] == pytest.approx(0.35)
    hub = s.filter(pl.col("punto") == "Hub – Piazza Giovanni XXIII").row(0, named=True)
    assert (hub["accessi"], hub["famiglie"], hub["ore_apertura"]) == (6, 4, 18.0)


def test_semestral_summary_on_the_sample_is_the_engine_table(as_of):
    frames = {n: r.frame for n, r in load_all().items()}
    s = semestral_summary(frames).filter(pl.col("punto") == "Totale HUG")
    table = compute_all(frames, as_of)
    engine = dict(table.filter(pl.col("id") == "hug.accessi_semestre").select("period", "value").rows())
    fam = dict(table.filter(pl.col("id") == "hug.famiglie_raggiunte").select("period", "value").rows())
    assert dict(s.select("semestre", "accessi").rows()) == engine
    assert dict(s.select("semestre", "famiglie").rows()) == fam


def test_sample_budget_is_the_protocols_table():
    b = load_all()["hug_budget"].frame
    got = {(p, t): v for p, t, v in b.select("partner", "tipo", "previsto_eur").rows()}
    assert got[("COMUNE DI CREMONA", "finanziamento")] == 2_000 and got[("COMUNE DI CREMONA", "cofinanziamento")] == 16_000
    assert got[("COSPER SCS IMPRESA SOCIALE", "finanziamento")] == 30_000
    assert sum(v for (_p, t), v in got.items() if t == "finanziamento") == 70_000
    assert sum(v for (_p, t), v in got.items() if t == "cofinanziamento") == 30_000
    assert budget_vs_protocol(b).height == 0


def test_budget_spent_in_total_and_by_partner_and_the_protocol_totals_check():
    b = frame("hug_budget", [
        ["COMUNE DI CREMONA", "finanziamento", "2.000,00", "1.000,00"],
        ["COMUNE DI CREMONA", "cofinanziamento", "16.000,00", "8.000,00"],
        ["ASST CREMONA", "finanziamento", "10.000,00", ""],        # nothing reported yet
        ["ASST CREMONA", "cofinanziamento", "2.500,00", "2.500,00"],
    ])
    r = run("hug.budget_speso", {"hug_budget": b}).row(0, named=True)
    # 11.500 spent of 30.500 planned = 37,70%.
    assert (r["numerator"], r["denominator"]) == (11_500, 30_500)
    assert r["value"] == pytest.approx(37.7049, abs=1e-4) and r["kind"] == "contesto"
    partners = dict(run("hug.budget_speso_partner", {"hug_budget": b}).select("territory", "value").rows())
    assert partners == {"Ambito Cremonese / ASST CREMONA": 20.0, "Ambito Cremonese / COMUNE DI CREMONA": 50.0}
    # The protocol states 70.000 + 30.000: these rows sum to 12.000 and 18.500.
    assert budget_vs_protocol(b).select("tipo", "somma_righe", "differenza").rows() == [
        ("finanziamento", 12_000.0, -58_000.0), ("cofinanziamento", 18_500.0, -11_500.0)]


def test_meetings_per_semester_against_one_every_two_months():
    m = frame("hug_riunioni", [["15/01/2025", "sì", "5", ""], ["20/03/2025", "sì", "4", ""],
                               ["10/06/2025", "no", "5", ""], ["20/11/2025", "sì", "5", ""],
                               ["15/02/2026", "sì", "5", ""]])
    t = run("hug.riunioni_tavolo", {"hug_riunioni": m}, as_of=dt.date(2026, 3, 31)).sort("period")
    # 2025-S1: 3 -> on track; 2025-S2: 1 of 3 -> off track; 2026-S1 in progress: 90/181 of 3 = 1,49 due, 1 held.
    assert t.select("period", "value", "target", "status").rows() == [
        ("2025-S1", 3.0, 3.0, "on_track"), ("2025-S2", 1.0, 3.0, "off_track"), ("2026-S1", 1.0, 3.0, "off_track")]
    assert t["note"].to_list()[0] == "con verbale: 2"
    assert BY_ID["hug.riunioni_tavolo"].proposed  # "bimensile" read as every two months, said on the page
    # 20/03 -> 10/06 = 82 days; 10/06 -> 20/11 = 163 days.
    assert longest_gap_days(m).rows() == [("2025-S1", 82), ("2025-S2", 163), ("2026-S1", 87)]


def test_a_semester_without_meetings_counts_zero():
    m = frame("hug_riunioni", [["15/01/2025", "sì", "", ""], ["15/02/2026", "sì", "", ""]])
    t = run("hug.riunioni_tavolo", {"hug_riunioni": m}).sort("period")
    assert t.select("period", "value").rows() == [("2025-S1", 1.0), ("2025-S2", 0.0), ("2026-S1", 1.0)]


def test_opening_hours_rows_that_contradict_themselves_are_problems():
    from data_loaders import parse_bytes
    from data_loaders.registry import get
    from tests.helpers import excel_csv
    spec = get("hug_orari")
    res = parse_bytes(excel_csv([spec.column_names,
                                 ["hub", "martedì", "12:00", "10:00", "01/01/2025", "", "x"],
                                 ["hub", "giovedì", "16:00", "18:00", "01/01/2025", "", "x"],
                                 ["hub", "lunedì", "8:00", "10:00", "01/01/2025", "", "x"]]), spec)
    # Listed in spreadsheet row order.
    assert [(p.row, p.column, p.code) for p in res.problems] == [
        (2, "alle", "riga_incoerente"), (4, "dalle", "formato_non_valido")]
    assert res.frame.height == 1


def test_semestral_summary_groups_on_the_fast_semester_numbers_as_on_year_and_month():
    # A register in no order, across a year's end and both sides of 30/06-01/07, one day without a family.
    days = [dt.date(2024, 6, 30), dt.date(2024, 7, 1), dt.date(2023, 12, 31), dt.date(2025, 1, 1),
            dt.date(2024, 7, 1), dt.date(2024, 1, 1), dt.date(2024, 6, 30)]
    a = pl.DataFrame({"data": days, "punto_accesso": ["hub", "hub", "spoke2_asc", "hub", "spoke2_asc", "hub", "hub"],
                      "tipo": ["informazione"] * 7, "codice_famiglia": ["F1", "F1", "F2", None, "F3", "F1", "F4"]})
    aggs = [pl.len().alias("accessi"), pl.col("codice_famiglia").drop_nulls().n_unique().alias("famiglie")]
    fast = by_semester(a, "data", ["punto_accesso"], aggs).sort("period", "punto_accesso")
    slow = (a.group_by(semester_expr("data").alias("period"), "punto_accesso").agg(*aggs)
            .sort("period", "punto_accesso"))
    assert_frame_equal(fast, slow)
    assert fast.filter(pl.col("punto_accesso") == "hub").select("period", "accessi", "famiglie").rows() == [
        ("2024-S1", 3, 2), ("2024-S2", 1, 1), ("2025-S1", 1, 0)]
    summary = semestral_summary({"hug_accessi": a, "hug_orari": pl.DataFrame()})
    totals = summary.filter(pl.col("punto") == TOTALE_HUG).select("semestre", "accessi", "famiglie").rows()
    assert totals == [("2023-S2", 1, 1), ("2024-S1", 3, 2), ("2024-S2", 2, 2), ("2025-S1", 1, 0)]


def _accesses(per_semester: dict[str, int]) -> pl.DataFrame:
    days = {"S1": "15/03", "S2": "15/09"}
    rows = [[f"{days[p[5:]]}/{p[:4]}", "hub", "informazione", "", ""] for p, n in per_semester.items() for _ in range(n)]
    return frame("hug_accessi", rows)


def test_a_flow_that_falls_against_an_increase_is_not_in_line():
    # The sample's shape: base 2024-S2 = 5, then 8, 9, and 2026-S1 = 7 (above the base, below 9).
    acc = _accesses({"2024-S2": 5, "2025-S1": 8, "2025-S2": 9, "2026-S1": 7})
    t = run("hug.accessi_semestre", {"hug_accessi": acc}, as_of=dt.date(2026, 11, 23)).sort("period")
    # 2024-S2 is the base («anno base»); 8 > 5 and 9 > 8 in line; 7 > 5 but fell from 9 in a closed
    # semester: fuori target (it read «in linea»).
    assert t.select("period", "value", "target", "status").rows() == [
        ("2024-S2", 5.0, 5.0, "baseline"), ("2025-S1", 8.0, 5.0, "on_track"),
        ("2025-S2", 9.0, 5.0, "on_track"), ("2026-S1", 7.0, 5.0, "off_track")]
    # A semester under way is judged on pace against the base and the semester before: on 30/09/2026,
    # 92 of 184 days of 2026-S2 are gone. Base 2025-S2 = 2, 2026-S1 = 20: due 2 x 0,5 = 1 and
    # 20 x 0,5 = 10. 10 meets both: in line; 9 is within 90% of 10: «a rischio»; 8 < 9: off track.
    for now, status in ((10, "on_track"), (9, "at_risk"), (8, "off_track")):
        acc = _accesses({"2025-S2": 2, "2026-S1": 20, "2026-S2": now})
        t = run("hug.accessi_semestre", {"hug_accessi": acc}, as_of=dt.date(2026, 9, 30)).sort("period")
        assert t.select("period", "status").rows() == [
            ("2025-S2", "baseline"), ("2026-S1", "on_track"), ("2026-S2", status)], now
