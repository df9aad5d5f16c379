"""Piano di Zona datasets: synthetic observations 2021-2023 and the plan's real 2018-2020 review.

Observations: one row per indicator code, period and territory, for every indicator of the
catalog except NO_DATA. Each series is shaped towards a final status (chosen with a seeded
draw, a few fixed in FINAL) so that every status appears: on track, at risk, off track and,
through NO_DATA, no data. Some indicators are also broken down by sub-ambito or comune
(names from generator.territorio), with the parts adding up to the Ambito's figure.

The review (bilancio_pdz_2018_2020.csv) is not synthetic: every figure is the plan's own
(seeds/004, «PROGRAMMAZIONE 2018-2020: il bilancio dei risultati»).
"""

from __future__ import annotations

import random
from pathlib import Path

from generator.common import Scale, it_bool, it_number, rng_for, write_csv
from generator.territorio import comuni_cremonese
from indicators.catalog import Indicator
from indicators.defs.pdz import AREA_URBANA, INDICATORS
from indicators.plan import ANNI_CICLO

HEADER = ["indicatore", "periodo", "territorio", "valore", "numeratore", "denominatore", "fonte", "note"]
FONTE = "Ufficio di Piano"
AMBITO = "Ambito"
SEMESTRI = [f"{y}-S{s}" for y in ANNI_CICLO for s in (1, 2)]
ANNI = [str(y) for y in ANNI_CICLO]

# Deliberately without data: their page says «senza dati» and names the missing measure.
NO_DATA = {"2.2.oc.2", "5.2.oc.2", "6.3.oc.3", "7.3.oc.3", "9.3.oc.2"}
# Final statuses fixed where the sample should show something specific.
FINAL = {
    "1.2.out.1": "on_track", "6.2.out.1": "on_track", "6.2.out.2": "at_risk", "6.3.out.2": "on_track",
    "6.3.out.3": "off_track", "6.1.out.3": "off_track", "6.1.out.5": "on_track", "6.1.out.6": "on_track",
    "6.2.out.4": "off_track", "9.3.out.4": "on_track", "9.3.out.5": "at_risk", "9.3.oc.3": "on_track",
    "7.3.out.4": "on_track", "7.2.out.4": "on_track", "4.2.out.10": "on_track", "1.1.out.4": "on_track",
}
STATUS_WEIGHTS = {"on_track": 0.55, "at_risk": 0.2, "off_track": 0.25}
# Observed per semester rather than per year (flows registered at the points of access).
PER_SEMESTRE = {"1.1.out.5", "7.2.out.2", "6.3.out.3"}
# Broken down by sub-ambito of residence (and the Ambito as a whole).
PER_SUB_AMBITO = {"1.1.out.4", "1.1.out.5", "3.1.out.4", "4.1.out.4", "5.1.out.2", "7.1.out.3",
                  "8.1.out.3", "10.1.out.3", "6.2.out.1"}
# Counts of things the Ambito has few of: (lowest base, highest base, most there can be).
# 5 sub-ambiti, 48 comuni, 7 kinds of beneficiary (1.1), some 20 RSA and school institutes.
# Counts of people in tens a year, not hundreds: reports to the anti-discrimination desk.
TENS_OF_PEOPLE = {"2.3.oc.1"}
BOUNDED = {
    "3.1.out.1": (2, 3, 5), "1.1.out.1": (12, 30, 48), "1.2.oc.1": (4, 15, 48), "2.3.oc.2": (3, 12, 48),
    "3.1.oc.3": (5, 20, 48), "6.1.oc.2": (3, 15, 48), "7.3.oc.1": (4, 20, 48), "8.1.oc.3": (6, 25, 48),
    "1.1.out.4.tipologie": (3, 5, 7), "8.1.out.1": (2, 4, 8), "5.2.out.1": (4, 10, 20), "5.2.out.2": (3, 8, 20),
    "5.2.oc.1": (3, 8, 20), "7.1.out.2": (4, 10, 20),
}
PER_COMUNE = {"5.1.out.4"}
# Enti pubblici dell'Ambito besides the 48 comuni: ASST, ATS, Azienda Sociale, Provincia (6.2).
ALTRI_ENTI_PUBBLICI = 4
SPERIMENTAZIONI_CARTELLE = {  # 6.1: thematic areas experimented per comune and year
    "2021": {AREA_URBANA: 1},
    "2022": {AREA_URBANA: 2, "Soresina": 1, "Pizzighettone": 1},
    "2023": {AREA_URBANA: 3, "Soresina": 2, "Pizzighettone": 2, "Vescovato": 1},
}


