"""Piano di Zona 2021-2023 indicators (areas 1-10). Source: seeds/004, AREE TEMATICHE – OBIETTIVI E AZIONI.

Most of the plan's indicators are written in words; each entry says what number
measures it. The values come from the long observations dataset (osservazioni_pdz),
which coordinators fill each semester.
"""

from __future__ import annotations

from indicators.builders import observed
from indicators.catalog import Indicator, Target

DOC = "seeds/004 - Piano di Zona 2021-2023"

INDICATORS = [
    Indicator(
        id="1.2.out.1", area="1", objective="1.2", kind="output",
        name="Sub-ambiti con sperimentazioni di servizi innovativi", unit="numero", direction="up",
        target=Target("at_least", 2, "2021-2023"), sources=("osservazioni_pdz",),
        plan_text="Sperimentazione in almeno due sub ambiti dei servizi innovativi",
        measure="Sub-ambiti in cui è attiva almeno una sperimentazione dell'obiettivo 1.2",
        formula="conteggio sub-ambiti (osservazione 1.2.out.1)",
        compute=observed("1.2.out.1"), plan_ref=DOC,
    ),
]
