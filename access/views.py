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
from indicators.engine import PARTIAL
from indicators.status import WITHHELD

COUNT_UNIT = "numero"
PERCENT_UNIT = "percentuale"
# The three cells of a percentage of a whole (pseudo ids "<id>#numeratore" ...), in this order.
SHARE_PARTS = ("numeratore", "complemento", "base")
SHARE_SEPARATOR = "#"
AMBITO_PREFIX = "Ambito "
SUB_UNIT_SEPARATOR = " / "
# Float tolerance when checking that figures add up (counts are whole numbers).
SUM_TOLERANCE = 1e-6
SUPPRESSION_COLUMNS = ("suppressed", "suppression", "status_withheld")
_ROW = "__riga_tabella"
_PARENT = "__ambito"
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


def _is_share(row: dict) -> bool:
    """A percentage of a whole: its numerator is part of its base (families assessed of those
    signalled), so the complement (base - numerator) is a count too."""
    num, den = row["numerator"], row["denominator"]
    return (row["unit"] == PERCENT_UNIT and num is not None and den is not None
            and 0 <= num <= den + SUM_TOLERANCE)


def suppression_plan(table: pl.DataFrame, sensitive_ids: set[str], n: int) -> dict[int, str]:
    """Row index -> "primaria" | "secondaria" | "omessa" for every row whose value the public
    may not see ("omessa": a row of a breakdown left out, shown as «< n»).

    Counts first (access/cells.py over their groups). Then the percentages of a whole, each as
    its numerator, complement and base (tied: shown or hidden together), with the groups their
    sub-units' parts form and their base equal to a count of the same period, territory and
    source (esito_sollievo's 11 families are pippi.famiglie_anno's 11). Every count is taken as
    known to the attacker there, so no percentage is shown that a count would complete; the
    counts' own choice is not disturbed by the percentages."""
    # Only the rows of sensitive indicators with a value take part: read just those, keyed by
    # their row number in ``table`` (a region's table has a hundred thousand rows).
    rows = {r.pop(_ROW): r for r in table.with_row_index(_ROW).filter(
        pl.col("id").is_in(list(sensitive_ids)) & pl.col("value").is_not_null())
        .select(_ROW, *_PLAN_COLUMNS).to_dicts()}
    hidden: dict[int, str] = {}
    counts: dict[int, int] = {}
    values: list[float] = []
    shares = []
    for i, r in rows.items():
        if _is_count(r):
            counts[i] = len(values)
            values.append(r["value"])
        elif _is_share(r):
            shares.append(i)
        elif _small_base(r, n):
            hidden[i] = PRIMARY
    cells = Cells(values, n)
    cells.groups, cells.droppable = _groups(rows, counts)
    by_cell = {c: i for i, c in counts.items()}
    for c, kind in suppress(cells).items():
        hidden[by_cell[c]] = kind
    hidden.update(_zeros_beside_small(rows, counts, hidden))
    hidden.update(_share_plan(rows, shares, counts, n, hidden))
    hidden.update(_built_on_hidden(rows, counts, hidden))
    return hidden


def _zeros_beside_small(rows: dict[int, dict], counts: dict[int, int], hidden: dict[int, str]) -> dict[int, str]:
    """The zeros of a breakdown by territory that has a small row in any period, left out
    («< n», 0 to n-1) like its small rows: a 0 beside «< 5» says which comuni have families as
    plainly as a row that is there in some years only."""
    def breakdown(r: dict) -> tuple[str, str] | None:
        t = r["territory"]
        return (r["id"], t.split(SUB_UNIT_SEPARATOR, 1)[0]) if SUB_UNIT_SEPARATOR in t else None

    small = {breakdown(rows[i]) for i, kind in hidden.items()
             if i in counts and kind in (PRIMARY, OMITTED) and rows[i]["value"] > 0} - {None}
    return {i: OMITTED for i in counts
            if i not in hidden and rows[i]["value"] == 0 and breakdown(rows[i]) in small}


