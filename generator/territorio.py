"""Comuni of the Ambito Cremonese with population (2021 total exactly 156.113, as the plan states).

The seeds do not list which 48 of the province's comuni form the Ambito: the list below
approximates it with comuni of the Cremonese area. Names and ISTAT codes are real (ISTAT via
Openpolis, ``comuni_cr_istat.json``, written once by ``generator/territorio_geo.py``); the
populations are shaped to the plan's totals, not the real ones. The residents aged 0-14 and
65+ take each comune's real shares on 1 January 2022 (years up to 2022) and 2023 (later years).
The real list must come from the Ambito's own comuni dataset; sample_data/README.md says so.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.common import Scale, rng_for, write_csv

POPOLAZIONE_2021 = 156_113
COMUNI_AMBITO = 48
SOPRA_3000 = 9
SOTTO_1000 = 14
ISTAT_FILE = Path(__file__).resolve().parent / "comuni_cr_istat.json"
ANNI_ETA = (2022, 2023)  # years of the real age structure in ISTAT_FILE

# (name, sub-ambito, 2021 population seed). Nine above 3,000, fourteen below 1,000.
_COMUNI = [
    ("Cremona", "Cremona città", 71_200), ("Soresina", "Soresinese", 8_800),
    ("Pizzighettone", "Pizzighettonese", 6_500), ("Castelverde", "Cremonese nord", 5_600),
    ("Vescovato", "Cremonese est", 4_000), ("Casalbuttano ed Uniti", "Soresinese", 4_000),
    ("Persico Dosimo", "Cremonese est", 3_300), ("Sospiro", "Cremonese est", 3_200),
    ("Sesto ed Uniti", "Cremonese nord", 3_050),
    ("Gadesco-Pieve Delmona", "Cremonese est", 2_000), ("Malagnino", "Cremonese est", 1_700),
    ("Bonemerse", "Cremonese est", 1_500), ("Spinadesco", "Pizzighettonese", 1_550),
    ("Acquanegra Cremonese", "Pizzighettonese", 1_250), ("Crotta d'Adda", "Pizzighettonese", 650),
    ("Grumello Cremonese ed Uniti", "Pizzighettonese", 1_850), ("Pieve d'Olmi", "Cremonese est", 1_300),
    ("San Daniele Po", "Cremonese est", 1_400), ("Stagno Lombardo", "Cremonese est", 1_550),
    ("Gerre de' Caprioli", "Cremonese est", 1_350), ("Pieve San Giacomo", "Cremonese est", 1_600),
    ("Torre de' Picenardi", "Cremonese est", 1_750), ("Cicognolo", "Cremonese est", 950),
    ("Grontardo", "Cremonese est", 1_450), ("Pescarolo ed Uniti", "Cremonese est", 1_500),
    ("Isola Dovarese", "Cremonese est", 1_200), ("Ostiano", "Cremonese est", 2_900),
    ("Volongo", "Cremonese est", 520), ("Corte de' Frati", "Cremonese nord", 1_400),
    ("Olmeneta", "Cremonese nord", 950), ("Pozzaglio ed Uniti", "Cremonese nord", 1_450),
    ("Robecco d'Oglio", "Cremonese nord", 2_300), ("Paderno Ponchielli", "Soresinese", 1_450),
    ("Annicco", "Soresinese", 2_000), ("Azzanello", "Soresinese", 700),
    ("Bordolano", "Soresinese", 580), ("Castelvisconti", "Soresinese", 300),
    ("Cappella Cantone", "Soresinese", 560), ("Casalmorano", "Soresinese", 1_650),
    ("Genivolta", "Soresinese", 1_150), ("San Bassano", "Soresinese", 2_200),
    ("Trigolo", "Soresinese", 1_700), ("Cella Dati", "Cremonese est", 500),
    ("Derovere", "Cremonese est", 320), ("Cingia de' Botti", "Cremonese est", 1_250),
    ("Corte de' Cortesi con Cignone", "Cremonese nord", 1_100),
    ("Gabbioneta-Binanuova", "Soresinese", 880), ("Pessina Cremonese", "Cremonese est", 620),
]

HEADER = ["anno", "codice_istat", "comune", "ambito", "sub_ambito", "popolazione",
          "popolazione_0_14", "popolazione_65_piu"]


def comuni_cremonese() -> list[tuple[str, str, str, int]]:
    """(istat, name, sub_ambito, population 2021) with the total forced to 156.113."""
    assert len(_COMUNI) == COMUNI_AMBITO
    seed_total = sum(p for *_x, p in _COMUNI)
    # The small and middle comuni absorb the difference, so the size classes stay as the plan says.
    adjustable = [i for i, c in enumerate(_COMUNI) if 1_000 <= c[2] <= 3_000]
    delta = POPOLAZIONE_2021 - seed_total
    pops = [c[2] for c in _COMUNI]
    share, rest = divmod(delta, len(adjustable))
    for k, i in enumerate(adjustable):
        pops[i] += share + (1 if k < rest else 0)
    codes = _istat_by_name()
    out = [(codes[name], name, sub, pop) for (name, sub, _p), pop in zip(_COMUNI, pops)]
    assert sum(p for *_x, p in out) == POPOLAZIONE_2021
    return out


def _istat_table() -> dict[str, dict]:
    return json.loads(ISTAT_FILE.read_text(encoding="utf-8"))


def _istat_by_name() -> dict[str, str]:
    return {v["comune"]: code for code, v in _istat_table().items()}


def age_shares(code: str, year: int) -> tuple[float, float]:
    """Real shares (0..1) of residents aged 0-14 and 65+ of a comune, from the nearest year in ISTAT_FILE."""
    nearest = min(ANNI_ETA, key=lambda y: abs(y - year))
    row = _istat_table()[code][str(nearest)]
    return row["popolazione_0_14"] / row["popolazione"], row["popolazione_65_piu"] / row["popolazione"]


def _other_ambito_comuni(index: int, rng) -> list[tuple[str, str, str, int]]:
    n = rng.randint(12, 22)
    return [(f"{100 + index:03d}{k + 1:03d}", f"Comune {index:02d}-{k + 1:02d}", f"Sub-ambito {index:02d}",
             rng.randint(400, 25_000)) for k in range(n)]


def ambiti(scale: Scale, seed: int) -> dict[str, list[tuple[str, str, str, int]]]:
    rng = rng_for(seed, "ambiti")
    out = {"Cremonese": comuni_cremonese()}
    for i in range(1, scale.ambiti + 1):
        out[f"Ambito-{i:02d}"] = _other_ambito_comuni(i, rng)
    return out


def generate(out: Path, scale: Scale, seed: int) -> dict[str, int]:
    rng = rng_for(seed, "comuni")
    rows = []
    for ambito, comuni in ambiti(scale, seed).items():
        for code, name, sub, pop2021 in comuni:
            for year in scale.years:
                # About -0.4% a year, as the province's decline 2016-2020 suggests.
                pop = pop2021 if year == 2021 else round(pop2021 * (1 - 0.004) ** (year - 2021))
                if ambito == "Cremonese":
                    share_young, share_old = age_shares(code, year)
                    young, old = round(pop * share_young), round(pop * share_old)
                else:
                    young = round(pop * rng.uniform(0.105, 0.125))
                    old = round(young * rng.uniform(1.9, 2.2))  # ageing index ~207 (Cremonese 2020)
                rows.append([year, code, name, ambito, sub, pop, young, old])
    return {"comuni.csv": write_csv(out / "comuni.csv", HEADER, rows)}
