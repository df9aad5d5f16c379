"""Loading and computing, cached on the data version so a widget change never reloads."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import streamlit as st

from data_loaders import load_all
from data_loaders.loader import LoadResult, data_dir
from data_loaders.registry import DATASETS
from indicators.engine import compute_all


@dataclass
class Snapshot:
    folder: str
    version: str
    loaded_at: dt.datetime
    results: dict[str, LoadResult]
    table: pl.DataFrame

    def frame(self, name: str) -> pl.DataFrame:
        return self.results[name].frame

    def missing(self, *names: str) -> list[str]:
        return [self.results[n].spec.filename for n in names
                if self.results[n].missing or self.results[n].frame.height == 0]


def data_version(folder: Path) -> str:
    """Cheap fingerprint of the data folder: file names, sizes and modification times."""
    h = hashlib.sha256()
    for spec in sorted(DATASETS.values(), key=lambda s: s.name):
        p = folder / spec.filename
        try:
            s = p.stat()
            h.update(f"{spec.filename}:{s.st_size}:{s.st_mtime_ns};".encode())
        except FileNotFoundError:
            h.update(f"{spec.filename}:-;".encode())
    return h.hexdigest()[:16]


# cache_resource, not cache_data: the snapshot is shared read-only by every session and
# rerun, so it is neither pickled nor copied (a warm rerun costs nothing), and the
# contracts it carries hold check functions that pickle cannot serialise.
@st.cache_resource(show_spinner="Caricamento e verifica dei dati…", max_entries=4)
def _load(folder: str, version: str, as_of: dt.date) -> Snapshot:
    results = load_all(folder)
    table = compute_all(results, as_of)
    return Snapshot(folder, version, dt.datetime.now(), results, table)


def snapshot() -> Snapshot:
    folder = data_dir()
    return _load(str(folder), data_version(folder), as_of_env())


def as_of_env() -> dt.date:
    """Reference date of the status rule: today, or $CRUSCOTTO_AS_OF (ISO) for reproducible views."""
    text = os.environ.get("CRUSCOTTO_AS_OF")
    return dt.date.fromisoformat(text) if text else dt.date.today()
