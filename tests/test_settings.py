"""Settings: one validated object; what would switch protection off is refused with a clear message."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

import settings
from access.suppression import threshold
from tests.conftest import ROOT


@pytest.mark.parametrize("value", ["1", "2", "0", "-5"])
def test_threshold_below_three_is_refused(monkeypatch, value):
    monkeypatch.setenv("CRUSCOTTO_SOGLIA_CELLA", value)
    with pytest.raises(settings.SettingsError) as err:
        threshold()
    assert "CRUSCOTTO_SOGLIA_CELLA" in str(err.value) and "non può essere meno di 3" in str(err.value)


def test_threshold_three_and_above_is_used(monkeypatch):
    monkeypatch.setenv("CRUSCOTTO_SOGLIA_CELLA", "3")
    assert threshold() == 3
    monkeypatch.setenv("CRUSCOTTO_SOGLIA_CELLA", "10")
    assert threshold() == 10


def test_unreadable_values_are_refused_not_defaulted(monkeypatch):
    monkeypatch.setenv("CRUSCOTTO_MAX_FILE_MB", "venti")
    monkeypatch.setenv("CRUSCOTTO_AS_OF", "31/02/2026")
    with pytest.raises(settings.SettingsError) as err:
        settings.get()
    text = str(err.value)
    assert "CRUSCOTTO_MAX_FILE_MB=venti" in text and "CRUSCOTTO_AS_OF=31/02/2026" in text


def test_reference_date_italian_or_iso(monkeypatch):
    monkeypatch.setenv("CRUSCOTTO_AS_OF", "30/06/2025")
    assert settings.get().reference_date == dt.date(2025, 6, 30)
    monkeypatch.setenv("CRUSCOTTO_AS_OF", "2024-12-31")
    assert settings.get().reference_date == dt.date(2024, 12, 31)
    monkeypatch.delenv("CRUSCOTTO_AS_OF")
    assert settings.get().reference_date == dt.date.today()


def test_unknown_variables_are_reported():
    env = {"CRUSCOTTO_SOGLIA_CELA": "9", "CRUSCOTTO_DATA_DIR": "x", "PATH": "/bin"}
    assert settings.unknown_variables(env) == ["CRUSCOTTO_SOGLIA_CELA"]


def _cli(*args, **env):
    import os

    full = {k: v for k, v in os.environ.items() if not k.startswith("CRUSCOTTO_")}
    full.update(env)
    return subprocess.run([sys.executable, "-m", "indicators", *args], cwd=ROOT, env=full,
                          capture_output=True, text=True, timeout=120)


def test_command_line_refuses_a_low_threshold_without_traceback():
    out = _cli("--json", "--public", CRUSCOTTO_SOGLIA_CELLA="1")
    assert out.returncode == 2
    assert "non può essere meno di 3" in out.stderr and "Traceback" not in out.stderr
    assert out.stdout == ""


def test_command_line_honours_the_reference_date_setting():
    import json

    rows = json.loads(_cli("--json", CRUSCOTTO_AS_OF="2022-06-30", CRUSCOTTO_SOGLIA_CELA="9").stdout)
    flag = json.loads(_cli("--json", "--as-of", "30/06/2022").stdout)
    today = json.loads(_cli("--json").stdout)
    # Same statuses as --as-of gives, and not those of today (2023's yearly rows are still under way on 30/06/2022).
    assert rows == flag
    assert [r["status"] for r in rows] != [r["status"] for r in today]


def test_the_server_announces_the_intake_limit(monkeypatch):
    from ui.serve import with_upload_limit

    monkeypatch.setenv("CRUSCOTTO_MAX_FILE_MB", "7.5")
    assert with_upload_limit(["run", "app.py"]) == ["run", "app.py", "--server.maxUploadSize", "8"]
    # An explicit flag wins; other commands are left alone.
    assert with_upload_limit(["run", "app.py", "--server.maxUploadSize=3"]) == ["run", "app.py", "--server.maxUploadSize=3"]
    assert with_upload_limit(["version"]) == ["version"]


@pytest.mark.parametrize("url,name", [("http://x:8501/", ""), ("http://x:8501/pippi", "pippi"),
                                      ("http://x/cruscotto/pagina-inesistente?a=1", "pagina-inesistente")])
def test_requested_page(url, name):
    from ui.shell import requested_page

    assert requested_page(url) == name
