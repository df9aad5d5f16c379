"""PIPPI (PNRR M5C2 1.1.1) indicators. Source: seeds/002 (targets, budget, timetable).

Counting rules, chosen once and written here:
- a family counts as a target family in the year of its ``data_inclusione``;
- the assessment rate is per cohort: families segnalate in year Y (denominator) of which
  those with a valutazione multidimensionale at any date (numerator). A family segnalata
  in December and assessed in January counts in December's year, so the numerator never
  exceeds the denominator.
"""

from __future__ import annotations

import polars as pl

from indicators.builders import rate, territory_from_ambito
from indicators.catalog import Indicator, Target
from indicators.periods import year_expr

DOC = "seeds/002 - Progetto PNRR M5C2 1.1.1, Ambito Cremonese"
FAMIGLIE_PER_ANNO = 10
FAMIGLIE_PROGETTO = 30
SOGLIA_VALUTAZIONI = 75.0
OPERATORI_FORMATI_MIN = 10
BUDGET_PROGETTO = 211_500.0


def families_per_year(frames) -> pl.DataFrame:
    f = frames["pippi_famiglie"].filter(pl.col("data_inclusione").is_not_null())
    return (
        f.group_by(territory_from_ambito(), year_expr("data_inclusione").alias("period"))
        .agg(pl.len().cast(pl.Float64).alias("value"), pl.len().cast(pl.Int64).alias("rows"))
        .sort("territory", "period")
    )


def families_cumulative(frames) -> pl.DataFrame:
    f = frames["pippi_famiglie"].filter(pl.col("data_inclusione").is_not_null())
    return (
        f.group_by(territory_from_ambito())
        .agg(pl.len().cast(pl.Float64).alias("value"), pl.len().cast(pl.Int64).alias("rows"),
             pl.col("data_inclusione").dt.year().min().alias("_first"))
        .with_columns(pl.format("{}-{}", pl.col("_first"), pl.col("_first") + 2).alias("period"))
        .drop("_first")
        .sort("territory")
    )


def assessment_rate_per_year(frames) -> pl.DataFrame:
    f = frames["pippi_famiglie"]
    return (
        f.group_by(territory_from_ambito(), year_expr("data_segnalazione").alias("period"))
        .agg(pl.col("data_valutazione").is_not_null().sum().cast(pl.Float64).alias("numerator"),
             pl.len().cast(pl.Float64).alias("denominator"),
             pl.len().cast(pl.Int64).alias("rows"))
        .with_columns(rate(pl.col("numerator"), pl.col("denominator")).alias("value"))
        .sort("territory", "period")
    )


def operators_trained(frames) -> pl.DataFrame:
    o = frames["pippi_operatori"]
    return (
        o.group_by(territory_from_ambito())
        .agg(pl.col("data_formazione").is_not_null().sum().cast(pl.Float64).alias("value"),
             pl.len().cast(pl.Int64).alias("rows"),
             pl.col("data_formazione").dt.year().min().alias("_a"),
             pl.col("data_formazione").dt.year().max().alias("_b"))
        .with_columns(pl.format("{}-{}", pl.col("_a"), pl.col("_b")).alias("period"))
        .drop("_a", "_b")
    )


def budget_spending_rate(frames) -> pl.DataFrame:
    b = frames["pnrr_budget"]
    return (
        b.group_by(territory_from_ambito())
        .agg(pl.col("speso_eur").fill_null(0).sum().alias("numerator"),
             pl.col("previsto_eur").sum().alias("denominator"),
             pl.len().cast(pl.Int64).alias("rows"),
             pl.col("anno").min().alias("_a"), pl.col("anno").max().alias("_b"))
        .with_columns(rate(pl.col("numerator"), pl.col("denominator")).alias("value"),
                      pl.format("{}-{}", pl.col("_a"), pl.col("_b")).alias("period"))
        .drop("_a", "_b")
    )


INDICATORS = [
    Indicator(
        id="pippi.famiglie_anno", area="pippi", objective="pippi", kind="output",
        name="Famiglie target incluse nell'anno", unit="numero", direction="up",
        target=Target("at_least", FAMIGLIE_PER_ANNO, "annuale", pace=True),
        sources=("pippi_famiglie",),
        plan_text="Coinvolgimento di n. famiglie per annualità: n. 10 (se nel modulo base e nel modulo start), "
                  "n. 15 (se nel modulo autonomia), n.20 (se nel modulo avanzato)",
        measure="Famiglie con data di inclusione nell'anno, per Ambito",
        formula="conteggio famiglie con data_inclusione nell'anno",
        compute=families_per_year, plan_ref=DOC, sensitive=True,
    ),
    Indicator(
        id="pippi.famiglie_progetto", area="pippi", objective="pippi", kind="output",
        name="Famiglie target incluse nel progetto (cumulato)", unit="numero", direction="up",
        target=Target("at_least", FAMIGLIE_PROGETTO, "triennio", pace=True),
        sources=("pippi_famiglie",),
        plan_text="Indicare il numero totale dei beneficiari che il progetto coinvolgerà: 30",
        measure="Famiglie incluse dall'avvio, sul triennio che parte dal primo anno di inclusione",
        formula="conteggio cumulato famiglie con data_inclusione",
        compute=families_cumulative, metric_type="cumulative", plan_ref=DOC, sensitive=True,
    ),
    Indicator(
        id="pippi.tasso_valutazioni", area="pippi", objective="pippi", kind="output",
        name="Tasso di valutazione multidimensionale", unit="percentuale", direction="up",
        target=Target("above", SOGLIA_VALUTAZIONI, "annuale", label="> 75%"),
        sources=("pippi_famiglie",),
        plan_text="N° di Valutazioni Multidimensionali / N° richieste segnalazioni alla EE.MM*100 – "
                  "Standard di qualità > 75%",
        measure="Famiglie segnalate nell'anno che hanno avuto la valutazione multidimensionale",
        formula="valutazioni / segnalazioni alle équipe × 100 (coorte dell'anno di segnalazione)",
        compute=assessment_rate_per_year, metric_type="ratio", decimals=1, plan_ref=DOC, sensitive=True,
    ),
    Indicator(
        id="pippi.operatori_formati", area="pippi", objective="pippi", kind="output",
        name="Operatori formati", unit="numero", direction="up",
        target=Target("at_least", OPERATORI_FORMATI_MIN, "progetto"),
        sources=("pippi_operatori",),
        plan_text="N. minimo di 10 operatori formati nella realizzazione del programma P.I.P.P.I. "
                  "(comprensivo di RT, coach, operatori partecipanti alle équipe multidisciplinari)",
        measure="Operatori con data di formazione registrata",
        formula="conteggio operatori con data_formazione",
        compute=operators_trained, plan_ref=DOC,
    ),
    Indicator(
        id="pippi.budget_speso", area="pippi", objective="pippi", kind="output",
        name="Budget PNRR speso sul previsto", unit="percentuale", direction="up",
        target=Target("at_least", 100.0, "2023-2026", pace=True, label="100% entro il 2026"),
        sources=("pnrr_budget",),
        plan_text="Piano Finanziario: TOTALE COMPLESSIVO PROGETTO 211.500,00",
        measure="Somma dello speso su somma del previsto, tutte le voci e gli anni",
        formula="speso / previsto × 100",
        compute=budget_spending_rate, metric_type="ratio", decimals=1, plan_ref=DOC,
    ),
]
