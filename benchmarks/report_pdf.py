"""The PDF report's build time, one line per version (issue 15 §3: at most 5 s at the Ambito's scale).

What the Report page makes a user wait for after «Prepara il report PDF»: the engine table as the
version's role sees it (the access layer, computed afresh: no cache), the report's content, and the
layout with its charts. The data are loaded and the indicators computed once beforehand, as in a
running server. Also, once, the whole `python -m report` process (start, imports, loading,
computing, writing the file) for the Assemblea's version.
"""

from __future__ import annotations

import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOAL_S = 5.0
ROOT = Path(__file__).resolve().parent.parent


def measure(folder: Path, runs: int) -> dict:
    """{"versions": {key: median seconds}, "pages": {key: page count}, "cli_s": seconds}."""
    import io

    import pypdf

    from access.views import table_for
    from data_loaders import load_all
    from indicators.engine import compute_all
    from indicators.registry import CATALOG
    from report.build import render_pdf, report_from_table
    from report.editions import EDITIONS

    as_of = dt.date.today()
    results = load_all(folder, as_of)
    table = compute_all(results, as_of)
    sensitive = {i.id for i in CATALOG if i.sensitive}
    times: dict[str, float] = {}
    pages: dict[str, int] = {}
    for key, edition in EDITIONS.items():
        runs_s, data = [], b""
        for _ in range(runs):
            start = time.perf_counter()
            seen = table_for(table, edition.role, sensitive)
            data = render_pdf(report_from_table(seen, results, as_of, edition.role))
            runs_s.append(time.perf_counter() - start)
        times[key] = statistics.median(runs_s)
        pages[key] = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    with tempfile.TemporaryDirectory(prefix="cruscotto-report-") as tmp:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "report", "--data", str(folder), "--out", str(Path(tmp) / "r.pdf"),
                        "--versione", "assemblea"], cwd=ROOT, check=True, capture_output=True)
        cli_s = time.perf_counter() - start
    return {"versions": times, "pages": pages, "cli_s": cli_s}


def lines(result: dict) -> list[str]:
    out = ["Report PDF (dalla tabella già calcolata, come la pagina «Report»):"]
    for key, seconds in result["versions"].items():
        out.append(f"  versione {key:<10} {seconds:7.2f} s  ({result['pages'][key]} pagine)")
    out.append(f"  python -m report --versione assemblea, processo intero: {result['cli_s']:.2f} s")
    return out


def summary(result: dict) -> dict:
    out = {f"pdf_build_s_{key}": round(s, 2) for key, s in result["versions"].items()}
    out["pdf_build_max_s"] = round(max(result["versions"].values()), 2)
    out["pdf_cli_s"] = round(result["cli_s"], 2)
    return out
