"""PIPPI (PNRR M5C2 1.1.1): target families, operators and the project budget."""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

import polars as pl
from pydantic import BaseModel, Field, model_validator

from data_loaders import problems as P
from data_loaders.contracts._fields import (
    ANNI_DATI,
    DEI_DATI,
    ambito_field,
    anno_field,
    euro_field,
    istat_field,
    pseudonym_field,
)
from data_loaders.contracts._plausibility import (
    date_not_after_reference,
    date_within,
    quarter_not_after_reference,
    year_not_after_reference,
    year_within,
)
from data_loaders.spec import DatasetSpec, RowCheck

# The programme's years: the project's timetable runs «Anno 2022» to «Anno 2026» by quarter and its
# budget 2023-2026 (seeds/002); the Seregno project 2023-2026 (seeds/003). A PIPPI file holds no other year.
ANNI_PROGRAMMA = (2022, 2026)
DEL_PROGRAMMA = "del programma PIPPI, PNRR M5C2 1.1.1"


class FamigliaPippi(BaseModel):
    ambito: str = ambito_field()
    codice_famiglia: str = pseudonym_field("Codice pseudonimo della famiglia (mai nome, data di nascita o indirizzo)", "CR-F001")
    equipe: str = Field(description="Équipe multidisciplinare che segue la famiglia", examples=["EM1"], min_length=1)
    codice_istat_comune: str = istat_field("Codice ISTAT del comune di residenza della famiglia")
    data_segnalazione: dt.date = Field(description="Data della segnalazione all'équipe multidisciplinare (gg/mm/aaaa)", examples=["15/03/2023"])
    data_valutazione: Optional[dt.date] = Field(None, description="Data della valutazione multidimensionale, se fatta", examples=["02/04/2023"])
    data_inclusione: Optional[dt.date] = Field(None, description="Data di inclusione come famiglia target del programma, se inclusa", examples=["20/04/2023"])
    progetto_quadro: Optional[bool] = Field(None, description="Progetto Quadro definito in équipe (sì/no)", examples=["sì"])
    educativa_domiciliare_ore_sett: Optional[float] = Field(None, description="Ore settimanali di educativa domiciliare (0 se non attiva)", examples=["8"], ge=0, le=80)
    gruppi_genitori: Optional[bool] = Field(None, description="Partecipa a gruppi dei genitori (sì/no)", examples=["sì"])
    gruppi_bambini: Optional[bool] = Field(None, description="Partecipa a gruppi dei bambini (sì/no)", examples=["no"])
    vicinanza_solidale: Optional[bool] = Field(None, description="Vicinanza solidale / famiglia d'appoggio attivata (sì/no)", examples=["no"])
    partenariato_scuola: Optional[bool] = Field(None, description="Partenariato scuola-famiglia-servizi attivato (sì/no)", examples=["sì"])
    progetto_sollievo: Optional[bool] = Field(None, description="Progetto di sollievo attivato per la famiglia (sì/no)", examples=["no"])
    inserimento_residenziale: Optional[bool] = Field(None, description="Minore inserito in struttura residenziale durante il percorso (sì/no)", examples=["no"])
    giorni_in_struttura: Optional[int] = Field(None, description="Giorni di permanenza in struttura residenziale nel percorso", examples=["0"], ge=0)
    data_chiusura: Optional[dt.date] = Field(None, description="Data di chiusura del percorso, se chiuso", examples=[""])
    comune: Optional[str] = Field(None, description="Nome del comune di residenza (facoltativo: se vuoto si usa "
                                  "il nome dell'elenco dei comuni, altrimenti il codice ISTAT)", examples=["Cremona"])
    riunificazione: Optional[bool] = Field(None, description="Famiglia con un allontanamento in corso, in percorso di "
                                           "riunificazione familiare (sì/no)", examples=["no"])
    figli_11_14: Optional[bool] = Field(None, description="Famiglia con figli da 11 a 14 anni (sì/no)", examples=["sì"])

    @model_validator(mode="after")
    def _dates_in_order(self):
        if self.data_valutazione and self.data_valutazione < self.data_segnalazione:
            raise ValueError("la valutazione precede la segnalazione")
        return self


