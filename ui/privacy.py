"""Apply the access layer to what a page is about to show, for the current viewer.

Pages read the engine table through ``visible_table(snap)`` and pass any breakdown of
people or families they build themselves through ``protect(df, count_cols)``; the role is
re-read on every call. A download offered to the public must be built from these too.
"""

from __future__ import annotations

import threading

import polars as pl

from access.roles import COORDINATORE
from access.suppression import FLAG_SUFFIX, KIND_SUFFIX, protect_counts, suppressed_text, threshold
from indicators import format as fmt
from ui.session import current_role

# The public table is computed once per snapshot, threshold and audience, not on every rerun.
_CACHE_SIZE = 8
_cache: dict[tuple, tuple[pl.DataFrame, pl.DataFrame]] = {}
_cache_lock = threading.Lock()


def clear_cache() -> None:
    """Forget every public table computed so far (the benchmark's cold runs; a new snapshot
    replaces its entry anyway)."""
    with _cache_lock:
        _cache.clear()


def protect(df: pl.DataFrame, count_cols: list[str], *, total_col: str | None = None,
            total_row: pl.Expr | None = None, margins: bool = True) -> pl.DataFrame:
    """Counts of people or families as the current viewer may see them (coordinators: unchanged).

    For everyone else small counts are null, and so is any count that would let one be
    worked out from the row's or column's total (see ``access.suppression.protect_counts``
    for ``total_col``, ``total_row`` and ``margins``). Columns ``<col>_soppresso`` say which.
    """
    if current_role() == COORDINATORE:
        # Same columns for every viewer, so a page never branches on the role to read them.
        return df.with_columns(*[pl.lit(False).alias(c + FLAG_SUFFIX) for c in count_cols],
                               *[pl.lit(None, pl.Utf8).alias(c + KIND_SUFFIX) for c in count_cols])
    return protect_counts(df, count_cols, total_col=total_col, total_row=total_row, margins=margins)


def count_text(df: pl.DataFrame, count_cols: list[str]) -> pl.DataFrame:
    """``df`` (from ``protect``) with the count columns as Italian text: "1.234", "< 5", "riservato"."""
    out = df
    for c in count_cols:
        kind = df[c + KIND_SUFFIX].to_list() if c + KIND_SUFFIX in df.columns else [None] * df.height
        text = [suppressed_text(k) if k else fmt.number(v) for k, v in zip(kind, df[c].to_list())]
        out = out.with_columns(pl.Series(c, text, dtype=pl.Utf8))
    return out.drop([c for c in out.columns if c.endswith((FLAG_SUFFIX, KIND_SUFFIX))])


def visible_table(snap) -> pl.DataFrame:
    """The engine table as the current viewer may see it. Pages read this, never snap.table.

    Extra columns: ``suppressed`` (bool) and ``suppression`` ("primaria"/"secondaria"/null);
    ``access.suppression.suppressed_text(kind, unit)`` gives the text to show instead;
    ``status_withheld`` (bool): show ``access.suppression.STATUS_WITHHELD``, not the status.
    """
    return public_view(snap.table, current_role())


def public_view(table: pl.DataFrame, role: str) -> pl.DataFrame:
    from access.views import table_for
    from indicators.registry import CATALOG

    audience = COORDINATORE if role == COORDINATORE else "altri"
    key = (id(table), audience, threshold())
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] is table:
            return hit[1]
    result = table_for(table, role, {i.id for i in CATALOG if i.sensitive})
    with _cache_lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.pop(next(iter(_cache)))
        # Keeping the table itself in the entry stops its id from being reused by another.
        _cache[key] = (table, result)
    return result
