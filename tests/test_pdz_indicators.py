"""Piano di Zona indicators (indicators/defs/pdz.py) on hand-made observations.

Plain observations are tested in bulk, one parametrized case per indicator; ratios,
cumulative counts over the cycle, semesters and the derived 6.1 counts have their own
hand-computed cases.
"""

from __future__ import annotations

import pytest

from indicators.engine import compute_all
from indicators.registry import BY_ID
from tests.conftest import AS_OF
from tests.helpers import frame

UDP = "Ufficio di Piano"


def obs(*rows: tuple) -> dict:
    """{osservazioni_pdz: frame} from (code, period, territory, value[, num, den, note]) tuples."""
    text = []
    for r in rows:
        code, period, terr, value, *rest = r
        num, den, note = (list(rest) + ["", "", ""])[:3]
        text.append([code, period, terr, str(value).replace(".", ","), str(num), str(den), UDP, note])
    return {"osservazioni_pdz": frame("osservazioni_pdz", text)}


def run(indicator_id: str, frames: dict):
    return compute_all(frames, AS_OF, catalog=[BY_ID[indicator_id]])


def cells(t, *cols):
    return t.select(*cols).rows()


def loaded(t):
    """The rows with a value: every year of the cycle has a row, those with nothing loaded «senza dati»."""
    return t.filter(t["value"].is_not_null())


# Counts with «aumento rispetto all'anno base». The Ambito: 2021 = 10 is the base («anno base», not a
# judgement), 2022 = 12 is above it (in linea, +2), 2023 = 10 equals it in a closed year (fuori target:
# nothing gained). A sub-ambito: its own base 10 in 2021, 9 in 2022 is below it (fuori target).
AUMENTO_SEMPLICE = [
    "1.1.out.1", "1.1.out.3", "1.1.out.4", "1.1.out.4.tipologie", "1.1.out.5", "1.1.oc.2", "1.1.oc.3", "1.2.out.2",
    "1.2.out.3", "1.2.out.4", "1.2.oc.1", "1.2.oc.3", "1.2.oc.4", "2.1.out.1", "2.1.out.2", "2.1.out.3", "2.1.out.4",
    "2.1.oc.1", "2.1.oc.3", "2.2.out.1", "2.2.out.2", "2.2.out.3", "2.2.out.4", "2.2.out.5", "2.2.out.6", "2.2.oc.1",
    "2.2.oc.2", "2.3.out.1", "2.3.out.2", "2.3.out.3", "2.3.oc.2", "2.3.oc.3", "3.1.out.1", "3.1.out.2", "3.1.out.3",
    "3.1.out.4", "3.1.oc.3", "3.2.out.1", "3.2.out.2", "3.2.out.3", "3.2.out.4", "3.2.oc.1", "4.1.out.1", "4.1.out.2",
    "4.1.out.3", "4.1.out.4", "4.1.out.5", "4.1.out.7", "4.2.out.1", "4.2.out.2", "4.2.out.3", "4.2.out.5", "4.2.out.6",
    "4.2.out.8", "4.2.out.9", "4.2.out.11", "4.2.out.12", "4.2.oc.1", "4.2.oc.2", "4.2.oc.3", "4.2.oc.4", "5.1.out.1",
    "5.1.out.2", "5.1.out.3", "5.1.out.4", "5.1.out.5", "5.1.out.6", "5.1.oc.2", "5.2.out.1", "5.2.out.2", "5.2.out.3",
    "5.2.out.4", "5.2.oc.1", "5.2.oc.4", "5.3.out.2", "5.3.out.3", "5.3.out.5", "5.3.out.6", "5.3.oc.1", "5.3.oc.2",
    "5.3.oc.3", "5.3.oc.4", "6.1.oc.1", "6.1.oc.2", "6.1.oc.6", "6.2.oc.1", "6.2.oc.2", "6.3.oc.1", "7.1.out.1",
    "7.1.out.2", "7.1.out.3", "7.1.oc.2", "7.2.out.1", "7.2.out.2", "7.2.out.3", "7.2.out.5", "7.2.oc.1", "7.2.oc.2",
    "7.3.out.3", "7.3.oc.1", "7.3.oc.2", "7.3.oc.3", "8.1.out.1", "8.1.out.2", "8.1.out.3", "8.1.out.3.giovani",
    "8.1.oc.3", "8.2.out.1", "8.2.out.2", "8.2.out.3", "8.2.out.4", "8.2.oc.1", "9.2.out.2", "9.2.out.3", "9.3.out.2",
    "9.3.out.3", "9.3.out.4", "9.3.out.5", "9.3.oc.2", "10.1.out.1", "10.1.out.2", "10.1.out.3", "10.1.out.4",
    "10.1.out.5", "10.1.out.6", "10.1.oc.2", "10.1.oc.4", "10.1.oc.5",
]
# Times and chronic cases with «diminuzione rispetto all'anno base»: the same values judged the other way.
DIMINUZIONE_SEMPLICE = ["1.1.oc.1", "2.1.oc.4", "2.3.oc.1", "4.1.oc.2", "6.1.oc.4", "6.3.oc.2", "9.1.out.2",
                        "9.1.out.3", "9.1.oc.1", "9.2.out.1", "9.3.out.1"]