class OperatorePippi(BaseModel):
    ambito: str = ambito_field()
    codice_operatore: str = pseudonym_field("Codice dell'operatore (matricola o sigla, non il nome)", "OP-01")
    ruolo: Literal[
        "referente_territoriale", "coach", "assistente_sociale", "educatore", "psicologo",
        "pedagogista", "mediatore_culturale", "neuropsichiatra", "insegnante", "altro",
    ] = Field(description="Ruolo nel programma", examples=["coach"])
    equipe: Optional[str] = Field(None, description="Équipe multidisciplinare di appartenenza, se c'è", examples=["EM1"])
    ente: Optional[str] = Field(None, description="Ente di appartenenza", examples=["Comune di Cremona"])
    data_formazione: Optional[dt.date] = Field(None, description="Data di completamento della formazione PIPPI (vuota se non formato)", examples=["10/05/2023"])
    ore_formazione: Optional[float] = Field(None, description="Ore di formazione frequentate", examples=["24"], ge=0)


class VocePnrr(BaseModel):
    ambito: str = ambito_field()
    capitolo: str = Field(description="Capitolo di bilancio", examples=["26235"], min_length=1)
    voce: str = Field(description="Descrizione della voce di spesa", examples=["Contratti di servizio pubblico"], min_length=1)
    anno: int = anno_field()
    previsto_eur: float = euro_field("Importo previsto dal piano finanziario", "21.150,00")
    speso_eur: Optional[float] = euro_field("Importo speso (liquidato) a oggi; vuoto se non ancora rendicontato", "12.000,00")


class ProgettoPippi(BaseModel):
    ambito: str = ambito_field()
    cup: Optional[str] = Field(None, description="Codice Unico di Progetto", examples=["D24H21000040007"])
    data_avvio: dt.date = Field(description="Data di avvio del progetto: le scadenze della governance si contano da qui",
                                examples=["01/01/2023"])
    data_fine: dt.date = Field(description="Data di fine del progetto", examples=["30/06/2026"])
    importo_eur: Optional[float] = euro_field("Finanziamento del progetto", "211.500,00")
    # Optional: a call may set none (Seregno's, seeds/003); the dashboard then judges no family count.
    famiglie_target: Optional[int] = Field(None, description="Famiglie target da coinvolgere nell'intero progetto; "
                                           "vuoto se il bando non le dichiara", examples=[30], ge=1)


class ModuloPippi(BaseModel):
    ambito: str = ambito_field()
    anno: int = anno_field()
    modulo: Literal["start", "base", "autonomia", "avanzato"] = Field(
        description="Modulo PIPPI dell'annualità: start e base 10 famiglie, autonomia 15, avanzato 20", examples=["base"])


class AttoGovernance(BaseModel):
    ambito: str = ambito_field()
    tipo: Literal[
        "gruppo_territoriale", "referente_territoriale", "coach", "equipe_multidisciplinare",
        "protocollo_scuole", "protocollo_autorita_giudiziaria",
    ] = Field(description="Che cosa è stato costituito, nominato o firmato", examples=["coach"])
    codice: str = Field(description="Sigla della figura, dell'équipe o del protocollo (per le équipe la stessa "
                                    "sigla usata nel file delle famiglie)", examples=["EM2"], min_length=1)
    data: Optional[dt.date] = Field(None, description="Data dell'atto (nomina, costituzione, firma); vuota se non "
                                                      "ancora avvenuto", examples=["15/03/2023"])
    atto: Optional[str] = Field(None, description="Riferimento dell'atto (determina, delibera, protocollo)",
                                examples=["Determina n. 123/2023"])


