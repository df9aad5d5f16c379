"""Logins, the slowing down after failures (never a lock-out), password hashes, the log, log-out,
role changes, and every way round the access check."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import threading

import pytest
from streamlit.testing.v1 import AppTest

from access import accounts, passwords
from access.passwords import hash_password, verify_password
from tests.apptest import TIMEOUT, open_page, texts
from tests.conftest import ROOT, TEST_PASSWORD, TEST_USERS
from ui.shell import PAGES

RESTRICTED = [p.path for p in PAGES if "pubblico" not in p.roles]
COORD_ONLY = [p.path for p in PAGES if p.roles == frozenset({"coordinatore"})]


def refused(at: AppTest) -> bool:
    return any("riservata" in w.value for w in at.warning)


def login_page() -> AppTest:
    at = open_page("pages/accesso.py")
    assert not refused(at)
    return at


def submit(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="accesso_nome").input(name)
    at.text_input(key="accesso_password").input(password)
    next(b for b in at.button if b.label == "Accedi").click()
    return at.run()


# --- the users file -------------------------------------------------------------------

def test_tests_use_a_temporary_users_file_never_the_home_folder():
    path = accounts.users_path()
    assert os.environ["CRUSCOTTO_UTENTI"] == str(path)
    assert not str(path).startswith(os.path.expanduser("~/.config"))


def test_passwords_are_stored_only_as_salted_slow_hashes(tmp_path):
    users = tmp_path / "utenti.toml"
    accounts.add_user("mario.rossi", "coordinatore", "una-password-lunga", users)
    text = users.read_text()
    assert "una-password-lunga" not in text
    stored = accounts.load_users(users)["mario.rossi"].password_hash
    # argon2id with OWASP's m=19 MiB, t=2, p=1
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert verify_password("una-password-lunga", stored) and not verify_password("una-password-lungA", stored)
    assert hash_password("una-password-lunga") != hash_password("una-password-lunga")  # salted
    assert oct(users.stat().st_mode & 0o777) == "0o600"


def test_users_command_line_creates_changes_and_removes(tmp_path, monkeypatch, capsys):
    from access import users as cli

    monkeypatch.setenv("CRUSCOTTO_UTENTI", str(tmp_path / "utenti.toml"))
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("password-nuova-1\n"))
    assert cli.main(["add", "anna", "--role", "assemblea", "--password-stdin"]) == 0
    assert accounts.role_of("anna") == "assemblea"
    assert accounts.authenticate("anna", "password-nuova-1").ok
    assert cli.main(["ruolo", "anna", "coordinatore"]) == 0
    assert accounts.role_of("anna") == "coordinatore"
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("corta\n"))
    assert cli.main(["password", "anna", "--password-stdin"]) == 2  # too short
    assert cli.main(["aggiungi", "anna", "--ruolo", "assemblea", "--password-stdin"]) == 2  # exists
    with pytest.raises(SystemExit):  # "pubblico" is no login role
        cli.main(["ruolo", "anna", "pubblico"])
    assert cli.main(["elenco"]) == 0
    assert "anna" in capsys.readouterr().out
    with pytest.raises(SystemExit):  # no lock-out, so nothing to unlock
        cli.main(["sblocca", "anna"])
    assert "scelta non valida" in capsys.readouterr().err
    assert cli.main(["rimuovi", "anna"]) == 0
    assert accounts.role_of("anna") is None


# --- logging in through the page ------------------------------------------------------

def test_wrong_password_is_refused_and_the_role_stays_public():
    at = submit(login_page(), "prova-coordinatore", "password-sbagliata")
    assert any("non corretti" in e.value for e in at.error)
    assert "Profilo attuale: **Pubblico" in texts(at)
    at.switch_page(str(ROOT / "pages/carica_dati.py")).run()
    assert refused(at)


def test_unknown_user_gets_the_same_answer_as_a_wrong_password():
    at = submit(login_page(), "nessuno", TEST_PASSWORD)
    assert [e.value for e in at.error] == ["Nome utente o password non corretti."]


def test_right_password_logs_in_and_opens_the_coordinator_pages():
    at = submit(login_page(), "prova-coordinatore", TEST_PASSWORD)
    assert not at.exception, [e.message for e in at.exception]
    assert "Coordinamento" in texts(at)
    # The form clears itself: the password is not kept in the session.
    assert "accesso_password" not in at.session_state or at.session_state["accesso_password"] == ""
    for page in COORD_ONLY:
        at.switch_page(str(ROOT / page)).run()
        assert not refused(at), page


# --- failures slow down whoever makes them; nobody is locked out --------------------------

class FakeTime:
    """The throttle's clock and sleep: a sleep moves the clock, and nothing really waits."""

    def __init__(self):
        self.now = 1000.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def fake_time(monkeypatch) -> FakeTime:
    from access.throttle import Throttle

    ft = FakeTime()
    monkeypatch.setattr(accounts, "THROTTLE", Throttle(clock=ft.clock, sleep=ft.sleep))
    return ft


