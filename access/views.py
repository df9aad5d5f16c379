"""The engine table as each audience may see it.

TODO(issue 7): secondary suppression across territories and periods, Assemblea rules.
"""

from __future__ import annotations

import polars as pl

from access.roles import COORDINATORE
from access.suppression import threshold


def table_for(table: pl.DataFrame, role: str, sensitive_ids: set[str], n: int | None = None) -> pl.DataFrame:
    """Coordinators see everything; others get small counts and rates on small denominators hidden."""
    if role == COORDINATORE:
        return table.with_columns(pl.lit(False).alias("suppressed"))
    n = n or threshold()
    sensitive = pl.col("id").is_in(list(sensitive_ids))
    is_rate = pl.col("denominator").is_not_null()
    small_count = ~is_rate & pl.col("value").is_not_null() & (pl.col("value") > 0) & (pl.col("value") < n)
    small_den = is_rate & (pl.col("denominator") < n)
    small_num = is_rate & (pl.col("numerator") > 0) & (pl.col("numerator") < n)
    hide = sensitive & (small_count | small_den)
    hide_num = sensitive & (hide | small_num)
    return table.with_columns(
        hide.alias("suppressed"),
        pl.when(hide).then(None).otherwise(pl.col("value")).alias("value"),
        pl.when(hide).then(None).otherwise(pl.col("gap")).alias("gap"),
        pl.when(hide_num).then(None).otherwise(pl.col("numerator")).alias("numerator"),
        pl.when(hide_num).then(None).otherwise(pl.col("denominator")).alias("denominator"),
    )
