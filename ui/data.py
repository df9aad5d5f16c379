"""Loading and computing, cached on the data version so a widget change never reloads."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import polars as pl
import streamlit as st

import settings
from data_loaders import load_all
from data_loaders.loader import LoadResult, data_dir, dataset_files
from data_loaders.registry import DATASETS
from data_loaders.versions import MANIFEST, STORE_DIR, Store, StoreError, Version
from indicators import format as fmt
from indicators.engine import compute_all
from report import version as report_version


@dataclass
class Snapshot:
    folder: str
    version: str
    loaded_at: dt.datetime
    results: dict[str, LoadResult]
    table: pl.DataFrame
    # Which recorded version each current file is (None: missing, or copied in by hand) and
    # the file's modification time: together they say when each dataset was loaded.
    versions: dict[str, Version | None] = field(default_factory=dict)
    file_times: dict[str, dt.datetime] = field(default_factory=dict)
    as_of: dt.date | None = None

    @functools.cached_property
    def version_text(self) -> str:
        """'dati al 30/10/2026 · versione 1a2b3c4d5e6f', from the files' contents: the text the PDF
        and the downloads carry too (report.version). ``version`` is only the cache key."""
        return report_version.version_text(self.results, self.as_of or as_of_env())

    def frame(self, name: str) -> pl.DataFrame:
        return self.results[name].frame

    def loaded_on(self, name: str) -> dt.datetime | None:
        """When the current file of a dataset was loaded: its version's time, else the file's date."""
        version = self.versions.get(name)
        return version.when if version else self.file_times.get(name)

    @property
    def updated_at(self) -> dt.datetime:
        """The most recent load among the datasets present (the snapshot's time if none is)."""
        times = [t for t in (self.loaded_on(n) for n in self.results) if t is not None]
        return max(times, key=lambda t: t.timestamp()) if times else self.loaded_at

    def source_note(self, name: str) -> str:
        """'comuni.csv, versione 3 del 23/11/2026 (caricata da …)': where a dataset's figures come from."""
        result = self.results[name]
        if result.missing:
            return f"{result.spec.filename}: mancante"
        version = self.versions.get(name)
        if version is None:
            return f"{result.spec.filename}, file del {fmt.date(self.file_times.get(name))} (versione non registrata)"
        who = f" da {version.caricato_da}" if version.caricato_da else ""
        return f"{result.spec.filename}, versione {version.numero} del {fmt.date(version.when)}{who}"

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
        # A spreadsheet in the folder is read like the CSV (loader.dataset_files): its arrival counts too.
        for twin in dataset_files(spec, folder):
            with contextlib.suppress(FileNotFoundError):
                if twin.name != spec.filename:
                    s = twin.stat()
                    h.update(f"{twin.name}:{s.st_size}:{s.st_mtime_ns};".encode())
        # The version history too: a version recorded after its file was switched in must show.
        with contextlib.suppress(FileNotFoundError):
            s = (folder / STORE_DIR / spec.name / MANIFEST).stat()
            h.update(f"m:{s.st_size}:{s.st_mtime_ns};".encode())
    return h.hexdigest()[:16]

SNAPSHOTS_KEPT = 2


# cache_resource, not cache_data: the snapshot is shared read-only by every session and
# rerun, so it is neither pickled nor copied (a warm rerun costs nothing), and the
# contracts it carries hold check functions that pickle cannot serialise.
# Two entries: the data version being shown and the one before it (sessions still drawing
# it when new data arrive). At a region's scale a snapshot is ~0,5 GB: more kept would
# break the 1 GiB budget after a few uploads.
@st.cache_resource(show_spinner="Caricamento e verifica dei dati…", max_entries=SNAPSHOTS_KEPT)
def _load(folder: str, version: str, as_of: dt.date) -> Snapshot:
    pending = _take_prepared((folder, version, as_of))
    if pending is not None:
        with contextlib.suppress(Exception):
            return pending.result()
        # The server-start load failed: load again here, so the page shows the error itself.
    return _build(folder, version, as_of)


def _build(folder: str, version: str, as_of: dt.date) -> Snapshot:
    """Load and validate every dataset of ``folder``, then compute every indicator."""
    results = load_all(folder, as_of)
    table = compute_all(results, as_of)
    versions, times = _versions(folder, results)
    return Snapshot(folder, version, dt.datetime.now(), results, table, versions, times, as_of)


# Snapshots begun before any page asked (``prepare`` at server start), by cache key. The
# first ``_load`` takes its own and drops the rest, so a snapshot whose data changed before
# anyone looked is not kept in memory.
_prepared: dict[tuple[str, str, dt.date], Future] = {}
_prepared_lock = threading.Lock()
_page_loaded = False


def _take_prepared(key: tuple[str, str, dt.date]) -> Future | None:
    global _page_loaded
    with _prepared_lock:
        _page_loaded = True
        pending = _prepared.pop(key, None)
        _prepared.clear()
    return pending


def prepare(then: Callable[[Snapshot], object] | None = None) -> Snapshot | None:
    """Load and compute the current data now, in the calling thread, for the first page to take.

    Meant for a background thread at server start: a page asking meanwhile waits for this
    result instead of loading a second time (same folder, data version and date, hence the
    same key as ``snapshot()``), and gets the very object returned here; a page asking after
    the data changed loads afresh. ``then(snapshot)`` runs before the page may take it (the
    public view of the table, say); if it fails the page simply does that work itself.
    Returns the snapshot; None, without loading, if a page has already loaded the data.
    """
    folder = data_dir()
    key = (str(folder), data_version(folder), as_of_env())
    pending: Future = Future()
    with _prepared_lock:
        if _page_loaded:
            return None
        _prepared[key] = pending
    try:
        snap = _build(*key)
    except BaseException as exc:
        # Never leave a page waiting on a load that died: it loads again and shows the error.
        pending.set_exception(exc)
        raise
    try:
        if then is not None:
            with contextlib.suppress(Exception):
                then(snap)
    finally:
        pending.set_result(snap)
    return snap


def _versions(folder: str, results: dict[str, LoadResult]) -> tuple[dict, dict]:
    """Each dataset's recorded version (matched by the hash of the bytes just read) and file time."""
    versions: dict[str, Version | None] = {}
    times: dict[str, dt.datetime] = {}
    for name, result in results.items():
        if result.missing:
            continue
        with contextlib.suppress(OSError):
            times[name] = dt.datetime.fromtimestamp(Path(result.path).stat().st_mtime).astimezone()
        try:
            versions[name] = Store(name, folder).version_for(result.sha256)
        except StoreError:
            versions[name] = None
    return versions, times


# Inside one page run the snapshot is looked up once: every figure of the page comes from the same
# data version even if a file changes half-way, and the data folder is not stat-ed again for each
# figure (py-spy under 25 sessions: 6 % of the server's CPU went to data_version).
_this_run = threading.local()


@contextlib.contextmanager
def one_snapshot_per_run():
    """Within the block (the shell wraps each page run in it), snapshot() answers the same object."""
    _this_run.active, _this_run.snap = True, None
    try:
        yield
    finally:
        _this_run.active, _this_run.snap = False, None


def snapshot() -> Snapshot:
    if getattr(_this_run, "active", False) and _this_run.snap is not None:
        return _this_run.snap
    folder = data_dir()
    snap = _load(str(folder), data_version(folder), as_of_env())
    if getattr(_this_run, "active", False):
        _this_run.snap = snap
    return snap


def as_of_env() -> dt.date:
    """Reference date of the status rule: today, or $CRUSCOTTO_AS_OF (ISO) for reproducible views."""
    return settings.get().reference_date
