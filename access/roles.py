"""The three audiences of the dashboard and what each may do."""

from __future__ import annotations

from typing import Literal

Role = Literal["pubblico", "assemblea", "coordinatore"]
PUBBLICO: Role = "pubblico"
ASSEMBLEA: Role = "assemblea"
COORDINATORE: Role = "coordinatore"
ROLES: tuple[Role, ...] = (PUBBLICO, ASSEMBLEA, COORDINATORE)
ALL_ROLES = frozenset(ROLES)
LOGGED_IN = frozenset({ASSEMBLEA, COORDINATORE})
COORDINATORS = frozenset({COORDINATORE})

ROLE_IT = {
    PUBBLICO: "Pubblico (sola lettura, dati aggregati)",
    ASSEMBLEA: "Assemblea dei Sindaci",
    COORDINATORE: "Coordinamento (Ufficio di Piano, referenti PIPPI)",
}


def may_see_records(role: str) -> bool:
    """Record-level tables (families, accesses, operators) are for coordinators only."""
    return role == COORDINATORE
