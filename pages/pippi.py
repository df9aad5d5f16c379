"""PIPPI programme (PNRR M5C2 1.1.1) (issue 4 fills this page)."""

from ui.shell import ensure_shell

ensure_shell()

import polars as pl  # noqa: E402
import streamlit as st  # noqa: E402

from ui.components import display_table, freshness, missing_files_note  # noqa: E402
from ui.data import snapshot  # noqa: E402
from ui.privacy import visible_table  # noqa: E402

snap = snapshot()
st.title("Programma PIPPI – PNRR M5C2 1.1.1")
freshness(snap)
missing_files_note(snap, "pippi_famiglie", "pippi_operatori", "pnrr_budget")
st.dataframe(display_table(visible_table(snap).filter(pl.col("area") == "pippi")), hide_index=True, width="stretch")
