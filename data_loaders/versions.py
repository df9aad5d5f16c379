"""Every version of every dataset, kept; the current one switched in atomically.

Layout inside the data folder (``CRUSCOTTO_DATA_DIR``):

    <file>.csv                               the CURRENT version: what every loader and the CLI read
    .versioni/<dataset>/manifest.json        the history: one entry per version (who, when, which file)
    .versioni/<dataset>/<sha256>.csv         the content of each version, stored once per content
    .versioni/<dataset>/originali/<sha>.xlsx the uploaded spreadsheet, when it was not the CSV itself
    .versioni/<dataset>/in_corso.json        journal of a switch under way (only a crash leaves it)
    .versioni/<dataset>/.lock                one writer at a time per dataset (flock)

Why the current file keeps its plain name: the loaders, the CLI and a coordinator copying files
by hand all keep working unchanged; the history is beside it, hidden.

How nothing is ever half-written: every file is written to a temporary file in the same folder,
flushed and fsync'ed, then renamed over the old one with os.replace (atomic on POSIX: a reader sees
the old file or the new one, never a mix). The switch is journalled: the new entry is written to
``in_corso.json`` before the current file is replaced and moved into the manifest after. After a
crash, the next writer finds the journal and looks at the current file: if it holds the new
content the entry is recorded, otherwise the previous version simply stayed current.

Two uploads at once: a per-dataset lock (fcntl.flock, which also separates threads of one process)
lets one writer in; the other waits up to ``LOCK_TIMEOUT_S`` and then either writes its own
version after the first, or is refused with ``Occupato`` — never both half-way.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Iterator, Literal

from data_loaders.files import TMP_PREFIX, write_atomic
from data_loaders.loader import data_dir, parse_bytes
from data_loaders.registry import get

STORE_DIR = ".versioni"
MANIFEST = "manifest.json"
JOURNAL = "in_corso.json"
LOCK_FILE = ".lock"
ORIGINALS = "originali"
# How long a second coordinator's save waits for the first before being refused (seconds).
LOCK_TIMEOUT_S = 15.0
_LOCK_POLL_S = 0.05

Action = Literal["caricamento", "ripristino", "trovata"]
ACTION_IT = {"caricamento": "caricata", "ripristino": "ripristino", "trovata": "trovata nella cartella"}


class StoreError(Exception):
    """A save or restore that did not happen; the message is Italian and says why."""


class Occupato(StoreError):
    """Another save of the same dataset held the lock for longer than LOCK_TIMEOUT_S."""


@dataclass(frozen=True)
class Version:
    numero: int
    caricato_il: str          # ISO 8601 with the server's UTC offset
    caricato_da: str
    file_originale: str
    sha256: str               # of the stored CSV content (what the loaders read)
    dimensione: int           # bytes of the stored CSV
    righe_lette: int
    righe_valide: int
    righe_scartate: int
    azione: Action
    note: str = ""
    sha256_originale: str = ""  # of the uploaded file, when it differs (an .xlsx)

    @property
    def when(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.caricato_il)

    @classmethod
    def from_dict(cls, d: dict) -> "Version":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


@dataclass(frozen=True)
class SaveOutcome:
    stored: bool          # False: the content was already the current version, nothing written
    version: Version      # the new version, or the current one it is identical to
    message: str          # Italian, for the page


def _now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Store:
    """The versions of one dataset in one data folder."""

    def __init__(self, dataset: str, folder: str | os.PathLike | None = None):
        self.spec = get(dataset)
        self.folder = data_dir(folder)
        self.current_path = self.folder / self.spec.filename
        self.dir = self.folder / STORE_DIR / self.spec.name

    # -- reading (no lock: every file read here is replaced atomically) ------------------
    def _manifest(self) -> dict:
        path = self.dir / MANIFEST
        if not path.exists():
            return {"dataset": self.spec.name, "file": self.spec.filename, "corrente": None, "versioni": []}
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"Il registro delle versioni di {self.spec.filename} non si legge ({path}): "
                             "nessuna modifica è stata fatta.") from exc

    def versions(self) -> list[Version]:
        """Every recorded version, oldest first."""
        return [Version.from_dict(v) for v in self._manifest()["versioni"]]

    def current_sha(self) -> str | None:
        try:
            return _sha(self.current_path.read_bytes())
        except FileNotFoundError:
            return None

    def version_for(self, sha256: str | None, manifest: dict | None = None) -> Version | None:
        """The version whose content has this hash (the one marked current first, else the latest)."""
        if not sha256:
            return None
        manifest = manifest or self._manifest()
        matches = [Version.from_dict(v) for v in manifest["versioni"] if v["sha256"] == sha256]
        marked = [v for v in matches if v.numero == manifest.get("corrente")]
        return (marked or matches[-1:] or [None])[0]

    def current(self) -> Version | None:
        """The version the current file holds; None if the file is missing or was never recorded."""
        return self.version_for(self.current_sha())

    def content(self, numero: int) -> bytes:
        """The stored CSV of version ``numero``."""
        version = next((v for v in self.versions() if v.numero == numero), None)
        if version is None:
            raise StoreError(f"La versione {numero} di {self.spec.filename} non esiste.")
        return (self.dir / f"{version.sha256}.csv").read_bytes()

    # -- writing (always under the lock) --------------------------------------------------
    @contextlib.contextmanager
    def _locked(self, timeout: float) -> Iterator[None]:
        self.dir.mkdir(parents=True, exist_ok=True)
        with open(self.dir / LOCK_FILE, "a+") as fh:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except OSError as exc:
                    if exc.errno not in (errno.EAGAIN, errno.EACCES):
                        raise
                    if time.monotonic() >= deadline:
                        raise Occupato(
                            f"Un altro caricamento di {self.spec.filename} è in corso: il file non è stato "
                            "salvato. Riprovare tra qualche secondo.") from None
                    time.sleep(_LOCK_POLL_S)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    def _write_manifest(self, manifest: dict) -> None:
        data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
        write_atomic(self.dir / MANIFEST, data)

    def _store_blob(self, content: bytes) -> None:
        blob = self.dir / f"{_sha(content)}.csv"
        if not blob.exists():
            write_atomic(blob, content)

    def _entry(self, manifest: dict, content: bytes, by: str, original_name: str, action: Action,
               note: str = "", original_sha: str = "", when: str | None = None) -> Version:
        result = parse_bytes(content, self.spec)
        numero = max((v["numero"] for v in manifest["versioni"]), default=0) + 1
        sha = _sha(content)
        return Version(numero, when or _now(), by, original_name, sha, len(content), result.rows_read,
                       result.rows_valid, result.rows_rejected, action, note,
                       original_sha if original_sha and original_sha != sha else "")

    def _recover(self, manifest: dict) -> dict:
        """Finish or forget a switch a crash interrupted; record a current file copied in by hand;
        remove temporary files no writer owns any more (we hold the lock)."""
        journal = self.dir / JOURNAL
        if journal.exists():
            try:
                pending = Version.from_dict(json.loads(journal.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError):
                pending = None
            known = {v["numero"] for v in manifest["versioni"]}
            if pending and pending.numero not in known and self.current_sha() == pending.sha256:
                manifest["versioni"].append(asdict(pending))
                manifest["corrente"] = pending.numero
                self._write_manifest(manifest)
            journal.unlink()
        for folder, prefix in ((self.dir, TMP_PREFIX), (self.folder, f"{TMP_PREFIX}{self.spec.filename}.")):
            for stale in folder.glob(prefix + "*"):
                with contextlib.suppress(OSError):
                    stale.unlink()
        sha = self.current_sha()
        marked = next((v for v in manifest["versioni"] if v["numero"] == manifest.get("corrente")), None)
        if sha and (marked is None or marked["sha256"] != sha):
            # A file put in the folder by hand (or the sample data): keep it as a version, so
            # that the upload about to replace it can always be undone.
            content = self.current_path.read_bytes()
            self._store_blob(content)
            mtime = dt.datetime.fromtimestamp(self.current_path.stat().st_mtime).astimezone()
            entry = self._entry(manifest, content, "", self.spec.filename, "trovata",
                                "file presente nella cartella dei dati, non caricato da questa pagina",
                                when=mtime.isoformat(timespec="seconds"))
            manifest["versioni"].append(asdict(entry))
            manifest["corrente"] = entry.numero
            self._write_manifest(manifest)
        return manifest

    def _switch(self, manifest: dict, content: bytes, entry: Version) -> None:
        write_atomic(self.dir / JOURNAL, json.dumps(asdict(entry), ensure_ascii=False).encode("utf-8"))
        write_atomic(self.current_path, content)
        manifest["versioni"].append(asdict(entry))
        manifest["corrente"] = entry.numero
        self._write_manifest(manifest)
        (self.dir / JOURNAL).unlink()

    def save(self, content: bytes, by: str, original_name: str, original: bytes | None = None,
             timeout: float | None = None) -> SaveOutcome:
        """Make ``content`` (a CSV the loaders read) the current version.

        ``original`` is the uploaded file when it is not ``content`` itself (an .xlsx): it is kept.
        Content identical to the current version writes nothing. Raises Occupato or StoreError
        (Italian message) when nothing was written.
        """
        try:
            with self._locked(LOCK_TIMEOUT_S if timeout is None else timeout):
                manifest = self._recover(self._manifest())
                sha = _sha(content)
                current = self.version_for(self.current_sha(), manifest)
                if current is not None and current.sha256 == sha:
                    return SaveOutcome(False, current, f"Il contenuto è identico alla versione {current.numero} "
                                                       "già in uso: non è stata creata una nuova versione.")
                same = self.version_for(sha, manifest)
                note = f"contenuto identico alla versione {same.numero}" if same else ""
                self._store_blob(content)
                original_sha = ""
                if original is not None and original != content:
                    original_sha = _sha(original)
                    suffix = Path(original_name).suffix.lower() or ".bin"
                    (self.dir / ORIGINALS).mkdir(exist_ok=True)
                    path = self.dir / ORIGINALS / f"{original_sha}{suffix}"
                    if not path.exists():
                        write_atomic(path, original)
                entry = self._entry(manifest, content, by, original_name, "caricamento", note, original_sha)
                self._switch(manifest, content, entry)
                return SaveOutcome(True, entry, f"Salvata la versione {entry.numero} di {self.spec.filename}: "
                                               "è ora quella in uso.")
        except StoreError:
            raise
        except OSError as exc:
            raise StoreError(f"Il file non è stato salvato ({exc.strerror or exc}): la versione in uso "
                             "non è cambiata.") from exc

    def restore(self, numero: int, by: str, timeout: float | None = None) -> SaveOutcome:
        """Make version ``numero`` current again, as a new version (the history is kept)."""
        try:
            with self._locked(LOCK_TIMEOUT_S if timeout is None else timeout):
                manifest = self._recover(self._manifest())
                old = next((Version.from_dict(v) for v in manifest["versioni"] if v["numero"] == numero), None)
                if old is None:
                    raise StoreError(f"La versione {numero} di {self.spec.filename} non esiste.")
                content = (self.dir / f"{old.sha256}.csv").read_bytes()
                if _sha(content) != old.sha256:
                    raise StoreError(f"Il contenuto salvato della versione {numero} è danneggiato: "
                                     "non è stato ripristinato.")
                current = self.version_for(self.current_sha(), manifest)
                if current is not None and current.sha256 == old.sha256:
                    return SaveOutcome(False, current, f"La versione {numero} ha lo stesso contenuto di quella "
                                                       "in uso: nulla da ripristinare.")
                entry = self._entry(manifest, content, by, old.file_originale, "ripristino",
                                    f"ripristino della versione {numero}", old.sha256_originale)
                self._switch(manifest, content, entry)
                return SaveOutcome(True, entry, f"Ripristinata la versione {numero} di {self.spec.filename} "
                                               f"come nuova versione {entry.numero}.")
        except StoreError:
            raise
        except OSError as exc:
            raise StoreError(f"Il ripristino non è riuscito ({exc.strerror or exc}): la versione in uso "
                             "non è cambiata.") from exc
