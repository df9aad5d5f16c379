"""What the status rule promises on every row, whatever the rule mix (hypothesis): a closed period is
never «a rischio», a value is never «senza dati», a row without a target is «contesto», the base
period is «anno base»; and each row is judged on its own (the table and one-row ``judge`` agree)."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.status import RULE_COLUMNS, judge, status_expr

values = st.one_of(st.none(), st.integers(-5, 40).map(float), st.sampled_from([74.9, 75.0, 75.1, 9.0, 10.0]))
COMPARISONS = [None, "at_least", "above", "at_most", "below", "increase", "decrease"]
SCHEMA = {k: getattr(pl, t) for k, t in RULE_COLUMNS.items()}

rows_strategy = st.lists(
    st.tuples(values, values, st.sampled_from(COMPARISONS), st.booleans(),
              st.sampled_from([0.0, 0.25, 0.5, 2 / 3, 0.999, 1.0]), st.booleans(), st.booleans(), values),
    min_size=1, max_size=20)


def _judged(rows) -> list[tuple[str, float | None]]:
    df = pl.DataFrame(rows, schema=SCHEMA, orient="row")
    expected, status = status_expr()
    return df.with_columns(expected.cast(pl.Float64).alias("expected")).select(status.alias("s"), "expected").rows()


@settings(max_examples=200, deadline=None)
@given(rows=rows_strategy)
def test_status_promises_hold_on_every_row(rows):
    for (value, target, comparison, _pace, _elapsed, closed, is_base, _prev), (status, _) in zip(rows, _judged(rows)):
        if value is None:
            assert status == "no_data"
            continue
        assert status != "no_data"
        if comparison is None or target is None:
            assert status == "context"
        elif is_base:
            assert status == "baseline"
        else:
            assert status in ("on_track", "at_risk", "off_track")
        if closed:
            assert status != "at_risk"


@settings(max_examples=40, deadline=None)
@given(rows=rows_strategy)
def test_each_row_is_judged_on_its_own(rows):
    got = _judged(rows)
    want = [judge(v, t, c, e, p, closed=cl, is_base=b, previous=pr) for v, t, c, p, e, cl, b, pr in rows]
    assert [s for s, _ in got] == [s for s, _ in want]
    for (_, ge), (_, we) in zip(got, want):
        assert (ge is None and we is None) or abs(ge - we) < 1e-9
