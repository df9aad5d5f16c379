"""What the home page (Panoramica) summarises, from the engine table as the viewer sees it.

Plain functions over polars frames, no streamlit: the page draws, the tests call these. The status
of every row comes from the engine (indicators/status.py) through the access layer; nothing here
judges a figure again. An objective's colour follows ``indicators.plan.objective_status``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import polars as pl

from indicators import format as fmt
from indicators import periods
from indicators.plan import CICLO, OBJECTIVES, objective_status
from indicators.registry import BY_ID

# How a tile lists its counts: the worst first, so the eye meets what needs attention.
TILE_ORDER = ("off_track", "at_risk", "on_track", "no_data")
# A value hidden from this viewer: its status is not shown either (the access layer sets
# ``status_withheld``), so it is counted apart, never as «senza dati» (it has a value).
WITHHELD = "withheld"
WITHHELD_IT = "non mostrati"
WATCH = ("off_track", "at_risk")
CONTEXT_KIND = "contesto"

# Where each part of the engine table is shown (ui/shell.py PAGES); a PdZ area opens with ?area=N.
AREA_PAGE = "pages/piano_di_zona.py"
PAGE_OF_AREA = {"pippi": "pages/pippi.py", "hug": "pages/centro_famiglie.py", "risorse": "pages/risorse.py",
                "territorio": "pages/territorio.py"}
# The programmes the home page counts, in reading order, and the label of each.
PROGRAMMES = (("pdz", "Piano di Zona 2021-2023"), ("pippi", "PIPPI"), ("hug", "Centro per le Famiglie"),
              ("risorse", "Risorse"))

PLAN_START = periods.bounds(CICLO)[0]


def programme(area: str) -> str:
    """'pdz' for the Piano di Zona's areas 1-10, else the engine's area ('pippi', 'hug', …)."""
    return "pdz" if area.isdigit() else area


def page_of(area: str) -> tuple[str, dict[str, str] | None]:
    """The page file showing an indicator of ``area`` and its query parameters."""
    if area.isdigit():
        return AREA_PAGE, {"area": area}
    return PAGE_OF_AREA.get(area, AREA_PAGE), None


def summary_status(status: str, withheld: bool) -> str | None:
    """The status a summary counts a row under: one of TILE_ORDER, WITHHELD, or None for rows that
    are not a result (the base period of an «aumento» target, context figures)."""
    if withheld or status == WITHHELD:
        return WITHHELD
    return status if status in TILE_ORDER else None


def counted(now: pl.DataFrame) -> pl.DataFrame:
    """The latest rows that summaries count (one per indicator), with column ``shown_status``.

    Figures without a target (kind «contesto») and unjudged statuses are left out."""
    if now.height == 0:
        return now.with_columns(pl.lit(None, pl.Utf8).alias("shown_status"))
    withheld = pl.col("status_withheld").fill_null(False) if "status_withheld" in now.columns else pl.lit(False)
    shown = (pl.when(withheld | (pl.col("status") == WITHHELD)).then(pl.lit(WITHHELD))
             .when(pl.col("status").is_in(TILE_ORDER)).then(pl.col("status"))
             .otherwise(pl.lit(None, pl.Utf8)))
    return (now.with_columns(shown.alias("shown_status"))
            .filter(pl.col("shown_status").is_not_null() & (pl.col("kind") != CONTEXT_KIND)))


def counts_of(rows: pl.DataFrame) -> dict[str, int]:
    """Rows of ``counted`` per shown status: every key of TILE_ORDER and WITHHELD, zeros included."""
    got = dict(rows.group_by("shown_status").len().iter_rows()) if rows.height else {}
    return {s: int(got.get(s, 0)) for s in (*TILE_ORDER, WITHHELD)}


def objective_tiles(now: pl.DataFrame) -> list[dict]:
    """One dict per objective of the plan, in plan order: objective, area, title, status (the
    worst present, by objective_status) and counts (counts_of)."""
    rows = counted(now.filter(pl.col("area").str.contains(r"^\d+$")))
    out = []
    for o in OBJECTIVES:
        mine = rows.filter(pl.col("objective") == o.id)
        out.append({"objective": o.id, "area": o.area, "title": o.title,
                    "status": objective_status(mine["shown_status"].to_list()), "counts": counts_of(mine)})
    return out


def programme_counts(now: pl.DataFrame) -> list[tuple[str, dict[str, int]]]:
    """(label, counts) for each programme, then ('Totale', counts): the sum is the total shown."""
    rows = counted(now)
    # In Python, never as a polars map_elements (see ui.components.format_columns: the server deadlocked).
    rows = rows.with_columns(pl.Series("_prog", [programme(a) for a in rows["area"].to_list()], dtype=pl.Utf8))
    out = [(label, counts_of(rows.filter(pl.col("_prog") == key))) for key, label in PROGRAMMES]
    out.append(("Totale", counts_of(rows.filter(pl.col("_prog").is_in([k for k, _ in PROGRAMMES])))))
    return out


# ------------------------------------------------------------------------- «Da guardare»

def shortfall(row: dict) -> float | None:
    """How far a row falls short of what is due now, as a share of it (0,25 = 25 % short).

    The reference is the expected value (the target's share due by now, or the base period)
    where the engine gives one, else the target; the direction is the indicator's. None when
    either is hidden from this viewer or unknown; infinite when the reference is zero."""
    ind = BY_ID.get(row["id"])
    ref = row.get("expected") if row.get("expected") is not None else row.get("target")
    if ind is None or ind.target is None or ref is None or row.get("value") is None:
        return None
    down = ind.target.comparison in ("at_most", "below", "decrease")
    short = (row["value"] - ref) if down else (ref - row["value"])
    if ref == 0:
        return math.inf if short > 0 else 0.0
    return short / abs(ref)


def watch_list(now: pl.DataFrame) -> list[dict]:
    """Rows «fuori target» or «a rischio», each with ``shortfall``: the largest share short first
    (rows whose shortfall cannot be shown last), then fuori target before a rischio, then by id."""
    rows = [dict(r, shortfall=shortfall(r)) for r in counted(now).filter(pl.col("shown_status").is_in(WATCH))
            .iter_rows(named=True)]
    return sorted(rows, key=lambda r: (r["shortfall"] is None, -(r["shortfall"] or 0.0),
                                       WATCH.index(r["shown_status"]), r["id"]))


def target_text(row: dict) -> str:
    """'≥ 75,0%', 'più di 16 (anno base 2021)': the target as the row is judged against it."""
    ind = BY_ID[row["id"]]
    if ind.target is None:
        return "—"
    base = row.get("baseline")
    if ind.target.value is None and base is not None:
        word = "più di" if ind.target.comparison == "increase" else "meno di"
        return f"{word} {fmt.by_unit(base, row['unit'], ind.decimals)} (anno base)"
    if row.get("target") is not None and ind.target.value is not None:
        sign = {"at_least": "≥", "above": ">", "at_most": "≤", "below": "<"}.get(ind.target.comparison, "")
        return f"{sign} {fmt.by_unit(row['target'], row['unit'], ind.decimals)}".strip()
    return ind.target.describe()


# ------------------------------------------------------------------------- headline figures

@dataclass(frozen=True)
class Headline:
    id: str
    label: str
    # The series drawn beside it when it is not the figure's own (the project's rate: its years).
    series: str | None = None
    series_note: str | None = None


HEADLINES = (
    Headline("territorio.popolazione", "Popolazione"),
    Headline("pippi.famiglie_progetto", "Famiglie PIPPI", "pippi.famiglie_anno",
             "famiglie incluse in ciascun anno"),
    Headline("pippi.tasso_valutazioni_progetto", "Valutazioni PIPPI", "pippi.tasso_valutazioni",
             "tasso di ciascun anno"),
    Headline("risorse.spesa_sociale_totale", "Spesa sociale"),
)


def rows_of(table: pl.DataFrame, indicator_id: str, territory: str) -> pl.DataFrame:
    """An indicator's rows for one territory, oldest period first."""
    r = table.filter((pl.col("id") == indicator_id) & (pl.col("territory") == territory))
    return periods.chronological(r)


def headline_row(table: pl.DataFrame, indicator_id: str, territory: str) -> dict | None:
    """The row a headline shows: the most recent period with a value or with a value hidden from
    this viewer (the page of the indicator shows the same row), else the most recent one."""
    r = rows_of(table, indicator_id, territory)
    hidden = pl.col("suppressed").fill_null(False) if "suppressed" in r.columns else pl.lit(False)
    with_value = r.filter(pl.col("value").is_not_null() | hidden)
    r = with_value if with_value.height else r
    return r.row(-1, named=True) if r.height else None


def series(table: pl.DataFrame, indicator_id: str, territory: str) -> list[tuple[str, float]]:
    """(period, value) of every period with a value this viewer may see, oldest first."""
    r = rows_of(table, indicator_id, territory).filter(pl.col("value").is_not_null())
    return list(zip(r["period"].to_list(), r["value"].to_list()))


def period_text(row: dict) -> str:
    """The period of a row as a reader says it: '2019', '2023-2026 al 30/06' (the programme ended
    before the label's last day), '2026 in corso' (the period has not ended)."""
    period = row["period"]
    b = periods.bounds(period)
    end = row.get("period_end")
    if b is not None and isinstance(end, dt.date) and end != b[1]:
        period += f" al {end:%d/%m}" if end.year == b[1].year else f" al {fmt.date(end)}"
    if row.get("closed") is False and end is not None:
        period += " in corso"
    return period


def before_plan(period: str) -> bool:
    """True for a period that ended before the plan's own (2021-2023) began."""
    b = periods.bounds(period)
    return b is not None and b[1] < PLAN_START


def trend_text(points: list[tuple[str, float]], unit: str, decimals: int) -> str | None:
    """The change over the last period, '+0,5% rispetto al 2024': None with fewer than two points."""
    if len(points) < 2:
        return None
    (p0, v0), (_, v1) = points[-2], points[-1]
    if unit == "percentuale":
        return f"{fmt.signed(v1 - v0, 1)} punti rispetto al {p0}"
    if v0 == 0:
        return None
    return f"{fmt.signed(100 * (v1 - v0) / v0, 1)}% rispetto al {p0}"
