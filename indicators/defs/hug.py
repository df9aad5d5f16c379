"""Centro per le Famiglie HUG. Source: seeds/000 (operating protocol)."""

from __future__ import annotations

import polars as pl

from indicators.catalog import Indicator, Target
from indicators.config import ambito_label, principal_ambito
from indicators.periods import semester_expr

DOC = "seeds/000 - Protocollo operativo HUG, Centro per le Famiglie"


def accesses_per_semester(frames) -> pl.DataFrame:
    a = frames["hug_accessi"]
    return (
        a.group_by(semester_expr("data").alias("period"))
        .agg(pl.len().cast(pl.Float64).alias("value"), pl.len().cast(pl.Int64).alias("rows"))
        .with_columns(pl.lit(ambito_label(principal_ambito())).alias("territory"))
        .sort("period")
    )


INDICATORS = [
    Indicator(
        id="hug.accessi_semestre", area="hug", objective="hug", kind="output",
        name="Accessi registrati al Centro per le Famiglie nel semestre", unit="numero", direction="up",
        target=Target("increase"), sources=("hug_accessi",),
        plan_text="Sono adottati strumenti comuni di registrazione degli accessi e di monitoraggio delle attività.",
        measure="Accessi registrati all'hub e ai tre spoke nel semestre",
        formula="conteggio righe del registro accessi per semestre",
        compute=accesses_per_semester, plan_ref=DOC,
    ),
]
