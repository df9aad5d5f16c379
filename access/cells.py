"""Secondary suppression: choose extra cells to hide so a hidden small count cannot be recovered.

Plain Python over abstract cells, so the engine table (access/views.py) and the pages'
cross-tabs (access/suppression.py) share one rule.

The model: every published figure is a cell; an additive group says "these member cells
add up to that total cell" (the comuni of an Ambito, the years of a cumulative count, the
rows or columns of a cross-tab). The attacker knows every shown cell, knows that a cell
shown as "< 5" lies in 1..4 (zeros are shown) and, to be safe, that any other hidden cell
("riservato") is at least 5. From the groups they narrow the range of every hidden cell
(interval propagation, repeated until nothing changes); a hidden cell whose range shrinks
to a single value is disclosed. While one is, we hide one more cell in one of its groups:
the smallest non-zero member still shown, otherwise the group's total.

Before giving up a group's total (the Ambito's own figure, the one the public most needs),
a breakdown whose members are all hidden already is left out instead: its small rows and
its zeros are omitted from the public view altogether, so an absent sub-unit may hold
anything from 0 to 4 and ten comuni "< 5" under a total of 10 no longer spell "1 each".
Only members of a breakdown by territory (``droppable``) are left out this way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# Propagation stops after this many sweeps over the groups even if ranges still shrink by a
# unit at a time; the audit then errs on the safe side only if it already found a pin.
MAX_SWEEPS = 200
PRIMARY = "primaria"
SECONDARY = "secondaria"
OMITTED = "omessa"


@dataclass
class Cells:
    """Values of the cells, which of them are small (primary), and the additive groups.

    ``fixed`` cells are not shown anywhere on their own (e.g. the implicit total of a
    cross-tab column): they can never be chosen for hiding; ``known`` says whether the
    attacker may know their value anyway.
    """

    values: list[float]
    n: int
    groups: list[tuple[int, list[int]]] = field(default_factory=list)
    fixed: set[int] = field(default_factory=set)
    known: set[int] = field(default_factory=set)
    droppable: set[int] = field(default_factory=set)

    def add(self, value: float, *, fixed: bool = False, known: bool = True) -> int:
        self.values.append(float(value))
        i = len(self.values) - 1
        if fixed:
            self.fixed.add(i)
            if known:
                self.known.add(i)
        return i

    def is_primary(self, i: int) -> bool:
        v = self.values[i]
        return i not in self.fixed and 0 < v < self.n


def _initial(cells: Cells, hidden: dict[int, str], i: int) -> tuple[float, float]:
    """A cell's range before propagation: its value if shown, else what its mark says."""
    if i in hidden:
        if hidden[i] == PRIMARY:
            return 1.0, float(cells.n - 1)
        if hidden[i] == OMITTED:
            return 0.0, float(cells.n - 1)
        return float(cells.n), math.inf
    if i in cells.fixed and i not in cells.known:
        return 0.0, math.inf
    v = cells.values[i]
    return v, v


def _bounds(cells: Cells, hidden: dict[int, str]) -> tuple[list[float], list[float]]:
    """Range (lo, hi) of every cell as the attacker can narrow it from what is shown."""
    lo, hi = [], []
    for i in range(len(cells.values)):
        a, b = _initial(cells, hidden, i)
        lo.append(a), hi.append(b)
    _propagate(cells.groups, lo, hi)
    return lo, hi


def _propagate(groups, lo, hi) -> None:
    """Narrow ``lo``/``hi`` (lists or dicts by cell) through ``groups`` until nothing changes."""
    for _ in range(MAX_SWEEPS):
        changed = False
        for total, members in groups:
            sum_lo = sum(lo[m] for m in members)
            sum_hi = sum(hi[m] for m in members)
            # total = sum of members
            new_lo, new_hi = max(lo[total], sum_lo), min(hi[total], sum_hi)
            if (new_lo, new_hi) != (lo[total], hi[total]):
                lo[total], hi[total], changed = new_lo, new_hi, True
            for m in members:
                others_lo = sum_lo - lo[m]
                others_hi = sum_hi - hi[m] if math.isfinite(hi[m]) else _sum_except(hi, members, m)
                m_lo = max(lo[m], lo[total] - others_hi)
                m_hi = min(hi[m], hi[total] - others_lo)
                if (m_lo, m_hi) != (lo[m], hi[m]):
                    lo[m], hi[m], changed = m_lo, m_hi, True
                    sum_lo = sum(lo[x] for x in members)
                    sum_hi = sum(hi[x] for x in members)
        if not changed:
            break


def _sum_except(values, members: list[int], skip: int) -> float:
    return sum(values[x] for x in members if x != skip)


def disclosed(cells: Cells, hidden: dict[int, str]) -> list[int]:
    """Hidden cells whose exact value follows from the shown ones and the groups."""
    lo, hi = _bounds(cells, hidden)
    return [i for i in hidden if lo[i] >= hi[i]]


def _is_small(cells: Cells, hidden: dict[int, str], i: int) -> bool:
    """A hidden cell whose disclosure matters: a small count (a secondary one is at least n,
    an omitted zero is "nobody")."""
    return hidden[i] == PRIMARY or (hidden[i] == OMITTED and cells.values[i] > 0)


