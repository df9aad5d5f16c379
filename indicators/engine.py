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
from indicators.status import judge

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


def _empty_row(ind: Indicator, note: str) -> dict:
    period = ind.target.period if ind.target and ind.target.period != "annuale" else ""
    return {"period": period, "territory": ambito_label(principal_ambito()), "value": None,
            "note": note}


def compute_indicator(ind: Indicator, frames: Mapping[str, pl.DataFrame], as_of: dt.date) -> list[dict]:
    missing = [s for s in ind.sources if frames.get(s) is None or frames[s].height == 0]
    if len(missing) == len(ind.sources):
        return [_finish(ind, _empty_row(ind, "dati assenti: " + ", ".join(missing)), None, as_of)]
    out = ind.compute(frames)
    if out is None or out.height == 0:
        return [_finish(ind, _empty_row(ind, "nessuna riga utile nei dati"), None, as_of)]
    rows = sorted(out.to_dicts(), key=lambda r: (r["territory"], periods.sort_key(r["period"])))
    baselines: dict[str, float | None] = {}
    if ind.target and ind.target.value is None:
        # Baseline: the first period with a value, per territory.
        for r in rows:
            if r.get("value") is not None and r["territory"] not in baselines:
                baselines[r["territory"]] = r["value"]
    return [_finish(ind, r, baselines.get(r["territory"]), as_of) for r in rows]


def _finish(ind: Indicator, r: dict, baseline: float | None, as_of: dt.date) -> dict:
    value = r.get("value")
    t = ind.target
    target = r.get("target") if r.get("target") is not None else (t.value if t else None)
    if t and t.value is None:
        target = baseline
    status, expected = ("no_data", None)
    if t is not None:
        status, expected = judge(value, target, t.comparison,
                                 periods.elapsed_share(r["period"], as_of), t.pace)
    elif value is not None:
        status = "no_data"
    gap = value - target if (value is not None and target is not None) else None
    return {
        "id": ind.id, "area": ind.area, "objective": ind.objective, "kind": ind.kind,
        "name": ind.name, "unit": ind.unit, "period": r["period"], "territory": r["territory"],
        "value": value, "target": target, "gap": gap, "status": status,
        "numerator": r.get("numerator"), "denominator": r.get("denominator"),
        "rows": r.get("rows"), "expected": expected, "baseline": baseline,
        "sources": ",".join(ind.sources),
        "provisional": bool(r["period"]) and not periods.is_complete(r["period"], as_of),
        "note": r.get("note"),
    }


def compute_all(data: Mapping, as_of: dt.date | None = None,
                catalog: list[Indicator] | None = None) -> pl.DataFrame:
    """Every indicator of the catalog over the given datasets, one row per period and territory."""
    from indicators.registry import CATALOG

    as_of = as_of or dt.date.today()
    frames = _frames(data)
    rows: list[dict] = []
    for ind in catalog if catalog is not None else CATALOG:
        rows.extend(compute_indicator(ind, frames, as_of))
    table = pl.DataFrame(rows, schema=RESULT_SCHEMA, orient="row") if rows else pl.DataFrame(schema=RESULT_SCHEMA)
    return table.with_columns(
        pl.col("value").round(4), pl.col("gap").round(4), pl.col("target").round(4),
    )


def latest(table: pl.DataFrame, territory: str | None = None) -> pl.DataFrame:
    """The most recent period of each indicator for one territory (the principal Ambito by default)."""
    territory = territory or ambito_label(principal_ambito())
    t = table.filter(pl.col("territory") == territory)
    if t.height == 0:
        return t
    t = t.with_columns(
        pl.col("period").map_elements(lambda p: periods.sort_key(p)[0].toordinal(), return_dtype=pl.Int64).alias("_ord"),
        (pl.col("value").is_not_null()).alias("_has"),
    )
    # Prefer the latest period that has a value; an indicator with none keeps its no-data row.
    t = t.sort(["id", "_has", "_ord"], descending=[False, True, True])
    return t.group_by("id", maintain_order=True).first().drop("_ord", "_has")
