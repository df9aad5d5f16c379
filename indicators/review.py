"""The 2018-2020 review (bilancio_pdz_2018_2020) as the plan prints it: the family area is scored twice.

Seed 004 evaluates «AREA FAMIGLIA, GIOVANI E TERRITORIO» once by section (Sistema dei servizi, Infanzia,
Genitorialità, Giovani) and again as «Ambito cremonese», objectives numbered 1-14, with different grades for
the same objectives (ascolto e collaborazioni con le scuole: 100% and 50%). The two are separate series:
shown side by side, never averaged into one figure.
"""

from __future__ import annotations

import polars as pl

# Sections of the second series all start so in the review file («Ambito cremonese (obiettivi 1-14)»).
SECOND_SERIES_PREFIX = "Ambito cremonese"
FIRST_SERIES = "valutazione per sezione"


# The second series rewords some objectives' endings («contesti strutturati» / «contesti non strutturati»,
# «target 14-18 anni» / «target 14-18 (anche nei casi …)»): the same objective is known by its opening words.
SAME_OBJECTIVE_WORDS = 8


def _normalised(col: str) -> pl.Expr:
    """The objective's first SAME_OBJECTIVE_WORDS words, without the «1 - » numbering of the second series,
    lower case."""
    words = pl.col(col).str.replace(r"^\d+\s*-\s*", "").str.to_lowercase().str.strip_chars().str.split(" ")
    return words.list.head(SAME_OBJECTIVE_WORDS).list.join(" ")


def with_series(review: pl.DataFrame) -> pl.DataFrame:
    """``review`` with column ``serie``: the «Ambito cremonese …» section for the rows of the second
    series, FIRST_SERIES for the other rows of an area that has both, null for an area scored once."""
    sezione = pl.col("sezione").fill_null("")
    second = sezione.str.starts_with(SECOND_SERIES_PREFIX)
    both = second.any().over("area_2018_2020") & (~second).any().over("area_2018_2020")
    return review.with_columns(
        pl.when(both & second).then(pl.col("sezione")).when(both).then(pl.lit(FIRST_SERIES))
        .otherwise(pl.lit(None, dtype=pl.Utf8)).alias("serie"))


def series_means(review: pl.DataFrame) -> pl.DataFrame:
    """Per area and series (serie null for an area scored once): objectives with a grade (n) and the
    plain mean of their grades (media, 0-100). One row per series: two series are never pooled."""
    return (with_series(review).filter(pl.col("raggiungimento").is_not_null())
            .group_by("area_2018_2020", "serie", maintain_order=True)
            .agg(pl.len().alias("n"), pl.col("raggiungimento").mean().alias("media")))


def scored_twice(review: pl.DataFrame) -> pl.DataFrame:
    """Objectives graded in both series of an area with different grades: area_2018_2020, obiettivo (as the
    first series prints it), prima (its grade there), seconda (the «Ambito cremonese» grade), obiettivo_seconda
    (as the second series prints it)."""
    s = with_series(review).filter(pl.col("serie").is_not_null() & pl.col("raggiungimento").is_not_null())
    first = s.filter(pl.col("serie") == FIRST_SERIES).select(
        "area_2018_2020", "obiettivo", _normalised("obiettivo").alias("_k"), pl.col("raggiungimento").alias("prima"))
    second = s.filter(pl.col("serie") != FIRST_SERIES).select(
        "area_2018_2020", _normalised("obiettivo").alias("_k"), pl.col("raggiungimento").alias("seconda"),
        pl.col("obiettivo").alias("obiettivo_seconda"))
    return (first.join(second, on=["area_2018_2020", "_k"], how="inner").filter(pl.col("prima") != pl.col("seconda"))
            .drop("_k"))
