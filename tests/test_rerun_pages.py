"""Warm reruns: what a page makes from the data is made once per data snapshot, viewer and widget
choice (ui.memo), a click rebuilds nothing, and new data or another viewer never get a stale value."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest import TIMEOUT, log_in
from tests.conftest import ROOT
from ui import memo

PDZ = "pages/piano_di_zona.py"
REVIEW_FILE = "bilancio_pdz_2018_2020.csv"
AREA2_MEAN = "2018-2020: raggiungimento medio degli obiettivi collegati"


class Snap:
    """Stands for a ui.data.Snapshot: the memo only needs an object it can point to weakly."""


@pytest.fixture
def counted(monkeypatch):
    """Calls of the builders the pages use, counted: {name: calls}."""
    import ui.charts
    import ui.components
    import ui.data
    import ui.privacy

    # Other tests in this process may have made these pages already for the same snapshot.
    memo.clear()
    calls = {"trend": 0, "display_table": 0, "visible_table": 0, "compute_all": 0}

    def counting(module, name):
        real = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counting(ui.charts, "trend")
    counting(ui.components, "display_table")
    counting(ui.privacy, "visible_table")
    counting(ui.data, "compute_all")
    return calls


def pdz(role: str | None = None, area: str = "1") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if role:
        log_in(at, role)
    at.query_params["area"] = area
    at.run()
    at.switch_page(str(ROOT / PDZ)).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_a_rerun_or_a_click_rebuilds_nothing_already_made(counted):
    at = pdz("coordinatore")
    charts = [c.proto.spec for c in at.get("vega_lite_chart")]
    assert charts
    for name in counted:
        counted[name] = 0
    at.run()  # what any click elsewhere on the page costs
    assert counted == {"trend": 0, "display_table": 0, "visible_table": 0, "compute_all": 0}
    assert [c.proto.spec for c in at.get("vega_lite_chart")] == charts

    at.selectbox(key="pdz_area").select_index(2).run()  # area 3: made once, for the first time
    assert counted["trend"] > 0 and counted["display_table"] > 0
    assert counted["compute_all"] == 0  # a widget never reloads or recomputes the data
    made = dict(counted)
    at.selectbox(key="pdz_area").select_index(0).run()  # back to area 1: already made
    at.run()
    assert counted == made
    assert [c.proto.spec for c in at.get("vega_lite_chart")] == charts


def test_a_new_data_version_is_shown_at_once(data_copy: Path, monkeypatch, counted):
    monkeypatch.setenv("CRUSCOTTO_DATA_DIR", str(data_copy))
    at = pdz("coordinatore", area="2")
    # Abitare 2018-2020: (80 + 80 + 100 + 50 + 100) / 5 = 82%.
    assert {m.label: m.value for m in at.metric}[AREA2_MEAN] == "82%"
    path = data_copy / REVIEW_FILE
    text = path.read_text(encoding="utf-8-sig")
    line = "Abitare;;Dall'emergenza alla prevenzione;;80;"
    assert text.count(line) == 1
    path.write_text("\ufeff" + text.replace(line, "Abitare;;Dall'emergenza alla prevenzione;;30;"), encoding="utf-8")
    counted["trend"] = 0
    at.run()
    # (30 + 80 + 100 + 50 + 100) / 5 = 72%, and every chart of the area made again from the new data.
    assert {m.label: m.value for m in at.metric}[AREA2_MEAN] == "72%"
    assert counted["trend"] > 0


def test_memo_keeps_one_value_per_snapshot_viewer_and_key(monkeypatch):
    role = {"value": "coordinatore"}
    monkeypatch.setattr(memo, "current_role", lambda: role["value"])
    builds = []

    def build(tag):
        return lambda: builds.append(tag) or tag

    first, second = Snap(), Snap()
    assert memo.per_snapshot(first, ("k",), build("a")) == "a"
    assert memo.per_snapshot(first, ("k",), build("b")) == "a"  # made once
    assert memo.per_snapshot(first, ("altro",), build("c")) == "c"  # another key
    assert memo.per_snapshot(second, ("k",), build("d")) == "d"  # new data: made again
    role["value"] = "pubblico"
    assert memo.per_snapshot(first, ("k",), build("e")) == "e"  # another viewer: never shared
    monkeypatch.setenv("CRUSCOTTO_SOGLIA_CELLA", "10")
    assert memo.per_snapshot(first, ("k",), build("f")) == "f"  # another threshold
    assert builds == ["a", "c", "d", "e", "f"]


def test_memo_lets_an_old_snapshot_go():
    snap = Snap()
    memo.per_snapshot(snap, ("k",), lambda: "valore")
    held = len(memo._memos)
    del snap
    gc.collect()
    assert len(memo._memos) == held - 1
