"""Rules for data that cannot be true, as row checks a contract lists in its ``checks``.

Two kinds, each with its stable code:
- ``data_futura``: a fact dated after the reference date (an assessment in 2062, a semester that has
  not begun). The reference date is the day the data are looked at ($CRUSCOTTO_AS_OF or today, or
  the --as-of of a command), so a row stored earlier and read with a reference date in the past is
  refused for that view, and the message says the date is after the reference date;
- ``fuori_periodo``: a year or period outside the plan or programme the file belongs to.

Every rule is a polars expression on the typed columns (true where the row is plausible; an empty
cell is never implausible): a million rows are checked in one pass, not row by row.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from data_loaders import problems as P
from data_loaders.spec import REFERENCE_PLACEHOLDER as RIFERIMENTO
from data_loaders.spec import RowCheck
_NOT_COUNTED = "la riga non è conteggiata."
_AFTER = f"successiva alla data di riferimento del cruscotto ({RIFERIMENTO})"


def date_not_after_reference(column: str, what: str) -> RowCheck:
    """``what`` (e.g. «la data di valutazione») cannot be after the reference date."""
    return RowCheck(P.DATA_FUTURA, f"{what[:1].upper()}{what[1:]} è {_AFTER}: un fatto non ancora avvenuto "
                                   f"non può esserci (controllare l'anno); {_NOT_COUNTED}",
                    column, lambda as_of: pl.col(column) <= as_of)


def year_not_after_reference(column: str, what: str, when: pl.Expr | None = None) -> RowCheck:
    """A year whose 1 January is after the reference date cannot hold ``what`` (where ``when`` is true:
    e.g. only an amount already spent, not a budget)."""
    def valid(as_of: dt.date) -> pl.Expr:
        ok = pl.col(column) <= as_of.year
        return ok if when is None else ok | ~when.fill_null(False)
    return RowCheck(P.DATA_FUTURA, f"L'anno inizia dopo la data di riferimento del cruscotto ({RIFERIMENTO}): "
                                   f"{what} di un anno non ancora iniziato non può esserci; {_NOT_COUNTED}",
                    column, valid)


def _half_index(label: pl.Expr) -> pl.Expr:
    """«2023» or «2023-S1» -> year x 2, «2023-S2» -> year x 2 + 1: the first half-year of the period."""
    return label.str.slice(0, 4).cast(pl.Int32) * 2 + label.str.ends_with("-S2").cast(pl.Int32)


def period_not_after_reference(column: str) -> RowCheck:
    """A period label («2023», «2023-S2») must have begun by the reference date to be observed."""
    return RowCheck(P.DATA_FUTURA, f"Il periodo inizia dopo la data di riferimento del cruscotto ({RIFERIMENTO}): "
                                   f"non può esserci un valore osservato per un periodo non ancora iniziato; "
                                   f"{_NOT_COUNTED}",
                    column, lambda as_of: _half_index(pl.col(column)) <= as_of.year * 2 + int(as_of.month > 6))


def quarter_not_after_reference(year: str, quarter: str, done: str) -> RowCheck:
    """An activity marked done (``done`` true) in a quarter that begins after the reference date."""
    def valid(as_of: dt.date) -> pl.Expr:
        started = pl.col(year) * 4 + pl.col(quarter) - 1 <= as_of.year * 4 + (as_of.month - 1) // 3
        return started | ~pl.col(done).fill_null(False)
    return RowCheck(P.DATA_FUTURA, f"Attività segnata come svolta in un trimestre che inizia dopo la data di "
                                   f"riferimento del cruscotto ({RIFERIMENTO}); {_NOT_COUNTED}",
                    year, valid)


def year_within(column: str, years: tuple[int, int], what: str) -> RowCheck:
    """An integer year column within ``years`` (first, last), the years of ``what``."""
    first, last = years
    return RowCheck(P.FUORI_PERIODO, _outside(what, years), column,
                    lambda _as_of: pl.col(column).is_between(first, last))


def period_within(column: str, years: tuple[int, int], what: str) -> RowCheck:
    """A period label («2023», «2023-S1») whose year is within ``years``."""
    first, last = years
    return RowCheck(P.FUORI_PERIODO, _outside(what, years), column,
                    lambda _as_of: pl.col(column).str.slice(0, 4).cast(pl.Int32).is_between(first, last))


def date_within(column: str, years: tuple[int, int], what: str) -> RowCheck:
    """A date whose year is within ``years``."""
    first, last = years
    return RowCheck(P.FUORI_PERIODO, _outside(what, years), column,
                    lambda _as_of: pl.col(column).dt.year().is_between(first, last))


def _outside(what: str, years: tuple[int, int]) -> str:
    first, last = years
    return (f"Fuori dal periodo {what} (anni dal {first} al {last}): un dato di un altro anno non appartiene "
            f"a questo file (controllare l'anno); {_NOT_COUNTED}")
