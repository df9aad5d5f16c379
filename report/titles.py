"""Titles of the plan's areas and objectives, from indicators/plan.py when it is there.

The plan module is written by another part of the project; until it exists (or if its
shape changes) the report falls back to the catalog's ids ("Area 3", "Obiettivo 3.1"),
so a missing title never stops a report.
"""

from __future__ import annotations

import importlib
from typing import Any

PIANO_AREE = tuple(str(i) for i in range(1, 11))
PIPPI = "pippi"
HUG = "hug"
SPECIAL_TITLES = {
    PIPPI: "Programma PIPPI – PNRR M5C2 1.1.1",
    HUG: "Centro per le Famiglie HUG",
    "risorse": "Risorse dell'Ambito",
    "territorio": "Territorio dell'Ambito",
}
RISORSE = "risorse"
TERRITORIO = "territorio"
SPECIAL_OBJECTIVES = {
    PIPPI: "Obiettivi del progetto PNRR",
    HUG: "Obiettivi del protocollo operativo",
    RISORSE: "Fondi e spesa sociale",
    TERRITORIO: "Popolazione e comuni",
}
# The report's sections in order: the plan's areas, the two programmes, then the context.
SECTIONS = (*PIANO_AREE, PIPPI, HUG, RISORSE, TERRITORIO)


def _plan() -> Any | None:
    try:
        return importlib.import_module("indicators.plan")
    except ImportError:
        return None


def _text(entry: Any) -> str | None:
    """The title held by a plan entry, whatever its shape (text, dataclass, dict)."""
    if isinstance(entry, str):
        return entry
    for key in ("title", "titolo", "name", "nome"):
        value = entry.get(key) if isinstance(entry, dict) else getattr(entry, key, None)
        if isinstance(value, str) and value:
            return value
    return None


def _table(*names: str) -> dict:
    plan = _plan()
    for name in names:
        table = getattr(plan, name, None) if plan else None
        if isinstance(table, dict):
            return table
        if isinstance(table, (list, tuple)):
            return {str(getattr(e, "id", "")): e for e in table if getattr(e, "id", None)}
    return {}


def area_title(area: str) -> str:
    """'Area 3 – Inclusione attiva' (plan title when known), or the PIPPI / HUG section title."""
    if area in SPECIAL_TITLES:
        return SPECIAL_TITLES[area]
    title = _text(_table("AREAS", "AREE").get(area, ""))
    return f"Area {area} – {title}" if title else f"Area {area}"


def objective_title(objective: str) -> str:
    """'Obiettivo 3.1 – …' (plan title when known); PIPPI and HUG have one objective each."""
    if objective in SPECIAL_OBJECTIVES:
        return SPECIAL_OBJECTIVES[objective]
    title = _text(_table("OBJECTIVES", "OBIETTIVI").get(objective, ""))
    return f"Obiettivo {objective} – {title}" if title else f"Obiettivo {objective}"


def objective_notes(objective: str) -> tuple[str, ...]:
    """Where the plan contradicts or repeats itself on ``objective`` (empty when it does not, or
    when the plan module is absent)."""
    notes = getattr(_table("OBJECTIVE_BY_ID", "OBJECTIVES", "OBIETTIVI").get(objective), "notes", ())
    return tuple(n for n in notes if isinstance(n, str))


def plan_objectives(area: str) -> list[str]:
    """The plan's objective ids of an area, in order (empty when the plan module is absent)."""
    ids = [k for k in _table("OBJECTIVES", "OBIETTIVI") if str(k).split(".")[0] == area]
    return sorted(ids, key=lambda o: tuple(int(p) if p.isdigit() else 0 for p in str(o).split(".")))


def objective_status(statuses: list[str]) -> str | None:
    """An objective's status from its indicators' statuses by the plan module's rule (None if absent)."""
    rule = getattr(_plan(), "objective_status", None)
    return rule(statuses) if rule else None
