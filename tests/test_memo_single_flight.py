"""Many sessions asking for the same page value at once build it once (the Assemblea's crowd)."""

from __future__ import annotations

import threading
import time

from ui import memo


class Snap:
    """Stands for a data snapshot: anything a weak reference can point to."""


def test_concurrent_requests_for_one_value_build_it_once(monkeypatch):
    monkeypatch.setattr(memo, "viewer_key", lambda: ("pubblico", 5, "2026-11-23"))
    snap, builds, start = Snap(), [], threading.Barrier(8)

    def build():
        builds.append(threading.get_ident())
        time.sleep(0.3)  # a value that takes a while, so every thread asks while it is being built
        return {"tabella": 42}

    got = []

    def ask():
        start.wait()
        got.append(memo.per_snapshot(snap, ("panoramica", "tiles"), build))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(builds) == 1
    assert len(got) == 8 and all(g is got[0] for g in got)


def test_a_failed_build_lets_the_waiting_sessions_build_it_themselves(monkeypatch):
    monkeypatch.setattr(memo, "viewer_key", lambda: ("pubblico", 5, "2026-11-23"))
    snap, calls = Snap(), []
    started, release = threading.Event(), threading.Event()

    def failing():
        calls.append("first")
        started.set()
        release.wait(5)
        raise RuntimeError("disco non pronto")

    errors = []

    def first():
        try:
            memo.per_snapshot(snap, ("p",), failing)
        except RuntimeError as err:
            errors.append(err)

    t = threading.Thread(target=first)
    t.start()
    started.wait(5)
    waiter_result = []
    w = threading.Thread(target=lambda: waiter_result.append(memo.per_snapshot(snap, ("p",), lambda: "fatto")))
    w.start()
    release.set()
    t.join()
    w.join()
    assert errors and waiter_result == ["fatto"]
