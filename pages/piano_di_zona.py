"""Piano di Zona 2021-2023: one policy area at a time (?area=6 opens area 6).

For each objective: its status and, in a box open for the first objective, its output and
outcome indicators with value, target, gap and status (written, not colour alone), a trend
chart with the target drawn, the sub-ambiti or comuni where the data are broken down, the
plan's sentence and the measure that stands for it; the objective's text one click away. Beside the cycle, in its own tab, the plan's review of
2018-2020. Everything about indicators comes from the engine table through the access layer.
"""

from ui.shell import ensure_shell

ensure_shell()

from types import SimpleNamespace  # noqa: E402

import altair as alt  # noqa: E402
import polars as pl  # noqa: E402
import streamlit as st  # noqa: E402

from access.suppression import STATUS_WITHHELD, note as suppression_note, suppressed_text  # noqa: E402
from indicators import format as fmt  # noqa: E402
from indicators.config import ambito_label, principal_ambito  # noqa: E402
from indicators.engine import latest, of_ambito, partial_parts  # noqa: E402
from indicators.review import scored_twice, series_means  # noqa: E402
from indicators.plan import AREA_BY_ID, AREAS, REVIEW_NOTES, objective_status, objectives_of, status_counts  # noqa: E402
from indicators.registry import BY_ID  # noqa: E402
from indicators.status import BASELINE, STATUS_COLOURS, STATUS_EXPLAINED, STATUS_IT, STATUSES  # noqa: E402
from ui.charts import count_axis, finish, number_format, status_color, status_column, status_marks, trend  # noqa: E402
from ui.components import display_table, freshness, missing_files_note, provenance, status_label  # noqa: E402
from ui.data import snapshot  # noqa: E402
from ui.memo import per_snapshot  # noqa: E402
from ui.exports import figure, show_chart, show_table, table as shown_table  # noqa: E402
from ui.privacy import visible_table  # noqa: E402

QUERY_KEY = "area"
REVIEW = "bilancio_pdz_2018_2020"
KIND_IT = {"output": "Indicatori di output – il grado di realizzazione",
           "outcome": "Indicatori di outcome – l'impatto sociale"}
BADGE = {"on_track": "green", "at_risk": "orange", "off_track": "red", "no_data": "gray"}

snap = snapshot()
whole = ambito_label(principal_ambito())
st.title("Piano di Zona 2021-2023")
st.caption("Obiettivi, indicatori di output e di outcome di ogni area del Piano di Zona dell'Ambito Cremonese")
freshness(snap)
missing_files_note(snap, "osservazioni_pdz", REVIEW)

area_ids = [a.id for a in AREAS]
asked = st.query_params.get(QUERY_KEY, area_ids[0])
if asked not in area_ids:
    st.warning(f"L'area «{asked}» non esiste nel Piano: si mostra l'area 1.")
    asked = area_ids[0]
area = st.selectbox("Area del Piano", area_ids, index=area_ids.index(asked),
                    format_func=lambda i: f"{i}. {AREA_BY_ID[i].title}", key="pdz_area")
st.query_params[QUERY_KEY] = area  # the address bar always holds a link to what is shown



def _area_rows() -> tuple[pl.DataFrame, pl.DataFrame]:
    comuni = snap.frame("comuni") if "comuni" in snap.results else None
    rows = of_ambito(visible_table(snap).filter(pl.col("area") == area), whole, comuni)
    return rows, latest(rows)


# Everything below depends only on the data, the viewer and the area: made once, then each
# rerun (a click anywhere on the page) only sends it again.
table, now = per_snapshot(snap, ("pdz", area), _area_rows)
st.header(f"Area {area} · {AREA_BY_ID[area].title}")


def shown(r: dict) -> str:
    """A value as this viewer may see it."""
    if r.get("suppressed"):
        return suppressed_text(r.get("suppression"), r["unit"])
    return fmt.by_unit(r["value"], r["unit"], BY_ID[r["id"]].decimals)


def status_text(r: dict) -> str:
    """Coloured badge with the status written; none when it would give a hidden figure away."""
    if r.get("status_withheld"):
        return f"stato {STATUS_WITHHELD}"
    return f":{BADGE[r['status']]}-background[{status_label(r['status'])}]"


def target_text(r: dict, rows: pl.DataFrame) -> str:
    ind = BY_ID[r["id"]]
    t = ind.target
    if t is None:
        return "—"
    if t.value is None:
        base = rows.filter(pl.col("value").is_not_null()).head(1)
        if r.get("baseline") is None or not base.height:
            return t.describe()
        return f"{t.describe()} ({base['period'][0]}: {fmt.by_unit(r['baseline'], r['unit'], ind.decimals)})"
    if r.get("target") is not None and abs(r["target"] - t.value) > 1e-9:
        return f"{fmt.by_unit(r['target'], r['unit'], ind.decimals)} dovuti entro il {r['period']} ({t.describe()})"
    return t.describe()


