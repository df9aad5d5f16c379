"""Work done once at server start, while the first browser is still fetching the app.

A cold start is otherwise: the server answers at once, the browser spends about a second
loading the frontend while the server idles, and only then does the first page import the
chart and table libraries and load, validate and compute the data. Here a background
thread does that work in the idle second: it imports what the pages import, then fills
the snapshot (``ui.data.prepare``) and the public view of its table, which the first page
takes from the same caches it would otherwise fill itself. Nothing shown changes: the page
gets the very objects it would have computed.
"""

from __future__ import annotations

import importlib
import threading
import time

# What the landing pages import besides the shell (the other pages import theirs on first
# visit, as before): the heavy libraries first, then the app's page helpers.
WARM_MODULES = ("polars", "pyarrow", "pandas", "altair", "ui.data", "ui.privacy", "ui.components",
                "ui.charts", "ui.exports", "indicators.plan", "indicators.engine")
# Bound on how long a page waits for the warm-up's imports (seconds): they take about one.
IMPORT_WAIT_S = 60.0
# How long the warm-up lets the server start alone, and how often it looks (seconds).
SERVER_WAIT_S = 30.0
SERVER_POLL_S = 0.02

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

    return Runtime.exists() and Runtime.instance().state not in (RuntimeState.INITIAL,)


def _warm() -> None:
    # The server first: with one interpreter lock, work here would delay the moment the
    # browser may connect, which no warm-up can win back.
    deadline = time.monotonic() + SERVER_WAIT_S
    while not _server_up() and time.monotonic() < deadline:
        time.sleep(SERVER_POLL_S)
    try:
        for name in WARM_MODULES:
            importlib.import_module(name)
    finally:
        _imports_done.set()
    from access.roles import PUBBLICO
    from ui import data, privacy

    # The first visitor is the public (logging in comes later), so its view is made too.
    data.prepare(then=lambda snap: privacy.public_view(snap.table, PUBBLICO))
