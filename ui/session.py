"""The viewer's role for this browser session (public unless logged in)."""

from __future__ import annotations

import streamlit as st

from access.roles import PUBBLICO, ROLES

ROLE_KEY = "ruolo"


def current_role() -> str:
    role = st.session_state.get(ROLE_KEY, PUBBLICO)
    # Anything unexpected in the session state (a tampered widget key, say) means public.
    return role if role in ROLES else PUBBLICO
