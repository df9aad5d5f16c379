"""One call computes every indicator into one table; every consumer reads that table.

Columns of the table (RESULT_SCHEMA): the twelve the CLI prints (id, area, objective,
kind, name, unit, period, territory, value, target, gap, status) plus what makes a
figure traceable and honest: numerator, denominator, rows (source rows used),
expected (the target due by now when a target accumulates), baseline, sources,
provisional (the period is not over yet), note.
"""

from __future__ import annotations

import datetime as dt
from typing import Mapping

import polars as pl

from indicators import periods
from indicators.catalog import Indicator
from indicators.config import ambito_label, principal_ambito
from indicators.status import status_expr

PUBLIC_KEYS = ("id", "area", "objective", "kind", "name", "unit", "period", "territory",
               "value", "target", "gap", "status")

RESULT_SCHEMA: dict[str, pl.DataType] = {
    "id": pl.Utf8, "area": pl.Utf8, "objective": pl.Utf8, "kind": pl.Utf8, "name": pl.Utf8,
    "unit": pl.Utf8, "period": pl.Utf8, "territory": pl.Utf8, "value": pl.Float64,
    "target": pl.Float64, "gap": pl.Float64, "status": pl.Utf8,
    "numerator": pl.Float64, "denominator": pl.Float64, "rows": pl.Int64,
    "expected": pl.Float64, "baseline": pl.Float64, "sources": pl.Utf8,
    "provisional": pl.Boolean, "note": pl.Utf8,
}


def _frames(data: Mapping) -> dict[str, pl.DataFrame]:
    """Accept {name: LoadResult} or {name: DataFrame}."""
    return {k: getattr(v, "frame", v) for k, v in data.items()}


_OPTIONAL = {"numerator": pl.Float64, "denominator": pl.Float64, "rows": pl.Int64,
             "target": pl.Float64, "note": pl.Utf8}


def _empty(ind: Indicator, note: str) -> pl.DataFrame:
    period = ind.target.period if ind.target and ind.target.period != "annuale" else ""
    return pl.DataFrame({"period": [period], "territory": [ambito_label(principal_ambito())],
                         "value": [None], "note": [note]},
                        schema={"period": pl.Utf8, "territory": pl.Utf8, "value": pl.Float64, "note": pl.Utf8})


def compute_indicator(ind: Indicator, frames: Mapping[str, pl.DataFrame], as_of: dt.date) -> pl.DataFrame:
    """One indicator's rows of the result table (RESULT_SCHEMA), sorted by territory and period."""
    missing = [s for s in ind.sources if frames.get(s) is None or frames[s].height == 0]
    if len(missing) == len(ind.sources):
        out = _empty(ind, "dati assenti: " + ", ".join(missing))
    else:
        out = ind.compute(frames)
        if out is None or out.height == 0:
            out = _empty(ind, "nessuna riga utile nei dati")
    return _finish(ind, out, as_of)


def _finish(ind: Indicator, out: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    """Target, baseline, gap and status for every row, column-wise (the rule is in status.py)."""
    out = out.with_columns(
        pl.col("period").cast(pl.Utf8), pl.col("territory").cast(pl.Utf8),
        pl.col("value").cast(pl.Float64),
        *[(pl.col(c).cast(t) if c in out.columns else pl.lit(None, dtype=t)).alias(c) for c, t in _OPTIONAL.items()],
    )
    # Few distinct periods: compute their calendar facts once, in Python.
    labels = out["period"].unique().to_list()
    order = {p: periods.sort_key(p)[0].toordinal() for p in labels}
    share = {p: periods.elapsed_share(p, as_of) for p in labels}
    out = out.with_columns(
        pl.col("period").replace_strict(order, return_dtype=pl.Int64).alias("_ord"),
        pl.col("period").replace_strict(share, return_dtype=pl.Float64).alias("elapsed"),
    ).sort("territory", "_ord")
    t = ind.target
    if t is not None and t.value is None:
        # Baseline: the first period with a value, per territory.
        out = out.with_columns(pl.col("value").drop_nulls().first().over("territory").alias("baseline"))
        out = out.with_columns(pl.col("baseline").alias("target"))
    else:
        const = t.value if t is not None else None
        out = out.with_columns(pl.lit(None, dtype=pl.Float64).alias("baseline"),
                               pl.col("target").cast(pl.Float64) if const is None
                               else pl.col("target").cast(pl.Float64).fill_null(const))
    if t is not None:
        status, expected = status_expr(t.comparison, t.pace)
    else:
        status, expected = pl.lit("no_data"), pl.lit(None, dtype=pl.Float64)
    out = out.with_columns(status.alias("status"), expected.cast(pl.Float64).alias("expected"),
                           (pl.col("value") - pl.col("target")).alias("gap"),
                           (pl.col("elapsed") < 1).alias("provisional"))
    return out.select(
        pl.lit(ind.id).alias("id"), pl.lit(ind.area).alias("area"), pl.lit(ind.objective).alias("objective"),
        pl.lit(ind.kind).alias("kind"), pl.lit(ind.name).alias("name"), pl.lit(ind.unit).alias("unit"),
        "period", "territory", "value", "target", "gap", "status", "numerator", "denominator", "rows",
        "expected", "baseline", pl.lit(",".join(ind.sources)).alias("sources"),
        pl.when(pl.col("period") == "").then(False).otherwise(pl.col("provisional")).alias("provisional"),
        "note",
    ).cast(RESULT_SCHEMA)


def compute_all(data: Mapping, as_of: dt.date | None = None,
                catalog: list[Indicator] | None = None) -> pl.DataFrame:
    """Every indicator of the catalog over the given datasets, one row per period and territory."""
    from indicators.registry import CATALOG

    as_of = as_of or dt.date.today()
    frames = _frames(data)
    parts = [compute_indicator(ind, frames, as_of) for ind in (catalog if catalog is not None else CATALOG)]
    table = pl.concat(parts, how="vertical") if parts else pl.DataFrame(schema=RESULT_SCHEMA)
    return table.with_columns(
        pl.col("value").round(4), pl.col("gap").round(4), pl.col("target").round(4),
    )


def latest(table: pl.DataFrame, territory: str | None = None) -> pl.DataFrame:
    """The most recent period of each indicator for one territory (the principal Ambito by default)."""
    territory = territory or ambito_label(principal_ambito())
    t = table.filter(pl.col("territory") == territory)
    if t.height == 0:
        return t
    order = {p: periods.sort_key(p)[0].toordinal() for p in t["period"].unique().to_list()}
    t = t.with_columns(
        pl.col("period").replace_strict(order, return_dtype=pl.Int64).alias("_ord"),
        (pl.col("value").is_not_null()).alias("_has"),
    )
    # Prefer the latest period that has a value; an indicator with none keeps its no-data row.
    t = t.sort(["id", "_has", "_ord"], descending=[False, True, True])
    return t.group_by("id", maintain_order=True).first().drop("_ord", "_has")
