"""The benchmark command: its summary line and its verdicts on issue 8's targets (no timing asserted)."""

import csv
import json
from pathlib import Path

import pytest

import benchmarks.__main__ as bench

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
    assert bench.main(["--scale", "ambito", "--runs", "1", "--no-pages"]) == 0
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
