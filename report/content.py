"""The report as plain data: sections, rows and figures, every figure already a formatted string.

Everything here is read from the engine table as one audience may see it
(``access.views.table_for``), so a value in the report is the value on the screens; nothing
is recomputed. Building the content is a pure function of (engine table, load results,
dates, role): tests check it against the engine, pdf.py only lays it out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

import polars as pl

from access import suppression
from access.roles import COORDINATORE
from access.suppression import STATUS_WITHHELD, suppressed_label, threshold
from access.views import table_for
from indicators import format as fmt
from indicators import periods
from indicators.config import ambito_label, principal_ambito
from indicators.plan import ANNI_CICLO
from indicators.engine import latest
from indicators.registry import BY_ID, CATALOG
from indicators.status import STATUS_ICONS, STATUS_IT, STATUSES
from report import titles
from report.editions import edition_for_role

if TYPE_CHECKING:
    from report.semester import SemesterSummary

NESSUN_VALORE = "—"
IN_CORSO = "in corso"
# A breakdown indicator names its sub-unit after the Ambito: "Ambito Cremonese / hub".
SUB_UNIT_SEPARATOR = " / "
_SIGNS = {"at_least": "≥", "above": ">", "at_most": "≤", "below": "<"}
PROPOSED = "proposto"
# Where the plan writes no number, the dashboard judges by the base year (indicators/defs/pdz.py):
# that target is the dashboard's proposal, and the report says so beside it.
PROPOSED_NOTE = ("«proposto»: target non scritto nel piano, proposto dal cruscotto (dove il piano non dà un "
                 "numero, l'aumento o la diminuzione rispetto al primo periodo con dati; oppure una misura "
                 "aggiunta dal cruscotto dove il piano ripete gli indicatori di un altro obiettivo).")
OLDER_THAN_PLAN = "dato anteriore al periodo del Piano ({first}-{last}): l'ultimo disponibile"
CONTEXT_KIND = "contesto"
CONTEXT_TEXT = "– senza target"
# The plan's areas hold ~200 indicators: the report charts the ones needing attention.
MAX_CHARTS_PER_OBJECTIVE = 2


@dataclass(frozen=True)
class Row:
    """One indicator at its latest period, as printed: every field is text except the status key."""

    id: str
    name: str
    kind: str
    period: str
    value: str
    target: str
    gap: str
    status: str
    status_text: str
    suppressed: bool = False
    plan_text: str = ""  # the plan's own sentence the indicator measures (catalog)
    notes: tuple[str, ...] = ()  # the engine's note (small N, inconsistencies) and partial data


@dataclass(frozen=True, eq=False)
class Figure:
    """A chart to draw: the engine rows of one indicator over its periods (principal Ambito)."""

    id: str
    title: str
    unit: str
    data: pl.DataFrame
    caption: str


@dataclass(frozen=True)
class BreakdownLine:
    sub_unit: str
    value: str
    status: str
    status_text: str


@dataclass(frozen=True, eq=False)
class Breakdown:
    """One indicator broken down by sub-unit (équipe, point of access, comune…) at one period.

    ``data`` holds the same values as numbers for a chart (sub_unit, value; a hidden value is null).
    """

    id: str
    title: str
    period: str
    unit: str
    decimals: int
    judged: bool  # the indicator has a target, so each line has a status worth printing
    lines: list[BreakdownLine]
    data: pl.DataFrame


@dataclass
class Objective:
    id: str
    title: str
    rows: list[Row] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    plan_notes: tuple[str, ...] = ()  # where the plan contradicts or repeats itself (indicators/plan.py)

    @property
    def plan_sentences(self) -> list[str]:
        """The plan's own sentences its indicators measure, each once, in the rows' order."""
        return list(dict.fromkeys(r.plan_text for r in self.rows if r.plan_text))

    @property
    def notes(self) -> list[str]:
        """The plan's inconsistencies, then each indicator's notes as «name: note»."""
        return [*self.plan_notes, *(f"{r.name}: {n}" for r in self.rows for n in r.notes)]

    @property
    def measured(self) -> list[Row]:
        """Rows with a value (shown or hidden for privacy): printed in full."""
        return [r for r in self.rows if r.value != fmt.NON_DISPONIBILE or r.suppressed]

    @property
    def unmeasured(self) -> list[Row]:
        """Rows with no value yet: listed by name only."""
        return [r for r in self.rows if r not in self.measured]

    @property
    def counts(self) -> dict[str, int]:
        return count_statuses(self.rows)

    @property
    def status(self) -> str | None:
        """The objective's status by the plan's rule (indicators/plan.py), None without the rule."""
        judged = [r.status for r in self.rows if r.kind != CONTEXT_KIND]
        return titles.objective_status(judged) if judged else None

    @property
    def summary(self) -> str:
        if not self.rows:
            return "Nessun indicatore nel catalogo per questo obiettivo."
        status = self.status
        head = f"Stato dell'obiettivo: {status_text(status)}; indicatori: " if status else "Indicatori: "
        return head + counts_text(self.counts)


@dataclass
class Section:
    key: str
    title: str
    objectives: list[Objective] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return [r for o in self.objectives for r in o.rows]


@dataclass(frozen=True)
class AreaLine:
    key: str
    title: str
    counts: dict[str, int]


@dataclass(frozen=True)
class DatasetLine:
    filename: str
    title: str
    valid: str
    rejected: str
    state: str


@dataclass
class Report:
    title: str
    ambito: str
    computed_at: str
    as_of: str
    version: str
    role: str
    audience: str
    edition: str  # «Versione pubblica» …: printed in every page's footer
    datasets: list[DatasetLine]
    counts: dict[str, int]
    summary_sentence: str
    area_lines: list[AreaLine]
    attention: list[Row]
    sections: list[Section]
    notes: list[str]
    semester: SemesterSummary | None = None  # report/semester.py fills it
    # 'dati al 30/10/2026 · versione …' (report.version.version_text): what every page's footer says,
    # the same text as the dashboard's pages. build.py fills it.
    version_text: str = ""

    @property
    def figures(self) -> list[Figure]:
        return [f for s in self.sections for o in s.objectives for f in o.figures]


# --- small helpers -----------------------------------------------------------------------

def status_text(status: str) -> str:
    """'✔ in linea': the status always written, the icon beside it (never colour alone)."""
    return f"{STATUS_ICONS.get(status, '')} {STATUS_IT.get(status, status)}".strip()


def count_statuses(rows: list[Row]) -> dict[str, int]:
    """How many judged rows (context figures excluded) fall in each status."""
    judged = [r for r in rows if r.kind != CONTEXT_KIND]
    return {s: sum(1 for r in judged if r.status == s) for s in STATUSES}


def counts_text(counts: dict[str, int]) -> str:
    parts = [f"{counts[s]} {STATUS_IT[s]}" for s in STATUSES if counts.get(s)]
    return " · ".join(parts) if parts else "Solo dati di contesto, senza target."


def _plural(n: int, one: str, many: str) -> str:
    return f"{fmt.number(n)} {one if n == 1 else many}"


def summary_sentence(counts: dict[str, int]) -> str:
    """The executive summary in one Italian sentence, statuses written out."""
    total = sum(counts.values())
    if total == 0:
        return "Nessun indicatore con target ha dati da valutare."
    return (f"Su {_plural(total, 'indicatore', 'indicatori')} con target, "
            f"{fmt.number(counts['on_track'])} in linea, {fmt.number(counts['at_risk'])} a rischio, "
            f"{fmt.number(counts['off_track'])} fuori target e {fmt.number(counts['no_data'])} senza dati.")


def decimals_of(indicator_id: str) -> int:
    """The decimals the catalog prints an indicator's values with (0 for an unknown id)."""
    ind = BY_ID.get(indicator_id)
    return ind.decimals if ind else 0


