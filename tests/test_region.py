"""Region scale: over many Ambiti the engine gives what a plain reading of the files gives.

The data come from the region's generator code path (``Scale.is_region``) with four Ambiti
besides the principal one, so the test stays quick; the benchmark runs the full region (90
Ambiti, ~2.4 million rows). The reference figures are computed here in plain Python from the
CSV text (csv module, Italian numbers and dates by hand): no loader, no polars, no engine.
"""

from __future__ import annotations

import csv
import dataclasses
from collections import Counter, defaultdict
from pathlib import Path

import polars as pl
import pytest

from data_loaders import load_all
from generator.__main__ import generate_all
from generator.common import REGION
from indicators.defs.pdz import INDICATORS as PDZ
from indicators.engine import compute_all
from tests.conftest import AS_OF, SAMPLE

SMALL_REGION = dataclasses.replace(REGION, ambiti=4)
SLICE = "Ambito-03"  # one Ambito other than the principal one
LABEL = f"Ambito {SLICE}"
PRINCIPAL = "Ambito Cremonese"


@pytest.fixture(scope="module")
def region(tmp_path_factory) -> tuple[Path, dict, pl.DataFrame]:
    folder = tmp_path_factory.mktemp("regione")
    generate_all(folder, SMALL_REGION)
    results = load_all(folder)
    return folder, results, compute_all(results, AS_OF)


def _rows(folder: Path, filename: str) -> list[dict[str, str]]:
    with (folder / filename).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def _number(text: str) -> float:
    """Italian number as the generator writes it ('1.234,50' or '12')."""
    return float(text.replace(".", "").replace(",", "."))


def _year(date_text: str) -> str:
    return date_text[-4:]  # gg/mm/aaaa


def _engine(table: pl.DataFrame, indicator: str, territory: str) -> dict[str, dict]:
    rows = table.filter((pl.col("id") == indicator) & (pl.col("territory") == territory))
    return {r["period"]: r for r in rows.iter_rows(named=True)}


def test_region_files_cover_every_ambito_and_load_without_problems(region):
    folder, results, _table = region
    ambiti = {r["ambito"] for r in _rows(folder, "comuni.csv")}
    assert len(ambiti) == 5 and SLICE in ambiti
    assert {r["ambito"] for r in _rows(folder, "pippi_famiglie.csv")} == ambiti | {"Seregno"}
    comune_ambito = {r["codice_istat"]: r["ambito"] for r in _rows(folder, "comuni.csv")}
    hug = {comune_ambito[r["codice_istat_comune"]] for r in _rows(folder, "hug_accessi.csv") if r["codice_istat_comune"]}
    assert hug == ambiti
    assert LABEL in {r["territorio"] for r in _rows(folder, "osservazioni_pdz.csv")}
    assert {name: [p for p in r.problems] for name, r in results.items() if r.problems} == {}


def test_population_of_an_ambito_is_the_sum_of_its_comuni(region):
    folder, _results, table = region
    expected: dict[str, int] = defaultdict(int)
    for r in _rows(folder, "comuni.csv"):
        if r["ambito"] == SLICE:
            expected[r["anno"]] += int(r["popolazione"])
    got = _engine(table, "territorio.popolazione", LABEL)
    assert len(expected) == 10  # 2016-2025
    assert {p: r["value"] for p, r in got.items()} == {p: float(v) for p, v in expected.items()}


def test_pippi_families_and_assessment_rate_of_an_ambito(region):
    folder, _results, table = region
    families = [r for r in _rows(folder, "pippi_famiglie.csv") if r["ambito"] == SLICE]
    included = Counter(_year(r["data_inclusione"]) for r in families if r["data_inclusione"])
    got = _engine(table, "pippi.famiglie_anno", LABEL)
    assert {p: r["value"] for p, r in got.items()} == {p: float(n) for p, n in included.items()}

    segnalate = Counter(_year(r["data_segnalazione"]) for r in families)
    valutate = Counter(_year(r["data_segnalazione"]) for r in families if r["data_valutazione"])
    rates = _engine(table, "pippi.tasso_valutazioni", LABEL)
    assert set(rates) == set(segnalate)
    for year, n in segnalate.items():
        assert (rates[year]["numerator"], rates[year]["denominator"]) == (valutate[year], n)
        assert rates[year]["value"] == pytest.approx(round(valutate[year] / n * 100, 4))


def _pdz_ids(prefix: str) -> list[str]:
    """PdZ indicators computed by one builder ('observed', 'ratio', 'cumulative')."""
    return [i.id for i in PDZ if i.compute.__name__.startswith(prefix + "_")]


def test_pdz_series_of_an_ambito_observed_rates_and_cumulated(region):
    folder, _results, table = region
    obs: dict[str, dict[str, dict]] = defaultdict(dict)
    for r in _rows(folder, "osservazioni_pdz.csv"):
        if r["territorio"] == LABEL:
            obs[r["indicatore"]][r["periodo"]] = r
    observed, ratio, cumulative = _pdz_ids("observed")[:5], _pdz_ids("ratio")[:5], _pdz_ids("cumulative")[:5]
    assert len(observed) == len(ratio) == len(cumulative) == 5
    for code in observed:
        got = _engine(table, code, LABEL)
        assert {p: r["value"] for p, r in got.items()} == {p: _number(o["valore"]) for p, o in obs[code].items()}, code
    for code in ratio:
        got = _engine(table, code, LABEL)
        assert set(got) == set(obs[code])
        for p, o in obs[code].items():
            assert got[p]["value"] == pytest.approx(_number(o["numeratore"]) / _number(o["denominatore"]) * 100,
                                                    abs=1e-4), code
    for code in cumulative:
        running, expected = 0.0, {}
        for p in sorted(obs[code]):
            running += _number(obs[code][p]["valore"])
            expected[p] = running
        assert {p: r["value"] for p, r in _engine(table, code, LABEL).items()} == expected, code


def test_hug_accesses_per_semester_count_the_whole_register(region):
    # The HUG register has no Ambito column: at region scale its figures are the whole register's.
    folder, _results, table = region
    per_semester = Counter()
    for r in _rows(folder, "hug_accessi.csv"):
        d = r["data"]
        per_semester[f"{d[-4:]}-S{1 if int(d[3:5]) <= 6 else 2}"] += 1
    got = _engine(table, "hug.accessi_semestre", PRINCIPAL)
    assert {p: r["value"] for p, r in got.items()} == {p: float(n) for p, n in per_semester.items()}


def test_the_other_ambiti_leave_the_principal_ambitos_pippi_and_plan_figures_as_they_are(region):
    _folder, _results, table = region
    ambito_scale = compute_all(load_all(SAMPLE), AS_OF)

    def principal(t: pl.DataFrame) -> pl.DataFrame:
        return t.filter(pl.col("territory").str.starts_with(PRINCIPAL)
                        & ~pl.col("area").is_in(["hug", "territorio", "risorse"])).sort("id", "territory", "period")

    mine, theirs = principal(table), principal(ambito_scale)
    assert mine.height == theirs.height > 800
    assert mine.equals(theirs)
