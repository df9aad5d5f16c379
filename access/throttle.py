"""Failed logins slow down whoever makes them; nobody is ever locked out.

Failures are counted per key: the browser session that makes them and the user name it
tries (known or not: an unknown name is slowed down exactly like a real one, so the delay
tells nothing). After ``max_tentativi`` failures in a row on a key, the next attempt on it
waits ``ritardo_secondi`` from the last failure, doubling at each further failure up to
``ritardo_max_secondi``. The wait is measured from the last failure, so the owner of an
account under attack waits at most ``ritardo_max_secondi`` once, and nothing when the
attack has paused that long; a success clears the keys it used; a key quiet for
``FORGET_AFTER_S`` is forgotten.

The counts live in memory: a delay of seconds needs no survival across a restart, and
keeping them off disk means a failed attempt writes nothing (no time or disk an attacker
could spend, no difference between a known and an unknown name). The clock and the sleep
are injected so that tests run without waiting.

Limit: an attacker with N sessions in parallel gets N guesses every ``ritardo_max_secondi``
(bounded also by the hashing slots, access/passwords.py); a limit per client address
belongs to the reverse proxy in front of the server.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

FORGET_AFTER_S = 15 * 60
MAX_KEYS = 50_000


@dataclass
class Throttle:
    max_failures: int = 3
    delay_s: float = 1.0
    max_delay_s: float = 30.0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    # key -> (failures in a row, clock of the last failure)
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def delay_after(self, failures: int) -> float:
        """The wait that ``failures`` failures in a row impose on the next attempt."""
        if failures < self.max_failures:
            return 0.0
        return min(self.delay_s * 2 ** (failures - self.max_failures), self.max_delay_s)

    def wait_for(self, keys: Iterable[str]) -> float:
        """Seconds the next attempt on ``keys`` must still wait (0 when it may go at once)."""
        with self._lock:
            now = self.clock()
            waits = [0.0]
            for key in keys:
                failures, last = self._failures.get(key, (0, now))
                if now - last > FORGET_AFTER_S:
                    continue
                waits.append(last + self.delay_after(failures) - now)
            return max(0.0, max(waits))

    def wait(self, keys: Iterable[str]) -> float:
        """Sleep for as long as ``keys`` must wait; the seconds slept."""
        seconds = self.wait_for(keys)
        if seconds > 0:
            self.sleep(seconds)
        return seconds

    def failed(self, keys: Iterable[str]) -> int:
        """Count a failure on every key; the largest count in a row among them."""
        with self._lock:
            now = self.clock()
            if len(self._failures) >= MAX_KEYS:
                self._prune(now)
            counts = [0]
            for key in keys:
                failures, last = self._failures.get(key, (0, now))
                failures = 0 if now - last > FORGET_AFTER_S else failures
                self._failures[key] = (failures + 1, now)
                counts.append(failures + 1)
            return max(counts)

    def succeeded(self, keys: Iterable[str]) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._failures.clear()

    def _prune(self, now: float) -> None:
        # A crowd of invented names must not grow memory without end: drop the quiet keys,
        # then the oldest half (a key under attack is never the oldest).
        self._failures = {k: v for k, v in self._failures.items() if now - v[1] <= FORGET_AFTER_S}
        if len(self._failures) >= MAX_KEYS:
            newest = sorted(self._failures.items(), key=lambda kv: kv[1][1])[len(self._failures) // 2:]
            self._failures = dict(newest)
