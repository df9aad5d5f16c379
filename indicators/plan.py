"""The Piano di Zona's areas and objectives, as the pages read them, from the plan file.

The plan is data: indicators/plans/pdz_2021_2023.yaml (source: seeds/004, «AREE TEMATICHE –
OBIETTIVI E AZIONI»), or the file chosen with ``--plan`` / $CRUSCOTTO_PIANI, loaded and checked
once by indicators/defs/pdz.py. Titles are the plan's own; the other texts are quoted or
condensed from each objective's sections («Target», «A quali bisogni risponde?», «L'obiettivo
è trasversale...»). ``notes`` record where the plan contradicts or repeats itself, so the
dashboard shows it instead of hiding it.

Also here: how an objective's status is summarised from its indicators' statuses, a rule
the overview and the area page share.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

import polars as pl

from indicators.defs.pdz import PLAN
from indicators.plan_file import ALL_AREAS
from indicators.status import STATUSES

DOC = PLAN.decl.documento
CICLO = PLAN.decl.ciclo
ANNI_CICLO = PLAN.decl.anni


@dataclass(frozen=True)
class Area:
    id: str
    title: str


@dataclass(frozen=True)
class Objective:
    id: str
    area: str
    title: str
    target_population: tuple[str, ...]
    needs: tuple[str, ...]
    transversal: tuple[str, ...]  # ids of the other areas it is transversal to
    transversal_text: str         # the plan's own sentence
    text: str                     # short description, condensed from the plan
    notes: tuple[str, ...] = ()   # inconsistencies of the plan, shown on the page


# The plan in use (indicators/plans/pdz_2021_2023.yaml unless --plan or $CRUSCOTTO_PIANI says
# otherwise), read and checked once with the computations it names.
_DECL = PLAN.decl

AREAS: tuple[Area, ...] = tuple(Area(a.id, a.titolo) for a in _DECL.aree)
AREA_BY_ID = {a.id: a for a in AREAS}
TUTTE = tuple(a.id for a in AREAS)

OBJECTIVES: tuple[Objective, ...] = tuple(
    Objective(o.id, o.area, o.titolo, o.destinatari, o.bisogni,
              TUTTE if o.trasversale == ALL_AREAS else o.trasversale, o.frase_trasversale, o.testo, o.note)
    for o in _DECL.obiettivi)
OBJECTIVE_BY_ID = {o.id: o for o in OBJECTIVES}

# Where an area of this plan has no achievement figure of the previous cycle's review to set
# beside it, the page says why (the 2018-2020 cycle had six areas).
REVIEW_NOTES = {a.id: a.nota_bilancio_precedente for a in _DECL.aree if a.nota_bilancio_precedente}


def objectives_of(area: str) -> list[Objective]:
    return [o for o in OBJECTIVES if o.area == area]


def area_of_objective(objective: str) -> str:
    return OBJECTIVE_BY_ID[objective].area


def objective_status(statuses: Iterable[str]) -> str:
    """Status of an objective from its indicators' latest statuses: the worst judgement present.

    One indicator «fuori target» makes the objective «fuori target», whatever the others say
    (a majority rule showed green tiles over indicators off target); else «a rischio», else «in
    linea». Statuses that are no judgement (senza dati, anno base, contesto, a hidden status)
    do not colour it; none judged: «senza dati».
    """
    present = set(statuses)
    return next((s for s in ("off_track", "at_risk", "on_track") if s in present), "no_data")


def status_counts(latest_rows: pl.DataFrame) -> dict[str, int]:
    """How many indicators are in each status (every status present, zero included)."""
    got = dict(latest_rows.group_by("status").len().iter_rows()) if latest_rows.height else {}
    return {s: int(got.get(s, 0)) for s in STATUSES}


def objective_summary(latest_rows: pl.DataFrame) -> pl.DataFrame:
    """One row per objective of the plan: objective, area, status, and n_<status> counts.

    ``latest_rows`` is the engine's latest() table (one row per indicator); objectives
    with no indicator at all still appear, as «senza dati».
    """
    rows = []
    for o in OBJECTIVES:
        mine = latest_rows.filter(pl.col("objective") == o.id) if latest_rows.height else latest_rows
        statuses = mine["status"].to_list() if mine.height else []
        counts = Counter(statuses)
        rows.append({"objective": o.id, "area": o.area, "title": o.title,
                     "status": objective_status(statuses),
                     **{f"n_{s}": counts.get(s, 0) for s in STATUSES}})
    return pl.DataFrame(rows)
