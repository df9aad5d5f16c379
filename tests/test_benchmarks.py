"""The benchmark command: its summary line and its verdicts on issues 8 and 16 (no timing asserted)."""

import argparse
import csv
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import benchmarks.__main__ as bench
from benchmarks import hostile, load

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


def _data_rows(folder: Path) -> int:
    """Records in every CSV of the folder, counted with the csv module (header excluded)."""
    total = 0
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            total += sum(1 for _ in csv.reader(fh, delimiter=";")) - 1
    return total


def test_summary_line_has_the_tracked_keys_and_counts_every_row(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(bench, "CACHE", tmp_path)
    assert bench.main(["--scale", "ambito", "--runs", "1", "--no-pages", "--no-hostile"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    summary = json.loads(out[-1])
    for key in ("scale", "rows", "scan_s", "load_s", "compute_s", "ratio", "page_warm_max_s", "peak_rss_mb",
                "compute_ratio", "commit", "when"):
        assert key in summary, key
    assert summary["scale"] == "ambito"
    # The generated Ambito data are the bundled sample, byte for byte: same record count.
    assert summary["rows"] == _data_rows(SAMPLE) == _data_rows(tmp_path / "ambito")
    # The JSON's times are rounded to 0,1 ms, its ratio comes from the unrounded times.
    assert summary["ratio"] == pytest.approx(summary["load_s"] / summary["scan_s"], rel=0.02)
    # Pages not measured: no verdict on them, but load and compute are judged.
    text = "\n".join(out)
    assert "caricamento e verifica / scansione" in text
    assert "pagina più lenta a caldo" not in text


def test_verdicts_compare_with_issue_8_limits_per_scale():
    summary = {"scale": "region", "ratio": 3.0, "compute_ratio": 1.51, "page_warm_max_s": 0.9,
               "peak_rss_mb": 1100.0}
    lines = bench.verdicts(summary)
    assert lines == [
        "caricamento e verifica / scansione: 3 (obiettivo ≤ 3) rispettato",
        "calcolo di tutti gli indicatori / scansione: 1.51 (obiettivo ≤ 1.5) NON rispettato",
        "pagina più lenta a caldo (s): 0.9 (obiettivo ≤ 1) rispettato",
        "memoria di picco (MB): 1100 (obiettivo ≤ 1024) NON rispettato",
    ]
    # The same warm time fails at the Ambito's scale (0,3 s).
    assert bench.verdicts({"scale": "ambito", "page_warm_max_s": 0.9})[0].endswith("NON rispettato")


def test_verdicts_on_issue_16_goals_and_a_stopped_hostile_run():
    summary = {"scale": "ambito", "hostile_xlsx_s": 30.47, "hostile_xlsx_peak_mb": 250.0,
               "hostile_xlsx_guard": "tempo", "load_errors": 0, "load_p95_s_at_25": 2.1,
               "load_server_mb_at_50": 612.4}
    assert bench.verdicts(summary) == [
        "rifiuto dell'xlsx ostile: tempo (s): 30.47 o più (oltre il limite) (obiettivo ≤ 2) NON rispettato",
        # Below the goal, but the run was stopped before the file was refused: not met.
        ("rifiuto dell'xlsx ostile: memoria di picco (MB): 250 o più (oltre il limite) (obiettivo ≤ 300) "
         "NON rispettato"),
        "errori sotto carico: 0 (obiettivo ≤ 0) rispettato",
        "p95 di una pagina con 25 sessioni (s): 2.1 (obiettivo ≤ 2) NON rispettato",
        "memoria del server con 50 sessioni (MB): 612.4 (obiettivo ≤ 2048) rispettato",
    ]
    # Refused in time: judged on its figures. A run that measured nothing (None) gets no verdict.
    assert bench.verdicts({"scale": "ambito", "hostile_xlsx_s": 0.4, "hostile_xlsx_peak_mb": None,
                           "hostile_xlsx_guard": None}) == [
        "rifiuto dell'xlsx ostile: tempo (s): 0.4 (obiettivo ≤ 2) rispettato"]


def test_load_sizes_are_parsed_from_the_command_line():
    assert bench._sizes("10,25,50") == (10, 25, 50)
    for bad in ("10,x", "0", ""):
        with pytest.raises(argparse.ArgumentTypeError):
            bench._sizes(bad)


def test_percentile_is_the_nearest_rank():
    values = [float(v) for v in range(20, 0, -1)]  # 20 … 1, unsorted on purpose
    assert load.percentile(values, 0.95) == 19.0    # rank ceil(0.95 × 20) = 19
    assert load.percentile(values, 0.5) == 10.0
    assert load.percentile([3.5], 0.95) == 3.5


def test_process_tree_counts_a_child_and_its_memory():
    child = subprocess.Popen([sys.executable, "-c", "import time; b = bytearray(64 << 20); time.sleep(30)"])
    try:
        for _ in range(100):  # until the child has touched its 64 MB
            if load._status_kb(child.pid, "VmRSS") > 60 * 1024:
                break
            subprocess.run(["sleep", "0.05"], check=True)
        assert child.pid in load.process_tree(os.getpid())
        assert load.tree_rss_mb(os.getpid()) >= load._status_kb(os.getpid(), "VmRSS") / 1024 + 60
    finally:
        child.kill()
        child.wait()


def test_hostile_workbook_is_a_small_zip_that_declares_a_huge_sheet(tmp_path):
    from data_loaders.xlsx import sniff_format

    path = tmp_path / "bomba.xlsx"
    size = hostile.write_bomb(path, 5_000_000)
    assert size < 5_000_000 / 500  # deflate packs a run of one letter about a thousand-fold
    with zipfile.ZipFile(path) as z:
        sheet = z.getinfo("xl/worksheets/sheet1.xml")
        assert sheet.file_size == 5_000_000 + len(hostile._SHEET_HEAD) + len(hostile._SHEET_TAIL)
        text = z.read(sheet)
    assert text.startswith(hostile._SHEET_HEAD) and text.endswith(hostile._SHEET_TAIL)
    assert text[len(hostile._SHEET_HEAD):-len(hostile._SHEET_TAIL)] == b"A" * 5_000_000
    assert sniff_format(path.read_bytes()) == "xlsx"  # the upload takes it for a workbook


def test_hostile_run_on_a_tiny_bomb_reports_outcome_time_and_memory():
    r = hostile.measure(expanded_bytes=200_000)
    assert r["guard"] is None, r
    # One cell of text and no data row: the upload refuses it, with a reason.
    assert r["outcome"] == "rifiutato" and r["message"]
    assert r["expanded_mb"] == 0.2 and 0 < r["file_kb"] < 10
    assert r["seconds"] >= 0 and r["peak_mb"] > 0
    summary = hostile.summary(r)
    assert set(summary) == {"hostile_xlsx_s", "hostile_xlsx_peak_mb", "hostile_xlsx_outcome", "hostile_xlsx_guard"}
    assert summary["hostile_xlsx_outcome"] == "rifiutato"
    assert hostile.lines(r)[1].startswith("  rifiutato in ")


def test_hostile_run_is_stopped_by_its_guard_and_says_so():
    r = hostile.measure(expanded_bytes=200_000, timeout_s=0.0)
    assert r["guard"] == "tempo" and r["outcome"] is None
    assert "oltre il limite" in hostile.lines(r)[1]
    verdicts = bench.verdicts({"scale": "ambito", **hostile.summary(r)})
    assert len(verdicts) == 2 and all(v.endswith("NON rispettato") for v in verdicts)


def test_load_run_on_a_tiny_crowd_against_a_real_server(monkeypatch):
    """Two sessions (a citizen, a mayor who logs in through the form) on a server started by run.sh:
    every page answers. Concurrent sessions once stalled the server for good (a Python function in
    polars' thread pool and the GIL: tests/test_no_python_in_polars.py); a stall would show here as
    unanswered pages."""
    monkeypatch.delenv("CRUSCOTTO_VERIFICA_GRAFICI")  # the server as deployed (and faster)
    monkeypatch.setattr(load, "PAGE_TIMEOUT_S", 30.0)
    [r] = load.run(SAMPLE, (2,), pause_s=0.0, warm_up=False)
    assert r["sessions"] == 2 and r["roles"] == {"assemblea": 1, "pubblico": 1}
    # Home page for both; the mayor also opens the form and sends it (two timed runs).
    expected = (1 + len(load.role_pages("pubblico"))) + (1 + 2 + len(load.role_pages("assemblea")))
    assert r["sessions_unanswered"] == 0 and r["errors"] == 0, r
    assert r["pages"] == expected
    assert "qualita_dati" in load.role_pages("assemblea") and "qualita_dati" not in load.role_pages("pubblico")
    assert 0 < r["p50_s"] <= r["p95_s"] <= r["max_s"]
    assert r["server_peak_mb"] >= r["server_base_mb"] > 0
    summary = load.summary([r])
    assert summary["load_errors"] == 0 and "load_p95_s_at_25" not in summary
    assert load.lines([r], 0.0)[1].lstrip().startswith("N=2 ")


def test_a_session_refused_a_page_counts_an_error():
    """The check that makes «0 errori» mean something: a page refused, or the wrong profile."""
    from access.roles import ROLE_IT

    ok = load.Run(texts=[f"Profilo: {ROLE_IT['assemblea']}"])
    load._check(ok, "pippi", "assemblea")
    for run, why in ((load.Run(texts=[f"Profilo: {ROLE_IT['pubblico']}"]), "profilo"),
                     (load.Run(texts=[f"Profilo: {ROLE_IT['assemblea']}", load.REFUSED]), "rifiutata"),
                     (load.Run(texts=[f"Profilo: {ROLE_IT['assemblea']}"], exceptions=["boom"]), "eccezione")):
        with pytest.raises(load.PageError, match=why):
            load._check(run, "pippi", "assemblea")
