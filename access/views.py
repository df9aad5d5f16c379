"""The engine table as each audience may see it.

Coordinators see every figure. The public and the Assemblea see the same aggregates, except
for indicators that count people or families (``sensitive``):
- a count from 1 to n-1 is hidden ("< 5"), and so are the further counts that would let it
  be worked out by subtraction (secondary suppression, "riservato"), see access/cells.py;
- a rate (or any other figure built on people) is hidden when its denominator or its
  numerator is from 1 to n-1; its numerator, denominator and source-row count are never shown
  (with them a rate is a count again, and counts of neighbouring territories would add up);
- a breakdown by territory whose rows are all small is left out (rows "omessa" are not in
  the public table) rather than hiding the Ambito's own figure;
- what would give a hidden value back is hidden with it: the gap to target, the number of
  source rows, a baseline (with the target and the expected value built on it), the note of a
  hidden value ("75% esatto"), the status of a hidden value and of every value judged against
  a hidden baseline (``status_withheld``; the status reads "no_data": «a rischio» against
  "more than the base year" says the value equals the base year's, «in linea» that the base
  year was lower), and a figure built on a hidden count of the same period, territory and
  source (accesses per opening hour times the published hours is the access count).

Which counts add up (the groups of access/cells.py):
- one indicator and period: the rows of an Ambito's sub-units ("Ambito X / EM1") and, for the
  dashboard's own Ambito, of its comuni, add up to the row "Ambito X";
- two indicators over the same source whose figures are seen to add up: a breakdown kept under
  its own id (the sub-units of one period sum to the other's Ambito row), or a cumulative count
  (the periods of one territory sum to the other's single row). These are found in the data,
  since the attacker needs nothing more than the sum to subtract.
"""

from __future__ import annotations

import math
from collections import defaultdict

import polars as pl

from access.cells import OMITTED, PRIMARY, SECONDARY, Cells, suppress
from access.roles import COORDINATORE
from access.suppression import threshold
from indicators.config import ambito_label, principal_ambito

COUNT_UNIT = "numero"
AMBITO_PREFIX = "Ambito "
SUB_UNIT_SEPARATOR = " / "
# Float tolerance when checking that figures add up (counts are whole numbers).
SUM_TOLERANCE = 1e-6
SUPPRESSION_COLUMNS = ("suppressed", "suppression", "status_withheld")
_ROW = "__riga_tabella"
# What the plan reads of each row of a sensitive indicator.
_PLAN_COLUMNS = ("id", "period", "territory", "value", "unit", "numerator", "denominator", "rows", "sources")


def _is_count(row: dict) -> bool:
    return row["unit"] == COUNT_UNIT and row["denominator"] is None


def _parent(territory: str) -> str | None:
    """The Ambito row a territory adds up to ('Ambito X / EM1' -> 'Ambito X'; a comune -> the
    dashboard's Ambito), or None for an Ambito itself."""
    if SUB_UNIT_SEPARATOR in territory:
        return territory.split(SUB_UNIT_SEPARATOR, 1)[0]
    if territory.startswith(AMBITO_PREFIX):
        return None
    return ambito_label(principal_ambito())


def _groups(rows: list[dict], counts: dict[int, int]) -> tuple[list[tuple[int, list[int]]], set[int]]:
    """Additive groups over the count cells, (total cell, member cells), and the cells that
    are rows of a breakdown by territory (which may be left out, see access/cells.py)."""
    groups: list[tuple[int, list[int]]] = []
    by_id: dict[str, list[int]] = defaultdict(list)
    for i in counts:
        by_id[rows[i]["id"]].append(i)

    # 1. One indicator, one period: sub-territories add up to their Ambito.
    for ids in by_id.values():
        cells: dict[tuple[str, str], int] = {(rows[i]["period"], rows[i]["territory"]): i for i in ids}
        members: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i in ids:
            parent = _parent(rows[i]["territory"])
            if parent is not None:
                members[(rows[i]["period"], parent)].append(counts[i])
        for key, group in members.items():
            if key in cells:
                groups.append((counts[cells[key]], group))

    # 2. Two indicators over a common source whose figures are seen to add up.
    ids = sorted(by_id)
    sources = {a: set(rows[by_id[a][0]]["sources"].split(",")) for a in ids}
    partners = {a: {b for b in ids if b != a and sources[a] & sources[b]} for a in ids}
    sub_units = {a: _Parts(rows, by_id[a], lambda r: (r["period"], _parent(r["territory"])),
                           lambda r: SUB_UNIT_SEPARATOR in r["territory"]) for a in ids}
    groups += _matching_groups(rows, counts, ids, by_id, partners, sub_units,
                               lambda r: (r["period"], r["territory"]))
    territorial = {m for _, members in groups for m in members}
    by_territory = {a: _Parts(rows, by_id[a], lambda r: r["territory"], periods=True) for a in ids}
    groups += _matching_groups(rows, counts, ids, by_id, partners, by_territory,
                               lambda r: r["territory"], min_periods=2)
    return groups, territorial