def _omit_breakdowns(cells: Cells, hidden: dict[int, str], pinned: list[int],
                     near: list[int] | None = None) -> set[int]:
    """Leave out every breakdown through which a small cell is worked out and whose members
    are all hidden or zero; returns the cells left out now (empty if none). ``near``: the
    groups that have a pinned cell among their members (all groups if None)."""
    done: set[int] = set()
    for g in range(len(cells.groups)) if near is None else near:
        total, members = cells.groups[g]
        if not any(p in members and _is_small(cells, hidden, p) for p in pinned):
            continue
        if not all(m in cells.droppable for m in members):
            continue
        if all(hidden.get(m) in (PRIMARY, OMITTED) or cells.values[m] == 0 for m in members):
            for m in members:
                if hidden.get(m) != OMITTED and (hidden.get(m) == PRIMARY or cells.values[m] == 0):
                    hidden[m] = OMITTED
                    done.add(m)
    return done


def _complement(cells: Cells, hidden: dict[int, str], pinned: list[int],
                near: list[int] | None = None) -> tuple[int | None, bool]:
    """The next cell to hide: a shown, non-zero cell of a group through which a hidden cell
    is worked out. Preferred: the one in most such groups (hiding it breaks several chains,
    e.g. closes a rectangle in a cross-tab), then a member over a total, then the smallest.
    ``near``: the groups that hold a pinned cell (all groups if None)."""
    groups_of: dict[int, set[int]] = {}
    totals: set[int] = set()
    for g in range(len(cells.groups)) if near is None else near:
        total, members = cells.groups[g]
        if not any(p == total or p in members for p in pinned):
            continue
        for c in [total, *members]:
            if c not in hidden and c not in cells.fixed and cells.values[c] > 0:
                groups_of.setdefault(c, set()).add(g)
                if c == total:
                    totals.add(c)
    if not groups_of:
        return None, True
    best = min(groups_of, key=lambda c: (-len(groups_of[c]), c in totals, cells.values[c], c))
    return best, best in totals


class _Index:
    """Which groups hold each cell, and the groups split into independent parts (cells linked
    by groups). A hidden cell's range depends only on its part, so after each change only that
    part is propagated again: the same ranges as a propagation over every group, at a fraction
    of the cost when a region's table has thousands of parts."""

    def __init__(self, cells: Cells):
        self.holding: dict[int, list[int]] = {}    # cell -> groups where it is total or member
        self.member_of: dict[int, list[int]] = {}  # cell -> groups where it is a member
        parent: dict[int, int] = {}

        def root(c: int) -> int:
            while parent[c] != c:
                parent[c] = parent[parent[c]]
                c = parent[c]
            return c

        for g, (total, members) in enumerate(cells.groups):
            for c in {total, *members}:
                self.holding.setdefault(c, []).append(g)
                parent.setdefault(c, c)
            for m in set(members):
                self.member_of.setdefault(m, []).append(g)
            for m in members:
                a, b = root(total), root(m)
                if a != b:
                    parent[b] = a
        self.part_of: dict[int, int] = {}
        self.part_groups: list[list[tuple[int, list[int]]]] = []
        self.part_cells: list[list[int]] = []
        number: dict[int, int] = {}
        for g, (total, members) in enumerate(cells.groups):
            r = root(total)
            if r not in number:
                number[r] = len(self.part_groups)
                self.part_groups.append([])
                self.part_cells.append([])
            self.part_groups[number[r]].append((total, members))
        for c in parent:
            k = number[root(c)]
            self.part_of[c] = k
            self.part_cells[k].append(c)

    def pinned(self, cells: Cells, hidden: dict[int, str], k: int) -> list[int]:
        """Hidden cells of part ``k`` whose value the shown ones give away."""
        lo, hi = {}, {}
        for c in self.part_cells[k]:
            lo[c], hi[c] = _initial(cells, hidden, c)
        _propagate(self.part_groups[k], lo, hi)
        return [c for c in self.part_cells[k] if c in hidden and lo[c] >= hi[c]]

    def near(self, pinned: list[int], by: dict[int, list[int]]) -> list[int]:
        return sorted({g for p in pinned for g in by.get(p, ())})


def suppress(cells: Cells) -> dict[int, str]:
    """Every cell to hide, as {index: "primaria" | "secondaria" | "omessa"}.

    Primary: a non-zero count below the threshold. Secondary: hidden only so that a primary
    cannot be worked out by subtraction. Omitted: a row of a breakdown left out altogether
    (zeros included). (A secondary cell that can be worked out gives away
    only a count of at least the threshold, and is left so.) A small cell that cannot be
    protected (possible only when its group's total is an implicit, unshown one) stays hidden.

    Each step looks at every cell the shown ones give away (as ``disclosed`` would), but
    propagates again only the part of the groups the last step changed.
    """
    hidden = {i: PRIMARY for i in range(len(cells.values)) if cells.is_primary(i)}
    if not hidden or not cells.groups:
        return hidden
    index = _Index(cells)
    # Cells in no group keep their mark's range: given away only if that range is one value.
    alone = [i for i in hidden if i not in index.part_of and _initial(cells, hidden, i)[0] >= _initial(cells, hidden, i)[1]]
    pinned_in: dict[int, list[int]] = {}
    for k in range(len(index.part_groups)):
        found = index.pinned(cells, hidden, k)
        if found:
            pinned_in[k] = found
    while True:
        pinned = alone + [c for found in pinned_in.values() for c in found]
        if not any(_is_small(cells, hidden, i) for i in pinned):
            return hidden
        extra, is_total = _complement(cells, hidden, pinned, index.near(pinned, index.holding))
        changed = set()
        if is_total:
            changed = _omit_breakdowns(cells, hidden, pinned, index.near(pinned, index.member_of))
        if not changed:
            if extra is None:
                return hidden
            hidden[extra] = SECONDARY
            changed = {extra}
        for k in {index.part_of[c] for c in changed}:
            found = index.pinned(cells, hidden, k)
            if found:
                pinned_in[k] = found
            else:
                pinned_in.pop(k, None)
