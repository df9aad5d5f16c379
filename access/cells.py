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


def _bounds(cells: Cells, hidden: dict[int, str]) -> tuple[list[float], list[float]]:
    """Range (lo, hi) of every cell as the attacker can narrow it from what is shown."""
    lo, hi = [], []
    for i, v in enumerate(cells.values):
        if i in hidden:
            if hidden[i] == PRIMARY:
                lo.append(1.0), hi.append(float(cells.n - 1))
            elif hidden[i] == OMITTED:
                lo.append(0.0), hi.append(float(cells.n - 1))
            else:
                lo.append(float(cells.n)), hi.append(math.inf)
        elif i in cells.fixed and i not in cells.known:
            lo.append(0.0), hi.append(math.inf)
        else:
            lo.append(v), hi.append(v)
    for _ in range(MAX_SWEEPS):
        changed = False
        for total, members in cells.groups:
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
    return lo, hi


def _sum_except(values: list[float], members: list[int], skip: int) -> float:
    return sum(values[x] for x in members if x != skip)


def disclosed(cells: Cells, hidden: dict[int, str]) -> list[int]:
    """Hidden cells whose exact value follows from the shown ones and the groups."""
    lo, hi = _bounds(cells, hidden)
    return [i for i in hidden if lo[i] >= hi[i]]


def _is_small(cells: Cells, hidden: dict[int, str], i: int) -> bool:
    """A hidden cell whose disclosure matters: a small count (a secondary one is at least n,
    an omitted zero is "nobody")."""
    return hidden[i] == PRIMARY or (hidden[i] == OMITTED and cells.values[i] > 0)


def _omit_breakdowns(cells: Cells, hidden: dict[int, str], pinned: list[int]) -> bool:
    """Leave out every breakdown through which a small cell is worked out and whose members
    are all hidden or zero; True if any was."""
    done = False
    for total, members in cells.groups:
        if not any(p in members and _is_small(cells, hidden, p) for p in pinned):
            continue
        if not all(m in cells.droppable for m in members):
            continue
        if all(hidden.get(m) in (PRIMARY, OMITTED) or cells.values[m] == 0 for m in members):
            for m in members:
                if hidden.get(m) != OMITTED and (hidden.get(m) == PRIMARY or cells.values[m] == 0):
                    hidden[m] = OMITTED
                    done = True
    return done


def _complement(cells: Cells, hidden: dict[int, str], pinned: list[int]) -> tuple[int | None, bool]:
    """The next cell to hide: a shown, non-zero cell of a group through which a hidden cell
    is worked out. Preferred: the one in most such groups (hiding it breaks several chains,
    e.g. closes a rectangle in a cross-tab), then a member over a total, then the smallest."""
    groups_of: dict[int, set[int]] = {}
    totals: set[int] = set()
    for g, (total, members) in enumerate(cells.groups):
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


def suppress(cells: Cells) -> dict[int, str]:
    """Every cell to hide, as {index: "primaria" | "secondaria" | "omessa"}.

    Primary: a non-zero count below the threshold. Secondary: hidden only so that a primary
    cannot be worked out by subtraction. Omitted: a row of a breakdown left out altogether
    (zeros included). (A secondary cell that can be worked out gives away
    only a count of at least the threshold, and is left so.) A small cell that cannot be
    protected (possible only when its group's total is an implicit, unshown one) stays hidden.
    """
    hidden = {i: PRIMARY for i in range(len(cells.values)) if cells.is_primary(i)}
    if not hidden or not cells.groups:
        return hidden
    while True:
        pinned = disclosed(cells, hidden)
        if not any(_is_small(cells, hidden, i) for i in pinned):
            return hidden
        extra, is_total = _complement(cells, hidden, pinned)
        if is_total and _omit_breakdowns(cells, hidden, pinned):
            continue
        if extra is None:
            return hidden
        hidden[extra] = SECONDARY
