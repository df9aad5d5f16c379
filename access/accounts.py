"""Local accounts: who may log in, with which role, and how a login is checked.

The users file lives OUTSIDE the repository: ``$CRUSCOTTO_UTENTI``, by default
``~/.config/cruscotto/utenti.toml``. It holds, per user, the role and a salted argon2id hash
of the password (access/passwords.py), never a password::

    [utenti."mario.rossi"]
    ruolo = "coordinatore"
    password = "$argon2id$v=19$m=19456,t=2,p=1$...$..."
    # email = "mario.rossi@comune.example.it"   # for Streamlit's OIDC login, optional
    # disattivato = true                          # keeps the entry, refuses the login

The file is re-read whenever it changes on disk (cached on its identity), so a role changed
or a user removed takes effect at the user's next click. Every change (the command line, the
upgrade of an old hash at login) is a read-modify-write under an exclusive lock
(``utenti.toml.lock``, flock: it also separates threads) ending in an atomic replace, so two
writers at once lose neither change and a reader never sees half a file.

A login attempt answers the same, after the same work, whoever the name is: an unknown,
disabled or known user costs one hash check with the same algorithm and parameters and the
same wait (access/throttle.py). Failures slow down the session and the name that make them;
nobody is locked out. The log has every attempt with pseudonyms, never a name or a password:
HMAC-SHA256 under ``$CRUSCOTTO_CHIAVE_LOG``, else under a random key made once and kept beside
the users file (``utenti.chiave-log``, mode 0600). No streamlit here: the command line
(``python -m access.users``) manages the same file.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import tempfile
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import settings
from access import passwords
from access.roles import LOGGED_IN
from access.throttle import Throttle
from data_loaders.files import write_atomic

NAME_MAX = 64
NAME_PATTERN = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9._@-]{{0,{NAME_MAX - 1}}}$")
KEY_BYTES = 32

log = logging.getLogger("cruscotto.accesso")

# The one throttle of the server process; its limits follow the settings at each attempt.
THROTTLE = Throttle()


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
    # "ok" or "credenziali" (wrong name or password: the two are never told apart)
    reason: str = "credenziali"
    # seconds the attempt waited for earlier failures of this session or name
    waited: float = 0.0


class AccountError(ValueError):
    pass


def users_path() -> Path:
    """The users file of the settings ($CRUSCOTTO_UTENTI, or the default under the home folder)."""
    return settings.get().users_file


def key_path(users: Path | None = None) -> Path:
    users = users or users_path()
    return users.with_name(users.stem + ".chiave-log")


# --- pseudonyms for the log ----------------------------------------------------------------

_keys: dict[str, bytes] = {}
_keys_lock = threading.Lock()


def log_key(users: Path | None = None) -> bytes:
    """The secret key of the log's pseudonyms: $CRUSCOTTO_CHIAVE_LOG, else the key file beside
    the users file, created at first use (0600). An unreadable place gives a key of this
    process only (pseudonyms then change at a restart, but still name nobody)."""
    configured = settings.get().chiave_log
    if configured:
        return configured.encode("utf-8")
    path = key_path(users)
    with _keys_lock:
        if str(path) not in _keys:
            try:
                _keys[str(path)] = _read_or_create_key(path)
            except OSError as err:
                log.warning("chiave degli pseudonimi non leggibile né creabile (%s): uso una chiave "
                            "temporanea", err.strerror or err)
                _keys[str(path)] = secrets.token_bytes(KEY_BYTES)
        return _keys[str(path)]


def _read_or_create_key(path: Path) -> bytes:
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_hex(KEY_BYTES) + "\n")
            f.flush()
            os.fsync(f.fileno())
        # link() publishes the whole file or fails if another process was first: one key for all.
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        os.unlink(tmp)
    return _read_key(path)


def _read_key(path: Path) -> bytes:
    if path.stat().st_mode & 0o077:
        log.warning("la chiave degli pseudonimi era leggibile da altri: permessi riportati a 0600")
        os.chmod(path, 0o600)
    text = path.read_text(encoding="ascii").strip()
    if len(text) < 2 * KEY_BYTES:
        raise OSError(0, f"chiave troppo corta in {path.name}")
    return text.encode("ascii")


def pseudonym(name: str, users: Path | None = None, kind: str = "utente") -> str:
    """A stable tag for a user name (or a session) in logs, which never hold the name itself:
    without the key, a list of likely names cannot be hashed and matched against the log."""
    digest = hmac.new(log_key(users), f"{kind}\0{name}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}#{digest[:12]}"


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
            log.warning("voce %s del file utenti ignorata: profilo non valido", pseudonym(name, path))
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


# --- login -----------------------------------------------------------------------------

def _throttle() -> Throttle:
    s = settings.get()
    t = THROTTLE
    t.max_failures, t.delay_s, t.max_delay_s = s.max_tentativi, s.ritardo_secondi, s.ritardo_max_secondi
    return t


def _throttle_keys(name: str, path: Path, session: str | None) -> list[str]:
    keys = [f"utente\0{path}\0{name}"]
    if session:
        keys.append(f"sessione\0{session}")
    return keys


def login_wait(name: str, session: str | None = None, path: Path | None = None) -> float:
    """Seconds an attempt with ``name`` from ``session`` would wait now (for the page to say so)."""
    path = path or users_path()
    return _throttle().wait_for(_throttle_keys((name or "").strip()[:NAME_MAX + 1], path, session))


def authenticate(name: str, password: str, path: Path | None = None,
                 session: str | None = None) -> LoginResult:
    """Check a login attempt from ``session`` (an opaque id of the browser session; None from
    the command line). It first waits as long as earlier failures of this session or this
    name require, then spends exactly one hash check whether or not the name exists; a
    success with an old hash stores the password again as argon2id."""
    path = path or users_path()
    # Cut to one character more than any real name or password can have: still no match, and
    # a megabyte of input costs neither memory in the throttle nor time in the hash.
    name = (name or "").strip()[:NAME_MAX + 1]
    password = (password or "")[:passwords.MAX_LENGTH + 1]
    throttle = _throttle()
    keys = _throttle_keys(name, path, session)
    waited = throttle.wait(keys)
    # Read after the wait: a user disabled or re-passworded meanwhile is judged as they are now.
    user = load_users(path).get(name)
    usable = user is not None and not user.disabled and bool(user.password_hash)
    ok = passwords.verify_password(password, user.password_hash) if usable else passwords.verify_dummy(password)
    tags = f"{pseudonym(name, path)}, {pseudonym(session or '-', path, kind='sessione')}"
    if not ok:
        failures = throttle.failed(keys)
        why = "password errata" if usable else "utente disattivato" if user else "utente sconosciuto"
        log.info("accesso rifiutato (%s): %s, %d falliti di fila, attesa %.1f s",
                 why, tags, failures, waited)
        return LoginResult(False, waited=waited)
    throttle.succeeded(keys)
    upgraded = _upgrade_hash(user, password, path)
    log.info("accesso riuscito: %s, profilo %s, attesa %.1f s%s", tags, user.role, waited,
             ", hash aggiornato ad argon2id" if upgraded else "")
    return LoginResult(True, user=user, reason="ok", waited=waited)


def _upgrade_hash(user: User, password: str, path: Path) -> bool:
    """Store a proved password again with the current algorithm and parameters, unless the
    entry changed since it was read (a new password, a removal: those win)."""
    if not passwords.needs_rehash(user.password_hash):
        return False
    new_hash = passwords.hash_password(password)
    try:
        with _locked(path):
            users = dict(load_users(path))
            current = users.get(user.name)
            if current is None or current.password_hash != user.password_hash:
                return False
            users[user.name] = replace(current, password_hash=new_hash)
            _write_users(users, path)
    except OSError as err:
        log.warning("hash di %s non aggiornato: file utenti non scrivibile (%s)",
                    pseudonym(user.name, path), err.strerror or err)
        return False
    return True


# --- writing the users file (python -m access.users) -------------------------------------

@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One writer of the users file at a time, across processes and threads."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _toml_string(text: str) -> str:
    # A JSON string without non-ASCII escapes is a valid TOML basic string.
    return json.dumps(text, ensure_ascii=False)


def _write_users(users: dict[str, User], path: Path) -> None:
    lines = ["# Utenti del Cruscotto Piano di Zona: gestire con `python -m access.users`.",
             "# Solo hash delle password (argon2id con sale), mai le password.", ""]
    for u in sorted(users.values(), key=lambda u: u.name):
        lines.append(f"[utenti.{_toml_string(u.name)}]")
        lines.append(f"ruolo = {_toml_string(u.role)}")
        lines.append(f"password = {_toml_string(u.password_hash)}")
        if u.email:
            lines.append(f"email = {_toml_string(u.email)}")
        if u.disabled:
            lines.append("disattivato = true")
        lines.append("")
    # Private to the server's user: it holds the password hashes.
    write_atomic(path, "\n".join(lines).encode("utf-8"), mode=0o600)


def save_users(users: dict[str, User], path: Path | None = None) -> None:
    """Write the users file (mode 0600), one table per user, replacing what it held."""
    path = path or users_path()
    with _locked(path):
        _write_users(users, path)


@contextlib.contextmanager
def _changing(path: Path | None) -> Iterator[tuple[dict[str, User], Path]]:
    """Read-modify-write of the users file under the lock: the caller edits the dict."""
    path = path or users_path()
    with _locked(path):
        users = dict(load_users(path))
        yield users, path
        _write_users(users, path)


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
    check_name(name), check_role(role)
    password_hash = passwords.hash_password(password)  # outside the lock: it takes a while
    with _changing(path) as (users, _):
        if name in users:
            raise AccountError(f"l'utente {name} esiste già")
        users[name] = User(name, role, password_hash, email)
    return users[name]


def update_user(name: str, path: Path | None = None, **changes) -> User:
    """Change fields of ``name`` (role, password_hash, email, disabled) and return the new entry."""
    if "role" in changes:
        check_role(changes["role"])
    with _changing(path) as (users, _):
        if name not in users:
            raise AccountError(f"l'utente {name} non esiste")
        users[name] = replace(users[name], **changes)
    return users[name]


def remove_user(name: str, path: Path | None = None) -> None:
    with _changing(path) as (users, _):
        if users.pop(name, None) is None:
            raise AccountError(f"l'utente {name} non esiste")


def outdated_hash(user: User) -> bool:
    """Whether ``user``'s hash will be replaced at their next login (an older algorithm or cost)."""
    return bool(user.password_hash) and passwords.needs_rehash(user.password_hash)
