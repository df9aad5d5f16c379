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


# One account per logged-in role, in a users file of each test's own (never the developer's
# home): tests/apptest.py's open_page(role=...) logs in as these.
TEST_PASSWORD = "password-di-prova-1"
TEST_USERS = {"prova-assemblea": "assemblea", "prova-coordinatore": "coordinatore"}


@pytest.fixture(scope="session")
def _users_file_text(tmp_path_factory) -> str:
    from access.accounts import User, save_users
    from access.passwords import hash_password

    digest = hash_password(TEST_PASSWORD)
    path = tmp_path_factory.mktemp("utenti-modello") / "utenti.toml"
    save_users({n: User(n, r, digest) for n, r in TEST_USERS.items()}, path)
    return path.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _fixed_env(monkeypatch, tmp_path_factory, _users_file_text):
    monkeypatch.setenv("CRUSCOTTO_AS_OF", AS_OF.isoformat())
    # Every chart a test draws is checked against the Vega-Lite schema (the server skips it: ui/exports.py).
    monkeypatch.setenv("CRUSCOTTO_VERIFICA_GRAFICI", "1")
    monkeypatch.delenv("CRUSCOTTO_DATA_DIR", raising=False)
    users = tmp_path_factory.mktemp("utenti") / "utenti.toml"
    users.write_text(_users_file_text, encoding="utf-8")
    monkeypatch.setenv("CRUSCOTTO_UTENTI", str(users))
    for name in ("CRUSCOTTO_ACCESSO", "CRUSCOTTO_SOGLIA_CELLA", "CRUSCOTTO_MAX_TENTATIVI", "CRUSCOTTO_RITARDO_SECONDI",
                 "CRUSCOTTO_RITARDO_MAX_SECONDI", "CRUSCOTTO_CHIAVE_LOG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def downloads(monkeypatch):
    """Every st.download_button drawn, as {file_name: data}; the real button is still drawn."""
    import streamlit as st

    seen: dict[str, object] = {}
    real = st.download_button

    def record(label, data, file_name=None, *args, **kwargs):
        seen[file_name] = data
        return real(label, data, file_name, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", record)
    return seen
