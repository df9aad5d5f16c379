"""The viewer's role for this browser session: public unless logged in, checked on every run.

What proves a login is an ``Accesso`` object in the session state, which only ``login()``
creates: a widget, a query parameter or a tampered key can put only plain values (text,
numbers) there, never this object, so none of them can grant a role. ``session_state
["ruolo"]`` is a mirror for display written by ``login()``; it is never trusted.

The role itself is not kept: every run re-reads it from the users file (cached on its
modification time), so a demoted, disabled or removed user loses access at the next click.

Streamlit's own OIDC login (``st.login``) is used instead of the local accounts when
$CRUSCOTTO_ACCESSO is "oidc" (it needs ``streamlit[auth]`` and an [auth] section in
.streamlit/secrets.toml); the identity's e-mail is then looked up in the same users file
for the role.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import Callable, Iterable

import streamlit as st

import settings
from access import accounts
from access.roles import PUBBLICO

ROLE_KEY = "ruolo"
SESSION_KEY = "_accesso"
# A random id of this browser session for counting its failed logins (and, as a pseudonym, in
# the log); not a credential: holding it grants nothing.
TAG_KEY = "_sessione_tentativi"
LOCAL, OIDC = "locale", "oidc"


@dataclass(frozen=True)
class Accesso:
    """A successful login: who (the user name; the role is looked up on every run) and when."""

    user: str
    at: float


def login_mode() -> str:
    return OIDC if settings.get().accesso == "oidc" else LOCAL


def _oidc_user() -> accounts.User | None:
    if login_mode() != OIDC or not st.user.get("is_logged_in", False):
        return None
    return accounts.user_for_email(str(st.user.get("email", "") or ""))


def current_user() -> str | None:
    """The logged-in user name, or None for the public."""
    acc = st.session_state.get(SESSION_KEY)
    if isinstance(acc, Accesso) and accounts.role_of(acc.user):
        return acc.user
    oidc = _oidc_user()
    return oidc.name if oidc else None


def current_role() -> str:
    """The role for this run: the logged-in user's role as the users file says now, else public."""
    acc = st.session_state.get(SESSION_KEY)
    role = None
    if isinstance(acc, Accesso):
        role = accounts.role_of(acc.user)
        if role is None:
            # Removed or disabled since the login: the session ends here.
            _forget()
    else:
        oidc = _oidc_user()
        role = oidc.role if oidc else None
    return role or PUBBLICO


def session_tag() -> str:
    tag = st.session_state.get(TAG_KEY)
    if not isinstance(tag, str) or len(tag) != 32:
        tag = st.session_state[TAG_KEY] = secrets.token_hex(16)
    return tag


def login_wait(name: str) -> float:
    """Seconds a login with ``name`` from this session would wait now for earlier failures."""
    return accounts.login_wait(name, session_tag())


def login(name: str, password: str) -> accounts.LoginResult:
    """Check the credentials (after the wait earlier failures impose) and, if right, start the
    logged-in session."""
    result = accounts.authenticate(name, password, session=session_tag())
    _forget()
    if result.ok and result.user:
        st.session_state[SESSION_KEY] = Accesso(result.user.name, time.time())
        st.session_state[ROLE_KEY] = result.user.role
    return result


def _forget() -> None:
    for key in (SESSION_KEY, ROLE_KEY):
        st.session_state.pop(key, None)


# The page a visitor asked for before logging in, to open it right after (a file path of ui/shell.PAGES).
WANTED_KEY = "cruscotto_pagina_richiesta"
# In the address while someone is logged in: a reload starts a new, public session, and this mark
# lets it say so instead of silently showing less. It grants nothing: forged, it only shows the notice.
SESSION_MARK = "sessione"


def remember_wanted(page_path: str) -> None:
    st.session_state[WANTED_KEY] = page_path


def take_wanted() -> str | None:
    """The page asked for before logging in (once), or None."""
    return st.session_state.pop(WANTED_KEY, None)


def session_dropped() -> bool:
    """Mark the address of a logged-in session; True (once) when a public session inherits the mark:
    the page was reloaded or the session expired."""
    if current_role() != PUBBLICO:
        if st.query_params.get(SESSION_MARK) != "1":
            st.query_params[SESSION_MARK] = "1"
        return False
    if SESSION_MARK in st.query_params:
        del st.query_params[SESSION_MARK]
        return True
    return False


def logout() -> None:
    """End the logged-in session (and the OIDC one, which reloads the page)."""
    _forget()
    st.query_params.pop(SESSION_MARK, None)
    if login_mode() == OIDC and st.user.get("is_logged_in", False):
        st.logout()


def allowed(roles: Iterable[str]) -> bool:
    """Whether the viewer has one of ``roles`` right now (re-read, never remembered)."""
    return current_role() in set(roles)


def require(roles: Iterable[str], what: str = "questa operazione") -> bool:
    """Re-check the role at the moment an action runs: True, or a refusal shown and False.

    Call it first thing in an action (the handler of an upload, a button's callback, the
    code that builds a record-level download), not only around the widget that starts it.
    """
    if allowed(roles):
        return True
    st.error(f"Non autorizzato: {what} è riservata a un profilo che non è il tuo (o non più).")
    return False


def guarded_data(roles: Iterable[str], make: Callable[[], bytes | str]) -> Callable[[], bytes | str]:
    """Deferred data for ``st.download_button(data=...)`` that re-checks the role when clicked.

    Streamlit runs the callable on the click, outside the script run (no session state
    there), so the user name is captured now and the role looked up in the users file then:
    a user demoted after the page was drawn gets an error instead of the file.
    """
    roles = frozenset(roles)
    acc = st.session_state.get(SESSION_KEY)
    user = acc.user if isinstance(acc, Accesso) else None
    oidc = _oidc_user() if user is None else None
    user = user or (oidc.name if oidc else None)

    def data() -> bytes | str:
        if user is None or accounts.role_of(user) not in roles:
            raise PermissionError("download non autorizzato per il profilo attuale")
        return make()

    return data
