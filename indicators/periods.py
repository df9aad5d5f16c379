"""Period labels: '2023' (year), '2023-S1' (semester), '2023-T2' (quarter), '2021-2023' (span)."""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

import settings

_YEAR = re.compile(r"^(\d{4})$")
_SEM = re.compile(r"^(\d{4})-S([12])$")
_QUARTER = re.compile(r"^(\d{4})-T([1-4])$")
_SPAN = re.compile(r"^(\d{4})-(\d{4})$")


def bounds(period: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a period label, or None if the label is not a period."""
    if m := _YEAR.match(period):
        y = int(m[1])
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if m := _SEM.match(period):
        y, s = int(m[1]), int(m[2])
        return (dt.date(y, 1, 1), dt.date(y, 6, 30)) if s == 1 else (dt.date(y, 7, 1), dt.date(y, 12, 31))
    if m := _QUARTER.match(period):
        y, q = int(m[1]), int(m[2])
        start = dt.date(y, 3 * q - 2, 1)
        end = dt.date(y + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
        return start, end
    if m := _SPAN.match(period):
        return dt.date(int(m[1]), 1, 1), dt.date(int(m[2]), 12, 31)
    return None


def elapsed_share(period: str, as_of: dt.date) -> float:
    """Share of the period gone by ``as_of`` (0 before it starts, 1 once it has ended)."""
    b = bounds(period)
    if b is None:
        return 1.0
    start, end = b
    if as_of >= end:
        return 1.0
    if as_of < start:
        return 0.0
    return ((as_of - start).days + 1) / ((end - start).days + 1)


def is_complete(period: str, as_of: dt.date) -> bool:
    return elapsed_share(period, as_of) >= 1.0


def due_labels(years: tuple[str, ...], present: list[str]) -> list[str]:
    """The labels a target's due years ask for, at the grain of the labels ``present``: the years'
    semesters when the data are by semester, else the years."""
    if any(_SEM.match(p) for p in present):
        return [f"{y}-S{s}" for y in years for s in (1, 2)]
    return list(years)


def sort_key(period: str) -> tuple:
    b = bounds(period)
    return (b[1], b[0]) if b else (dt.date.max, dt.date.max)


def year_expr(col: str) -> pl.Expr:
    """Year label of a date column, as text ('2023')."""
    return pl.col(col).dt.year().cast(pl.Utf8)


def semester_expr(col: str) -> pl.Expr:
    return pl.format("{}-S{}", pl.col(col).dt.year(), ((pl.col(col).dt.month() - 1) // 6 + 1))


def semester_number(col: str) -> pl.Expr:
    """A date's semester as one integer (year x 2, + 1 for the second half): grouping millions of
    rows on it is far cheaper than on the label, which ``semester_label`` writes afterwards."""
    return pl.col(col).dt.year().cast(pl.Int32) * 2 + (pl.col(col).dt.month() > 6).cast(pl.Int32)


def semester_label(number: pl.Expr) -> pl.Expr:
    """'2023-S1' for a ``semester_number``: the same text as ``semester_expr``."""
    return pl.format("{}-S{}", number // 2, number % 2 + 1)


def semester_of(day: dt.date) -> str:
    """'2023-S2' for a date (as ``semester_expr``, for one value)."""
    return f"{day.year}-S{(day.month - 1) // 6 + 1}"


def parse_date(text: str | None) -> dt.date:
    """gg/mm/aaaa (or ISO) to a date; the settings' reference date ($CRUSCOTTO_AS_OF, else today) when empty. Raises ValueError on anything else."""
    if not text:
        return settings.get().reference_date
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    raise ValueError(f"data non valida per --as-of: {text!r} (usare gg/mm/aaaa)")


def chronological(df: pl.DataFrame, col: str = "period") -> pl.DataFrame:
    """``df`` sorted by the end of each row's period ('2023' after '2023-S1'; unknown labels last),
    stable. The keys are computed in Python, not with a polars ``map_elements``: a Python function
    inside polars' thread pool can deadlock a server that converts frames in other threads."""
    keys = pl.Series("_ord", [sort_key(p)[0].toordinal() for p in df[col].to_list()], dtype=pl.Int64)
    return df.with_columns(keys).sort("_ord", maintain_order=True).drop("_ord")
