"""Plans as data files (indicators/plan_file.py, indicators/plans/*.yaml).

- The shipped Piano di Zona file gives exactly the figures the Python catalog gave (golden JSON
  of the plan's rows, full and public, made with the Python plan before it moved to YAML).
- A mistake in a plan file stops the start with «file:riga: frase», every mistake at once.
- A second plan (another triennium, objectives added, removed and renamed, targets changed)
  runs through the engine with no code change, from ``--plan`` and from $CRUSCOTTO_PIANI.

The golden files hold the JSON rows of the plan's areas (1-10) of
``CRUSCOTTO_AS_OF=2026-11-23 python -m indicators --json [--public]`` on sample_data/; where a
change to the figures is meant (issue 17 point 3), regenerate them and say so in the commit.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from indicators import plan_file
from indicators.defs.pdz import COMPUTATIONS, INDICATORS, PLAN
from indicators.plan_file import PlanFileError
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
SHIPPED = ROOT / "indicators" / "plans" / "pdz_2021_2023.yaml"
SECOND = ROOT / "tests" / "plans" / "pdz_2024_2026.yaml"
SEED = Path("/work/shared/seeds/004_d11fc173032d0317.txt")


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("CRUSCOTTO_")}
    full_env.update({"CRUSCOTTO_AS_OF": "2026-11-23", **(env or {})})
    return subprocess.run([sys.executable, "-m", "indicators", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, env=full_env, check=False)


def plan_rows(stdout: str) -> list[dict]:
    return [r for r in json.loads(stdout) if re.fullmatch(r"\d+", r["area"])]


def dumped(rows: list[dict]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"


# ---------------------------------------------------------------- the shipped plan: same figures

@pytest.mark.parametrize("flags,golden", [((), "pdz_2021_2023.json"), (("--public",), "pdz_2021_2023_public.json")])
def test_the_shipped_plan_file_gives_the_python_catalogs_figures(flags, golden):
    out = cli("--json", *flags)
    assert out.returncode in (0, 1), out.stderr
    rows = plan_rows(out.stdout)
    assert len(rows) == 820
    assert dumped(rows) == (GOLDEN / golden).read_text(encoding="utf-8")


def test_the_shipped_plan_declares_every_indicator_of_the_plan():
    assert PLAN.path == SHIPPED
    assert (PLAN.decl.ciclo, PLAN.decl.anni) == ("2021-2023", (2021, 2022, 2023))
    assert len(INDICATORS) == 202 and len(PLAN.decl.obiettivi) == 24 and len(PLAN.decl.aree) == 10
    # one output indicator per line the plan writes under «Indicatori di output» (others split a line in two)
    assert sum(bool(re.fullmatch(r"[\d.]+\.out\.\d+", i.id)) for i in INDICATORS) == 118
    by_id = {i.id: i for i in INDICATORS}
    # «almeno tre protocolli informatici»: a running total over 2021-2023 whose year targets are 1, 2, 3.
    assert by_id["6.1.out.3"].compute.param == ("6.1.out.3", 3, (2021, 2022, 2023))
    assert by_id["6.1.out.2.urbano"].compute.param == ("6.1.out.2", 1, "Cremona")
    assert by_id["6.1.out.2.aree"].compute.param == ("6.1.out.2", 2, None)


def test_stated_targets_quote_the_plan_and_proposed_ones_do_not():
    stated = [i for i in INDICATORS if i.target and i.target.stated]
    assert {i.id for i in stated} >= {"1.2.out.1", "6.1.out.3", "6.2.out.1", "6.3.out.1"}
    for i in stated:
        assert i.target.statement and i.target.statement in i.plan_text, i.id
    proposed_numbers = {i.id for i in INDICATORS if i.target and not i.target.stated and i.target.value is not None}
    # «Definire dei criteri», «Produzione di linee guida»: the plan gives no count, «≥ 1» is the dashboard's.
    assert proposed_numbers == {"4.2.out.7", "5.2.out.5", "5.3.out.1", "6.1.out.4"}
    assert all(not i.target.stated for i in INDICATORS if i.target and i.target.value is None)


@pytest.mark.skipif(not SEED.exists(), reason="documento sorgente non disponibile")
def test_every_stated_target_sentence_is_in_the_plan_document():
    def normalise(text: str) -> str:
        return re.sub(r"\s+", " ", text.replace("*", "")).strip()

    source = normalise(SEED.read_text(encoding="utf-8"))
    assert [i.id for i in INDICATORS if i.target and i.target.stated and normalise(i.target.statement) not in source] == []


# ---------------------------------------------------------------- mistakes, with their line

HEAD = """\
programma: pdz
titolo: Piano di prova
documento: prova
ciclo: 2024-2026
anni: [2024, 2025, 2026]
dataset: osservazioni_pdz
aree:
  - id: 1
    titolo: Area uno
