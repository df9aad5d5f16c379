"""PIPPI: project, modules, families, operators, governance, timetable, hours and the PNRR 1.1.1 budget.

Real figures from the documents where they exist: the financial plan, the CUPs, the
cronoprogramma 2022-2026 (seeds/002) and Seregno's triennio giugno 2023 - maggio 2026
(seeds/003). Families, operators, acts, hours and "svolta" flags are synthetic but shaped
to exercise every rule: a year under the family target (Cremonese 2024; Seregno 2025 in
the autonomia module, 15), an équipe under the 75% assessment standard (EM2), a family
segnalata in December and assessed in January, a coach named late, an RT still missing in
Seregno, Seregno's pedagogist hours short of the minimum and its operators one short of 10.
Seregno's ISTAT codes are indicative (the seeds name its comuni, not their codes); its
cronoprogramma is Cremona's shifted by two quarters and cut at the end of its triennio (synthetic).
Seregno declares what seeds/003 says and nothing more: its amount (211.500 euro) and triennio in
pippi_progetto, no family target, no financial plan by chapter and year (pnrr_budget has no Seregno
rows: Cremona's chapters are not its own).
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

# ambito -> (CUP, avvio, fine, importo, famiglie target). Cremona: CUP and amount from seeds/002, start at
# the first quarter of its cronoprogramma, end with its implementation phase (II trim. 2026); Seregno:
# CUP, amount and triennio giugno 2023 - maggio 2026 from seeds/003, which sets no family target (None).
PROGETTI = {
    "Cremonese": ("D24H21000040007", dt.date(2023, 1, 1), dt.date(2026, 6, 30), 211_500.0, 30),
    "Seregno": ("B24H22000190001", dt.date(2023, 6, 1), dt.date(2026, 5, 31), 211_500.0, None),
}
MODULI = {
    ("Cremonese", 2023): "start", ("Cremonese", 2024): "base", ("Cremonese", 2025): "base",
    ("Cremonese", 2026): "base",
    ("Seregno", 2023): "base", ("Seregno", 2024): "base", ("Seregno", 2025): "autonomia",
}

# (ambito, year) -> (segnalazioni, valutate, incluse, équipe mix). The first Cremonese family of 2023 is
# segnalata in December and included in January, so 2023 counts 10 inclusions and 2024 counts 8 (under 10).
# Families not assessed go to EM2 where it exists: EM2 assesses 15 of its 21 (71,4%), 6 of 8 in 2025 (75,0%).
FAMIGLIE_PIANO = {
    ("Cremonese", 2023): (13, 11, 11, ("EM1",)),
    ("Cremonese", 2024): (11, 9, 7, ("EM1", "EM2")),
    ("Cremonese", 2025): (14, 12, 11, ("EM1", "EM2")),
    ("Cremonese", 2026): (12, 10, 9, ("EM1", "EM2")),
    ("Seregno", 2023): (12, 11, 10, ("EM-A",)),
    ("Seregno", 2024): (13, 11, 10, ("EM-A", "EM-B")),
    ("Seregno", 2025): (12, 10, 9, ("EM-A", "EM-B")),
}
SEREGNO_COMUNI = {"108039": "Seregno", "108040": "Seveso", "108031": "Meda", "108024": "Giussano",
                  "108027": "Lentate sul Seveso"}
RUOLI_CREMONESE = (["referente_territoriale"] * 2 + ["coach"] * 2 + ["assistente_sociale"] * 4
                   + ["educatore"] * 4 + ["psicologo"] * 2 + ["pedagogista"])

# (ambito, tipo, codice, data, atto): the acts behind the governance milestones.
GOVERNANCE = [
    ("Cremonese", "gruppo_territoriale", "GT", dt.date(2024, 10, 10), "Determina n. 1874/2024"),
    ("Cremonese", "referente_territoriale", "RT1", dt.date(2023, 2, 15), "Determina n. 212/2023"),
    ("Cremonese", "referente_territoriale", "RT2", dt.date(2023, 9, 20), "Determina n. 1490/2023"),
    ("Cremonese", "coach", "COACH1", dt.date(2023, 3, 1), "Determina n. 330/2023"),
    ("Cremonese", "coach", "COACH2", dt.date(2024, 2, 12), "Determina n. 188/2024"),
    ("Cremonese", "equipe_multidisciplinare", "EM1", dt.date(2023, 4, 15), "Determina n. 560/2023"),
    ("Cremonese", "equipe_multidisciplinare", "EM2", dt.date(2024, 1, 22), "Determina n. 95/2024"),
    ("Cremonese", "protocollo_scuole", "PROT-SCUOLE", dt.date(2025, 5, 12), "Prot. n. 41233/2025"),
    ("Cremonese", "protocollo_autorita_giudiziaria", "PROT-AG", None, ""),
    ("Seregno", "gruppo_territoriale", "GT", dt.date(2023, 9, 12), "Delibera n. 77/2023"),
    ("Seregno", "referente_territoriale", "RT1", dt.date(2023, 6, 5), "Determina n. 301/2023"),
    ("Seregno", "coach", "COACH1", dt.date(2023, 6, 20), "Determina n. 318/2023"),
    ("Seregno", "coach", "COACH2", None, ""),
    ("Seregno", "equipe_multidisciplinare", "EM-A", dt.date(2023, 7, 1), "Determina n. 350/2023"),
    ("Seregno", "equipe_multidisciplinare", "EM-B", dt.date(2024, 3, 20), "Determina n. 140/2024"),
    ("Seregno", "protocollo_scuole", "PROT-SCUOLE", dt.date(2024, 11, 4), "Prot. n. 9921/2024"),
    ("Seregno", "protocollo_autorita_giudiziaria", "PROT-AG", dt.date(2025, 2, 18), "Prot. n. 2210/2025"),
]

# seeds/002, "9. Cronoprogramma": (fase, codice, sotto-azione, trimestri previsti as (anno, trimestre)).
# Phases as in "5. Azioni e attività" (formazione is pre-implementazione, tutoraggi implementazione): the
# cronoprogramma's table prints the phase labels one row lower, an artefact of its merged cells.
def _quarters(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    out, (y, q) = [], first
    while (y, q) <= last:
        out.append((y, q))
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out


CRONOPROGRAMMA = [
    ("A", "A1", "Individuazione/aggiornamento figure necessarie e costituzione/mantenimento gruppo di lavoro "
                "(referente territoriale, gruppo territoriale, coach, équipe multidisciplinari)",
     _quarters((2023, 1), (2024, 2))),
    ("A", "A2", "Analisi preliminare e individuazione delle famiglie target", _quarters((2023, 1), (2024, 3))),
    ("A", "A3", "Costruzione/mantenimento delle condizioni per l'attivazione dei dispositivi di intervento",
     _quarters((2023, 1), (2024, 2))),
    ("A", "A4", "Partecipazione alle attività formative previste", _quarters((2023, 1), (2024, 2))),
    ("B", "B1", "Implementazione del programma con le famiglie target", _quarters((2024, 1), (2026, 2))),
    ("B", "B2", "Attivazione dei dispositivi", _quarters((2024, 1), (2026, 2))),
    ("B", "B3", "Realizzazione e partecipazione ai tutoraggi", _quarters((2024, 1), (2026, 1))),
    ("C", "C1", "Documentazione, raccolta dati, analisi sulle attività svolte, compilazione questionario "
                "finale attività", [(2024, 2), (2025, 2), (2026, 3)]),
]
# Quarters reported not done (synthetic); quarters after the last report stay blank.
NON_SVOLTE = {("Cremonese", "B3", 2025, 3), ("Cremonese", "A3", 2024, 2), ("Seregno", "B2", 2025, 4)}
ULTIMO_TRIMESTRE_RENDICONTATO = {"Cremonese": (2026, 2), "Seregno": (2026, 1)}
SEREGNO_SHIFT = 2  # quarters
FINE_CRONOPROGRAMMA = {"Cremonese": (2026, 4), "Seregno": (2026, 2)}  # Seregno's triennio ends in May 2026

# (ambito, ruolo) -> hours per year 2023..2026 (synthetic). Seregno against its minimums (seeds/003):
# educatore 5.900 of 6.000, psicologo 1.450 of 1.400, pedagogista 700 of 900, mediatore 100 of 100.
ORE = {
    ("Seregno", "educatore"): (1_000, 2_300, 2_200, 400),
    ("Seregno", "psicologo"): (250, 550, 500, 150),
    ("Seregno", "pedagogista"): (100, 250, 250, 100),
    ("Seregno", "mediatore_culturale"): (10, 40, 40, 10),
    ("Cremonese", "educatore"): (600, 2_100, 2_400, 1_200),
    ("Cremonese", "psicologo"): (120, 380, 420, 180),
    ("Cremonese", "pedagogista"): (80, 260, 300, 120),
    ("Cremonese", "mediatore_culturale"): (0, 30, 45, 20),
}

FAMIGLIE_HEADER = ["ambito", "codice_famiglia", "equipe", "codice_istat_comune", "data_segnalazione",
                   "data_valutazione", "data_inclusione", "progetto_quadro", "educativa_domiciliare_ore_sett",
                   "gruppi_genitori", "gruppi_bambini", "vicinanza_solidale", "partenariato_scuola",
                   "progetto_sollievo", "inserimento_residenziale", "giorni_in_struttura", "data_chiusura",
                   "comune", "riunificazione", "figli_11_14"]
OPERATORI_HEADER = ["ambito", "codice_operatore", "ruolo", "equipe", "ente", "data_formazione", "ore_formazione"]
BUDGET_HEADER = ["ambito", "capitolo", "voce", "anno", "previsto_eur", "speso_eur"]
PROGETTO_HEADER = ["ambito", "cup", "data_avvio", "data_fine", "importo_eur", "famiglie_target"]
MODULI_HEADER = ["ambito", "anno", "modulo"]
GOVERNANCE_HEADER = ["ambito", "tipo", "codice", "data", "atto"]
CRONO_HEADER = ["ambito", "fase", "codice_attivita", "attivita", "anno", "trimestre", "svolta"]
ORE_HEADER = ["ambito", "anno", "ruolo", "ore_erogate"]

OGGI_DATI = dt.date(2026, 10, 31)  # last day the sample records cover


def _famiglie(rng, istat_cremonese: list[str], factor: int) -> list[list]:
    rows = []
    for (ambito, year), (n_segn, n_valut, n_incl, equipes) in FAMIGLIE_PIANO.items():
        prefix = "CR" if ambito == "Cremonese" else "SE"
        comuni = istat_cremonese if ambito == "Cremonese" else list(SEREGNO_COMUNI)
        for copy in range(factor):
            rows += _families_of_year(rng, ambito, prefix, comuni, year, (n_segn, n_valut, n_incl), equipes,
                                      f"-{copy}" if copy else "")
    return rows


def _families_of_year(rng, ambito: str, prefix: str, comuni: list[str], year: int,
                      counts: tuple[int, int, int], equipes: tuple[str, ...], suffix: str = "") -> list[list]:
    """The families segnalate in one year: counts = (segnalate, valutate, incluse)."""
    n_segn, n_valut, n_incl = counts
    # Late segnalazioni of the current year would still be waiting for their assessment.
    end = min(dt.date(year, 12, 31), OGGI_DATI - dt.timedelta(days=60))
    rows = []
    for k in range(n_segn):
        code = f"{prefix}-{year % 100:02d}{k + 1:03d}" + suffix
        assessed, included = k < n_valut, k < n_incl
        equipe = "EM2" if (not assessed and "EM2" in equipes) else equipes[k % len(equipes)]
        segn = random_date(rng, dt.date(year, 1, 10), end - dt.timedelta(days=20))
        valut = segn + dt.timedelta(days=rng.randint(10, 40)) if assessed else None
        incl = (valut + dt.timedelta(days=rng.randint(5, 25))) if included else None
        if incl and incl.year != year:
            incl = dt.date(year, 12, 30)
        if ambito == "Cremonese" and year == 2023 and k == 0:
            # Segnalata in December, assessed and included in January.
            segn, valut, incl = dt.date(2023, 12, 18), dt.date(2024, 1, 12), dt.date(2024, 1, 30)
        rows.append(_family_row(rng, ambito, code, equipe, comuni, year, segn, valut, incl))
    return rows


def _family_row(rng, ambito: str, code: str, equipe: str, comuni: list[str], year: int,
                segn: dt.date, valut: dt.date | None, incl: dt.date | None) -> list:
    """One family's row: what it was offered (drawn if included), its comune and its closing."""
    included = incl is not None
    pq = None if not included else rng.random() < 0.9
    ed_ore = None if not included else rng.choice([0, 4, 6, 8, 8, 10, 12])
    resid = None if not included else rng.random() < 0.18 - 0.04 * (year - 2023)
    istat = rng.choice(comuni)
    return [
        ambito, code, equipe, istat, it_date(segn), it_date(valut), it_date(incl),
        it_bool(pq), it_number(ed_ore, 1) if ed_ore is not None else "",
        it_bool(None if not included else rng.random() < 0.5),
        it_bool(None if not included else rng.random() < 0.35),
        it_bool(None if not included else rng.random() < 0.25),
        it_bool(None if not included else rng.random() < 0.6),
        it_bool(None if not included else rng.random() < 0.3 + 0.1 * (year - 2023)),
        it_bool(resid), (rng.randint(20, 200 - 40 * (year - 2023)) if resid else (0 if included else "")),
        it_date(incl + dt.timedelta(days=540) if incl and incl + dt.timedelta(days=540) < OGGI_DATI else None),
        SEREGNO_COMUNI.get(istat, ""),
        it_bool(None if not included else rng.random() < 0.2),
        it_bool(None if not included else rng.random() < 0.22),
    ]


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
        d = random_date(rng, dt.date(2023, 7, 1), dt.date(2024, 3, 30))
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


