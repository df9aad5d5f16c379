"""Every dataset the dashboard knows, gathered once from the domain contract modules."""

from __future__ import annotations

from data_loaders.contracts import hug, pdz, pippi, risorse, territorio
from data_loaders.spec import DatasetSpec

_MODULES = (territorio, pdz, pippi, hug, risorse)


def _gather() -> dict[str, DatasetSpec]:
    out: dict[str, DatasetSpec] = {}
    for module in _MODULES:
        for spec in module.DATASETS:
            if spec.name in out:
                raise ValueError(f"dataset dichiarato due volte: {spec.name}")
            out[spec.name] = spec
    return out


DATASETS: dict[str, DatasetSpec] = _gather()


def get(name: str) -> DatasetSpec:
    try:
        return DATASETS[name]
    except KeyError:
        raise KeyError(f"dataset sconosciuto: {name!r}; noti: {', '.join(sorted(DATASETS))}") from None
