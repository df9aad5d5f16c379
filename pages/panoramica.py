"""Overview: the headline figures with their period and trend, what to look at, how many indicators
are where, and the grid of the Piano di Zona's objectives.

Every figure is a row of the engine table as this viewer may see it (ui.privacy.visible_table);
what the page counts and ranks is computed in ui/home.py. A tile takes the colour of the worst
status among its indicators and writes its counts, worst first.
"""

from ui.shell import ensure_shell

ensure_shell()

import html  # noqa: E402

import streamlit as st  # noqa: E402

from access.roles import COORDINATORS  # noqa: E402
from access.suppression import suppressed_text  # noqa: E402
from indicators import format as fmt  # noqa: E402
from indicators.config import ambito_label, principal_ambito  # noqa: E402
from indicators.engine import latest, partial_parts  # noqa: E402
from indicators.plan import AREAS, CICLO  # noqa: E402
from indicators.registry import BY_ID  # noqa: E402
from indicators.status import STATUS_COLOURS, STATUS_ICONS, STATUS_IT  # noqa: E402
from ui import home  # noqa: E402
from ui.components import display_table, freshness, status_label  # noqa: E402
from ui.data import snapshot  # noqa: E402
from ui.exports import show_table  # noqa: E402
from ui.memo import per_snapshot  # noqa: E402
from ui.privacy import visible_table  # noqa: E402
from ui.session import current_role  # noqa: E402
from ui.shell import page_target  # noqa: E402

# Items of «Da guardare» shown before «mostra gli altri».
WATCH_FIRST = 10
WITHHELD_ICON = "◌"
WITHHELD_COLOUR = "#DDDDDD"

snap = snapshot()
table = visible_table(snap)
territory = ambito_label(principal_ambito())
st.title("Cruscotto del Piano di Zona 2021-2023")
st.caption("Ambito Sociale del Cremonese · 48 comuni · monitoraggio degli obiettivi, del programma PIPPI, "
           "del Centro per le Famiglie e delle risorse")
freshness(snap)

now = per_snapshot(snap, ("panoramica", "latest"), lambda: latest(table, territory))


def counts_line(counts: dict[str, int]) -> str:
    """'✖ 4 fuori target · ▲ 0 a rischio · ✔ 6 in linea · – 0 senza dati' (+ hidden ones, if any)."""
    parts = [f"{STATUS_ICONS[s]} {counts[s]} {STATUS_IT[s]}" for s in home.TILE_ORDER]
    if counts[home.WITHHELD]:
        parts.append(f"{WITHHELD_ICON} {counts[home.WITHHELD]} {home.WITHHELD_IT}")
    return " · ".join(parts)


def value_text(row: dict) -> str:
    if row.get("suppressed"):
        return suppressed_text(row.get("suppression"), row["unit"])
    return fmt.by_unit(row["value"], row["unit"], BY_ID[row["id"]].decimals)


# ------------------------------------------------------------------------- headline figures
cols = st.columns(len(home.HEADLINES))
# Each headline's row, its own series and the series drawn beside it: filtered out of the whole table
# once per data version and viewer, not on every rerun.
heads = per_snapshot(snap, ("panoramica", "headlines"), lambda: [
    (h, home.headline_row(table, h.id, territory), home.series(table, h.id, territory),
     home.series(table, h.series, territory) if h.series else None) for h in home.HEADLINES])
for col, (h, row, own, line) in zip(cols, heads):
    if row is None:
        col.metric(h.label, fmt.NON_DISPONIBILE)
        continue
    when = home.period_text(row)
    line = line if line is not None else own
    shown = value_text(row)
    if row.get("target") is not None and row["unit"] == "numero":  # as the PIPPI page writes it: «38 su 30»
        shown += f" su {fmt.number(row['target'])}"
    tip = [f"{BY_ID[h.id].name}, periodo {when}."]
    if h.series_note and len(line) > 1:
        tip.append(f"La linea: {h.series_note}.")
    # The label names the period (short enough not to be cut); the line below says it in full.
    col.metric(f"{h.label} {row['period']}", shown,
               delta=None if h.series else home.trend_text(own, row["unit"], BY_ID[h.id].decimals),
               delta_color="off", help=" ".join(tip),
               chart_data=[v for _, v in line] if len(line) > 1 else None)
    said = [f"{BY_ID[h.id].name} · periodo {when}"]
    status = row["status"]
    if not row.get("status_withheld") and status in STATUS_IT and status not in ("context", "no_data"):
        said.append(status_label(status))
    if home.before_plan(row["period"]):
        said.append(f"dato precedente al Piano {CICLO}, l'ultimo disponibile")
    said += partial_parts(row.get("note"))
    col.caption(" · ".join(said))

# ------------------------------------------------------------------------- «Da guardare»
st.subheader("Da guardare")
watch = per_snapshot(snap, ("panoramica", "watch"), lambda: home.watch_list(now))


is_coordinator = current_role() in COORDINATORS