@pytest.fixture
def checks(monkeypatch) -> list[str]:
    """Every hash a login checks a password against (the dummy one included), in order."""
    seen: list[str] = []
    real = passwords.verify_password

    def spy(password: str, stored: str) -> bool:
        seen.append(stored)
        return real(password, stored)

    monkeypatch.setattr(passwords, "verify_password", spy)
    return seen


def kind(stored: str) -> tuple:
    """Algorithm and cost of a hash: what the time of a check depends on."""
    from argon2 import extract_parameters

    if stored.startswith("scrypt$"):
        return ("scrypt",) + tuple(stored.split("$")[1:4])
    p = extract_parameters(stored)
    return (p.type.name, p.memory_cost, p.time_cost, p.parallelism)


CURRENT = ("ID", 19456, 2, 1)


def scrypt_hash(password: str) -> str:
    """A hash as the previous version wrote it (scrypt N=2**15, r=8, p=1)."""
    salt = b"sale-di-prova-16"
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2 ** 15, r=8, p=1, maxmem=64 * 1024 * 1024, dklen=32)
    return f"scrypt$32768$8$1${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def test_unknown_disabled_and_known_names_get_the_same_answer_after_the_same_work(fake_time, checks):
    """No enumeration: the answer, the waits and the hash work (one argon2id check with the
    parameters of real hashes) are the same for a real name with a wrong password, an
    unknown name and a disabled user, also after many failures (no «locked» answer in 0 ms)."""
    accounts.add_user("disattivato", "assemblea", TEST_PASSWORD)
    accounts.update_user("disattivato", disabled=True)
    traces = {}
    for name, password in (("prova-coordinatore", "password-sbagliata"), ("nessuno", "password-sbagliata"),
                           ("disattivato", TEST_PASSWORD)):
        checks.clear()
        start = len(fake_time.slept)
        fake_time.now += 3600  # each name starts with no failures behind it
        results = [accounts.authenticate(name, password) for _ in range(7)]
        traces[name] = ([(r.ok, r.reason, r.user, r.waited) for r in results],
                        fake_time.slept[start:], [kind(h) for h in checks])
    assert traces["prova-coordinatore"] == traces["nessuno"] == traces["disattivato"]
    answers, slept, kinds = traces["nessuno"]
    assert {a[:3] for a in answers} == {(False, "credenziali", None)}
    assert kinds == [CURRENT] * 7  # exactly one check per attempt, like a real hash
    assert slept == [1.0, 2.0, 4.0, 8.0]  # attempts 4-7 waited: the unknown name is slowed too


def test_a_megabyte_typed_in_the_form_costs_no_more_than_a_wrong_password(fake_time, checks):
    huge = "x" * 2_000_000
    results = [accounts.authenticate(huge, huge), accounts.authenticate("prova-coordinatore", TEST_PASSWORD + huge)]
    assert [(r.ok, r.reason) for r in results] == [(False, "credenziali")] * 2
    assert [kind(h) for h in checks] == [CURRENT] * 2
    assert max(len(k) for k in accounts.THROTTLE._failures) < 200 + len(str(accounts.users_path()))
    assert passwords.weak_reason("p" * 1025) == "la password può avere al massimo 1024 caratteri"


def test_the_delay_doubles_up_to_the_maximum_and_counts_from_the_last_failure(fake_time, monkeypatch):
    monkeypatch.setenv("CRUSCOTTO_MAX_TENTATIVI", "2")
    monkeypatch.setenv("CRUSCOTTO_RITARDO_SECONDI", "1.5")
    monkeypatch.setenv("CRUSCOTTO_RITARDO_MAX_SECONDI", "10")
    for _ in range(7):
        assert not accounts.authenticate("prova-assemblea", "no").ok
    # 2 failures free, then 1,5 s doubling: 1,5 3 6 and the cap of 10 s
    assert fake_time.slept == [1.5, 3.0, 6.0, 10.0, 10.0]
    assert accounts.login_wait("prova-assemblea") == 10.0
    fake_time.now += 4
    assert accounts.login_wait("prova-assemblea") == 6.0  # counted from the last failure
    fake_time.now += 6
    result = accounts.authenticate("prova-assemblea", TEST_PASSWORD)
    assert result.ok and result.waited == 0
    # A success clears the name's count: the next failures are free again.
    assert not accounts.authenticate("prova-assemblea", "no").ok
    assert accounts.login_wait("prova-assemblea") == 0


