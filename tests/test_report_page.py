"""The report page through AppTest: a coordinator chooses the version (the Assemblea's by default),
the Assemblea gets its own and the public the public one; each PDF says which it is on every page."""

from __future__ import annotations

import io
import re

import polars as pl
import pypdf

from data_loaders import load_all
from indicators.engine import compute_all, latest
from report.version import data_version
from tests.apptest import open_page, texts
from tests.conftest import AS_OF, SAMPLE

# In the sample, 1 PIPPI family of 2026 lives in Casalbuttano ed Uniti (coordinator's table).
SMALL_COMUNE = "Casalbuttano ed Uniti 1 "


def _build(role: str, choice: str | None = None):
    at = open_page("pages/report.py", role=role)
    assert not at.get("download_button"), "nothing to download before the report is prepared"
    if choice:
        at.radio[0].set_value(choice).run()
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _pages(at) -> list[str]:
    pdf = at.session_state["report_pdf"]["data"]
    return [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_coordinator_gets_the_assemblea_version_by_default_with_the_engine_counts():
    at = _build("coordinatore")
    (choice,) = at.radio
    assert choice.value == "assemblea" and choice.options == ["Assemblea dei Sindaci", "Pubblico",
                                                              "Interno (coordinamento)"]
    shown = texts(at)
    assert data_version(load_all(SAMPLE)) in shown
    (button,) = at.get("download_button")
    assert button.proto.label == "Scarica il report (PDF)"
    assert "Versione per l'Assemblea dei Sindaci pronta" in shown
    pages = _pages(at)
    assert all("Versione per l'Assemblea dei Sindaci" in p for p in pages)
    # Built from the Assemblea's view: the comune with one family is not listed.
    assert not any(SMALL_COMUNE in p for p in pages)
    assert at.session_state["report_pdf"]["name"].endswith("_assemblea.pdf")


def on_off(table: pl.DataFrame) -> tuple[int, int]:
    judged = latest(table, "Ambito Cremonese").filter(pl.col("kind") != "contesto")
    return tuple(judged.filter(pl.col("status") == s).height for s in ("on_track", "off_track"))


def test_coordinator_may_produce_the_internal_version_with_every_value():
    at = _build("coordinatore", "interna")
    table = compute_all(load_all(SAMPLE), AS_OF)
    on, off = on_off(table)
    shown = texts(at)
    assert f"{on} indicatori in linea" in shown and f"{off} fuori target" in shown
    assert "riservata al coordinamento" in shown
    pages = _pages(at)
    assert all("Versione interna" in p for p in pages)
    assert any(SMALL_COMUNE in p for p in pages)


def test_assemblea_gets_its_version_and_no_choice():
    at = _build("assemblea")
    assert not at.radio
    pages = _pages(at)
    assert all("Versione per l'Assemblea dei Sindaci" in p for p in pages)
    assert not any(SMALL_COMUNE in p for p in pages)


def test_public_may_build_the_public_version():
    at = _build("pubblico")
    assert not at.radio
    assert not any("riservata" in w.value for w in at.warning)
    shown = texts(at)
    assert "non sono mostrati" in shown
    (button,) = at.get("download_button")
    assert button.proto.label == "Scarica il report (PDF)"
    # The file offered is the public version (built from the public's view of the table).
    pages = _pages(at)
    assert all("Versione pubblica" in p for p in pages)
    assert not any(SMALL_COMUNE in p for p in pages)
    assert at.session_state["report_pdf"]["name"].endswith("_pubblica.pdf")
    assert re.search(r"^report_assemblea_\d{8}_[0-9a-f]{12}_pubblica\.pdf$", at.session_state["report_pdf"]["name"])


def test_assemblea_cannot_ask_for_the_internal_version_through_the_session():
    at = open_page("pages/report.py", role="assemblea")
    at.session_state["report_versione"] = "interna"  # the coordinator's choice, forged
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    pages = _pages(at)
    assert all("Versione per l'Assemblea dei Sindaci" in p for p in pages)
    assert not any(SMALL_COMUNE in p for p in pages)


def test_internal_pdf_is_not_offered_after_the_session_becomes_public():
    from ui.session import SESSION_KEY

    at = _build("coordinatore", "interna")
    assert at.get("download_button")
    del at.session_state[SESSION_KEY]  # logged out: the same browser session, now public
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.title[0].value == "Report per l'Assemblea dei Sindaci" and not at.radio
    assert at.button[0].label == "Prepara il report PDF"
    assert not at.get("download_button")
