"""The report in a real browser, one version per audience: each PDF says on every page which it is,
and the public and Assemblea ones never list a comune with 1-4 families (issue 15 §3)."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot, wait_for_app
from tests.browser.test_access import log_in, users_env
from tests.conftest import TEST_PASSWORD

pytestmark = pytest.mark.browser

FOOTERS = {"pubblica": "Versione pubblica", "assemblea": "Versione per l'Assemblea dei Sindaci",
           "interna": "Versione interna"}
# In the sample, Castelvisconti had one family in the whole project (tests/test_report.py).
SMALL = re.compile(r"Castelvisconti\s+1\b")


def pdf_pages(page) -> list[str]:
    from pypdf import PdfReader

    page.get_by_role("button", name="Prepara il report PDF").click()
    button = page.get_by_role("button", name="Scarica il report (PDF)")
    button.wait_for(timeout=60_000)
    with page.expect_download() as info:
        button.click()
    reader = PdfReader(io.BytesIO(open(info.value.path(), "rb").read()))
    return [p.extract_text() for p in reader.pages]


def open_report(page) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_role("link", name="Report per l'Assemblea").click()
    expect(page.locator("h1").first).to_contain_text("Report")
    wait_for_app(page)


def check(texts: list[str], version: str) -> None:
    assert texts and all(FOOTERS[version] in t for t in texts), version
    others = [f for k, f in FOOTERS.items() if k != version]
    assert not [t for t in texts for f in others if f in t]
    if version != "interna":
        assert not [t for t in texts if SMALL.search(t)]


def test_the_public_gets_the_public_version(browser, page, server):
    page.goto(server.url)
    wait_for_app(page)
    open_report(page)
    assert page.get_by_role("radiogroup").count() == 0  # no choice: the public version only
    check(pdf_pages(page), "pubblica")
    shot(page, "report-pubblico")


def test_a_mayor_gets_the_assemblea_version(browser, page, fresh_server):
    srv = fresh_server(env=users_env())
    log_in(page, srv.url, "prova-assemblea", TEST_PASSWORD)
    open_report(page)
    assert page.get_by_role("radiogroup").count() == 0
    check(pdf_pages(page), "assemblea")


def test_a_coordinator_chooses_the_version_assemblea_first(browser, page, fresh_server):
    srv = fresh_server(env=users_env())
    log_in(page, srv.url, "prova-coordinatore", TEST_PASSWORD)
    open_report(page)
    check(pdf_pages(page), "assemblea")  # the default
    page.get_by_text("Interno (coordinamento)").click()
    wait_for_app(page)
    texts = pdf_pages(page)
    check(texts, "interna")
    assert [t for t in texts if SMALL.search(t)], "the internal version lists every comune's count"
    shot(page, "report-coordinatore")