obiettivi:
  - id: 1.1
    area: 1
    titolo: Obiettivo uno
indicatori:
"""  # 14 lines: the first indicator starts on line 15

GOOD = """\
  - id: 1.1.out.1
    obiettivo: 1.1
    tipo: output
    nome: Punti di distribuzione
    unita: numero
    frase_piano: Ampliare la rete
    misura: Punti attivi al 31/12.
    calcolo: observed
    direzione: su
    target: {confronto: aumento, dichiarato: false}
"""


def write(tmp_path: Path, indicators: str, head: str = HEAD) -> Path:
    path = tmp_path / "piano.yaml"
    path.write_text(head + indicators, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(PlanFileError) as err:
        plan_file.load(path, COMPUTATIONS)
    return err.value.problems


def test_a_sound_small_plan_loads(tmp_path):
    plan = plan_file.load(write(tmp_path, GOOD), COMPUTATIONS)
    assert [i.id for i in plan.decl.indicatori] == ["1.1.out.1"]
    assert plan.decl.obiettivi[0].id == "1.1" and plan.decl.anni == (2024, 2025, 2026)


@pytest.mark.parametrize("change,line,sentence", [
    # an unknown key (a typo of «sensibile»), on its own line
    (GOOD + "    sensibbile: true\n", 25, "chiave sconosciuta «sensibbile»"),
    # the same id twice: the second is the mistake
    (GOOD + GOOD, 25, "id «1.1.out.1» duplicato"),
    # a target without a unit: the indicator's line
    (GOOD.replace("    unita: numero\n", ""), 15, "il target non ha un'unità di misura"),
    # a computation that does not exist
    (GOOD.replace("calcolo: observed", "calcolo: osservato"), 22, "il calcolo «osservato» non esiste"),
    # a column that is not in the dataset's contract (data_loaders/registry.py)
    (GOOD + "    colonne: [valore, importo]\n", 25, "la colonna «importo» non è nel tracciato del dataset «osservazioni_pdz»"),
    # a dataset nobody declared
    (GOOD + "    dataset: osservazioni\n", 25, "il dataset «osservazioni» non esiste"),
    # a computation on a dataset without the columns it reads
    (GOOD + "    dataset: comuni\n", 22, "il calcolo «observed» legge le colonne indicatore, periodo"),
    # an objective the plan does not have
    (GOOD.replace("obiettivo: 1.1", "obiettivo: 1.2"), 16, "l'obiettivo «1.2» non è tra gli «obiettivi»"),
    # a stated target without the plan's sentence
    (GOOD.replace("{confronto: aumento, dichiarato: false}", "{confronto: almeno, valore: 3, dichiarato: true}"),
     24, "manca «frase»"),
    # a number the plan asks, without the number
    (GOOD.replace("{confronto: aumento, dichiarato: false}", "{confronto: almeno, dichiarato: false}"),
     24, "non ha «valore»"),
    # a value written the Italian way
    (GOOD.replace("{confronto: aumento, dichiarato: false}", "{confronto: almeno, valore: '3,5', dichiarato: false}"),
     24, "«valore: 3,5» non è un numero"),
    # a direction against its target
    (GOOD.replace("direzione: su", "direzione: giu"), 15, "«direzione: giu» contraddice il target «aumento»"),
    # a key written twice in one entry: YAML would keep the last silently
    (GOOD + "    nome: Altro nome\n", 25, "la chiave «nome» è scritta due volte (la prima alla riga 18)"),
    # a parameter the computation does not take
    (GOOD + "    parametri: {minimo: 2}\n", 25, "il parametro «minimo» non è previsto dal calcolo «observed»"),
    # a missing sentence of the plan
    (GOOD.replace("    frase_piano: Ampliare la rete\n", ""), 15, "manca «frase_piano»"),
    # a comparison the engine does not know
    (GOOD.replace("confronto: aumento", "confronto: crescita"), 24, "«confronto: crescita» non è ammesso"),
    # broken YAML syntax
    (GOOD + "    nome: [non chiusa\n", 26, "il file non è YAML valido"),
])
def test_each_mistake_names_its_line_in_italian(tmp_path, change, line, sentence):
    path = write(tmp_path, change)
    found = problems(path)
    assert any(p.startswith(f"{path}:{line}: ") and sentence in p for p in found), found


def test_every_mistake_is_reported_at_once(tmp_path):
    broken = (GOOD.replace("calcolo: observed", "calcolo: osservato")
              + GOOD.replace("    unita: numero\n", "").replace("1.1.out.1", "1.1.out.2"))
    found = problems(write(tmp_path, broken))
    # pydantic's mistakes come first (a unit is missing); the cross checks run on a sound structure
    assert len(found) == 1 and ":25: il target non ha un'unità" in found[0]
    fixed = broken.replace("tipo: output\n    nome: Punti di distribuzione\n    frase_piano",
                           "tipo: output\n    nome: Punti di distribuzione\n    unita: numero\n    frase_piano")
    found = problems(write(tmp_path, fixed + GOOD.replace("1.1.out.1", "1.1.out.2")))
    assert [p.split(": ", 1)[0].rsplit(":", 1)[1] for p in found] == ["22", "35"]  # unknown computation, duplicate id


def test_yaml_references_are_refused_before_they_expand(tmp_path):
    # Nine nested references of nine entries would expand to 387 million entries in memory.
    bomb = "programma: pdz\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))
    path = tmp_path / "piano.yaml"
    path.write_text(bomb, encoding="utf-8")
    found = problems(path)
    assert found[0] == f"{path}:2: i riferimenti YAML (& e *) non sono ammessi: scrivere il testo per esteso"


def test_only_one_piano_di_zona_at_a_time(tmp_path, monkeypatch):
    first = write(tmp_path, GOOD)
    second = tmp_path / "altro.yaml"
    second.write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(plan_file, "_override", (first, second))
    with pytest.raises(PlanFileError) as err:
        plan_file.load_programme("pdz", COMPUTATIONS)
    assert "serve esattamente un file con «programma: pdz»" in str(err.value)


def test_ids_that_look_like_numbers_stay_text(tmp_path):
    # A YAML reader would make «1.10» the number 1.1, the same objective as «1.1».
    head = HEAD.replace("obiettivi:\n", "obiettivi:\n  - id: 1.10\n    area: 1\n    titolo: Obiettivo dieci\n")
    plan = plan_file.load(write(tmp_path, GOOD.replace("obiettivo: 1.1", "obiettivo: 1.10"), head), COMPUTATIONS)
    assert [o.id for o in plan.decl.obiettivi] == ["1.10", "1.1"]
    assert plan.decl.indicatori[0].obiettivo == "1.10"


def test_a_broken_plan_stops_the_command_with_its_line_and_no_traceback(tmp_path):
    path = write(tmp_path, GOOD + "    sensibbile: true\n")
    out = cli("--plan", str(path), "--json")
    assert out.returncode == 2 and out.stdout == ""
    assert f"{path}:25: chiave sconosciuta «sensibbile»" in out.stderr
    assert "Traceback" not in out.stderr


def test_a_missing_plans_folder_names_the_setting(tmp_path):
    out = cli("--json", env={"CRUSCOTTO_PIANI": str(tmp_path / "nessuna")})
    assert out.returncode == 2 and "CRUSCOTTO_PIANI" in out.stderr and "non esiste" in out.stderr
    assert "Traceback" not in out.stderr


# ---------------------------------------------------------------- a second plan, no code change

@pytest.fixture(scope="module")
def second_plan_rows() -> list[dict]:
    out = cli("--plan", str(SECOND), "--json")
    assert out.returncode in (0, 1), out.stderr
    return plan_rows(out.stdout)


def _ambito(rows, id_, period):
    return next(r for r in rows if r["id"] == id_ and r["period"] == period and r["territory"] == "Ambito Cremonese")


def test_a_second_plan_runs_with_its_own_objectives(second_plan_rows):
    rows = second_plan_rows
    # added (11.1), removed (every other objective of 2021-2023), kept (1.1, 6.1, 6.2)
    assert {r["objective"] for r in rows} == {"1.1", "6.1", "6.2", "11.1"}
    assert {r["id"] for r in rows} == {"1.1.out.1", "1.1.oc.1", "6.1.out.2", "6.1.out.3", "6.2.out.1",
                                       "11.1.out.1", "11.1.oc.1"}
    assert {r["area"] for r in rows} == {"1", "6", "11"}


def test_a_second_plan_judges_by_its_changed_targets(second_plan_rows):
    rows = second_plan_rows
    # 6.1.out.2: 4 territories in 2023 (sample data: Cremona, Soresina, Pizzighettone, Vescovato), now
    # asked ≥ 4 (was ≥ 3); 2022's 3 territories, once enough, are now off target.
    assert (_ambito(rows, "6.1.out.2", "2023")["value"], _ambito(rows, "6.1.out.2", "2023")["target"]) == (4, 4)
    assert _ambito(rows, "6.1.out.2", "2023")["status"] == "on_track"
    assert (_ambito(rows, "6.1.out.2", "2022")["value"], _ambito(rows, "6.1.out.2", "2022")["status"]) == (3, "off_track")
    # 6.2.out.1: 2022's 61,5 % met the old 60 % and misses the new 70 %.
    r = _ambito(rows, "6.2.out.1", "2022")
    assert (r["target"], r["status"]) == (70, "off_track") and 61.5 <= r["value"] <= 61.6


def test_a_second_plan_is_due_its_own_years(second_plan_rows):
    rows = second_plan_rows
    # The years 2024-2026 are due a row each, «senza dati» until their figures are loaded.
    for period in ("2024", "2025", "2026"):
        assert _ambito(rows, "11.1.out.1", period)["status"] == "no_data"
        assert _ambito(rows, "1.1.out.1", period)["status"] == "no_data"
    # A running total counts only its own cycle: the 2021-2023 protocols do not count toward 2024-2026.
    assert [(r["period"], r["value"]) for r in rows if r["id"] == "6.1.out.3"] == [("2024-2026", None)]
    # A new indicator may read an existing code of the observations (codice: 1.1.out.3).
    shipped = json.loads((GOLDEN / "pdz_2021_2023.json").read_text(encoding="utf-8"))
    for period in ("2021", "2022", "2023"):
        assert _ambito(rows, "11.1.oc.1", period)["value"] == _ambito(shipped, "1.1.out.3", period)["value"] is not None


def test_the_plans_folder_setting_gives_the_same_as_the_option(tmp_path, second_plan_rows):
    folder = tmp_path / "piani"
    folder.mkdir()
    (folder / SECOND.name).write_text(SECOND.read_text(encoding="utf-8"), encoding="utf-8")
    out = cli("--json", env={"CRUSCOTTO_PIANI": str(folder)})
    assert out.returncode in (0, 1), out.stderr
    assert plan_rows(out.stdout) == second_plan_rows
    # The areas and objectives the pages read come from the same file (read at import: a new process).
    code = ("from indicators.plan import OBJECTIVE_BY_ID, CICLO, AREAS, TUTTE; "
            "print(CICLO, OBJECTIVE_BY_ID['6.1'].title, OBJECTIVE_BY_ID['6.1'].transversal == TUTTE, len(AREAS))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CRUSCOTTO_")} | {"CRUSCOTTO_PIANI": str(folder)}
    shown = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120,
                           check=False)
    assert shown.stdout.strip() == "2024-2026 Cartella sociale informatizzata unica dell'Ambito True 3", shown.stderr


# The pages and the report read the plan at import: each run below is a new process.
APP_SCRIPT = """
import json, sys
sys.path.insert(0, {root!r})
from streamlit.testing.v1 import AppTest
from tests.apptest import log_in, texts
from ui.shell import PAGES
at = AppTest.from_file({app!r}, default_timeout=120)
log_in(at, "coordinatore")
at.run()
out = {{"start": {{"errors": [e.value for e in at.error], "code": [c.value for c in at.code]}}}}
if not at.error:
    for p in PAGES:
        at.switch_page({root!r} + "/" + p.path).run()
        out[p.path] = {{"exceptions": [e.message for e in at.exception], "text": texts(at)}}
