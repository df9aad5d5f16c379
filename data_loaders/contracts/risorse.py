"""The district's resources: social spending of the comuni and the funds by year."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, Field

from data_loaders.contracts._fields import ambito_field, anno_field
from data_loaders.contracts._plausibility import year_not_after_reference, year_within
from data_loaders.contracts.pdz import ANNI_PIANO, DEL_PIANO
from data_loaders.spec import DatasetSpec


class SpesaSociale(BaseModel):
    ambito: str = ambito_field()
    anno: int = anno_field()
    dimensione: Literal["area", "gestione", "totale"] = Field(
        description="«area» per le righe per area di intervento, «gestione» per singola/associata, "
                    "«totale» per il totale dichiarato dalla fonte", examples=["area"])
    voce: str = Field(description="Area (famiglia_minori, disabilita, ...), gestione (singola, associata) o «totale»", examples=["famiglia_minori"], min_length=1)
    importo_eur: float = Field(description="Spesa sociale dei comuni (euro)", examples=["5.241.511"], ge=0)
    fonte: str = Field(description="Fonte del dato", examples=["Datawarehouse Regione Lombardia"], min_length=1)
    nota: Optional[str] = Field(None, description="Annotazioni sulla riga (es. un'incongruenza della fonte)",
                                examples=["la variazione 2019/2016 dichiarata non torna con la riga"])


class Fondo(BaseModel):
    ambito: str = ambito_field()
    fondo: str = Field(description="Nome del fondo (es. FNPS, FSR, FNA)", examples=["FNPS"], min_length=1)
    tipo: Literal["ordinario", "altro"] = Field(description="Fondo ordinario o altro fondo/progetto", examples=["ordinario"])
    anno: int = anno_field()
    stato: Literal["stima", "assegnato"] = Field(description="«stima» se previsto dal Piano, «assegnato» se effettivamente ricevuto", examples=["assegnato"])
    importo_eur: float = Field(description="Importo (euro)", examples=["850.000,00"], ge=0)
    nota: Optional[str] = Field(None, description="Annotazioni della fonte (es. «2020 utilizzo 2021»)", examples=["2020 utilizzo 2021"])
    fonte: str = Field(description="Fonte del dato", examples=["Piano di Zona 2021-2023, tabella Fondi ordinari"], min_length=1)


DATASETS = [
    DatasetSpec(
        name="spesa_sociale",
        filename="spesa_sociale.csv",
        title="Spesa sociale dei comuni per area e anno",
        description="Una riga per anno e voce: le aree di intervento, la gestione singola/associata e il totale "
                    "come dichiarato dalla fonte (viene confrontato con la somma delle righe).",
        model=SpesaSociale,
        key=("ambito", "anno", "dimensione", "voce"),
        # Context figures of the years before the plan (2016-2019 in the plan): no window, only no future.
        checks=(year_not_after_reference("anno", "la spesa"),),
        cadence="annuale",
    ),
    DatasetSpec(
        name="fondi",
        filename="fondi.csv",
        title="Fondi dell'Ambito per anno",
        description="Una riga per fondo, anno e stato: le stime del Piano e gli importi effettivamente assegnati.",
        model=Fondo,
        key=("ambito", "fondo", "anno", "stato"),
        # The plan's funds table (2021 assigned, estimates 2022 and 2023) and what was then received.
        checks=(year_within("anno", ANNI_PIANO, DEL_PIANO),),
        cadence="annuale",
    ),
]
