"""Territory: the plan's comuni and population figures, size classes, ageing, per-comune table, map."""

from __future__ import annotations

import json

import polars as pl
import pytest

from data_loaders import load_all
from indicators.defs.territorio import PIANO_VECCHIAIA, comuni_table, plan_size_class_notes
from indicators.engine import compute_all
from indicators.registry import BY_ID
from tests.conftest import AS_OF, ROOT
from tests.helpers import frame

GEOJSON = ROOT / "data_loaders" / "geo" / "comuni_cr.geojson"


def run(ind_id: str, frames) -> pl.DataFrame:
    return compute_all(frames, AS_OF, catalog=[BY_ID[ind_id]])


@pytest.fixture(scope="module")
def sample():
    return {n: r.frame for n, r in load_all().items()}


def test_size_classes_2021_are_the_plans_9_and_14(sample):
    t = run("territorio.comuni_per_classe", sample).filter(pl.col("period") == "2021")
    got = dict(t.select("territory", "value").rows())
    assert got == {"Ambito Cremonese / oltre 3.000 abitanti": 9.0,
                   "Ambito Cremonese / da 1.000 a 3.000 abitanti": 25.0,
                   "Ambito Cremonese / sotto 1.000 abitanti": 14.0}
    assert dict(run("territorio.popolazione", sample).select("period", "value").rows())["2021"] == 156_113


def test_the_plans_29_is_shown_as_disagreeing_with_48_minus_9(sample):
    c2021 = sample["comuni"].filter((pl.col("anno") == 2021) & (pl.col("ambito") == "Cremonese"))
    notes = plan_size_class_notes(c2021)
    assert notes == ["Il Piano scrive che su 48 comuni 9 superano i 3.000 abitanti e «gli altri 29» sono sotto: "
                     "gli altri sarebbero 39 (48 − 9), non 29."]
    fewer = plan_size_class_notes(c2021.filter(pl.col("popolazione") >= 1000))
    assert "Comuni sotto 1.000 abitanti: il Piano ne conta 14, i dati caricati 0." in fewer
    assert "Il Piano conta 48 comuni, i dati caricati 34." in fewer


def test_ageing_index_and_rate_on_hand_made_comuni():
    c = frame("comuni", [["2023", "019036", "Cremona", "Cremonese", "", "1000", "100", "250"],
                         ["2023", "019098", "Soresina", "Cremonese", "", "500", "60", "90"],
                         ["2023", "019076", "Pizzighettone", "Cremonese", "", "400", "", ""]])  # no ages: left out
    idx = run("territorio.indice_vecchiaia", {"comuni": c}).row(0, named=True)
    # (250 + 90) / (100 + 60) x 100 = 212,5
    assert (idx["numerator"], idx["denominator"], idx["value"]) == (340, 160, 212.5)
    rate = run("territorio.tasso_vecchiaia", {"comuni": c}).row(0, named=True)
    assert (rate["denominator"], rate["value"]) == (1500, pytest.approx(22.6667, abs=1e-4))
    by = dict(run("territorio.indice_vecchiaia_comune", {"comuni": c}).select("territory", "value").rows())
    assert by == {"Cremona": 250.0, "Soresina": 150.0}
    pop = dict(run("territorio.popolazione_comune", {"comuni": c}).select("territory", "value").rows())
    assert pop["Pizzighettone"] == 400


def test_sample_ageing_is_close_to_the_plans_cremonese_207_and_25_8(sample):
    assert PIANO_VECCHIAIA["CREMONESE"] == (198, 207, 22.1, 25.8)
    idx = dict(run("territorio.indice_vecchiaia", sample).select("period", "value").rows())
    rate = dict(run("territorio.tasso_vecchiaia", sample).select("period", "value").rows())
    # Real age shares of the 48 sample comuni (ISTAT 2022-2023): index ~215-219, rate ~26%.
    assert 207 < idx["2023"] < 230 and 25.8 < rate["2023"] < 27


def test_sample_comuni_carry_real_istat_codes_that_the_map_knows(sample):
    codes = set(sample["comuni"].filter(pl.col("ambito") == "Cremonese")["codice_istat"])
    features = json.loads(GEOJSON.read_text(encoding="utf-8"))["features"]
    known = {f["properties"]["codice_istat"]: f["properties"]["comune"] for f in features}
    assert len(known) == 113 and len(codes) == 48 and codes <= set(known)
    assert known["019036"] == "Cremona" and known["019098"] == "Soresina"


def test_comuni_table_joins_the_other_pages_figures_by_istat_code():
    frames = {
        "comuni": frame("comuni", [["2025", "019036", "Cremona", "Cremonese", "", "2000", "100", "210"],
                                   ["2025", "019098", "Soresina", "Cremonese", "", "800", "80", "160"]]),
        "hug_accessi": frame("hug_accessi", [["10/02/2025", "hub", "informazione", "HUG-0001", "019036"],
                                             ["11/02/2025", "hub", "consulenza", "HUG-0001", "019036"],
                                             ["12/02/2025", "hub", "consulenza", "HUG-0002", "019036"],
                                             ["12/02/2024", "hub", "consulenza", "HUG-0003", "019098"]]),
    }
    t = comuni_table(frames, 2025, "Cremonese")
    rows = {r["comune"]: r for r in t.iter_rows(named=True)}
    assert (rows["Cremona"]["accessi_hug"], rows["Cremona"]["famiglie_hug"]) == (3, 2)
    assert rows["Cremona"]["accessi_hug_1000"] == 1.5  # 3 / 2.000 x 1.000
    assert rows["Soresina"]["accessi_hug"] == 0  # its access is of 2024
    assert (rows["Cremona"]["indice_vecchiaia"], rows["Soresina"]["classe"]) == (210.0, "sotto 1.000 abitanti")
