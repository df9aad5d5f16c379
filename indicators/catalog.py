"""The indicator catalog: each indicator declared once, as data plus one pure function.

An entry says what the plan asks (the sentence it measures), what is counted, from
which dataset, with which formula, against which target. Its function takes the
validated frames and returns a frame with at least ``period``, ``territory`` and
``value`` (and ``numerator``/``denominator`` for a rate, ``rows`` for traceability,
``target`` where the target differs by territory), or a LazyFrame that gives it, or a
``Then`` (plans and the Python that makes the rows of their frames): the engine runs the
plans of many indicators in one polars call. The catalog is checked when it is
built: a duplicate id, an unknown dataset or a missing plan sentence stops start-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Hashable, Literal, Mapping

import polars as pl

Frames = Mapping[str, pl.DataFrame]
Kind = Literal["output", "outcome", "contesto"]
Unit = Literal["numero", "percentuale", "euro", "euro_per_abitante", "ore", "giorni", "indice"]
Comparison = Literal["at_least", "above", "at_most", "below", "increase", "decrease"]
MetricType = Literal["simple", "ratio", "derived", "cumulative"]

UNIT_LABELS: dict[str, str] = {
    "numero": "n.", "percentuale": "%", "euro": "€", "euro_per_abitante": "€/ab.",
    "ore": "ore", "giorni": "giorni", "indice": "indice",
}


@dataclass(frozen=True)
class Target:
    """A target and how to judge it.

    ``value`` is None for "increase/decrease over baseline" (the first period with data).
    ``pace``: the value accumulates over its period (a count of families in a year, a
    cumulative count over a project), so before the period ends it is judged against the
    share of the target due by then.
    """

    comparison: Comparison
    value: float | None = None
    period: str = "annuale"
    pace: bool = False
    label: str = ""
    # Whether the plan writes this target (with ``statement``, its words) or the dashboard proposes it;
    # None where no plan file says (the programmes still declared in Python).
    stated: bool | None = None
    statement: str = ""

    def describe(self) -> str:
        if self.label:
            return self.label
        if self.value is None:
            return "aumento rispetto all'anno base" if self.comparison == "increase" else "diminuzione rispetto all'anno base"
        sign = {"at_least": "≥", "above": ">", "at_most": "≤", "below": "<"}[self.comparison]
        return f"{sign} {self.value:g}"


# Column a batch family tags its rows with: the member's position in the params it was given.
MEMBER = "_member"


@dataclass(frozen=True)
class Then:
    """What an indicator's function returns when part of its work is Python over a few rows (a
    lookup, labels, a grid): the plans it needs, and ``rows(*frames)`` that makes its rows of their
    frames. The engine runs the plans with every other indicator's, then calls ``rows``."""

    plans: tuple[pl.LazyFrame, ...]
    rows: Callable[..., pl.DataFrame]

    def then(self, more: Callable[[pl.DataFrame], pl.DataFrame]) -> "Then":
        """The same plans, with ``more`` applied to the rows."""
        return Then(self.plans, lambda *frames: more(self.rows(*frames)))


Output = pl.DataFrame | pl.LazyFrame | Then


@dataclass(frozen=True)
class Batch:
    """An indicator's function when it is one member of a *family* of indicators of the same shape.

    ``family(frames, params)`` returns the rows of every member at once, each tagged with column
    ``MEMBER`` (its position in ``params``), or a LazyFrame or Then that gives them. The engine calls
    it once for all the catalog's members: one query instead of one per indicator, since polars'
    fixed cost per call outweighs the work at the Ambito's scale. Called as an indicator's ``compute``, it runs the family for this member
    alone, so the single and the batched path cannot drift.
    """

    family: Callable[[Frames, tuple], Output]
    param: Hashable
    name: str = ""

    def __call__(self, frames: Frames) -> Output:
        out = self.family(frames, (self.param,))
        if isinstance(out, Then):
            return out.then(lambda rows: rows.drop(MEMBER, strict=False))
        return out.drop(MEMBER, strict=False)

    @property
    def __name__(self) -> str:
        return self.name or f"{self.family.__name__}_{self.param}"


@dataclass(frozen=True)
class Indicator:
    id: str
    area: str
    objective: str
    kind: Kind
    name: str
    unit: Unit
    direction: Literal["up", "down"]
    target: Target | None
    sources: tuple[str, ...]
    plan_text: str
    measure: str
    formula: str
    compute: Callable[[Frames], Output] = field(compare=False, repr=False)
    metric_type: MetricType = "simple"
    decimals: int = 0
    proposed: bool = False  # proposed by the dashboard where the plan is silent or inconsistent
    # The value counts people or families (or is a rate over them): small cells are
    # suppressed for the public and the Assemblea (access/suppression.py).
    sensitive: bool = False
    plan_ref: str = ""  # where in the source document the sentence stands
    # The programme's own calendar, when its periods are not plain calendar slices: per territory
    # root ('Ambito Cremonese'), the (first, last) day of the programme. A row's period is cut to
    # it (a project ending on 30/06/2026 closes its year 2026 then), so pace and «closed» follow it.
    calendar: Callable[[Frames], Mapping[str, tuple]] | None = field(default=None, compare=False, repr=False)
    # The periods the target applies to (the PdZ's years 2021-2023): each has a row for the Ambito,
    # «senza dati» when nothing was loaded for it, at the data's own grain (semesters if they are).
    due_periods: tuple[str, ...] = ()
    # From the plan file (indicators/plan_file.py): where the plan contradicts itself on this
    # indicator, whether it counts a stock (at a date) or a flow (over a period), the columns it reads.
    notes: tuple[str, ...] = ()
    stock_flow: str = ""
    columns: tuple[str, ...] = ()


class CatalogError(ValueError):
    pass


def validate(entries: list[Indicator], known_datasets: set[str]) -> list[str]:
    """Every problem with the catalog, as sentences (empty list: the catalog is sound)."""
    issues: list[str] = []
    seen: set[str] = set()
    for ind in entries:
        if ind.id in seen:
            issues.append(f"{ind.id}: id duplicato")
        seen.add(ind.id)
        unknown = [s for s in ind.sources if s not in known_datasets]
        if unknown:
            issues.append(f"{ind.id}: dataset sconosciuti {unknown}")
        if not ind.sources:
            issues.append(f"{ind.id}: nessun dataset di origine")
        if not ind.plan_text.strip():
            issues.append(f"{ind.id}: manca la frase del piano che misura")
        if not ind.measure.strip() or not ind.formula.strip():
            issues.append(f"{ind.id}: manca la definizione di cosa si conta o la formula")
        if ind.metric_type == "ratio" and ind.unit != "percentuale" and ind.unit != "euro_per_abitante":
            issues.append(f"{ind.id}: un rapporto deve essere in percentuale o per abitante")
        if ind.target and ind.target.value is None and ind.target.comparison not in ("increase", "decrease"):
            issues.append(f"{ind.id}: target senza valore")
    return issues
