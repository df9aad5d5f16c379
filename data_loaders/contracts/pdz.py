"""Piano di Zona datasets: observations of the 2021-2023 indicators (long format) and the
plan's own review of the 2018-2020 cycle."""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, Field

from data_loaders.contracts._plausibility import period_not_after_reference, period_within
from data_loaders.spec import DatasetSpec

PERIOD_PATTERN = r"^\d{4}(-S[12])?$"
# The years of the plan (seeds/004: «PIANO DI ZONA 2021-2023»): its files hold no other year.
ANNI_PIANO = (2021, 2023)
DEL_PIANO = "del Piano di Zona 2021-2023"


AREA_PIANO_PATTERN = r"^(10|[1-9])$"


class OsservazionePdz(BaseModel):
    indicatore: str = Field(description="Codice dell'indicatore come nel catalogo (es. 1.1.out.1)", examples=["1.1.out.1"], min_length=1)
    periodo: str = Field(description="Anno (2023) o semestre (2023-S1)", examples=["2023-S1"], pattern=PERIOD_PATTERN)
    territorio: str = Field(description="«Ambito» per il dato complessivo, il nome del comune, oppure «Sub-ambito» e il suo nome (es. «Sub-ambito Soresinese»)", examples=["Ambito"], min_length=1)
    valore: float = Field(description="Valore osservato nel periodo (conteggio, percentuale o importo secondo l'unità dell'indicatore)", examples=["12"])
    numeratore: Optional[float] = Field(None, description="Per le percentuali: il numeratore", examples=["6"], ge=0)
    denominatore: Optional[float] = Field(None, description="Per le percentuali: il denominatore", examples=["10"], ge=0)
    fonte: str = Field(description="Da dove viene il dato (ufficio, registro, verbale)", examples=["Ufficio di Piano - registro enti"], min_length=1)
    note: Optional[str] = Field(None, description="Note libere", examples=["dato provvisorio"])


class BilancioPdz(BaseModel):
    area_2018_2020: str = Field(description="Area del Piano di Zona 2018-2020 come la chiama il bilancio", examples=["Abitare"], min_length=1)
    sezione: Optional[str] = Field(None, description="Sottotitolo del bilancio sotto cui sta l'obiettivo (se c'è)", examples=["Genitorialità"])
    obiettivo: str = Field(description="Obiettivo 2018-2020, con le parole del bilancio", examples=["Cura e manutenzione dei contesti ERP"], min_length=1)
    azione: Optional[str] = Field(None, description="Azione, dove il bilancio dà il grado di raggiungimento per azione", examples=["Ripensamento dei servizi domiciliari: SAD e SADH"])
    raggiungimento: Optional[float] = Field(None, description="Grado di raggiungimento dell'obiettivo (0-100%); vuoto se il bilancio non lo dà", examples=["80"], ge=0, le=100)
    risorse_euro: Optional[float] = Field(None, description="Risorse stanziate/impegnate (euro), se indicate", examples=["200.000,00"], ge=0)
    risorse_percentuale: Optional[float] = Field(None, description="Quota delle risorse stanziate effettivamente impegnata (0-100%), se indicata", examples=["100"], ge=0, le=100)
    cambiamento: Optional[bool] = Field(None, description="Cambiamento prodotto rispetto all'obiettivo (sì/no), se indicato", examples=["sì"])
    area_2021_2023: Optional[str] = Field(None, description="Area del Piano 2021-2023 più vicina (1-10), proposta dal cruscotto; vuota se nessuna", examples=["2"], pattern=AREA_PIANO_PATTERN)


DATASETS = [
    DatasetSpec(
        name="osservazioni_pdz",
        filename="osservazioni_pdz.csv",
        title="Osservazioni degli indicatori del Piano di Zona",
        description="Una riga per indicatore, periodo e territorio: il valore misurato. I codici degli "
                    "indicatori sono quelli del catalogo (pagina «Piano di Zona»).",
        model=OsservazionePdz,
        key=("indicatore", "periodo", "territorio"),
        checks=(period_within("periodo", ANNI_PIANO, DEL_PIANO), period_not_after_reference("periodo")),
    ),
    DatasetSpec(
        name="bilancio_pdz_2018_2020",
        filename="bilancio_pdz_2018_2020.csv",
        title="Bilancio del Piano di Zona 2018-2020",
        description="Il bilancio del ciclo precedente come lo riporta il Piano di Zona 2021-2023 (sezione "
                    "«PROGRAMMAZIONE 2018-2020: il bilancio dei risultati»): una riga per obiettivo (o per azione, "
                    "dove il bilancio valuta le azioni) con grado di raggiungimento e risorse. Nei dati di esempio "
                    "le cifre sono quelle reali del documento.",
        model=BilancioPdz,
        key=("area_2018_2020", "sezione", "obiettivo", "azione"),
        cadence="una tantum",
    ),
]
