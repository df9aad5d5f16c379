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
from indicators.engine import JSON_KEYS, PUBLIC_KEYS, compute_all, json_rows, latest, of_ambito
from indicators.registry import CATALOG
from tests.conftest import AS_OF, ROOT
from tests.helpers import frame

# PIPPI's hand-made cases (cohorts, 75% exactly, no segnalazioni, pace) live in tests/test_pippi.py.


def run(ind_id, frames, as_of=AS_OF):
    ind = next(i for i in CATALOG if i.id == ind_id)
    return compute_all(frames, as_of, catalog=[ind])


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


def test_an_ambitos_rows_are_its_own_its_sub_units_and_its_comuni():
    table = pl.DataFrame({"territory": ["Ambito Cremonese", "Ambito Cremonese / EM1", "Cremona",
                                        "Ambito Seregno", "Ambito Seregno / EM1", "Ambito Cremonese nord"]})
    assert of_ambito(table, "Ambito Cremonese")["territory"].to_list() == [
        "Ambito Cremonese", "Ambito Cremonese / EM1", "Cremona"]
    # A comune is named without its Ambito: with no list of comuni, it goes with whichever Ambito is asked.
    assert of_ambito(table, "Ambito Seregno")["territory"].to_list() == [
        "Cremona", "Ambito Seregno", "Ambito Seregno / EM1"]


def test_the_list_of_comuni_attributes_each_comune_to_its_ambito():
    table = pl.DataFrame({"territory": ["Ambito Cremonese", "Cremona", "Seregno", "Meda", "Nessunluogo",
                                        "Ambito Seregno", "Castelverde"]})
    # A regional list: Castelverde named by both (homonyms), Nessunluogo by neither; the list repeats
    # each comune once a year.
    comuni = pl.DataFrame({"anno": [2022, 2023, 2023, 2023, 2023, 2023],
                           "comune": ["Cremona", "Cremona", "Seregno", "Meda", "Castelverde", "Castelverde"],
                           "ambito": ["Cremonese", "Cremonese", "Seregno", "Seregno", "Seregno", "Cremonese"]})
    assert of_ambito(table, "Ambito Cremonese", comuni)["territory"].to_list() == [
        "Ambito Cremonese", "Cremona", "Nessunluogo", "Castelverde"]
    assert of_ambito(table, "Ambito Seregno", comuni)["territory"].to_list() == [
        "Seregno", "Meda", "Nessunluogo", "Ambito Seregno", "Castelverde"]
    # An empty list attributes nothing away.
    assert of_ambito(table, "Ambito Seregno", comuni.clear()).height == table.height - 1


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
    # The twelve public keys first, as they were, then period_end, closed, n and note.
    assert rows and all(tuple(r) == JSON_KEYS for r in rows) and JSON_KEYS[:12] == PUBLIC_KEYS
    assert {r["status"] for r in rows} <= {"on_track", "at_risk", "off_track", "no_data", "baseline", "context"}
    table = compute_all(load_all(), AS_OF)
    assert rows == json.loads(json.dumps(json_rows(table)))
    # A closed row is never «a rischio»; a row with a value is never «senza dati»; closed means ended
    # before the reference date.
    assert not [r for r in rows if r["closed"] and r["status"] == "at_risk"]
    assert not [r for r in rows if r["value"] is not None and r["status"] == "no_data"]
    assert all(r["closed"] == (r["period_end"] is not None and r["period_end"] < "2026-11-23") for r in rows)
    # n is the count a percentage rests on: PIPPI's assessment rate 2023, 11 of 13 families.
    rate = next(r for r in rows if r["id"] == "pippi.tasso_valutazioni" and r["period"] == "2023"
                and r["territory"] == "Ambito Cremonese")
    assert (rate["n"], rate["period_end"], rate["closed"]) == (13.0, "2023-12-31", True)
    assert next(r for r in rows if r["id"] == "1.1.out.1" and r["period"] == "2021")["n"] is None
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


def test_observed_pdz_indicator_and_hug_accesses_per_semester():
    obs = frame("osservazioni_pdz", [["1.2.out.1", "2021", "Ambito", "1", "", "", "UdP", ""],
                                     ["1.2.out.1", "2023", "ambito", "2", "", "", "UdP", ""]])
    t = run("1.2.out.1", {"osservazioni_pdz": obs})
    # 2022, a year of the plan with nothing loaded, has its row «senza dati».
    assert t.select("period", "territory", "value", "status").rows() == [
        ("2021", "Ambito Cremonese", 1.0, "off_track"), ("2022", "Ambito Cremonese", None, "no_data"),
        ("2023", "Ambito Cremonese", 2.0, "on_track")]

    acc = frame("hug_accessi", [["10/01/2023", "hub", "informazione", "", ""]] * 3
                + [["10/09/2023", "spoke2_asc", "consulenza", "HUG-0001", "019036"]] * 4)
    t = run("hug.accessi_semestre", {"hug_accessi": acc})
    # Baseline 2023-S1 = 3 («anno base», not judged); 2023-S2 = 4 is above it.
    assert t.select("period", "value", "target", "status").rows() == [
        ("2023-S1", 3.0, 3.0, "baseline"), ("2023-S2", 4.0, 3.0, "on_track")]