def _sub_ambiti() -> dict[str, list[tuple[str, int]]]:
    out: dict[str, list[tuple[str, int]]] = {}
    for _istat, name, sub, pop in comuni_cremonese():
        out.setdefault(sub, []).append((name, pop))
    return out


def _split(total: int, weights: list[float], rng: random.Random) -> list[int]:
    """Integers adding up to ``total``, roughly proportional to ``weights`` (with noise)."""
    noisy = [w * rng.uniform(0.7, 1.3) for w in weights]
    s = sum(noisy)
    parts = [int(total * w / s) for w in noisy]
    for i in sorted(range(len(parts)), key=lambda i: -noisy[i])[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _status(ind: Indicator, rng: random.Random) -> str:
    if ind.id in FINAL:
        return FINAL[ind.id]
    r, acc = rng.random(), 0.0
    for s, w in STATUS_WEIGHTS.items():
        acc += w
        if r < acc:
            return s
    return "on_track"


def _scale(ind: Indicator, rng: random.Random) -> float:
    if ind.id in BOUNDED:
        low, high, _most = BOUNDED[ind.id]
        return float(rng.randint(low, high))
    if ind.unit == "giorni":
        return rng.uniform(12, 60)
    if ind.unit == "ore":
        return float(rng.randint(2_000, 9_000))
    if ind.sensitive and ind.id not in TENS_OF_PEOPLE:
        return float(rng.randint(25, 420))
    return float(rng.randint(4, 45))


def _trend(base: float, status: str, better_up: bool, n: int, rng: random.Random, integer: bool) -> list[float]:
    """n values starting at ``base`` whose last one, against the first, gives ``status``."""
    def r(x: float) -> float:
        return float(max(0, round(x))) if integer else round(max(0.0, x), 1)

    base = r(base)
    values = [base]
    for _ in range(n - 2):
        values.append(r(base * rng.uniform(0.95, 1.2)))
    sign = 1 if better_up else -1
    if status == "at_risk":
        last = base
    elif status == "on_track":
        last = r(base * (1 + sign * rng.uniform(0.08, 0.35)))
        if (last - base) * sign <= 0:
            last = base + sign * (1 if integer else 0.5)
    else:
        last = r(base * (1 - sign * rng.uniform(0.06, 0.25)))
        if (last - base) * sign >= 0:
            last = base - sign * (1 if integer else 0.5)
    values.append(last)
    return values


def _ratio_rows(ind: Indicator, status: str, periods: list[str], rng: random.Random) -> list[tuple[str, str, float, float]]:
    """(period, territory, numerator, denominator) for a percentage indicator."""
    t = ind.target
    den = rng.randint(40, 260) if ind.sensitive else rng.randint(20, 80)
    if t.comparison == "at_least":
        final = {"on_track": rng.uniform(t.value, 85), "at_risk": rng.uniform(0.92 * t.value, 0.99 * t.value),
                 "off_track": rng.uniform(25, 0.85 * t.value)}[status]
        rates = [final * rng.uniform(0.6 + 0.4 * i / len(periods), 1.0) for i in range(len(periods) - 1)] + [final]
    else:
        start = rng.uniform(35, 75) if t.comparison == "increase" else rng.uniform(12, 35)
        rates = _trend(start, status, t.comparison == "increase", len(periods), rng, integer=False)
    rows = []
    for p, rate in zip(periods, rates):
        d = den + rng.randint(-3, 6)
        rows.append((p, AMBITO, round(min(rate, 100) * d / 100), d))
    if status == "at_risk" and t.comparison in ("increase", "decrease"):
        rows[-1] = (periods[-1], AMBITO, rows[0][2], rows[0][3])  # same rate as the baseline
    return rows


def _observation_rows(ind: Indicator, rng: random.Random) -> list[list[str]]:
    status = _status(ind, rng)
    t = ind.target
    periods = SEMESTRI if ind.id in PER_SEMESTRE else ANNI
    out: list[list[str]] = []

    def add(period: str, territory: str, value: float, num=None, den=None, note: str = "") -> None:
        out.append([ind.id, period, territory, it_number(float(value), 2), it_number(num, 0) if num is not None else "",
                    it_number(den, 0) if den is not None else "", FONTE, note])

    if ind.id == "6.2.out.1":  # comuni conferring data, per sub-ambito; the Ambito adds the other public bodies
        for p, share in zip(ANNI, (0.45, 0.58, 0.71)):
            tot_num = tot_den = 0
            for sub, comuni in _sub_ambiti().items():
                den = len(comuni)
                num = min(den, round(den * share * rng.uniform(0.8, 1.2)))
                add(p, f"Sub-ambito {sub}", num / den * 100, num, den)
                tot_num, tot_den = tot_num + num, tot_den + den
            num, den = tot_num + ALTRI_ENTI_PUBBLICI, tot_den + ALTRI_ENTI_PUBBLICI
            add(p, AMBITO, num / den * 100, num, den)
        return out
    if ind.metric_type == "ratio":
        rows = _ratio_rows(ind, status, periods, rng)
        for p, terr, num, den in rows:
            add(p, terr, num / den * 100, num, den)
        return out
    if ind.metric_type == "cumulative":
        total = t.value
        final = total + rng.randint(0, 1) if status != "off_track" else max(0, round(0.9 * total) - 1)
        flows = [0] * len(ANNI)
        for _ in range(int(final)):
            flows[min(len(ANNI) - 1, int(rng.triangular(0, len(ANNI), 1)))] += 1
        for p, f in zip(ANNI, flows):
            add(p, AMBITO, f)
        return out
    if ind.target.period == "semestrale":
        for i, p in enumerate(SEMESTRI):
            last = i == len(SEMESTRI) - 1
            add(p, AMBITO, 0 if (last and status == "off_track") else rng.randint(1, 2))
        return out
    if ind.id == "1.2.out.1":  # sub-ambiti with an experiment: 1, 2, then 3
        for p, v in zip(ANNI, (1, 2, 3)):
            add(p, AMBITO, v)
        return out

    better_up = t.comparison != "decrease"
    integer = ind.unit not in ("giorni",)
    totals = _trend(_scale(ind, rng), status, better_up, len(periods), rng, integer)
    if ind.id in BOUNDED:
        most = BOUNDED[ind.id][2]
        totals = [min(v, most) for v in totals]
    for p, v in zip(periods, totals):
        add(p, AMBITO, v)
    if ind.id in PER_SUB_AMBITO:
        subs = _sub_ambiti()
        weights = [sum(pop for _n, pop in comuni) for comuni in subs.values()]
        for p, v in zip(periods, totals):
            for (sub, _c), part in zip(subs.items(), _split(int(v), weights, rng)):
                add(p, f"Sub-ambito {sub}", part)
    if ind.id in PER_COMUNE:
        names = [name for _i, name, _s, _p in comuni_cremonese()]
        for p, v in zip(periods, totals):
            chosen = rng.sample(names, min(len(names), int(v)))
            counts: dict[str, int] = {}
            for k in range(int(v)):
                counts[chosen[k % len(chosen)]] = counts.get(chosen[k % len(chosen)], 0) + 1
            for name, c in sorted(counts.items()):
                add(p, name, c)
    return out


def observations(seed: int) -> list[list[str]]:
    rng = rng_for(seed, "pdz")
    rows: list[list[str]] = []
    for ind in INDICATORS:
        if ind.id in NO_DATA or ind.id.startswith("6.1.out.2."):
            continue  # 6.1.out.2.* read the per-comune rows of 6.1.out.2
        if ind.id == "6.1.out.2":
            for p, areas in SPERIMENTAZIONI_CARTELLE.items():
                for comune, n in sorted(areas.items()):
                    rows.append([ind.id, p, comune, it_number(float(n), 2), "", "", FONTE, "aree tematiche sperimentate"])
            continue
        rows.extend(_observation_rows(ind, rng))
    return rows


# ---------------------------------------------------------------- the 2018-2020 review (real)

_FGT = "Famiglia, giovani e territorio"
_AC = "Ambito cremonese (obiettivi 1-14)"
_NA = "Non autosufficienza"
_OBI_ASCOLTO = ("Potenziare l'ascolto e le collaborazioni con istituzioni scolastiche e terzo settore: approccio "
                "integrato e multidisciplinare in funzione di aggancio precoce e fin dalla fase della valutazione")
_OBI_FRAMMENTAZIONE = ("Ridurre la frammentazione dei servizi nel fornire risposte ai bisogni che devono tendere sempre "
                       "più a forme integrate e che prevedano il coinvolgimento del territorio")
_OBI_ADM = ("Rimodulare il Servizio di Educativa Domiciliare (percorso di accreditamento) in grado di garantire figure "
            "eterogenee e professionalmente qualificate e stabili. Favorire l'integrazione con ambiti scolastici e "
            "extra-scolastici")
_OBI_MONO = ("Promuovere una particolare attenzione ai bisogni dei nuclei mono-genitoriali sia in termini di servizi "
             "che in termini di sviluppo di strumenti di supporto anche informali")
_OBI_BASSA_SOGLIA = ("Favorire lo sviluppo di proposte e interventi di bassa soglia e di prossimità in grado di "
                     "agganciare i target maggiormente a rischio")

# (area 2018-2020, sezione, obiettivo, azione, raggiungimento %, risorse €, risorse %, cambiamento, area 2021-2023)
BILANCIO = [
    ("Abitare", None, "Dall'emergenza alla prevenzione", None, 80, 1_037_004.00, 56, True, "2"),
    ("Abitare", None, "Facilitare la vita in comune, anche in un'ottica intergenerazionale", None, 80, None, None, False, "2"),
    ("Abitare", None, "Cura e manutenzione dei contesti ERP", None, 100, 200_000.00, 100, True, "2"),
    ("Abitare", None, "Studiare e bilanciare i criteri di accesso al sistema casa", None, 50, 100_000.00, 100, True, "2"),
    ("Abitare", None, "Attivazione di modalità di lavoro intercomunali", None, 100, 294_697.00, 100, True, "2"),
    (_FGT, "Sistema dei servizi", _OBI_ASCOLTO, None, 100, None, None, True, "7"),
    (_FGT, "Sistema dei servizi", _OBI_FRAMMENTAZIONE, None, 100, None, None, True, "9"),
    (_FGT, "Infanzia, accudimento e cura", "Migliorare l'accessibilità ai servizi riducendo i costi ed ampliando l'offerta",
     None, 100, None, None, True, "9"),
    (_FGT, "Genitorialità", "Potenziare gli spazi di ascolto e di formazione e di sostegno della genitorialità",
     None, 75, None, None, True, "9"),
    (_FGT, "Genitorialità", _OBI_ADM, None, 75, None, None, True, "9"),
    (_FGT, "Genitorialità", "Promuovere e implementare lo strumento dell'affido quale strategia di intervento a "
     "supporto delle famiglie fragili", None, 75, None, None, True, "9"),
    (_FGT, "Genitorialità", "Promuovere attraverso azioni specifiche e integrate con il terzo settore, percorsi di "
     "solidarietà familiare e progetti sperimentali di affiancamento", None, 75, None, None, True, "9"),
    (_FGT, "Genitorialità", _OBI_MONO, None, 100, None, None, True, "9"),
    (_FGT, "Giovani", "Promuovere la reinterpretazione degli strumenti di tutela minori in grado di meglio rispondere "
     "ai bisogni del target 14-18 anni", None, 100, None, None, True, "7"),
    (_FGT, "Giovani", _OBI_BASSA_SOGLIA, None, 100, None, None, True, "7"),
    (_FGT, "Giovani", "Rilanciare il tema dell'educazione alla salute sviluppando interventi in grado di promuovere "
     "percorsi di informazione e formazione anche in contesti strutturati", None, 70, None, None, True, "7"),
    (_FGT, "Giovani", "Promuovere una maggiore attenzione ai bisogni legati alle seconde generazioni in grado di "
     "rispondere a bisogni di inclusione e di cittadinanza", None, 70, None, None, True, "7"),
    (_FGT, _AC, "1 - " + _OBI_ASCOLTO, None, 50, None, None, True, "7"),
    (_FGT, _AC, "2 - " + _OBI_FRAMMENTAZIONE, None, 75, None, None, True, "9"),
    (_FGT, _AC, "3 - Migliorare l'accessibilità ai servizi riducendo i costi ed ampliando l'offerta",
     None, 100, None, None, True, "9"),
    (_FGT, _AC, "4 - Garantire un'offerta educativa e formativa in continuità nell'arco di tempo precedente "
     "all'inserimento nella primaria", None, 75, None, None, True, "9"),
    (_FGT, _AC, "5 - Potenziare l'integrazione fra i comuni del territorio per una programmazione unitaria delle "
     "diverse misure regionali e comunali", None, 100, None, None, True, "6"),
    (_FGT, _AC, "6 - Potenziare gli spazi di ascolto e di formazione e di sostegno della genitorialità",
     None, 50, None, None, True, "9"),
    (_FGT, _AC, "7 - " + _OBI_ADM, None, 70, None, None, True, "9"),
    (_FGT, _AC, "8 - Promuovere e implementare lo strumento dell'affido quale strategia di intervento a supporto "
     "delle famiglie fragili", None, 35, None, None, False, "9"),
    (_FGT, _AC, "9 - Promuovere attraverso azioni specifiche e integrate con il terzo settore, percorsi di "
     "solidarietà familiare e progetti sperimentali di affiancamento alla genitorialità fragile",
     None, 50, None, None, True, "9"),
    (_FGT, _AC, "10 - " + _OBI_MONO, None, 100, None, None, True, "9"),
    (_FGT, _AC, "11 - Promuovere e consolidare un approccio interculturale alla genitorialità",
     None, 100, None, None, True, "9"),
    (_FGT, _AC, "12 - Promuovere la reinterpretazione degli strumenti di tutela minori in grado di meglio rispondere "
     "ai bisogni del target 14-18 (anche nei casi di esordio psico-patologico)", None, 75, None, None, None, "7"),
    (_FGT, _AC, "13 - " + _OBI_BASSA_SOGLIA, None, 100, None, None, True, "7"),
    (_FGT, _AC, "14 - Rilanciare il tema dell'educazione alla salute sviluppando interventi in grado di promuovere "
     "percorsi di informazione e formazione anche in contesti non strutturati", None, 40, None, None, True, "7"),
    ("Immigrazione", None, "Trasformare in trasversali le competenze interculturali del sistema dei servizi",
     None, 40, None, None, True, None),
    ("Immigrazione", None, "Sostenere percorsi che superino meccanismi di cattiva informazione e limitino il sentire "
     "generale stereotipato", None, 100, None, None, True, None),
    ("Immigrazione", None, "Formazione continua di mediatori linguistico-culturali, definendo albi professionali "
     "locali di mediatori per aree tematiche (almeno 3 aree tematiche: sociale, sanitario, legale",
     None, 100, None, None, True, None),
    ("Immigrazione", None, "Incentivare la pluralità per consentire alla popolazione migrante l'accesso al mercato "
     "del lavoro qualificato", None, 80, None, None, True, "8"),
    ("Immigrazione", None, "Rete civica coinvolta nel lavoro capillare sulla società civile", None, 50, None, None, True, None),
    ("Immigrazione", None, "Interventi trasversali su tematiche quali la discriminazione e l'hate speech, uso "
     "improprio della rete (social network) affinché si solleciti un approccio antidiscriminatorio e un uso "
     "consapevole della rete", None, 50, None, None, True, None),
    ("Immigrazione", None, "Sostenere il sistema sanitario nell'affrontare ordinari e nuovi scenari nell'ambito della "
     "cura della popolazione migrante", None, 80, None, None, True, None),
    (_NA, None, "Integrazione con sistema socio-sanitario e sanitario", "Progetto di connessione tra "
     "ospedale-territorio: dimissione protette (ASST,polo ospedaliero e presidi riabilitativi)", 70, None, 100, None, "5"),
    (_NA, None, "Integrazione con sistema socio-sanitario e sanitario", "Emergenza covid (ATS/sorveglianza sanitaria)",
     70, None, 100, None, "5"),
    (_NA, None, "Integrazione con sistema socio-sanitario e sanitario",
     "Valutazione multidisciplinare FNA con ASST (misura B1 – B2)", 50, None, None, None, "5"),
    (_NA, None, "Integrazione con sistema socio-sanitario e sanitario", "Valutazione multiprofessionale per casi complessi",
     50, None, None, None, "5"),
    (_NA, None, "Integrazione con sistema socio-sanitario e sanitario", "Avvio tavoli tematici integrati (ATS – ASST – "
     "terzo settore) in merito a demenza e psichiatria", 40, None, None, None, "5"),
    (_NA, None, "Integrazione con sistema socio-sanitario e sanitario", "Lavoro di rete con RSA in merito alle "
     "tematiche di: cure intermedie, MAP, CDI e residenzialità leggera", 60, None, None, None, "5"),
    (_NA, None, "Ripensamento del sistema di assistenza domiciliare", "Ripensamento dei servizi domiciliari: SAD e SADH",
     80, None, 100, None, "4"),
    (_NA, None, "Ripensamento del sistema di assistenza domiciliare", "progetto custode di prossimità",
     50, None, 100, None, "5"),
    (_NA, None, "Costituzione sperimentale di un servizio distrettuale per la gestione della protezione giuridica",
     "Rapporto con Tribunale (Giudice Tutelare) e UPG di ASST", 100, None, None, None, None),
    (_NA, None, "Costituzione sperimentale di un servizio distrettuale per la gestione della protezione giuridica",
     "Sportelli di prossimità sul territorio", 50, None, 100, None, None),
    (_NA, None, "Implementazione sistema informativo", "Sviluppo del sistema informatizzato di gestione della cartella "
     "sociale e predisposizione interscambio con organismi del terzo settore e sistema sanitario e sociosanitario per "
     "presa in carico integrata", 50, None, 100, None, "6"),
    ("Contrasto alla povertà", None, "Condivisione delle conoscenze", "Costruito modello e piattaforma web per la "
     "condivisione dei dati informatica con il terzo settore; creato strumento di formazione attraverso video "
     "tutorial, formati i primi partecipanti alla rete.", 60, None, 100, True, "6"),
    ("Contrasto alla povertà", None, "Condivisione delle conoscenze", "Rafforzata rete di condivisione operativa di "
     "informazioni e buone prassi con gli attori coinvolti nelle progettazioni", 100, None, 100, True, "1"),
    ("Contrasto alla povertà", None, "Prevenzione della caduta in povertà", None, None, None, 60, True, "1"),
    ("Contrasto alla povertà", None, "Strutturare sistemi locali di economia circolare", None, 90, None, 60, True, "1"),
]
BILANCIO_HEADER = ["area_2018_2020", "sezione", "obiettivo", "azione", "raggiungimento", "risorse_euro",
                   "risorse_percentuale", "cambiamento", "area_2021_2023"]


def bilancio_rows() -> list[list[str]]:
    return [[area, sez or "", obi, az or "", it_number(ragg, 0) if ragg is not None else "",
             it_number(eur, 2) if eur is not None else "", it_number(perc, 0) if perc is not None else "",
             it_bool(camb), nuova or ""]
            for area, sez, obi, az, ragg, eur, perc, camb, nuova in BILANCIO]


# ---------------------------------------------------------------- region scale (synthetic)

def _by_comune(ind: Indicator) -> bool:
    """Yearly counts the principal Ambito's comuni can each report (region scale only). Not counts
    of people: a hundred such breakdowns by comune of small counts make the secondary suppression
    (access/cells.py) link thousands of cells through sums that agree by chance."""
    return (not ind.sensitive and ind.metric_type == "simple" and ind.unit == "numero" and ind.target is not None
            and ind.target.period == "annuale" and ind.id not in NO_DATA | PER_COMUNE | PER_SEMESTRE
            and ind.id not in BOUNDED and not ind.id.startswith("6.1.out.2"))


def _comune_rows(rows: list[list[str]], rng: random.Random) -> list[list[str]]:
    """The principal Ambito's yearly counts split over its comuni (by population), adding up to them."""
    comuni = comuni_cremonese()
    names, weights = [c[1] for c in comuni], [c[3] for c in comuni]
    wanted = {ind.id for ind in INDICATORS if _by_comune(ind)}
    out = []
    for code, period, territory, value, *_rest in rows:
        if code in wanted and territory == AMBITO and period in ANNI:
            total = int(float(value.replace(",", ".")))
            out += [[code, period, name, it_number(float(part), 2), "", "", FONTE, ""]
                    for name, part in zip(names, _split(total, weights, rng))]
    return out


def region_observations(seed: int, ambiti: list[str], principal: list[list[str]]) -> list[list[str]]:
    """Rows added at region scale: the principal Ambito's counts per comune, and every other Ambito's
    own series (territory «Ambito <nome>», as the engine labels an Ambito) for every indicator."""
    rng = rng_for(seed, "pdz_regione")
    rows = _comune_rows(principal, rng)
    for ambito in ambiti:
        label = f"Ambito {ambito}"
        for ind in INDICATORS:
            if ind.id in NO_DATA or ind.id.startswith("6.1.out.2"):
                continue  # 6.1.out.2 counts the principal Ambito's own territories
            rows += [[r[0], r[1], label, *r[3:]] for r in _observation_rows(ind, rng) if r[2] == AMBITO]
    return rows


def generate(out: Path, scale: Scale, seed: int, ambiti: dict[str, list] | None = None) -> dict[str, int]:
    rows = observations(seed)
    if scale.is_region and ambiti:
        rows += region_observations(seed, list(ambiti)[1:], rows)
    return {
        "osservazioni_pdz.csv": write_csv(out / "osservazioni_pdz.csv", HEADER, rows),
        "bilancio_pdz_2018_2020.csv": write_csv(out / "bilancio_pdz_2018_2020.csv", BILANCIO_HEADER, bilancio_rows()),
    }