def period_text(period: str, provisional: bool) -> str:
    return f"{period} ({IN_CORSO})" if period and provisional else (period or NESSUN_VALORE)


def value_text(r: Mapping) -> str:
    """The value as the screens print it; a hidden one as the access layer marks it ("< 5", "n.d.")."""
    if r.get("suppressed"):
        marker = getattr(suppression, "suppressed_text", None)
        return marker(r.get("suppression"), r["unit"]) if marker else suppressed_label()
    return fmt.by_unit(r["value"], r["unit"], decimals_of(r["id"]))


def row_status_text(r: Mapping) -> str:
    """Status as text; a figure with no target is a context figure, not one «senza dati»."""
    if r.get("status_withheld"):
        return STATUS_WITHHELD
    ind = BY_ID.get(r["id"])
    if (r["kind"] == CONTEXT_KIND or (ind is not None and ind.target is None)) and r["status"] in ("no_data", "context"):
        return CONTEXT_TEXT
    return status_text(r["status"])


def target_proposed(indicator_id: str) -> bool:
    """The target is the dashboard's, not the plan's: a measure the dashboard added, or a plan
    indicator (areas 1-10) for which the plan gives no number and the base year is the reference."""
    ind = BY_ID.get(indicator_id)
    if ind is None or ind.target is None:
        return False
    return ind.proposed or (ind.area in titles.PIANO_AREE and ind.target.value is None)


