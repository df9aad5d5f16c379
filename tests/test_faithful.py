"""Faithful to the documents (issue 17 §3): targets the documents do not state are «proposto», the funds
tables are shown line by line as printed (with their mixed fund years said), and the 2018-2020 review's two
scorings of the family area stay two series. Figures hand-copied from seeds/000 and seeds/004."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
import pytest

from data_loaders.loader import load_all
from indicators.defs.risorse import MIXED_YEARS, mixed_fund_years
from indicators.engine import compute_all
from indicators.fund_tables import ALTRI, CELLS, ORDINARI, by_fund_year, printed_table
from indicators.registry import BY_ID
from indicators.review import FIRST_SERIES, scored_twice, series_means
from tests.apptest import open_page, texts
from tests.conftest import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
AS_OF = dt.date(2026, 11, 23)
FAMIGLIA = "Famiglia, giovani e territorio"
SECOND = "Ambito cremonese (obiettivi 1-14)"


@pytest.fixture(scope="module")
def sample():
    return load_all(ROOT / "sample_data", AS_OF)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


# ── Centro per le Famiglie ────────────────────────────────────────────────────────────────

def test_hug_accesses_increase_is_proposed_since_the_protocol_asks_none():
    protocol = (SEEDS / "000_b72d890206e4f14d.txt").read_text(encoding="utf-8").lower()
    assert "aument" not in protocol  # seed 000 never asks for more accesses
    ind = BY_ID["hug.accessi_semestre"]
    assert ind.target.comparison == "increase" and ind.proposed
    hug_targets = [i for i in BY_ID.values() if i.area == "hug" and i.target is not None]
    assert hug_targets and all(i.proposed for i in hug_targets)
    page = texts(open_page("pages/centro_famiglie.py"))
    assert "«aumento rispetto all'anno base» degli accessi è *proposto dal cruscotto*" in page


# ── Funds ─────────────────────────────────────────────────────────────────────────────────

def test_every_line_of_both_funds_tables_as_printed():
    ordinary, other = printed_table(ORDINARI), printed_table(ALTRI)
    assert ordinary.height == 6 and other.height == 14
    assert ordinary.columns == ["Fondo", "2021", "STIMA 2022", "STIMA 2023"]
    assert other.columns == ["Fondo", "2018-2020", "2021", "STIMA 2022", "STIMA 2023"]
    fna = ordinary.filter(pl.col("Fondo") == "FONDO NON AUTOSUFFICIENZA FNA").row(0, named=True)
    assert fna["2021"] == "€ 443.968,00 (2020 utilizzo 2021)"
    restart = other.filter(pl.col("Fondo").str.starts_with("RESTART 3.0")).row(0, named=True)
    assert restart["2018-2020"] == "RESTART 2.0 (incluso incremento funzioni post-covid19 e cof partners) 250.108,15 €"
    assert restart["2021"] == "Dal 27/05/2021 Al 30/6/2022 € 233.150,86"
    locazione = other.filter(pl.col("Fondo") == "FONDI SOSTEGNO ALLA LOCAZIONE").row(0, named=True)
    assert locazione["2018-2020"] == "€ 218.189,00 (2020 utilizzo 2020) € 385.726,00 (2020 utilizzo 2021)"
    assert other.filter(pl.col("Fondo").str.contains("ARCA"))["2018-2020"].to_list() == ["€ 191.309,1"]
    assert other.filter(pl.col("Fondo") == "FAMI")["STIMA 2022"].to_list() == ["n.d."]


def test_every_printed_cell_and_line_is_in_the_plan_word_for_word():
    plan = _flat((SEEDS / "004_d11fc173032d0317.txt").read_text(encoding="utf-8"))
    for cell in CELLS:
        assert _flat(cell.testo) in plan, cell.testo
        assert _flat(cell.fondo) in plan, cell.fondo


def test_amounts_per_fund_year_and_the_2021_column_mixes_years(sample):
    years = by_fund_year()
    ordinary_2021 = years.filter((pl.col("tabella") == ORDINARI) & (pl.col("colonna") == "2021"))
    # 850.000,00 + 1.110.383,65 + 443.968,00 + 1.062.606,51 + 0 + 203.893,94
    assert round(ordinary_2021["importo"].sum(), 2) == 3_670_852.10
    assert sorted(ordinary_2021.filter(pl.col("annualita") == 2020)["fondo"].to_list()) == [
        "FONDO DOPO DI NOI", "FONDO NON AUTOSUFFICIENZA FNA", "FONDO POVERTA'"]
    locazione = years.filter(pl.col("fondo") == "FONDI SOSTEGNO ALLA LOCAZIONE").sort("colonna", "utilizzo")
    assert locazione.select("colonna", "importo", "annualita", "utilizzo").rows()[:3] == [
        ("2018-2020", 218_189.00, 2020, "2020"), ("2018-2020", 385_726.00, 2020, "2021"), ("2021", 545_224.00, 2021, "2022")]

    fondi = sample["fondi"].frame
    assert sorted(mixed_fund_years(fondi)["fondo"].to_list()) == ["FNA", "Fondo Dopo di Noi", "Fondo Povertà"]
    row = compute_all(sample, AS_OF).filter((pl.col("id") == "risorse.fondi_assegnati") & (pl.col("period") == "2021"))
    # 3.670.852,10 + 545.224,00 + 50.000,00 + 80.000,00 + 140.000,00 + 30.853,31: the plan's 2021 column.
    assert round(row["value"][0], 2) == 4_516_929.41
    assert row["note"][0].startswith(MIXED_YEARS + ": FNA 2020 utilizzo 2021; Fondo Povertà 2020 - utilizzo 2021")


def test_risorse_page_shows_the_printed_tables_and_says_where_years_mix():
    at = open_page("pages/risorse.py")
    page = texts(at)
    assert "Le tabelle dei fondi del Piano, come stampate" in page
    assert "Annualità diverse nella stessa colonna" in page and "FNA (fondo 2020, «2020 utilizzo 2021»)" in page
    assert "4.516.929,41 € sommano fondi di annualità diverse" in page
    printed = [df.value for df in at.dataframe if "2018-2020" in df.value.columns]
    assert len(printed) == 1 and printed[0].shape[0] == 14


# ── The 2018-2020 review ──────────────────────────────────────────────────────────────────

def test_family_area_is_two_series_never_one_mean(sample):
    review = sample["bilancio_pdz_2018_2020"].frame
    fam = series_means(review).filter(pl.col("area_2018_2020") == FAMIGLIA)
    got = {s: (n, round(m, 2)) for s, n, m in fam.select("serie", "n", "media").rows()}
    # By section: 100 100 100 75 75 75 75 100 100 100 70 70 -> 1.040 / 12; «Ambito cremonese», objectives
    # 1-14: 50 75 100 75 100 50 70 35 50 100 100 75 100 40 -> 1.020 / 14.
    assert got == {FIRST_SERIES: (12, 86.67), SECOND: (14, 72.86)}
    twice = dict(scored_twice(review).select(pl.col("obiettivo").str.slice(0, 30), pl.concat_list("prima", "seconda")).rows())
    assert twice["Potenziare l'ascolto e le coll"] == [100.0, 50.0]
    assert twice["Promuovere e implementare lo s"] == [75.0, 35.0]
    # Reworded in the second series («contesti strutturati» -> «contesti non strutturati»), still the same objective.
    assert twice["Rilanciare il tema dell'educaz"] == [70.0, 40.0]
    assert len(twice) == 8


def test_area_page_shows_both_series_and_not_the_pooled_mean():
    from tests.test_pdz_pages import open_area

    at = open_area("9", role="coordinatore", every_objective=False)
    metrics = {m.label: m.value for m in at.metric}
    # Area 9 by section: 100 100 75 75 75 75 100 -> 600 / 7 = 85,7; as «Ambito cremonese»:
    # 75 100 75 50 70 35 50 100 100 -> 655 / 9 = 72,8. Pooled they would read 78%.
    assert metrics[f"2018-2020, {FIRST_SERIES}: raggiungimento medio"] == "86%"
    assert metrics[f"2018-2020, {SECOND}: raggiungimento medio"] == "73%"
    assert "2018-2020: raggiungimento medio degli obiettivi collegati" not in metrics
    assert "Il bilancio valuta due volte l'area «Famiglia, giovani e territorio»" in texts(at)
