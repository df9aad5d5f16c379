"""«Il mio comune» in a real browser, for each role: open the page from the menu, pick a comune,
read its figure and see its chart drawn (issue 15 §4). Screenshots in artifacts/mio-comune-*.png."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Server, new_context, shot, wait_for_app
from tests.conftest import AS_OF, SAMPLE

pytestmark = pytest.mark.browser

PASSWORD = "password-e2e-sindaci-1"
USERS = {"e2e-sindaco": "assemblea", "e2e-coordinatore": "coordinatore"}
TIMEOUT = 60_000
HUG = "Accessi al Centro per le Famiglie per 1.000 abitanti · 2025"
PIPPI = "Famiglie PIPPI per 1.000 abitanti · dal 2023 al 30/06/2026"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from access.accounts import add_user

    data = tmp_path_factory.mktemp("mio-comune") / "dati"
    shutil.copytree(SAMPLE, data)
    users = data.parent / "utenti.toml"
    for name, role in USERS.items():
        add_user(name, role, PASSWORD, path=users)
    s = Server(data_dir=data, env={"CRUSCOTTO_UTENTI": str(users), "CRUSCOTTO_AS_OF": AS_OF.isoformat()})
    yield s
    s.stop()


def metric(page, label: str):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')


def open_and_choose(browser, server, role: str | None, comune: str):
    context = new_context(browser)
    page = context.new_page()
    page.goto(server.url)
    wait_for_app(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    if role:
        name = next(n for n, r in USERS.items() if r == role)
        sidebar.get_by_text("Accesso").click()
        expect(page.locator("h1").first).to_contain_text("Accesso")
        page.get_by_label("Nome utente").fill(name)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Accedi").click()
        sidebar.get_by_text(re.compile("Profilo: (Assemblea|Coordinamento)")).wait_for(timeout=TIMEOUT)
    # Through the menu: a typed address would start a new, public session.
    sidebar.get_by_text("Il mio comune").click()
    expect(page.locator("h1").first).to_contain_text("Il mio comune", timeout=TIMEOUT)
    wait_for_app(page)
    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first.click()
    page.keyboard.type(comune)
    page.keyboard.press("Enter")
    expect(page.locator("h2, h3").filter(has_text=comune).first).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stVegaLiteChart\"] svg.marks').length >= 3",
                           timeout=TIMEOUT)
    wait_for_app(page)
    return context, page


@pytest.mark.parametrize("role", [None, "assemblea", "coordinatore"])
def test_each_role_picks_a_comune_and_reads_its_figure(browser, server, role):
    context, page = open_and_choose(browser, server, role, "Sospiro")
    try:
        # Sospiro, 2025: 14 accesses from residents over 3.149 residents -> 4,45 per 1.000 (hug_accessi.csv,
        # comuni.csv); shown to everyone (14 is not a small count).
        expect(metric(page, HUG)).to_have_text("4,4")
        # 3 PIPPI families (tests/test_mio_comune.py): 0,95 per 1.000 for the coordinator, «< 5» for the others.
        expect(metric(page, PIPPI)).to_have_text("0,95" if role == "coordinatore" else "< 5")
        expect(page.get_by_text(re.compile(r"È 41° su 48 tra i comuni"))).to_have_count(1)
        # Tall enough for the whole page in one picture (the page scrolls inside its own container).
        page.set_viewport_size({"width": 1400, "height": 2400})
        page.wait_for_timeout(800)
        shot(page, f"mio-comune-{role or 'pubblico'}")
    finally:
        context.close()
