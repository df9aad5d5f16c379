"""The engine and the first indicators on small hand-made frames with hand-computed results."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import polars as pl
import pytest

from data_loaders import load_all
from data_loaders.registry import DATASETS
from indicators.catalog import Indicator, Target, validate
from indicators.defs import pippi, risorse, territorio
from indicators.engine import PUBLIC_KEYS, compute_all, latest
from indicators.registry import CATALOG
from tests.conftest import AS_OF, ROOT
from tests.helpers import frame

FAM_HEADER = ["ambito", "codice_famiglia", "equipe", "codice_istat_comune", "data_segnalazione",
              "data_valutazione", "data_inclusione"]


def famiglie(rows):
    return {"pippi_famiglie": frame("pippi_famiglie", rows, FAM_HEADER)}


def run(ind_id, frames, as_of=AS_OF):
    ind = next(i for i in CATALOG if i.id == ind_id)
    return compute_all(frames, as_of, catalog=[ind])


def test_assessment_rate_per_cohort_december_to_january():
    # 2023: 4 segnalate, 3 valutate (one in January 2024) -> 75,0% exactly: not above the standard.
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
        ("2023", 3.0, 4.0, 75.0, "at_risk"),
        ("2024", 2.0, 2.0, 100.0, "on_track"),
    ]


def test_assessment_rate_without_segnalazioni_is_no_data_not_zero():
    empty = {"pippi_famiglie": DATASETS["pippi_famiglie"].empty_frame()}
    t = run("pippi.tasso_valutazioni", empty)
    assert t.height == 1
    assert t.row(0, named=True)["status"] == "no_data" and t.row(0, named=True)["value"] is None


def test_families_per_year_against_ten_with_pace_in_the_current_year():
    rows = [["Cremonese", f"CR-F{i}", "EM1", "019036", "01/02/2023", "10/02/2023", "20/02/2023"] for i in range(9)]
    rows += [["Cremonese", f"CR-G{i}", "EM1", "019036", "01/02/2024", "10/02/2024", "20/02/2024"] for i in range(6)]
    t = run("pippi.famiglie_anno", famiglie(rows), as_of=dt.date(2024, 7, 1)).sort("period")
    # 2023 is over: 9 of 10 -> at risk, gap -1. 2024 half gone (183/366): 5 due, 6 included -> on track.
    assert t.select("period", "value", "target", "gap", "status").rows() == [
        ("2023", 9.0, 10.0, -1.0, "at_risk"),
        ("2024", 6.0, 10.0, -4.0, "on_track"),
    ]
    assert t["provisional"].to_list() == [False, True]


def test_spending_total_2019_matches_the_plan_and_2016_rows_do_not_add_up_to_its_total():
    frames = {n: r.frame for n, r in load_all().items()}
    t = run("risorse.spesa_sociale_totale", frames).sort("period")
    values = dict(t.select("period", "value").rows())
    assert values["2019"] == 29_580_029  # PdZ: TOTALE 2019 29.580.029
    # PdZ states 22.164.040 for 2016, but its area rows sum to 21.984.040 (180.000 less).
    assert values["2016"] == 21_984_040


def test_population_2021_is_the_plans_figure():
    frames = {n: r.frame for n, r in load_all().items()}
    t = run("territorio.popolazione", frames)
    assert dict(t.select("period", "value").rows())["2021"] == 156_113


def test_missing_dataset_gives_no_data_for_its_indicators(data_copy):
    (data_copy / "pippi_famiglie.csv").unlink()
    t = compute_all(load_all(data_copy), AS_OF)
    fam = t.filter(pl.col("sources") == "pippi_famiglie")
    assert fam.height >= 1 and set(fam["status"]) == {"no_data"}
    assert t.filter(pl.col("id") == "territorio.popolazione")["value"].is_not_null().all()


def test_latest_prefers_most_recent_period_with_a_value():
    table = compute_all(load_all(), AS_OF)
    now = latest(table)
    assert now["id"].n_unique() == now.height
    pop = now.filter(pl.col("id") == "territorio.popolazione").row(0, named=True)
    assert pop["period"] == "2025"


def test_catalog_validation_catches_duplicates_unknown_datasets_and_missing_sentences():
    def f(_):
        return pl.DataFrame()
    good = dict(area="1", objective="1.1", kind="output", name="x", unit="numero", direction="up",
                target=Target("at_least", 1), sources=("comuni",), plan_text="frase", measure="m",
                formula="f", compute=f)
    issues = validate([Indicator(id="a", **good), Indicator(id="a", **good),
                       Indicator(id="b", **{**good, "sources": ("nessuno",)}),
                       Indicator(id="c", **{**good, "plan_text": " "})], set(DATASETS))
    assert len(issues) == 3
    assert validate(CATALOG, set(DATASETS)) == []


def test_every_catalog_entry_is_named_in_some_test():
    texts = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests").glob("test_*.py"))
    untested = [i.id for i in CATALOG if f'"{i.id}"' not in texts]
    assert untested == [], f"indicatori senza test: {untested}"


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "indicators", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_cli_json_has_exactly_the_agreed_keys_and_the_same_numbers_as_the_engine():
    out = _cli("--json", "--as-of", "23/11/2026")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert rows and all(tuple(r) == PUBLIC_KEYS for r in rows)
    assert {r["status"] for r in rows} <= {"on_track", "at_risk", "off_track", "no_data"}
    table = compute_all(load_all(), AS_OF).select(PUBLIC_KEYS)
    assert rows == json.loads(json.dumps(table.to_dicts()))
    spesa = next(r for r in rows if r["id"] == "risorse.spesa_sociale_totale" and r["period"] == "2019")
    assert spesa["value"] == 29580029 and spesa["area"] == "risorse"


def test_cli_bad_folder_reports_problems_without_traceback(tmp_path):
    (tmp_path / "comuni.csv").write_bytes("anno;comune\r\n2023;Città\r\n".encode("cp1252"))
    out = _cli("--data", str(tmp_path), "--json")
    assert out.returncode != 0
    assert "Traceback" not in out.stderr
    assert "colonna obbligatoria «codice_istat»" in out.stderr
    missing = _cli("--data", str(tmp_path / "non_esiste"))
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


@pytest.mark.parametrize("module", [pippi, risorse, territorio])
def test_indicator_modules_do_not_import_streamlit(module):
    assert "streamlit" not in (module.__file__ and open(module.__file__, encoding="utf-8").read())


def test_cumulative_families_operators_and_budget_on_hand_made_frames():
    rows = [["Cremonese", f"CR-F{i}", "EM1", "019036", "01/02/2023", "10/02/2023", "20/02/2023"] for i in range(12)]
    rows += [["Cremonese", f"CR-G{i}", "EM1", "019036", "01/02/2024", "10/02/2024", "20/02/2024"] for i in range(8)]
    t = run("pippi.famiglie_progetto", famiglie(rows), as_of=dt.date(2024, 12, 30))
    # 20 families on 30/12/2024, 730 of the 1096 days of 2023-2025 gone: 30 x 730/1096 = 19,98 due.
    r = t.row(0, named=True)
    assert (r["period"], r["value"], r["gap"], r["status"]) == ("2023-2025", 20.0, -10.0, "on_track")

    ops = frame("pippi_operatori", [
        ["Cremonese", f"OP-{i:02d}", "educatore", "EM1", "", "10/05/2023" if i < 9 else "", ""] for i in range(11)])
    r = run("pippi.operatori_formati", {"pippi_operatori": ops}).row(0, named=True)
    assert (r["value"], r["target"], r["status"]) == (9.0, 10.0, "at_risk")  # 9 trained of at least 10

    budget = frame("pnrr_budget", [["Cremonese", "26235", "Contratti", "2023", "21.150,00", "21.150,00"],
                                   ["Cremonese", "26235", "Contratti", "2024", "135.699,00", ""]])
    r = run("pippi.budget_speso", {"pnrr_budget": budget}, as_of=dt.date(2026, 12, 31)).row(0, named=True)
    assert r["numerator"] == 21150 and r["denominator"] == 156849
    assert r["value"] == pytest.approx(13.4843, abs=1e-4) and r["status"] == "off_track"


def test_observed_pdz_indicator_and_hug_accesses_per_semester():
    obs = frame("osservazioni_pdz", [["1.2.out.1", "2021", "Ambito", "1", "", "", "UdP", ""],
                                     ["1.2.out.1", "2023", "ambito", "2", "", "", "UdP", ""]])
    t = run("1.2.out.1", {"osservazioni_pdz": obs})
    assert t.select("period", "territory", "value", "status").rows() == [
        ("2021", "Ambito Cremonese", 1.0, "off_track"), ("2023", "Ambito Cremonese", 2.0, "on_track")]

    acc = frame("hug_accessi", [["10/01/2023", "hub", "informazione", "", ""]] * 3
                + [["10/09/2023", "spoke2_asc", "consulenza", "HUG-0001", "019036"]] * 4)
    t = run("hug.accessi_semestre", {"hug_accessi": acc})
    # Baseline 2023-S1 = 3; 2023-S2 = 4 is above it.
    assert t.select("period", "value", "target", "status").rows() == [
        ("2023-S1", 3.0, 3.0, "at_risk"), ("2023-S2", 4.0, 3.0, "on_track")]
