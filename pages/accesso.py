"""Login and logout: local accounts (the default) or the organisation's identity provider (OIDC)."""

from ui.shell import ensure_shell

ensure_shell()

import streamlit as st  # noqa: E402

from access.roles import PUBBLICO, ROLE_IT  # noqa: E402
from access.suppression import note  # noqa: E402
from indicators import format as fmt  # noqa: E402
from ui import session  # noqa: E402
from ui.shell import PAGES, ROOT  # noqa: E402

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
        name = st.text_input("Nome utente", key="accesso_nome", autocomplete="username", max_chars=64)
        password = st.text_input("Password", type="password", key="accesso_password",
                                 autocomplete="current-password", max_chars=1024)
        sent = st.form_submit_button("Accedi", type="primary")
    if sent:
        # The same words whoever the name is: the wait depends on failures, never on whether
        # the user exists.
        wait = session.login_wait(name)
        label = (f"Dopo alcuni tentativi falliti la verifica attende {fmt.number(wait, 1)} secondi…"
                 if wait >= 0.5 else "Verifica in corso…")
        with st.spinner(label):
            result = session.login(name, password)
        if result.ok:
            wanted = session.take_wanted()
            # Back to the page that was refused before the login, if the new profile may open it.
            target = next((p for p in PAGES if p.path == wanted and session.current_role() in p.roles), None)
            if target is not None:
                st.switch_page(str(ROOT / target.path))
            st.rerun()
        st.error("Nome utente o password non corretti.")

st.caption("Nei dati mostrati senza accesso e all'Assemblea: " + note())
