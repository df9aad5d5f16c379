"""Resources: social spending of the comuni and funds. Source: seeds/004, ANALISI DEL CONTESTO, RISORSE."""

from __future__ import annotations

import polars as pl

from indicators.builders import territory_from_ambito
from indicators.catalog import Indicator, Target

DOC = "seeds/004 - Piano di Zona 2021-2023, Spesa sociale dei comuni 2016-2019"


def social_spending_total(frames) -> pl.DataFrame:
    s = frames["spesa_sociale"].filter(pl.col("dimensione") == "area")
    return (
        s.group_by(territory_from_ambito(), pl.col("anno").cast(pl.Utf8).alias("period"))
        .agg(pl.col("importo_eur").sum().alias("value"), pl.len().cast(pl.Int64).alias("rows"))
        .sort("territory", "period")
    )


INDICATORS = [
    Indicator(
        id="risorse.spesa_sociale_totale", area="risorse", objective="risorse", kind="contesto",
        name="Spesa sociale dei comuni (somma delle aree)", unit="euro", direction="up",
        target=None, sources=("spesa_sociale",),
        plan_text="SPESA SOCIALE DEI COMUNI - AMBITO SOCIALE CREMONESE - ANDAMENTI 2016-2019 "
                  "(TOTALE 2019: 29.580.029)",
        measure="Somma della spesa sociale dei comuni per area di intervento nell'anno",
        formula="somma importo_eur delle righe con dimensione = area",
        compute=social_spending_total, plan_ref=DOC,
    ),
]
