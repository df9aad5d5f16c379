"""Every setting of the dashboard, read from the environment and validated in one place.

The server, the command-line tools and the tests all ask ``get()`` for the one ``Settings``
object; nothing else reads ``os.environ``. A value that would weaken the protection of
small cells (a threshold below 3) or that cannot be read stops the start with an Italian
sentence naming the variable; a ``CRUSCOTTO_*`` variable nobody knows (a typo, a setting of
an older version) is reported, because a silently ignored setting is a protection the
operator believes is on.

The object is rebuilt only when a ``CRUSCOTTO_*`` variable changes, so a long-running
server reads it once and a test that sets a variable sees it at once.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PREFIX = "CRUSCOTTO_"
ROOT = Path(__file__).resolve().parent
DEFAULT_DATA_DIR = ROOT / "sample_data"
DEFAULT_USERS_FILE = Path("~/.config/cruscotto/utenti.toml")
# Below 3 a published count plus one other fact names a family: statistical offices use 3 as
# the floor and 5 as the usual rule. 5 is the default.
SOGLIA_MINIMA_AMMESSA = 3
SOGLIA_CELLA_PREDEFINITA = 5


class SettingsError(ValueError):
    """A setting that cannot be accepted; ``str()`` is the Italian message for the operator."""


class Settings(BaseSettings):
    """The validated settings. Field ``x`` is read from ``CRUSCOTTO_X``."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, case_sensitive=False, frozen=True,
                                      env_ignore_empty=True, extra="ignore")

    data_dir: Path = Field(DEFAULT_DATA_DIR, description="cartella dei dati")
    ambito: str = Field("Cremonese", min_length=1, description="l'Ambito del cruscotto")
    as_of: dt.date | None = Field(None, description="data di riferimento dello stato (predefinita: oggi)")
    soglia_cella: int = Field(SOGLIA_CELLA_PREDEFINITA, ge=SOGLIA_MINIMA_AMMESSA, le=100,
                              description="conteggio più piccolo mostrato al pubblico")
    utenti: Path = Field(DEFAULT_USERS_FILE, description="file degli utenti")
    accesso: Literal["locale", "oidc"] = Field("locale", description="account locali o fornitore di identità")
    max_tentativi: int = Field(3, ge=1, le=100, description="tentativi falliti senza attesa")
    ritardo_secondi: float = Field(1.0, ge=0, le=60, description="attesa dopo il primo tentativo in più")
    ritardo_max_secondi: float = Field(30.0, ge=0, le=600, description="attesa massima fra due tentativi")
    chiave_log: str | None = Field(None, min_length=16, description="chiave segreta degli pseudonimi nei log")
    max_file_mb: float = Field(20.0, gt=0, le=1024, description="dimensione massima di un file caricato")
    max_righe: int = Field(500_000, gt=0, description="righe massime di un file")
    piani: Path | None = Field(None, description="cartella dei file dei piani")
    verifica_grafici: bool = Field(False, description="verifica dei grafici con lo schema Vega-Lite (test)")
    # Read by the shell scripts and the benchmarks; declared so that they are not "unknown".
    venv: Path | None = Field(None, description="ambiente virtuale degli script")
    bench_dir: Path = Field(Path("/tmp/cruscotto-bench"), description="cartella dei dati dei benchmark")

    @field_validator("as_of", mode="before")
    @classmethod
    def _italian_or_iso(cls, value: object) -> object:
        if isinstance(value, str) and "/" in value:
            try:
                return dt.datetime.strptime(value.strip(), "%d/%m/%Y").date()
            except ValueError:
                raise ValueError("data non valida: scrivere gg/mm/aaaa o aaaa-mm-gg") from None
        return value

    @field_validator("accesso", mode="before")
    @classmethod
    def _mode(cls, value: object) -> object:
        # "local" was the English spelling of earlier versions.
        if isinstance(value, str):
            value = value.strip().lower()
            return "locale" if value in ("local", "") else value
        return value

    @property
    def reference_date(self) -> dt.date:
        """The day statuses are judged on: $CRUSCOTTO_AS_OF, else today."""
        return self.as_of or dt.date.today()

    @property
    def users_file(self) -> Path:
        return self.utenti.expanduser()

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def env_name(field: str) -> str:
    return PREFIX + field.upper()


KNOWN = frozenset(env_name(f) for f in Settings.model_fields)


def unknown_variables(environ: dict[str, str] | None = None) -> list[str]:
    """``CRUSCOTTO_*`` variables set in the environment that no setting reads (sorted)."""
    environ = os.environ if environ is None else environ
    return sorted(k for k in environ if k.upper().startswith(PREFIX) and k.upper() not in KNOWN)


def _message(err: ValidationError) -> str:
    lines = []
    for e in err.errors():
        field = str(e["loc"][0]) if e["loc"] else "?"
        value = e.get("input")
        why = e["msg"].removeprefix("Value error, ")
        if field == "soglia_cella" and e["type"] == "greater_than_equal":
            why = (f"la soglia delle celle piccole non può essere meno di {SOGLIA_MINIMA_AMMESSA}: "
                   "con una soglia più bassa il pubblico vedrebbe conteggi che identificano una famiglia")
        lines.append(f"{env_name(field)}={value!s}: {why}")
    return "Impostazioni non valide:\n" + "\n".join("- " + line for line in lines)


_cache: tuple[tuple[tuple[str, str], ...], Settings] | None = None


def get() -> Settings:
    """The settings of the current environment; raises ``SettingsError`` with the Italian message."""
    global _cache
    key = tuple(sorted((k, v) for k, v in os.environ.items() if k.upper().startswith(PREFIX)))
    if _cache is not None and _cache[0] == key:
        return _cache[1]
    try:
        value = Settings()
    except ValidationError as err:
        raise SettingsError(_message(err)) from None
    _cache = (key, value)
    return value


def describe() -> list[tuple[str, str, str]]:
    """(variable, value in use, meaning) for every setting: the README and the coordinator's page."""
    current = get()
    return [(env_name(name), str(getattr(current, name)), info.description or "")
            for name, info in Settings.model_fields.items()]


def for_command_line() -> Settings:
    """For the ``python -m`` entry points: the settings, unknown variables reported on stderr;
    an invalid setting ends the program with status 2 and the Italian message (no traceback)."""
    import sys

    try:
        current = get()
    except SettingsError as err:
        print(f"Errore: {err}", file=sys.stderr)
        raise SystemExit(2) from None
    for name in unknown_variables():
        print(f"Attenzione: la variabile {name} non è un'impostazione del cruscotto ed è ignorata "
              f"(impostazioni note: {', '.join(sorted(KNOWN))}).", file=sys.stderr)
    return current
