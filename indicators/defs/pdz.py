"""Piano di Zona 2021-2023 indicators, areas 1-10. Source: seeds/004, «AREE TEMATICHE – OBIETTIVI E AZIONI».

Every line the plan writes under «Indicatori di output» is an output indicator
(``<obiettivo>.out.<n>``, n = the line's place in the plan), every distinct claim under
«Indicatori di outcome» an outcome indicator (``<obiettivo>.oc.<n>``). ``plan_text`` is the
plan's sentence, quoted exactly (a test checks it against the source document); ``measure``
says which number stands for it.

Counting rules, chosen once and written here:
- values come from the long observations dataset (osservazioni_pdz), one row per code,
  period (year or semester) and territory («Ambito», a comune, or «Sub-ambito <nome>»);
- where the plan gives no number, the target is «aumento rispetto all'anno base» (or
  «diminuzione» for times and chronic cases): the baseline is the first period with data,
  per territory;
- where the plan gives a number, it is used as written. A number to reach over the three
  years («almeno tre protocolli», «1 report») is a cumulative count of what was done each
  year, judged each year against the whole part of the share due by then (floor(T x years
  gone / 3): «almeno tre» asks 1, 2, 3; «1 report» asks 0, 0, 1); a number that
  must hold at a time («almeno due sub ambiti», «almeno il 60%») is judged as it stands;
- percentages are recomputed from numerator and denominator (the row's ``valore`` is only
  cross-checked, and a disagreement is noted);
- people and families counted (or rates over them) are ``sensitive``: small cells are hidden
  from the public.
"""

from __future__ import annotations

import polars as pl

from indicators.builders import AMBITO_WORD
from indicators.catalog import MEMBER, Batch, Indicator, Target
from indicators.config import ambito_label, principal_ambito
from indicators.plan import ANNI_CICLO, CICLO, DOC, OBJECTIVE_BY_ID

SOURCE = "osservazioni_pdz"
# The plan's «area urbana» (6.1): the only city of the Ambito.
AREA_URBANA = "Cremona"
# «in almeno due aree tematiche per territorio» (6.1).
AREE_TEMATICHE_MIN = 2
# Sub-ambiti are written «Sub-ambito <nome>» in the observations and become «Ambito <X> / <nome>».
SUB_AMBITO_WORD = "sub-ambito "
# A declared value further than this from numerator/denominator is flagged in the note.
TOLLERANZA_PERCENTUALE = 0.05

AUMENTO = Target("increase")
DIMINUZIONE = Target("decrease")


# ---------------------------------------------------------------- compute builders

def _territory() -> pl.Expr:
    """«Ambito» -> the Ambito's label; «Sub-ambito X» -> «Ambito <..> / X»; a comune stays as it is."""
    whole = ambito_label(principal_ambito())
    name = pl.col("territorio").str.strip_chars()
    low = name.str.to_lowercase()
    return (pl.when(low == AMBITO_WORD).then(pl.lit(whole))
            .when(low.str.starts_with(SUB_AMBITO_WORD))
            .then(pl.lit(whole + " / ") + name.str.slice(len(SUB_AMBITO_WORD)).str.strip_chars())
            .otherwise(name).alias("territory"))


def _members(params: tuple, **columns) -> pl.DataFrame:
    """One row per member of a batch family: its position (MEMBER) and its parameters' columns."""
    return pl.DataFrame({MEMBER: range(len(params)), **columns},
                        schema_overrides={MEMBER: pl.Int64, "indicatore": pl.Utf8})


def _rows_of(frames, members: pl.DataFrame) -> pl.LazyFrame:
    """The observations of every member's code (a code asked twice gives its rows twice), with
    the member's columns; in the dataset's order within a member. A plan: the engine runs it."""
    return frames[SOURCE].lazy().join(members.lazy(), on="indicatore", how="inner", maintain_order="right_left")


# A member's parameter is its code (the observed value) or (code, RATIO) (the value recomputed
# from numerator and denominator): both read the same rows, so they share one family and one join.
RATIO = "ratio"


def _observed_family(frames, params: tuple) -> pl.LazyFrame:
    codes = [p if isinstance(p, str) else p[0] for p in params]
    ratio = [not isinstance(p, str) for p in params]
    obs = _rows_of(frames, _members(params, indicatore=codes, _ratio=pl.Series(ratio, dtype=pl.Boolean)))
    num, den, is_ratio = pl.col("numeratore"), pl.col("denominatore"), pl.col("_ratio")
    rate_value = pl.when(den > 0).then(num / den * 100.0).otherwise(None)
    differs = (pl.col("valore") - rate_value).abs() > TOLLERANZA_PERCENTUALE
    return obs.select(
        MEMBER, pl.col("periodo").alias("period"), _territory(),
        pl.when(is_ratio).then(rate_value).otherwise(pl.col("valore")).alias("value"),
        num.alias("numerator"), den.alias("denominator"),
        pl.lit(1, dtype=pl.Int64).alias("rows"),
        pl.when(is_ratio & differs)
        .then(pl.format("valore dichiarato {} diverso da numeratore/denominatore", pl.col("valore")))
        .otherwise(pl.col("note")).alias("note"),
    ).sort(MEMBER, "period", "territory", maintain_order=True)


def observed(code: str) -> Batch:
    """The value observed per period and territory, as the coordinators recorded it."""
    return Batch(_observed_family, code, name=f"observed_{code}")


def observed_ratio(code: str) -> Batch:
    """Rate per period and territory = numeratore / denominatore x 100 (percent).

    A row without a positive denominator has no value (no data, not zero).
    """
    return Batch(_observed_family, (code, RATIO), name=f"ratio_{code}")


