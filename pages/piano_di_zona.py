"""Piano di Zona 2021-2023: indicators of one policy area (issue 3 fills this page)."""

from ui.shell import ensure_shell

ensure_shell()

import polars as pl  # noqa: E402
import streamlit as st  # noqa: E402

from ui.components import display_table, freshness  # noqa: E402
from ui.data import snapshot  # noqa: E402
from ui.privacy import visible_table  # noqa: E402

snap = snapshot()
st.title("Piano di Zona 2021-2023")
freshness(snap)
rows = visible_table(snap).filter(pl.col("area").str.contains(r"^\d+$"))
st.dataframe(display_table(rows), hide_index=True, width="stretch")
