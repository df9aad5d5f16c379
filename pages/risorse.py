"""Resources: social spending and funds (issue 5 fills this page)."""

from ui.shell import ensure_shell

ensure_shell()

import polars as pl  # noqa: E402
import streamlit as st  # noqa: E402

from ui.components import display_table, freshness, missing_files_note  # noqa: E402
from ui.data import snapshot  # noqa: E402
from ui.privacy import visible_table  # noqa: E402

snap = snapshot()
st.title("Risorse: spesa sociale e fondi")
freshness(snap)
missing_files_note(snap, "spesa_sociale", "fondi")
st.dataframe(display_table(visible_table(snap).filter(pl.col("area") == "risorse")), hide_index=True, width="stretch")
