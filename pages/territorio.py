"""Territory: comuni and population (issue 5 fills this page)."""

from ui.shell import ensure_shell

ensure_shell()

import polars as pl  # noqa: E402
import streamlit as st  # noqa: E402

from ui.components import display_table, freshness, missing_files_note  # noqa: E402
from ui.data import snapshot  # noqa: E402
from ui.privacy import visible_table  # noqa: E402

snap = snapshot()
st.title("Territorio")
freshness(snap)
missing_files_note(snap, "comuni")
st.dataframe(display_table(visible_table(snap).filter(pl.col("area") == "territorio")), hide_index=True, width="stretch")
