"""python -m benchmarks [--scale ambito|region] [--runs N]: how fast the dashboard is, in figures.

Prints, for the chosen data: time to load and validate each dataset, time of one plain scan of
the same files (the floor: polars reading every column as text), their ratio, time to compute
every indicator, each page's run time through AppTest cold and warm (cached), and the peak
memory of the process. Figures are medians of several runs. The last line is one JSON object
so the figures can be tracked over time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("CRUSCOTTO_BENCH_DIR", "/tmp/cruscotto-bench"))


def _median_time(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def _data(scale: str) -> Path:
    """Generated once per scale and generator version, then reused."""
    from generator.__main__ import generate_all

    folder = CACHE / scale
    stamp = folder / ".generator-version"
    version = str(sum(p.stat().st_mtime_ns for p in (ROOT / "generator").glob("*.py")))
    if not stamp.exists() or stamp.read_text() != version:
        print(f"Genero i dati di scala «{scale}» in {folder} …", file=sys.stderr)
        t0 = time.perf_counter()
        generate_all(folder, scale)
        stamp.write_text(version)
        print(f"   generati in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return folder


def _scan(folder: Path) -> int:
    from data_loaders.registry import DATASETS
    from data_loaders.text_table import sniff_separator

    rows = 0
    for spec in DATASETS.values():
        path = folder / spec.filename
        if path.exists():
            head = path.open("rb").readline().decode("utf-8-sig", errors="replace")
            rows += pl.read_csv(path, separator=sniff_separator(head), infer_schema=False).height
    return rows


def _pages(folder: Path, runs: int) -> dict[str, tuple[float, float]]:
    """(cold, warm) seconds per page through AppTest, as a coordinator sees it."""
    import streamlit as st
    from streamlit.logger import set_log_level
    from streamlit.testing.v1 import AppTest

    set_log_level("error")  # AppTest's bare-mode warnings would drown the figures

    from ui.shell import PAGES

    os.environ["CRUSCOTTO_DATA_DIR"] = str(folder)
    out: dict[str, tuple[float, float]] = {}
    for page in PAGES:
        colds, warms = [], []
        for _ in range(runs):
            st.cache_resource.clear()
            st.cache_data.clear()
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            at.session_state["ruolo"] = "coordinatore"
            at.switch_page(str(ROOT / page.path))
            t0 = time.perf_counter()
            at.run()  # cold: empty caches, so this includes loading and computing
            colds.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            at.run()
            warms.append(time.perf_counter() - t0)
            if at.exception:
                print(f"   ! {page.path}: {at.exception[0].message[:200]}", file=sys.stderr)
        out[page.path] = (statistics.median(colds), statistics.median(warms))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    ap.add_argument("--scale", choices=("ambito", "region"), default="ambito")
    ap.add_argument("--runs", type=int, default=3, help="ripetizioni per ogni misura (mediana)")
    ap.add_argument("--no-pages", action="store_true", help="salta la misura delle pagine")
    args = ap.parse_args(argv)

    from data_loaders import load_dataset
    from data_loaders.registry import DATASETS
    from indicators.engine import compute_all

    folder = _data(args.scale)
    print(f"Scala: {args.scale} · dati: {folder} · mediana di {args.runs} esecuzioni")

    scan_s, rows = _median_time(lambda: _scan(folder), args.runs)
    print(f"\nScansione semplice di tutti i file (il minimo): {scan_s:.3f} s, {rows} righe")

    print("\nCaricamento e verifica per dataset:")
    load_total, results = 0.0, {}
    for name in DATASETS:
        t, res = _median_time(lambda n=name: load_dataset(n, folder), args.runs)
        results[name] = res
        load_total += t
        print(f"  {name:<20} {t:8.3f} s  {res.rows_valid:>10} righe valide  {len(res.problems):>6} problemi")
    print(f"  {'totale':<20} {load_total:8.3f} s  (rapporto sulla scansione: {load_total / scan_s:.2f})")

    compute_s, table = _median_time(lambda: compute_all(results), args.runs)
    print(f"\nCalcolo di tutti gli indicatori: {compute_s:.3f} s, {table.height} righe "
          f"(rapporto sulla scansione: {compute_s / scan_s:.2f})")

    pages: dict[str, tuple[float, float]] = {}
    if not args.no_pages:
        print("\nPagine (AppTest, profilo coordinatore): a freddo / a caldo")
        pages = _pages(folder, max(1, args.runs - 1))
        for path, (cold, warm) in pages.items():
            print(f"  {path:<28} {cold:7.3f} s / {warm:7.3f} s")

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nMemoria di picco del processo: {peak_mb:.0f} MB")
    summary = {
        "scale": args.scale, "rows": rows, "scan_s": round(scan_s, 4), "load_s": round(load_total, 4),
        "compute_s": round(compute_s, 4), "ratio": round(load_total / scan_s, 2),
        "compute_ratio": round(compute_s / scan_s, 2),
        "page_cold_max_s": round(max((c for c, _ in pages.values()), default=0.0), 4),
        "page_warm_max_s": round(max((w for _, w in pages.values()), default=0.0), 4),
        "peak_rss_mb": round(peak_mb, 1),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
