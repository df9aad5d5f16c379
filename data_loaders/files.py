"""Writing a file so that a crash half-way leaves the old one whole: the one way the project does it,
for data versions (data_loaders/versions.py) and the users file (access/accounts.py)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

# Temporary files of a write in progress start with this (the versions store skips them).
TMP_PREFIX = ".tmp-"
# A data file readable by the server's group and others; the users file asks for 0600 itself.
FILE_MODE = 0o644


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write ``data`` to ``path`` so that ``path`` is either the old file or the new, whole one.

    ``mode``: the new file's permissions; by default the mode the file had, or a readable one.
    Two writers never share a temporary file (mkstemp gives each its own name)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{TMP_PREFIX}{path.name}.")
    try:
        if mode is None:
            mode = path.stat().st_mode & 0o777 if path.exists() else FILE_MODE
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)
