"""Login and logout (issue 7 builds the accounts)."""

from ui.shell import ensure_shell

ensure_shell()

import streamlit as st  # noqa: E402

from access.roles import ROLE_IT  # noqa: E402
from ui.session import current_role  # noqa: E402

st.title("Accesso")
st.write(f"Profilo attuale: **{ROLE_IT[current_role()]}**.")
st.info("Gli account per l'Assemblea dei Sindaci e per il coordinamento non sono ancora configurati: "
        "la vista pubblica mostra solo dati aggregati.")
