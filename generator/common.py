"""Writing rows the way Italian Excel does (';', decimal comma) and the shared random source."""

from __future__ import annotations

import csv
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True)
class Scale:
    name: str
    ambiti: int          # Ambiti generated besides the principal one
    years: tuple[int, ...]
    record_factor: int   # multiplies record-level volumes

    @property
    def is_region(self) -> bool:
        """True when the other Ambiti get record-level data of their own (the region's volumes)."""
        return self.ambiti > 0


AMBITO = Scale("ambito", 0, (2021, 2022, 2023, 2024, 2025), 1)
# About 1,500 comuni in 90 Ambiti over 10 years; record-level rows for every Ambito (over 2 million in all).
# The principal Ambito's rows are the ambito scale's, byte for byte: the region's rows are added after them.
REGION = Scale("region", 89, tuple(range(2016, 2026)), 1)
SCALES = {"ambito": AMBITO, "region": REGION}


def it_number(x: float | int | None, decimals: int = 2) -> str:
    if x is None:
        return ""
    if isinstance(x, int):
        return str(x)
    return f"{x:.{decimals}f}".replace(".", ",")


def it_date(d: dt.date | None) -> str:
    return "" if d is None else d.strftime("%d/%m/%Y")


def it_bool(b: bool | None) -> str:
    return "" if b is None else ("sì" if b else "no")


def write_csv(path: Path, header: list[str], rows: list[list]) -> int:
    """Semicolon-separated UTF-8 with BOM, as LibreOffice exports it; returns rows written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)
    return len(rows)


def write_csv_chunks(path: Path, header: list[str], chunks: Iterable[Iterable[list]]) -> int:
    """write_csv for data too large to hold as one list: rows arrive in chunks; returns rows written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
        w.writerow(header)
        for chunk in chunks:
            chunk = list(chunk)
            w.writerows(chunk)
            n += len(chunk)
    return n


def rng_for(seed: int, name: str) -> random.Random:
    """One independent stream per dataset, so adding a dataset never changes another's data."""
    return random.Random(f"{seed}:{name}")


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))
