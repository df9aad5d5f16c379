"""PIPPI programme (PNRR M5C2 1.1.1): is each Ambito meeting its commitments?

Big figures first (families, assessments, operators, budget), then one plain chart per
commitment with the table behind it one click away. Everything about families comes from
the engine table through the access layer (visible_table); record-level rows only for
coordinators.
"""

from ui.shell import ensure_shell

ensure_shell()

import datetime as dt  # noqa: E402

import altair as alt  # noqa: E402
import polars as pl  # noqa: E402
import streamlit as st  # noqa: E402

from access.roles import COORDINATORS, may_see_records  # noqa: E402
from access.suppression import note as suppression_note, suppressed_text  # noqa: E402
from indicators import format as fmt  # noqa: E402
from indicators.config import ambito_label, principal_ambito  # noqa: E402
from indicators.defs import pippi as P  # noqa: E402
from indicators.engine import own_note  # noqa: E402
from indicators.registry import BY_ID  # noqa: E402
from indicators.status import STATUS_IT  # noqa: E402
from ui.charts import category_scale, count_axis, finish, status_color, status_column, status_marks, symbol_marks, trend  # noqa: E402
from ui.components import display_table, freshness, missing_files_note, partial_caption, provenance, status_label  # noqa: E402
from ui.data import as_of_env, snapshot  # noqa: E402
from ui.memo import per_snapshot  # noqa: E402
from ui.exports import figure, show_chart, show_table, table as shown_table  # noqa: E402
from ui.privacy import visible_table  # noqa: E402
from ui.session import current_role  # noqa: E402

DATASETS = ("pippi_famiglie", "pippi_operatori", "pnrr_budget", "pippi_progetto", "pippi_moduli",
            "pippi_governance", "pippi_cronoprogramma", "pippi_ore")
STATO_TRAGUARDO_ICON = {"fatto": "✔", "fatto_in_ritardo": "▲", "in_ritardo": "✖", "da_fare": "…"}
ROW_PX = 26  # height of one bar row in horizontal bar charts: every label stays readable
ATTO_IT = {"gruppo_territoriale": "Gruppo Territoriale", "referente_territoriale": "referente territoriale",
           "coach": "coach", "equipe_multidisciplinare": "équipe multidisciplinare",
           "protocollo_scuole": "protocollo con le scuole",
           "protocollo_autorita_giudiziaria": "protocollo con l'Autorità Giudiziaria"}
STATO_GANTT = {"svolta": "#009E73", "non svolta": "#D55E00", "non rendicontata": "#999999", "prevista": "#BFD7EA"}
GANTT_SYMBOLS = {"svolta": "✔", "non svolta": "✖", "non rendicontata": "?"}  # the colour is not the only clue

snap = snapshot()
as_of = as_of_env()
role = current_role()
st.title("Programma PIPPI – PNRR M5C2 1.1.1")
st.caption("Sostegno alle capacità genitoriali e prevenzione della vulnerabilità delle famiglie e dei bambini")
freshness(snap)
missing_files_note(snap, *DATASETS)

frames = {n: snap.frame(n) for n in DATASETS + ("comuni",)}
ambiti = per_snapshot(snap, ("pippi", "ambiti"), lambda: sorted(
    {a for n in ("pippi_progetto", "pippi_famiglie", "pnrr_budget") for a in frames[n]["ambito"].unique().to_list()},
    key=lambda a: (a != principal_ambito(), a)) or [principal_ambito()])
ambito = st.radio("Ambito", ambiti, horizontal=True, format_func=lambda a: f"Ambito {a}",
                  help="I target, le scadenze e i dati sono quelli dell'Ambito scelto.")
terr = ambito_label(ambito)
# An Ambito with a call of its own (Seregno, seeds/003) is judged only by what its call declares.
own_call = ambito in P.BANDO_PROPRIO
NON_DICHIARATO = "non dichiarato nel bando"
others = [a for a in ambiti if a in P.BANDO_PROPRIO]
if others:
    st.info(" ".join(f"**Perché compare l'Ambito di {a}:** {P.BANDO_PROPRIO[a]}." for a in others)
            + " Dove il suo bando non dichiara un target, la cifra è mostrata senza giudizio («non dichiarato "
              "nel bando»).")
if ambito in P.INCOERENZE_BANDO:
    st.caption(f"Da verificare nei documenti: {P.INCOERENZE_BANDO[ambito]}.")


