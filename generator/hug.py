"""Centro per le Famiglie HUG: the partners' budget and the declared opening hours (seeds/000, real),
synthetic accesses, spending and coordination-table meetings.

The protocol followed the ATS deliberation of 5 June 2024: the sample register starts on
2 September 2024, an assumed opening day (the seeds give none).
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

from generator.common import Scale, it_bool, it_date, it_number, rng_for, write_csv, write_csv_chunks

# partner: (finanziamento, cofinanziamento) — seeds/000, art. 6 table (TOTALE 70.000 / 30.000),
# spelled as the table spells them (the text calls the cooperative "Cospes").
BUDGET_PARTNER = {
    "COMUNE DI CREMONA": (2_000.00, 16_000.00),
    "AZIENDA SOCIALE CREMONESE": (17_000.00, 8_000.00),
    "ASST CREMONA": (10_000.00, 2_500.00),
    "SOL.CO CREMONA": (11_000.00, 1_500.00),
    "COSPER SCS IMPRESA SOCIALE": (30_000.00, 2_000.00),
}
PROTOCOLLO = "Protocollo operativo HUG, art. 5"
SINTETICO = "sintetico: il protocollo non indica l'orario"
# (punto, weekday 0 = Monday, from, to, source). Hub and spoke 2 as the protocol states them.
ORARI = (
    ("hub", 1, "10:00", "12:00", PROTOCOLLO),
    ("hub", 3, "16:00", "18:00", PROTOCOLLO),
    ("spoke2_asc", 0, "08:00", "10:00", PROTOCOLLO),
    *(("spoke1_hack_montalcini", d, "08:00", "09:00", SINTETICO) for d in range(5)),
    ("spoke2_soresina", 2, "14:00", "16:00", SINTETICO),
    *(("spoke3_civico81", d, "17:00", "18:00", SINTETICO) for d in range(5)),
)
GIORNI = ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica")
TIPI_PER_PUNTO = {
    "hub": ("informazione", "orientamento", "consulenza", "gruppo_padri"),
    "spoke1_hack_montalcini": ("informazione", "orientamento", "consulenza"),
    "spoke2_asc": ("informazione", "orientamento", "consulenza"),
    "spoke2_soresina": ("informazione", "orientamento"),
    "spoke3_civico81": ("informazione", "orientamento", "conciliazione"),
}
ACCESSI_HEADER = ["data", "punto_accesso", "tipo", "codice_famiglia", "codice_istat_comune"]
ORARI_HEADER = ["punto_accesso", "giorno", "dalle", "alle", "valido_dal", "valido_al", "fonte"]
BUDGET_HEADER = ["partner", "tipo", "previsto_eur", "speso_eur"]
RIUNIONI_HEADER = ["data", "verbale", "enti_presenti", "note"]
START, END = dt.date(2024, 9, 2), dt.date(2026, 10, 31)
ACCESSI_MAX_PER_APERTURA = 4


def _accessi(rng, istat: list[str], factor: int) -> list[list]:
    rows = []
    families = [f"HUG-{k:04d}" for k in range(1, 400 * factor)]
    days = {}
    for punto, weekday, *_rest in ORARI:
        days.setdefault(punto, set()).add(weekday)
    day = START
    while day <= END:
        for punto in TIPI_PER_PUNTO:
            if day.weekday() in days[punto]:
                for _ in range(rng.randint(0, ACCESSI_MAX_PER_APERTURA) * factor):
                    fam = rng.choice(families) if rng.random() < 0.8 else ""
                    comune = (istat[0] if rng.random() < 0.55 else rng.choice(istat)) if rng.random() < 0.9 else ""
                    rows.append([it_date(day), punto, rng.choice(TIPI_PER_PUNTO[punto]), fam, comune])
        day += dt.timedelta(days=1)
    return rows


# Region scale: every other Ambito's families use the same register (and, the contract having no
# Ambito column, the same five point codes) over the scale's years; 1 to 6 accesses per opening.
ACCESSI_REGIONE_PER_APERTURA = (1, 6)
FAMIGLIE_REGIONE_PER_AMBITO = 600


def _openings(start: dt.date, end: dt.date) -> list[tuple[str, str, tuple[str, ...]]]:
    """(date as written, point, kinds of access) for every opening of every point, in date order."""
    days: dict[str, set[int]] = {}
    for punto, weekday, *_rest in ORARI:
        days.setdefault(punto, set()).add(weekday)
    out, day = [], start
    while day <= end:
        out.extend((it_date(day), punto, TIPI_PER_PUNTO[punto]) for punto in TIPI_PER_PUNTO
                   if day.weekday() in days[punto])
        day += dt.timedelta(days=1)
    return out


def _accessi_regione(seed: int, scale: Scale, ambiti: dict[str, list]):
    """Chunks of access rows, one per Ambito other than the principal one (the first)."""
    rng = rng_for(seed, "hug_regione")
    openings = _openings(dt.date(scale.years[0], 1, 1), dt.date(scale.years[-1], 12, 31))
    low, high = ACCESSI_REGIONE_PER_APERTURA
    for index, comuni in enumerate(list(ambiti.values())[1:], 1):
        codes = [c[0] for c in comuni]
        families = [f"HUG{index:02d}-{k:04d}" for k in range(1, FAMIGLIE_REGIONE_PER_AMBITO + 1)]
        rows = []
        for day, punto, tipi in openings:
            for _ in range(rng.randint(low, high)):
                fam = rng.choice(families) if rng.random() < 0.8 else ""
                rows.append([day, punto, rng.choice(tipi), fam, rng.choice(codes) if rng.random() < 0.9 else ""])
        yield rows


def _orari() -> list[list]:
    return [[punto, GIORNI[d], dalle, alle, it_date(START), "", fonte] for punto, d, dalle, alle, fonte in ORARI]


def _budget(rng) -> list[list]:
    rows = []
    for partner, (fin, cof) in BUDGET_PARTNER.items():
        for tipo, amount in (("finanziamento", fin), ("cofinanziamento", cof)):
            rows.append([partner, tipo, it_number(amount), it_number(round(amount * rng.uniform(0.4, 0.95), 2))])
    return rows


def _riunioni(rng) -> list[list]:
    """Meetings every 5 to 10 weeks: mostly within "every two months", now and then later."""
    rows, day = [], START + dt.timedelta(days=10)
    while day <= END:
        rows.append([it_date(day), it_bool(rng.random() < 0.9), rng.randint(3, 5), ""])
        day += dt.timedelta(weeks=rng.randint(5, 10))
    return rows


def generate(out: Path, scale: Scale, seed: int, istat_cremonese: list[str],
             ambiti: dict[str, list] | None = None) -> dict[str, int]:
    rng = rng_for(seed, "hug")
    accessi = _accessi(rng, istat_cremonese, scale.record_factor)
    chunks = itertools.chain([accessi], _accessi_regione(seed, scale, ambiti) if scale.is_region and ambiti else ())
    return {
        "hug_accessi.csv": write_csv_chunks(out / "hug_accessi.csv", ACCESSI_HEADER, chunks),
        "hug_orari.csv": write_csv(out / "hug_orari.csv", ORARI_HEADER, _orari()),
        "hug_budget.csv": write_csv(out / "hug_budget.csv", BUDGET_HEADER, _budget(rng)),
        "hug_riunioni.csv": write_csv(out / "hug_riunioni.csv", RIUNIONI_HEADER, _riunioni(rng_for(seed, "hug_riunioni"))),
    }
