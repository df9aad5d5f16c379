"""Observations of the Piano di Zona indicators (synthetic), one row per indicator, period, territory."""

from __future__ import annotations

from pathlib import Path

from generator.common import Scale, it_number, rng_for, write_csv

HEADER = ["indicatore", "periodo", "territorio", "valore", "numeratore", "denominatore", "fonte", "note"]

# code: {period: value}. Shaped so that every status appears somewhere.
OSSERVAZIONI = {
    "1.2.out.1": {"2021": 0, "2022": 1, "2023": 2},
}


def generate(out: Path, scale: Scale, seed: int) -> dict[str, int]:
    rng_for(seed, "pdz")
    rows = []
    for code, series in OSSERVAZIONI.items():
        for period, value in series.items():
            rows.append([code, period, "Ambito", it_number(float(value), 1), "", "", "Ufficio di Piano", ""])
    return {"osservazioni_pdz.csv": write_csv(out / "osservazioni_pdz.csv", HEADER, rows)}
