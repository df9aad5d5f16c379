"""Work on a large file's bytes that can run while polars reads them.

Polars and hashlib let go of the GIL while they work, so a second thread hashing or counting
line ends overlaps the parse instead of following it. Small inputs are done on the spot: a
thread costs more than the work.
"""

from __future__ import annotations

import threading
from typing import Callable, TypeVar

T = TypeVar("T")

# Below this size (bytes) the work is done at once on the calling thread.
THREAD_FROM_BYTES = 8 * 1024 * 1024


def soon(fn: Callable[..., T], data, size: int | None = None) -> Callable[[], T]:
    """A function returning ``fn(data)``: computed on a second thread when ``size`` (default
    ``len(data)``) is large, right away otherwise. Calling it waits for the thread; an
    exception is raised there."""
    if (len(data) if size is None else size) < THREAD_FROM_BYTES:
        value = fn(data)
        return lambda: value
    box: list = []

    def work() -> None:
        try:
            box.append((True, fn(data)))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, raised there
            box.append((False, exc))

    worker = threading.Thread(target=work, daemon=True)
    worker.start()

    def result() -> T:
        worker.join()
        ok, value = box[0]
        if not ok:
            raise value
        return value
    return result
