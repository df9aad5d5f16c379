"""Small-cell suppression for what the public (and the Assemblea) may see.

Pure functions over polars frames; the pages, the CLI (--public) and exports all call
these, so a count hidden on screen is hidden everywhere.

TODO(issue 7): secondary suppression so a hidden cell cannot be recovered from totals.
"""

from __future__ import annotations

import os

import polars as pl

SOGLIA_CELLA_MINIMA = 5
THRESHOLD_ENV = "CRUSCOTTO_SOGLIA_CELLA"
SUPPRESSED_TEXT = "< 5"


def threshold() -> int:
    """Smallest count shown to the public (default 5, configurable)."""
    try:
        return max(1, int(os.environ.get(THRESHOLD_ENV, SOGLIA_CELLA_MINIMA)))
    except ValueError:
        return SOGLIA_CELLA_MINIMA


def suppressed_label(n: int | None = None) -> str:
    return f"< {n or threshold()}"


def protect_counts(df: pl.DataFrame, count_cols: list[str], n: int | None = None) -> pl.DataFrame:
    """Null every count in ``count_cols`` that is between 1 and n-1; add ``<col>_soppresso`` flags.

    Zero is shown: "nobody" identifies nobody.
    """
    n = n or threshold()
    out = df
    for c in count_cols:
        small = pl.col(c).is_not_null() & (pl.col(c) > 0) & (pl.col(c) < n)
        out = out.with_columns(small.alias(f"{c}_soppresso"), pl.when(small).then(None).otherwise(pl.col(c)).alias(c))
    return out