def _progetto() -> list[list]:
    return [[a, cup, it_date(start), it_date(end), it_number(amount), "" if target is None else target]
            for a, (cup, start, end, amount, target) in PROGETTI.items()]


def _cronoprogramma() -> list[list]:
    rows = []
    for ambito, shift in (("Cremonese", 0), ("Seregno", SEREGNO_SHIFT)):
        rows += _crono_of(ambito, shift, ULTIMO_TRIMESTRE_RENDICONTATO[ambito], FINE_CRONOPROGRAMMA[ambito], NON_SVOLTE)
    return rows


def _crono_of(ambito: str, shift: int, last: tuple[int, int], end: tuple[int, int], not_done: set) -> list[list]:
    """One Ambito's cronoprogramma: Cremona's shifted by ``shift`` quarters and cut at ``end``."""
    rows = []
    for fase, code, text, quarters in CRONOPROGRAMMA:
        for y, q in quarters:
            n = y * 4 + q - 1 + shift
            y, q = n // 4, n % 4 + 1
            if (y, q) > end:
                continue
            done = None if (y, q) > last else (ambito, code, y, q) not in not_done
            rows.append([ambito, fase, code, text, y, q, it_bool(done)])
    return rows


def _ore() -> list[list]:
    return [[a, y, ruolo, it_number(h)] for (a, ruolo), hours in ORE.items()
            for y, h in zip((2023, 2024, 2025, 2026), hours)]