class AttivitaCronoprogramma(BaseModel):
    ambito: str = ambito_field()
    fase: Literal["A", "B", "C"] = Field(description="Fase: A pre-implementazione, B implementazione, "
                                                     "C post-implementazione", examples=["A"])
    codice_attivita: str = Field(description="Sigla della sotto-azione", examples=["A1"], min_length=1)
    attivita: str = Field(description="Sotto-azione come scritta nel cronoprogramma", min_length=1,
                          examples=["Analisi preliminare e individuazione delle famiglie target"])
    anno: int = anno_field()
    trimestre: int = Field(description="Trimestre previsto (1-4)", examples=[1], ge=1, le=4)
    svolta: Optional[bool] = Field(None, description="L'attività del trimestre è stata svolta (sì/no; vuoto se "
                                                     "non ancora rendicontata)", examples=["sì"])


class OrePippi(BaseModel):
    ambito: str = ambito_field()
    anno: int = anno_field()
    ruolo: Literal["educatore", "psicologo", "pedagogista", "mediatore_culturale"] = Field(
        description="Figura professionale", examples=["educatore"])
    ore_erogate: float = Field(description="Ore erogate nell'anno dalla figura professionale", examples=["1.250"], ge=0)


_FAMIGLIE_CHECKS = (
    RowCheck(P.RIGA_INCOERENTE, "La data di valutazione precede la data di segnalazione: la riga non è conteggiata.",
             "data_valutazione", lambda _as_of: pl.col("data_valutazione") >= pl.col("data_segnalazione")),
    RowCheck(P.RIGA_INCOERENTE, "La data di inclusione precede la data di segnalazione: una famiglia è inclusa "
                                "dopo essere stata segnalata all'équipe; la riga non è conteggiata.",
             "data_inclusione", lambda _as_of: pl.col("data_inclusione") >= pl.col("data_segnalazione")),
    RowCheck(P.RIGA_INCOERENTE, "La data di chiusura precede la data di segnalazione: la riga non è conteggiata.",
             "data_chiusura", lambda _as_of: pl.col("data_chiusura") >= pl.col("data_segnalazione")),
    *(date_within(c, ANNI_PROGRAMMA, DEL_PROGRAMMA)
      for c in ("data_segnalazione", "data_valutazione", "data_inclusione")),
    date_not_after_reference("data_segnalazione", "la data di segnalazione"),
    date_not_after_reference("data_valutazione", "la data di valutazione"),
    date_not_after_reference("data_inclusione", "la data di inclusione"),
    date_not_after_reference("data_chiusura", "la data di chiusura"),
)

