"""The column-wise status rule agrees with the scalar rule everywhere (hypothesis)."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.status import judge, status_expr

values = st.one_of(st.none(), st.integers(-5, 40).map(float), st.sampled_from([74.9, 75.0, 75.1, 9.0, 10.0]))


COMPARISONS = ["at_least", "above", "at_most", "below", "increase", "decrease"]


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(values, values, st.sampled_from([0.0, 0.25, 0.5, 2 / 3, 0.999, 1.0]),
                               st.sampled_from(COMPARISONS), st.booleans()),
                     min_size=1, max_size=20))
def test_vectorised_status_equals_scalar_rule(rows):
    # Every row its own rule, as in the engine's table (one row per indicator, period and territory).
    df = pl.DataFrame(rows, schema={"value": pl.Float64, "target": pl.Float64, "elapsed": pl.Float64,
                                    "comparison": pl.Utf8, "pace": pl.Boolean}, orient="row")
    expected, status = status_expr()
    got = df.with_columns(expected.cast(pl.Float64).alias("expected")).select(status.alias("s"), "expected").rows()
    want = [judge(v, t, comparison, e, pace) for v, t, e, comparison, pace in rows]
    assert [s for s, _ in got] == [s for s, _ in want]
    for (_, ge), (_, we) in zip(got, want):
        assert (ge is None and we is None) or abs(ge - we) < 1e-9


def test_a_row_without_a_rule_has_no_status():
    df = pl.DataFrame({"value": [5.0], "target": [3.0], "elapsed": [1.0], "comparison": [None], "pace": [None]},
                      schema={"value": pl.Float64, "target": pl.Float64, "elapsed": pl.Float64,
                              "comparison": pl.Utf8, "pace": pl.Boolean})
    expected, status = status_expr()
    assert df.with_columns(expected.cast(pl.Float64).alias("expected")).select(status, "expected").rows() == [
        ("no_data", None)]