@pytest.mark.parametrize("indicator_id", AUMENTO_SEMPLICE + DIMINUZIONE_SEMPLICE)
def test_plain_observation_against_its_baseline(indicator_id):
    t = run(indicator_id, obs((indicator_id, "2021", "Ambito", 10), (indicator_id, "2022", "Ambito", 12),
                              (indicator_id, "2023", "ambito", 10), (indicator_id, "2021", "Sub-ambito Soresinese", 10),
                              (indicator_id, "2022", "Sub-ambito Soresinese", 9), ("altro.codice", "2022", "Ambito", 99)))
    up = indicator_id in AUMENTO_SEMPLICE
    assert cells(t, "period", "territory", "value", "target", "gap") == [
        ("2021", "Ambito Cremonese", 10.0, 10.0, 0.0), ("2022", "Ambito Cremonese", 12.0, 10.0, 2.0),
        ("2023", "Ambito Cremonese", 10.0, 10.0, 0.0),
        ("2021", "Ambito Cremonese / Soresinese", 10.0, 10.0, 0.0),
        ("2022", "Ambito Cremonese / Soresinese", 9.0, 10.0, -1.0)]
    better, worse = ("on_track", "off_track") if up else ("off_track", "on_track")
    assert t["status"].to_list() == ["baseline", better, "off_track", "baseline", worse]


def test_breakdown_rows_get_the_ambito_prefix_and_their_own_baseline():
    t = run("3.1.out.4", obs(("3.1.out.4", "2022", "Ambito", 40), ("3.1.out.4", "2022", "Sub-ambito Soresinese", 7),
                             ("3.1.out.4", "2023", "sub-ambito  Soresinese", 9), ("3.1.out.4", "2023", "Soresina", 3)))
    # The Ambito's years 2021 and 2023 hold nothing: each has its row «senza dati» (2021, before the
    # base, has no target either). Each base period is «anno base».
    assert sorted(cells(t, "territory", "period", "value", "target", "status")) == [
        ("Ambito Cremonese", "2021", None, None, "no_data"),
        ("Ambito Cremonese", "2022", 40.0, 40.0, "baseline"),
        ("Ambito Cremonese", "2023", None, 40.0, "no_data"),
        ("Ambito Cremonese / Soresinese", "2022", 7.0, 7.0, "baseline"),
        ("Ambito Cremonese / Soresinese", "2023", 9.0, 7.0, "on_track"),
        ("Soresina", "2023", 3.0, 3.0, "baseline")]


# Percentages are numerator / denominator x 100, whatever «valore» says.
RATIO_AUMENTO = ["1.1.out.2", "1.1.oc.4", "1.2.oc.2", "2.1.oc.2", "3.1.oc.1", "3.2.oc.2", "4.1.oc.1", "4.1.oc.3",
                 "4.1.oc.4", "4.1.oc.5", "5.1.oc.1", "5.1.oc.3", "5.2.oc.2", "5.2.oc.3", "6.1.oc.5", "6.2.oc.3",
                 "6.3.oc.3", "7.1.oc.3", "8.1.oc.1", "8.2.oc.2", "9.1.out.3.contesti", "9.2.oc.1", "9.2.oc.2",
                 "9.3.oc.1", "9.3.oc.3", "10.1.oc.1", "10.1.oc.3"]
RATIO_DIMINUZIONE = ["2.2.oc.3", "3.1.oc.2", "7.1.oc.1", "8.1.oc.2"]


@pytest.mark.parametrize("indicator_id", RATIO_AUMENTO + RATIO_DIMINUZIONE)
def test_rate_is_numerator_over_denominator(indicator_id):
    t = run(indicator_id, obs((indicator_id, "2021", "Ambito", 25, 10, 40),   # 10/40 = 25%
                              (indicator_id, "2022", "Ambito", 30, 12, 40),   # 12/40 = 30%
                              (indicator_id, "2023", "Ambito", 0, 0, 0)))     # no denominator: no data
    assert cells(t, "period", "value", "numerator", "denominator", "target") == [
        ("2021", 25.0, 10.0, 40.0, 25.0), ("2022", 30.0, 12.0, 40.0, 25.0), ("2023", None, 0.0, 0.0, 25.0)]
    up = indicator_id in RATIO_AUMENTO
    assert t["status"].to_list() == ["baseline", "on_track" if up else "off_track", "no_data"]


