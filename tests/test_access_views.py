"""The public pages, as the public sees them: the 3 families of équipe EM2 are nowhere.

The engine is replaced by a hand-made table (tests/test_access_suppression.FAMILIES) over an
empty data folder, so every figure on the pages is one we know.
"""

from __future__ import annotations

import pyarrow as pa
import pytest

from tests.apptest import open_page
from tests.test_access_suppression import FAMILIES, engine_rows

PUBLIC_CHECKED = ["pages/panoramica.py", "pages/pippi.py"]
# Only people counts: the non-sensitive "operators trained = 3" row is left out here.
ROWS = [r for r in FAMILIES if r["id"] != "pippi.operatori_formati"]


@pytest.fixture
def known_engine(monkeypatch, tmp_path):
    import ui.data

    folder = tmp_path / "vuota"
    folder.mkdir()
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(folder))
    monkeypatch.setattr(ui.data, "compute_all", lambda results, as_of: engine_rows(ROWS))
    yield
    ui.data._load.clear()


def shown_values(at) -> tuple[list[str], list[float]]:
    """Every cell of every table and metric (as text) and every number in every chart's data."""
    from indicators.status import STATUS_ICONS

    # Metrics counting indicators by status ("✔ in linea: 3") are not counts of people.
    cells: list[str] = [str(m.value) for m in at.metric if not m.label.startswith(tuple(STATUS_ICONS.values()))]
    for df in at.dataframe:
        cells += [str(v).strip() for v in df.value.to_numpy().ravel()]
    numbers: list[float] = []
    for chart in at.get("vega_lite_chart"):
        for ds in chart.proto.datasets:
            table = pa.ipc.open_stream(ds.data.data).read_all()
            for col in table.columns:
                if pa.types.is_integer(col.type) or pa.types.is_floating(col.type):
                    numbers += [v for v in col.to_pylist() if v is not None]
    return cells, numbers


def contains_three(cells: list[str]) -> bool:
    return any(c in ("3", "3,0", "3 / 8", "37,5%") or c.startswith("3 /") for c in cells)


@pytest.mark.parametrize("page", PUBLIC_CHECKED)
def test_a_count_of_three_appears_nowhere_in_the_public_view(known_engine, page):
    for role in (None, "assemblea"):
        at = open_page(page, role=role)
        cells, numbers = shown_values(at)
        assert not contains_three(cells), (role, [c for c in cells if "3" in c])
        assert 3.0 not in numbers and 37.5 not in numbers, role


def test_the_pippi_page_marks_the_hidden_cells_for_the_public(known_engine):
    at = open_page("pages/pippi.py")
    cells, _ = shown_values(at)
    assert "< 5" in cells          # EM2 2024: 3 families
    assert "riservato" in cells    # EM1 2024, hidden so that 8 - EM1 does not give EM2
    assert "8" in cells and "19" in cells  # the Ambito's own figures stay public


def test_coordinators_see_the_three_and_the_figures_add_up(known_engine):
    at = open_page("pages/pippi.py", role="coordinatore")
    cells, _ = shown_values(at)
    assert "3" in cells and "5" in cells and "8" in cells  # 5 + 3 = 8 families in 2024
    assert "6" in cells and "11" in cells and "19" in cells  # 6 + 5 = 11 in 2025; 8 + 11 = 19
    assert "< 5" not in cells and "riservato" not in cells