def once(key: tuple, build):
    """``build()`` made once per data snapshot, viewer and Ambito (ui.memo): a click only sends it again."""
    return per_snapshot(snap, ("pippi", ambito, *key), build)


mine = once(("righe",), lambda: visible_table(snap).filter(
    (pl.col("area") == "pippi") & ((pl.col("territory") == terr) | pl.col("territory").str.starts_with(terr + " / "))))


def rows(indicator_id: str, sub_units: bool = False) -> pl.DataFrame:
    r = mine.filter(pl.col("id") == indicator_id)
    r = r.filter(pl.col("territory") != terr) if sub_units else r.filter(pl.col("territory") == terr)
    return r.sort("period")


def last(indicator_id: str) -> dict | None:
    """The most recent period with a value (or the last one) of an Ambito-level indicator."""
    r = rows(indicator_id)
    with_value = r.filter(pl.col("value").is_not_null() | pl.col("suppressed"))
    r = with_value if with_value.height else r
    return r.row(-1, named=True) if r.height else None


def shown(r: dict | None, decimals: int | None = None) -> str:
    """A value as this viewer may see it: the figure, "< 5"/"riservato", or n.d."""
    if r is None:
        return fmt.NON_DISPONIBILE
    if r.get("suppressed"):
        return suppressed_text(r.get("suppression"), r["unit"])
    d = BY_ID[r["id"]].decimals if decimals is None else decimals
    return fmt.by_unit(r["value"], r["unit"], d)


def status_of(r: dict | None) -> str | None:
    """The status label, unless the value is hidden from this viewer (the status would give it away)."""
    return None if r is None or r.get("status_withheld") else status_label(r["status"])


def ratio_text(r: dict | None, what: str) -> str:
    """'11 valutazioni su 13 famiglie segnalate' or nothing when hidden."""
    if r is None or r.get("numerator") is None or r.get("denominator") is None:
        return ""
    return f"{fmt.number(r['numerator'])} {what} {fmt.number(r['denominator'])}"


def sub_label(territory: str) -> str:
    return territory.split(" / ", 1)[1]


def hidden_note(df: pl.DataFrame) -> None:
    if df.height and df["suppressed"].any():
        st.caption(suppression_note())


def behind(df: pl.DataFrame, *ids: str) -> None:
    """The table behind a chart, one click away, with its provenance."""
    def view():
        notes = []
        for i in ids:
            used = df.filter(pl.col("id") == i)["rows"].drop_nulls().sum() if "rows" in df.columns else None
            notes += [provenance(i, int(used) if used else None),
                      f"Frase del piano: «{BY_ID[i].plan_text}» ({BY_ID[i].plan_ref})"]
        return shown_table(display_table(df)), notes

    shown_df, notes = once(("dietro", *ids), view)
    with st.expander("Tabella e fonte"):
        show_table(shown_df, f"PIPPI {ambito} {BY_ID[ids[0]].name}")
        for note in notes:
            st.caption(note)


# ---------------------------------------------------------------- the big figures
fam = last("pippi.famiglie_progetto")
val = last("pippi.tasso_valutazioni_progetto")
ops = last("pippi.operatori_formati")
bud = last("pippi.budget_speso")
c = st.columns(4)
c[0].metric("Famiglie incluse nel progetto",
            f"{shown(fam)} su {fmt.number(fam['target'])}" if fam and fam["target"] else shown(fam),
            delta=status_of(fam), delta_color="off", delta_arrow="off",
            help=(f"Target del progetto: {fmt.number(fam['target'])} famiglie, periodo {fam['period']}"
                  if fam and fam["target"] else f"Famiglie target: {NON_DICHIARATO}" if fam else None))
c[1].metric("Valutazioni multidimensionali", shown(val),
            delta=status_of(val), delta_color="off", delta_arrow="off",
            help="Valutazioni / segnalazioni alle équipe × 100 dall'avvio; "
                 + (f"standard di qualità {NON_DICHIARATO}" if own_call
                    else "standard di qualità > 75% (75% esatto non basta)"))
c[2].metric("Operatori formati" if own_call else f"Operatori formati (minimo {P.OPERATORI_FORMATI_MIN})",
            shown(ops), delta=status_of(ops), delta_color="off", delta_arrow="off",
            help=f"Minimo di operatori formati: {NON_DICHIARATO}" if own_call else None)
