"""Streamlit's own English texts: replaced in Italian (uploader, unknown address) or removed (⋮ menu)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_for_app
from tests.browser.test_access import log_in, users_env
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser


def test_unknown_address_is_answered_in_italian_and_the_menu_still_works(browser, page, server):
    page.goto(f"{server.url}/pagina-inesistente")
    wait_for_app(page)
    expect(page.get_by_text("Pagina non trovata: l'indirizzo «/pagina-inesistente»", exact=False)).to_have_count(1)
    # Streamlit's English dialog is in the page but never shown, and does not block the menu.
    expect(page.get_by_text("Page not found")).to_be_hidden()
    expect(page.locator('[data-testid="stMainMenu"]')).to_be_hidden()
    shot(page, "indirizzo-sconosciuto")
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="PIPPI", exact=True).click()
    expect(page.locator("h1").first).to_contain_text("Programma PIPPI")


def test_the_uploader_speaks_italian_with_the_real_limit(browser, page, fresh_server):
    srv = fresh_server(env={**users_env(), "CRUSCOTTO_MAX_FILE_MB": "7"})
    log_in(page, srv.url, "prova-coordinatore", TEST_PASSWORD)
    page.locator('[data-testid="stSidebar"]').get_by_text("Carica dati").click()
    expect(page.locator("h1").first).to_contain_text("Carica dati")
    wait_for_app(page)
    zone = page.locator('[data-testid="stFileUploaderDropzone"]').first
    expect(zone).to_be_visible()
    instructions = zone.locator('[data-testid="stFileUploaderDropzoneInstructions"] span').first
    # Streamlit's own text (with the limit it enforces: 7MB, from the same setting) is in the DOM at size 0;
    # what shows is the Italian sentence drawn after it.
    assert "7MB" in instructions.inner_text()
    assert instructions.evaluate("e => getComputedStyle(e).fontSize") == "0px"
    shown = instructions.evaluate("e => getComputedStyle(e, '::after').content")
    assert "Trascina qui il file" in shown and "massimo 7 MB" in shown
    button = zone.locator("button p").first
    assert button.evaluate("e => getComputedStyle(e, '::after').content") == '"Scegli il file"'
    assert button.evaluate("e => getComputedStyle(e).fontSize") == "0px"
    shot(page, "caricamento-italiano")


def test_on_a_phone_the_menu_closes_after_a_choice(browser, server):
    from tests.browser.conftest import wait_for_app as ready

    context = browser.new_context(locale="it-IT", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        phone = context.new_page()
        phone.goto(server.url)
        phone.wait_for_selector("h1", timeout=60_000)
        phone.locator('[data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapsedControl"] button').first.click()
        sidebar = phone.locator('[data-testid="stSidebar"]')
        phone.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().x >= 0")
        sidebar.locator('[data-testid="stPageLink-NavLink"]').filter(has_text="PIPPI").first.click()
        expect(phone.locator("h1").first).to_contain_text("Programma PIPPI")
        # Off screen to the left once closed (Streamlit slides it out rather than removing it).
        phone.wait_for_function("() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right <= 0")
        ready(phone)
        shot(phone, "telefono-menu-chiuso")
    finally:
        context.close()