def _share_plan(rows: dict[int, dict], shares: list[int], counts: dict[int, int], n: int,
                hidden: dict[int, str]) -> dict[int, str]:
    """The percentages of a whole to hide: "primaria" when a part (numerator, complement, base)
    is from 1 to n-1, "secondaria" when shown it would let one be worked out, or would give back
    a count ``hidden`` already (the counts' suppression relied on its staying unknown)."""
    if not shares:
        return {}
    cell_rows: dict = {}
    keys: dict = {}
    cells = Cells([], n)
    for i in shares:
        r = rows[i]
        num, den = r["numerator"], r["denominator"]
        tie = []
        for part, v in zip(SHARE_PARTS, (num, den - num, den)):
            key = (i, part)
            cell_rows[key] = {**r, "id": r["id"] + SHARE_SEPARATOR + part, "value": v}
            keys[key] = cells.add(v)
            tie.append(keys[key])
        cells.groups.append((tie[2], tie[:2]))
        cells.tied.append(tie)
    # Numerators and complements of sub-units adding up to another percentage's (a base joins
    # the counts only by being equal to one: what adds up to it adds up to that count).
    parts = {k: c for k, c in keys.items() if k[1] != SHARE_PARTS[2]}
    groups, _ = _groups(cell_rows, parts)
    cells.groups += _true_share_groups(groups, {c: k for k, c in parts.items()})
    # The counts equal to a base, as the attacker knows them (fixed: never hidden here).
    places = {_place(cell_rows[k], s) for k in keys if k[1] == SHARE_PARTS[2] for s in _sources(cell_rows[k])}
    for i in counts:
        if any(_place(rows[i], s) in places for s in _sources(rows[i])):
            cell_rows[i] = rows[i]
            keys[i] = cells.add(rows[i]["value"], fixed=True)
            if i in hidden:
                cells.preset[keys[i]] = hidden[i]
    cells.groups += _equal_bases(cell_rows, keys)
    by_cell = {c: k for k, c in keys.items()}
    out: dict[int, str] = {}
    for c, kind in suppress(cells).items():
        k = by_cell[c]
        if isinstance(k, tuple):
            # One figure: primary if any part is small («< n» is never written for a percentage).
            out[k[0]] = PRIMARY if PRIMARY in (out.get(k[0]), kind) else SECONDARY
    return out


def _true_share_groups(groups, by_cell: dict) -> list[tuple[int, list[int]]]:
    """``groups`` without those whose numerators or complements add up by chance: such a group
    stands only if the complements (numerators) of the same rows add up too, i.e. their bases do
    (the équipes' assessed families sum to the Ambito's because their signalled families do; a
    year's numerators summing to another indicator's numerator while their bases do not is a
    coincidence). A share's part never adds up with a count or another part."""
    def part(c: int) -> str | None:
        k = by_cell[c]
        return k[1] if isinstance(k, tuple) else None

    def rows_of(t: int, members: list[int]) -> tuple:
        return by_cell[t][0], frozenset(by_cell[m][0] for m in members)

    found = {p: set() for p in SHARE_PARTS[:2]}
    for t, members in groups:
        if part(t) in found and {part(m) for m in members} == {part(t)}:
            found[part(t)].add(rows_of(t, members))
    both = found[SHARE_PARTS[0]] & found[SHARE_PARTS[1]]
    out = []
    for t, members in groups:
        kinds = {part(t), *map(part, members)}
        if kinds != {None} and not (len(kinds) == 1 and rows_of(t, members) in both):
            continue
        out.append((t, members))
    return out