declared = frames["pippi_progetto"].filter(pl.col("ambito") == ambito)
amount = declared["importo_eur"][0] if declared.height else None
no_plan = own_call and bud is None
c[3].metric("Budget speso", "—" if no_plan else shown(bud),
            delta=NON_DICHIARATO if no_plan else status_of(bud), delta_color="off", delta_arrow="off",
            help=(f"{fmt.euro(bud['numerator'])} spesi su {fmt.euro(bud['denominator'])} previsti" if bud and
                  bud.get("denominator") is not None else
                  f"Piano finanziario per capitolo e anno: {NON_DICHIARATO}" if own_call else None))
partial_caption(fam, val, ops, bud)
line = [t for t in (ratio_text(val, "valutazioni su") + (" segnalazioni" if val and val.get("numerator") is not None else ""),
                    f"{fmt.euro(bud['numerator'])} spesi su {fmt.euro(bud['denominator'])}"
                    if bud and bud.get("denominator") is not None else "") if t]
if line:
    st.caption(" · ".join(line))
if own_call:
    st.caption("Il bando di questo Ambito non dichiara il numero di famiglie target, uno standard delle "
               "valutazioni, un minimo di operatori formati né un piano finanziario per capitolo e anno («non "
               "dichiarato nel bando»): quelle cifre sono mostrate senza giudizio («contesto»). Dichiara invece il "
               "monte ore minimo per figura, con cui sono giudicate le ore erogate.")
st.caption(f"Stato al {fmt.date(as_of)}: il target di un periodo non ancora concluso è confrontato con la quota "
           "dovuta al tempo trascorso.")

# ---------------------------------------------------------------- families
st.subheader("Famiglie target per anno")
st.info(f"**Quale data decide l'anno di una famiglia.** {P.CONVENZIONE_ANNO}")
per_year = rows("pippi.famiglie_anno")
if per_year.height:
    show_chart(once(("famiglie_anno",), lambda: figure(finish(trend(per_year, "numero", "Famiglie incluse nell'anno e target del modulo")))),
               f"PIPPI {ambito} famiglie per anno", lambda: display_table(per_year), table=False)
    modules = [f"{r['period']}: {own_note(r['note'])}" for r in per_year.iter_rows(named=True) if own_note(r["note"])]
    if modules:
        st.caption("Target per anno dal modulo dell'Ambito — " + "; ".join(modules) + ".")
    gone = per_year.filter(pl.col("suppressed"))["period"].to_list()
    if gone:
        st.caption(f"Anni non mostrati a questo profilo: {', '.join(gone)}.")
    hidden_note(per_year)
left, right = st.columns(2)
by_team = rows("pippi.famiglie_anno_equipe", sub_units=True)
with left:
    st.markdown("**Per équipe multidisciplinare**")
    if by_team.filter(pl.col("value").is_not_null()).height == 0 and by_team.height:
        st.caption("Nessun dato per équipe visibile a questo profilo.")
    elif by_team.height:
        def team_chart():
            data = by_team.filter(pl.col("value").is_not_null()).with_columns(
                pl.col("territory").str.splitn(" / ", 2).struct.field("field_1").alias("équipe")).to_pandas()
            return figure(finish(alt.Chart(data).mark_bar().encode(
                x=alt.X("period:N", title="Anno"), y=alt.Y("value:Q", title="Famiglie incluse", axis=count_axis()),
                xOffset="équipe:N", color=alt.Color("équipe:N", title="Équipe", scale=category_scale()),
                tooltip=[alt.Tooltip("équipe:N"), alt.Tooltip("period:N", title="Anno"),
                         alt.Tooltip("value:Q", title="Famiglie")]).properties(height=220)))

        show_chart(once(("famiglie_equipe",), team_chart), f"PIPPI {ambito} famiglie per équipe",
                   lambda: display_table(by_team), table=False)
        hidden_note(by_team)