@pytest.mark.parametrize("indicator_id", ["6.2.out.1", "6.2.out.2", "6.3.out.2", "6.3.out.3"])
def test_at_least_sixty_percent(indicator_id):
    # «almeno il 60%»: 31/50 = 62% in linea; 28/50 = 56% is at least 90% of 60 (54), but the year is
    # over: fuori target (it read «a rischio»); 30/50 = exactly 60% is in linea; a sub-ambito's
    # 26/50 = 52% fuori target.
    t = run(indicator_id, obs((indicator_id, "2021", "Ambito", 62, 31, 50), (indicator_id, "2022", "Ambito", 56, 28, 50),
                              (indicator_id, "2023", "Ambito", 60, 30, 50),
                              (indicator_id, "2023", "Sub-ambito Soresinese", 52, 26, 50)))
    assert cells(t, "period", "territory", "value", "target", "status") == [
        ("2021", "Ambito Cremonese", 62.0, 60.0, "on_track"), ("2022", "Ambito Cremonese", 56.0, 60.0, "off_track"),
        ("2023", "Ambito Cremonese", 60.0, 60.0, "on_track"),
        ("2023", "Ambito Cremonese / Soresinese", 52.0, 60.0, "off_track")]


def test_public_bodies_per_sub_ambito_and_declared_value_cross_check():
    # 6.2.out.1 per sub-ambito: 9 of 16 comuni = 56,25%; the Ambito adds ASST, ATS, Azienda Sociale and
    # Provincia: (30 + 4) / (48 + 4) = 65,38%. Its declared «valore» 70 disagrees and is noted.
    t = run("6.2.out.1", obs(("6.2.out.1", "2023", "Sub-ambito Cremonese est", 56.25, 9, 16),
                             ("6.2.out.1", "2023", "Ambito", 70, 34, 52)))
    rows = {r["territory"]: r for r in loaded(t).to_dicts()}
    assert rows["Ambito Cremonese / Cremonese est"]["value"] == pytest.approx(56.25)
    # 56,25 >= 54 (90% of 60), but 2023 is over: fuori target.
    assert rows["Ambito Cremonese / Cremonese est"]["status"] == "off_track"
    assert rows["Ambito Cremonese"]["value"] == pytest.approx(65.3846, abs=1e-4)
    assert rows["Ambito Cremonese"]["status"] == "on_track"
    assert rows["Ambito Cremonese"]["note"] == "valore dichiarato 70.0 diverso da numeratore/denominatore"
    assert rows["Ambito Cremonese / Cremonese est"]["note"] is None


def test_three_protocols_over_the_cycle_counted_cumulatively_with_the_share_due_each_year():
    # «almeno tre protocolli»: signed 1 in 2021, 0 in 2022, 1 in 2023 -> 1, 1, 2 against 1, 2, 3 due.
    # 1 >= 1 in linea; 1 < 0,9 x 2 fuori target; 2 < 2,7 fuori target. (A 2024 row, outside the cycle,
    # is refused by the loader: tests/test_plausibility.py.)
    t = run("6.1.out.3", obs(("6.1.out.3", "2021", "Ambito", 1), ("6.1.out.3", "2022", "Ambito", 0),
                             ("6.1.out.3", "2023", "Ambito", 1)))
    assert cells(t, "period", "value", "target", "status", "note") == [
        ("2021", 1.0, 1.0, "on_track", "nell'anno: 1"), ("2022", 1.0, 2.0, "off_track", "nell'anno: 0"),
        ("2023", 2.0, 3.0, "off_track", "nell'anno: 1")]


@pytest.mark.parametrize("indicator_id", ["6.1.out.5", "6.1.oc.3", "6.2.out.3"])
def test_three_over_the_cycle_reached(indicator_id):
    t = run(indicator_id, obs((indicator_id, "2021", "Ambito", 2), (indicator_id, "2023", "Ambito", 1)))
    # 2 by 2021 (1 due); 2022 not recorded; 3 by 2023 (3 due).
    assert cells(t, "period", "value", "target", "status") == [("2021", 2.0, 1.0, "on_track"),
                                                                ("2023", 3.0, 3.0, "on_track")]