def _matching_groups(rows, counts, ids: list[str], by_id, partners, parts: dict, key,
                     min_periods: int = 0) -> list[tuple[int, list[int]]]:
    """For every indicator ``a`` and partner ``b`` (in ``ids`` order), every row ``t`` of ``a``
    (in its order) whose value the rows of ``parts[b]`` under ``key(t)`` add up to: the
    group (t, those rows). A region has thousands of pairs and tens of thousands of rows, so
    each part's sum is looked up by its whole-number bucket instead of checking every pair."""
    # (key, floor of the sum) -> partners whose parts under that key add up to that sum.
    # A sum that is not finite never matches a value within SUM_TOLERANCE: left out.
    by_sum: dict = defaultdict(list)
    for b in ids:
        for k, total in parts[b].sums.items():
            if math.isfinite(total) and (not min_periods or parts[b].periods[k] >= min_periods):
                by_sum[(k, math.floor(total))].append(b)
    position = {a: n for n, a in enumerate(ids)}
    found = []
    for a in ids:
        for n, t in enumerate(by_id[a]):
            r = rows[t]
            v, k = r["value"], key(r)
            if not math.isfinite(v):
                continue
            # A sum within SUM_TOLERANCE of v lies in one of these (at most two) buckets.
            for bucket in {math.floor(v - SUM_TOLERANCE), math.floor(v + SUM_TOLERANCE)}:
                for b in by_sum.get((k, bucket), ()):
                    if b not in partners[a]:
                        continue
                    members = parts[b].adding_up(k, v, min_periods)
                    if members is not None:
                        found.append((position[a], position[b], n, counts[t], [counts[m] for m in members]))
    found.sort(key=lambda f: f[:3])
    return [(total, members) for *_order, total, members in found]


class _Parts:
    """``cells`` grouped by ``key(row)`` (only those ``keep(row)`` accepts), in their order,
    with each group's sum of values (added in that order) and, with ``periods``, its number
    of distinct periods. Worked out once per indicator: the same groups are offered as the
    parts of every other indicator over a common source (thousands of pairs in a region)."""

    def __init__(self, rows, cells: list[int], key, keep=None, *, periods: bool = False):
        self.cells: dict = defaultdict(list)
        for p in cells:
            if keep is None or keep(rows[p]):
                self.cells[key(rows[p])].append(p)
        self.sums = {k: sum(rows[m]["value"] for m in members) for k, members in self.cells.items()}
        self.periods = ({k: len({rows[m]["period"] for m in members}) for k, members in self.cells.items()}
                        if periods else {})

    def adding_up(self, k, value: float, min_periods: int = 0) -> list[int] | None:
        """The cells under ``k`` if their values add up to ``value`` (and span at least
        ``min_periods`` periods), else None."""
        total = self.sums.get(k)
        if total is None or abs(total - value) >= SUM_TOLERANCE:
            return None
        if min_periods and self.periods[k] < min_periods:
            return None
        return self.cells[k]


def suppression_plan(table: pl.DataFrame, sensitive_ids: set[str], n: int) -> dict[int, str]:
    """Row index -> "primaria" | "secondaria" | "omessa" for every row whose value the public
    may not see ("omessa": the row is left out of the public table altogether)."""
    # Only the rows of sensitive indicators with a value take part: read just those, keyed by
    # their row number in ``table`` (a region's table has a hundred thousand rows).
    rows = {r.pop(_ROW): r for r in table.with_row_index(_ROW).filter(
        pl.col("id").is_in(list(sensitive_ids)) & pl.col("value").is_not_null())
        .select(_ROW, *_PLAN_COLUMNS).to_dicts()}
    hidden: dict[int, str] = {}
    counts: dict[int, int] = {}
    values: list[float] = []
    for i, r in rows.items():
        if _is_count(r):
            counts[i] = len(values)
            values.append(r["value"])
        elif _small_base(r, n):
            hidden[i] = PRIMARY
    cells = Cells(values, n)
    cells.groups, cells.droppable = _groups(rows, counts)
    by_cell = {c: i for i, c in counts.items()}
    for c, kind in suppress(cells).items():
        hidden[by_cell[c]] = kind
    hidden.update(_built_on_hidden(rows, counts, hidden))
    return hidden


def _key(value: float) -> float:
    return round(value, 6)