def target_text(r: Mapping) -> str:
    """'≥ 10', '> 75,0%', '≥ 10 (atteso a oggi 8,9)' or the words of a baseline target; a target the
    plan does not state ends in «(proposto)»."""
    text = _target_words(r)
    return f"{text} ({PROPOSED})" if text != NESSUN_VALORE and target_proposed(r["id"]) else text


def _target_words(r: Mapping) -> str:
    ind = BY_ID.get(r["id"])
    if ind is None or ind.target is None:
        return NESSUN_VALORE
    t = ind.target
    if t.value is None or r["target"] is None:
        # A baseline target is the first period's value: for a count of families that is
        # itself a count, so it is described, not printed (as on the screens).
        return t.describe()
    decimals = decimals_of(r["id"])
    text = f"{_SIGNS.get(t.comparison, '')} {fmt.by_unit(r['target'], r['unit'], decimals)}".strip()
    expected = r.get("expected")
    if t.pace and r.get("provisional") and expected is not None and expected != r["target"]:
        shown = max(decimals, 1) if r["unit"] == "numero" else decimals
        text += f" (atteso a oggi {fmt.by_unit(expected, r['unit'], shown)})"
    return text


def gap_text(r: Mapping) -> str:
    """Value minus target in the indicator's unit: '+2', '-8,3 punti', '€ -23.500'."""
    if r.get("suppressed") or r["gap"] is None:
        return NESSUN_VALORE
    decimals = decimals_of(r["id"])
    if r["unit"] == "percentuale":
        return f"{fmt.signed(r['gap'], max(decimals, 1))} punti"
    if r["unit"] in ("euro", "euro_per_abitante"):
        return f"€ {fmt.signed(r['gap'], 2 if r['unit'] == 'euro_per_abitante' else decimals)}"
    return fmt.signed(r["gap"], decimals)


def sub_unit(territory: str, label: str) -> str | None:
    """'hub' for 'Ambito Cremonese / hub'; None for the Ambito itself or another territory."""
    prefix = label + SUB_UNIT_SEPARATOR
    return territory[len(prefix):] if territory.startswith(prefix) else None


def row_notes(r: Mapping) -> tuple[str, ...]:
    """The engine's note of the row (small N, inconsistencies, «dati parziali»: indicators.engine), then
    whether a resources figure predates the plan."""
    out = [r["note"]] if r.get("note") else []
    years = years_of(r["period"])
    if r["area"] == "risorse" and years and max(years) < ANNI_CICLO[0]:
        out.append(OLDER_THAN_PLAN.format(first=ANNI_CICLO[0], last=ANNI_CICLO[-1]))
    return tuple(out)


