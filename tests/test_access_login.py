"""Logins, the lock after failures, log-out, role changes, and every way round the access check."""

from __future__ import annotations

import logging
import os

import pytest
from streamlit.testing.v1 import AppTest

from access import accounts
from access.passwords import hash_password, verify_password
from tests.apptest import TIMEOUT, log_in, open_page, texts
from tests.conftest import ROOT, TEST_PASSWORD
from ui.shell import PAGES

RESTRICTED = [p.path for p in PAGES if "pubblico" not in p.roles]
COORD_ONLY = [p.path for p in PAGES if p.roles == frozenset({"coordinatore"})]


def refused(at: AppTest) -> bool:
    return any("riservata" in w.value for w in at.warning)


def login_page() -> AppTest:
    at = open_page("pages/accesso.py")
    assert not refused(at)
    return at


def submit(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="accesso_nome").input(name)
    at.text_input(key="accesso_password").input(password)
    next(b for b in at.button if b.label == "Accedi").click()
    return at.run()


# --- the users file -------------------------------------------------------------------

def test_tests_use_a_temporary_users_file_never_the_home_folder():
    path = accounts.users_path()
    assert os.environ["CRUSCOTTO_UTENTI"] == str(path)
    assert not str(path).startswith(os.path.expanduser("~/.config"))


def test_passwords_are_stored_only_as_salted_slow_hashes(tmp_path):
    users = tmp_path / "utenti.toml"
    accounts.add_user("mario.rossi", "coordinatore", "una-password-lunga", users)
    text = users.read_text()
    assert "una-password-lunga" not in text
    stored = accounts.load_users(users)["mario.rossi"].password_hash
    assert stored.startswith("scrypt$32768$8$1$")
    assert verify_password("una-password-lunga", stored) and not verify_password("una-password-lungA", stored)
    assert hash_password("una-password-lunga") != hash_password("una-password-lunga")  # salted
    assert oct(users.stat().st_mode & 0o777) == "0o600"


def test_users_command_line_creates_changes_and_removes(tmp_path, monkeypatch, capsys):
    from access import users as cli

    monkeypatch.setenv("CRUSCOTTO_UTENTI", str(tmp_path / "utenti.toml"))
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("password-nuova-1\n"))
    assert cli.main(["add", "anna", "--role", "assemblea", "--password-stdin"]) == 0
    assert accounts.role_of("anna") == "assemblea"
    assert accounts.authenticate("anna", "password-nuova-1").ok
    assert cli.main(["ruolo", "anna", "coordinatore"]) == 0
    assert accounts.role_of("anna") == "coordinatore"
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("corta\n"))
    assert cli.main(["password", "anna", "--password-stdin"]) == 2  # too short
    assert cli.main(["aggiungi", "anna", "--ruolo", "assemblea", "--password-stdin"]) == 2  # exists
    with pytest.raises(SystemExit):  # "pubblico" is no login role
        cli.main(["ruolo", "anna", "pubblico"])
    assert cli.main(["elenco"]) == 0
    assert "anna" in capsys.readouterr().out
    assert cli.main(["rimuovi", "anna"]) == 0
    assert accounts.role_of("anna") is None


# --- logging in through the page ------------------------------------------------------

def test_wrong_password_is_refused_and_the_role_stays_public():
    at = submit(login_page(), "prova-coordinatore", "password-sbagliata")
    assert any("non corretti" in e.value for e in at.error)
    assert "Profilo attuale: **Pubblico" in texts(at)
    at.switch_page(str(ROOT / "pages/carica_dati.py")).run()
    assert refused(at)


def test_unknown_user_gets_the_same_answer_as_a_wrong_password():
    at = submit(login_page(), "nessuno", TEST_PASSWORD)
    assert [e.value for e in at.error] == ["Nome utente o password non corretti."]


def test_right_password_logs_in_and_opens_the_coordinator_pages():
    at = submit(login_page(), "prova-coordinatore", TEST_PASSWORD)
    assert not at.exception, [e.message for e in at.exception]
    assert "Coordinamento" in texts(at)
    # The form clears itself: the password is not kept in the session.
    assert "accesso_password" not in at.session_state or at.session_state["accesso_password"] == ""
    for page in COORD_ONLY:
        at.switch_page(str(ROOT / page)).run()
        assert not refused(at), page


def test_locked_after_repeated_failures_even_with_the_right_password(monkeypatch):
    monkeypatch.setenv("CRUSCOTTO_MAX_TENTATIVI", "3")
    at = login_page()
    for _ in range(3):
        at = submit(at, "prova-coordinatore", "password-sbagliata")
    assert any("bloccato" in e.value for e in at.error)
    at = submit(at, "prova-coordinatore", TEST_PASSWORD)
    assert any("bloccato" in e.value for e in at.error)
    assert "Profilo attuale: **Pubblico" in texts(at)
    # The count lives beside the users file: a new session (or a restarted server) is locked too.
    assert accounts.attempts_path().exists()
    fresh = submit(login_page(), "prova-coordinatore", TEST_PASSWORD)
    assert any("bloccato" in e.value for e in fresh.error)
    # The lock ends by itself (here: 16 minutes later) or with `python -m access.users sblocca`.
    later = accounts.authenticate("prova-coordinatore", TEST_PASSWORD,
                                  now=accounts.locked_until("prova-coordinatore") + 1)
    assert later.ok
    accounts.authenticate("prova-coordinatore", "x")  # one failure recorded, then cleared by hand
    assert accounts.unlock("prova-coordinatore")
    assert accounts.authenticate("prova-coordinatore", TEST_PASSWORD).ok


