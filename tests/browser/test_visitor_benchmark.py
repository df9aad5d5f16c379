"""The browser part of `python -m benchmarks` runs end to end (figures are not judged here: speed is
read in the benchmark's output, never asserted in a test)."""

from __future__ import annotations

import pytest

from benchmarks import browser as visitor
from tests.conftest import SAMPLE

pytestmark = pytest.mark.browser


def test_the_visitor_benchmark_measures_the_three_waits(browser):
    result = visitor.measure(SAMPLE, 1, browser)
    assert set(result) == {"deep_link_chart_s", "warm_click_s", "pdf_build_s"}
    assert all(v > 0 for v in result.values())
    lines = visitor.lines(result)
    assert len(lines) == 3 and all("obiettivo ≤" in line for line in lines)


def test_lines_judge_each_figure_against_its_goal():
    lines = visitor.lines({"deep_link_chart_s": 2.5, "warm_click_s": 1.25, "pdf_build_s": 4.0})
    assert lines[0].startswith("link diretto (/pippi) → primo grafico: 2,50 s") and lines[0].endswith("✔")
    assert "1,25 s" in lines[1] and lines[1].endswith("✖")
    assert lines[2].endswith("✔")
