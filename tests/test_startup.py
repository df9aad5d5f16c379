"""The server-start warm-up (ui.warmup, ui.data.prepare): the first page takes the very snapshot
loaded at start, waits for it rather than loading twice, and a data change still reloads."""

from __future__ import annotations

import os
import sys
import threading

import pytest

import ui.data as data
from access.roles import PUBBLICO
from ui import privacy, warmup
from tests.apptest import open_page

WAIT_S = 60


@pytest.fixture
def fresh(monkeypatch, data_copy):
    """A clean data cache over a scratch copy of the sample data; counts every load_all call."""
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    calls: list[str] = []
    real = data.load_all

    def counting(folder, *args):
        calls.append(str(folder))
        return real(folder, *args)

    monkeypatch.setattr(data, "load_all", counting)
    data._load.clear()
    monkeypatch.setattr(data, "_prepared", {})
    monkeypatch.setattr(data, "_page_loaded", False)
    yield calls
    data._load.clear()


def test_the_page_takes_the_prepared_snapshot_itself(fresh):
    prepared = data.prepare()
    assert data.snapshot() is prepared
    assert data.snapshot() is prepared
    assert len(fresh) == 1
    # Handed over: nothing is kept aside any more.
    assert data._prepared == {}


def test_a_page_asking_while_the_load_runs_waits_for_it(fresh, monkeypatch):
    started, release = threading.Event(), threading.Event()
    counting = data.load_all

    def slow(folder, *args):
        started.set()
        assert release.wait(WAIT_S)
        return counting(folder, *args)

    monkeypatch.setattr(data, "load_all", slow)
    got: dict[str, object] = {}
    warm = threading.Thread(target=lambda: got.update(prepared=data.prepare()))
    warm.start()
    assert started.wait(WAIT_S)
    page = threading.Thread(target=lambda: got.update(page=data.snapshot()))
    page.start()
    release.set()
    warm.join(WAIT_S)
    page.join(WAIT_S)
    assert got["page"] is got["prepared"]
    assert len(fresh) == 1


def test_data_changed_after_the_start_are_loaded_afresh(fresh, data_copy):
    prepared = data.prepare()
    comuni = data_copy / "comuni.csv"
    stat = comuni.stat()
    os.utime(comuni, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    page = data.snapshot()
    assert page is not prepared
    assert page.version != prepared.version
    assert len(fresh) == 2
    # The stale snapshot is not kept in memory waiting for a page that will never take it.
    assert data._prepared == {}


def test_no_load_at_start_once_a_page_has_loaded(fresh):
    page = data.snapshot()
    assert data.prepare() is None
    assert data.snapshot() is page
    assert len(fresh) == 1


def test_a_failed_start_load_is_retried_by_the_page(fresh, monkeypatch):
    counting = data.load_all
    failures = iter([OSError("disco non pronto")])

    def flaky(folder, *args):
        for exc in failures:
            raise exc
        return counting(folder, *args)

    monkeypatch.setattr(data, "load_all", flaky)
    with pytest.raises(OSError):
        data.prepare()
    page = data.snapshot()
    assert page.table.height > 0
    assert len(fresh) == 1


def test_the_warm_up_makes_the_public_view_the_page_reads(fresh, monkeypatch):
    monkeypatch.setattr(warmup, "_thread", None)
    monkeypatch.setattr(warmup, "_imports_done", threading.Event())
    monkeypatch.setattr(warmup, "_server_up", lambda: True)
    privacy.clear_cache()
    warmup.start().join(WAIT_S)
    snap = data.snapshot()
    assert len(fresh) == 1

    def not_again(*args):
        raise AssertionError("the public view was not made at start")

    monkeypatch.setattr("access.views.table_for", not_again)
    view = privacy.public_view(snap.table, PUBBLICO)
    assert "suppressed" in view.columns


def test_a_page_opened_after_the_warm_up_does_not_load_again(fresh):
    prepared = data.prepare()
    at = open_page("pages/piano_di_zona.py")
    assert at.title[0].value == "Piano di Zona 2021-2023"
    assert len(fresh) == 1
    assert data.snapshot() is prepared


class _Waits:
    def __init__(self) -> None:
        self.calls: list[float] = []

    def wait(self, timeout: float) -> bool:
        self.calls.append(timeout)
        return True


def test_a_page_waits_for_the_warm_up_imports_only_when_there_is_one(monkeypatch):
    waits = _Waits()
    monkeypatch.setattr(warmup, "_imports_done", waits)
    monkeypatch.setattr(warmup, "_thread", None)
    warmup.wait_for_imports()
    assert waits.calls == []
    monkeypatch.setattr(warmup, "_thread", threading.current_thread())
    warmup.wait_for_imports()
    assert waits.calls == [warmup.IMPORT_WAIT_S]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread priority is Linux's")
def test_only_the_imports_run_at_a_lower_priority(monkeypatch):
    def priority() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    seen: dict[str, int] = {}
    monkeypatch.setattr(warmup, "_thread", None)
    monkeypatch.setattr(warmup, "_imports_done", threading.Event())
    monkeypatch.setattr(warmup, "_server_up", lambda: True)
    monkeypatch.setattr(warmup, "WARM_MODULES", ("json",))
    monkeypatch.setattr(warmup.importlib, "import_module", lambda name: seen.setdefault("imports", priority()))
    monkeypatch.setattr(data, "prepare", lambda then=None: seen.setdefault("data", priority()))
    warmup.start().join(WAIT_S)
    assert warmup._imports_done.wait(WAIT_S)
    base = priority()
    assert seen == {"imports": min(base + warmup.IMPORT_NICENESS, 19), "data": base}