def watch_item(r: dict) -> None:
    gap = r["shortfall"]
    short = "" if gap is None or gap == float("inf") else f" · scarto {fmt.number(100 * gap, 0)}%"
    # A row judged on something else than its distance (a flow below its previous period) has none to show.
    short = short if gap is not None and gap > 0 else ""
    # The whole line is the link to the indicator's page: one line per indicator.
    page, query = home.page_of(r["area"])
    # Ids are the coordinators' handle; others read the plan's objective number, which the plan prints.
    ref = (f" ({r['id']})" if is_coordinator else
           f" (obiettivo {r['objective']})" if str(r["area"]).isdigit() else "")
    st.page_link(page_target(page), label=f"**{STATUS_ICONS[r['shown_status']]} {STATUS_IT[r['shown_status']]}** · "
                 f"{r['name']}{ref} · {home.period_text(r)}: **{value_text(r)}**, "
                 f"target {home.target_text(r)}{short}", query_params=query)


if not watch:
    st.success("Nessun indicatore fuori target o a rischio all'ultimo periodo con dati.")
else:
    st.caption(f"{len(watch)} indicatori fuori target o a rischio, dal più lontano da quanto dovuto "
               "(scarto in proporzione al target, o alla quota dovuta se il periodo è in corso).")
    for r in watch[:WATCH_FIRST]:
        watch_item(r)
    if len(watch) > WATCH_FIRST:
        with st.expander(f"Gli altri {len(watch) - WATCH_FIRST}"):
            for r in watch[WATCH_FIRST:]:
                watch_item(r)

# ------------------------------------------------------------------------- counts
st.subheader("Stato degli indicatori")
by_programme = per_snapshot(snap, ("panoramica", "programmi"), lambda: home.programme_counts(now))
hidden_any = any(c[home.WITHHELD] for _, c in by_programme)
heads = [f"{STATUS_ICONS[s]} {STATUS_IT[s]}" for s in home.TILE_ORDER] + (
    [f"{WITHHELD_ICON} {home.WITHHELD_IT}"] if hidden_any else [])
lines = ["| | " + " | ".join(heads) + " | indicatori |", "|---" * (len(heads) + 2) + "|"]
for label, c in by_programme:
    if not sum(c.values()):
        continue  # a programme without targets (the resources: context figures) has nothing to count
    keys = [*home.TILE_ORDER, *([home.WITHHELD] if hidden_any else [])]
    cells = [str(c[k]) for k in keys]
    strong = label == "Totale"
    name = f"**{label}**" if strong else label
    total = sum(c.values())
    lines.append(f"| {name} | " + " | ".join(f"**{x}**" if strong else x for x in cells)
                 + f" | {'**' if strong else ''}{total}{'**' if strong else ''} |")
st.markdown("\n".join(lines))
st.caption("Ogni indicatore conta una volta, al periodo più recente con dati. Non sono contati i dati di "
           "contesto (senza target) né gli anni base degli obiettivi «aumento rispetto all'anno base». "
           "La regola dello stato è spiegata nella pagina «Piano di Zona».")

# ------------------------------------------------------------------------- the grid


def tile(o: dict) -> str:
    """An objective as a tile: a bar in the colour of its worst status, the status written, its counts."""
    colour = STATUS_COLOURS[o["status"]]
    title = html.escape(o["title"])
    return (f'<div style="border-left:10px solid {colour};padding:2px 0 2px 10px">'
            f'<b>{o["objective"]}</b> · <b>{status_label(o["status"])}</b><br>'
            f'<span style="font-size:0.85em">{title}</span>{share_bar(o["counts"])}'
            f'<span style="font-size:0.85em">{counts_line(o["counts"])}</span></div>')


def share_bar(counts: dict[str, int]) -> str:
    """A thin bar split by status in proportion to the counts: 1 of 10 off target and 6 of 10 look
    different at a glance, though both tiles are «fuori target». The counts are written beside it."""
    parts = [(STATUS_COLOURS[s], counts[s]) for s in home.TILE_ORDER] + [(WITHHELD_COLOUR, counts[home.WITHHELD])]
    if not sum(n for _, n in parts):
        return "<br>"
    cells = "".join(f'<div style="flex:{n};background:{c}"></div>' for c, n in parts if n)
    return f'<div style="display:flex;gap:2px;height:7px;margin:5px 0 3px 0" aria-hidden="true">{cells}</div>'



st.subheader("Gli obiettivi del Piano di Zona")
st.caption("Ogni riquadro è un obiettivo: prende il colore e lo stato del peggiore dei suoi indicatori "
           "(basta un indicatore fuori target perché l'obiettivo sia «fuori target»); sotto, quanti "
           "indicatori sono fuori target ✖, a rischio ▲, in linea ✔, senza dati –. Il collegamento apre l'area.")
tiles = per_snapshot(snap, ("panoramica", "tiles"), lambda: home.objective_tiles(now))
for a in AREAS:
    objs = [o for o in tiles if o["area"] == a.id]
    cols = st.columns([2, 3, 3, 3])
    cols[0].markdown(f"**{a.id}. {a.title}**")
    for c, o in zip(cols[1:], objs):
        with c.container(border=True):
            st.markdown(tile(o), unsafe_allow_html=True)
            st.page_link(page_target(home.AREA_PAGE), label=f"Apri l'area {a.id}", icon=":material/arrow_forward:",
                         query_params={"area": a.id})

with st.expander("Tutti gli indicatori, all'ultimo periodo con dati"):
    show_table(display_table(now.sort("area", "objective", "id")), "Indicatori all'ultimo periodo")