UNO_NEL_TRIENNIO = ["4.1.out.6", "4.2.out.4", "4.2.out.7", "4.2.out.10", "5.1.out.7", "5.2.out.5", "5.3.out.1",
                    "5.3.out.4", "6.1.out.1", "6.1.out.4", "6.3.out.1", "7.1.out.4", "7.2.out.4", "7.3.out.1",
                    "7.3.out.2", "7.3.out.4", "7.3.out.5"]


@pytest.mark.parametrize("indicator_id", UNO_NEL_TRIENNIO)
def test_one_deliverable_in_the_cycle(indicator_id):
    # Nothing is due before the end of the cycle (floor of 1/3 and 2/3 is 0): none done in 2021
    # and 2022 is in line; done in 2022 counts in 2023; nothing by 2023 is off target.
    t = run(indicator_id, obs((indicator_id, "2021", "Ambito", 0), (indicator_id, "2022", "Ambito", 1),
                              (indicator_id, "2023", "Ambito", 0)))
    assert cells(t, "period", "value", "target", "status") == [
        ("2021", 0.0, 0.0, "on_track"), ("2022", 1.0, 0.0, "on_track"), ("2023", 1.0, 1.0, "on_track")]
    late = run(indicator_id, obs((indicator_id, "2022", "Ambito", 0), (indicator_id, "2023", "Ambito", 0)))
    assert cells(late, "period", "value", "target", "status") == [("2022", 0.0, 0.0, "on_track"),
                                                                   ("2023", 0.0, 1.0, "off_track")]
    assert BY_ID[indicator_id].target.value == 1


@pytest.mark.parametrize("indicator_id", ["6.1.out.6", "6.2.out.4", "9.1.out.1"])
def test_six_monthly_elaborations(indicator_id):
    t = run(indicator_id, obs((indicator_id, "2023-S1", "Ambito", 1), (indicator_id, "2023-S2", "Ambito", 0)))
    assert cells(loaded(t), "period", "value", "target", "status") == [("2023-S1", 1.0, 1.0, "on_track"),
                                                                        ("2023-S2", 0.0, 1.0, "off_track")]
    # Data by semester: every semester of the cycle has a row, those with nothing loaded «senza dati».
    assert t["period"].to_list() == ["2021-S1", "2021-S2", "2022-S1", "2022-S2", "2023-S1", "2023-S2"]
    assert set(t.filter(t["value"].is_null())["status"]) == {"no_data"}


def test_at_least_two_sub_ambiti():
    t = run("1.2.out.1", obs(("1.2.out.1", "2022", "Ambito", 1), ("1.2.out.1", "2023", "Ambito", 3)))
    assert cells(loaded(t), "period", "value", "target", "status") == [("2022", 1.0, 2.0, "off_track"),
                                                                        ("2023", 3.0, 2.0, "on_track")]


EXPERIMENTS = [("6.1.out.2", "2023", "Cremona", 3), ("6.1.out.2", "2023", "Soresina", 2),
               ("6.1.out.2", "2023", "Pizzighettone", 1), ("6.1.out.2", "2023", "Vescovato", 0),
               ("6.1.out.2", "2022", "Soresina", 2)]


def test_experiments_in_three_territories():
    t = run("6.1.out.2", obs(*EXPERIMENTS))
    # 2022: Soresina only; 2023: Cremona, Soresina, Pizzighettone (Vescovato has no thematic area).
    assert cells(t, "period", "value", "target", "status", "note") == [
        ("2021", None, 3.0, "no_data", "nessun dato caricato per il periodo"),
        ("2022", 1.0, 3.0, "off_track", "Soresina"),
        ("2023", 3.0, 3.0, "on_track", "Cremona, Pizzighettone, Soresina")]


def test_one_experiment_in_the_urban_area():
    t = run("6.1.out.2.urbano", obs(*EXPERIMENTS))
    assert cells(loaded(t), "period", "value", "status") == [("2022", 0.0, "off_track"), ("2023", 1.0, "on_track")]


def test_two_thematic_areas_per_territory():
    t = run("6.1.out.2.aree", obs(*EXPERIMENTS))
    # 2023: Cremona (3) and Soresina (2) have two areas or more, 2 < 0,9 x 3.
    assert cells(loaded(t), "period", "value", "target", "status") == [("2022", 1.0, 3.0, "off_track"),
                                                                        ("2023", 2.0, 3.0, "off_track")]


def test_an_indicator_without_observations_is_no_data():
    t = run("9.3.out.4", obs(("9.3.out.5", "2023", "Ambito", 4)))
    # One row per year of the cycle, each «senza dati» (never a judgement, never 0).
    assert cells(t, "period", "value", "target", "status") == [
        ("2021", None, None, "no_data"), ("2022", None, None, "no_data"), ("2023", None, None, "no_data")]
    assert set(t["note"]) == {"nessuna riga utile nei dati"}
