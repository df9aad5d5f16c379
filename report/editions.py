"""The three versions of the report and who may produce which.

Each version is the engine table as one role sees it (access/views.py): «pubblico» as the public,
«assemblea» as the Assemblea dei Sindaci (the same small-cell protection), «interna» as the
coordination (every value). A coordinator may produce any of them; everyone else only their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from access.roles import ASSEMBLEA, COORDINATORE, PUBBLICO


@dataclass(frozen=True)
class Edition:
    key: str  # what `python -m report --versione` takes
    role: str  # whose view of the engine table the version is built from
    name: str  # as offered on the page
    label: str  # in every page's footer

    def audience(self, threshold: int) -> str:
        """Who the version is for and what it hides, for the cover."""
        if self.role == COORDINATORE:
            return f"{self.label}, riservata al coordinamento: tutti i valori, senza soppressioni."
        return (f"{self.label}: i valori che riguardano meno di {threshold} persone o famiglie non sono mostrati, "
                "né ciò che permetterebbe di ricavarli.")


PUBBLICA = Edition("pubblica", PUBBLICO, "Pubblico", "Versione pubblica")
PER_ASSEMBLEA = Edition("assemblea", ASSEMBLEA, "Assemblea dei Sindaci", "Versione per l'Assemblea dei Sindaci")
INTERNA = Edition("interna", COORDINATORE, "Interno (coordinamento)", "Versione interna")
EDITIONS: dict[str, Edition] = {e.key: e for e in (PUBBLICA, PER_ASSEMBLEA, INTERNA)}
# A coordinator preparing the Assemblea's meeting wants its version first.
DEFAULT_FOR_COORDINATOR = PER_ASSEMBLEA.key


def edition_for_role(role: str) -> Edition:
    """The version built from ``role``'s view (an unknown role gets the public one)."""
    return next((e for e in EDITIONS.values() if e.role == role), PUBBLICA)


def editions_for(role: str) -> list[Edition]:
    """The versions ``role`` may produce, the default first: all three for a coordinator."""
    if role == COORDINATORE:
        return [PER_ASSEMBLEA, PUBBLICA, INTERNA]
    return [edition_for_role(role)]
