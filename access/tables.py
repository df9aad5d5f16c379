"""Protection of the published cross-tabs built by the indicator layer (one rule, every consumer).

The Centro per le Famiglie's semestral summary for ATS is a cross-tab: per semester, one row
per point of access plus the total row, and per row the accesses split by kind. So a hidden
kind could be worked out from the row's total, and a hidden point from the total row: both
margins are declared to the secondary suppression. Families are distinct people per point
(a family using two points counts once in the total), so they do not add up and only the
primary rule applies to them. A rate over a hidden count would give it back: it is hidden too.
"""

from __future__ import annotations

import polars as pl

from access.roles import COORDINATORE
from access.suppression import FLAG_SUFFIX, KIND_SUFFIX, protect_counts


def protect_semestral_summary(summary: pl.DataFrame, kinds: list[str], role: str, total_label: str,
                              n: int | None = None) -> pl.DataFrame:
    """``indicators.defs.hug.semestral_summary`` as ``role`` may see it (flag columns added)."""
    counts = ["accessi", *kinds, "famiglie"]
    if role == COORDINATORE or summary.height == 0:
        return summary.with_columns(*[pl.lit(False).alias(c + FLAG_SUFFIX) for c in counts],
                                    *[pl.lit(None, pl.Utf8).alias(c + KIND_SUFFIX) for c in counts])
    parts = []
    for (_sem,), part in summary.group_by("semestre", maintain_order=True):
        part = protect_counts(part, ["accessi", *kinds], n, total_col="accessi",
                              total_row=pl.col("punto") == total_label)
        part = protect_counts(part, ["famiglie"], n, margins=False)
        parts.append(part.with_columns(
            pl.when(pl.col("accessi" + FLAG_SUFFIX)).then(None).otherwise(pl.col("accessi_per_ora"))
            .alias("accessi_per_ora")))
    return pl.concat(parts, how="vertical")