def test_a_session_spraying_names_is_slowed_down_but_not_the_others(fake_time):
    attacker, owner = "sessione-a", "sessione-b"
    for name in ("anna", "bruno", "carla", "dario", "elena"):
        accounts.authenticate(name, "password-sbagliata", session=attacker)
    assert fake_time.slept == [1.0, 2.0]  # 4th and 5th name: the session's own failures
    assert accounts.login_wait("franco", session=attacker) == 4.0
    assert accounts.login_wait("franco", session=owner) == 0


def test_the_owner_logs_in_from_another_browser_after_someone_elses_failures(fake_time):
    """The attack on the coordinator's name costs the coordinator at most one wait of
    ritardo_max_secondi (30 s), never a 15-minute lock, and their own session no extra wait."""
    attacker = login_page()
    for _ in range(12):
        attacker = submit(attacker, "prova-coordinatore", "password-sbagliata")
        assert [e.value for e in attacker.error] == ["Nome utente o password non corretti."]
    assert max(fake_time.slept) == 30.0 and len(fake_time.slept) == 9
    before = len(fake_time.slept)
    owner = submit(login_page(), "prova-coordinatore", TEST_PASSWORD)
    assert not owner.error
    assert "Coordinamento" in texts(owner)
    assert fake_time.slept[before:] == [30.0]
    # The attacker's session is still slowed down; the owner's next login is not.
    assert submit(attacker, "prova-coordinatore", "password-sbagliata").error
    assert fake_time.slept[-1] == 30.0


def test_the_login_page_counts_the_failures_of_its_own_session(fake_time, monkeypatch):
    # Different names each time: only the page's session ties the attempts together.
    monkeypatch.setenv("CRUSCOTTO_MAX_TENTATIVI", "1")
    at = submit(login_page(), "nessuno", "password-sbagliata")
    at = submit(at, "altro-nome", "password-sbagliata")
    assert fake_time.slept == [1.0]
    assert [e.value for e in at.error] == ["Nome utente o password non corretti."]
    other = submit(login_page(), "terzo-nome", "password-sbagliata")
    assert fake_time.slept == [1.0] and other.error


# --- hashes: argon2id, old ones upgraded at the next login -----------------------------------

def test_a_scrypt_hash_still_logs_in_and_is_upgraded_to_argon2id(checks, caplog, capsys):
    from access import users as cli

    caplog.set_level(logging.INFO, logger="cruscotto.accesso")
    path = accounts.users_path()
    old = scrypt_hash("password-di-prima")
    accounts.update_user("prova-assemblea", password_hash=old)
    assert cli.main(["elenco"]) == 0
    listed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("prova-")]
    assert [("hash da aggiornare" in line) for line in listed] == [True, False]  # assemblea, coordinatore
    assert not accounts.authenticate("prova-assemblea", "password-sbagliata").ok
    assert accounts.load_users(path)["prova-assemblea"].password_hash == old  # nothing proved, nothing changed
    result = accounts.authenticate("prova-assemblea", "password-di-prima")
    assert result.ok and result.user.role == "assemblea"
    new = accounts.load_users(path)["prova-assemblea"].password_hash
    assert kind(new) == CURRENT and verify_password("password-di-prima", new)
    assert "hash aggiornato ad argon2id" in caplog.text
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    checks.clear()
    assert accounts.authenticate("prova-assemblea", "password-di-prima").ok
    assert [kind(h) for h in checks] == [CURRENT]  # upgraded once: no second rehash
    assert accounts.load_users(path)["prova-assemblea"].password_hash == new


def test_a_crowd_of_parallel_attempts_hashes_on_a_few_threads_only(monkeypatch):
    """Each argon2 check takes 19 MiB; hashed by whichever thread asked, 100 attempts at once
    kept 286 MB (an arena per thread). The checks run on CHECK_SLOTS threads of their own."""
    threads_used = set()
    real = passwords._verify

    def spy(password, stored):
        threads_used.add(threading.current_thread().name)
        return real(password, stored)

    monkeypatch.setattr(passwords, "_verify", spy)
    crowd = [threading.Thread(target=accounts.authenticate, args=(f"nome{i}", "password-sbagliata"),
                              kwargs={"session": f"sessione{i}"}) for i in range(12)]
    for t in crowd:
        t.start()
    for t in crowd:
        t.join()
    assert 1 <= len(threads_used) <= passwords.CHECK_SLOTS <= 4
    assert all(name.startswith("hash-password") for name in threads_used)


