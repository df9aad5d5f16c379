"""The semestral summary the Centro per le Famiglie owes to ATS, for the report.

Two sources, both of the indicator layer (nothing recomputed here): the HUG rows of the
engine table measured by semester (totals with the previous semester beside them, and each
breakdown by point of access), and, where indicators/defs/hug.py provides it, its
``semestral_summary`` table (accesses by point and kind, families, opening hours), with the
same small-cell protection the Centro per le Famiglie page applies.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Mapping

import polars as pl

from access import suppression
from access.roles import COORDINATORE
from access.tables import protect_semestral_summary
from indicators import format as fmt
from indicators import periods
from indicators.defs import hug as hug_defs
from report import titles
from report.content import NESSUN_VALORE, Breakdown, breakdown, row_status_text, value_text

_SEMESTER = re.compile(r"^(\d{4})-S([12])$")
FLAG = "_soppresso"
KIND = "_soppressione"


@dataclass(frozen=True)
class AtsTable:
    """indicators.defs.hug.semestral_summary for one semester, as text: one row per point plus the total."""

    headings: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class SemesterLine:
    name: str
    value: str
    previous: str
    status: str
    status_text: str


@dataclass
class SemesterSummary:
    period: str
    label: str
    previous_label: str
    lines: list[SemesterLine]
    breakdowns: list[Breakdown]
    note: str = ""
    ats: AtsTable | None = field(default=None)

def _previous_semester(period: str) -> str:
    m = _SEMESTER.match(period)
    year, half = int(m[1]), int(m[2])
    return f"{year}-S1" if half == 2 else f"{year - 1}-S2"


def semester_label(period: str) -> str:
    """'1° semestre 2026 (01/01/2026 – 30/06/2026)'."""
    m = _SEMESTER.match(period)
    start, end = periods.bounds(period)
    return f"{m[2]}° semestre {m[1]} ({fmt.date(start)} – {fmt.date(end)})"


def reporting_semester(hug: pl.DataFrame, as_of: dt.date) -> str | None:
    """The semester owed to ATS: the latest one already over with data (else the latest with data)."""
    with_data = hug.filter(pl.col("value").is_not_null() | pl.col("suppressed"))
    sems = sorted({p for p in with_data["period"].to_list() if _SEMESTER.match(p or "")},
                  key=periods.sort_key)
    done = [p for p in sems if periods.is_complete(p, as_of)]
    return (done or sems or [None])[-1]


def build_semester(table: pl.DataFrame, as_of: dt.date, label: str, frames: Mapping[str, pl.DataFrame] | None = None,
                   role: str = COORDINATORE) -> SemesterSummary | None:
    """The Centro per le Famiglie's semestral summary for ATS, from the HUG rows of the engine table.

    Takes every HUG indicator measured by semester, whatever ids exist: the Ambito's totals
    as lines (with the previous semester beside them), and each indicator broken down by
    sub-unit (point of access, kind of service…) as its own small table; with ``frames``, the
    register's table by point and kind for the same semester, protected for ``role``.
    """
    hug = table.filter(pl.col("area") == titles.HUG)
    period = reporting_semester(hug, as_of)
    if period is None:
        return None
    previous = _previous_semester(period)
    lines: list[SemesterLine] = []
    breakdowns: list[Breakdown] = []
    in_period = hug.filter(pl.col("period") == period)
    for iid in list(dict.fromkeys(in_period["id"].to_list())):
        rows = in_period.filter(pl.col("id") == iid)
        total = rows.filter(pl.col("territory") == label)
        if total.height:
            r = total.row(0, named=True)
            before = hug.filter((pl.col("id") == iid) & (pl.col("territory") == label)
                                & (pl.col("period") == previous))
            lines.append(SemesterLine(
                name=r["name"], value=value_text(r),
                previous=value_text(before.row(0, named=True)) if before.height else NESSUN_VALORE,
                status=r["status"], status_text=row_status_text(r)))
        part = breakdown(rows, label, period)
        if part is not None:
            breakdowns.append(part)
    note = "" if periods.is_complete(period, as_of) else "Il semestre non è ancora concluso: dati provvisori."
    return SemesterSummary(period=period, label=semester_label(period), previous_label=semester_label(previous),
                           lines=lines, breakdowns=breakdowns, note=note,
                           ats=ats_table(frames, period, role) if frames else None)


def _cell(value, hidden: bool, kind: str | None, decimals: int = 0) -> str:
    if hidden:
        return suppression.suppressed_text(kind)
    return fmt.number(value, decimals)


def ats_table(frames: Mapping[str, pl.DataFrame], period: str, role: str) -> AtsTable | None:
    """The register's semestral table for ``period`` (None when the indicator layer has none)."""
    kinds = hug_defs.TIPI_IT
    if frames.get("hug_accessi") is None:
        return None
    table = hug_defs.semestral_summary(frames)
    if table.height == 0:
        return None
    counts = ["accessi", *kinds, "famiglie"]
    table = protect_semestral_summary(table, list(kinds), role, hug_defs.TOTALE_HUG)
    rows = []
    for r in table.filter(pl.col("semestre") == period).iter_rows(named=True):
        line = [r["punto"]]
        for c in counts:
            line.append(_cell(r[c], bool(r.get(c + FLAG)), r.get(c + KIND)))
        line.append(fmt.number(r["ore_apertura"]))
        line.append(fmt.number(r["accessi_per_ora"], 2) if r["accessi_per_ora"] is not None
                    else _cell(None, True, None))
        rows.append(line)
    if not rows:
        return None
    return AtsTable(headings=["Punto", "Accessi", *kinds.values(), "Famiglie", "Ore di apertura",
                              "Accessi per ora"], rows=rows)
