"""Login and logout: local accounts (the default) or the organisation's identity provider (OIDC)."""

from ui.shell import ensure_shell

ensure_shell()

import datetime as dt  # noqa: E402

import streamlit as st  # noqa: E402

from access.roles import PUBBLICO, ROLE_IT  # noqa: E402
from access.suppression import note  # noqa: E402
from ui import session  # noqa: E402

st.title("Accesso")
role = session.current_role()
st.write(f"Profilo attuale: **{ROLE_IT[role]}**.")

if role != PUBBLICO:
    st.success(f"Accesso eseguito come {session.current_user()}.")
    st.button("Esci", icon=":material/logout:", key="accesso_esci", on_click=session.logout)
elif session.login_mode() == session.OIDC:
    st.write("Accedi con l'account dell'ente: il profilo è quello assegnato al tuo indirizzo e-mail.")
    st.button("Accedi con l'account dell'ente", icon=":material/login:", key="accesso_oidc", on_click=st.login)
else:
    st.write("Senza accesso il cruscotto mostra solo dati aggregati. L'Assemblea dei Sindaci e il "
             "coordinamento (Ufficio di Piano, referenti PIPPI) accedono con il proprio nome utente.")
    # clear_on_submit: the password does not stay in the session state after the attempt.
    with st.form("accesso_form", clear_on_submit=True):
        name = st.text_input("Nome utente", key="accesso_nome", autocomplete="username")
        password = st.text_input("Password", type="password", key="accesso_password",
                                 autocomplete="current-password")
        sent = st.form_submit_button("Accedi", type="primary")
    if sent:
        result = session.login(name, password)
        if result.ok:
            st.rerun()
        elif result.reason == "bloccato":
            until = dt.datetime.fromtimestamp(result.locked_until or 0).strftime("%H:%M")
            st.error(f"Troppi tentativi falliti: l'accesso per questo utente è bloccato fino alle {until}. "
                     "Per sbloccarlo prima, rivolgersi all'Ufficio di Piano.")
        else:
            st.error("Nome utente o password non corretti.")

st.caption("Nei dati mostrati senza accesso e all'Assemblea: " + note())
