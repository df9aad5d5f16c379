"""From a data folder (or an already computed engine table) to the PDF bytes, with progress."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Mapping

import polars as pl

from access.roles import COORDINATORE
from data_loaders import load_all
from indicators.engine import compute_all
from report import pdf
from report.content import Report, build_report, visible
from report.semester import build_semester
from report.version import data_version, version_text

# progress(share done 0..1, what is being done): the page drives st.progress with it.
Progress = Callable[[float, str], None]


class DataFolderError(ValueError):
    """The folder cannot give a report: it does not exist or holds none of the expected files."""


def report_from_folder(folder: str | Path, as_of: dt.date, role: str = COORDINATORE,
                       computed_at: dt.datetime | None = None) -> Report:
    """Load every dataset of ``folder``, compute the engine table, build the report content."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DataFolderError(f"la cartella dei dati {folder} non esiste.")
    results = load_all(folder, as_of)
    if all(r.missing for r in results.values()):
        raise DataFolderError(f"nessun file di dati riconosciuto in {folder} "
                              "(i nomi attesi sono in sample_data/README.md).")
    table = compute_all(results, as_of)
    return report_from_table(visible(table, role), results, as_of, role, computed_at)


def report_from_table(seen: pl.DataFrame, results: Mapping, as_of: dt.date, role: str = COORDINATORE,
                      computed_at: dt.datetime | None = None) -> Report:
    """The report content from an engine table already computed and passed through the access
    layer for ``role`` (the page passes its ``visible_table``)."""
    report = build_report(seen, results, as_of=as_of, version=data_version(results), role=role,
                          computed_at=computed_at)
    frames = {name: r.frame for name, r in results.items()}
    report.semester = build_semester(seen, as_of, report.ambito, frames, role)
    report.version_text = version_text(results, as_of)
    return report


def render_pdf(report: Report, progress: Progress | None = None) -> bytes:
    """The report as PDF bytes, its charts drawn in the layout (report/charts.py)."""
    say = (lambda share, msg: progress(share, f"Impaginazione: {msg}")) if progress else None
    data = pdf.render(report, say)
    if progress:
        progress(1.0, "Report pronto")
    return data
