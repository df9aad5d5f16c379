"""No Python function runs inside polars' thread pool in the server's code.

With 25 concurrent sessions the server stopped for good (python -m benchmarks --carico; gdb: a
thread converting a frame for st.dataframe held the GIL while waiting for polars' pool, whose
threads were running another session's map_elements and waited for the GIL). Formatting and
sort keys are computed in Python on lists instead (ui.components.format_columns,
indicators.periods.chronological).
"""

from __future__ import annotations

import re

import polars as pl

from indicators import format as fmt
from indicators.periods import chronological
from tests.conftest import ROOT
from ui.components import format_columns

SERVER_CODE = ("pages", "ui", "report", "access", "indicators", "data_loaders")
PYTHON_IN_POLARS = re.compile(r"\.(map_elements|map_batches|map_groups|apply)\(")


def test_server_code_hands_polars_no_python_function():
    found = [f"{path.relative_to(ROOT)}:{n}" for folder in SERVER_CODE for path in (ROOT / folder).rglob("*.py")
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if PYTHON_IN_POLARS.search(line.split("#")[0])]
    assert found == []


def test_format_columns_writes_italian_text_and_keeps_nulls():
    df = pl.DataFrame({"a": [1234.5, None, 0.0], "b": [70637, 12, None]})
    out = format_columns(df, {"a": (fmt.euro, 2), "b": (fmt.number,)})
    assert out["a"].to_list() == ["€ 1.234,50", None, "€ 0,00"]
    assert out["b"].to_list() == ["70.637", "12", None]


def test_chronological_orders_by_the_end_of_each_period():
    df = pl.DataFrame({"period": ["2023", "2022-S2", "2023-S1", "2021-2023", "2022"]})
    assert chronological(df)["period"].to_list() == ["2022-S2", "2022", "2023-S1", "2023", "2021-2023"]