def test_an_argon2_hash_of_weaker_parameters_is_rehashed():
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("password-di-prima")
    accounts.update_user("prova-assemblea", password_hash=weak)
    assert accounts.authenticate("prova-assemblea", "password-di-prima").ok
    assert kind(accounts.load_users()["prova-assemblea"].password_hash) == CURRENT


def test_an_upgrade_never_overwrites_a_password_changed_meanwhile():
    accounts.update_user("prova-assemblea", password_hash=scrypt_hash("password-di-prima"))
    stale = accounts.load_users()["prova-assemblea"]
    accounts.update_user("prova-assemblea", password_hash=hash_password("password-nuova-1"))
    assert not accounts._upgrade_hash(stale, "password-di-prima", accounts.users_path())
    assert verify_password("password-nuova-1", accounts.load_users()["prova-assemblea"].password_hash)


def test_concurrent_writers_of_the_users_file_lose_no_change():
    names = [f"utente{i}" for i in range(8)]
    errors = []

    def add(name):
        try:
            accounts.add_user(name, "assemblea", "password-lunga-1")
        except Exception as exc:  # noqa: BLE001 - any failure of a writer is the test's failure
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert set(names) | set(TEST_USERS) == set(accounts.load_users())
    assert not [p.name for p in accounts.users_path().parent.iterdir() if p.name.startswith(".utenti")]


# --- the log: every attempt, pseudonyms under a secret key ----------------------------------

def test_every_attempt_is_logged_with_keyed_pseudonyms(caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="cruscotto.accesso")
    accounts.authenticate("prova-coordinatore", "segreto-sbagliato", session="id-di-sessione-1")
    accounts.authenticate("nessuno", "segreto-sbagliato", session="id-di-sessione-1")
    accounts.authenticate("prova-coordinatore", TEST_PASSWORD, session="id-di-sessione-2")
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 3
    assert lines[0].startswith("accesso rifiutato (password errata): utente#")
    assert lines[1].startswith("accesso rifiutato (utente sconosciuto): utente#")
    assert lines[2].startswith("accesso riuscito: utente#")
    for secret in ("segreto-sbagliato", TEST_PASSWORD, "prova-coordinatore", "nessuno", "id-di-sessione"):
        assert secret not in caplog.text
    # The key made at first use, beside the users file, private; pseudonyms are HMACs under it.
    key_file = accounts.key_path()
    assert key_file.parent == accounts.users_path().parent
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    key = key_file.read_text().strip().encode()
    tag = hmac.new(key, b"utente\0prova-coordinatore", hashlib.sha256).hexdigest()[:12]
    session_tag = hmac.new(key, b"sessione\0id-di-sessione-1", hashlib.sha256).hexdigest()[:12]
    assert f"utente#{tag}, sessione#{session_tag}," in lines[0]
    assert f"utente#{tag}," in lines[2]
    # An unsalted hash of a guessed name does not find it in the log.
    assert hashlib.sha256(b"prova-coordinatore").hexdigest()[:10] not in caplog.text
    # The configured key wins over the file.
    monkeypatch.setenv("CRUSCOTTO_CHIAVE_LOG", "una-chiave-segreta-lunga")
    configured = hmac.new(b"una-chiave-segreta-lunga", b"utente\0prova-coordinatore", hashlib.sha256)
    assert accounts.pseudonym("prova-coordinatore") == "utente#" + configured.hexdigest()[:12]


def test_the_key_file_is_made_once_and_kept(tmp_path):
    users = tmp_path / "altro" / "utenti.toml"
    first = accounts.pseudonym("mario.rossi", users)
    accounts._keys.clear()  # as a restarted server: read back from the file
    assert accounts.pseudonym("mario.rossi", users) == first
    assert accounts.pseudonym("mario.rossi") != first  # another users file, another key


def test_log_out_returns_to_public():
    at = submit(login_page(), "prova-coordinatore", TEST_PASSWORD)
    next(b for b in at.button if b.label == "Esci").click()
    at.run()
    assert "Profilo attuale: **Pubblico" in texts(at)
    at.switch_page(str(ROOT / "pages/carica_dati.py")).run()
    assert refused(at)


def test_role_change_takes_effect_at_the_next_click():
    at = open_page("pages/carica_dati.py", role="coordinatore")
    assert not refused(at)
    accounts.update_user("prova-coordinatore", role="assemblea")
    at.run()
    assert refused(at)
    at.switch_page(str(ROOT / "pages/qualita_dati.py")).run()
    assert not refused(at)  # the Assemblea may see data quality
    accounts.remove_user("prova-coordinatore")
    at.run()
    assert refused(at)
    assert "Profilo: Pubblico" in texts(at)


