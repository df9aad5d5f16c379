"""The comuni of the Ambito and their population by year."""

from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, Field

from data_loaders.contracts._fields import ambito_field, anno_field, istat_field
from data_loaders.contracts._plausibility import year_not_after_reference
from data_loaders.spec import DatasetSpec


class Comune(BaseModel):
    anno: int = anno_field()
    codice_istat: str = istat_field()
    comune: str = Field(description="Nome del comune", examples=["Cremona"], min_length=1)
    ambito: str = ambito_field()
    sub_ambito: Optional[str] = Field(None, description="Sub-ambito o distretto del comune, se usato", examples=["Cremona città"])
    popolazione: int = Field(description="Residenti al 1° gennaio dell'anno", examples=[70637], ge=0)
    popolazione_0_14: Optional[int] = Field(None, description="Residenti 0-14 anni", examples=[8120], ge=0)
    popolazione_65_piu: Optional[int] = Field(None, description="Residenti con 65 anni e più", examples=[18400], ge=0)


DATASETS = [
    DatasetSpec(
        name="comuni",
        filename="comuni.csv",
        title="Comuni e popolazione",
        description="Un comune per riga e per anno: codice ISTAT, nome, ambito, popolazione al 1° gennaio "
                    "(fonte ISTAT/anagrafe). Serve per i valori per abitante e per le classi di ampiezza.",
        model=Comune,
        key=("anno", "codice_istat"),
        checks=(year_not_after_reference("anno", "la popolazione al 1° gennaio"),),
        cadence="annuale",
    ),
]
