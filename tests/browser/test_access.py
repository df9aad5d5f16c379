"""Access in a real browser: refusals by URL on a fresh server, log-in, log-out."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_for_app
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def users_env() -> dict:
    # The per-test users file of tests/conftest.py, with its two test accounts.
    return {"CRUSCOTTO_UTENTI": os.environ["CRUSCOTTO_UTENTI"]}


def refusal(page):
    return page.get_by_text("Questa pagina è riservata", exact=False)


def assert_refused(page) -> None:
    # A retrying assertion: Streamlit's alert is drawn a moment after the run that sent it.
    expect(refusal(page)).to_have_count(1)


def test_first_request_with_forged_query_parameters_is_refused(browser, page, fresh_server):
    srv = fresh_server(env=users_env())
    page.goto(f"{srv.url}/carica_dati?ruolo=coordinatore&utente=prova-coordinatore&_accesso=1")
    wait_for_app(page)
    assert_refused(page)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    expect(page.locator('[data-testid="stSidebar"]').get_by_text("Profilo: Pubblico", exact=False)).to_have_count(1)
    page.goto(f"{srv.url}/qualita_dati?ruolo=assemblea")
    wait_for_app(page)
    assert_refused(page)


def log_in(page, url: str, name: str, password: str) -> None:
    page.goto(f"{url}/accesso")
    wait_for_app(page)
    page.get_by_label("Nome utente").fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Accedi").click()
    page.wait_for_timeout(500)
    wait_for_app(page)


def test_log_in_open_a_coordinator_page_and_log_out(browser, page, fresh_server):
    srv = fresh_server(env=users_env())
    log_in(page, srv.url, "prova-coordinatore", "password-sbagliata")
    expect(page.get_by_text("Nome utente o password non corretti")).to_have_count(1)
    shot(page, "accesso-errato")

    log_in(page, srv.url, "prova-coordinatore", TEST_PASSWORD)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Profilo: Coordinamento", exact=False).wait_for()
    # Inside the session, through our menu (a typed URL would open a new, public session).
    sidebar.get_by_text("Carica dati").click()
    page.wait_for_url("**/carica_dati*")
    # The previous page's title stays until the new run replaces it: wait for the new one.
    expect(page.locator("h1").first).to_contain_text("Carica dati")
    wait_for_app(page)
    expect(page.locator('[data-testid="stFileUploader"]')).not_to_have_count(0)
    assert refusal(page).count() == 0
    shot(page, "accesso-coordinatore")

    sidebar.get_by_role("button", name="Esci").click()
    page.wait_for_timeout(500)
    wait_for_app(page)
    assert_refused(page)
    expect(sidebar.get_by_text("Profilo: Pubblico", exact=False)).to_have_count(1)
    assert sidebar.get_by_text("Carica dati").count() == 0


def test_login_returns_to_the_page_asked_for_and_a_reload_says_the_session_ended(browser, page, fresh_server):
    srv = fresh_server(env=users_env())
    page.goto(f"{srv.url}/carica_dati")
    wait_for_app(page)
    assert_refused(page)
    page.get_by_text("Vai all'accesso").click()
    expect(page.locator("h1").first).to_contain_text("Accesso")
    wait_for_app(page)
    page.get_by_label("Nome utente").fill("prova-coordinatore")
    page.get_by_label("Password", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    # Straight back to the page that was refused, now open.
    expect(page.locator("h1").first).to_contain_text("Carica dati", timeout=30_000)
    expect(page.locator('[data-testid="stFileUploader"]')).not_to_have_count(0)
    page.wait_for_function("() => location.search.includes('sessione=1')")
    page.reload()
    wait_for_app(page)
    expect(page.get_by_text("La sessione di accesso è terminata", exact=False)).to_have_count(1)
    assert_refused(page)
    shot(page, "sessione-terminata")
