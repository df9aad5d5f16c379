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

A percentage publishes three cells at once: its numerator, its complement (base - numerator)
and its base, a group of their own (base = numerator + complement) and ``tied``: they are shown
or hidden together, so a small complement (63,64 % of 11 families: 4 without relief) hides the
percentage as a small numerator does. The attacker is assumed to know all three of a shown
percentage (the base is often public beside it, and 84,62 % can only be 11/13 on a small base).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

# Propagation stops after this many sweeps over the groups even if ranges still shrink by a
# unit at a time; the audit then errs on the safe side only if it already found a pin.
MAX_SWEEPS = 200
# Where percentages take part, this many candidate complements are tried before one is hidden.
TRIALS = 4
PRIMARY = "primaria"
SECONDARY = "secondaria"
OMITTED = "omessa"
# A part of a hidden percentage that is not itself small: the attacker cannot tell which of its
# parts made it hidden, so such a part may be anything.
TIED = "legata"


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
    # Cells published as one figure (a percentage's numerator, complement and base).
    tied: list[list[int]] = field(default_factory=list)
    # Cells hidden already (by an earlier pass), with their marks: never given away either.
    preset: dict[int, str] = field(default_factory=dict)

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


def _hide(cells: Cells, hidden: dict[int, str], i: int, mark: str, ties: dict[int, list[int]]) -> set[int]:
    """Hide ``i`` with ``mark`` and the cells tied to it; returns the cells hidden now. A cell of
    a percentage is «< n» if small (assumed known so, to be safe), otherwise may be anything."""
    done = {i}
    if i not in ties:
        hidden[i] = mark
        return done
    for j in ties[i]:
        if hidden.get(j) != PRIMARY:
            hidden[j] = PRIMARY if cells.is_primary(j) else TIED
            done.add(j)
    return done


