"""Apply the access layer to what a page is about to show, for the current viewer."""

from __future__ import annotations

import polars as pl

from access.roles import COORDINATORE
from access.suppression import protect_counts
from ui.session import current_role


def protect(df: pl.DataFrame, count_cols: list[str]) -> pl.DataFrame:
    """Counts of people or families as the current viewer may see them (coordinators: unchanged)."""
    if current_role() == COORDINATORE:
        return df
    return protect_counts(df, count_cols)


def visible_table(snap) -> pl.DataFrame:
    """The engine table as the current viewer may see it. Pages read this, never snap.table."""
    from access.views import table_for
    from indicators.registry import CATALOG

    return table_for(snap.table, current_role(), {i.id for i in CATALOG if i.sensitive})