def gap_text(r: dict) -> str:
    if r.get("gap") is None:
        return fmt.NON_DISPONIBILE
    d = max(BY_ID[r["id"]].decimals, 1 if r["unit"] == "percentuale" else 0)
    return fmt.signed(r["gap"], d) + (" punti" if r["unit"] == "percentuale" else "")


def breakdown_chart(parts: pl.DataFrame, unit: str) -> alt.Chart:
    """Latest value per sub-ambito or comune, bars coloured by status (hidden values left out)."""
    data = parts.filter(~pl.col("suppressed")).select(
        pl.col("territory").str.replace(f"^{whole} / ", "").alias("territorio"), "value", "target",
        status_column(parts),
    ).to_pandas()
    f = number_format(unit)
    base = alt.Chart(data).encode(y=alt.Y("territorio:N", title=None, sort="-x", axis=alt.Axis(labelLimit=260)))
    bars = base.mark_bar().encode(
        x=alt.X("value:Q", title="Valore (il trattino nero è il target)",
                axis=count_axis() if unit == "numero" else alt.Axis(format=f)),
        color=status_color(parts),
        tooltip=[alt.Tooltip("territorio:N", title="Territorio"), alt.Tooltip("value:Q", title="Valore", format=f),
                 alt.Tooltip("target:Q", title="Target", format=f), alt.Tooltip("stato:N", title="Stato")],
    )
    target = base.mark_tick(color="#333333", thickness=3).encode(x="target:Q")
    return (bars + status_marks(bars, horizontal=True) + target).properties(height=alt.Step(28))


def indicator_view(ind_id: str) -> SimpleNamespace:
    """What an indicator's box shows, made from the data once (see ``indicator_block``)."""
    ind = BY_ID[ind_id]
    mine = table.filter(pl.col("id") == ind_id)
    own = mine.filter(pl.col("territory") == whole)
    parts = mine.filter(pl.col("territory") != whole)
    r = now.filter(pl.col("id") == ind_id).row(0, named=True)
    period = f" {r['period']}" if r["period"] else ""
    v = SimpleNamespace(
        ind=ind, own=own,
        summary=(f"**Valore{period}:** {shown(r)} · **Target:** {target_text(r, own)} · "
                 f"**Scarto:** {gap_text(r)} · **Stato:** {status_text(r)}" + "".join(f" · *{p}*" for p in partial_parts(r["note"]))),
        no_data=(f"Senza dati: {r['note'] or 'nessuna osservazione registrata'}."
                 if r["value"] is None and not r.get("suppressed") else None),
        trend=(figure(finish(trend(own, ind.unit))) if own.filter(pl.col("value").is_not_null()).height else None),
        parts_title=None, parts=None, last=None, breakdown=None, hidden=None,
        table=shown_table(display_table(mine)),
        provenance=provenance(ind_id, int(own["rows"].drop_nulls().sum()) if own["rows"].drop_nulls().len() else None),
    )
    if parts.height:
        last = parts.filter(pl.col("period") == parts["period"].max())
        kind = "sub-ambito" if last["territory"].str.contains(" / ").any() else "comune"
        v.last, v.parts_title = last, (kind, last["period"][0])
        if last.filter(~pl.col("suppressed")).height:
            v.breakdown = figure(finish(breakdown_chart(last, ind.unit)))
        hidden = last.filter(pl.col("suppressed"))
        if hidden.height:
            names = ", ".join(f"{t.split(' / ')[-1]} ({suppressed_text(k, ind.unit)})"
                              for t, k in hidden.select("territory", "suppression").iter_rows())
            v.hidden = f"Non mostrati nel grafico: {names}. {suppression_note()}"
        withheld = last.filter(~pl.col("suppressed") & pl.col("status_withheld"))["territory"].to_list()
        if withheld:
            names = ", ".join(t.split(" / ")[-1] for t in withheld)
            v.hidden = ((v.hidden + " ") if v.hidden else "") + (
                f"Stato riservato per {names}: il loro anno base è nascosto e il confronto lo farebbe ricavare.")
    return v


