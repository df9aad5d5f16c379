"""Small builders for tests: CSV bytes as Italian Excel writes them, frames for indicator functions."""

from __future__ import annotations

import polars as pl

from data_loaders import parse_bytes
from data_loaders.registry import get


def excel_csv(rows: list[list[str]], sep: str = ";", encoding: str = "cp1252", bom: bool = False) -> bytes:
    text = "\r\n".join(sep.join(r) for r in rows) + "\r\n"
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def frame(dataset: str, rows: list[list[str]], header: list[str] | None = None) -> pl.DataFrame:
    """Validated frame of a dataset from text rows (goes through the real loader, so it is typed
    exactly as in production)."""
    spec = get(dataset)
    header = header or spec.column_names
    result = parse_bytes(excel_csv([header, *rows], encoding="utf-8"), spec)
    errors = [str(p) for p in result.errors]
    assert not errors, errors
    return result.frame
