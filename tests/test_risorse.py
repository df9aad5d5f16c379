"""Resources: the plan's spending and funds tables, exactly, and the check of their stated totals."""

from __future__ import annotations

import polars as pl
import pytest

from data_loaders import load_all
from indicators.catalog import Indicator
from indicators.defs.risorse import estimate_vs_received, population_for, stated_total_discrepancies
from indicators.engine import compute_all
from indicators.registry import BY_ID
from tests.conftest import AS_OF
from tests.helpers import frame

SPESA_HEADER = ["ambito", "anno", "dimensione", "voce", "importo_eur", "fonte", "nota"]
FONDI_HEADER = ["ambito", "fondo", "tipo", "anno", "stato", "importo_eur", "nota", "fonte"]


@pytest.fixture(scope="module")
def sample():
    return {n: r.frame for n, r in load_all().items()}


def run(ind_id: str, frames) -> pl.DataFrame:
    ind: Indicator = BY_ID[ind_id]
    return compute_all(frames, AS_OF, catalog=[ind])


def values(t: pl.DataFrame, territory: str | None = None) -> dict:
    if territory:
        t = t.filter(pl.col("territory") == territory)
    return dict(t.select("period", "value").rows())


# The document's table, "SPESA SOCIALE DEI COMUNI - AMBITO SOCIALE CREMONESE - ANDAMENTI 2016-2019".
@pytest.mark.parametrize("year, stated_total, singola, associata", [
    (2016, 22_164_040, 19_684_726, 2_479_314),
    (2017, 26_437_368, 19_995_681, 6_441_687),
    (2018, 23_627_059, 20_294_242, 3_332_817),
    (2019, 29_580_029, 22_251_821, 7_328_208),
])
def test_sample_spending_rows_are_the_documents(sample, year, stated_total, singola, associata):
    s = sample["spesa_sociale"].filter((pl.col("ambito") == "Cremonese") & (pl.col("anno") == year))
    by = {(d, v): x for d, v, x in s.select("dimensione", "voce", "importo_eur").rows()}
    assert by[("totale", "totale")] == stated_total
    assert (by[("gestione", "singola")], by[("gestione", "associata")]) == (singola, associata)


def test_spending_by_area_and_total_2019_are_the_plans(sample):
    assert values(run("risorse.spesa_sociale_totale", sample))["2019"] == 29_580_029
    areas = run("risorse.spesa_area", sample).filter(pl.col("period") == "2019")
    got = dict(areas.select("territory", "value").rows())
    assert got["Ambito Cremonese / Famiglia e minori"] == 6_380_972
    assert got["Ambito Cremonese / Disabilità"] == 7_712_832
    assert got["Ambito Cremonese / Dipendenze"] == 160_417
    assert "Ambito Cremonese / Salute mentale" not in got  # "=" in 2019: no row
    assert sum(got.values()) == 29_580_029


def test_the_2016_total_disagrees_with_its_rows_by_180000_and_nothing_else_does(sample):
    d = stated_total_discrepancies(sample["spesa_sociale"])
    # 5.241.511 + 4.139.645 + 2.896.095 + 1.988.596 + 760.271 + 3.790.433 + 3.161.722 + 5.767 = 21.984.040
    assert d.select("ambito", "anno", "verifica", "dichiarato", "somma_righe", "differenza").rows() == [
        ("Cremonese", 2016, "area", 22_164_040.0, 21_984_040.0, -180_000.0)]
    assert "5.421.511" in d["nota"][0]  # the source's own 2019/2016 column points at FAM MINORI


