"""One comune beside its Ambito: the per-comune figures of the engine table (or of a page's own
breakdown) with the rate per 1.000 inhabitants and the rank among the Ambito's comuni.

Pure polars over tables that have already been through the access layer: a hidden count
arrives as a null ``value`` with its ``suppression`` kind. The rules kept here, so that no
consumer gives a hidden count back:
- a rate per inhabitant is computed only on a shown count (a rate on a hidden count is hidden:
  times the public population it is the count again);
- ranks, the median and the number of comuni ranked use shown values only, and a hidden value
  has no rank (its position among shown values would bound it).
"""

from __future__ import annotations

import datetime as dt

import polars as pl

PER_MILLE = 1_000
SUB_UNIT_SEPARATOR = " / "
# The columns of a breakdown (``breakdown``'s output), one row per comune of the Ambito.
BREAKDOWN_COLUMNS = ("comune", "popolazione", "value", "suppression", "per_1000", "rank", "ranked")


def comuni_names(comuni: pl.DataFrame, ambito: str) -> list[str]:
    """The Ambito's comuni in its latest year of the comuni dataset, alphabetically."""
    c = comuni.filter(pl.col("ambito") == ambito)
    if c.height == 0:
        return []
    latest = c["anno"].max()
    return sorted(c.filter(pl.col("anno") == latest)["comune"].to_list())


def population_year(years: list[int], period: str, period_end: dt.date | None = None) -> int | None:
    """The comuni dataset's year to divide a period's count by: the period's last year (from
    ``period_end``, else the period's last four digits) or the latest loaded before it, else the
    earliest loaded. None when no year is loaded."""
    if not years:
        return None
    last = period_end.year if period_end else int(period[-4:]) if period[-4:].isdigit() else max(years)
    before = [y for y in years if y <= last]
    return max(before) if before else min(years)


def populations(comuni: pl.DataFrame, ambito: str, year: int) -> pl.DataFrame:
    """comune, popolazione of the Ambito's comuni in ``year``."""
    return comuni.filter((pl.col("ambito") == ambito) & (pl.col("anno") == year)).select("comune", "popolazione")


def engine_rows(table: pl.DataFrame, ind_id: str, period: str, ambito_label: str,
                pops: pl.DataFrame, counts: bool) -> pl.DataFrame:
    """The rows of ``ind_id`` in ``period`` for the comuni of ``pops`` (territory "Ambito X / comune"
    or the comune's own name): comune, popolazione, value, suppression.

    A comune without a row: for a count (``counts``) it had none, 0, unless the breakdown hides
    any of its cells from this viewer (the table has ``suppression``): then it reads as a row left
    out ("omessa", 0 to 4), since 0 beside hidden cells would narrow them. Otherwise no value."""
    prefix = ambito_label + SUB_UNIT_SEPARATOR
    rows = table.filter((pl.col("id") == ind_id) & (pl.col("period") == period))
    kind = pl.col("suppression") if "suppression" in rows.columns else pl.lit(None, pl.Utf8)
    rows = rows.select(pl.col("territory").str.strip_prefix(prefix).alias("comune"), "value",
                       kind.alias("suppression"))
    out = pops.join(rows, on="comune", how="left")
    if counts:
        any_hidden = rows["suppression"].is_not_null().any()
        out = out.with_columns(
            pl.when(pl.col("value").is_null() & pl.col("suppression").is_null())
            .then(pl.lit(None) if any_hidden else pl.lit(0.0)).otherwise(pl.col("value")).alias("value"),
            pl.when(pl.col("value").is_null() & pl.col("suppression").is_null() & pl.lit(any_hidden))
            .then(pl.lit("omessa")).otherwise(pl.col("suppression")).alias("suppression"))
    return out.select("comune", "popolazione", pl.col("value").cast(pl.Float64), pl.col("suppression").cast(pl.Utf8))


def column_rows(df: pl.DataFrame, col: str, kind_suffix: str = "_soppressione") -> pl.DataFrame:
    """A page's own per-comune frame (after ``protect_counts``) in the shape of ``engine_rows``."""
    kind = pl.col(col + kind_suffix) if col + kind_suffix in df.columns else pl.lit(None, pl.Utf8)
    return df.select("comune", "popolazione", pl.col(col).cast(pl.Float64).alias("value"),
                     kind.cast(pl.Utf8).alias("suppression"))


def breakdown(rows: pl.DataFrame, per_inhabitant: bool) -> pl.DataFrame:
    """``rows`` (comune, popolazione, value, suppression) with ``per_1000`` (value per 1.000
    inhabitants when ``per_inhabitant``, null on a hidden value), ``rank`` (1 = highest figure
    compared, shown values only; ties share the better rank) and ``ranked`` (how many comuni have
    a figure to compare)."""
    shown = pl.col("value").is_not_null() & pl.col("suppression").is_null()
    out = rows.with_columns(
        pl.when(shown & pl.lit(per_inhabitant) & (pl.col("popolazione") > 0))
        .then(pl.col("value") / pl.col("popolazione") * PER_MILLE).otherwise(None).alias("per_1000"))
    key = "per_1000" if per_inhabitant else "value"
    compared = pl.when(shown).then(pl.col(key)).otherwise(None)
    return out.with_columns(
        compared.rank(method="min", descending=True).cast(pl.Int64).alias("rank"),
        compared.count().cast(pl.Int64).alias("ranked"),
    ).select(BREAKDOWN_COLUMNS)


def compared(b: pl.DataFrame, per_inhabitant: bool) -> pl.Series:
    """The figures compared (per 1.000 or the value), shown ones only."""
    key = "per_1000" if per_inhabitant else "value"
    return b.filter(pl.col("rank").is_not_null())[key]


def median(b: pl.DataFrame, per_inhabitant: bool) -> float | None:
    """Median of the shown figures of the comuni (None when none is shown)."""
    s = compared(b, per_inhabitant)
    return float(s.median()) if s.len() else None


def ambito_rate(total: float | None, pops: pl.DataFrame) -> float | None:
    """The Ambito's figure per 1.000 inhabitants: its total over the residents of its comuni."""
    population = pops["popolazione"].sum()
    return None if total is None or not population else total / population * PER_MILLE


def row_of(b: pl.DataFrame, comune: str) -> dict | None:
    hit = b.filter(pl.col("comune") == comune)
    return hit.row(0, named=True) if hit.height else None