def test_a_success_resets_the_failure_count(monkeypatch):
    monkeypatch.setenv("CRUSCOTTO_MAX_TENTATIVI", "3")
    for _ in range(2):
        assert not accounts.authenticate("prova-assemblea", "no").ok
    assert accounts.authenticate("prova-assemblea", TEST_PASSWORD).ok
    for _ in range(2):
        assert accounts.authenticate("prova-assemblea", "no").reason == "credenziali"
    assert accounts.authenticate("prova-assemblea", TEST_PASSWORD).ok


def test_log_out_returns_to_public():
    at = submit(login_page(), "prova-coordinatore", TEST_PASSWORD)
    next(b for b in at.button if b.label == "Esci").click()
    at.run()
    assert "Profilo attuale: **Pubblico" in texts(at)
    at.switch_page(str(ROOT / "pages/carica_dati.py")).run()
    assert refused(at)


def test_role_change_takes_effect_at_the_next_click():
    at = open_page("pages/carica_dati.py", role="coordinatore")
    assert not refused(at)
    accounts.update_user("prova-coordinatore", role="assemblea")
    at.run()
    assert refused(at)
    at.switch_page(str(ROOT / "pages/qualita_dati.py")).run()
    assert not refused(at)  # the Assemblea may see data quality
    accounts.remove_user("prova-coordinatore")
    at.run()
    assert refused(at)
    assert "Profilo: Pubblico" in texts(at)


def test_a_disabled_user_cannot_log_in_and_loses_the_session():
    at = open_page("pages/qualita_dati.py", role="assemblea")
    assert not refused(at)
    accounts.update_user("prova-assemblea", disabled=True)
    at.run()
    assert refused(at)
    assert not accounts.authenticate("prova-assemblea", TEST_PASSWORD).ok


# --- every way round the check --------------------------------------------------------

@pytest.mark.parametrize("page", RESTRICTED)
def test_public_switching_to_a_restricted_page_is_refused(page):
    at = open_page()
    at.switch_page(str(ROOT / page)).run()
    assert refused(at)
    assert not at.dataframe and not at.get("file_uploader")


@pytest.mark.parametrize("page", RESTRICTED)
def test_a_restricted_page_run_as_the_first_script_shows_none_of_it(page):
    # What Streamlit does with a deep link on a fresh server: the page file runs first. The
    # guard runs the shell instead (AppTest has no URL, so the shell opens the default page;
    # the browser test checks the refusal on the real URL).
    at = AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT).run()
    assert not at.exception, [e.message for e in at.exception]
    title = next(p.title for p in PAGES if p.path == page)
    assert title not in [t.value for t in at.title]
    assert not at.get("file_uploader")
    assert "Profilo: Pubblico" in texts(at)


@pytest.mark.parametrize("forged", [
    {"ruolo": "coordinatore"},
    {"_accesso": "prova-coordinatore"},
    {"_accesso": {"user": "prova-coordinatore", "at": 0}},
    {"accesso_nome": "prova-coordinatore"},
])
def test_session_or_widget_state_cannot_grant_a_role(forged):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for k, v in forged.items():
        at.session_state[k] = v
    at.run()
    at.switch_page(str(ROOT / "pages/carica_dati.py")).run()
    assert refused(at)


def test_query_parameters_cannot_grant_a_role():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["ruolo"] = "coordinatore"
    at.query_params["utente"] = "prova-coordinatore"
    at.query_params["page"] = "carica_dati"
    at.run()
    at.switch_page(str(ROOT / "pages/carica_dati.py")).run()
    assert refused(at)


def test_an_action_rechecks_the_role_when_it_runs():
    """A record download is built on the click, for whoever is a coordinator at that moment."""
    import streamlit as st

    from ui import session

    at = open_page("pages/panoramica.py", role="coordinatore")
    # guarded_data reads the session; emulate the page's run with its session state.
    st.session_state.clear()
    st.session_state[session.SESSION_KEY] = at.session_state[session.SESSION_KEY]
    data = session.guarded_data({"coordinatore"}, lambda: b"codice_famiglia;esito\n")
    st.session_state.clear()
    assert data() == b"codice_famiglia;esito\n"
    accounts.update_user("prova-coordinatore", role="assemblea")
    with pytest.raises(PermissionError):
        data()


def test_nothing_personal_is_logged(caplog):
    caplog.set_level(logging.DEBUG, logger="cruscotto.accesso")
    accounts.authenticate("prova-coordinatore", "segreto-sbagliato")
    accounts.authenticate("prova-coordinatore", TEST_PASSWORD)
    accounts.authenticate("mario.rossi", "segreto-sbagliato")
    logged = caplog.text
    assert "accesso rifiutato" in logged and "accesso riuscito" in logged
    for secret in ("segreto-sbagliato", TEST_PASSWORD, "prova-coordinatore", "mario.rossi"):
        assert secret not in logged


def test_oidc_mode_offers_the_identity_provider_and_stays_public(monkeypatch):
    monkeypatch.setenv("CRUSCOTTO_ACCESSO", "oidc")
    at = open_page("pages/accesso.py")
    assert [b.label for b in at.button if "ente" in b.label] == ["Accedi con l'account dell'ente"]
    assert not at.text_input
    at.switch_page(str(ROOT / "pages/carica_dati.py")).run()
    assert refused(at)


def test_oidc_identity_maps_to_a_role_by_email(tmp_path):
    users = tmp_path / "u.toml"
    accounts.add_user("lucia", "assemblea", "password-lunga-1", users, email="Lucia@Comune.example.it")
    assert accounts.user_for_email("lucia@comune.example.it", users).role == "assemblea"
    assert accounts.user_for_email("altro@comune.example.it", users) is None