def indicator_block(ind_id: str) -> None:
    v = per_snapshot(snap, ("pdz", area, ind_id), lambda: indicator_view(ind_id))
    ind = v.ind
    with st.container(border=True):
        left, right = st.columns([5, 4])
        with left:
            proposed = " · *proposto dal cruscotto*" if ind.proposed else ""
            st.markdown(f"**{ind.id} · {ind.name}**{proposed}")
            st.markdown(f"> Il piano: «{ind.plan_text}»")
            st.caption(f"Misura: {ind.measure}")
            if ind.proposed:
                st.caption("Misura proposta dal cruscotto, non dal piano: il piano per questo obiettivo ripete gli "
                           "indicatori di un altro (vedi la nota sopra).")
            st.markdown(v.summary)
            if v.no_data:
                st.caption(v.no_data)
        with right:
            if v.trend is not None:
                show_chart(v.trend, f"{ind.id} {ind.name}", lambda: display_table(v.own), table=False)
        if v.parts_title:
            kind, period = v.parts_title
            st.markdown(f"**Per {kind}** ({period})")
            if v.breakdown is not None:
                show_chart(v.breakdown, f"{ind.id} per {kind} {period}", lambda: display_table(v.last), table=False)
            if v.hidden:
                st.caption(v.hidden)
        with st.expander("Dati, formula e fonte"):
            show_table(v.table, f"{ind.id} {ind.name} dati")
            st.caption(v.provenance)


def objective_view(o) -> tuple[dict, str, dict]:
    """Status counts, overall status and indicator ids (per kind, in plan order) of an objective."""
    mine = now.filter(pl.col("objective") == o.id)
    ids = {kind: sorted(mine.filter(pl.col("kind") == kind)["id"].to_list(), key=_order) for kind in KIND_IT}
    return status_counts(mine), objective_status(mine["status"].to_list()), ids


def objective_section(o, first: bool) -> None:
    counts, overall, ids = per_snapshot(snap, ("pdz", area, o.id), lambda: objective_view(o))
    st.subheader(f"Obiettivo {o.id} · {o.title}")
    st.markdown(f"Stato dell'obiettivo: :{BADGE[overall]}-background[{status_label(overall)}] · "
                + " · ".join(f"{status_label(s)}: {counts[s]}" for s in STATUSES))
    for n in o.notes:
        st.info(f"Nota sul testo del piano: {n}")
    with st.expander("Il testo dell'obiettivo: destinatari, bisogni, aree trasversali"):
        st.markdown(o.text)
        st.markdown("**Destinatari (target)**\n" + "\n".join(f"- {t}" for t in o.target_population))
        st.markdown("**A quali bisogni risponde**\n" + "\n".join(f"- {t}" for t in o.needs))
        names = [f"{a}. {AREA_BY_ID[a].title}" for a in o.transversal if a != o.area]
        st.markdown("**Aree con cui è trasversale**\n" + ("\n".join(f"- {t}" for t in names) or "- nessuna"))
        st.caption(f"Il piano: «{o.transversal_text}»")
    # The first objective open, the others one click away: each indicator is a chart or two, and an
    # area's dozens of them, drawn at once, were most of a first visit (a closed box builds nothing).
    box = st.expander(f"Indicatori dell'obiettivo {o.id}: {len(ids['output'])} di output, "
                      f"{len(ids['outcome'])} di outcome", expanded=first, key=f"pdz_indicatori_{o.id}",
                      on_change="rerun")
    with box:
        if box.open:
            for kind in ("output", "outcome"):
                st.markdown(f"##### {KIND_IT[kind]}")
                for ind_id in ids[kind]:
                    indicator_block(ind_id)


def _order(ind_id: str) -> tuple:
    """Plan order: 1.1.out.2 before 1.1.out.10, sub-measures right after their line."""
    parts = ind_id.split(".")
    return (int(parts[3]), parts[4:] if len(parts) > 4 else [])


