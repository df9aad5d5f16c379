"""The status rule and Italian formatting, as tables of hand-worked cases."""

from __future__ import annotations

import datetime as dt

import pytest

from indicators import format as fmt
from indicators.periods import bounds, elapsed_share
from indicators.status import judge


@pytest.mark.parametrize("value,target,comparison,elapsed,pace,expected", [
    (None, 10, "at_least", 1, False, ("no_data", None)),
    (10, 10, "at_least", 1, False, ("on_track", 10)),
    (9, 10, "at_least", 1, False, ("at_risk", 10)),      # 9 >= 0.9 x 10
    (8, 10, "at_least", 1, False, ("off_track", 10)),
    (75.0, 75, "above", 1, False, ("at_risk", 75)),      # exactly 75% is not above 75%
    (75.1, 75, "above", 1, False, ("on_track", 75)),
    (60.0, 75, "above", 1, False, ("off_track", 75)),
    (5, 10, "at_least", 0.5, True, ("on_track", 5.0)),   # half the year gone, 5 of 10 due
    (4, 10, "at_least", 0.5, True, ("off_track", 5.0)),  # 4 < 0.9 x 5
    (20, 30, "at_least", 2 / 3, True, ("on_track", 20.0)),
    (12, 10, "increase", 1, False, ("on_track", 10)),
    (10, 10, "increase", 1, False, ("at_risk", 10)),
    (9, 10, "increase", 1, False, ("off_track", 10)),
    (9, 10, "decrease", 1, False, ("on_track", 10)),
    (6, 10, "increase", 0.5, True, ("on_track", 5.0)),   # half a semester gone: 6 > half of 10
    (4, 10, "increase", 0.5, True, ("off_track", 5.0)),
    (10, 10, "at_most", 1, False, ("on_track", 10)),
    (11, 10, "at_most", 1, False, ("at_risk", 10)),
    (12, 10, "at_most", 1, False, ("off_track", 10)),
])
def test_status_rule(value, target, comparison, elapsed, pace, expected):
    assert judge(value, target, comparison, elapsed, pace) == expected


def test_period_bounds_and_elapsed_share():
    assert bounds("2023") == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert bounds("2023-S2") == (dt.date(2023, 7, 1), dt.date(2023, 12, 31))
    assert bounds("2024-T4") == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))
    assert bounds("2021-2023") == (dt.date(2021, 1, 1), dt.date(2023, 12, 31))
    assert elapsed_share("2023", dt.date(2024, 1, 1)) == 1.0
    assert elapsed_share("2023", dt.date(2022, 6, 1)) == 0.0
    assert elapsed_share("2024", dt.date(2024, 7, 1)) == pytest.approx(183 / 366)


@pytest.mark.parametrize("call,expected", [
    (lambda: fmt.number(1234.5, 1), "1.234,5"),
    (lambda: fmt.number(156113), "156.113"),
    (lambda: fmt.percent(12.34), "12,3%"),
    (lambda: fmt.euro(211500), "€ 211.500"),
    (lambda: fmt.euro(1110383.65, 2), "€ 1.110.383,65"),
    (lambda: fmt.date(dt.date(2023, 12, 31)), "31/12/2023"),
    (lambda: fmt.number(None), "n.d."),
    (lambda: fmt.signed(-3), "-3"),
    (lambda: fmt.signed(2.5, 1), "+2,5"),
])
def test_italian_formatting(call, expected):
    assert call() == expected
