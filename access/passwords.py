"""Password hashes: argon2id (argon2-cffi), with the older scrypt hashes still accepted.

New hashes are argon2id with OWASP's parameters m=19 MiB, t=2, p=1 (the Password Storage
Cheat Sheet's first configuration), stored in the standard PHC form
``$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>``. Why these and not RFC 9106's low-memory
profile (64 MiB, t=3, p=4): a check takes about 25 ms of one core and 19 MiB here, against
about 140 ms of both cores and 64 MiB, on a 2-core server that must keep drawing pages for
the Assemblea while people log in; p=1 keeps a login to one core. The strength against an
offline guesser is the same by OWASP's table (its options are of equal cost to the attacker).

Hashes written by earlier versions (``scrypt$N$r$p$<salt>$<hash>``) still verify;
``needs_rehash`` says so, and the login replaces them with argon2id once the password has
been proved (access/accounts.py). The same happens to argon2id hashes of other parameters.

Hashes are computed by a pool of ``CHECK_SLOTS`` threads of their own: a crowd of parallel
login attempts queues there instead of taking 19 MiB each, and the 19 MiB blocks are reused by
the same few threads (measured: 100 attempts from 100 threads kept 286 MB of memory when each
thread hashed for itself, as glibc gives every thread an arena that keeps what it freed).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

ARGON2_MEMORY_KIB = 19 * 1024
ARGON2_TIME_COST = 2
ARGON2_PARALLELISM = 1
ARGON2_PREFIX = "$argon2id$"
MIN_LENGTH = 10
# Longer input is refused unread: a megabyte typed into the login form is not worth hashing.
MAX_LENGTH = 1024
SCRYPT = "scrypt"

_hasher = PasswordHasher(time_cost=ARGON2_TIME_COST, memory_cost=ARGON2_MEMORY_KIB,
                         parallelism=ARGON2_PARALLELISM, hash_len=32, salt_len=16, type=Type.ID)
CHECK_SLOTS = max(1, min(4, os.cpu_count() or 1))
_pools: dict[int, ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    # One per process: a forked child has none of its parent's threads.
    pid = os.getpid()
    with _pools_lock:
        if pid not in _pools:
            _pools.clear()
            _pools[pid] = ThreadPoolExecutor(max_workers=CHECK_SLOTS, thread_name_prefix="hash-password")
        return _pools[pid]


def hash_password(password: str) -> str:
    """A new salted argon2id hash of ``password`` in the PHC text form."""
    return _pool().submit(_hasher.hash, password).result()


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches ``stored`` (argon2id or legacy scrypt); a malformed
    hash never matches. Every check of a login, the dummy one included, goes through here."""
    return _pool().submit(_verify, password, stored).result()


def _verify(password: str, stored: str) -> bool:
    if stored.startswith(SCRYPT + "$"):
        return _verify_scrypt(password, stored)
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    """Whether ``stored`` should be replaced by a hash of the current algorithm and parameters."""
    if not stored.startswith(ARGON2_PREFIX):
        return True
    try:
        return _hasher.check_needs_rehash(stored)
    except (InvalidHashError, ValueError):
        return True


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # A hash of a random secret nobody knows, with the algorithm and parameters of real hashes.
    return hash_password(secrets.token_urlsafe(24))


def verify_dummy(password: str) -> bool:
    """Spend one check like a real one (same algorithm and parameters) and fail: the answer
    for an unknown or disabled user then costs what a wrong password costs."""
    verify_password(password, _dummy_hash())
    return False


def _verify_scrypt(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        n, r, p = int(n), int(r), int(p)
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt), n=n, r=r, p=p,
                             maxmem=2 * 128 * n * r + 1024 * 1024, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, expected)


def weak_reason(password: str) -> str | None:
    """Why ``password`` is too weak to accept, or None."""
    if len(password) < MIN_LENGTH:
        return f"la password deve avere almeno {MIN_LENGTH} caratteri"
    if len(password) > MAX_LENGTH:
        return f"la password può avere al massimo {MAX_LENGTH} caratteri"
    if password.strip() != password:
        return "la password non può iniziare o finire con uno spazio"
    return None
