"""The data version a report was computed from: a short fingerprint of the files' contents."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Mapping

import polars as pl

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


def data_date(results: Mapping, as_of: dt.date) -> dt.date | None:
    """The last day the data record something: the latest date in any date column of the valid
    rows, dates after ``as_of`` left out (they are plans: a project's end, a validity). None when
    the files hold no date (yearly figures only).

    Read from the contents, like ``data_version``: identical files give the same day anywhere,
    whenever and however they were copied or uploaded."""
    latest: dt.date | None = None
    for r in results.values():
        frame = getattr(r, "frame", None)
        if getattr(r, "missing", False) or frame is None or frame.height == 0:
            continue
        for col, dtype in frame.schema.items():
            if dtype not in (pl.Date, pl.Datetime):
                continue
            days = frame[col].cast(pl.Date)
            got = days.filter(days <= as_of).max()
            if got is not None and (latest is None or got > latest):
                latest = got
    return latest


def version_text(results: Mapping, as_of: dt.date) -> str:
    """'dati al 30/10/2026 · versione 1a2b3c4d5e6f': the data version as people read it, the same
    on every page, download and report built from the same files."""
    day = data_date(results, as_of)
    when = f"dati al {day:%d/%m/%Y}" if day else "dati senza date"
    return f"{when} · versione {data_version(results)}"
