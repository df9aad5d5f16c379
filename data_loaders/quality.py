"""What was expected and what arrived, per dataset and period: who has reported, what is late.

The expectations are declared here, simply, one line each, from the data themselves:
- comuni.csv: every year, every comune of the Ambito (those listed for the latest year);
- hug_accessi.csv: every semester, each of the five access points (the hub and the spokes);
- pippi_famiglie.csv: every semester, each équipe multidisciplinare (those named in the operators'
  file or in the families' file) reports the families referred to it, from the semester it was set up
  (its act in pippi_governance, else its first family): nothing is late before it existed;
- osservazioni_pdz.csv: every year in the file, each Piano di Zona indicator already observed once;
- pnrr_budget.csv: every year of the project in the file, each budget chapter of the financial plan.

Each Ambito's own data only: the files may hold another Ambito running the same programme (Seregno's
PIPPI), whose units are not the dashboard's Ambito's to report.

A period still running is «in corso» (its figures are provisional); once it has ended the data
are due within ``GIORNI_TOLLERANZA`` days, after which what is missing is «in ritardo».
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Callable, Mapping

import polars as pl

from data_loaders.contracts.hug import PUNTI_ACCESSO

# Days after the end of a period within which its data are due (a semester's report is
# prepared in the following two months, as for the semestral reporting to ATS).
GIORNI_TOLLERANZA = 60
MAX_NOMI = 8  # missing units named one by one; beyond, "e altri N"

STATO_COMPLETO, STATO_IN_CORSO, STATO_ATTESO, STATO_RITARDO = "completo", "in corso", "atteso", "in ritardo"


@dataclass(frozen=True)
class Expectation:
    dataset: str
    unit: str                                   # what reports: "comune", "punto di accesso", ...
    column: str                                 # the column naming the unit in each row
    period: str                                 # "anno" or "semestre"
    period_of: Callable[[], pl.Expr]            # the period label of a row ("2024", "2024-S2")
    expected: Callable[[Mapping[str, pl.DataFrame]], dict[str, str]]  # unit code -> label
    rule: str                                   # the expectation in one Italian sentence
    # True: a period is due every year/semester up to today. False: the file itself says which
    # periods exist (a plan or a project with an end), so only those are checked.
    until_today: bool = True
    # unit code -> the first period it is due in (a unit set up later owes nothing before); None: all.
    since: Callable[[Mapping[str, pl.DataFrame]], dict[str, str]] | None = None


def _semester(col: str) -> Callable[[], pl.Expr]:
    return lambda: pl.format("{}-S{}", pl.col(col).dt.year(), (pl.col(col).dt.month() - 1) // 6 + 1)


def _year(col: str) -> Callable[[], pl.Expr]:
    return lambda: pl.col(col).cast(pl.Utf8).str.slice(0, 4)


def _distinct(frame: pl.DataFrame | None, col: str) -> list[str]:
    if frame is None or frame.height == 0 or col not in frame.columns:
        return []
    return sorted(v for v in frame[col].drop_nulls().unique().to_list() if v != "")


def _comuni(frames) -> dict[str, str]:
    c = frames.get("comuni")
    if c is None or c.height == 0:
        return {}
    latest = c.filter(pl.col("anno") == c["anno"].max())
    return dict(zip(latest["codice_istat"].to_list(), latest["comune"].to_list()))


def _equipes(frames) -> dict[str, str]:
    names = set(_distinct(frames.get("pippi_operatori"), "equipe")) | set(_distinct(frames.get("pippi_famiglie"), "equipe"))
    return {e: e for e in sorted(names)}


def _equipes_since(frames) -> dict[str, str]:
    """Équipe -> the semester it was set up: its act (pippi_governance, equipe_multidisciplinare) or
    its first family referred, whichever comes first."""
    firsts: dict[str, dt.date] = {}
    sources = ((frames.get("pippi_governance"), "codice", "data", pl.col("tipo") == "equipe_multidisciplinare"),
               (frames.get("pippi_famiglie"), "equipe", "data_segnalazione", pl.lit(True)))
    for frame, unit, day, keep in sources:
        if frame is None or frame.height == 0 or unit not in frame.columns:
            continue
        for code, first in (frame.filter(keep & pl.col(day).is_not_null()).group_by(unit)
                            .agg(pl.col(day).min()).iter_rows()):
            if code and (code not in firsts or first < firsts[code]):
                firsts[code] = first
    return {code: f"{d.year}-S{(d.month - 1) // 6 + 1}" for code, d in firsts.items()}


def _in_file(dataset: str, col: str) -> Callable[[Mapping[str, pl.DataFrame]], dict[str, str]]:
    return lambda frames: {v: str(v) for v in _distinct(frames.get(dataset), col)}


EXPECTATIONS: tuple[Expectation, ...] = (
    Expectation("comuni", "comune", "codice_istat", "anno", _year("anno"), _comuni,
                "Ogni anno, tutti i comuni dell'Ambito (quelli elencati per l'ultimo anno) con la popolazione."),
    Expectation("hug_accessi", "punto di accesso", "punto_accesso", "semestre", _semester("data"),
                lambda frames: {p: p for p in PUNTI_ACCESSO},
                "Ogni semestre, ciascuno dei cinque punti di accesso (hub e spoke) registra i suoi accessi."),
    Expectation("pippi_famiglie", "équipe", "equipe", "semestre", _semester("data_segnalazione"), _equipes,
                "Ogni semestre, ogni équipe multidisciplinare segnala le famiglie che segue, dal semestre in cui "
                "è stata costituita.", since=_equipes_since),
    Expectation("osservazioni_pdz", "indicatore", "indicatore", "anno", _year("periodo"),
                _in_file("osservazioni_pdz", "indicatore"),
                "Per ogni anno del Piano presente nel file, ogni indicatore del Piano di Zona già rilevato almeno "
                "una volta.", until_today=False),
    Expectation("pnrr_budget", "capitolo", "capitolo", "anno", _year("anno"), _in_file("pnrr_budget", "capitolo"),
                "Per ogni anno del progetto presente nel file, ogni capitolo del piano finanziario.",
                until_today=False),
)


def _period_bounds(label: str) -> tuple[dt.date, dt.date]:
    year = int(label[:4])
    if label.endswith("-S1"):
        return dt.date(year, 1, 1), dt.date(year, 6, 30)
    if label.endswith("-S2"):
        return dt.date(year, 7, 1), dt.date(year, 12, 31)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _periods(first: str, as_of: dt.date, kind: str, last_present: str) -> list[str]:
    """Every period label from ``first`` to the one holding ``as_of`` (or the last present, if later)."""
    out: list[str] = []
    year = int(first[:4])
    half = 2 if first.endswith("-S2") else 1
    while True:
        label = f"{year}-S{half}" if kind == "semestre" else str(year)
        start, _end = _period_bounds(label)
        if start > as_of and label > last_present:
            return out
        out.append(label)
        if kind == "semestre":
            year, half = (year, 2) if half == 1 else (year + 1, 1)
        else:
            year += 1
        if len(out) > 200:  # a year typed as 2999 must not make an endless table
            return out


def status(label: str, missing: int, as_of: dt.date) -> tuple[str, dt.date]:
    """(state, due date) of a period: complete, running, expected by its due date, or late."""
    _start, end = _period_bounds(label)
    due = end + dt.timedelta(days=GIORNI_TOLLERANZA)
    if as_of <= end:
        return STATO_IN_CORSO, due
    if missing == 0:
        return STATO_COMPLETO, due
    return (STATO_ATTESO if as_of <= due else STATO_RITARDO), due


def _names(codes: list[str], labels: dict[str, str]) -> str:
    shown = [labels.get(c, c) for c in codes[:MAX_NOMI]]
    rest = len(codes) - len(shown)
    return ", ".join(shown) + (f" e altri {rest}" if rest > 0 else "")


def of_ambito(frames: Mapping[str, pl.DataFrame], ambito: str) -> dict[str, pl.DataFrame]:
    """``frames`` with only ``ambito``'s rows in every dataset that has an ``ambito`` column."""
    return {name: f.filter(pl.col("ambito") == ambito) if f is not None and "ambito" in f.columns else f
            for name, f in frames.items()}