def _built_on_hidden(rows: dict[int, dict], counts: dict[int, int], hidden: dict[int, str]) -> dict[int, str]:
    """Figures whose numerator or denominator is a hidden count of the same period and territory
    over the same source. Their other term is often public elsewhere (a point's opening hours, the
    Ambito's families), and then the figure times it is the hidden count again."""
    gone: dict[tuple, set[float]] = defaultdict(set)
    for i in counts:
        if i in hidden:
            r = rows[i]
            for source in (r["sources"] or "").split(","):
                gone[(r["period"], r["territory"], source)].add(_key(r["value"]))
    out: dict[int, str] = {}
    for i, r in rows.items():
        if i in counts or i in hidden:
            continue
        terms = {_key(v) for v in (r["numerator"], r["denominator"]) if v is not None}
        if any(terms & gone.get((r["period"], r["territory"], s), set()) for s in (r["sources"] or "").split(",")):
            out[i] = SECONDARY
    return out


def _small_base(r: dict, n: int) -> bool:
    """A rate (or other figure over people) built on fewer than n of them, or with 1..n-1 in its numerator."""
    base = r["denominator"] if r["denominator"] is not None else r["rows"]
    small_base = base is not None and 0 < base < n
    small_num = r["numerator"] is not None and 0 < r["numerator"] < n
    return small_base or small_num


def _baseline_hidden(table: pl.DataFrame, hidden: dict[int, str]) -> set[tuple[str, str]]:
    """(id, territory) whose baseline (first period with a value) is a hidden cell."""
    if not hidden:
        return set()
    # The first row of each (id, territory) with a baseline and a value, in table order.
    first = (table.select("id", "territory", "value", "baseline").with_row_index(_ROW)
             .filter(pl.col("baseline").is_not_null() & pl.col("value").is_not_null())
             .unique(subset=["id", "territory"], keep="first", maintain_order=True)
             .filter(pl.col(_ROW).is_in(list(hidden))))
    return set(first.select("id", "territory").iter_rows())


def table_for(table: pl.DataFrame, role: str, sensitive_ids: set[str], n: int | None = None) -> pl.DataFrame:
    """The engine table for ``role``, with ``suppressed`` (bool) and ``suppression``
    ("primaria": below the threshold, "secondaria": hidden so a small one cannot be worked
    out; null when shown) and ``status_withheld`` (bool: the status would give a hidden figure
    back; it reads "no_data"). Coordinators get every value."""
    if role == COORDINATORE:
        return table.with_columns(pl.lit(False).alias("suppressed"), pl.lit(None, pl.Utf8).alias("suppression"),
                                  pl.lit(False).alias("status_withheld"))
    n = n or threshold()
    hidden = suppression_plan(table, sensitive_ids, n)
    kinds = [hidden.get(i) for i in range(table.height)]
    lost_base = _baseline_hidden(table, hidden)
    # Ids and territory names never hold a NUL, so it joins the pair into one key.
    base_gone = pl.concat_str("id", pl.lit("\x00"), "territory").is_in(
        [f"{i}\x00{t}" for i, t in lost_base]) if lost_base else pl.lit(False)
    out = table.with_columns(pl.Series("suppression", kinds, dtype=pl.Utf8))
    hide = pl.col("suppression").is_not_null()
    sensitive = pl.col("id").is_in(list(sensitive_ids))
    # Counts of people: the rows used are the count itself; rates: numerator and denominator.
    hide_parts = sensitive & (hide | pl.col("denominator").is_not_null() | (pl.col("unit") != COUNT_UNIT))
    null = pl.lit(None)
    return out.with_columns(
        hide.alias("suppressed"),
        pl.when(hide).then(null).otherwise(pl.col("value")).alias("value"),
        pl.when(hide | base_gone).then(null).otherwise(pl.col("gap")).alias("gap"),
        (hide | base_gone).alias("status_withheld"),
        pl.when(hide | base_gone).then(pl.lit("no_data")).otherwise(pl.col("status")).alias("status"),
        pl.when(base_gone).then(null).otherwise(pl.col("target")).alias("target"),
        pl.when(base_gone).then(null).otherwise(pl.col("baseline")).alias("baseline"),
        pl.when(base_gone).then(null).otherwise(pl.col("expected")).alias("expected"),
        pl.when(hide_parts).then(null).otherwise(pl.col("numerator")).alias("numerator"),
        pl.when(hide_parts).then(null).otherwise(pl.col("denominator")).alias("denominator"),
        pl.when(hide_parts).then(null).otherwise(pl.col("rows")).alias("rows"),
        # A note may describe the hidden value ("75% esatto non supera lo standard").
        pl.when(hide).then(null).otherwise(pl.col("note")).alias("note"),
    ).filter(pl.col("suppression").fill_null("") != OMITTED).select(*table.columns, *SUPPRESSION_COLUMNS)


__all__ = ["table_for", "suppression_plan", "PRIMARY", "SECONDARY", "OMITTED"]