def years_of(period: str | None) -> list[int]:
    """The four-digit years a period label names ('2019', '2016-2019', '2025-S1')."""
    return [int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", period or "")]


def make_row(r: Mapping) -> Row:
    """An engine row of the Ambito as printed."""
    ind = BY_ID.get(r["id"])
    return Row(id=r["id"], name=r["name"], kind=r["kind"], period=period_text(r["period"], bool(r["provisional"])),
               value=value_text(r), target=target_text(r), gap=gap_text(r), status=r["status"],
               status_text=row_status_text(r), suppressed=bool(r.get("suppressed")),
               plan_text=ind.plan_text if ind else "", notes=row_notes(r))


def visible(table: pl.DataFrame, role: str) -> pl.DataFrame:
    """The engine table as ``role`` may see it (the access layer's call, as ui/privacy.py makes it)."""
    return table_for(table, role, {i.id for i in CATALOG if i.sensitive})


def _objective_key(objective: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in objective.split("."))


# --- the parts of the report ---------------------------------------------------------------

def charted_ids(section: str, rows: list[Row], ids: list[str]) -> list[str]:
    """Which indicators get a chart: all of PIPPI and HUG; in the plan's areas, the ones
    that need attention (fuori target first, then a rischio), at most MAX_CHARTS_PER_OBJECTIVE."""
    if section not in titles.PIANO_AREE:
        return ids
    order = {"off_track": 0, "at_risk": 1}
    flagged = sorted((r for r in rows if r.status in order), key=lambda r: (order[r.status], ids.index(r.id)))
    return [r.id for r in flagged][:MAX_CHARTS_PER_OBJECTIVE]


def figures_for(table: pl.DataFrame, indicator_ids: list[str], label: str) -> list[Figure]:
    """One trend chart per indicator with at least two periods of visible values for the Ambito."""
    out = []
    for iid in indicator_ids:
        rows = table.filter((pl.col("id") == iid) & (pl.col("territory") == label))
        if rows.filter(pl.col("value").is_not_null()).height < 2:
            continue
        rows = periods.chronological(rows)
        first = rows.row(0, named=True)
        caption = (f"{first['name']} per periodo ({label}); barre colorate per stato, "
                   "linea tratteggiata: target.")
        out.append(Figure(id=iid, title=first["name"], unit=first["unit"], data=rows, caption=caption))
    return out


def breakdown(rows: pl.DataFrame, label: str, period: str | None = None) -> Breakdown | None:
    """One indicator's sub-unit rows at ``period`` (default: its latest period with a visible value)."""
    parts = rows.filter(pl.Series([sub_unit(t, label) is not None for t in rows["territory"].to_list()],
                                  dtype=pl.Boolean))
    if period is None:
        seen = parts.filter(pl.col("value").is_not_null() | pl.col("suppressed"))
        if seen.height == 0:
            return None
        period = max(seen["period"].unique().to_list(), key=periods.sort_key)
    parts = parts.filter(pl.col("period") == period)
    if parts.height == 0:
        return None
    first = parts.row(0, named=True)
    ind = BY_ID.get(first["id"])
    judged = ind is not None and ind.target is not None
    lines = [BreakdownLine(sub_unit=sub_unit(r["territory"], label), value=value_text(r), status=r["status"],
                           status_text=row_status_text(r)) for r in parts.iter_rows(named=True)]
    data = pl.DataFrame({"sub_unit": [line.sub_unit for line in lines], "value": parts["value"].to_list()},
                        schema={"sub_unit": pl.Utf8, "value": pl.Float64})
    return Breakdown(id=first["id"], title=first["name"], period=period_text(period, bool(first["provisional"])),
                     unit=first["unit"], decimals=decimals_of(first["id"]), judged=judged, lines=lines,
                     data=data)


def build_section(key: str, table: pl.DataFrame, label: str) -> Section:
    """An area (or PIPPI, HUG, resources, territory): per objective, the Ambito's rows, its
    breakdowns, its charts and the plan's notes (a partial file's rows say so in the engine's note)."""
    area_rows = table.filter(pl.col("area") == key)
    now = latest(area_rows, label).sort("objective", "id")
    objectives = set(titles.plan_objectives(key)) | set(area_rows["objective"].unique().to_list())
    section = Section(key=key, title=titles.area_title(key))
    for objective in sorted(objectives, key=_objective_key):
        mine = area_rows.filter(pl.col("objective") == objective)
        ids = list(dict.fromkeys(mine.sort("id")["id"].to_list()))
        parts = [breakdown(mine.filter(pl.col("id") == i), label) for i in ids]
        rows = [make_row(r) for r in now.filter(pl.col("objective") == objective).iter_rows(named=True)]
        section.objectives.append(Objective(
            id=objective, title=titles.objective_title(objective), rows=rows,
            breakdowns=[b for b in parts if b is not None],
            figures=figures_for(mine, charted_ids(key, rows, ids), label),
            plan_notes=titles.objective_notes(objective)))
    return section


def dataset_lines(results: Mapping, role: str) -> list[DatasetLine]:
    """Each data file, its valid and rejected rows. A small record count is hidden outside coordination."""
    n = threshold()
    out = []
    for name in sorted(results, key=lambda k: results[k].spec.filename):
        r = results[name]

        def shown(count: int) -> str:
            if role != COORDINATORE and r.spec.record_level and 0 < count < n:
                return suppressed_label()
            return fmt.number(count)

        state = "mancante" if r.missing else ("con righe scartate" if r.rows_rejected else "letto")
        out.append(DatasetLine(filename=r.spec.filename, title=r.spec.title,
                               valid=NESSUN_VALORE if r.missing else shown(r.rows_valid),
                               rejected=NESSUN_VALORE if r.missing else fmt.number(r.rows_rejected),
                               state=state))
    return out


def area_lines(judged: pl.DataFrame) -> list[AreaLine]:
    keys = list(titles.PIANO_AREE) + [titles.PIPPI, titles.HUG]
    keys += sorted(set(judged["area"].to_list()) - set(keys))
    out = []
    for key in keys:
        statuses = judged.filter(pl.col("area") == key)["status"].to_list()
        out.append(AreaLine(key=key, title=titles.area_title(key),
                            counts={s: statuses.count(s) for s in STATUSES}))
    return out


def build_report(seen: pl.DataFrame, results: Mapping, *, as_of: dt.date, version: str,
                 role: str = COORDINATORE, computed_at: dt.datetime | None = None) -> Report:
    """The whole report for ``role``.

    ``seen`` is the engine table as ``role`` may see it (``visible(table, role)``, or the
    page's ``visible_table``); ``results`` the load results it was computed from.
    """
    computed_at = computed_at or dt.datetime.now()
    label = ambito_label(principal_ambito())
    # The executive summary counts exactly what the overview page counts.
    judged = latest(seen, label).filter(pl.col("kind") != CONTEXT_KIND)
    counts = {s: judged.filter(pl.col("status") == s).height for s in STATUSES}
    attention = [make_row(r) for r in judged.sort("area", "objective", "id").iter_rows(named=True)
                 if r["status"] == "off_track"]
    sections = [build_section(k, seen, label) for k in titles.SECTIONS]
    notes = [
        "Le cifre sono quelle del cruscotto: il report legge la stessa tabella degli indicatori "
        "delle pagine, con la stessa data di riferimento per lo stato.",
        "Per ogni indicatore si riporta il periodo più recente con dati; «in corso» segnala un periodo "
        "non ancora concluso, valutato sulla quota di target dovuta al tempo trascorso.",
        f"Il report riguarda l'{label}; i valori per singolo comune sono nel cruscotto.",
        "Grafici: nelle aree del Piano di Zona, per ogni obiettivo, al più "
        f"{MAX_CHARTS_PER_OBJECTIVE} indicatori fuori target o a rischio; per PIPPI e per il Centro per "
        "le Famiglie, ogni indicatore con almeno due periodi. Tutti i grafici sono nel cruscotto.",
        PROPOSED_NOTE,
    ]
    if role != COORDINATORE:
        explain = getattr(suppression, "note", None)
        notes.append((explain() if explain else
                      f"«{suppressed_label()}»: meno di {threshold()} persone o famiglie, dato non mostrato "
                      "per riservatezza.") + " I dati non mostrati non compaiono nei grafici.")
    return Report(
        title="Report per l'Assemblea dei Sindaci",
        ambito=label,
        computed_at=f"{fmt.date(computed_at)} alle {computed_at:%H:%M}",
        as_of=fmt.date(as_of),
        version=version,
        role=role,
        audience=edition_for_role(role).audience(threshold()),
        edition=edition_for_role(role).label,
        datasets=dataset_lines(results, role),
        counts=counts,
        summary_sentence=summary_sentence(counts),
        area_lines=area_lines(judged),
        attention=attention,
        sections=sections,
        notes=notes,
    )