def test_a_disabled_user_cannot_log_in_and_loses_the_session():
    at = open_page("pages/qualita_dati.py", role="assemblea")
    assert not refused(at)
    accounts.update_user("prova-assemblea", disabled=True)
    at.run()
    assert refused(at)
    assert not accounts.authenticate("prova-assemblea", TEST_PASSWORD).ok


# --- every way round the check --------------------------------------------------------

@pytest.mark.parametrize("page", RESTRICTED)
def test_public_switching_to_a_restricted_page_is_refused(page):
    at = open_page()
    at.switch_page(str(ROOT / page)).run()
    assert refused(at)
    assert not at.dataframe and not at.get("file_uploader")


@pytest.mark.parametrize("page", RESTRICTED)
def test_a_restricted_page_run_as_the_first_script_shows_none_of_it(page):
    # What Streamlit does with a deep link on a fresh server: the page file runs first. The
    # guard runs the shell instead (AppTest has no URL, so the shell opens the default page;
    # the browser test checks the refusal on the real URL).
    at = AppTest.from_file(str(ROOT / page), default_timeout=TIMEOUT).run()
    assert not at.exception, [e.message for e in at.exception]
    title = next(p.title for p in PAGES if p.path == page)
    assert title not in [t.value for t in at.title]
    assert not at.get("file_uploader")
    assert "Profilo: Pubblico" in texts(at)


@pytest.mark.parametrize("forged", [
    {"ruolo": "coordinatore"},
    {"_accesso": "prova-coordinatore"},
    {"_accesso": {"user": "prova-coordinatore", "at": 0}},
    {"accesso_nome": "prova-coordinatore"},
])
def test_session_or_widget_state_cannot_grant_a_role(forged):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    for k, v in forged.items():
        at.session_state[k] = v
    at.run()
    at.switch_page(str(ROOT / "pages/carica_dati.py")).run()
    assert refused(at)


def test_query_parameters_cannot_grant_a_role():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params["ruolo"] = "coordinatore"
    at.query_params["utente"] = "prova-coordinatore"
    at.query_params["page"] = "carica_dati"
    at.run()
    at.switch_page(str(ROOT / "pages/carica_dati.py")).run()
    assert refused(at)


def test_an_action_rechecks_the_role_when_it_runs():
    """A record download is built on the click, for whoever is a coordinator at that moment."""
    import streamlit as st

    from ui import session

    at = open_page("pages/panoramica.py", role="coordinatore")
    # guarded_data reads the session; emulate the page's run with its session state.
    st.session_state.clear()
    st.session_state[session.SESSION_KEY] = at.session_state[session.SESSION_KEY]
    data = session.guarded_data({"coordinatore"}, lambda: b"codice_famiglia;esito\n")
    st.session_state.clear()
    assert data() == b"codice_famiglia;esito\n"
    accounts.update_user("prova-coordinatore", role="assemblea")
    with pytest.raises(PermissionError):
        data()


def test_nothing_personal_is_logged(caplog):
    caplog.set_level(logging.DEBUG, logger="cruscotto.accesso")
    accounts.authenticate("prova-coordinatore", "segreto-sbagliato")
    accounts.authenticate("prova-coordinatore", TEST_PASSWORD)
    accounts.authenticate("mario.rossi", "segreto-sbagliato")
    logged = caplog.text
    assert "accesso rifiutato" in logged and "accesso riuscito" in logged
    for secret in ("segreto-sbagliato", TEST_PASSWORD, "prova-coordinatore", "mario.rossi"):
        assert secret not in logged


def test_oidc_mode_offers_the_identity_provider_and_stays_public(monkeypatch):
    monkeypatch.setenv("CRUSCOTTO_ACCESSO", "oidc")
    at = open_page("pages/accesso.py")
    assert [b.label for b in at.button if "ente" in b.label] == ["Accedi con l'account dell'ente"]
    assert not at.text_input
    at.switch_page(str(ROOT / "pages/carica_dati.py")).run()
    assert refused(at)


def test_oidc_identity_maps_to_a_role_by_email(tmp_path):
    users = tmp_path / "u.toml"
    accounts.add_user("lucia", "assemblea", "password-lunga-1", users, email="Lucia@Comune.example.it")
    assert accounts.user_for_email("lucia@comune.example.it", users).role == "assemblea"
    assert accounts.user_for_email("altro@comune.example.it", users) is None
