"""Territory: population of the Ambito. Source: seeds/004, ANALISI DEL CONTESTO."""

from __future__ import annotations

import polars as pl

from indicators.builders import territory_from_ambito
from indicators.catalog import Indicator

DOC = "seeds/004 - Piano di Zona 2021-2023, Analisi del contesto"


def population(frames) -> pl.DataFrame:
    c = frames["comuni"]
    return (
        c.group_by(territory_from_ambito(), pl.col("anno").cast(pl.Utf8).alias("period"))
        .agg(pl.col("popolazione").sum().cast(pl.Float64).alias("value"), pl.len().cast(pl.Int64).alias("rows"))
        .sort("territory", "period")
    )


INDICATORS = [
    Indicator(
        id="territorio.popolazione", area="territorio", objective="territorio", kind="contesto",
        name="Popolazione residente", unit="numero", direction="up", target=None,
        sources=("comuni",),
        plan_text="Complessivamente la popolazione dell'Ambito al 1.01.2021 è pari a 156.113 persone",
        measure="Somma dei residenti dei comuni dell'Ambito al 1° gennaio",
        formula="somma popolazione per anno",
        compute=population, plan_ref=DOC,
    ),
]