def arrivals(frames: Mapping[str, pl.DataFrame], as_of: dt.date, ambito: str | None = None) -> pl.DataFrame:
    """One row per dataset and period: dataset, period, unit, expected, arrived (counts), missing
    (names), state, due date. Datasets without rows give no row (the page says the file is missing).
    ``ambito``: that Ambito's rows only (another Ambito's équipes are not this one's to report)."""
    if ambito is not None:
        frames = of_ambito(frames, ambito)
    rows = []
    for exp in EXPECTATIONS:
        frame = frames.get(exp.dataset)
        if frame is None or frame.height == 0 or exp.column not in frame.columns:
            continue
        expected = exp.expected(frames)
        seen = (frame.select(exp.period_of().alias("p"), pl.col(exp.column).cast(pl.Utf8).alias("u"))
                .drop_nulls().unique())
        by_period: dict[str, set[str]] = {}
        for p, u in seen.iter_rows():
            by_period.setdefault(p, set()).add(u)
        if not by_period:
            continue
        labels = sorted(by_period)
        periods = _periods(labels[0], as_of, exp.period, labels[-1]) if exp.until_today else labels
        since = exp.since(frames) if exp.since else {}
        for label in periods:
            arrived = by_period.get(label, set())
            expected_now = {u: name for u, name in expected.items() if since.get(u, label) <= label}
            missing = sorted(set(expected_now) - arrived)
            state, due = status(label, len(missing), as_of)
            rows.append({
                "dataset": exp.dataset, "period": label, "unit": exp.unit,
                "expected": len(expected_now), "arrived": len(set(expected_now) & arrived),
                "missing": _names(missing, expected_now), "state": state, "due": due,
            })
    schema = {"dataset": pl.Utf8, "period": pl.Utf8, "unit": pl.Utf8, "expected": pl.Int64, "arrived": pl.Int64,
              "missing": pl.Utf8, "state": pl.Utf8, "due": pl.Date}
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)