def test_discrepancy_check_on_hand_made_rows_checks_areas_and_management_separately():
    s = frame("spesa_sociale", [
        ["X", "2020", "area", "a", "100", "f", ""], ["X", "2020", "area", "b", "50", "f", ""],
        ["X", "2020", "gestione", "singola", "120", "f", ""], ["X", "2020", "gestione", "associata", "30", "f", ""],
        ["X", "2020", "totale", "totale", "150", "f", ""],           # both agree
        ["X", "2021", "area", "a", "90", "f", ""],
        ["X", "2021", "gestione", "singola", "100", "f", ""],
        ["X", "2021", "totale", "totale", "95,5", "f", "nota"],       # areas -5,5, management +4,5
        ["X", "2022", "area", "a", "10", "f", ""],                    # no stated total: not checked
    ], SPESA_HEADER)
    assert stated_total_discrepancies(s).select("anno", "verifica", "differenza").rows() == [
        (2021, "area", -5.5), (2021, "gestione", 4.5)]


def test_change_2019_on_2016_is_computed_on_the_rows_not_on_the_stated_total(sample):
    r = run("risorse.spesa_variazione", sample).row(0, named=True)
    # (29.580.029 - 21.984.040) / 21.984.040 = +34,55%; the plan, on its stated total, +7.415.989 / +33,5%.
    assert (r["period"], r["numerator"], r["denominator"]) == ("2016-2019", 7_595_989, 21_984_040)
    assert r["value"] == pytest.approx(34.5523, abs=1e-4)
    by_area = dict(run("risorse.spesa_variazione_area", sample).select("territory", "numerator").rows())
    # The plan's 2019/2016 column: DISABILITA' 3.573.187, POVERTA' 683.589 — and FAM MINORI 959.461,
    # which the printed rows do not give (6.380.972 - 5.241.511 = 1.139.461).
    assert by_area["Ambito Cremonese / Disabilità"] == 3_573_187
    assert by_area["Ambito Cremonese / Povertà"] == 683_589
    assert by_area["Ambito Cremonese / Famiglia e minori"] == 1_139_461


def test_shares_by_area_and_associated_management(sample):
    assoc = values(run("risorse.quota_gestione_associata", sample))
    # The plan rounds to 11%, 24%, 14%, 25%: 2.479.314 / 22.164.040 = 11,19%, 7.328.208 / 29.580.029 = 24,77%.
    assert round(assoc["2016"]) == 11 and round(assoc["2017"]) == 24 and round(assoc["2018"]) == 14
    assert assoc["2019"] == pytest.approx(24.7742, abs=1e-4)
    share = run("risorse.quota_area", sample).filter(pl.col("period") == "2019")
    assert share["value"].sum() == pytest.approx(100.0)
    dis = share.filter(pl.col("territory") == "Ambito Cremonese / Disabilità").row(0, named=True)
    assert dis["value"] == pytest.approx(7_712_832 / 29_580_029 * 100, abs=1e-4)


def test_per_inhabitant_uses_the_same_year_or_says_which_year_it_used(sample):
    t = run("risorse.spesa_pro_capite", sample)
    r = t.filter(pl.col("period") == "2019").row(0, named=True)
    # No population for 2019 in the sample: 2021 (156.113) is the nearest. 29.580.029 / 156.113 = 189,48.
    assert r["denominator"] == 156_113 and r["value"] == pytest.approx(189.4783, abs=1e-4)
    assert r["note"] == "popolazione del 2021 (anno più vicino disponibile)"
    f = run("risorse.fondi_pro_capite", sample).row(0, named=True)
    # 2021: 4.516.929,41 assigned / 156.113 residents of 2021 = 28,93 euro, no note.
    assert (f["period"], f["note"]) == ("2021", None)
    assert f["value"] == pytest.approx(4_516_929.41 / 156_113, abs=1e-4)


def test_population_for_prefers_the_same_year_then_the_nearest_later_one():
    comuni = frame("comuni", [["2020", "019001", "A", "X", "", "100", "", ""],
                              ["2022", "019001", "A", "X", "", "300", "", ""]])
    years = pl.DataFrame({"ambito": ["X", "X", "X"], "anno": [2020, 2021, 2025]})
    got = population_for({"comuni": comuni}, years).sort("anno").select("anno", "popolazione", "anno_popolazione")
    assert got.rows() == [(2020, 100, 2020), (2021, 300, 2022), (2025, 300, 2022)]


