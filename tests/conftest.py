"""Shared fixtures: paths, a fixed reference date, a scratch copy of the sample data."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
# The sample data run to 31/10/2026; statuses in tests are judged on this day.
AS_OF = dt.date(2026, 11, 23)


@pytest.fixture
def as_of() -> dt.date:
    return AS_OF


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of sample_data/ (tests may break or remove files in it)."""
    dst = tmp_path / "dati"
    shutil.copytree(SAMPLE, dst)
    return dst


@pytest.fixture(autouse=True)
def _fixed_env(monkeypatch):
    monkeypatch.setenv("CRUSCOTTO_AS_OF", AS_OF.isoformat())
    monkeypatch.delenv("CRUSCOTTO_DATA_DIR", raising=False)
