"""Login and navigation: back to the page asked for; a session lost on reload is said, not hidden."""

from __future__ import annotations

from tests.apptest import open_page
from tests.conftest import ROOT, TEST_PASSWORD
from tests.test_access_login import refused, submit


def test_after_login_the_refused_page_opens():
    at = open_page("pages/carica_dati.py")
    assert refused(at)
    at.switch_page(str(ROOT / "pages/accesso.py")).run()
    submit(at, "prova-coordinatore", TEST_PASSWORD)
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Carica dati"
    assert not refused(at)
    # Asked once: a later login from the same session goes to the login page's own confirmation.
    assert "cruscotto_pagina_richiesta" not in at.session_state


def test_after_login_a_page_the_new_profile_may_not_open_is_not_forced():
    at = open_page("pages/carica_dati.py")
    at.switch_page(str(ROOT / "pages/accesso.py")).run()
    submit(at, "prova-assemblea", TEST_PASSWORD)
    assert at.title[0].value == "Accesso"
    assert any("Accesso eseguito" in s.value for s in at.success)


def test_without_a_refused_page_login_stays_on_the_login_page():
    at = open_page("pages/accesso.py")
    submit(at, "prova-coordinatore", TEST_PASSWORD)
    assert at.title[0].value == "Accesso"
    assert at.query_params.get("sessione") == "1"


def test_a_public_session_that_inherits_a_logged_in_address_says_the_session_ended():
    at = open_page()
    assert not [i for i in at.info if "sessione di accesso è terminata" in i.value]
    at.query_params["sessione"] = "1"   # as after a reload of a logged-in page
    at.run()
    assert [i for i in at.info if "sessione di accesso è terminata" in i.value]
    assert "sessione" not in at.query_params
    at.run()  # said once
    assert not [i for i in at.info if "sessione di accesso è terminata" in i.value]