# FONDI ORDINARI and ALTRI FONDI, 2021 column and the estimates, as printed.
@pytest.mark.parametrize("fondo, anno, stato, importo", [
    ("FNPS", 2021, "assegnato", 850_000.00), ("FNPS", 2022, "stima", 880_000.00),
    ("FSR", 2021, "assegnato", 1_110_383.65), ("FNA", 2021, "assegnato", 443_968.00),
    ("Fondo Povertà", 2021, "assegnato", 1_062_606.51), ("Potenziamento servizi sociali", 2022, "stima", 433_000.00),
    ("Potenziamento servizi sociali", 2023, "stima", 400_000.00), ("Fondo Dopo di Noi", 2021, "assegnato", 203_893.94),
    ("Fondi sostegno alla locazione", 2021, "assegnato", 545_224.00), ("Fondo GAP (gioco d'azzardo patologico)", 2021, "assegnato", 30_853.31),
])
def test_sample_funds_are_the_documents(sample, fondo, anno, stato, importo):
    f = sample["fondi"].filter((pl.col("fondo") == fondo) & (pl.col("anno") == anno) & (pl.col("stato") == stato))
    assert f["importo_eur"].to_list() == [importo]


def test_fund_totals_by_year_and_fnps(sample):
    assert values(run("risorse.fondi_assegnati", sample)) == {"2021": pytest.approx(4_516_929.41)}
    # Estimates: ordinary 3.963.000 + others 530.000 (2022); 3.930.000 + 520.000 (2023).
    assert values(run("risorse.fondi_stimati", sample)) == {"2022": 4_493_000, "2023": 4_450_000}
    fund = run("risorse.fondo_assegnato", sample)
    fnps = fund.filter(pl.col("territory") == "Ambito Cremonese / FNPS").row(0, named=True)
    assert (fnps["period"], fnps["value"]) == ("2021", 850_000)
    fna = fund.filter(pl.col("territory") == "Ambito Cremonese / FNA").row(0, named=True)
    assert fna["note"] == "2020 utilizzo 2021"


def test_estimates_against_received_once_the_received_amounts_are_loaded():
    f = frame("fondi", [
        ["Cremonese", "FNPS", "ordinario", "2022", "stima", "880.000,00", "", "PdZ"],
        ["Cremonese", "FNPS", "ordinario", "2022", "assegnato", "902.000,00", "", "decreto"],
        ["Cremonese", "FSR", "ordinario", "2022", "stima", "1.000.000,00", "", "PdZ"],
        ["Cremonese", "FSR", "ordinario", "2022", "assegnato", "950.000,00", "", "decreto"],
        ["Cremonese", "FNA", "ordinario", "2023", "stima", "450.000,00", "", "PdZ"],  # not received yet
    ], FONDI_HEADER)
    both = estimate_vs_received(f)
    assert both.select("fondo", "anno", "differenza").rows() == [("FNPS", 2022, 22_000.0), ("FSR", 2022, -50_000.0)]
    assert both["differenza_pct"].to_list() == pytest.approx([2.5, -5.0])
    r = run("risorse.fondi_assegnati_su_stima", {"fondi": f}).row(0, named=True)
    # 1.852.000 received on 1.880.000 estimated = 98,51%.
    assert (r["period"], r["numerator"], r["denominator"]) == ("2022", 1_852_000, 1_880_000)
    assert r["value"] == pytest.approx(98.5106, abs=1e-4) and r["kind"] == "contesto"


def test_received_on_estimate_has_no_data_in_the_plan_alone(sample):
    r = run("risorse.fondi_assegnati_su_stima", sample).row(0, named=True)
    assert r["value"] is None and r["status"] == "no_data"
