"""Deep links opened first on a freshly started server (the navigation trap of Streamlit 1.67)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_for_app

pytestmark = pytest.mark.browser


def test_deep_link_first_request_runs_the_shell(browser, page, fresh_server):
    srv = fresh_server()
    page.goto(f"{srv.url}/pippi")
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().startswith("Programma PIPPI")
    sidebar = page.locator('[data-testid="stSidebar"]')
    # Our menu (page links with Italian titles), not the legacy file-name menu.
    expect(sidebar.get_by_role("link", name="Panoramica", exact=True)).to_have_count(1)
    expect(sidebar.get_by_text("Profilo: Pubblico", exact=False)).to_have_count(1)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert page.get_by_text("Traceback").count() == 0
    shot(page, "deep-link-pippi")


def test_restricted_deep_link_first_request_is_refused(browser, page, fresh_server):
    srv = fresh_server()
    page.goto(f"{srv.url}/carica_dati")
    wait_for_app(page)
    expect(page.get_by_text("Questa pagina è riservata", exact=False)).to_have_count(1)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    shot(page, "deep-link-riservata")


def test_overview_renders_figures(browser, page, server):
    page.goto(server.url)
    wait_for_app(page)
    # The figures arrive while the script runs: wait for them rather than for the title alone.
    page.get_by_text("153.632").first.wait_for(timeout=30_000)
    shot(page, "panoramica")


@pytest.mark.parametrize("first", [True, False], ids=["first-request", "later"])
def test_the_home_page_answers_by_its_name_too(browser, page, server, fresh_server, first):
    # /panoramica typed or bookmarked: the home page, under its own name, without Streamlit's
    # English "Page not found"; the menu marks it as the page shown.
    srv = fresh_server() if first else server
    page.goto(f"{srv.url}/panoramica")
    wait_for_app(page)
    page.get_by_text("153.632").first.wait_for(timeout=30_000)
    assert page.locator("h1").first.inner_text().startswith("Cruscotto del Piano di Zona")
    assert page.get_by_text("Page not found").count() == 0 and page.url.endswith("/panoramica")
    # Streamlit marks the page shown by a background of its link alone (no attribute to read).
    links = page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]')
    backgrounds = {links.nth(i).locator("p").inner_text().strip(): links.nth(i).evaluate("a => getComputedStyle(a).backgroundColor")
                   for i in range(links.count())}
    plain = backgrounds["Piano di Zona"]
    assert backgrounds["Panoramica"] != plain and all(b == plain for t, b in backgrounds.items() if t != "Panoramica")
