"""Work done once at server start, while the first browser is still fetching the app.

A cold start is otherwise: the server answers at once, the browser spends about a second
loading the frontend while the server idles, and only then does the first page import the
chart and table libraries and load, validate and compute the data. Here a background
thread does that work in the idle second: it imports what the pages import, then fills
the snapshot (``ui.data.prepare``) and the public view of its table, which the first page
takes from the same caches it would otherwise fill itself. Nothing shown changes: the page
gets the very objects it would have computed.

The page libraries are imported at a lower OS priority, in a thread of their own: they
overlap the browser's loading of the frontend, and when a browser runs on the same machine
(the benchmark, a test) it should not lose that time to them. The data are loaded at the
same time at normal priority, by a thread that never was lowered, because the worker
threads polars starts on its first query inherit the priority of the thread that starts
them, for good.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import threading
import time

# What the landing pages import besides the shell and what the data need (the other pages
# import theirs on first visit, as before): the heavy libraries first, then the page helpers.
WARM_MODULES = ("pyarrow", "pandas", "altair", "ui.components", "ui.charts", "ui.exports", "indicators.plan")
# Bound on how long a page waits for the warm-up's imports (seconds): they take about one.
IMPORT_WAIT_S = 60.0
# How long the warm-up lets the server start alone, and how often it looks (seconds).
SERVER_WAIT_S = 30.0
SERVER_POLL_S = 0.02
# How much nicer than the server the importing thread is (Linux nice steps).
IMPORT_NICENESS = 10

_imports_done = threading.Event()
_thread: threading.Thread | None = None


def start() -> threading.Thread:
    """Start the warm-up in a daemon thread (once per process) and return the thread."""
    global _thread
    if _thread is None:
        _thread = threading.Thread(target=_warm, name="cruscotto-warmup", daemon=True)
        _thread.start()
    return _thread


def wait_for_imports() -> None:
    """Block until the warm-up has imported its modules (at once if there is no warm-up).

    The page's script thread calls it before importing the same modules, so the two threads
    never import one package at the same time (a partly imported module seen by the other
    thread is how concurrent imports fail).
    """
    if _thread is not None:
        _imports_done.wait(IMPORT_WAIT_S)


def _server_up() -> bool:
    from streamlit.runtime import Runtime, RuntimeState

    return Runtime.exists() and Runtime.instance().state != RuntimeState.INITIAL


def _warm() -> None:
    # The server first: with one interpreter lock, work here would delay the moment the
    # browser may connect, which no warm-up can win back.
    deadline = time.monotonic() + SERVER_WAIT_S
    while not _server_up() and time.monotonic() < deadline:
        time.sleep(SERVER_POLL_S)
    # Side by side: polars reads and computes without the interpreter lock, so the imports
    # go on meanwhile. Two threads importing at once is safe here: if one ever saw a module
    # the other had half imported and failed, the page would import or load it itself.
    threading.Thread(target=_import_modules, name="cruscotto-warmup-import", daemon=True).start()
    from access.roles import PUBBLICO
    from ui import data, privacy

    # The first visitor is the public (logging in comes later), so its view is made too.
    data.prepare(then=lambda snap: privacy.public_view(snap.table, PUBBLICO))


def _import_modules() -> None:
    """Import ``WARM_MODULES`` at a lower priority; ``wait_for_imports`` returns once done."""
    try:
        if sys.platform.startswith("linux"):
            # On Linux a thread id names the thread alone: the rest of the server keeps its priority.
            with contextlib.suppress(OSError):
                me = threading.get_native_id()
                os.setpriority(os.PRIO_PROCESS, me, os.getpriority(os.PRIO_PROCESS, me) + IMPORT_NICENESS)
        for name in WARM_MODULES:
            importlib.import_module(name)
    finally:
        _imports_done.set()