def _initial(cells: Cells, hidden: dict[int, str], i: int) -> tuple[float, float]:
    """A cell's range before propagation: its value if shown, else what its mark says."""
    if i in hidden:
        if hidden[i] == PRIMARY:
            return 1.0, float(cells.n - 1)
        if hidden[i] == OMITTED:
            return 0.0, float(cells.n - 1)
        if hidden[i] == TIED:
            return 0.0, math.inf
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
    # Bound methods looked up once: this loop runs for every part after each hiding step.
    lo_of, hi_of, isfinite = lo.__getitem__, hi.__getitem__, math.isfinite
    for _ in range(MAX_SWEEPS):
        changed = False
        for total, members in groups:
            sum_lo = sum(map(lo_of, members))
            sum_hi = sum(map(hi_of, members))
            # total = sum of members
            new_lo, new_hi = max(lo[total], sum_lo), min(hi[total], sum_hi)
            if (new_lo, new_hi) != (lo[total], hi[total]):
                lo[total], hi[total], changed = new_lo, new_hi, True
            for m in members:
                others_lo = sum_lo - lo[m]
                others_hi = sum_hi - hi[m] if isfinite(hi[m]) else _sum_except(hi, members, m)
                m_lo = max(lo[m], lo[total] - others_hi)
                m_hi = min(hi[m], hi[total] - others_lo)
                if (m_lo, m_hi) != (lo[m], hi[m]):
                    lo[m], hi[m], changed = m_lo, m_hi, True
                    sum_lo = sum(map(lo_of, members))
                    sum_hi = sum(map(hi_of, members))
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
    an omitted zero is "nobody"), or one an earlier pass relied on staying unknown."""
    return hidden[i] == PRIMARY or (hidden[i] == OMITTED and cells.values[i] > 0) or i in cells.preset


def _breakdowns_to_omit(cells: Cells, hidden: dict[int, str], pinned: list[int], groups) -> list[int]:
    """Of ``groups``, those through which a small cell is worked out and whose members may all
    be left out, being hidden or zero."""
    pinned_set = set(pinned)
    out = []
    for g in groups:
        _total, members = cells.groups[g]
        if not any(m in pinned_set and _is_small(cells, hidden, m) for m in members):
            continue
        if not all(m in cells.droppable for m in members):
            continue
        if all(hidden.get(m) in (PRIMARY, OMITTED) or cells.values[m] == 0 for m in members):
            out.append(g)
    return out


def _omit(cells: Cells, hidden: dict[int, str], groups: list[int]) -> set[int]:
    """Leave out the small and zero members of ``groups``; returns the cells left out now."""
    done: set[int] = set()
    for g in groups:
        for m in cells.groups[g][1]:
            if hidden.get(m) != OMITTED and (hidden.get(m) == PRIMARY or cells.values[m] == 0):
                hidden[m] = OMITTED
                done.add(m)
    return done


def _complements(cells: Cells, hidden: dict[int, str], groups) -> list[tuple]:
    """The cells that may be hidden next among ``groups`` (those through which a hidden cell is
    worked out): shown, non-zero cells, best first. Preferred: the one in most such groups
    (hiding it breaks several chains, e.g. closes a rectangle in a cross-tab), then a member over
    a total, then the smallest. Each as its sort key (-groups, is a total, value, cell)."""
    groups_of: dict[int, set[int]] = {}
    totals: set[int] = set()
    for g in groups:
        total, members = cells.groups[g]
        for c in [total, *members]:
            if c not in hidden and c not in cells.fixed and cells.values[c] > 0:
                groups_of.setdefault(c, set()).add(g)
                if c == total:
                    totals.add(c)
    return sorted((-len(gs), c in totals, cells.values[c], c) for c, gs in groups_of.items())


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
        if not any(c in hidden for c in self.part_cells[k]):
            return []  # nothing hidden, nothing to give away: no need to propagate
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

    Each step: while a small cell is given away anywhere, hide the best complement among the
    groups of every given-away cell; if that is a group's total, first leave out the breakdowns
    that can be. What each part of the groups offers is kept and worked out again only for the
    part the step changed.
    """
    ties = {i: tie for tie in cells.tied for i in tie}
    hidden: dict[int, str] = dict(cells.preset)
    for i in range(len(cells.values)):
        if cells.is_primary(i):
            _hide(cells, hidden, i, PRIMARY, ties)
    if not hidden or not cells.groups:
        return hidden
    index = _Index(cells)
    # Cells in no group keep their mark's range: given away only if that range is one value.
    alone_small = any(_initial(cells, hidden, i)[0] >= _initial(cells, hidden, i)[1] and _is_small(cells, hidden, i)
                      for i in hidden if i not in index.part_of)
    # part -> (a small cell is given away, best complement's key, breakdowns that can be left out)
    parts: dict[int, tuple[bool, tuple | None, list[int]]] = {}

    def small_pinned(k: int, extra: int) -> int:
        """Small cells of part ``k`` given away were ``extra`` hidden too (tried, then undone)."""
        before = {c: hidden.get(c) for c in (ties.get(extra) or [extra])}
        _hide(cells, hidden, extra, SECONDARY, ties)
        found = sum(_is_small(cells, hidden, c) for c in index.pinned(cells, hidden, k))
        for c, mark in before.items():
            if mark is None:
                del hidden[c]
            else:
                hidden[c] = mark
        return found

    def best_of(k: int, candidates: list[tuple]) -> tuple | None:
        """The first candidate, or where percentages take part (their cells are tied, so the
        group count says little: hiding a base also known as a count frees nothing) the one of
        the first few that leaves the fewest small cells given away, a member before a total."""
        if not candidates or not ties or not TRIALS:
            return candidates[0] if candidates else None
        tried = []
        for n, key in enumerate(candidates[:TRIALS]):
            left = small_pinned(k, key[3])
            if left == 0 and not key[1]:
                return key  # a member that frees every small cell: no better one to find
            tried.append((left, key[1], n, key))
        return min(tried)[3]  # fewest given away, then a member over a total, then the order

    def refresh(k: int) -> None:
        pinned = index.pinned(cells, hidden, k)
        if not pinned:
            parts.pop(k, None)
            return
        parts[k] = (any(_is_small(cells, hidden, c) for c in pinned),
                    best_of(k, _complements(cells, hidden, index.near(pinned, index.holding))),
                    _breakdowns_to_omit(cells, hidden, pinned, index.near(pinned, index.member_of)))

    for k in range(len(index.part_groups)):
        refresh(k)
    while alone_small or any(small for small, _b, _o in parts.values()):
        best = min((b for _s, b, _o in parts.values() if b is not None), default=None)
        changed: set[int] = set()
        if best is None or best[1]:  # no complement, or only a group's total
            for _s, _b, omit in list(parts.values()):
                changed |= _omit(cells, hidden, omit)
        if not changed:
            if best is None:
                break
            changed = _hide(cells, hidden, best[3], SECONDARY, ties)
        for k in {index.part_of[c] for c in changed}:
            refresh(k)
    return hidden