def _cumulative_family(frames, params: tuple[tuple[str, float], ...]) -> pl.LazyFrame:
    first, n_years = ANNI_CICLO[0], len(ANNI_CICLO)
    members = _members(params, indicatore=[c for c, _ in params], _total=[float(t) for _, t in params])
    obs = _rows_of(frames, members).filter(pl.col("periodo").is_in([str(y) for y in ANNI_CICLO]))
    yearly = (obs.group_by(MEMBER, _territory(), pl.col("periodo").alias("period"))
              .agg(pl.col("valore").sum().alias("done"), pl.len().cast(pl.Int64).alias("rows"),
                   pl.col("_total").first())
              .sort(MEMBER, "territory", "period"))
    years_gone = pl.col("period").cast(pl.Int64) - first + 1
    return yearly.select(
        MEMBER, "period", "territory",
        pl.col("done").cum_sum().over(MEMBER, "territory").alias("value"),
        (pl.col("_total") * years_gone // n_years).cast(pl.Float64).alias("target"),
        pl.col("rows").cum_sum().over(MEMBER, "territory").alias("rows"),
        pl.format("nell'anno: {}", pl.col("done").cast(pl.Int64)).alias("note"),
    )


def cumulative_in_cycle(code: str, total: float) -> Batch:
    """Running total over the cycle's years of what was done each year (count).

    Each year's row carries the target due by its end: the whole part of ``total`` x years
    gone / 3 (for 3: 1, 2, 3; for a single deliverable: 0, 0, 1, since a third of a report
    is not a thing one can owe). Years outside the cycle are ignored.
    """
    return Batch(_cumulative_family, (code, total), name=f"cumulative_{code}")


def _territories_family(frames, params: tuple[tuple[str, float, str | None], ...]) -> pl.LazyFrame:
    members = _members(params, indicatore=[p[0] for p in params], _min=[float(p[1]) for p in params],
                       _only=pl.Series([p[2] for p in params], dtype=pl.Utf8))
    obs = _rows_of(frames, members).filter(pl.col("territorio").str.to_lowercase() != AMBITO_WORD)
    # Every period with rows counts, so a period with experiments only elsewhere gives 0, not no data.
    hit = (pl.col("valore") >= pl.col("_min")) & (pl.col("_only").is_null() | (pl.col("territorio") == pl.col("_only")))
    return (obs.group_by(MEMBER, pl.col("periodo").alias("period"))
            .agg(hit.sum().cast(pl.Float64).alias("value"), pl.len().cast(pl.Int64).alias("rows"),
                 pl.col("territorio").filter(hit).sort().str.join(", ").alias("note"))
            .with_columns(pl.lit(ambito_label(principal_ambito())).alias("territory"))
            .sort(MEMBER, "period"))


def territories_with(code: str, min_value: float = 1, only: str | None = None) -> Batch:
    """Per period, how many territories have a value of at least ``min_value`` (count).

    Reads the per-territory rows of ``code`` (one per comune, value = thematic areas of the
    experiment there); ``only`` keeps one territory (the urban area). The note lists them.
    """
    return Batch(_territories_family, (code, min_value, only), name=f"territories_{code}_{min_value}_{only}")


# ---------------------------------------------------------------- catalog helpers

def almeno(n: float, label: str, period: str = "annuale") -> Target:
    return Target("at_least", n, period, label=label)


def _entry(id: str, name: str, plan_text: str, measure: str, *, unit: str = "numero",
           target: Target | None = AUMENTO, sensitive: bool = False, compute=None,
           metric_type: str = "simple", formula: str = "", decimals: int = 0,
           proposed: bool = False) -> Indicator:
    objective = id.split(".out.")[0].split(".oc.")[0]
    kind = "output" if ".out." in id else "outcome"
    if compute is None:
        compute = observed_ratio(id) if unit == "percentuale" else observed(id)
        if unit == "percentuale":
            metric_type = "ratio"
    if not formula:
        formula = ("numeratore / denominatore × 100 (osservazioni, codice " + id + ")" if metric_type == "ratio"
                   else f"valore osservato nel periodo (osservazioni, codice {id})")
    down = target is not None and target.comparison in ("decrease", "at_most", "below")
    return Indicator(
        id=id, area=OBJECTIVE_BY_ID[objective].area, objective=objective, kind=kind, name=name,
        unit=unit, direction="down" if down else "up", target=target, sources=(SOURCE,),
        plan_text=plan_text, measure=measure, formula=formula, compute=compute,
        metric_type=metric_type, decimals=decimals, proposed=proposed, sensitive=sensitive,
        plan_ref=DOC,
        # Every year of the cycle is due a row; a running total's rows (and each year's share of its
        # target) come from its own function.
        due_periods=() if metric_type == "cumulative" else tuple(str(y) for y in ANNI_CICLO),
    )


def _triennio(id: str, total: int, label: str, name: str, plan_text: str, measure: str, **kw) -> Indicator:
    """A number the plan asks over 2021-2023, counted cumulatively (see cumulative_in_cycle)."""
    return _entry(id, name, plan_text, measure, target=almeno(total, label, CICLO),
                  compute=cumulative_in_cycle(id, total), metric_type="cumulative",
                  formula=f"somma dall'inizio del ciclo dei valori annui (codice {id}); target dell'anno = "
                          f"parte intera di {total} × anni trascorsi / 3", **kw)


def _semestrale(id: str, name: str, plan_text: str, measure: str) -> Indicator:
    """«elaborazioni semestrali»: at least one in every semester."""
    return _entry(id, name, plan_text, measure + " Periodo: semestre.",
                  target=almeno(1, "≥ 1 per semestre (elaborazioni semestrali)", "semestrale"))


E = _entry
T = _triennio

INDICATORS: list[Indicator] = [
    # ------------------------------------------------------------------ 1.1
    E("1.1.out.1", "Comuni serviti da almeno un punto di distribuzione dei beni",
      "Migliorare la capacità di distribuzione dei beni materiali sull'insieme del territorio dell'Ambito",
      "Numero di comuni dell'Ambito in cui, nell'anno, è attivo almeno un punto di distribuzione dei beni materiali della rete."),
    E("1.1.out.2", "Richieste urgenti evase entro 3 giorni",
      "Miglioramento della capacità della rete di intervenire in situazioni di emergenza",
      "Richieste di aiuto urgenti evase entro 3 giorni lavorativi / richieste urgenti ricevute dalla rete nell'anno × 100.",
      unit="percentuale", sensitive=True),
    E("1.1.out.3", "Enti firmatari del Protocollo povertà",
      "Ampliamento del numero di soggetti pubblici e privati aderenti alla rete attraverso la sottoscrizione del protocollo",
      "Soggetti pubblici e privati che hanno sottoscritto il Protocollo per il contrasto della Povertà, al 31/12."),
    E("1.1.out.4", "Beneficiari della rete",
      "Ampliamento del numero e delle tipologie di beneficiari",
      "Persone distinte che hanno ricevuto almeno un aiuto materiale dalla rete nell'anno (per sub-ambito di residenza).",
      sensitive=True),
    E("1.1.out.4.tipologie", "Tipologie di beneficiari raggiunte",
      "Ampliamento del numero e delle tipologie di beneficiari",
      "Tipologie di beneficiari raggiunte nell'anno tra: adulti soli, famiglie con minori, famiglie monogenitoriali, "
      "anziani soli, adolescenti e giovani, lavoratori a basso reddito, persone senza dimora."),
    E("1.1.out.5", "Accessi alla distribuzione dei beni",
      "Ampliamento del numero di accessi alla distribuzione dei beni materiali",
      "Accessi registrati ai punti di distribuzione dei beni materiali nel semestre (per sub-ambito).",
      sensitive=True),  # visits of people in poverty, by sub-ambito: a small cell points at a family
    E("1.1.oc.1", "Persone sostenute da oltre 12 mesi consecutivi",
      "riducendo nel tempo le situazioni di criticità",
      "Persone che ricevono aiuti materiali dalla rete da più di 12 mesi consecutivi, al 31/12 (segnale di cronicizzazione).",
      target=DIMINUZIONE, sensitive=True),
    E("1.1.oc.2", "Percorsi di sostegno temporaneo attivati",
      "potenziando i percorsi di sostegno temporaneo alle persone in difficoltà",
      "Percorsi di sostegno temporaneo (durata prevista fino a 6 mesi) attivati nell'anno.", sensitive=True),
    E("1.1.oc.3", "Kit e pacchi distribuiti",
      "Il cambiamento realizzato sarà valutato sulla base della rilevazione di dati riferiti all'impatto sul sistema di distribuzione dei beni materiali",
      "Kit e pacchi di beni materiali (alimentari e per la cura della persona) distribuiti dalla rete nell'anno."),
    E("1.1.oc.4", "Percorsi di supporto conclusi con esito positivo",
      "sia sull'esito dei percorsi di supporto",
      "Percorsi di supporto conclusi nell'anno con obiettivi raggiunti / percorsi conclusi nell'anno × 100.",
      unit="percentuale", sensitive=True),
    # ------------------------------------------------------------------ 1.2
    E("1.2.out.1", "Sub-ambiti con sperimentazioni di servizi innovativi",
      "Sperimentazione in almeno due sub ambiti dei servizi innovativi",
      "Sub-ambiti in cui, nell'anno, è attiva almeno una sperimentazione dell'obiettivo 1.2.",
      target=almeno(2, "≥ 2 sub-ambiti", CICLO),
      formula="conteggio sub-ambiti (osservazione 1.2.out.1)"),
    E("1.2.out.2", "Consegne di beni a domicilio",
      "Rafforzamento della distribuzione a domicilio dei beni",
      "Consegne di beni materiali a domicilio effettuate nell'anno."),
    E("1.2.out.3", "Donatori attivi",
      "Ampliamento della rete di donatori",
      "Donatori (imprese, privati, enti) che hanno donato beni almeno una volta nell'anno."),
    E("1.2.out.4", "Destinatari attivi in una logica solidale",
      "Ampliamento del numero di destinatari che si attivano in una logica solidale",
      "Destinatari dei percorsi di sostegno che nell'anno hanno svolto attività solidali (consegne, orti, scambio).",
      sensitive=True),
    E("1.2.oc.1", "Comuni raggiunti dai servizi innovativi",
      "L'obiettivo 1.2 si propone di estendere, previa valutazione dell'efficacia, i servizi innovativi sul territorio",
      "Comuni in cui, nell'anno, è disponibile almeno uno dei servizi innovativi sperimentati."),
    E("1.2.oc.2", "Sperimentazioni valutate efficaci",
      "L'impatto sociale sarà valutato sulla base della rilevazione di dati relativi alla efficacia delle sperimentazioni realizzate",
      "Sperimentazioni con valutazione di efficacia positiva / sperimentazioni valutate nell'anno × 100.",
      unit="percentuale"),
    E("1.2.oc.3", "Sperimentazioni proseguite oltre il primo anno",
      "e alla sostenibilità delle stesse",
      "Sperimentazioni ancora attive dopo 12 mesi dall'avvio, al 31/12."),
    E("1.2.oc.4", "Cittadini coinvolti nei processi di comunità solidale",
      "attivando processi di comunità solidali a livello locale",
      "Volontari e cittadini che hanno partecipato nell'anno alle attività delle sperimentazioni.", sensitive=True),
    # ------------------------------------------------------------------ 2.1
    E("2.1.out.1", "Abitazioni per progetti socio-sanitari",
      "Aumentare il numero delle abitazioni a disposizione dei progetti socio-sanitari per persone con disabilità o con trascorsi migratori.",
      "Abitazioni a disposizione dei progetti socio-sanitari per persone con disabilità o con trascorsi migratori, al 31/12."),
    E("2.1.out.2", "Soggetti privati in relazione con i servizi",
      "Avviare la necessaria relazione con i rappresentanti del mondo del privato, tra questi i proprietari, le agenzie immobiliari, gli amministratori di condominio.",
      "Proprietari, agenzie immobiliari e amministratori di condominio con una collaborazione formalizzata con i servizi, al 31/12."),
    E("2.1.out.3", "Progetti con tutor condominiale o energetico",
      "Aumentare l'investimento in termini di apertura di progetti che prevedono l'utilizzo della figura del tutor condominiale o energetico.",
      "Progetti attivi nell'anno che prevedono un tutor condominiale o un tutor energetico."),
    E("2.1.out.4", "Casi usciti da una condizione a rischio di cronicità",
      "Numero di casi che escono da un a condizione a rischio di cronicità.",
      "Persone o nuclei in housing sociale o accompagnamento abitativo che nell'anno raggiungono una soluzione abitativa autonoma.",
      sensitive=True),
    E("2.1.oc.1", "Persone seguite che accedono a una casa",
      "si intende produrre un impatto significativo rispetto all'accesso alla casa",
      "Persone seguite dal sistema dei servizi che nell'anno ottengono un alloggio (contratto o assegnazione).", sensitive=True),
    E("2.1.oc.2", "Alloggi mantenuti dopo l'accompagnamento",
      "alle competenze e conoscenze necessarie a persone seguita dal sistema dei servizi nel gestire l'esperienza della cura e del mantenimento dell'abitazione",
      "Nuclei che a 12 mesi dalla fine dell'accompagnamento all'abitare mantengono l'alloggio senza morosità / nuclei usciti dall'accompagnamento 12 mesi prima × 100.",
      unit="percentuale", sensitive=True),
    E("2.1.oc.3", "Appartamenti privati messi a disposizione",
      "aumentare la disponibilità di appartamenti da mettere a disposizione di fasce deboli della popolazione, grazie alla strutturazione un rapporto stabile con il mondo del privato",
      "Appartamenti di proprietari privati messi a disposizione di fasce deboli tramite accordi con i servizi, al 31/12."),
    E("2.1.oc.4", "Persone in housing sociale da oltre 24 mesi",
      "Ulteriore esito dell'impatto prodotto da questo obiettivo è la riduzione di situazioni di cronicità, particolarmente presenti nelle situazioni di housing sociale.",
      "Persone ospitate in housing sociale da più di 24 mesi, al 31/12.", target=DIMINUZIONE, sensitive=True),
    # ------------------------------------------------------------------ 2.2
    E("2.2.out.1", "Servizi che rilevano la domanda abitativa",
      "Raccogliere le forme e le qualità della domanda abitativa nella sua articolazione e complessità.",
      "Servizi pubblici e del privato sociale che nell'anno usano lo strumento comune di rilevazione della domanda abitativa."),
    E("2.2.out.2", "Soggetti nel piano dell'offerta sull'abitare",
      "Costruire un piano dettagliato dell'offerta sull'abitare nella dimensione degli interventi e dei progetti sull'abitare da parte dei soggetti pubblici e del privato sociale.",
      "Soggetti pubblici e del privato sociale descritti nel piano dell'offerta sull'abitare, al 31/12."),
    E("2.2.out.3", "Aree di nuovo investimento individuate",
      "Far emergere le aree di nuovo investimento.",
      "Aree di nuovo investimento (bisogni scoperti) individuate e approvate dal gruppo di lavoro, cumulate al 31/12."),
    E("2.2.out.4", "Spazi di coprogettazione realizzati",
      "Realizzare spazi di coprogettazione di nuovi interventi attenti alla domanda e ai destinatari oggi non completamente oggetto di attenzione.",
      "Tavoli o laboratori di coprogettazione di nuovi interventi sull'abitare realizzati nell'anno."),
    E("2.2.out.5", "Domande abitative analizzate",
      "Effettuare un'analisi della domanda abitativa nella sua articolazione e complessità.",
      "Schede di domanda abitativa raccolte e analizzate nell'anno (nuclei).", sensitive=True),
    E("2.2.out.6", "Interventi e progetti sull'abitare censiti",
      "Effettuare un'analisi dell'offerta di interventi e progetti sull'abitare da parte dei Servizi pubblici e privati.",
      "Interventi e progetti sull'abitare dei servizi pubblici e privati censiti e analizzati, al 31/12."),
    E("2.2.oc.1", "Nuovi interventi progettati sulla domanda rilevata",
      "L'impatto generato dall'obiettivo 2.2 si sostanzia nella possibilità di progettare interventi sull'abitare qualitativamente adeguati alla domanda",
      "Nuovi interventi sull'abitare progettati nell'anno a partire dall'analisi della domanda."),
    E("2.2.oc.2", "Tipologie di destinatari coperte dall'offerta",
      "in primo luogo la qualità e la destinazione dell'offerta sulla casa",
      "Tipologie di destinatari (es. anziani, giovani, persone con disabilità, migranti, nuclei monogenitoriali) per cui "
      "l'offerta censita prevede almeno un intervento, al 31/12."),
    E("2.2.oc.3", "Domanda abitativa rimasta inevasa",
      "la domanda oggetto di percorsi di risoluzione e la domanda che resta inevasa perché in assenza adeguati servizi e strumenti d'intervento",
      "Domande abitative senza alcun percorso di risoluzione a fine anno / domande rilevate nell'anno × 100.",
      unit="percentuale", target=DIMINUZIONE, sensitive=True),
    # ------------------------------------------------------------------ 2.3
    E("2.3.out.1", "Persone vittime di stereotipo che accedono alla casa",
      "Aumento del numero di persone, oggi vittime di stereotipo, che accedono alla casa",
      "Persone in marginalità grave, con percorso migratorio o in uscita da percorsi di salute mentale che nell'anno accedono a una casa.",
      sensitive=True),
    E("2.3.out.2", "Iniziative di narrazione sociale",
      "Miglioramento della conoscenza di storie di emancipazione e uscita da situazioni di marginalità e esclusione sociale.",
      "Iniziative pubbliche (incontri, pubblicazioni, mostre) che raccontano storie di emancipazione, realizzate nell'anno."),
    E("2.3.out.3", "Partecipanti agli spazi di confronto sull'abitare sociale",
      "Aumento dei processi di coesione sociale.",
      "Cittadini che hanno partecipato nell'anno a spazi di confronto e dibattito sull'abitare sociale.", sensitive=True),
    E("2.3.oc.1", "Segnalazioni di discriminazione nell'accesso alla casa",
      "un impatto descrivibile nella diminuzione delle diverse forme di discriminazione",
      "Segnalazioni di discriminazione nell'accesso alla casa ricevute nell'anno dallo sportello antidiscriminazione.",
      target=DIMINUZIONE, sensitive=True),  # people reporting discrimination (origin, disability)
    E("2.3.oc.2", "Comuni in cui persone dei target accedono alla casa",
      "risulta essere un più diffuso accesso alla casa",
      "Comuni in cui, nell'anno, almeno una persona dei target dell'obiettivo ha avuto accesso a una casa."),
    E("2.3.oc.3", "Progetti di cura nelle piccole comunità",
      "accompagnato dalla nascita di progetti di cura a livello delle piccole comunità",
      "Progetti di cura di comunità attivi nell'anno nei comuni sotto i 3.000 abitanti."),
    # ------------------------------------------------------------------ 3.1
    E("3.1.out.1", "Sub-ambiti con la rete di inclusione operativa",
      "Implementazione della rete territoriale",
      "Sub-ambiti in cui la rete operativa per l'inclusione attiva (protocollo di presa in carico) è operativa, al 31/12."),
    E("3.1.out.2", "Enti pubblici e del Terzo settore nella rete",
      "Coinvolgimento di un numero significativo di enti pubblici e del Terzo settore",
      "Enti pubblici e del Terzo settore aderenti alla rete operativa di inclusione attiva, al 31/12."),
    E("3.1.out.3", "Percorsi di inclusione attiva offerti",
      "Ampliamento dell'offerta di percorsi di inclusione attiva",
      "Posti in percorsi di inclusione attiva messi a disposizione nell'anno dagli enti della rete."),
    E("3.1.out.4", "Persone inserite in percorsi di inclusione attiva",
      "Ampliamento del numero di persone inserite in percorsi di inclusione attiva",
      "Persone distinte inserite nell'anno in un percorso di inclusione attiva (per sub-ambito di residenza).",
      sensitive=True),
    E("3.1.oc.1", "Persone con condizioni di vita migliorate",
      "L'impatto sarà importante nella misura in cui la rete operativa favorirà il miglioramento delle condizioni di vita delle persone con fragilità",
      "Persone con miglioramento alla rivalutazione di fine percorso / persone rivalutate nell'anno × 100.",
      unit="percentuale", sensitive=True),
    E("3.1.oc.2", "Percorsi interrotti",
      "riducendo il rischio di isolamento e di insuccesso dei percorsi di sostegno psicosociale",
      "Percorsi di inclusione attiva interrotti prima del termine / percorsi terminati o interrotti nell'anno × 100.",
      unit="percentuale", target=DIMINUZIONE, sensitive=True),
    E("3.1.oc.3", "Comuni con enti ospitanti percorsi di inclusione",
      "L'impatto sarà importante per la coesione sociale del territorio e delle comunità che metteranno a disposizione le proprie risorse per realizzare i percorsi di inclusione attiva.",
      "Comuni in cui almeno un ente o un'associazione ha ospitato un percorso di inclusione attiva nell'anno."),
    # ------------------------------------------------------------------ 3.2
    E("3.2.out.1", "Percorsi di sostegno attivati",
      "Ampliamento del numero di percorsi di sostegno",
      "Percorsi di sostegno (inclusione attiva) attivati nell'anno presso enti della rete.", sensitive=True),
    E("3.2.out.2", "Persone fragili inserite nei percorsi di sostegno",
      "Ampliamento del numero di persone fragili inserite nei percorsi di sostegno",
      "Persone fragili distinte inserite nell'anno nei percorsi di sostegno.", sensitive=True),
    E("3.2.out.3", "Enti che mettono a disposizione risorse",
      "Ampliamento del numero di enti che mettono a disposizione risorse organizzative e aziendali per i percorsi di sostegno",
      "Imprese, associazioni ed enti che nell'anno hanno messo a disposizione risorse per almeno un percorso di sostegno."),
    E("3.2.out.4", "Percorsi di sensibilizzazione realizzati",
      "Realizzazione percorsi di sensibilizzazione",
      "Percorsi di sensibilizzazione degli operatori economici (incontri, tavoli con la Camera di Commercio) realizzati nell'anno."),
    E("3.2.oc.1", "Imprese non cooperative e artigiane coinvolte",
      "L'obiettivo 3.2 si propone di estendere la platea degli attori che nell'ambito partecipano ai processi di realizzazione di percorsi di inclusione sociale",
      "Imprese non cooperative, artigiane, enti ambientali e culturali che nell'anno partecipano ai percorsi di inclusione."),
    E("3.2.oc.2", "Enti che confermano la disponibilità",
      "rafforzando la cultura e la rete della solidarietà",
      "Enti che confermano la disponibilità ad accogliere nell'anno successivo / enti che hanno accolto nell'anno × 100.",
      unit="percentuale"),
    # ------------------------------------------------------------------ 4.1
    E("4.1.out.1", "Percorsi di assistenza di breve durata",
      "Progettare interventi in modo da rendere l'esperienza di vita il più normale possibile, garantendo livelli differenziati di autonomia, con percorsi di assistenza di breve durata adeguati alle esigenze dei singoli e dei nuclei familiari.",
      "Percorsi di assistenza domiciliare di breve durata (fino a 3 mesi) attivati nell'anno.", sensitive=True),
    E("4.1.out.2", "Incontri famiglia-assistente facilitati",
      "Facilitare l'incontro tra contesti familiari e sistema delle assistenti alla persona e delle assistenti familiari.",
      "Abbinamenti tra famiglie e assistenti familiari o alla persona facilitati dallo sportello nell'anno.", sensitive=True),
    E("4.1.out.3", "Assistenti formati",
      "Promuovere l'implementazione delle competenze di assistenti alla persona e assistenti familiari, a fronte di una continua trasformazione della domanda di assistenza.",
      "Assistenti alla persona e assistenti familiari che hanno concluso un corso di formazione nell'anno.", sensitive=True),
    E("4.1.out.4", "Interventi domiciliari personalizzati",
      "Un numero più alto di interventi personalizzati",
      "Interventi di assistenza domiciliare con progetto personalizzato attivi nell'anno (per sub-ambito).", sensitive=True),
    E("4.1.out.5", "Percorsi di formazione per l'assistenza alla persona",
      "Numero percorsi di formazione dedicati al personale che si occupa dell'assistenza alla persona",
      "Percorsi di formazione per il personale dell'assistenza alla persona realizzati nell'anno."),
    T("4.1.out.6", 1, "≥ 1 tavolo nel triennio («un tavolo»)", "Tavolo per il welfare culturale costituito",
      "Creazione di un tavolo di lavoro per la progettazione di un sistema diffuso di welfare culturale",
      "Tavoli di lavoro per la progettazione di un sistema diffuso di welfare culturale costituiti nell'anno."),
    E("4.1.out.7", "Nuclei accompagnati verso un rapporto con un'assistente",
      "Numero di percorsi di accompagnamento e consulenza di nuclei familiari nell'avvicinamento alla costruzione di un rapporto professionale con assistenti alla persona e assistenti familiari.",
      "Percorsi di accompagnamento e consulenza di nuclei familiari avviati nell'anno.", sensitive=True),
    E("4.1.oc.1", "Persone assistite ancora a domicilio dopo 12 mesi",
      "potrà promuovere un impatto evidente nella progettazione di interventi atti a rendere l'esperienza di vita, delle persone soggetto di cure domiciliari, il più normale possibile",
      "Persone in assistenza domiciliare da 12 mesi che vivono ancora al proprio domicilio / persone in assistenza domiciliare 12 mesi prima × 100.",
      unit="percentuale", sensitive=True),
    E("4.1.oc.2", "Giorni per attivare l'intervento domiciliare",
      "producendo un'immediata risposta alle esigenze che emergono da situazioni di difficoltà transitorie",
      "Giorni medi tra la richiesta e l'avvio dell'intervento domiciliare, nell'anno.",
      unit="giorni", target=DIMINUZIONE, decimals=1),
    E("4.1.oc.3", "Rapporti famiglia-assistente attivi dopo 6 mesi",
      "Impatto importante si potrà avere nella complessa relazione tra i nuclei familiari e il sistema delle assistenti alla persona e delle badanti",
      "Rapporti di lavoro avviati dopo l'accompagnamento e ancora attivi a 6 mesi / rapporti avviati × 100.",
      unit="percentuale", sensitive=True),
    E("4.1.oc.4", "Assistenti che completano la formazione",
      "si potrà prevedere un'ulteriore ricaduta nell'implementazione delle competenze di assistenti alla persona e badanti",
      "Assistenti che ottengono l'attestato / assistenti iscritti ai corsi nell'anno × 100.",
      unit="percentuale", sensitive=True),
    E("4.1.oc.5", "Quota di interventi domiciliari personalizzati",
      "Tutti questi fattori di trasformazione si auspica possano concorrere all'aumento degli interventi personalizzati.",
      "Interventi domiciliari con progetto personalizzato / interventi domiciliari attivi nell'anno × 100.",
      unit="percentuale", sensitive=True),
    # ------------------------------------------------------------------ 4.2
    E("4.2.out.1", "Soggetti che hanno condiviso i criteri della sperimentazione",
      "Definire congiuntamente alcuni criteri utili a sostenere una sperimentazione locale",
      "Soggetti pubblici, privati e giovanili che hanno partecipato alla definizione condivisa dei criteri, cumulati al 31/12."),
    E("4.2.out.2", "Contesti individuati per la sperimentazione",
      "Individuare i contesti opportunamente allestiti",
      "Contesti (porzioni di quartiere, condomini sociali) individuati come idonei, al 31/12."),
    E("4.2.out.3", "Nodi della rete della comunità di cura",
      "Creare una rete tra le differenti risorse pubbliche, private, giovanili e di singoli cittadini",
      "Enti, gruppi giovanili e cittadini che fanno parte della rete della sperimentazione, al 31/12."),
    T("4.2.out.4", 1, "≥ 1 nel triennio («una sperimentazione»)", "Comunità di cura progettate e avviate",
      "Progettare e avviare una sperimentazione di una comunità di cura",
      "Sperimentazioni di comunità di cura progettate e avviate nell'anno."),
    E("4.2.out.5", "Scuole coinvolte nella sensibilizzazione",
      "Progettare percorsi di sensibilizzazione con le scuole per le ragazze ed i ragazzi",
      "Scuole con almeno un percorso di sensibilizzazione progettato con i servizi nell'anno."),
    E("4.2.out.6", "Opportunità per i giovani (servizio civile, PCTO, educazione civica)",
      "Potenziare le opportunità per i giovani in materia di servizio civile volontario, di esperienze di PCTO, o di educazione civica",
      "Posti di servizio civile, esperienze di PCTO e moduli di educazione civica offerti nell'anno in ambito sociale."),
    T("4.2.out.7", 1, "≥ 1 documento nel triennio", "Documento dei criteri della sperimentazione",
      "Definire dei criteri utili all'attuazione della sperimentazione",
      "Documenti dei criteri di attuazione della sperimentazione approvati nell'anno."),
    E("4.2.out.8", "Giovani sensibilizzati",
      "Sensibilizzazione dei giovani e avvio di alcune esperienze di impegno locale",
      "Ragazze e ragazzi che hanno partecipato nell'anno a percorsi di sensibilizzazione.", sensitive=True),
    E("4.2.out.9", "Incontri congiunti servizi pubblici - Terzo settore",
      "Maggiore conoscenza e collaborazione con la rete dei servizi pubblici e del Terzo settore",
      "Incontri di lavoro congiunti tra servizi pubblici e Terzo settore sulla sperimentazione, nell'anno."),
    T("4.2.out.10", 1, "≥ 1 nel triennio («almeno una sperimentazione»)", "Sperimentazioni locali avviate",
      "Avvio di almeno una sperimentazione a livello locale",
      "Sperimentazioni a livello locale avviate nell'anno."),
    E("4.2.out.11", "Percorsi di sensibilizzazione dei giovani",
      "Numero di percorsi di sensibilizzazione dei giovani",
      "Percorsi di sensibilizzazione dei giovani realizzati nell'anno."),
    E("4.2.out.12", "Progetti di impegno locale dei giovani",
      "Numero di progetti di impegno locale dei giovani",
      "Progetti di impegno locale dei giovani attivi nell'anno."),
    E("4.2.oc.1", "Cittadini attivi nella comunità di cura",
      "maggiore coinvolgimento della comunità locale, nella direzione di assunzione di responsabilità di cura del benessere di persone in assistenza domiciliare",
      "Volontari e cittadini che nell'anno svolgono attività di cura nella sperimentazione.", sensitive=True),
    E("4.2.oc.2", "Nuclei sostenuti dalla comunità di cura",
      "della progettazione di interventi diffusi di sostegno ai nuclei familiari che accompagnano persone in età avanzata con problemi",
      "Nuclei familiari con una persona anziana sostenuti nell'anno da interventi della comunità di cura.", sensitive=True),
    E("4.2.oc.3", "Progetti congiunti servizi pubblici - Terzo settore",
      "Altro fattore d'impatto sarà rappresentato dall'aumento della conoscenza e della collaborazione tra i soggetti parte del sistema dei servizi pubblici sociali e sanitari e il sistema delle realtà del Terzo settore.",
      "Progetti gestiti congiuntamente da servizi pubblici sociali o sanitari ed enti del Terzo settore, attivi nell'anno."),
    E("4.2.oc.4", "Giovani impegnati nel supporto alle persone",
      "Ulteriore elemento di ricaduta si potrà rilevare nei confronti dei giovani stessi che potranno contribuire al miglioramento delle condizioni di autonomia e benessere delle persone con disabilità",
      "Giovani che nell'anno svolgono attività di supporto a persone assistite a domicilio.", sensitive=True),
    # ------------------------------------------------------------------ 5.1
    E("5.1.out.1", "Progetti individualizzati integrati (PAI) per anziani",
      "Rafforzare il sistema integrato tra i servizi di long term care al fine di offrire risposte personalizzate alle esigenze connesse all'invecchiamento soggettivo.",
      "Persone anziane con un progetto individualizzato condiviso tra servizi sociali e sanitari, attivo nell'anno.",
      sensitive=True),
    E("5.1.out.2", "Nuclei che ricevono interventi di sollievo",
      "Offrire interventi e strumenti atti a sollevare i nuclei familiari che si occupano della cura di persone anziane",
      "Nuclei familiari con una persona anziana che hanno ricevuto interventi di sollievo nell'anno (per sub-ambito).",
      sensitive=True),
    E("5.1.out.3", "Pratiche di cura comunitaria documentate e valutate",
      "Sperimentare forme di cura comunitaria per far emergere pratiche e metodologie di intervento locale valutate nella loro possibilità ed efficacia.",
      "Pratiche di cura comunitaria documentate e valutate, cumulate al 31/12."),
    E("5.1.out.4", "Forme di accompagnamento leggero attivate",
      "Numero di forme di accompagnamento leggero attivate in territori diversi.",
      "Forme di accompagnamento leggero (custodi di condominio, «maggior-domo») attive nell'anno, per comune."),
    E("5.1.out.5", "Tavoli di lavoro sulla long term care",
      "Numero di tavoli di lavoro avviati, aventi per oggetto di confronto lo studio di forme di potenziamento del sistema dei servizi long term care",
      "Tavoli di lavoro sul potenziamento dei servizi di long term care avviati, cumulati al 31/12."),
    E("5.1.out.6", "Percorsi di progettazione integrata",
      "Numero di percorsi di progettazione integrata attivati, tra soggetti del sistema pubblico sociale e sanitario e soggetti del privato sociale.",
      "Percorsi di progettazione integrata tra pubblico sociale, sanitario e privato sociale attivati nell'anno."),
    T("5.1.out.7", 1, "≥ 1 nel triennio («almeno una sperimentazione»)", "Sperimentazioni di cura comunitaria avviate",
      "Avvio di almeno una sperimentazione di forme di cura comunitaria per far emergere pratiche e metodologie di intervento locale valutate nella loro possibilità ed efficacia.",
      "Sperimentazioni di forme di cura comunitaria avviate nell'anno."),
    E("5.1.oc.1", "Anziani in carico con progetto integrato",
      "Il lavoro all'obiettivo 5.1 potrà produrre un impatto benefico nei processi di rafforzamento del sistema integrato tra i servizi di long term care",
      "Anziani in carico con progetto individualizzato integrato sociale-sanitario / anziani in carico ai servizi nell'anno × 100.",
      unit="percentuale", sensitive=True),
    E("5.1.oc.2", "Ore di sollievo ai nuclei familiari",
      "i quali potranno godere di maggiore sostegno sia in termini di sollievo che in termini di personalizzazione degli interventi con forme leggere o maggiormente strutturate",
      "Ore di sollievo (domiciliare, diurno, ricoveri temporanei) erogate nell'anno ai nuclei che assistono un anziano.",
      unit="ore"),
    E("5.1.oc.3", "Persone assistite con autonomia mantenuta o migliorata",
      "un ulteriore impatto auspicato sia l'aumento di livelli differenti di autonomia delle persone assistite",
      "Persone assistite con punteggio di autonomia stabile o migliorato alla rivalutazione / persone rivalutate nell'anno × 100.",
      unit="percentuale", sensitive=True),
    # ------------------------------------------------------------------ 5.2
    E("5.2.out.1", "RSA in tavoli di lavoro strutturati",
      "Avviare tavoli di lavoro strutturati",
      "RSA del territorio che partecipano a tavoli di lavoro strutturati con i servizi, al 31/12."),
    E("5.2.out.2", "RSA con percorsi di condivisione progettuale locale",
      "Effettuare il processo di condivisione progettuale locale",
      "RSA che nell'anno hanno svolto almeno un incontro di condivisione progettuale con la comunità locale."),
    E("5.2.out.3", "Tavoli di studio e ripensamento avviati",
      "Numero di tavoli di studio e ripensamento strutturati e avviati",
      "Tavoli di studio e ripensamento del sistema RSA strutturati e avviati, cumulati al 31/12."),
    E("5.2.out.4", "Partecipanti della comunità alla raccolta dei bisogni",
      "Livello di coinvolgimento della comunità locale nella raccolta dei bisogni e delle attese progettuali",
      "Cittadini, familiari e associazioni che hanno partecipato nell'anno agli incontri di raccolta dei bisogni.",
      sensitive=True),
    T("5.2.out.5", 1, "≥ 1 documento nel triennio", "Linee guida sull'offerta RSA",
      "Produzione di linee guida riguardanti lo sviluppo dell'offerta del sistema RSA",
      "Linee guida sullo sviluppo dell'offerta del sistema RSA approvate nell'anno."),
    E("5.2.oc.1", "RSA con soluzioni flessibili",
      "maggiore personalizzazione degli interventi, con attenzione alla flessibilità delle soluzioni",
      "RSA che offrono nell'anno soluzioni flessibili (ricoveri di sollievo, RSA aperta, residenzialità leggera)."),
    E("5.2.oc.2", "Familiari soddisfatti dei servizi RSA",
      "miglioramento dei servizi offerti",
      "Familiari e ospiti che si dichiarano soddisfatti al questionario annuale / rispondenti × 100.",
      unit="percentuale", sensitive=True),
    E("5.2.oc.3", "Ospiti con progetto di mantenimento dell'autonomia",
      "aumento della cura dell'autonomia delle persone",
      "Ospiti RSA con progetto di mantenimento dell'autonomia / ospiti al 31/12 × 100.",
      unit="percentuale", sensitive=True),
    E("5.2.oc.4", "Attività delle RSA con il territorio",
      "maggior integrazione con il territorio nel quale la struttura è inserita",
      "Attività svolte dalle RSA nell'anno con scuole, associazioni e realtà del territorio."),
    # ------------------------------------------------------------------ 5.3
    T("5.3.out.1", 1, "≥ 1 documento nel triennio", "Documento dei criteri della sperimentazione",
      "Definizione dei criteri utili all'attuazione della sperimentazione",
      "Documenti dei criteri di attuazione della sperimentazione approvati nell'anno."),
    E("5.3.out.2", "Giovani sensibilizzati",
      "Sensibilizzazione dei giovani e avvio di alcune esperienze di impegno locale",
      "Ragazze e ragazzi che hanno partecipato nell'anno a percorsi di sensibilizzazione sulla cura degli anziani.",
      sensitive=True),
    E("5.3.out.3", "Incontri congiunti servizi pubblici - Terzo settore",
      "Maggiore conoscenza e collaborazione con la rete dei servizi pubblici e del Terzo settore",
      "Incontri di lavoro congiunti tra servizi pubblici e Terzo settore sulla sperimentazione, nell'anno."),
    T("5.3.out.4", 1, "≥ 1 nel triennio («almeno una sperimentazione»)", "Sperimentazioni locali avviate",
      "Avvio di almeno una sperimentazione a livello locale",
      "Sperimentazioni a livello locale avviate nell'anno."),
    E("5.3.out.5", "Percorsi di sensibilizzazione dei giovani",
      "Numero di percorsi di sensibilizzazione dei giovani",
      "Percorsi di sensibilizzazione dei giovani realizzati nell'anno."),
    E("5.3.out.6", "Progetti di impegno locale dei giovani",
      "Numero di progetti di impegno locale dei giovani",
      "Progetti di impegno locale dei giovani con persone anziane attivi nell'anno."),
    E("5.3.oc.1", "Cittadini attivi nella cura delle persone anziane",
      "maggiore coinvolgimento della comunità locale, nella direzione di assunzione di responsabilità di cura del benessere di persone anziane",
      "Volontari e cittadini che nell'anno svolgono attività di cura nella sperimentazione.", sensitive=True),
    E("5.3.oc.2", "Nuclei sostenuti dalla comunità",
      "della progettazione di interventi diffusi di sostegno ai nuclei familiari che accompagnano persone in età avanzata con problemi",
      "Nuclei familiari con una persona anziana sostenuti nell'anno da interventi della comunità.", sensitive=True),
    E("5.3.oc.3", "Progetti congiunti servizi pubblici - Terzo settore",
      "Altro fattore d'impatto sarà rappresentato dall'aumento della conoscenza e della collaborazione tra i soggetti parte del sistema dei servizi pubblici sociali e sanitari e il sistema delle realtà del Terzo settore.",
      "Progetti gestiti congiuntamente da servizi pubblici ed enti del Terzo settore per le persone anziane, attivi nell'anno."),
    E("5.3.oc.4", "Giovani impegnati con le persone anziane",
      "i giovani potranno contribuire al miglioramento delle condizioni di autonomia e benessere delle persone anziane",
      "Giovani che nell'anno svolgono attività continuative con persone anziane.", sensitive=True),
    # ------------------------------------------------------------------ 6.1
    T("6.1.out.1", 1, "1 report nel triennio", "Report sulla condivisione delle cartelle",
      "Migliorare la conoscenza sui processi in atto a livello territoriale sulla condivisione delle cartelle e sulle disparità tra grandi e piccoli comuni (1 report)",
      "Report sulla condivisione delle cartelle e sulle disparità tra grandi e piccoli comuni pubblicati nell'anno."),
    E("6.1.out.2", "Territori con sperimentazioni di condivisione delle cartelle",
      "Avviare delle sperimentazioni in almeno tre territori di cui uno in area urbana e due in almeno due aree tematiche per territorio",
      "Comuni in cui, nell'anno, è attiva una sperimentazione di condivisione delle cartelle in almeno un'area tematica.",
      target=almeno(3, "≥ 3 territori"), compute=territories_with("6.1.out.2", 1), metric_type="derived",
      formula="conteggio dei comuni con almeno un'area tematica sperimentata (osservazioni 6.1.out.2 per comune)"),
    E("6.1.out.2.urbano", "Sperimentazioni in area urbana",
      "Avviare delle sperimentazioni in almeno tre territori di cui uno in area urbana e due in almeno due aree tematiche per territorio",
      f"Territori in area urbana ({AREA_URBANA}) con una sperimentazione attiva nell'anno.",
      target=almeno(1, "≥ 1 in area urbana"), compute=territories_with("6.1.out.2", 1, only=AREA_URBANA),
      metric_type="derived",
      formula=f"1 se {AREA_URBANA} ha almeno un'area tematica sperimentata (osservazioni 6.1.out.2), altrimenti 0"),
    E("6.1.out.2.aree", "Territori con almeno due aree tematiche",
      "Avviare delle sperimentazioni in almeno tre territori di cui uno in area urbana e due in almeno due aree tematiche per territorio",
      "Comuni di sperimentazione con almeno due aree tematiche sperimentate nell'anno (il piano chiede «almeno due aree "
      "tematiche per territorio»: tutti e tre i territori minimi).",
      target=almeno(3, "≥ 3 territori con ≥ 2 aree tematiche"),
      compute=territories_with("6.1.out.2", AREE_TEMATICHE_MIN), metric_type="derived",
      formula="conteggio dei comuni con almeno 2 aree tematiche (osservazioni 6.1.out.2 per comune)"),
    T("6.1.out.3", 3, "≥ 3 protocolli nel triennio", "Protocolli informatici sottoscritti",
      "Sottoscrivere almeno tre protocolli informatici tra enti pubblici e Terzo settore nei territori di sperimentazione",
      "Protocolli informatici tra enti pubblici e Terzo settore sottoscritti nell'anno nei territori di sperimentazione."),
    T("6.1.out.4", 1, "≥ 1 documento nel triennio", "Linee guida organizzative",
      "Definire delle Linee Guida organizzative per l'implementazione dei protocolli",
      "Linee guida organizzative per l'implementazione dei protocolli approvate nell'anno."),
    T("6.1.out.5", 3, "≥ 3 percorsi nel triennio", "Percorsi di formazione sulla condivisione delle cartelle",
      "Organizzare almeno tre percorsi di formazione",
      "Percorsi di formazione degli operatori sulla condivisione delle cartelle organizzati nell'anno."),
    _semestrale("6.1.out.6", "Elaborazioni semestrali dei dati delle cartelle",
                "Elaborare periodicamente semestrali dei dati",
                "Elaborazioni dei dati sui profili delle persone prese in carico prodotte nel semestre."),
    E("6.1.oc.1", "Enti collegati alla condivisione delle cartelle",
      "L'obiettivo 6.1 si propone di costruire un sistema permanente di condivisione delle cartelle socio-assistenziali tra pubblico e Terzo settore",
      "Enti pubblici e del Terzo settore che usano le cartelle condivise, al 31/12."),
    E("6.1.oc.2", "Comuni interessati dalla condivisione delle cartelle",
      "l'impatto sarà quello di portare a regime le numerose e diversificate sperimentazioni realizzare ampliando il territorio interessato",
      "Comuni dell'Ambito i cui servizi sociali condividono le cartelle, al 31/12."),
    T("6.1.oc.3", 3, "≥ 3 procedure a regime", "Procedure di condivisione a regime",
      "sia all'impatto sui sistemi organizzativi (almeno tre procedure a regime)",
      "Procedure organizzative di condivisione delle cartelle passate a regime nell'anno."),
    E("6.1.oc.4", "Giorni per la presa in carico",
      "tempi ridotti di presa in carico",
      "Giorni medi tra la segnalazione e la presa in carico, per le persone con cartella condivisa, nell'anno.",
      unit="giorni", target=DIMINUZIONE, decimals=1),
    E("6.1.oc.5", "Percorsi di supporto con esito positivo",
      "esito dei percorsi di supporto",
      "Percorsi conclusi nell'anno con obiettivi raggiunti / percorsi conclusi, per le persone con cartella condivisa × 100.",
      unit="percentuale", sensitive=True),
    E("6.1.oc.6", "Persone prese in carico con cartella condivisa",
      "numero di persone prese in carico",
      "Persone prese in carico nell'anno con cartella condivisa tra enti.", sensitive=True),
    # ------------------------------------------------------------------ 6.2
    E("6.2.out.1", "Enti pubblici che conferiscono dati",
      "Raccolta dati da un numero significativo di enti pubblici dell'ambito (60%)",
      "Enti pubblici dell'Ambito (48 comuni, ASST, ATS, Azienda Sociale, Provincia) che nell'anno hanno conferito dati / enti pubblici dell'Ambito × 100.",
      unit="percentuale", target=almeno(60, "≥ 60% degli enti pubblici")),
    E("6.2.out.2", "Enti del Terzo settore che conferiscono dati",
      "Raccolta dati da un numero significativo di enti del Terzo settore (almeno il 60%)",
      "Enti del Terzo settore della rete che nell'anno hanno conferito dati / enti del Terzo settore della rete × 100.",
      unit="percentuale", target=almeno(60, "≥ 60% degli enti del Terzo settore")),
    T("6.2.out.3", 3, "≥ 3 percorsi nel triennio", "Percorsi di formazione degli operatori",
      "Almeno tre percorsi di formazione degli operatori pubblici e privati",
      "Percorsi di formazione degli operatori pubblici e privati sull'uso dei dati realizzati nell'anno."),
    _semestrale("6.2.out.4", "Elaborazioni semestrali dei dati socio sanitari",
                "Elaborazioni periodiche semestrali dei dati",
                "Elaborazioni dei dati socio sanitari del territorio pubblicate nel semestre."),
    E("6.2.oc.1", "Report pubblicati in rete",
      "L'Obiettivo 6.2 si propone di costruire un sistema permanente di condivisione delle conoscenze relative alle trasformazioni socio sanitarie",
      "Report e dataset sulle trasformazioni socio sanitarie pubblicati in rete nell'anno."),
    E("6.2.oc.2", "Fonti sovra-territoriali integrate",
      "integrando le conoscenze empiriche del sistema dei servizi pubblici e del terzo settore con l'analisi secondaria dei dati forniti da rilevazione studi di carattere sovra-territoriale",
      "Fonti nazionali e regionali (ISTAT, Regione, istituti di ricerca) integrate nelle elaborazioni, al 31/12."),
    E("6.2.oc.3", "Decisori e operatori che usano i dati",
      "L'impatto sociale sarà valutato sulla base della rilevazione di dati relativi alla consapevolezza dei decisori e degli operatori (tramite interviste, focus group, eventi periodici pubblici)",
      "Decisori e operatori intervistati che dichiarano di aver usato i dati per una decisione / intervistati nell'anno × 100.",
      unit="percentuale", sensitive=True),
    # ------------------------------------------------------------------ 6.3
    T("6.3.out.1", 1, "1 piattaforma", "Piattaforma della mappa dei servizi",
      "Progettazione e implementazione di un sistema informatico condiviso aggiornabile periodicamente che renda disponibile agli operatori del territorio la mappa dei servizi socio sanitari dell'ambito pubblici e privati in una logica di capire le caratteristiche dei servizi, l'accessibilità, la geolocalizzazione. (1 piattaforma)",
      "Piattaforme condivise della mappa dei servizi messe in esercizio nell'anno."),
    E("6.3.out.2", "Operatori degli enti aderenti alla piattaforma",
      "Protocolli di Adesione degli enti alle procedure di alimentazione e di fruizione della piattaforma (almeno il 60% degli operatori pubblici e privati)",
      "Operatori pubblici e privati il cui ente ha sottoscritto il protocollo di adesione / operatori dei servizi socio sanitari dell'Ambito × 100.",
      unit="percentuale", target=almeno(60, "≥ 60% degli operatori")),
    E("6.3.out.3", "Operatori che accedono alla piattaforma",
      "Numero di accessi da parte degli operatori (almeno il 60% del numero degli operatori)",
      "Operatori distinti con almeno un accesso alla piattaforma nel semestre / operatori dei servizi socio sanitari dell'Ambito × 100.",
      unit="percentuale", target=almeno(60, "≥ 60% degli operatori")),
    E("6.3.oc.1", "Servizi mappati sulla piattaforma",
      "L'obiettivo 6.3 si propone di costruire un sistema permanente condiviso e informatizzato di mappatura dei servizi socio sanitari dell'ambito.",
      "Servizi socio sanitari pubblici e privati descritti e geolocalizzati sulla piattaforma, al 31/12."),
    E("6.3.oc.2", "Giorni per indirizzare la persona al servizio",
      "L'impatto che sarà valutato sulla base del miglioramento in termini di tempi e adeguatezza della risposta alla domanda espressa dalle persone.",
      "Giorni medi tra la prima richiesta e l'invio al servizio adeguato, nell'anno (rilevazione a campione).",
      unit="giorni", target=DIMINUZIONE, decimals=1),
    E("6.3.oc.3", "Invii adeguati al primo tentativo",
      "L'impatto che sarà valutato sulla base del miglioramento in termini di tempi e adeguatezza della risposta alla domanda espressa dalle persone.",
      "Invii a un servizio che risulta adeguato al bisogno senza ulteriori rinvii / invii del campione × 100.",
      unit="percentuale", sensitive=True),
    # ------------------------------------------------------------------ 7.1
    E("7.1.out.1", "Momenti di formazione comuni insegnanti-professionisti",
      "Proposta di momenti di formazione comuni tra insegnanti e professionisti del sistema pubblico e privato, finalizzati alla collaborazione e alla crescita di competenze socioeducative",
      "Momenti di formazione comuni tra insegnanti e professionisti realizzati nell'anno scolastico che si chiude nell'anno."),
    E("7.1.out.2", "Istituti con gruppo di lavoro multiprofessionale",
      "La costituzione di gruppi di lavoro multi professionali interni agli istituti scolastici, per la cura delle situazioni più delicate e critiche",
      "Istituti scolastici con un gruppo di lavoro multiprofessionale costituito, al 31/12."),
    E("7.1.out.3", "Ragazzi con difficoltà che restano a scuola",
      "Numero di ragazze e ragazzi con difficoltà di apprendimento e relazione che riescono a restare inseriti nel sistema scolastico",
      "Ragazze e ragazzi seguiti per difficoltà di apprendimento e relazione ancora iscritti a fine anno scolastico (per sub-ambito).",
      sensitive=True),
    T("7.1.out.4", 1, "≥ 1 nel triennio («almeno una sperimentazione»)", "Sperimentazioni nella scuola",
      "Progettazione e sviluppo di almeno una sperimentazione di sostegno alla funzione educativa all'interno del contesto scuola",
      "Sperimentazioni di sostegno alla funzione educativa nella scuola avviate nell'anno."),
    E("7.1.oc.1", "Abbandoni tra i ragazzi seguiti",
      "L'obiettivo 7.1 si propone di migliorare nei territori, oggetto del Piano di Zona, l'inclusione scolastica sia da un punto di vista generale che in riferimento a storie di povertà materiale e educativa.",
      "Ragazzi seguiti che abbandonano la scuola nell'anno / ragazzi seguiti × 100.",
      unit="percentuale", target=DIMINUZIONE, sensitive=True),
    E("7.1.oc.2", "Scuole con un dispositivo di cura integrato",
      "Si potrà rilevare un impatto significativo qualora nascano, attorno e dentro il sistema scuola, dispositivi di cura integrati, attenti ad inserire pratiche di prossimità e intervento educativo.",
      "Plessi scolastici con un educatore presente e un raccordo stabile con i servizi, al 31/12."),
    E("7.1.oc.3", "Ragazzi seguiti con progetto personalizzato",
      "Ancor di più si registrerà un effetto migliorativo, nell'attuazione della progettazione personalizzata dei percorsi",
      "Ragazzi seguiti con un progetto personalizzato condiviso con scuola e famiglia / ragazzi seguiti × 100.",
      unit="percentuale", sensitive=True),
    # ------------------------------------------------------------------ 7.2
    E("7.2.out.1", "Percorsi formativi sull'intercultura per il sistema educativo",
      "Organizzazione di percorsi formativi e supporto operativo per i professionisti del sistema educativo e scolastico, orientati a sostenere una maggiore attenzione alla elaborazione del rapporto tra cultura di appartenenza e cultura di arrivo, per i minori con origini migratorie e i loro nuclei familiari",
      "Percorsi formativi e di supporto per i professionisti del sistema educativo realizzati nell'anno."),
    E("7.2.out.2", "Accessi dei giovani agli Informagiovani",
      "Aumento dell'accesso di giovani al sistema degli Informagiovani in quanto luoghi nei quali potenziare le politiche della partecipazione, dell'orientamento, della formazione.",
      "Accessi di giovani (12-34 anni) agli sportelli Informagiovani dell'Ambito nel semestre."),
    E("7.2.out.3", "Giovani negli strumenti di partecipazione",
      "Numero di giovani che possono accedere al sistema degli strumenti di partecipazione e protagonismo.",
      "Giovani che nell'anno partecipano a consulte, progetti di protagonismo e bandi giovani.", sensitive=True),
    T("7.2.out.4", 1, "≥ 1 progetto nel triennio («almeno un progetto»)", "Progetti di welfare culturale con le biblioteche",
      "Nascita di almeno un progetto di valorizzazione degli strumenti di welfare culturale in collaborazione con il sistema delle biblioteche.",
      "Progetti di welfare culturale avviati nell'anno in collaborazione con il sistema delle biblioteche."),
    E("7.2.out.5", "Corsi per operatori di sport e aggregazione",
      "Numero di corsi di formazione ed accompagnamento degli operatori delle organizzazioni sportive e aggregative dei territori",
      "Corsi di formazione e accompagnamento per operatori delle organizzazioni sportive e aggregative realizzati nell'anno."),
    E("7.2.oc.1", "Progetti promossi da giovani",
      "in grado di valorizzare la partecipazione e il protagonismo dei giovani, in un'ottica di costruzione di futuro e crescita culturale di singoli e gruppi",
      "Progetti ideati e gestiti da gruppi di giovani attivi nell'anno."),
    E("7.2.oc.2", "Partnership territoriali formalizzate",
      "L'impatto sarà ancor più significativo se sostenuto dalla costruzione di partnership territoriali tra il sistema delle risorse educative locali, la rete degli Informagiovani e del sistema dei dispositivi culturali facenti capo al sistema delle biblioteche.",
      "Accordi di partnership tra risorse educative locali, Informagiovani e biblioteche in vigore al 31/12."),
    # ------------------------------------------------------------------ 7.3
    T("7.3.out.1", 1, "≥ 1 percorso nel triennio («un percorso»)", "Percorso di ricerca-azione",
      "Progettazione e realizzazione di un percorso di ricerca-azione integrata a livello di macro ambito.",
      "Percorsi di ricerca-azione integrata a livello di macro ambito realizzati nell'anno."),
    T("7.3.out.2", 1, "≥ 1 mappa nel triennio («una mappa»)", "Mappa della mobilità giovanile",
      "Costruzione di una mappa della mobilità giovanile a livello sovra zonale",
      "Mappe della mobilità giovanile a livello sovra zonale completate nell'anno."),
    E("7.3.out.3", "Incontri di dibattito sui servizi per i giovani",
      "Apertura di un dibattito tra realtà pubbliche e del Terzo settore circa la distribuzione di servizi rivolti alla popolazione giovanile",
      "Incontri tra realtà pubbliche e del Terzo settore sulla distribuzione dei servizi per i giovani, nell'anno."),
    T("7.3.out.4", 1, "≥ 1 nel triennio («almeno un momento»)", "Presentazioni dei dati ai giovani",
      "Creazione di almeno un momento di presentazione dei dati ai giovani per raccogliere ulteriori riflessioni e suggerimenti",
      "Momenti di presentazione dei dati ai giovani realizzati nell'anno."),
    T("7.3.out.5", 1, "≥ 1 piano nel triennio («un piano»)", "Piano di territorio per l'offerta ai giovani",
      "Costruzione di un piano di territorio integrato circa l'offerta per i giovani",
      "Piani di territorio integrati sull'offerta per i giovani approvati nell'anno."),
    E("7.3.oc.1", "Comuni con momenti di ascolto dei giovani",
      "in funzione della possibilità di realizzare momenti di indagine e ascolto puntuali e diffusi nei molti territori di frequentazione dei giovani",
      "Comuni in cui nell'anno si è svolto almeno un momento di indagine o ascolto dei giovani (per sub-ambito)."),
    E("7.3.oc.2", "Luoghi di incontro dei giovani coinvolti",
      "se saprà fare riferimento e valorizzare i sistemi territoriali di incontro dei giovani",
      "Luoghi di aggregazione giovanile (oratori, centri, associazioni sportive) coinvolti nell'indagine, cumulati al 31/12."),
    E("7.3.oc.3", "Giovani coinvolti nella costruzione e analisi dell'indagine",
      "assumerà un ruolo centrale il grado di interazione tra i professionisti del pubblico e del privato e i giovani",
      "Giovani che hanno partecipato alla costruzione dello strumento, alla raccolta o all'analisi, nell'anno.", sensitive=True),
    # ------------------------------------------------------------------ 8.1
    E("8.1.out.1", "Micro-équipe attive nei territori",
      "Rafforzamento della rete territoriale",
      "Micro-équipe per l'inserimento lavorativo attive nei territori dell'Ambito, al 31/12."),
    E("8.1.out.2", "Percorsi di inserimento lavorativo offerti",
      "Ampliamento dell'offerta di percorsi di inserimento lavorativo",
      "Percorsi di inserimento lavorativo (tirocini, borse lavoro) disponibili nell'anno."),
    E("8.1.out.3", "Persone inserite in percorsi di inserimento lavorativo",
      "Ampliamento del numero di persone inserite in percorsi di inserimento lavorativo con particolare attenzione ai giovani",
      "Persone fragili distinte inserite nell'anno in un percorso di inserimento lavorativo (per sub-ambito).",
      sensitive=True),
    E("8.1.out.3.giovani", "Giovani (fino a 29 anni) inseriti in percorsi",
      "Ampliamento del numero di persone inserite in percorsi di inserimento lavorativo con particolare attenzione ai giovani",
      "Persone fino a 29 anni (compresi i NEET) inserite nell'anno in un percorso di inserimento lavorativo.",
      sensitive=True),
    E("8.1.oc.1", "Persone occupate a 6 mesi dalla fine del percorso",
      "L'impatto sarà importante nella misura in cui il potenziamento della rete operativa favorirà il miglioramento delle condizioni di vita delle persone con fragilità",
      "Persone con un contratto di lavoro a 6 mesi dalla fine del percorso / persone che hanno concluso il percorso × 100.",
      unit="percentuale", sensitive=True),
    E("8.1.oc.2", "Percorsi di inserimento interrotti",
      "riducendo il rischio di insuccesso dei percorsi di inserimento lavorativo",
      "Percorsi interrotti prima del termine / percorsi terminati o interrotti nell'anno × 100.",
      unit="percentuale", target=DIMINUZIONE, sensitive=True),
    E("8.1.oc.3", "Comuni con aziende ospitanti",
      "L'impatto sarà importante per la coesione sociale del territorio e delle comunità che metteranno a disposizione le proprie risorse per realizzare i percorsi di inserimento lavorativo.",
      "Comuni in cui almeno un'azienda o un ente ha ospitato un percorso di inserimento lavorativo nell'anno."),
    # ------------------------------------------------------------------ 8.2
    E("8.2.out.1", "Percorsi di inserimento attivati",
      "Ampliamento del numero di percorsi di inserimento",
      "Percorsi di inserimento lavorativo attivati nell'anno presso imprese ed enti della rete.", sensitive=True),
    E("8.2.out.2", "Persone fragili inserite nei percorsi di inserimento",
      "Ampliamento del numero di persone fragili coinvolte inserite nei percorsi di inserimento",
      "Persone fragili distinte inserite nell'anno nei percorsi di inserimento della rete.", sensitive=True),
    E("8.2.out.3", "Enti che mettono a disposizione risorse per l'inserimento",
      "Ampliamento del numero di enti che mettono a disposizione risorse organizzative e aziendali per i percorsi di inserimento",
      "Imprese, associazioni ed enti che nell'anno hanno ospitato almeno un percorso di inserimento."),
    E("8.2.out.4", "Percorsi di sensibilizzazione degli operatori economici",
      "Realizzazione percorsi di sensibilizzazione",
      "Percorsi di sensibilizzazione di imprese e artigiani (con Camera di Commercio e associazioni) realizzati nell'anno."),
    E("8.2.oc.1", "Imprese non cooperative e artigiane nell'inserimento",
      "L'obiettivo 8.2 si propone di estendere la platea degli attori che nell'Ambito partecipano ai processi di realizzazione di percorsi di inserimento lavorativo",
      "Imprese non cooperative e artigiane che nell'anno ospitano percorsi di inserimento."),
    E("8.2.oc.2", "Enti che confermano la disponibilità all'inserimento",
      "rafforzando la cultura e la rete della solidarietà",
      "Enti che confermano la disponibilità ad accogliere nell'anno successivo / enti che hanno accolto nell'anno × 100.",
      unit="percentuale"),
    # ------------------------------------------------------------------ 9.1
    _semestrale("9.1.out.1", "Elaborazioni semestrali dei dati su famiglie e minori",
                "Elaborare periodiche semestrali dei dati",
                "Elaborazioni dei dati su famiglie e minori in carico prodotte nel semestre."),
    E("9.1.out.2", "Giorni per la presa in carico di famiglie e minori",
      "Ridurre i tempi della presa in carico",
      "Giorni medi tra la segnalazione e la presa in carico del nucleo, nell'anno.",
      unit="giorni", target=DIMINUZIONE, decimals=1),
    E("9.1.out.3", "Giorni per attivare l'intervento",
      "Aumentare gli standard di qualità dell'intervento sociale a favore di famiglie e minori riducendo i tempi di attivazione e attuando interventi puntuali e sempre più incentrati sugli ambiti di vita delle persone",
      "Giorni medi tra la presa in carico e l'avvio del primo intervento, nell'anno.",
      unit="giorni", target=DIMINUZIONE, decimals=1),
    E("9.1.out.3.contesti", "Interventi nei contesti di vita",
      "Aumentare gli standard di qualità dell'intervento sociale a favore di famiglie e minori riducendo i tempi di attivazione e attuando interventi puntuali e sempre più incentrati sugli ambiti di vita delle persone",
      "Interventi svolti nei contesti di vita (domicilio, scuola, servizi 0-6, consultorio) / interventi avviati nell'anno × 100.",
      unit="percentuale", sensitive=True),
    E("9.1.oc.1", "Segnalazioni dell'Autorità Giudiziaria per eventi critici",
      "Instaurazione di trend positivi rispetto all'andamento delle segnalazioni da parte dell'autorità giudiziaria in merito ad eventi critici che riguardano il sistema familiare.",
      "Segnalazioni e decreti dell'Autorità Giudiziaria per eventi critici nei nuclei del territorio, nell'anno.",
      target=DIMINUZIONE, sensitive=True),
    # ------------------------------------------------------------------ 9.2
    E("9.2.out.1", "Giorni dal decreto dell'Autorità Giudiziaria alla presa in carico",
      "Ridurre i tempi della presa in carico,",
      "Giorni medi tra il provvedimento dell'Autorità Giudiziaria e la presa in carico del nucleo, nell'anno.",
      unit="giorni", target=DIMINUZIONE, decimals=1),
    E("9.2.out.2", "Tavoli di confronto con l'Autorità Giudiziaria",
      "Attivare tavoli di confronto con l'Autorità Giudiziaria",
      "Incontri di tavoli di confronto tra servizi e Autorità Giudiziaria (TM, TO, Procura) tenuti nell'anno."),
    E("9.2.out.3", "Protocolli di collaborazione con l'Autorità Giudiziaria",
      "Prevedere spazi strutturati e formalizzati di collaborazione anche attraverso il supporto di specifici protocolli",
      "Protocolli e spazi formalizzati di collaborazione con l'Autorità Giudiziaria in vigore al 31/12."),
    E("9.2.oc.1", "Relazioni all'Autorità Giudiziaria inviate nei termini",
      "Evoluzione nelle modalità di dialogo fra servizi del territorio e autorità giudiziaria.",
      "Relazioni e aggiornamenti trasmessi all'Autorità Giudiziaria entro il termine / relazioni dovute nell'anno × 100.",
      unit="percentuale", sensitive=True),
    E("9.2.oc.2", "Operatori che valutano positiva la collaborazione",
      "Aumento della consapevolezza di ruolo e maturazione di una funzione di collaborazione più attiva e propulsiva",
      "Operatori dei servizi e della giustizia che al questionario annuale valutano la collaborazione «attiva» / rispondenti × 100.",
      unit="percentuale", sensitive=True),
    # ------------------------------------------------------------------ 9.3 (the plan repeats 9.2's indicators)
    E("9.3.out.1", "Giorni dal primo accesso alla presa in carico della Rete",
      "Ridurre i tempi della presa in carico",
      "Giorni medi tra il primo accesso di una donna alla Rete Antiviolenza e la presa in carico, nell'anno.",
      unit="giorni", target=DIMINUZIONE, decimals=1),
    E("9.3.out.2", "Tavoli di confronto Rete Antiviolenza - Autorità Giudiziaria",
      "Attivare tavoli di confronto con l'Autorità Giudiziaria",
      "Incontri tra la Rete Antiviolenza e l'Autorità Giudiziaria (Procura, Tribunale) tenuti nell'anno."),
    E("9.3.out.3", "Protocolli di collaborazione della Rete",
      "Prevedere spazi strutturati e formalizzati di collaborazione anche attraverso il supporto di specifici protocolli",
      "Protocolli e accordi formalizzati della Rete Antiviolenza (compresi quelli con ASST e Autorità Giudiziaria) in vigore al 31/12."),
    E("9.3.out.4", "Donne prese in carico dalla Rete Antiviolenza",
      "l'obiettivo è quello di garantire sull'intero territorio di Ambito (e provinciale stante la competenza territoriale della Rete Antiviolenza) delle modalità efficaci di presa in carico delle donne vittime di violenza e dei loro figli minori",
      "Donne residenti nell'Ambito prese in carico dalla Rete Antiviolenza nell'anno.",
      sensitive=True, proposed=True),
    E("9.3.out.5", "Progetti di autonomia avviati",
      "il consolidamento di un modello di intervento relativo alla progettazione personalizzata di percorsi di autonomia per le donne in uscita da percorsi di violenza.",
      "Progetti personalizzati di autonomia (casa, lavoro, reddito) avviati nell'anno per donne in uscita da percorsi di violenza.",
      sensitive=True, proposed=True),
    E("9.3.oc.1", "Incontri di raccordo Rete - Autorità Giudiziaria",
      "Evoluzione nelle modalità di dialogo fra servizi del territorio e autorità giudiziaria.",
      "Casi della Rete con un raccordo formalizzato con l'Autorità Giudiziaria entro 30 giorni / casi con procedimento aperto nell'anno × 100.",
      unit="percentuale", sensitive=True),
    E("9.3.oc.2", "Enti aderenti alla Rete Istituzionale Antiviolenza",
      "Aumento della consapevolezza di ruolo e maturazione di una funzione di collaborazione più attiva e propulsiva.",
      "Enti aderenti al Protocollo della Rete Istituzionale Antiviolenza della Provincia di Cremona, al 31/12."),
    E("9.3.oc.3", "Primi accessi alla Rete tramite i piccoli comuni",
      "la messa a fuoco di un modello capace di potenziare la capacità di \"intercettazione\" dei bisogni delle donne vittime di violenza valorizzando la prossimità dei piccoli comuni in raccordo con il comune capofila e i servizi di ASST",
      "Primi accessi alla Rete avvenuti tramite i servizi sociali dei comuni sotto i 3.000 abitanti / primi accessi di donne residenti nell'Ambito nell'anno × 100.",
      unit="percentuale", sensitive=True, proposed=True),
    # ------------------------------------------------------------------ 10.1
    E("10.1.out.1", "Giovani con disabilità con progetto di passaggio all'età adulta",
      "Curare la continuità di intervento dei servizi sulla disabilità nella fase di passaggio dall'età giovanile all'età adulta, mettendo in evidenza i bisogni specifici di singole persone",
      "Giovani con disabilità (16-25 anni) con un progetto di passaggio condiviso tra servizi per minori e per adulti, attivo nell'anno.",
      sensitive=True),
    E("10.1.out.2", "Progetti integrati residenziale-domiciliare",
      "Strutturare una relazione collaborativa tra sistemi di intervento residenziale e sistemi di intervento domiciliare, per migliorare l'autonomia di chi vive la condizione di disabilità",
      "Persone con disabilità con un progetto che integra interventi residenziali e domiciliari, attivo nell'anno.",
      sensitive=True),
    E("10.1.out.3", "Famiglie con interventi di sollievo",
      "Sollevarle le famiglie dai lunghi periodi di assistenza attivando un sistema formale e informale di aiuto",
      "Famiglie di persone con disabilità che hanno ricevuto interventi di sollievo nell'anno (per sub-ambito).",
      sensitive=True),
    E("10.1.out.4", "Iniziative culturali accessibili",
      "Mettere a disposizione una offerta culturale accessibile alle persone con disabilità.",
      "Iniziative culturali accessibili alle persone con disabilità realizzate nell'anno."),
    E("10.1.out.5", "Percorsi di rilevazione di nuovi bisogni",
      "Attivare percorsi di rilevazione di nuovi bisogni",
      "Percorsi di rilevazione di nuovi bisogni legati alla disabilità attivati, cumulati al 31/12."),
    E("10.1.out.6", "Protocolli e accordi per i passaggi d'età",
      "Numero di protocolli o accordi tra soggetti del sistema pubblico sociale e sanitario e del sistema del privato sociale utili a facilitare il passaggio dalle età indicate in descrizione",
      "Protocolli o accordi tra pubblico sociale, sanitario e privato sociale sui passaggi d'età in vigore al 31/12."),
    E("10.1.oc.1", "Giovani in passaggio senza interruzione dei servizi",
      "migliorando notevolmente la qualità della vita di questi giovani, oggi in grave difficoltà di fronte al cambiamento dei servizi di riferimento",
      "Giovani passati ai servizi per adulti senza mesi scoperti / giovani che hanno compiuto il passaggio nell'anno × 100.",
      unit="percentuale", sensitive=True),
    E("10.1.oc.2", "Persone con disabilità anziane con progetto specifico",
      "Stessa cosa la si prevede nel passaggio dall'età adulta alla condizione di persona anziana",
      "Persone con disabilità oltre i 65 anni con un progetto che mantiene l'attenzione alla disabilità, attivo nell'anno.",
      sensitive=True),
    E("10.1.oc.3", "Persone con disabilità con autonomia mantenuta o migliorata",
      "Ulteriore ricaduta riguarda l'aumento dell'autonomia delle persone con disabilità",
      "Persone con autonomia stabile o migliorata alla rivalutazione annuale / persone rivalutate × 100.",
      unit="percentuale", sensitive=True),
    E("10.1.oc.4", "Ore di sollievo alle famiglie",
      "una ricaduta aggiuntiva di notevole valore connessa al sollievo per le famiglie che assistono i propri cari dai lunghi periodi di assistenza",
      "Ore di sollievo erogate nell'anno alle famiglie di persone con disabilità.", unit="ore"),
    E("10.1.oc.5", "Partecipanti con disabilità alle iniziative culturali",
      "in seguito alla costruzione e consolidamento di un'offerta culturale accessibile alle persone con disabilità",
      "Persone con disabilità che hanno partecipato nell'anno alle iniziative culturali accessibili.", sensitive=True),
]
