"""PIPPI: families, operators and the PNRR 1.1.1 budget (seeds/002; Seregno from seeds/003).

The budget lines are the project's real financial plan; families and operators are
synthetic but shaped to exercise every rule: a year under the 10-family target
(Cremonese 2024), an équipe under the 75% assessment standard (EM2), a family segnalata
in December and assessed in January, and a second Ambito (Seregno).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.common import Scale, it_bool, it_date, it_number, random_date, rng_for, write_csv

# Capitolo: (voce, 2023, 2024, 2025, 2026) — seeds/002, "8. Piano Finanziario".
PNRR_BUDGET = {
    "26231": ("Imposta regionale sulle attività produttive (IRAP)", 0.00, 1_284.00, 0.00, 0.00),
    "26232": ("Contributi sociali effettivi a carico dell'ente", 0.00, 3_691.00, 0.00, 0.00),
    "26233": ("Retribuzioni in denaro", 0.00, 16_175.00, 0.00, 0.00),
    "26234": ("Prestazioni professionali e specialistiche", 0.00, 3_000.00, 0.00, 0.00),
    "26235": ("Contratti di servizio pubblico", 21_150.00, 135_699.00, 23_999.00, 6_502.00),
}
# Share of each year's plan spent so far (synthetic): 2025 partly, 2026 not yet reported.
SPENT_SHARE = {2023: 1.0, 2024: 0.96, 2025: 0.55, 2026: None}

# (ambito, year) -> (segnalazioni, inclusioni, équipe mix)
FAMIGLIE_PIANO = {
    ("Cremonese", 2023): (13, 10, ("EM1",)),
    ("Cremonese", 2024): (11, 8, ("EM1", "EM2")),
    ("Cremonese", 2025): (14, 11, ("EM1", "EM2")),
    ("Cremonese", 2026): (9, 7, ("EM1", "EM2")),
    ("Seregno", 2023): (12, 10, ("EM-A",)),
    ("Seregno", 2024): (13, 10, ("EM-A", "EM-B")),
    ("Seregno", 2025): (12, 9, ("EM-A", "EM-B")),
}
SEREGNO_ISTAT = ("108039", "108041", "108024", "108033")  # Seregno and neighbours (MB)
RUOLI_CREMONESE = (["referente_territoriale"] * 2 + ["coach"] * 2 + ["assistente_sociale"] * 4
                   + ["educatore"] * 4 + ["psicologo"] * 2 + ["pedagogista"])

FAMIGLIE_HEADER = ["ambito", "codice_famiglia", "equipe", "codice_istat_comune", "data_segnalazione",
                   "data_valutazione", "data_inclusione", "progetto_quadro", "educativa_domiciliare_ore_sett",
                   "gruppi_genitori", "gruppi_bambini", "vicinanza_solidale", "partenariato_scuola",
                   "progetto_sollievo", "inserimento_residenziale", "giorni_in_struttura", "data_chiusura"]
OPERATORI_HEADER = ["ambito", "codice_operatore", "ruolo", "equipe", "ente", "data_formazione", "ore_formazione"]
BUDGET_HEADER = ["ambito", "capitolo", "voce", "anno", "previsto_eur", "speso_eur"]

OGGI_DATI = dt.date(2026, 10, 31)  # last day the sample records cover


def _famiglie(rng, istat_cremonese: list[str], factor: int) -> list[list]:
    rows = []
    for (ambito, year), (n_segn, n_incl, equipes) in FAMIGLIE_PIANO.items():
        prefix = "CR" if ambito == "Cremonese" else "SE"
        comuni = istat_cremonese if ambito == "Cremonese" else list(SEREGNO_ISTAT)
        end = min(dt.date(year, 12, 31), OGGI_DATI)
        for copy in range(factor):
            for k in range(n_segn):
                code = f"{prefix}-{year % 100:02d}{k + 1:03d}" + (f"-{copy}" if copy else "")
                equipe = equipes[k % len(equipes)]
                segn = random_date(rng, dt.date(year, 1, 10), end - dt.timedelta(days=20))
                if ambito == "Cremonese" and year == 2023 and k == 0:
                    segn = dt.date(2023, 12, 18)  # assessed across the new year
                # EM2 assesses fewer than three in four families it receives.
                assessed = k < n_incl + 1 and not (equipe == "EM2" and rng.random() < 0.45)
                valut = segn + dt.timedelta(days=rng.randint(10, 40)) if assessed else None
                if ambito == "Cremonese" and year == 2023 and k == 0:
                    valut = dt.date(2024, 1, 12)
                included = assessed and k < n_incl
                incl = (valut + dt.timedelta(days=rng.randint(5, 25))) if included else None
                if incl and incl.year != year:
                    incl = dt.date(year, 12, 30) if k else incl
                if valut and valut > OGGI_DATI:
                    valut, incl = None, None
                pq = None if not included else rng.random() < 0.9
                ed_ore = None if not included else rng.choice([0, 4, 6, 8, 8, 10, 12])
                resid = None if not included else rng.random() < 0.08
                rows.append([
                    ambito, code, equipe, rng.choice(comuni), it_date(segn), it_date(valut), it_date(incl),
                    it_bool(pq), it_number(ed_ore, 1) if ed_ore is not None else "",
                    it_bool(None if not included else rng.random() < 0.5),
                    it_bool(None if not included else rng.random() < 0.35),
                    it_bool(None if not included else rng.random() < 0.25),
                    it_bool(None if not included else rng.random() < 0.6),
                    it_bool(None if not included else rng.random() < 0.3),
                    it_bool(resid), (rng.randint(20, 200) if resid else (0 if included else "")),
                    it_date(incl + dt.timedelta(days=540) if incl and incl + dt.timedelta(days=540) < OGGI_DATI else None),
                ])
    return rows


def _operatori(rng) -> list[list]:
    rows = []
    for k, ruolo in enumerate(RUOLI_CREMONESE):
        trained = k < 12  # 12 of 15 trained: above the minimum of 10
        d = random_date(rng, dt.date(2023, 3, 1), dt.date(2024, 6, 30)) if trained else None
        equipe = "" if ruolo in ("referente_territoriale", "coach") else ("EM1" if k % 2 else "EM2")
        rows.append(["Cremonese", f"CR-OP{k + 1:02d}", ruolo, equipe,
                     rng.choice(["Comune di Cremona", "Azienda Sociale del Cremonese", "ASST Cremona", "Cooperativa"]),
                     it_date(d), it_number(float(rng.choice([16, 24, 32])), 1) if trained else ""])
    for k in range(9):  # Seregno: one short of the minimum
        d = random_date(rng, dt.date(2023, 2, 1), dt.date(2024, 3, 30))
        rows.append(["Seregno", f"SE-OP{k + 1:02d}", ["coach", "assistente_sociale", "educatore"][k % 3],
                     "EM-A", "Ambito di Seregno", it_date(d), "24,0"])
    return rows


def _budget(ambiti: list[str]) -> list[list]:
    rows = []
    for ambito in ambiti:
        for cap, (voce, *amounts) in PNRR_BUDGET.items():
            for year, amount in zip((2023, 2024, 2025, 2026), amounts):
                share = SPENT_SHARE[year]
                spent = "" if share is None else it_number(round(amount * share, 2))
                rows.append([ambito, cap, voce, year, it_number(amount), spent])
    return rows


def generate(out: Path, scale: Scale, seed: int, istat_cremonese: list[str]) -> dict[str, int]:
    rng = rng_for(seed, "pippi")
    return {
        "pippi_famiglie.csv": write_csv(out / "pippi_famiglie.csv", FAMIGLIE_HEADER,
                                        _famiglie(rng, istat_cremonese, scale.record_factor)),
        "pippi_operatori.csv": write_csv(out / "pippi_operatori.csv", OPERATORI_HEADER, _operatori(rng)),
        "pnrr_budget.csv": write_csv(out / "pnrr_budget.csv", BUDGET_HEADER, _budget(["Cremonese", "Seregno"])),
    }