# Region scale: every other Ambito runs the programme on the Cremonese's template (all synthetic):
# same project dates and amount, 8 to 16 families segnalate a year, about 15 operators.
REGIONE_SEGNALAZIONI = (8, 16)
REGIONE_ANNI = (2023, 2024, 2025, 2026)
REGIONE_EQUIPES = ("EM1", "EM2")


def _regione(seed: int, ambiti: dict[str, list]) -> dict[str, list[list]]:
    """Rows of every PIPPI file for the Ambiti after the principal one, keyed by file name."""
    rng = rng_for(seed, "pippi_regione")
    out: dict[str, list[list]] = {k: [] for k in ("pippi_famiglie.csv", "pippi_operatori.csv", "pippi_progetto.csv",
                                                  "pippi_moduli.csv", "pippi_governance.csv",
                                                  "pippi_cronoprogramma.csv", "pippi_ore.csv")}
    _cup, start, end, amount, target = PROGETTI["Cremonese"]
    for index, (ambito, comuni) in enumerate(list(ambiti.items())[1:], 1):
        codes = [c[0] for c in comuni]
        out["pippi_progetto.csv"].append([ambito, f"R{index:02d}H21{rng.randint(0, 10**9):09d}", it_date(start),
                                          it_date(end), it_number(amount), target])
        for year in REGIONE_ANNI:
            out["pippi_moduli.csv"].append([ambito, year, "start" if year == REGIONE_ANNI[0] else "base"])
            n_segn = rng.randint(*REGIONE_SEGNALAZIONI)
            n_valut = n_segn - rng.randint(0, 3)
            counts = (n_segn, n_valut, n_valut - rng.randint(0, 2))
            out["pippi_famiglie.csv"] += _families_of_year(rng, ambito, f"A{index:02d}", codes, year, counts,
                                                           REGIONE_EQUIPES)
        for k, ruolo in enumerate(RUOLI_CREMONESE):
            trained = rng.random() < 0.85
            d = random_date(rng, dt.date(2023, 3, 1), dt.date(2024, 6, 30)) if trained else None
            equipe = "" if ruolo in ("referente_territoriale", "coach") else REGIONE_EQUIPES[k % 2]
            out["pippi_operatori.csv"].append([ambito, f"A{index:02d}-OP{k + 1:02d}", ruolo, equipe,
                                               f"Ambito {ambito}", it_date(d), "24,0" if trained else ""])
        for _a, tipo, codice, _d, _atto in (g for g in GOVERNANCE if g[0] == "Cremonese"):
            d = random_date(rng, dt.date(2023, 2, 1), dt.date(2025, 6, 30)) if rng.random() < 0.9 else None
            out["pippi_governance.csv"].append([ambito, tipo, codice, it_date(d),
                                                f"Determina n. {rng.randint(1, 2000)}/{d.year}" if d else ""])
        not_done = {(ambito, code, y, q) for _f, code, _t, quarters in CRONOPROGRAMMA for y, q in quarters
                    if rng.random() < 0.05}
        out["pippi_cronoprogramma.csv"] += _crono_of(ambito, 0, ULTIMO_TRIMESTRE_RENDICONTATO["Cremonese"],
                                                     FINE_CRONOPROGRAMMA["Cremonese"], not_done)
        for (a, ruolo), hours in ORE.items():
            if a == "Cremonese":
                out["pippi_ore.csv"] += [[ambito, y, ruolo, it_number(round(h * rng.uniform(0.6, 1.4)))]
                                         for y, h in zip(REGIONE_ANNI, hours)]
    return out


