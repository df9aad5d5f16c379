"""Every page through AppTest (via app.py), with figures a user can see."""

from __future__ import annotations

import pytest

from tests.apptest import open_page, texts
from ui.shell import PAGES

PUBLIC_PAGES = [p.path for p in PAGES if "pubblico" in p.roles]
RESTRICTED = [p.path for p in PAGES if "pubblico" not in p.roles]


@pytest.mark.parametrize("page", [p.path for p in PAGES])
def test_every_page_runs_for_a_coordinator(page):
    at = open_page(page, role="coordinatore")
    assert at.title, "ogni pagina ha un titolo"


def test_overview_shows_headline_figures_with_their_period():
    at = open_page()
    metrics = {m.label: m.value for m in at.metric}
    # Sum of comuni.csv for 2025, the latest year; the 2021 figure is the plan's 156.113.
    assert metrics["Popolazione 2025"] == "153.632"
    assert metrics["Spesa sociale 2019"] == "€ 29.580.029"  # PdZ, totale 2019
    # The four statuses head the counts table (tests/test_home.py checks its figures).
    grid = next(m.value for m in at.markdown if m.value.startswith("| | "))
    assert grid.splitlines()[0].startswith("| | ✖ fuori target | ▲ a rischio | ✔ in linea | – senza dati |")


def test_pippi_page_shows_the_engine_rate():
    at = open_page("pages/pippi.py")
    assert "Tasso di valutazione multidimensionale" in texts(at)


@pytest.mark.parametrize("page", RESTRICTED)
def test_public_is_refused_restricted_pages(page):
    at = open_page(page)
    assert any("riservata" in w.value for w in at.warning)
    assert not at.dataframe


def test_missing_file_is_named_on_the_page(data_copy, monkeypatch):
    (data_copy / "pippi_famiglie.csv").unlink()
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    at = open_page("pages/pippi.py")
    assert "pippi_famiglie.csv" in texts(at)
