"""Data quality: what each dataset holds and every problem found (issue 6 extends it)."""

from ui.shell import ensure_shell

ensure_shell()

import polars as pl  # noqa: E402
import streamlit as st  # noqa: E402

from data_loaders.problems import PROBLEM_COLUMNS_IT  # noqa: E402
from indicators import format as fmt  # noqa: E402
from ui.components import freshness  # noqa: E402
from ui.data import snapshot  # noqa: E402

snap = snapshot()
st.title("Qualità dei dati")
freshness(snap)
summary = [{
    "Dataset": r.spec.title, "File": r.spec.filename,
    "Stato": "mancante" if r.missing else ("con errori" if r.errors else "ok"),
    "Righe lette": fmt.number(r.rows_read), "Righe valide": fmt.number(r.rows_valid),
    "Righe scartate": fmt.number(r.rows_rejected), "Problemi": fmt.number(len(r.problems)),
} for r in snap.results.values()]
st.dataframe(pl.DataFrame(summary), hide_index=True, width="stretch")
problems = [p.as_dict() for r in snap.results.values() for p in r.problems]
if problems:
    st.subheader("Problemi trovati")
    st.dataframe(pl.DataFrame(problems).rename(PROBLEM_COLUMNS_IT), hide_index=True, width="stretch")
else:
    st.success("Nessun problema nei dati caricati.")