def generate(out: Path, scale: Scale, seed: int, istat_cremonese: list[str],
             ambiti: dict[str, list] | None = None) -> dict[str, int]:
    rng = rng_for(seed, "pippi")
    files = {
        "pippi_famiglie.csv": (FAMIGLIE_HEADER, _famiglie(rng, istat_cremonese, scale.record_factor)),
        "pippi_operatori.csv": (OPERATORI_HEADER, _operatori(rng)),
        # Seregno's call (seeds/003) has no financial plan by chapter and year: no rows of its own to write.
        "pnrr_budget.csv": (BUDGET_HEADER, _budget(["Cremonese"])),
        "pippi_progetto.csv": (PROGETTO_HEADER, _progetto()),
        "pippi_moduli.csv": (MODULI_HEADER, [[a, y, m] for (a, y), m in MODULI.items()]),
        "pippi_governance.csv": (GOVERNANCE_HEADER, [[a, t, c, it_date(d), atto] for a, t, c, d, atto in GOVERNANCE]),
        "pippi_cronoprogramma.csv": (CRONO_HEADER, _cronoprogramma()),
        "pippi_ore.csv": (ORE_HEADER, _ore()),
    }
    if scale.is_region and ambiti:
        for name, rows in _regione(seed, ambiti).items():
            files[name][1].extend(rows)
        files["pnrr_budget.csv"][1].extend(_budget(list(ambiti)[1:]))
    return {name: write_csv(out / name, header, rows) for name, (header, rows) in files.items()}
