"""The indicator catalog as a table a person can read: one row per indicator, what it counts, how,
from which file and columns, against which target, and whether the plan states that target or the
dashboard proposes it. Pure: catalog entries in, a polars frame out (the «Catalogo» page, its CSV).
"""

from __future__ import annotations

import re
from typing import Iterable

import polars as pl

from data_loaders.registry import DATASETS
from indicators.catalog import UNIT_LABELS, Indicator

KIND_IT = {"output": "output", "outcome": "outcome", "contesto": "contesto"}
AREA_IT = {"pippi": "PIPPI", "hug": "Centro per le Famiglie", "risorse": "Risorse", "territorio": "Territorio"}
STATED = "dichiarato dal piano"
PROPOSED = "proposto"
NO_TARGET = "nessun target"
NO_TARGET_TEXT = "—"
# A count of a register's rows names no column: say what is read rather than leave the cell blank.
ROWS_COUNTED = "le righe del file (conteggio)"

COLUMNS = ("Codice", "Area", "Obiettivo", "Tipo", "Indicatore", "Unità", "Definizione", "Formula",
           "File di origine", "Colonne", "Target", "Target dichiarato o proposto", "Frase che dichiara il target",
           "Frase del piano", "Riferimento")


def target_origin(ind: Indicator) -> str:
    """STATED, PROPOSED or NO_TARGET: where the indicator's target comes from."""
    if ind.target is None:
        return NO_TARGET
    return PROPOSED if ind.proposed else STATED


def target_sentence(ind: Indicator) -> str:
    """The plan's words that state the target (empty for a proposed target or none). Plans read from
    a file may carry the sentence on the target itself; otherwise the stated target stands in the
    sentence the indicator measures."""
    if target_origin(ind) != STATED:
        return ""
    return getattr(ind.target, "sentence", "") or ind.plan_text


def source_columns(ind: Indicator) -> list[str]:
    """The columns of its files the indicator reads: declared ones when the entry has them, otherwise
    the row key of each file and the contract columns its formula or definition names."""
    declared = getattr(ind, "columns", ())
    if declared:
        return list(declared)
    words = set(re.findall(r"[a-z_]+", f"{ind.formula} {ind.measure}".lower()))
    out: list[str] = []
    for name in ind.sources:
        spec = DATASETS[name]
        for col in (*spec.key, *(c for c in spec.column_names if c in words)):
            label = f"{name}.{col}" if len(ind.sources) > 1 else col
            if label not in out:
                out.append(label)
    return out or [ROWS_COUNTED]


def _area(ind: Indicator) -> str:
    return AREA_IT.get(ind.area, f"Area {ind.area}")


def catalogue_rows(entries: Iterable[Indicator]) -> pl.DataFrame:
    """One row per indicator, columns COLUMNS, every cell text (Italian), in the catalog's order."""
    rows = []
    for ind in entries:
        rows.append((
            ind.id, _area(ind), ind.objective, KIND_IT.get(ind.kind, ind.kind), ind.name,
            UNIT_LABELS.get(ind.unit, ind.unit), ind.measure, ind.formula,
            ", ".join(DATASETS[s].filename for s in ind.sources), ", ".join(source_columns(ind)),
            ind.target.describe() if ind.target else NO_TARGET_TEXT, target_origin(ind), target_sentence(ind),
            ind.plan_text, ind.plan_ref,
        ))
    return pl.DataFrame(rows, schema={c: pl.Utf8 for c in COLUMNS}, orient="row")


def search(rows: pl.DataFrame, text: str) -> pl.DataFrame:
    """The rows where every word of ``text`` appears in some cell (case and accents as typed are
    ignored only for case): «famiglie proposto» finds the rows with both words."""
    words = [w for w in text.lower().split() if w]
    if not words:
        return rows
    haystack = pl.concat_str([pl.col(c).fill_null("") for c in rows.columns], separator=" ").str.to_lowercase()
    return rows.filter(pl.all_horizontal(haystack.str.contains(w, literal=True) for w in words))
