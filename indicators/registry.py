"""The catalog, gathered once from the domain modules and checked at import."""

from __future__ import annotations

from data_loaders.registry import DATASETS
from indicators.catalog import CatalogError, Indicator, validate
from indicators.defs import hug, pdz, pippi, risorse, territorio

_MODULES = (pdz, pippi, hug, risorse, territorio)


def _build() -> list[Indicator]:
    entries = [ind for m in _MODULES for ind in m.INDICATORS]
    issues = validate(entries, set(DATASETS))
    if issues:
        raise CatalogError("Catalogo indicatori non valido:\n- " + "\n- ".join(issues))
    return entries


CATALOG: list[Indicator] = _build()
BY_ID: dict[str, Indicator] = {i.id: i for i in CATALOG}