def _equal_bases(cell_rows: dict, counts: dict) -> list[tuple[int, list[int]]]:
    """A percentage's base is the count of the same period, territory and source with the same
    value (the families of the year), and the bases of percentages over the same families are
    equal: one group "a = b" for each such pair, so hiding one hides what gives it back."""
    by_place: dict[tuple, tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for k, c in counts.items():
        is_base = isinstance(k, tuple) and k[1] == SHARE_PARTS[2]
        if isinstance(k, tuple) and not is_base:
            continue  # numerators and complements equal other figures only by chance
        r = cell_rows[k]
        for source in _sources(r):
            by_place[_place(r, source)][0 if is_base else 1].add(c)
    groups = []
    for bases, others in by_place.values():
        if bases:
            first, *rest = sorted(bases)
            groups += [(first, [c]) for c in sorted({*rest, *others})]
    return groups


def _sources(r: dict) -> list[str]:
    return (r["sources"] or "").split(",")


def _place(r: dict, source: str) -> tuple:
    """Where a figure is equal to another of the same period, territory and source."""
    return r["period"], r["territory"], source, _key(r["value"])


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
    table = _complete_breakdowns(table, sensitive_ids)
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
        pl.when(hide | base_gone).then(pl.lit(WITHHELD)).otherwise(pl.col("status")).alias("status"),
        pl.when(base_gone).then(null).otherwise(pl.col("target")).alias("target"),
        pl.when(base_gone).then(null).otherwise(pl.col("baseline")).alias("baseline"),
        pl.when(base_gone).then(null).otherwise(pl.col("expected")).alias("expected"),
        pl.when(hide_parts).then(null).otherwise(pl.col("numerator")).alias("numerator"),
        pl.when(hide_parts).then(null).otherwise(pl.col("denominator")).alias("denominator"),
        pl.when(hide_parts).then(null).otherwise(pl.col("rows")).alias("rows"),
        # A note may describe the hidden value ("75% esatto non supera lo standard"); its partial-data
        # part (indicators.engine) speaks of the file, not of the value, and stays.
        pl.when(hide).then(_partial_part()).otherwise(pl.col("note")).alias("note"),
    ).select(*table.columns, *SUPPRESSION_COLUMNS)


def _partial_part() -> pl.Expr:
    """The «dati parziali» part of the note (indicators.engine), null if none: it speaks of the file,
    not of the value, so it stays where the rest of the note would describe a hidden or copied value."""
    return pl.col("note").str.extract_all(PARTIAL + ": [^;]*").list.join("; ").replace("", None).alias("note")


def _complete_breakdowns(table: pl.DataFrame, sensitive_ids: set[str]) -> pl.DataFrame:
    """``table`` with a row of 0 for every sub-unit of a breakdown of people by territory that
    has none in a period of that breakdown: a comune listed in some years only said it had
    families in those years. Each added row copies its period's other columns from a row of the
    same indicator, period and Ambito."""
    parent = pl.col("territory").str.splitn(SUB_UNIT_SEPARATOR, 2).struct.field("field_0").alias(_PARENT)
    sub = table.filter(pl.col("id").is_in(list(sensitive_ids)) & (pl.col("unit") == COUNT_UNIT)
                       & pl.col("denominator").is_null()
                       & pl.col("territory").str.contains(SUB_UNIT_SEPARATOR, literal=True)).with_columns(parent)
    if sub.height == 0:
        return table
    grid = (sub.select("id", _PARENT, "period").unique()
            .join(sub.select("id", _PARENT, "territory").unique(), on=["id", _PARENT]))
    missing = grid.join(sub.select("id", "period", "territory"), on=["id", "period", "territory"], how="anti")
    if missing.height == 0:
        return table
    template = sub.unique(subset=["id", _PARENT, "period"], keep="first", maintain_order=True).drop("territory")
    zero = pl.lit(0.0)
    added = missing.join(template, on=["id", _PARENT, "period"]).with_columns(
        zero.alias("value"), pl.lit(0).alias("rows"),
        *[pl.lit(None).alias(c) for c in ("target", "gap", "expected", "baseline") if c in table.columns],
        *([_partial_part()] if "note" in table.columns else []))
    return pl.concat([table, added.select(table.columns).cast(table.schema)], how="vertical")


__all__ = ["table_for", "suppression_plan", "PRIMARY", "SECONDARY", "OMITTED"]
