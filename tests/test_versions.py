"""The versioned store: every version kept, atomic switch, crash safety, restore, concurrent uploads."""

from __future__ import annotations

import json
import re
import os
import subprocess
import sys
import threading
import time

import pytest

from data_loaders import load_all, load_dataset
from data_loaders.intake import store_upload, validate_upload
from data_loaders.versions import JOURNAL, STORE_DIR, Occupato, Store, StoreError
from indicators.engine import compute_all
from tests.conftest import AS_OF, ROOT, SAMPLE


CREMONA_2025 = re.compile(rb"^2025;019036;Cremona;[^;]*;[^;]*;(\d+);", re.M)


def sample_cremona_2025() -> int:
    """Cremona's 2025 residents in the sample comuni.csv (70.068 when this was written)."""
    return int(CREMONA_2025.search((SAMPLE / "comuni.csv").read_bytes())[1])


def comuni_bytes(folder, cremona_2025: int) -> bytes:
    """The sample comuni.csv with Cremona's 2025 population replaced."""
    data = (SAMPLE / "comuni.csv").read_bytes()
    m = CREMONA_2025.search(data)
    return data[:m.start(1)] + str(cremona_2025).encode() + data[m.end(1):]


def population_2025(folder) -> float:
    table = compute_all(load_all(folder), AS_OF)
    row = table.filter((table["id"] == "territorio.popolazione") & (table["period"] == "2025")
                       & (table["territory"] == "Ambito Cremonese"))
    return row["value"].item()


def test_restoring_a_version_restores_its_figures(data_copy):
    # Figures are computed from the sample file (when written: 153.632 residents in 2025, Cremona
    # 70.068) so that a regenerated sample does not break the arithmetic checked here.
    base, cremona = population_2025(data_copy), sample_cremona_2025()
    store = Store("comuni", data_copy)
    first = store.save(comuni_bytes(data_copy, 70_000), "Mario Rossi", "comuni_2025.csv")
    # The sample file was kept as version 1 (found in the folder); the upload is version 2.
    assert [v.numero for v in store.versions()] == [1, 2] and first.version.numero == 2
    assert store.versions()[0].azione == "trovata"
    assert population_2025(data_copy) == base - cremona + 70_000  # 153.564
    restored = store.restore(1, "Anna Bianchi")
    assert restored.stored and restored.version.numero == 3 and restored.version.azione == "ripristino"
    assert population_2025(data_copy) == base
    # History kept: version 2 is still there and can come back.
    store.restore(2, "Anna Bianchi")
    assert population_2025(data_copy) == base - cremona + 70_000
    assert [v.numero for v in store.versions()] == [1, 2, 3, 4]
    assert store.current().numero == 4


def test_same_content_twice_is_recognised(data_copy):
    store = Store("comuni", data_copy)
    content = comuni_bytes(data_copy, 70_001)
    assert store.save(content, "A", "c.csv").stored
    again = store.save(content, "B", "c_copia.csv")
    assert not again.stored and again.version.numero == 2 and "identico" in again.message
    assert len(store.versions()) == 2
    blobs = list((data_copy / STORE_DIR / "comuni").glob("*.csv"))
    assert len(blobs) == 2  # the sample file and the upload, each stored once
    # Back to an older content: a new version, the stored copy reused.
    store.save((data_copy / STORE_DIR / "comuni" / f"{store.versions()[0].sha256}.csv").read_bytes(), "C", "x.csv")
    assert store.versions()[-1].note == "contenuto identico alla versione 1"
    assert len(list((data_copy / STORE_DIR / "comuni").glob("*.csv"))) == 2


def test_manifest_records_who_when_which_file_rows_and_hash(data_copy):
    report = validate_upload(comuni_bytes(data_copy, 70_002), "comuni", "Comuni CR.csv")
    outcome = store_upload(report, "Mario Rossi", str(data_copy))
    manifest = json.loads((data_copy / STORE_DIR / "comuni" / "manifest.json").read_text("utf-8"))
    entry = manifest["versioni"][-1]
    assert manifest["corrente"] == outcome.version.numero == entry["numero"]
    assert (entry["caricato_da"], entry["file_originale"], entry["righe_valide"], entry["righe_scartate"]) == (
        "Mario Rossi", "Comuni CR.csv", 240, 0)
    assert entry["sha256"] == report.sha256 and len(entry["sha256"]) == 64
    assert entry["caricato_il"][:4] >= "2026"


