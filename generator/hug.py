"""Centro per le Famiglie HUG: the partners' budget (seeds/000, real) and synthetic accesses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.common import Scale, it_date, it_number, rng_for, write_csv

# partner: (finanziamento, cofinanziamento) — seeds/000, protocol table (TOTALE 70.000 / 30.000).
BUDGET_PARTNER = {
    "COMUNE DI CREMONA": (2_000.00, 16_000.00),
    "AZIENDA SOCIALE CREMONESE": (17_000.00, 8_000.00),
    "ASST CREMONA": (10_000.00, 2_500.00),
    "SOL.CO CREMONA": (11_000.00, 1_500.00),
    "COSPES SCS IMPRESA SOCIALE": (30_000.00, 2_000.00),
}
# Opening days (weekday 0 = Monday) of each point; the spokes without fixed hours open on weekdays.
PUNTI = {
    "hub": (1, 3),
    "spoke1_hack_montalcini": (0, 1, 2, 3, 4),
    "spoke2_asc": (0,),
    "spoke2_soresina": (2,),
    "spoke3_civico81": (0, 1, 2, 3, 4),
}
TIPI_PER_PUNTO = {
    "hub": ("informazione", "orientamento", "consulenza", "gruppo_padri"),
    "spoke1_hack_montalcini": ("informazione", "orientamento", "consulenza"),
    "spoke2_asc": ("informazione", "orientamento", "consulenza"),
    "spoke2_soresina": ("informazione", "orientamento"),
    "spoke3_civico81": ("informazione", "orientamento", "conciliazione"),
}
ACCESSI_HEADER = ["data", "punto_accesso", "tipo", "codice_famiglia", "codice_istat_comune"]
BUDGET_HEADER = ["partner", "tipo", "previsto_eur", "speso_eur"]
START, END = dt.date(2023, 1, 9), dt.date(2026, 10, 31)


def _accessi(rng, istat: list[str], factor: int) -> list[list]:
    rows = []
    families = [f"HUG-{k:04d}" for k in range(1, 700 * factor)]
    day = START
    while day <= END:
        for punto, days in PUNTI.items():
            if day.weekday() in days:
                for _ in range(rng.randint(0, 4) * factor):
                    fam = rng.choice(families) if rng.random() < 0.8 else ""
                    comune = (istat[0] if rng.random() < 0.55 else rng.choice(istat)) if rng.random() < 0.9 else ""
                    rows.append([it_date(day), punto, rng.choice(TIPI_PER_PUNTO[punto]), fam, comune])
        day += dt.timedelta(days=1)
    return rows


def _budget(rng) -> list[list]:
    rows = []
    for partner, (fin, cof) in BUDGET_PARTNER.items():
        for tipo, amount in (("finanziamento", fin), ("cofinanziamento", cof)):
            rows.append([partner, tipo, it_number(amount), it_number(round(amount * rng.uniform(0.4, 0.95), 2))])
    return rows


def generate(out: Path, scale: Scale, seed: int, istat_cremonese: list[str]) -> dict[str, int]:
    rng = rng_for(seed, "hug")
    return {
        "hug_accessi.csv": write_csv(out / "hug_accessi.csv", ACCESSI_HEADER,
                                     _accessi(rng, istat_cremonese, scale.record_factor)),
        "hug_budget.csv": write_csv(out / "hug_budget.csv", BUDGET_HEADER, _budget(rng)),
    }
