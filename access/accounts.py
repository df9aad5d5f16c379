"""Local accounts: who may log in, with which role, and the failed-attempt lock.

The users file lives OUTSIDE the repository: ``$CRUSCOTTO_UTENTI``, by default
``~/.config/cruscotto/utenti.toml``. It holds, per user, the role and a salted scrypt hash
of the password (access/passwords.py), never a password::

    [utenti."mario.rossi"]
    ruolo = "coordinatore"
    password = "scrypt$32768$8$1$...$..."
    # email = "mario.rossi@comune.example.it"   # for Streamlit's OIDC login, optional
    # disattivato = true                          # keeps the entry, refuses the login

Failed attempts are counted in a small state file beside it (``utenti.tentativi.json``),
so neither a server restart nor a new browser session resets them. The file is re-read
whenever it changes on disk (cached on its modification time), so a role changed or a user
removed takes effect at the user's next click. No streamlit here: the command line
(``python -m access.users``) manages the same file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

from access.passwords import hash_password, verify_password, waste_time_like_a_check
from access.roles import LOGGED_IN

USERS_ENV = "CRUSCOTTO_UTENTI"
DEFAULT_USERS_FILE = Path("~/.config/cruscotto/utenti.toml")
MAX_ATTEMPTS_ENV = "CRUSCOTTO_MAX_TENTATIVI"
LOCK_MINUTES_ENV = "CRUSCOTTO_BLOCCO_MINUTI"
MAX_TENTATIVI = 5
BLOCCO_MINUTI = 15
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")

log = logging.getLogger("cruscotto.accesso")
_lock = threading.Lock()


@dataclass(frozen=True)
class User:
    name: str
    role: str
    password_hash: str
    email: str = ""
    disabled: bool = False


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    user: User | None = None
    # "ok", "credenziali" (wrong name or password), "bloccato" (too many failures)
    reason: str = "credenziali"
    locked_until: float | None = None


class AccountError(ValueError):
    pass


def users_path() -> Path:
    """The users file from $CRUSCOTTO_UTENTI, or the default under the home folder."""
    return Path(os.environ.get(USERS_ENV) or DEFAULT_USERS_FILE).expanduser()


def attempts_path(users: Path | None = None) -> Path:
    users = users or users_path()
    return users.with_name(users.stem + ".tentativi.json")


def max_attempts() -> int:
    return _int_env(MAX_ATTEMPTS_ENV, MAX_TENTATIVI)


def lock_seconds() -> float:
    return 60.0 * _int_env(LOCK_MINUTES_ENV, BLOCCO_MINUTI)


def _int_env(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


def pseudonym(name: str) -> str:
    """A stable tag for a user name in logs, which never hold the name itself."""
    return "utente#" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]


# --- reading, cached on the file's identity -------------------------------------------

_cache: dict[str, tuple[tuple, dict[str, User]]] = {}


def _stamp(path: Path) -> tuple | None:
    try:
        s = path.stat()
    except FileNotFoundError:
        return None
    return (s.st_mtime_ns, s.st_size, s.st_ino)


def load_users(path: Path | None = None) -> dict[str, User]:
    """Every user of the file by name (empty when there is no file). Re-read only when it changes."""
    path = path or users_path()
    stamp = _stamp(path)
    if stamp is None:
        return {}
    cached = _cache.get(str(path))
    if cached and cached[0] == stamp:
        return cached[1]
    with open(path, "rb") as f:
        data = tomllib.load(f)
    users = {}
    for name, entry in (data.get("utenti") or {}).items():
        role = entry.get("ruolo")
        if role not in LOGGED_IN or not isinstance(entry.get("password", ""), str):
            log.warning("voce %s del file utenti ignorata: profilo non valido", pseudonym(name))
            continue
        users[name] = User(name, role, entry.get("password", ""), entry.get("email", ""),
                           bool(entry.get("disattivato", False)))
    _cache[str(path)] = (stamp, users)
    return users


def role_of(name: str, path: Path | None = None) -> str | None:
    """The role ``name`` has now according to the users file, or None (removed or disabled)."""
    user = load_users(path).get(name)
    return user.role if user and not user.disabled else None


def user_for_email(email: str, path: Path | None = None) -> User | None:
    """The active user whose e-mail (or name) is ``email``: the link to an OIDC identity."""
    if not email:
        return None
    email = email.strip().lower()
    for u in load_users(path).values():
        if not u.disabled and email in (u.email.strip().lower(), u.name.lower()):
            return u
    return None


# --- login and the failed-attempt lock ---------------------------------------------------

def _read_attempts(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def locked_until(name: str, path: Path | None = None, now: float | None = None) -> float | None:
    """When the lock on ``name`` ends (epoch seconds), or None if it is not locked."""
    now = time.time() if now is None else now
    entry = _read_attempts(attempts_path(path)).get(name) or {}
    until = entry.get("bloccato_fino")
    return until if until and until > now else None


def authenticate(name: str, password: str, path: Path | None = None, now: float | None = None) -> LoginResult:
    """Check a login. Wrong passwords are counted per user in the state file; after
    ``max_attempts()`` in a row the account is locked for ``lock_seconds()``, and while
    locked even the right password is refused. An unknown name costs the same time as a
    known one and gets the same answer as a wrong password."""
    path = path or users_path()
    now = time.time() if now is None else now
    name = (name or "").strip()
    user = load_users(path).get(name)
    if user is None or user.disabled or not user.password_hash:
        waste_time_like_a_check(password or "")
        log.info("accesso rifiutato: utente sconosciuto o disattivato")
        return LoginResult(False)
    with _lock:
        state_path = attempts_path(path)
        state = _read_attempts(state_path)
        entry = state.get(name) or {}
        until = entry.get("bloccato_fino")
        if until and until > now:
            log.warning("accesso rifiutato: %s bloccato per troppi tentativi", pseudonym(name))
            return LoginResult(False, reason="bloccato", locked_until=until)
        if verify_password(password or "", user.password_hash):
            if entry:
                state.pop(name, None)
                _write_atomic(state_path, json.dumps(state, indent=1))
            log.info("accesso riuscito: %s, profilo %s", pseudonym(name), user.role)
            return LoginResult(True, user=user, reason="ok")
        failures = (entry.get("falliti", 0) if not until else 0) + 1
        entry = {"falliti": failures}
        if failures >= max_attempts():
            entry["bloccato_fino"] = now + lock_seconds()
        state[name] = entry
        _write_atomic(state_path, json.dumps(state, indent=1))
    if "bloccato_fino" in entry:
        log.warning("accesso rifiutato: password errata (%d di fila), %s bloccato", failures, pseudonym(name))
        return LoginResult(False, reason="bloccato", locked_until=entry["bloccato_fino"])
    log.info("accesso rifiutato: password errata (%d di fila) per %s", failures, pseudonym(name))
    return LoginResult(False)


# --- writing the users file (python -m access.users) -------------------------------------

def _toml_string(text: str) -> str:
    # A JSON string without non-ASCII escapes is a valid TOML basic string.
    return json.dumps(text, ensure_ascii=False)


def save_users(users: dict[str, User], path: Path | None = None) -> None:
    """Write the users file (mode 0600), one table per user."""
    path = path or users_path()
    lines = ["# Utenti del Cruscotto Piano di Zona: gestire con `python -m access.users`.",
             "# Solo hash delle password (scrypt con sale), mai le password.", ""]
    for u in sorted(users.values(), key=lambda u: u.name):
        lines.append(f"[utenti.{_toml_string(u.name)}]")
        lines.append(f"ruolo = {_toml_string(u.role)}")
        lines.append(f"password = {_toml_string(u.password_hash)}")
        if u.email:
            lines.append(f"email = {_toml_string(u.email)}")
        if u.disabled:
            lines.append("disattivato = true")
        lines.append("")
    _write_atomic(path, "\n".join(lines))


def check_name(name: str) -> str:
    if not NAME_PATTERN.match(name or ""):
        raise AccountError("nome utente non valido: lettere, cifre e . _ @ - (al massimo 64 caratteri)")
    return name


def check_role(role: str) -> str:
    if role not in LOGGED_IN:
        raise AccountError(f"profilo non valido: {role!r} (ammessi: {', '.join(sorted(LOGGED_IN))})")
    return role


def add_user(name: str, role: str, password: str, path: Path | None = None, email: str = "") -> User:
    """Create ``name`` (an AccountError if it exists) and return it."""
    users = dict(load_users(path or users_path()))
    check_name(name), check_role(role)
    if name in users:
        raise AccountError(f"l'utente {name} esiste già")
    users[name] = User(name, role, hash_password(password), email)
    save_users(users, path)
    return users[name]


def update_user(name: str, path: Path | None = None, **changes) -> User:
    """Change fields of ``name`` (role, password_hash, email, disabled) and return the new entry."""
    from dataclasses import replace

    users = dict(load_users(path or users_path()))
    if name not in users:
        raise AccountError(f"l'utente {name} non esiste")
    if "role" in changes:
        check_role(changes["role"])
    users[name] = replace(users[name], **changes)
    save_users(users, path)
    return users[name]


def remove_user(name: str, path: Path | None = None) -> None:
    users = dict(load_users(path or users_path()))
    if users.pop(name, None) is None:
        raise AccountError(f"l'utente {name} non esiste")
    save_users(users, path)


def unlock(name: str, path: Path | None = None) -> bool:
    """Clear the failed attempts of ``name``; True if there were any."""
    with _lock:
        state_path = attempts_path(path)
        state = _read_attempts(state_path)
        if name not in state:
            return False
        state.pop(name)
        _write_atomic(state_path, json.dumps(state, indent=1))
        return True