@pytest.mark.parametrize("fail_on", ["replace", "fsync"])
def test_a_write_failing_half_way_leaves_the_previous_version_current(data_copy, monkeypatch, fail_on):
    store = Store("comuni", data_copy)
    store.save(comuni_bytes(data_copy, 70_010), "A", "v.csv")
    before = (data_copy / "comuni.csv").read_bytes()
    real_replace, real_fsync = os.replace, os.fsync

    def broken_replace(src, dst):
        if str(dst).endswith("comuni.csv") and STORE_DIR not in str(dst):
            raise OSError(5, "errore di I/O simulato")
        return real_replace(src, dst)

    calls = {"n": 0}

    def broken_fsync(fd):
        calls["n"] += 1
        if calls["n"] >= 4:  # after the blob and the journal: while writing the current file
            raise OSError(5, "errore di I/O simulato")
        return real_fsync(fd)

    if fail_on == "replace":
        monkeypatch.setattr(os, "replace", broken_replace)
    else:
        monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(StoreError, match="non è cambiata"):
        store.save(comuni_bytes(data_copy, 69_999), "B", "nuova.csv")
    monkeypatch.undo()
    assert (data_copy / "comuni.csv").read_bytes() == before
    assert load_dataset("comuni", data_copy).frame.height == 240
    assert population_2025(data_copy) == population_2025(SAMPLE) - sample_cremona_2025() + 70_010
    assert store.current().numero == 2 and len(store.versions()) == 2
    # No temporary file is left beside the current one, and the next save works.
    assert not list(data_copy.glob(".tmp-*"))
    assert store.save(comuni_bytes(data_copy, 69_999), "B", "nuova.csv").version.numero == 3


KILL_MID_WRITE = r"""
import os, sys
sys.path.insert(0, sys.argv[1])
from data_loaders.versions import Store
folder, stage = sys.argv[2], sys.argv[3]
real_replace = os.replace
def dying_replace(src, dst):
    # Power cut: the process dies at this point, nothing after it runs.
    if stage == "before_switch" and str(dst).endswith("/comuni.csv"):
        os._exit(9)
    real_replace(src, dst)
    if stage == "after_switch" and str(dst).endswith("/comuni.csv"):
        os._exit(9)
os.replace = dying_replace
old = (";" + sys.argv[4] + ";").encode()
data = open(os.path.join(folder, "comuni.csv"), "rb").read().replace(old, b";12345;")
Store("comuni", folder).save(data, "processo", "ucciso.csv")
"""


@pytest.mark.parametrize("stage", ["before_switch", "after_switch"])
def test_a_process_killed_mid_write_leaves_a_whole_current_file(data_copy, stage):
    before = (data_copy / "comuni.csv").read_bytes()
    proc = subprocess.run([sys.executable, "-c", KILL_MID_WRITE, str(ROOT), str(data_copy), stage,
                           str(sample_cremona_2025())])
    assert proc.returncode == 9
    store = Store("comuni", data_copy)
    assert (data_copy / STORE_DIR / "comuni" / JOURNAL).exists()  # the crash left its journal
    current = (data_copy / "comuni.csv").read_bytes()
    if stage == "before_switch":
        assert current == before and population_2025(data_copy) == population_2025(SAMPLE)
    else:
        assert current == before.replace(f";{sample_cremona_2025()};".encode(), b";12345;")
        assert population_2025(data_copy) == population_2025(SAMPLE) - sample_cremona_2025() + 12_345
    assert load_dataset("comuni", data_copy).errors == []
    # The next writer finishes the record (or forgets the switch that never happened).
    store.save(comuni_bytes(data_copy, 70_003) if stage == "before_switch" else before, "dopo", "d.csv")
    assert not (data_copy / STORE_DIR / "comuni" / JOURNAL).exists()
    assert not list(data_copy.glob(".tmp-*")) and not list((data_copy / STORE_DIR / "comuni").glob(".tmp-*"))
    actions = [(v.azione, v.caricato_da) for v in store.versions()]
    if stage == "after_switch":
        assert actions == [("trovata", ""), ("caricamento", "processo"), ("caricamento", "dopo")]
    else:
        assert actions == [("trovata", ""), ("caricamento", "dopo")]


def test_two_uploads_at_once_end_as_two_versions(data_copy):
    barrier = threading.Barrier(2)
    outcomes, errors = [], []

    def upload(value: int, who: str):
        content = comuni_bytes(data_copy, value)
        barrier.wait()
        try:
            outcomes.append(Store("comuni", data_copy).save(content, who, f"{who}.csv"))
        except StoreError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=upload, args=(70_100 + i, f"coord{i}")) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    store = Store("comuni", data_copy)
    assert sorted(v.numero for v in store.versions()) == [1, 2, 3]
    assert sorted(o.version.caricato_da for o in outcomes) == ["coord0", "coord1"]
    # The current file is exactly the last version written, whole.
    last = store.versions()[-1]
    assert store.current().numero == last.numero
    assert load_dataset("comuni", data_copy).errors == []