print(json.dumps(out, ensure_ascii=False))
"""


def run_app(folder: Path) -> dict:
    env = dict(os.environ) | {"CRUSCOTTO_PIANI": str(folder)}
    script = APP_SCRIPT.format(root=str(ROOT), app=str(ROOT / "app.py"))
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, env=env,
                         timeout=600, check=False)
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_every_page_and_the_pdf_run_on_a_second_plan(tmp_path):
    folder = tmp_path / "piani"
    folder.mkdir()
    (folder / SECOND.name).write_text(SECOND.read_text(encoding="utf-8"), encoding="utf-8")
    shown = run_app(folder)
    assert shown["start"]["errors"] == []
    assert {page: got["exceptions"] for page, got in shown.items() if page != "start" and got["exceptions"]} == {}
    overview = shown["pages/panoramica.py"]["text"]
    assert "Cartella sociale informatizzata unica" in overview  # renamed
    assert "invecchiamento attivo in ogni sub-ambito" in overview  # added
    assert "Cura della Rete Antiviolenza" not in overview  # removed (9.3)
    # The plan's page opens on its first area, the one it kept: 1.1 with its sentences.
    assert "Rafforzamento della rete territoriale di ambito per il contrasto alla povertà" in shown[
        "pages/piano_di_zona.py"]["text"]

    pdf = tmp_path / "report.pdf"
    env = dict(os.environ) | {"CRUSCOTTO_PIANI": str(folder)}
    out = subprocess.run([sys.executable, "-m", "report", "--out", str(pdf), "--as-of", "23/11/2026",
                          "--versione", "interna"], cwd=ROOT, capture_output=True, text=True, env=env,
                         timeout=600, check=False)
    assert out.returncode == 0, out.stderr
    from pypdf import PdfReader

    text = re.sub(r"\s+", " ", "".join(p.extract_text() for p in PdfReader(pdf).pages))
    assert "Cartella sociale informatizzata" in text and "Invecchiamento attivo" in text


def test_a_broken_plan_stops_the_dashboard_with_its_line(tmp_path):
    folder = tmp_path / "piani"
    folder.mkdir()
    path = write(folder, GOOD + "    sensibbile: true\n")
    shown = run_app(folder)
    assert shown["start"]["errors"] and "un file del piano contiene errori" in shown["start"]["errors"][0]
    assert f"{path}:25: chiave sconosciuta «sensibbile»" in shown["start"]["code"][0]
    assert len(shown) == 1  # nothing else is shown
