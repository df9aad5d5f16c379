"""Running pages through streamlit.testing.v1.AppTest, always via app.py (the shell)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

TIMEOUT = 120


def open_page(page: str | None = None, role: str | None = None, data_dir: str | None = None) -> AppTest:
    """Run app.py, then switch to ``page`` (e.g. "pages/pippi.py") as ``role``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    if role:
        log_in(at, role)
    at.run()
    if page:
        at.switch_page(str(ROOT / page)).run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def log_in(at: AppTest, role: str) -> None:
    """Start ``at``'s session as the test user of ``role`` (tests/conftest.py), as a login would."""
    from tests.conftest import TEST_USERS
    from ui.session import SESSION_KEY, Accesso

    for name, user_role in TEST_USERS.items():
        if user_role == role:
            at.session_state[SESSION_KEY] = Accesso(name, 0.0)


def texts(at: AppTest) -> str:
    """Everything written on the page, for 'is this figure shown' assertions."""
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.value for e in at.title]
    parts += [e.value for e in at.header] + [e.value for e in at.subheader]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [e.value for e in at.info] + [e.value for e in at.warning] + [e.value for e in at.success]
    for df in at.dataframe:
        parts.append(df.value.to_csv(sep="|"))
    return "\n".join(str(p) for p in parts)