DATASETS = [
    DatasetSpec(
        name="pippi_famiglie",
        filename="pippi_famiglie.csv",
        title="PIPPI - famiglie segnalate e incluse",
        description="Una riga per famiglia segnalata all'équipe multidisciplinare: date di segnalazione, "
                    "valutazione multidimensionale e inclusione, dispositivi attivati ed esiti. Solo codici "
                    "pseudonimi: nessun nome, data di nascita o indirizzo.",
        model=FamigliaPippi,
        key=("ambito", "codice_famiglia"),
        checks=_FAMIGLIE_CHECKS,
        record_level=True,
    ),
    DatasetSpec(
        name="pippi_operatori",
        filename="pippi_operatori.csv",
        title="PIPPI - operatori e formazione",
        description="Una riga per operatore coinvolto nel programma (referente territoriale, coach, membri delle "
                    "équipe) con ruolo e data della formazione.",
        model=OperatorePippi,
        key=("ambito", "codice_operatore"),
        # Training may predate the programme (PIPPI runs since 2011): no programme window here.
        checks=(date_within("data_formazione", ANNI_DATI, DEI_DATI),
                date_not_after_reference("data_formazione", "la data della formazione")),
        record_level=True,
    ),
    DatasetSpec(
        name="pnrr_budget",
        filename="pnrr_budget.csv",
        title="PNRR 1.1.1 - piano finanziario, previsto e speso",
        description="Una riga per capitolo e anno del piano finanziario (211.500 euro): importo previsto e speso.",
        model=VocePnrr,
        key=("ambito", "capitolo", "anno"),
        # A budget for a later year is a plan; an amount already spent in it cannot be.
        checks=(year_within("anno", ANNI_PROGRAMMA, DEL_PROGRAMMA),
                year_not_after_reference("anno", "una spesa", pl.col("speso_eur") > 0)),
    ),
    DatasetSpec(
        name="pippi_progetto",
        filename="pippi_progetto.csv",
        title="PIPPI - dati del progetto per Ambito",
        description="Una riga per Ambito: CUP, data di avvio e di fine, finanziamento e famiglie target "
                    "dell'intero progetto. La data di avvio è il riferimento delle scadenze di governance.",
        model=ProgettoPippi,
        key=("ambito",),
        checks=(RowCheck(P.RIGA_INCOERENTE, "La data di fine precede la data di avvio.", "data_fine",
                         lambda _as_of: pl.col("data_fine") >= pl.col("data_avvio")),
                date_within("data_avvio", ANNI_PROGRAMMA, DEL_PROGRAMMA),
                date_within("data_fine", ANNI_PROGRAMMA, DEL_PROGRAMMA)),
        cadence="all'avvio",
    ),
    DatasetSpec(
        name="pippi_moduli",
        filename="pippi_moduli.csv",
        title="PIPPI - modulo per annualità",
        description="Una riga per Ambito e anno: il modulo del programma (start, base, autonomia, avanzato), "
                    "da cui dipende il target di famiglie dell'anno (10, 10, 15, 20).",
        model=ModuloPippi,
        key=("ambito", "anno"),
        checks=(year_within("anno", ANNI_PROGRAMMA, DEL_PROGRAMMA),),
        cadence="annuale",
    ),
    DatasetSpec(
        name="pippi_governance",
        filename="pippi_governance.csv",
        title="PIPPI - governance: figure, équipe e protocolli",
        description="Una riga per figura nominata (referente territoriale, coach), organismo costituito (Gruppo "
                    "Territoriale, équipe multidisciplinare) o protocollo firmato (scuole, Autorità Giudiziaria), "
                    "con la data dell'atto. Da qui i traguardi di governance del progetto.",
        model=AttoGovernance,
        key=("ambito", "tipo", "codice"),
        checks=(date_within("data", ANNI_DATI, DEI_DATI), date_not_after_reference("data", "la data dell'atto")),
    ),
    DatasetSpec(
        name="pippi_cronoprogramma",
        filename="pippi_cronoprogramma.csv",
        title="PIPPI - cronoprogramma e attività svolte",
        description="Una riga per sotto-azione e trimestre previsto dal cronoprogramma, con l'indicazione "
                    "se l'attività del trimestre è stata svolta.",
        model=AttivitaCronoprogramma,
        key=("ambito", "codice_attivita", "anno", "trimestre"),
        checks=(year_within("anno", ANNI_PROGRAMMA, DEL_PROGRAMMA),
                quarter_not_after_reference("anno", "trimestre", "svolta")),
    ),
    DatasetSpec(
        name="pippi_ore",
        filename="pippi_ore.csv",
        title="PIPPI - ore erogate per figura professionale",
        description="Una riga per Ambito, anno e figura professionale (educatore, psicologo, pedagogista, "
                    "mediatore culturale): ore erogate.",
        model=OrePippi,
        key=("ambito", "anno", "ruolo"),
        checks=(year_within("anno", ANNI_PROGRAMMA, DEL_PROGRAMMA),
                year_not_after_reference("anno", "un monte ore erogato", pl.col("ore_erogate") > 0)),
    ),
]
