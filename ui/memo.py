"""What a page derives from the data, made once per data snapshot and viewer, not on every rerun.

A widget click reruns the whole page script. Everything a page builds from the snapshot
alone (a chart's Vega-Lite spec, a formatted table) is the same on every rerun until the
data change, so ``per_snapshot`` keeps it beside the snapshot it came from:

- the key always holds the viewer's role, the small-cell threshold and the reference date,
  so a value made for one viewer is never shown to another;
- entries live exactly as long as their snapshot (a weak reference): a new data version
  gets a new snapshot from ``ui.data`` and so an empty memo, and the old entries go with
  the old snapshot, never keeping its frames in memory;
- values are shared between sessions and reruns, never copied: callers must not mutate them,
  and a value must not hold the snapshot itself (it would never be let go).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import Callable, Hashable, TypeVar

from access.suppression import threshold
from ui.session import current_role

T = TypeVar("T")

# Per snapshot: every page's charts and tables for every role and widget choice fit many
# times over (the largest page makes ~60 entries per choice); past it the oldest goes.
MAX_ENTRIES_PER_SNAPSHOT = 2048

# Reentrant: a snapshot collected while the lock is held runs its callback in the same thread.
_lock = threading.RLock()
# id(snapshot) -> (weak reference to it, its entries in least-recently-used order)
_memos: dict[int, tuple[weakref.ref, OrderedDict]] = {}
# (id(snapshot), key) -> set when the session building that value has finished (or failed)
_building: dict[tuple, threading.Event] = {}
WAIT_FOR_OTHER_S = 20.0


def _entries(snap) -> OrderedDict:
    sid = id(snap)
    with _lock:
        held = _memos.get(sid)
        if held is not None and held[0]() is snap:
            return held[1]
        entries: OrderedDict = OrderedDict()

        def forget(_ref, sid=sid) -> None:
            with _lock:
                current = _memos.get(sid)
                if current is not None and current[0] is _ref:
                    del _memos[sid]

        _memos[sid] = (weakref.ref(snap, forget), entries)
        return entries


def viewer_key() -> tuple:
    """What, besides the data, decides what a viewer may see: role, threshold, reference date."""
    from ui.data import as_of_env

    return current_role(), threshold(), as_of_env()


def per_snapshot(snap, key: tuple[Hashable, ...], build: Callable[[], T]) -> T:
    """``build()``, made once per snapshot, viewer (``viewer_key``) and ``key``, then reused.

    ``key`` must name everything else the value depends on (page, widget choices, ids). While one
    session builds a value, the others asking for it wait for that value instead of building it too:
    when the Assemblea opens the dashboard, many sessions ask for the same page at once, and each
    building it again kept the two cores busy with copies (python -m benchmarks --carico).
    """
    full = (*viewer_key(), *key)
    entries = _entries(snap)
    flight = (id(snap), full)
    with _lock:
        if full in entries:
            entries.move_to_end(full)
            return entries[full]
        other = _building.get(flight)
        if other is None:
            mine = _building[flight] = threading.Event()
    if other is not None:
        # Bounded: a value that needs another one being built the other way round must not wait forever.
        other.wait(WAIT_FOR_OTHER_S)
        with _lock:
            if full in entries:
                return entries[full]
        return build()
    try:
        value = build()
        with _lock:
            entries[full] = value
            while len(entries) > MAX_ENTRIES_PER_SNAPSHOT:
                entries.popitem(last=False)
        return value
    finally:
        with _lock:
            _building.pop(flight, None)
        mine.set()


def clear() -> None:
    """Forget every value (the benchmark's cold runs, tests)."""
    with _lock:
        _memos.clear()