def test_an_upload_waiting_too_long_is_refused_with_a_message(data_copy, monkeypatch):
    store = Store("comuni", data_copy)
    store.save(comuni_bytes(data_copy, 70_200), "primo", "p.csv")
    before = (data_copy / "comuni.csv").read_bytes()
    entered, release = threading.Event(), threading.Event()
    real_switch = Store._switch

    def slow_switch(self, *args):
        entered.set()
        release.wait(10)
        return real_switch(self, *args)

    monkeypatch.setattr(Store, "_switch", slow_switch)
    slow = threading.Thread(target=lambda: Store("comuni", data_copy).save(comuni_bytes(data_copy, 70_300), "lento", "l.csv"))
    slow.start()
    assert entered.wait(10)
    with pytest.raises(Occupato, match="in corso"):
        Store("comuni", data_copy).save(comuni_bytes(data_copy, 70_400), "secondo", "s.csv", timeout=0.2)
    assert (data_copy / "comuni.csv").read_bytes() == before  # the refused one wrote nothing
    release.set()
    slow.join()
    assert [v.caricato_da for v in store.versions()] == ["", "primo", "lento"]


CONCURRENT_PROCESS = r"""
import sys
sys.path.insert(0, sys.argv[1])
from data_loaders.versions import Store, StoreError
folder, value = sys.argv[2], sys.argv[3]
data = open(sys.argv[5], "rb").read().replace((";" + sys.argv[4] + ";").encode(),
                                                        (";" + value + ";").encode())
try:
    print(Store("comuni", folder).save(data, "proc" + value, value + ".csv").version.numero)
except StoreError as exc:
    print("RIFIUTATO", exc)
"""


def test_concurrent_processes_end_as_versions_or_a_refusal(data_copy):
    Store("comuni", data_copy).save((data_copy / "comuni.csv").read_bytes(), "x", "x.csv")  # version 1
    procs = [subprocess.Popen([sys.executable, "-c", CONCURRENT_PROCESS, str(ROOT), str(data_copy), str(60_000 + i),
                               str(sample_cremona_2025()), str(SAMPLE / "comuni.csv")],
                              stdout=subprocess.PIPE, text=True) for i in range(4)]
    outs = [p.communicate(timeout=120)[0].strip() for p in procs]
    saved = sorted(int(o) for o in outs if not o.startswith("RIFIUTATO"))
    store = Store("comuni", data_copy)
    assert [v.numero for v in store.versions()] == [1, *saved] == list(range(1, len(saved) + 2))
    assert all(o.startswith("RIFIUTATO") or o.isdigit() for o in outs)
    # Each saved version's stored content is whole and loads without errors.
    for v in store.versions()[1:]:
        assert v.righe_valide == 240 and v.righe_scartate == 0
    assert store.current().numero == store.versions()[-1].numero
    assert load_dataset("comuni", data_copy).errors == []


def test_a_file_replaced_by_hand_is_kept_before_the_next_upload(data_copy):
    store = Store("comuni", data_copy)
    store.save(comuni_bytes(data_copy, 70_500), "A", "a.csv")
    by_hand = comuni_bytes(data_copy, 70_600)
    time.sleep(0.01)
    (data_copy / "comuni.csv").write_bytes(by_hand)
    assert store.current() is None  # not a recorded version
    store.save(comuni_bytes(data_copy, 70_700), "B", "b.csv")
    assert [v.azione for v in store.versions()] == ["trovata", "caricamento", "trovata", "caricamento"]
    assert store.content(3) == by_hand


def test_unknown_version_and_damaged_history_are_refused(data_copy):
    store = Store("comuni", data_copy)
    with pytest.raises(StoreError, match="non esiste"):
        store.restore(7, "A")
    store.save(comuni_bytes(data_copy, 70_800), "A", "a.csv")
    (data_copy / STORE_DIR / "comuni" / "manifest.json").write_text("{rotto", encoding="utf-8")
    before = (data_copy / "comuni.csv").read_bytes()
    with pytest.raises(StoreError, match="non si legge"):
        store.save(comuni_bytes(data_copy, 70_900), "B", "b.csv")
    assert (data_copy / "comuni.csv").read_bytes() == before
