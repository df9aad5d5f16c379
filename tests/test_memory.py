"""New data versions replace old snapshots in memory: after every page ran on a data version and
new data arrived, at most SNAPSHOTS_KEPT snapshots stay alive (a region's is ~0,5 GB)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

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
    # Six versions shown, at most the cache's entries alive: before, polars' cache of the last 64
    # map_elements functions kept every page run's globals (so its snapshot), the snapshot cache
    # kept 4, and fpdf's stored ImportError kept the report page run that first imported it.
    assert len(alive) <= ui_data.SNAPSHOTS_KEPT, [s.version for s in alive]


def test_importing_the_pdf_library_from_a_page_keeps_nothing_of_the_page():
    # fpdf keeps the ImportError of an optional package it goes without, and with it the traceback
    # of the stack that first imported it. A fresh interpreter, so that this import is the first.
    script = """
import gc, weakref
class Data: pass
def page_run():
    page_globals = {"__name__": "__main__", "snap": Data()}
    exec("import report.pdf", page_globals)
    return weakref.ref(page_globals["snap"])
kept = page_run()
gc.collect()
print("kept" if kept() is not None else "let go")
"""
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "let go"
