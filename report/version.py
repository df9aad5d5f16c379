"""The data version a report was computed from: a short fingerprint of the files' contents."""

from __future__ import annotations

import hashlib
from typing import Mapping

VERSION_LENGTH = 12  # hex digits: short enough to read aloud, long enough never to collide here


def data_version(results: Mapping) -> str:
    """Short SHA-256 (hex) over every dataset's name and content hash, missing files included.

    ``results`` is ``load_all(folder)``; each LoadResult already carries the SHA-256 of the
    bytes it parsed, so the version names exactly the data the figures came from and is the
    same on any machine holding the same files (unlike a size-and-mtime fingerprint).
    """
    h = hashlib.sha256()
    for name in sorted(results):
        r = results[name]
        digest = "-" if getattr(r, "missing", False) or not getattr(r, "sha256", "") else r.sha256
        h.update(f"{name}:{digest};".encode())
    return h.hexdigest()[:VERSION_LENGTH]
