"""Data intake for coordinators (issue 6 builds it)."""

from ui.shell import ensure_shell

ensure_shell()

import streamlit as st  # noqa: E402

st.title("Carica dati")
st.info("Il caricamento guidato dei file arriverà con la funzione di acquisizione dati. Per ora i file si "
        "copiano nella cartella dei dati (variabile CRUSCOTTO_DATA_DIR).")