def review_tab() -> None:
    review = snap.frame(REVIEW)
    st.markdown("Il bilancio del ciclo precedente come lo riporta il Piano di Zona 2021-2023 "
                "(«PROGRAMMAZIONE 2018-2020: il bilancio dei risultati»), accanto allo stato del ciclo attuale.")
    here = review.filter(pl.col("area_2021_2023") == area) if review.height else review
    cols = st.columns(2)
    # The family area is scored twice by the review (indicators/review.py): one mean per series, never pooled.
    means = series_means(here) if here.height else pl.DataFrame()
    series = [r for r in means.group_by("serie", maintain_order=True).agg(
        pl.col("n").sum(), (pl.col("media") * pl.col("n")).sum() / pl.col("n").sum()).iter_rows()] if means.height else []
    if len(series) > 1:
        with cols[0]:
            for serie, n, media in series:
                st.metric(f"2018-2020, {serie}: raggiungimento medio", fmt.percent(media, 0),
                          help=f"Media semplice di {n} gradi di raggiungimento (0-100%) di questa serie del bilancio")
    else:
        achieved = here["raggiungimento"].drop_nulls() if here.height else pl.Series([], dtype=pl.Float64)
        cols[0].metric("2018-2020: raggiungimento medio degli obiettivi collegati",
                       fmt.percent(achieved.mean(), 0) if achieved.len() else fmt.NON_DISPONIBILE,
                       help=f"Media semplice di {achieved.len()} gradi di raggiungimento (0-100%) del bilancio")
    counts = status_counts(now)
    judged = sum(counts[s] for s in ("on_track", "at_risk", "off_track"))
    cols[1].metric("2021-2023: indicatori in linea", f"{counts['on_track']} su {judged}",
                   help="Indicatori dell'area con dati, all'ultimo periodo disponibile")
    if area in REVIEW_NOTES:
        st.info(REVIEW_NOTES[area])
    twice = scored_twice(here) if len(series) > 1 else pl.DataFrame()
    if twice.height:
        st.info("Il bilancio valuta due volte l'area «Famiglia, giovani e territorio»: per sezione e come «Ambito "
                "cremonese (obiettivi 1-14)», con gradi diversi per gli stessi obiettivi. Le due serie sono mostrate "
                "come stampate, mai in una sola media: " + "; ".join(
                    f"«{o}» {fmt.percent(a, 0)} e {fmt.percent(b, 0)}" for o, a, b in
                    twice.select("obiettivo", "prima", "seconda").rows()) + ".")

    def review_chart():
        data = here.select(
            pl.coalesce(pl.col("azione"), pl.col("obiettivo")).alias("voce"),
            pl.col("area_2018_2020").alias("area 2018-2020"), "raggiungimento",
        ).filter(pl.col("raggiungimento").is_not_null()).to_pandas()
        bars = alt.Chart(data).mark_bar(color=STATUS_COLOURS["no_data"]).encode(
            y=alt.Y("voce:N", title=None, sort="-x", axis=alt.Axis(labelLimit=420)),
            x=alt.X("raggiungimento:Q", title="Grado di raggiungimento (%)", scale=alt.Scale(domain=[0, 100])),
            tooltip=[alt.Tooltip("voce:N", title="Obiettivo o azione"), alt.Tooltip("area 2018-2020:N"),
                     alt.Tooltip("raggiungimento:Q", title="Raggiungimento %")],
        )
        labels = bars.mark_text(align="left", dx=3).encode(text=alt.Text("raggiungimento:Q", format=".0f"))
        return figure(finish((bars + labels).properties(height=alt.Step(26))))

    if here.height:
        show_chart(per_snapshot(snap, ("pdz", area, REVIEW, "grafico"), review_chart), f"Bilancio 2018-2020 area {area}",
                   table=False)
        show_table(per_snapshot(snap, ("pdz", area, REVIEW, "tabella"), lambda: shown_table(_review_table(here))),
                   f"Bilancio 2018-2020 area {area} tabella")
    elif area not in REVIEW_NOTES:
        st.info("Nessun obiettivo del bilancio 2018-2020 corrisponde a quest'area.")
    st.caption("La corrispondenza tra gli obiettivi 2018-2020 e le aree 2021-2023 è proposta dal cruscotto: "
               "il piano non la indica.")
    with st.expander("Tutto il bilancio 2018-2020"):
        show_table(per_snapshot(snap, ("pdz", REVIEW), lambda: shown_table(_review_table(review))),
                   "Bilancio 2018-2020")


def _review_table(df: pl.DataFrame) -> pl.DataFrame:
    return pl.DataFrame([{
        "Area 2018-2020": r["area_2018_2020"], "Sezione": r["sezione"] or "", "Obiettivo": r["obiettivo"],
        "Azione": r["azione"] or "",
        "Raggiungimento": fmt.percent(r["raggiungimento"], 0) if r["raggiungimento"] is not None else "non indicato",
        "Risorse stanziate/impegnate": fmt.euro(r["risorse_euro"], 2) if r["risorse_euro"] is not None else "",
        "Risorse impegnate": fmt.percent(r["risorse_percentuale"], 0) if r["risorse_percentuale"] is not None else "",
        "Cambiamento": {True: "sì", False: "no"}.get(r["cambiamento"], ""),
        "Area 2021-2023": r["area_2021_2023"] or "—",
    } for r in df.iter_rows(named=True)]) if df.height else pl.DataFrame()


counts = status_counts(now)
for c, s in zip(st.columns(4), STATUSES):
    c.metric(status_label(s), counts[s])
st.caption("Per ogni indicatore conta l'ultimo periodo con dati. "
           + "; ".join(f"{STATUS_IT[s]}: {STATUS_EXPLAINED[s]}" for s in (*STATUSES, BASELINE))
           + ". Dove il piano non dà un numero, il target è «aumento rispetto all'anno base» (il primo anno con "
           "dati). Lo stato di un obiettivo è il peggiore tra quelli dei suoi indicatori giudicati.")

current, history = st.tabs(["Ciclo 2021-2023", "Bilancio 2018-2020"])
with current:
    for k, objective in enumerate(objectives_of(area)):
        objective_section(objective, first=k == 0)
with history:
    review_tab()
