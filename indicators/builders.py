"""Small reusable pieces for indicator functions (pure polars, no I/O)."""

from __future__ import annotations

import threading
from typing import Callable, Hashable, TypeVar

import polars as pl

from indicators.config import ambito_label, principal_ambito

AMBITO_WORD = "ambito"
T = TypeVar("T")


def shared(frames, key: Hashable, make: Callable[[], T]) -> T:
    """``make()``, computed once per compute_all call for ``key`` when ``frames`` carries the engine's
    memo, else (frames given directly) every time. Safe when indicators run on several threads:
    a second caller of the same key waits for the first one's result."""
    memo = getattr(frames, "memo", None)
    if memo is None:
        return make()
    if key in memo:
        return memo[key]
    with frames.lock:
        key_lock = frames.key_locks.setdefault(key, threading.Lock())
    with key_lock:
        if key not in memo:
            memo[key] = make()
    return memo[key]


# How plans (LazyFrames) are run: polars' in-memory engine with the optimisations an eager DataFrame
# call gets (none but expression simplification), so a plan gives what the same eager calls would,
# row for row. Several plans in one call run side by side: polars' fixed cost per eager call
# (~0,1-0,3 ms here) outweighs the work at the Ambito's scale.
PLAN_FLAGS = pl.QueryOptFlags.none(simplify_expression=True)


def run(*plans: pl.LazyFrame) -> list[pl.DataFrame]:
    """Every plan's frame, in order, from one polars call."""
    return pl.collect_all(plans, engine="in-memory", optimizations=PLAN_FLAGS)


def territory_from_ambito(col: str = "ambito") -> pl.Expr:
    return pl.format("Ambito {}", pl.col(col)).alias("territory")


def observed(code: str):
    """Compute function reading one indicator code from the long observations dataset."""

    def compute(frames) -> pl.DataFrame:
        obs = frames["osservazioni_pdz"].filter(pl.col("indicatore") == code)
        whole = ambito_label(principal_ambito())
        return obs.select(
            pl.col("periodo").alias("period"),
            pl.when(pl.col("territorio").str.to_lowercase() == AMBITO_WORD)
            .then(pl.lit(whole)).otherwise(pl.col("territorio")).alias("territory"),
            pl.col("valore").alias("value"),
            pl.col("numeratore").alias("numerator"),
            pl.col("denominatore").alias("denominator"),
            pl.lit(1, dtype=pl.Int64).alias("rows"),
            pl.col("note").alias("note"),
        ).sort("period", "territory")

    compute.__name__ = f"observed_{code}"
    return compute


def rate(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    """numerator / denominator x 100, null (no data) when the denominator is 0."""
    return pl.when(denominator > 0).then(numerator / denominator * 100.0).otherwise(None)
