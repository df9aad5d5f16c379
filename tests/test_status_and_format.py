"""The status rule and Italian formatting, as tables of hand-worked cases."""

from __future__ import annotations

import datetime as dt

import pytest

from indicators import format as fmt
from indicators.periods import bounds, elapsed_share
from indicators.status import judge


# (value, target, comparison, elapsed share, pace, closed, is_base, previous) -> (status, expected now).
# «closed»: the period ended before the reference date; a closed period is met or not, never «a rischio».
@pytest.mark.parametrize("value,target,comparison,elapsed,pace,closed,is_base,previous,expected", [
    (None, 10, "at_least", 1, False, True, False, None, ("no_data", None)),
    (10, 10, "at_least", 1, False, True, False, None, ("on_track", 10)),
    # Closed year below standard: 9 of 10 is «fuori target», though within 90%.
    (9, 10, "at_least", 1, False, True, False, None, ("off_track", 10)),
    # The same 9 of 10 in a period still under way (its last day, not yet closed): «a rischio».
    (9, 10, "at_least", 1, False, False, False, None, ("at_risk", 10)),
    (8, 10, "at_least", 1, False, False, False, None, ("off_track", 10)),   # 8 < 0,9 x 10
    # Assessment rate 5 of 7 = 71,4% against «> 75%» in a closed year: off target (it read «a rischio»).
    (500 / 7, 75, "above", 1, False, True, False, None, ("off_track", 75)),
    (75.0, 75, "above", 1, False, True, False, None, ("off_track", 75)),    # exactly 75% is not above 75%
    (75.0, 75, "above", 0.5, False, False, False, None, ("at_risk", 75)),   # under way, not paced: within 90%
    (75.1, 75, "above", 1, False, True, False, None, ("on_track", 75)),
    (5, 10, "at_least", 0.5, True, False, False, None, ("on_track", 5.0)),  # half the year gone, 5 of 10 due
    (4.6, 10, "at_least", 0.5, True, False, False, None, ("at_risk", 5.0)),  # 4,6 >= 0,9 x 5
    (4, 10, "at_least", 0.5, True, False, False, None, ("off_track", 5.0)),  # 4 < 0,9 x 5
    (20, 30, "at_least", 2 / 3, True, False, False, None, ("on_track", 20.0)),
    # Project ended 30/06/2026, judged on 23/11/2026: its span is closed and all 30 families were due.
    (29, 30, "at_least", 1, True, True, False, None, ("off_track", 30)),
    # Base year of «aumento sull'anno base» (PdZ 1.1.out.1 2021: 14 against its own 14): the reference.
    (14, 14, "increase", 1, False, True, True, None, ("baseline", 14)),
    (16, 14, "increase", 1, False, True, False, 14, ("on_track", 14)),
    (14, 14, "increase", 1, False, True, False, 16, ("off_track", 14)),     # later closed year equal to base
    (14, 14, "increase", 0.5, False, False, False, None, ("at_risk", 14)),  # equal, year still under way
    (9, 10, "increase", 1, False, True, False, None, ("off_track", 10)),
    (9, 10, "decrease", 1, False, True, False, None, ("on_track", 10)),
    (10, 10, "decrease", 1, False, True, False, None, ("off_track", 10)),
    # A flow (HUG accesses per semester, base 523): 675 after 708, closed -> not «in linea» (off target).
    (675, 523, "increase", 1, True, True, False, 708, ("off_track", 523)),
    (704, 523, "increase", 1, True, True, False, 523, ("on_track", 523)),
    # 2026-S2 on 23/11/2026, 146 of 184 days gone: due 523 x 146/184 = 415,0 and 675 x 146/184 = 535,6;
    # 496 is under 535,6 but above 0,9 x 535,6 = 482,0 -> «a rischio».
    (496, 523, "increase", 146 / 184, True, False, False, 675, ("at_risk", 523 * 146 / 184)),
    (6, 10, "increase", 0.5, True, False, False, None, ("on_track", 5.0)),   # half a semester gone: 6 > 5
    (4, 10, "increase", 0.5, True, False, False, None, ("off_track", 5.0)),  # 4 < 0,9 x 5
    # A stock is not a flow: the previous period does not count (16 -> 15, above the base 14).
    (15, 14, "increase", 1, False, True, False, 16, ("on_track", 14)),
    (10, 10, "at_most", 1, False, True, False, None, ("on_track", 10)),
    (11, 10, "at_most", 1, False, True, False, None, ("off_track", 10)),
    (11, 10, "at_most", 0.5, False, False, False, None, ("at_risk", 10)),   # 11 x 0,9 <= 10, under way
    (12, 10, "at_most", 0.5, False, False, False, None, ("off_track", 10)),
    # No target (a breakdown, context data): «contesto», with or without a rule's other columns.
    (12, None, None, 1, False, True, False, None, ("context", None)),
    (None, None, None, 1, False, True, False, None, ("no_data", None)),
])
def test_status_rule(value, target, comparison, elapsed, pace, closed, is_base, previous, expected):
    status, due = judge(value, target, comparison, elapsed, pace, closed=closed, is_base=is_base, previous=previous)
    assert status == expected[0]
    assert (due is None and expected[1] is None) or due == pytest.approx(expected[1])


def test_closed_defaults_to_a_period_wholly_gone():
    assert judge(9, 10, "at_least", 1.0)[0] == "off_track"
    assert judge(9, 10, "at_least", 0.99)[0] == "at_risk"


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