by_comune = rows("pippi.famiglie_progetto_comune", sub_units=True)
with right:
    st.markdown("**Per comune di residenza (dall'avvio)**")
    if by_comune.height:
        shown_c = by_comune.filter(pl.col("value").is_not_null())
        if shown_c.height:
            def comune_chart():
                data = shown_c.with_columns(
                    pl.col("territory").str.splitn(" / ", 2).struct.field("field_1").alias("comune")).to_pandas()
                chart = alt.Chart(data).mark_bar(color="#0072B2").encode(
                    y=alt.Y("comune:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260, labelOverlap=False)),
                    x=alt.X("value:Q", title="Famiglie incluse", axis=count_axis()),
                    tooltip=[alt.Tooltip("comune:N"), alt.Tooltip("value:Q", title="Famiglie")])
                return figure(finish(chart.properties(height=max(120, ROW_PX * shown_c.height))))

            show_chart(once(("famiglie_comune",), comune_chart),
                       f"PIPPI {ambito} famiglie per comune", lambda: display_table(by_comune), table=False)
        n_hidden = by_comune.height - shown_c.height
        if n_hidden:
            st.caption(f"{n_hidden} comuni con poche famiglie non sono mostrati ({suppression_note()})")
behind(pl.concat([per_year, rows("pippi.famiglie_progetto"), by_team, by_comune,
                  rows("pippi.famiglie_progetto_equipe", sub_units=True)], how="diagonal_relaxed"),
       "pippi.famiglie_anno", "pippi.famiglie_progetto", "pippi.famiglie_anno_equipe", "pippi.famiglie_progetto_comune")

# ---------------------------------------------------------------- assessment rate
st.subheader("Tasso di valutazione multidimensionale")
st.markdown("Quante famiglie segnalate alle équipe hanno avuto la **valutazione multidimensionale**. "
            + ("Il bando di questo Ambito non dichiara uno standard di qualità («non dichiarato nel bando»): i tassi "
               "sono mostrati senza giudizio."
               if own_call else "Lo standard di qualità del progetto è **più del 75%**: il 75% esatto non basta."))
rate_rows = rows("pippi.tasso_valutazioni")
team_rate = rows("pippi.tasso_valutazioni_equipe_progetto", sub_units=True)
left, right = st.columns(2)
with left:
    if rate_rows.height:
        show_chart(once(("tasso_anno",), lambda: figure(finish(trend(rate_rows, "percentuale", "Per anno di segnalazione")))),
                   f"PIPPI {ambito} tasso di valutazione per anno", lambda: display_table(rate_rows), table=False)
with right:
    if team_rate.height:
        def team_rate_chart():
            data = team_rate.with_columns(
                pl.col("territory").str.splitn(" / ", 2).struct.field("field_1").alias("équipe"),
                status_column(team_rate)).to_pandas()
            bars = alt.Chart(data).mark_bar().encode(
                x=alt.X("équipe:N", title="Équipe"), y=alt.Y("value:Q", title="%", scale=alt.Scale(domain=[0, 100])),
                color=status_color(team_rate),
                tooltip=[alt.Tooltip("équipe:N"), alt.Tooltip("value:Q", title="Tasso", format=",.1f")])
            if own_call:  # no standard declared: no line to be measured against
                return figure(finish(bars.properties(title="Per équipe, dall'avvio", height=220)))
            rule = alt.Chart(alt.Data(values=[{"soglia": P.SOGLIA_VALUTAZIONI}])).mark_rule(
                strokeDash=[6, 4], color="#333333").encode(y="soglia:Q")
            return figure(finish((bars + status_marks(bars) + rule).properties(title="Per équipe, dall'avvio", height=220)))

        show_chart(once(("tasso_equipe",), team_rate_chart),
                   f"PIPPI {ambito} tasso di valutazione per équipe", lambda: display_table(team_rate), table=False)
rate_table = pl.concat([rate_rows, rows("pippi.tasso_valutazioni_progetto"),
                        rows("pippi.tasso_valutazioni_equipe", sub_units=True), team_rate], how="diagonal_relaxed")
if rate_table.height:
    show_table(once(("tasso_tabella",), lambda: shown_table(pl.DataFrame([{
        "Periodo": r["period"], "Territorio": r["territory"],
        "Valutazioni": fmt.number(r["numerator"]) if r["numerator"] is not None else "—",
        "Segnalazioni": fmt.number(r["denominator"]) if r["denominator"] is not None else "—",
        "Tasso": shown(r), "Stato": status_of(r) or "", "Nota": P.family_weight(r["note"], r["denominator"]) or "",
    } for r in rate_table.iter_rows(named=True)]))), f"PIPPI {ambito} tasso di valutazione")
    if rate_table["note"].drop_nulls().str.contains(P.NOTA_POCHE_FAMIGLIE).any():
        st.caption(f"Attenzione: {P.NOTA_POCHE_FAMIGLIE} (con 10 famiglie, una famiglia vale 10 punti).")
    hidden_note(rate_table)
behind(rate_table, "pippi.tasso_valutazioni", "pippi.tasso_valutazioni_equipe")

# ---------------------------------------------------------------- devices
st.subheader("Dispositivi attivati e Progetto Quadro")
device_ids = [f"pippi.dispositivo_{k}" for k in P.DISPOSITIVI] + ["pippi.progetto_quadro"]
dev = pl.concat([rows(i) for i in device_ids], how="diagonal_relaxed")
if dev.height:
    def devices_chart():
        data = dev.with_columns(pl.col("name").str.replace("^Famiglie con ", "").alias("dispositivo")).to_pandas()
        return figure(finish(alt.Chart(data).mark_bar(color="#0072B2").encode(
            y=alt.Y("dispositivo:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("value:Q", title="% delle famiglie incluse", scale=alt.Scale(domain=[0, 100])),
            tooltip=[alt.Tooltip("dispositivo:N"), alt.Tooltip("value:Q", title="%", format=",.1f")]).properties(height=200)))

    show_chart(once(("dispositivi",), devices_chart), f"PIPPI {ambito} dispositivi", lambda: display_table(dev),
               table=False)
    per_family = last("pippi.dispositivi_per_famiglia")
    pq = last("pippi.progetto_quadro")
    st.caption(f"In media {shown(per_family)} dispositivi per famiglia. Progetto Quadro definito in équipe: "
               f"{shown(pq)} delle famiglie ("
               + (f"target {NON_DICHIARATO}" if own_call else "il piano lo chiede per ciascuna")
               + f"). L'educativa domiciliare conta solo da {fmt.number(P.SOGLIA_ORE_EDUCATIVA)} ore a settimana.")
    hidden_note(dev)
    behind(pl.concat([dev, rows("pippi.dispositivi_per_famiglia")], how="diagonal_relaxed"), *device_ids)

# ---------------------------------------------------------------- governance
st.subheader("Governance: gli atti" if own_call else "Governance: i traguardi del progetto")
start = frames["pippi_progetto"].filter(pl.col("ambito") == ambito)
if own_call:
    st.caption("Scadenze di governance: non dichiarate nel bando di questo Ambito (i traguardi con scadenza sono quelli "
               "del progetto dell'Ambito Cremonese). Gli atti registrati, senza giudizio:")
    acts = frames["pippi_governance"].filter(pl.col("ambito") == ambito).sort("data", nulls_last=True)
    show_table(once(("atti",), lambda: shown_table(pl.DataFrame([{
        "Atto": ATTO_IT.get(r["tipo"], r["tipo"].replace("_", " ")), "Codice": r["codice"],
        "Data": fmt.date(r["data"]) if r["data"] else "—", "Riferimento": r["atto"] or "—",
    } for r in acts.iter_rows(named=True)], schema={c: pl.Utf8 for c in ("Atto", "Codice", "Data", "Riferimento")}))),
        f"PIPPI {ambito} atti di governance")
elif start.height:
    st.caption(f"Scadenze contate dall'avvio del progetto, il {fmt.date(start['data_avvio'][0])} (file pippi_progetto).")

    def milestones():
        ms = P.milestone_table(frames, ambito, as_of)
        return ms, shown_table(pl.DataFrame([{
            "Stato": f"{STATO_TRAGUARDO_ICON[r['stato']]} {P.STATO_TRAGUARDO[r['stato']]}",
            "Traguardo": r["traguardo"], "Scadenza": fmt.date(r["scadenza"]),
            "Raggiunto il": fmt.date(r["raggiunto"]) if r["raggiunto"] else "—",
            "Frase del piano": r["frase"] + (f" (scadenza: {r['nota_scadenza']})" if r["nota_scadenza"] else ""),
        } for r in ms.iter_rows(named=True)]))

    ms, ms_table = once(("traguardi",), milestones)
    show_table(ms_table, f"PIPPI {ambito} traguardi")
    counts = {s: ms.filter(pl.col("stato") == s).height for s in P.STATO_TRAGUARDO}
    st.caption(" · ".join(f"{P.STATO_TRAGUARDO[s]}: {n}" for s, n in counts.items()))
else:
    st.info("Manca la data di avvio del progetto per questo Ambito (pippi_progetto.csv): le scadenze non si "
            "possono calcolare.")

# ---------------------------------------------------------------- timetable
st.subheader("Cronoprogramma")
crono = frames["pippi_cronoprogramma"].filter(pl.col("ambito") == ambito)
if crono.height:
    def quarter_start(y: int, q: int) -> dt.date:
        return dt.date(y, 3 * q - 2, 1)

    def quarter_end(y: int, q: int) -> dt.date:
        return dt.date(y + (q == 4), (3 * q) % 12 + 1, 1)

    def timetable():
        gantt = []
        for r in crono.iter_rows(named=True):
            begin, end = quarter_start(r["anno"], r["trimestre"]), quarter_end(r["anno"], r["trimestre"])
            state = ("svolta" if r["svolta"] else "non svolta") if r["svolta"] is not None else (
                "non rendicontata" if end <= as_of else "prevista")
            short = r["attivita"] if len(r["attivita"]) <= 48 else r["attivita"][:46].rstrip() + "…"
            gantt.append({"attività": f"{r['codice_attivita']} · {short}", "fase": r["fase"], "inizio": begin.isoformat(),
                          "fine": end.isoformat(), "stato": state, "descrizione": r["attivita"],
                          "trimestre": f"{r['trimestre']}° trim. {r['anno']}"})
        order = sorted({g["attività"] for g in gantt})
        bars = alt.Chart(alt.Data(values=gantt)).mark_bar(stroke="white", strokeWidth=1).encode(
            x=alt.X("inizio:T", title=None, axis=alt.Axis(format="%Y", tickCount="year")), x2="fine:T",
            y=alt.Y("attività:N", sort=order, title=None, axis=alt.Axis(labelLimit=360)),
            color=alt.Color("stato:N", title="Trimestre", scale=alt.Scale(domain=list(STATO_GANTT),
                                                                          range=list(STATO_GANTT.values()))),
            tooltip=[alt.Tooltip("descrizione:N", title="Attività"), alt.Tooltip("trimestre:N", title="Quando"),
                     alt.Tooltip("stato:N", title="Stato")])
        today = alt.Chart(alt.Data(values=[{"oggi": as_of.isoformat(), "label": f"oggi {fmt.date(as_of)}"}]))
        rule = today.mark_rule(color="#000000", strokeWidth=2).encode(x="oggi:T")
        label = today.mark_text(align="left", dx=4, dy=-6, fontWeight="bold").encode(x="oggi:T", text="label:N",
                                                                                   y=alt.value(0))
        return figure(finish((bars + symbol_marks(bars, "stato", GANTT_SYMBOLS, align="left", dx=3) + rule + label).properties(height=32 * len(order) + 40))), gantt

    chart, gantt = once(("cronoprogramma",), timetable)
    show_chart(chart, f"PIPPI {ambito} cronoprogramma",
               lambda: pl.DataFrame([{"Attività": g["descrizione"], "Fase": g["fase"], "Trimestre": g["trimestre"],
                                      "Stato": g["stato"]} for g in gantt]))
    st.caption("Fasi: A pre-implementazione (A1-A4), B implementazione (B1-B3), C post-implementazione (C1). "
               "Ogni casella è un trimestre previsto dal cronoprogramma; il colore dice se è stato svolto.")
    behind(rows("pippi.cronoprogramma_svolte"), "pippi.cronoprogramma_svolte")

# ---------------------------------------------------------------- expected results
st.subheader("Risultati attesi")
st.caption("Misure indirette dalle schede delle famiglie: ogni riquadro riporta la frase del piano che misura"
           + (" (del progetto dell'Ambito Cremonese: il bando di questo Ambito non dichiara risultati attesi, le cifre "
              "sono mostrate senza giudizio)." if own_call else "."))
RESULT_TITLES = {"pippi.esito_sollievo": "Con progetto di sollievo", "pippi.esito_inserimenti": "Con inserimento in struttura",
                 "pippi.esito_permanenza": "Giorni medi in struttura", "pippi.esito_protocolli": "Protocolli firmati (su 2)"}
cols = st.columns(4)
for col, i in zip(cols, RESULT_TITLES):
    r = last(i)
    col.metric(RESULT_TITLES[i], shown(r), delta=status_of(r), delta_color="off",
               delta_arrow="off", help=f"Periodo {r['period']}" if r else None)
    col.caption(f"«{BY_ID[i].plan_text}»" + (f" — {r['note']}" if r and r.get("note") else ""))
outcomes = pl.concat([rows(i) for i in ("pippi.esito_sollievo", "pippi.esito_inserimenti", "pippi.esito_permanenza",
                                        "pippi.esito_protocolli")], how="diagonal_relaxed")
hidden_note(outcomes)
behind(outcomes, "pippi.esito_sollievo", "pippi.esito_inserimenti", "pippi.esito_permanenza", "pippi.esito_protocolli")

# ---------------------------------------------------------------- budget
st.subheader("Budget: previsto e speso")
budget = frames["pnrr_budget"].filter(pl.col("ambito") == ambito)
if budget.height:
    def budget_chart():
        by_year = budget.group_by("anno").agg(pl.col("previsto_eur").sum().alias("previsto"),
                                              pl.col("speso_eur").sum().alias("speso")).sort("anno")
        long = by_year.unpivot(index="anno", variable_name="voce", value_name="euro").with_columns(
            pl.col("anno").cast(pl.Utf8))
        chart = alt.Chart(long.to_pandas()).mark_bar().encode(
            x=alt.X("anno:N", title="Anno", axis=alt.Axis(labelAngle=0)), xOffset="voce:N", y=alt.Y("euro:Q", title="€", axis=alt.Axis(format="$,.0f")),
            color=alt.Color("voce:N", title=None, scale=alt.Scale(domain=["previsto", "speso"],
                                                                  range=["#BFD7EA", "#0072B2"])),
            tooltip=[alt.Tooltip("anno:N"), alt.Tooltip("voce:N"), alt.Tooltip("euro:Q", format="$,.2f")])
        return figure(finish(chart.properties(height=240)))

    show_chart(once(("budget",), budget_chart), f"PIPPI {ambito} budget per anno", table=False)
    items = rows("pippi.budget_speso_capitolo", sub_units=True)
    years = rows("pippi.budget_speso_anno")
    show_table(once(("budget_tabella",), lambda: shown_table(pl.DataFrame([{
        "Capitolo": sub_label(r["territory"]), "Voce": own_note(r["note"]) or "", "Previsto": fmt.euro(r["denominator"], 2),
        "Speso": fmt.euro(r["numerator"], 2), "Spesa": shown(r), "Stato": status_label(r["status"]),
    } for r in items.iter_rows(named=True)] + [{
        "Capitolo": f"Anno {r['period']}", "Voce": own_note(r["note"]) or "tutte le voci", "Previsto": fmt.euro(r["denominator"], 2),
        "Speso": fmt.euro(r["numerator"], 2), "Spesa": shown(r), "Stato": status_label(r["status"]),
    } for r in years.iter_rows(named=True)]))), f"PIPPI {ambito} budget per capitolo")
    behind(pl.concat([rows("pippi.budget_speso"), years, items], how="diagonal_relaxed"),
           "pippi.budget_speso", "pippi.budget_speso_anno", "pippi.budget_speso_capitolo")
elif own_call:  # its call declares an amount, no plan by chapter and year (a missing file is said above)
    total = (f"Finanziamento dichiarato: {fmt.euro(amount, 2)}" + (
        f" dal {fmt.date(declared['data_avvio'][0])} al {fmt.date(declared['data_fine'][0])}" if declared.height else "")
             if amount is not None else "Finanziamento: " + NON_DICHIARATO)
    st.info(f"{total}. Piano finanziario per capitolo e anno: {NON_DICHIARATO} (i capitoli di spesa sono del "
            "progetto dell'Ambito Cremonese, non di questo Ambito).")

# ---------------------------------------------------------------- operators
st.subheader("Operatori formati")
ops_f = frames["pippi_operatori"].filter((pl.col("ambito") == ambito) & pl.col("data_formazione").is_not_null())
by_role = rows("pippi.operatori_formati_ruolo", sub_units=True)
if ops_f.height:
    def operators_charts():
        daily = ops_f.group_by("data_formazione").agg(pl.len().alias("n")).sort("data_formazione").with_columns(
            pl.col("n").cum_sum().alias("formati"))
        data = [{"data": d.isoformat(), "formati": int(n)} for d, n in daily.select("data_formazione", "formati").iter_rows()]
        line = alt.Chart(alt.Data(values=data)).mark_line(interpolate="step-after", point=True, color="#0072B2").encode(
            x=alt.X("data:T", title="Data di formazione", axis=alt.Axis(format="%m/%Y")),
            y=alt.Y("formati:Q", title="Formati (cumulato)", axis=count_axis()),
            tooltip=[alt.Tooltip("data:T", format="%d/%m/%Y", title="Data"), alt.Tooltip("formati:Q", title="Formati")])
        minimum = alt.Chart(alt.Data(values=[{"minimo": P.OPERATORI_FORMATI_MIN}])).mark_rule(
            strokeDash=[6, 4], color="#333333").encode(y="minimo:Q")
        role_data = by_role.filter(pl.col("value").is_not_null()).with_columns(
            pl.col("territory").str.splitn(" / ", 2).struct.field("field_1").alias("ruolo")).to_pandas()
        bars = alt.Chart(role_data).mark_bar(color="#0072B2").encode(
            y=alt.Y("ruolo:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False, labelLimit=240)),
            x=alt.X("value:Q", title="Operatori formati", axis=count_axis()),
            tooltip=[alt.Tooltip("ruolo:N"), alt.Tooltip("value:Q", title="Formati")])
        title = "Nel tempo" if own_call else f"Nel tempo (tratteggio: minimo {P.OPERATORI_FORMATI_MIN})"
        over_time = line if own_call else line + minimum  # no minimum declared: no line to measure against
        return (figure(finish(over_time.properties(title=title, height=220))),
                figure(finish(bars.properties(title="Per ruolo", height=alt.Step(ROW_PX)))))

    over_time, per_role = once(("operatori",), operators_charts)
    left, right = st.columns(2)
    with left:
        show_chart(over_time, f"PIPPI {ambito} operatori formati nel tempo")
    with right:
        show_chart(per_role,
                   f"PIPPI {ambito} operatori formati per ruolo", lambda: display_table(by_role), table=False)
    behind(pl.concat([rows("pippi.operatori_formati"), by_role], how="diagonal_relaxed"),
           "pippi.operatori_formati", "pippi.operatori_formati_ruolo")

# ---------------------------------------------------------------- hours by role
st.subheader("Ore erogate per figura professionale")
hours = frames["pippi_ore"].filter(pl.col("ambito") == ambito)
minimums = P.ORE_MINIME.get(ambito, {})
if hours.height:
    def hours_chart():
        total = hours.group_by("ruolo").agg(pl.col("ore_erogate").sum().alias("ore")).sort("ruolo")
        data = [{"figura": P.RUOLO_IT[r], "ore": h, "minimo": minimums.get(r)} for r, h in total.iter_rows()]
        base = alt.Chart(alt.Data(values=data)).encode(y=alt.Y("figura:N", title=None))
        bars = base.mark_bar(color="#0072B2").encode(x=alt.X("ore:Q", title="Ore erogate dall'avvio"),
                                                      tooltip=[alt.Tooltip("figura:N"), alt.Tooltip("ore:Q", format=",.0f"),
                                                               alt.Tooltip("minimo:Q", format=",.0f")])
        layers = bars
        if minimums:
            layers = bars + base.mark_tick(color="#D55E00", thickness=3, size=30).encode(x="minimo:Q")
        return figure(finish(layers.properties(height=160)))

    show_chart(once(("ore",), hours_chart), f"PIPPI {ambito} ore per figura")
    if minimums:
        hour_rows = pl.concat([rows(f"pippi.ore_{k}") for k in ("educatore", "psicologo", "pedagogista", "mediatore")],
                              how="diagonal_relaxed")
        st.caption("Il trattino arancione è il monte ore minimo del triennio: "
                   + "; ".join(f"{r['name'].replace('Ore erogate: ', '')} {fmt.number(r['value'])} su "
                               f"{fmt.number(r['target'])} ({STATUS_IT[r['status']]})"
                               for r in hour_rows.iter_rows(named=True)) + ".")
        behind(hour_rows, "pippi.ore_educatore")
    else:
        st.caption("Il progetto di questo Ambito non fissa un monte ore minimo per figura: si mostrano le ore erogate.")

# ---------------------------------------------------------------- details
with st.expander("Tutti gli indicatori PIPPI di questo Ambito"):
    show_table(once(("indicatori",), lambda: shown_table(display_table(mine.sort("id", "territory", "period")))),
               f"PIPPI {ambito} indicatori")
    hidden_note(mine)
if may_see_records(role):
    with st.expander("Schede delle famiglie (solo coordinamento, codici pseudonimi)"):
        show_table(frames["pippi_famiglie"].filter(pl.col("ambito") == ambito).drop("_riga"),
                   f"PIPPI {ambito} schede delle famiglie", records_for=COORDINATORS)
