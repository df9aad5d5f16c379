"""New data versions replace old snapshots in memory: after every page ran on a data version and
new data arrived, at most SNAPSHOTS_KEPT snapshots stay alive (a region's is ~0,5 GB)."""

from __future__ import annotations

import gc
import os

from streamlit.testing.v1 import AppTest

from tests.apptest import TIMEOUT, log_in
from tests.conftest import ROOT
from ui import data as ui_data
from ui.shell import PAGES


def _alive_snapshots() -> list:
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, ui_data.Snapshot)]


def _run_every_page(role: str | None) -> None:
    for page in PAGES:
        if (role or "pubblico") not in page.roles:
            continue
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
        if role:
            log_in(at, role)
        at.run()
        at.switch_page(str(ROOT / page.path)).run()
        assert not at.exception, (page.path, [e.message for e in at.exception])


def test_old_data_versions_are_let_go_after_every_page_ran(data_copy, monkeypatch):
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    for version in range(6):
        # A new data version: the comuni file rewritten (same rows, new modification time).
        path = data_copy / "comuni.csv"
        path.write_bytes(path.read_bytes())
        os.utime(path, ns=(10**18 + version, 10**18 + version))
        _run_every_page(None)
        _run_every_page("coordinatore")
    alive = _alive_snapshots()
    # Six versions shown, at most the cache's entries plus one still alive: before, polars' cache of
    # the last 64 map_elements functions kept every page run's globals (so its snapshot), and
    # the snapshot cache kept 4. The "+ 1": one page run (the report page's, seen once) still
    # points to an earlier snapshot; it does not grow with the versions.
    assert len(alive) <= ui_data.SNAPSHOTS_KEPT + 1, [s.version for s in alive]
