"""The column-wise status rule agrees with the scalar rule everywhere (hypothesis)."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.status import judge, status_expr

values = st.one_of(st.none(), st.integers(-5, 40).map(float), st.sampled_from([74.9, 75.0, 75.1, 9.0, 10.0]))


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.tuples(values, values, st.sampled_from([0.0, 0.25, 0.5, 2 / 3, 0.999, 1.0])),
                     min_size=1, max_size=20),
       comparison=st.sampled_from(["at_least", "above", "at_most", "below", "increase", "decrease"]),
       pace=st.booleans())
def test_vectorised_status_equals_scalar_rule(rows, comparison, pace):
    df = pl.DataFrame(rows, schema={"value": pl.Float64, "target": pl.Float64, "elapsed": pl.Float64}, orient="row")
    status, expected = status_expr(comparison, pace)
    got = df.select(status.alias("s"), expected.cast(pl.Float64).alias("e")).rows()
    want = [judge(v, t, comparison, e, pace) for v, t, e in rows]
    assert [s for s, _ in got] == [s for s, _ in want]
    for (_, ge), (_, we) in zip(got, want):
        assert (ge is None and we is None) or abs(ge - we) < 1e-9
