"""The report page through AppTest: every role may build the PDF; the public gets the public version."""

from __future__ import annotations

import io

import polars as pl
import pypdf

from data_loaders import load_all
from indicators.engine import compute_all, latest
from report.version import data_version
from tests.apptest import open_page, texts
from tests.conftest import AS_OF, SAMPLE


def _build(role: str):
    at = open_page("pages/report.py", role=role)
    assert not at.get("download_button"), "nothing to download before the report is prepared"
    at.button[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def test_coordinator_builds_the_report_with_the_engine_counts():
    at = _build("coordinatore")
    table = compute_all(load_all(SAMPLE), AS_OF)
    judged = latest(table, "Ambito Cremonese").filter(pl.col("kind") != "contesto")
    on, off = (judged.filter(pl.col("status") == s).height for s in ("on_track", "off_track"))
    shown = texts(at)
    assert f"{on} indicatori in linea" in shown and f"{off} fuori target" in shown
    assert data_version(load_all(SAMPLE)) in shown
    (button,) = at.get("download_button")
    assert button.proto.label == "Scarica il report (PDF)"
    assert "riservata al coordinamento" in shown


def test_public_may_build_the_public_version():
    at = _build("pubblico")
    assert not any("riservata" in w.value for w in at.warning)
    shown = texts(at)
    assert "non sono mostrati" in shown
    (button,) = at.get("download_button")
    assert button.proto.label == "Scarica il report (PDF)"
    # The file offered is the public version (built from the page's visible_table).
    pdf = at.session_state["report_pdf"]["data"]
    first = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Versione per: Pubblico" in " ".join(first.split())
    assert at.session_state["report_pdf"]["name"].endswith("_pubblico.pdf")
