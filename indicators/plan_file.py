"""Plans as data files: ``indicators/plans/*.yaml`` read into pydantic models, every mistake
reported as «file:riga: frase» (no traceback).

A plan file declares a plan's areas, objectives (with the plan's own sentences), output and
outcome indicators (the dataset and the computation they use, by name) and targets (stated by
the plan, with the sentence that states it, or proposed by the dashboard). The computations
stay small Python functions: the caller passes their registry (name → ``Computation``), so the
loader can refuse a name that does not exist and a column that the dataset's contract
(data_loaders/registry.py) does not have.

Which files are in use: the ones given on the command line (``use``), else the folder
``$CRUSCOTTO_PIANI``, else the shipped ``indicators/plans/``.

YAML is read with every number kept as text and only ``true``/``false`` as booleans: an id
such as ``1.10`` would otherwise become the number 1.1, and ``no`` the boolean false. The
models convert the text where a number is declared.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

import settings

PLANS_DIR = Path(__file__).resolve().parent / "plans"
PLAN_SUFFIXES = (".yaml", ".yml")
ALL_AREAS = "tutte"

# The plan's words for a target's comparison, and the engine's.
COMPARISONS = {"aumento": "increase", "diminuzione": "decrease", "almeno": "at_least", "piu_di": "above",
               "al_massimo": "at_most", "meno_di": "below"}
DOWNWARD = ("diminuzione", "al_massimo", "meno_di")
DIRECTIONS = {"su": "up", "giu": "down"}
UNITS = ("numero", "percentuale", "euro", "euro_per_abitante", "ore", "giorni", "indice")


class PlanFileError(ValueError):
    """One or more mistakes in plan files; ``str()`` is the Italian message, one line per mistake."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Piani non validi:\n" + "\n".join("- " + p for p in problems))


@dataclass(frozen=True)
class Computation:
    """A computation a plan can name: ``build(indicator, plan)`` returns the indicator's function.

    ``columns``: the dataset columns it reads (each must be in the dataset's contract);
    ``params``: the keys it accepts under ``parametri``, with their type; ``needs_value``: it reads the target's
    value (a running total judged against a number); ``formula(indicator, plan)``: the formula in
    words when the plan file gives none.
    """

    build: Callable[..., Any]
    metric_type: str
    columns: tuple[str, ...]
    formula: Callable[..., str]
    params: Mapping[str, type] = field(default_factory=dict)
    needs_value: bool = False


# ---------------------------------------------------------------- the models


class _Decl(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class TargetDecl(_Decl):
    confronto: Literal["aumento", "diminuzione", "almeno", "piu_di", "al_massimo", "meno_di"]
    valore: float | None = Field(None, allow_inf_nan=False)
    periodo: str = Field("annuale", min_length=1)
    etichetta: str = ""
    dichiarato: bool
    frase: str = ""  # the plan's words that state the target (required when stated)

    @model_validator(mode="after")
    def _consistent(self) -> TargetDecl:
        relative = self.confronto in ("aumento", "diminuzione")
        if relative and self.valore is not None:
            raise ValueError(f"un target di «{self.confronto}» rispetto all'anno base non ha «valore»: toglierlo "
                             "o scegliere un confronto con un numero (almeno, al_massimo, ...)")
        if not relative and self.valore is None:
            raise ValueError(f"il target «{self.confronto}» non ha «valore»: scrivere il numero da raggiungere")
        if self.dichiarato and not self.frase:
            raise ValueError("il target è dichiarato dal piano ma manca «frase», la frase del piano che lo dichiara")
        if not self.dichiarato and self.frase:
            raise ValueError("«frase» è la frase del piano che dichiara il target: un target proposto dal cruscotto "
                             "(dichiarato: false) non ne ha")
        return self


class IndicatorDecl(_Decl):
    id: str = Field(min_length=1, pattern=r"^\S+$")
    obiettivo: str = Field(min_length=1)
    tipo: Literal["output", "outcome"]
    nome: str = Field(min_length=1)
    unita: Literal["numero", "percentuale", "euro", "euro_per_abitante", "ore", "giorni", "indice"] | None = None
    frase_piano: str = Field(min_length=1)
    misura: str = Field(min_length=1)
    calcolo: str = Field(min_length=1)
    codice: str | None = None  # the code of its rows in the dataset, when it is not the id
    parametri: dict[str, float | str] = {}
    dataset: str | None = None  # the plan's «dataset» when absent
    colonne: tuple[str, ...] = ()
    direzione: Literal["su", "giu"]
    stock_flusso: Literal["stock", "flusso"] | None = None
    target: TargetDecl | None = None
    sensibile: bool = False
    decimali: int = Field(0, ge=0, le=4)
    formula: str = ""
    proposto: bool = False  # a measure the dashboard adds where the plan is silent or inconsistent
    note: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> IndicatorDecl:
        if self.unita is None:
            raise ValueError("il target non ha un'unità di misura: aggiungere «unita» all'indicatore "
                             f"({', '.join(UNITS)})" if self.target else
                             f"manca «unita», l'unità di misura ({', '.join(UNITS)})")
        if self.target and (self.target.confronto in DOWNWARD) != (self.direzione == "giu"):
            raise ValueError(f"«direzione: {self.direzione}» contraddice il target «{self.target.confronto}»")
        return self

    @property
    def code(self) -> str:
        return self.codice or self.id


class ObjectiveDecl(_Decl):
    id: str = Field(min_length=1)
    area: str = Field(min_length=1)
    titolo: str = Field(min_length=1)
    destinatari: tuple[str, ...] = ()
    bisogni: tuple[str, ...] = ()
    trasversale: tuple[str, ...] | Literal["tutte"] = ()
    frase_trasversale: str = ""
    testo: str = ""
    note: tuple[str, ...] = ()


class AreaDecl(_Decl):
    id: str = Field(min_length=1)
    titolo: str = Field(min_length=1)
    nota_bilancio_precedente: str = ""  # why the previous cycle's review has no figure to set beside it


class PlanDecl(_Decl):
    programma: Literal["pdz"]
    titolo: str = Field(min_length=1)
    documento: str = Field(min_length=1)
    ciclo: str = Field(min_length=1)
    anni: tuple[int, ...] = Field(min_length=1)
    dataset: str | None = None
    aree: tuple[AreaDecl, ...] = Field(min_length=1)
    obiettivi: tuple[ObjectiveDecl, ...] = Field(min_length=1)
    indicatori: tuple[IndicatorDecl, ...] = Field(min_length=1)

    @field_validator("anni")
    @classmethod
    def _consecutive(cls, years: tuple[int, ...]) -> tuple[int, ...]:
        if list(years) != list(range(years[0], years[0] + len(years))):
            raise ValueError("«anni» sono gli anni del piano, in ordine e senza salti (es. [2024, 2025, 2026])")
        return years

    def dataset_of(self, ind: IndicatorDecl) -> str | None:
        return ind.dataset or self.dataset


@dataclass(frozen=True)
class Plan:
    """A validated plan file: its declarations and where it was read from."""

    path: Path
    decl: PlanDecl


# Which model a key of the file opens: to list the keys allowed where an unknown one is written.
_MODEL_OF_KEY: dict[str, type[BaseModel]] = {"aree": AreaDecl, "obiettivi": ObjectiveDecl,
                                            "indicatori": IndicatorDecl, "target": TargetDecl}


# ---------------------------------------------------------------- reading YAML with its lines

# libyaml's parser when PyYAML has it: the pure Python one takes ~0,2 s on the shipped plan, at every start.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader that keeps numbers and dates as text and knows only true/false as booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
                           "tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def _duplicate_keys(node: yaml.Node, where: str, problems: list[str], seen_nodes: set[int] | None = None) -> None:
    """A key written twice in one mapping: YAML keeps the last silently, a person meant one of them.
    A node met twice is a YAML reference (``*nome``): refused, since a few nested references expand
    to billions of entries, and a plan needs none."""
    seen_nodes = set() if seen_nodes is None else seen_nodes
    if id(node) in seen_nodes:
        problems.append(f"{where}:{node.start_mark.line + 1}: i riferimenti YAML (& e *) non sono ammessi: "
                        "scrivere il testo per esteso")
        return
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        seen_nodes.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            k = str(key.value)
            if k in seen:
                problems.append(f"{where}:{key.start_mark.line + 1}: la chiave «{k}» è scritta due volte "
                                f"(la prima alla riga {seen[k]})")
            seen.setdefault(k, key.start_mark.line + 1)
            _duplicate_keys(value, where, problems, seen_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _duplicate_keys(item, where, problems, seen_nodes)


def _read(path: Path) -> tuple[Any, yaml.Node]:
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise PlanFileError([f"{where}: il file non si può leggere ({err.strerror})"]) from None
    except UnicodeDecodeError:
        raise PlanFileError([f"{where}: il file non è in UTF-8"]) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise PlanFileError([f"{where}:1: il file è vuoto"])
        problems: list[str] = []
        _duplicate_keys(node, where, problems)
        if problems:
            raise PlanFileError(list(dict.fromkeys(problems)))
        return loader.construct_document(node), node
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        detail = err.problem or err.context or ""
        if "tab character" in detail:
            detail = "un carattere di tabulazione: rientrare le righe con gli spazi"
        raise PlanFileError([f"{where}:{line}: il file non è YAML valido ({detail})"]) from None
    except yaml.YAMLError as err:
        raise PlanFileError([f"{where}: il file non è YAML valido ({err})"]) from None
    finally:
        loader.dispose()


def line_of(node: yaml.Node, loc: tuple) -> int:
    """The file line (1-based) of the deepest node of ``loc`` that exists: the key itself when
    it is written, else the mapping that should hold it."""
    line = node.start_mark.line
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            hit = next(((k, v) for k, v in node.value if str(k.value) == str(key)), None)
            if hit is None:
                break
            line, node = hit[0].start_mark.line, hit[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and 0 <= key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line
        else:
            break
    return line + 1


# ---------------------------------------------------------------- messages

def _allowed_keys(loc: tuple) -> str:
    model: type[BaseModel] = PlanDecl
    for key in loc[:-1]:
        if isinstance(key, str) and key in _MODEL_OF_KEY:
            model = _MODEL_OF_KEY[key]
    return ", ".join(model.model_fields)


def _sentence(err: Mapping[str, Any]) -> str:
    loc = tuple(err["loc"])
    field = next((str(k) for k in reversed(loc) if isinstance(k, str)), "")
    value = err.get("input")
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return f"manca «{field}»"
    if kind == "extra_forbidden":
        return f"chiave sconosciuta «{loc[-1]}» (chiavi ammesse qui: {_allowed_keys(loc)})"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("' or '", "', '")
        return f"«{field}: {value}» non è ammesso (valori ammessi: {expected})"
    if kind in ("float_parsing", "float_type", "finite_number"):
        return f"«{field}: {value}» non è un numero (scrivere le cifre con il punto decimale)"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"«{field}: {value}» non è un numero intero"
    if kind in ("bool_parsing", "bool_type"):
        return f"«{field}: {value}» va scritto true o false"
    if kind == "string_type":
        return f"«{field}» deve essere un testo"
    if kind in ("string_too_short", "too_short"):
        return f"«{field}» è vuoto"
    if kind == "string_pattern_mismatch":
        return f"«{field}: {value}» non può contenere spazi"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        return f"«{field}» deve essere {'almeno' if kind == 'greater_than_equal' else 'al massimo'} {bound}"
    if kind in ("tuple_type", "list_type"):
        return f"«{field}» deve essere un elenco"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"«{field}» deve essere un insieme di chiavi e valori"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return f"«{field}»: valore non valido ({err['msg']})"


# ---------------------------------------------------------------- checks across entries

def _cross_checks(decl: PlanDecl, computations: Mapping[str, Computation],
                  datasets: Mapping[str, Any]) -> list[tuple[tuple, str]]:
    """Mistakes no single entry shows: duplicate ids, references to nothing, columns out of contract."""
    out: list[tuple[tuple, str]] = []

    def add(loc: tuple, why: str) -> None:
        out.append((loc, why))

    def unique(section: str, items) -> set[str]:
        first: dict[str, int] = {}
        for n, item in enumerate(items):
            if item.id in first:
                add((section, n, "id"), f"id «{item.id}» duplicato (già usato nell'elemento {first[item.id] + 1} "
                                        f"di «{section}»)")
            first.setdefault(item.id, n)
        return set(first)

    areas = unique("aree", decl.aree)
    objectives = unique("obiettivi", decl.obiettivi)
    unique("indicatori", decl.indicatori)
    for n, o in enumerate(decl.obiettivi):
        if o.area not in areas:
            add(("obiettivi", n, "area"), f"l'area «{o.area}» non è tra le «aree» del piano")
        if o.trasversale != ALL_AREAS:
            for a in o.trasversale:
                if a not in areas:
                    add(("obiettivi", n, "trasversale"), f"l'area «{a}» non è tra le «aree» del piano")
    if decl.dataset is not None and decl.dataset not in datasets:
        add(("dataset",), _unknown_dataset(decl.dataset, datasets))
    for n, ind in enumerate(decl.indicatori):
        at = ("indicatori", n)
        if ind.obiettivo not in objectives:
            add(at + ("obiettivo",), f"l'obiettivo «{ind.obiettivo}» non è tra gli «obiettivi» del piano")
        comp = computations.get(ind.calcolo)
        if comp is None:
            add(at + ("calcolo",), f"il calcolo «{ind.calcolo}» non esiste (calcoli disponibili: "
                                   f"{', '.join(sorted(computations))})")
        dataset = decl.dataset_of(ind)
        if dataset is None:
            add(at, "manca «dataset»: né l'indicatore né il piano dicono da quale dataset legge")
        elif dataset not in datasets:
            if ind.dataset is not None:
                add(at + ("dataset",), _unknown_dataset(dataset, datasets))
        else:
            contract = list(datasets[dataset].column_names)
            for c in ind.colonne:
                if c not in contract:
                    add(at + ("colonne",), f"la colonna «{c}» non è nel tracciato del dataset «{dataset}» "
                                           f"(colonne: {', '.join(contract)})")
            if comp is not None:
                lacking = [c for c in comp.columns if c not in contract]
                if lacking:
                    add(at + ("calcolo",), f"il calcolo «{ind.calcolo}» legge le colonne {', '.join(lacking)}, "
                                           f"che il dataset «{dataset}» non ha")
        if comp is not None:
            for p, value in ind.parametri.items():
                if p not in comp.params:
                    allowed = ", ".join(comp.params) or "nessuno"
                    add(at + ("parametri", p), f"il parametro «{p}» non è previsto dal calcolo «{ind.calcolo}» "
                                               f"(previsti: {allowed})")
                elif comp.params[p] is float and not _is_number(value):
                    add(at + ("parametri", p), f"«{p}: {value}» non è un numero")
            if comp.needs_value and (ind.target is None or ind.target.valore is None):
                add(at + ("target",), f"il calcolo «{ind.calcolo}» conta verso un numero: il target deve avere "
                                      "«valore»")
            elif not ind.formula and not comp.formula(ind, _Probe(decl)):
                add(at, f"manca «formula»: il calcolo «{ind.calcolo}» non ne ha una predefinita")
            if comp.metric_type == "ratio" and ind.unita not in ("percentuale", "euro_per_abitante"):
                add(at + ("unita",), f"il calcolo «{ind.calcolo}» dà un rapporto: «unita» deve essere percentuale")
    return out


@dataclass(frozen=True)
class _Probe:
    """What a computation's default formula reads of the plan, before the plan is a ``Plan``."""

    decl: PlanDecl
    path: Path = Path()


def _is_number(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _unknown_dataset(name: str, datasets: Mapping[str, Any]) -> str:
    return f"il dataset «{name}» non esiste (dataset noti: {', '.join(sorted(datasets))})"


# ---------------------------------------------------------------- loading

def load(path: Path, computations: Mapping[str, Computation], datasets: Mapping[str, Any] | None = None,
         _read_already: tuple[Any, yaml.Node] | None = None) -> Plan:
    """The plan in ``path``, validated; raises ``PlanFileError`` listing every mistake with its line."""
    if datasets is None:
        from data_loaders.registry import DATASETS as datasets
    path = Path(path)
    data, root = _read_already or _read(path)
    where = str(path)
    if not isinstance(data, dict):
        raise PlanFileError([f"{where}:1: il file deve contenere le chiavi del piano (programma, titolo, aree, ...)"])
    try:
        decl = PlanDecl.model_validate(data)
    except ValidationError as err:
        errors = err.errors()
        # A list whose entries are wrong is also «too short» once pydantic drops them: say only what is wrong.
        inner = {tuple(e["loc"][:-1]) for e in errors if len(e["loc"]) > 1 and isinstance(e["loc"][-1], str)}
        errors = [e for e in errors if not (e["type"] == "too_short" and any(
            i[:len(e["loc"])] == tuple(e["loc"]) for i in inner))]
        found = [(line_of(root, tuple(e["loc"])), _sentence(e)) for e in errors]
        raise PlanFileError([f"{where}:{line}: {why}" for line, why in sorted(found, key=lambda f: f[0])]) from None
    # In the order of the file, as a person fixes them.
    found = sorted(((line_of(root, loc), why) for loc, why in _cross_checks(decl, computations, datasets)),
                   key=lambda f: f[0])
    if found:
        raise PlanFileError([f"{where}:{line}: {why}" for line, why in found])
    return Plan(path, decl)


_override: tuple[Path, ...] | None = None


def use(paths: list[str | Path]) -> None:
    """Use these plan files instead of $CRUSCOTTO_PIANI or the shipped ones (``--plan``). Must come
    before the catalog is built: the plan's indicators are read once, at import."""
    global _override
    if "indicators.defs.pdz" in sys.modules:
        raise RuntimeError("plan files must be chosen before the catalog is imported")
    _override = tuple(Path(p) for p in paths)


def files() -> list[Path]:
    """The plan files in use, in order: ``use()``'s, else $CRUSCOTTO_PIANI's, else the shipped ones."""
    if _override is not None:
        return list(_override)
    folder = settings.get().piani
    where = "CRUSCOTTO_PIANI"
    if folder is None:
        folder, where = PLANS_DIR, "indicators/plans"
    folder = folder.expanduser()
    if not folder.is_dir():
        raise PlanFileError([f"{where}: la cartella dei piani {folder} non esiste"])
    found = sorted(p for p in folder.iterdir() if p.suffix.lower() in PLAN_SUFFIXES and p.is_file())
    if not found:
        raise PlanFileError([f"{where}: la cartella dei piani {folder} non contiene file .yaml"])
    return found


def load_programme(programme: str, computations: Mapping[str, Computation]) -> Plan:
    """The one plan file in use for ``programme`` (e.g. «pdz»), validated."""
    paths = files()
    problems = [f"{p}: il file non esiste" for p in paths if not p.is_file()]
    if problems:
        raise PlanFileError(problems)
    read = {p: _read(p) for p in paths}
    mine = [p for p in paths if isinstance(read[p][0], dict) and read[p][0].get("programma") == programme]
    others = [p for p in paths if p not in mine]
    if others:
        # Only the Piano di Zona is a plan file so far (PIPPI and the Centro per le Famiglie are Python).
        raise PlanFileError([f"{p}:1: «programma» deve essere «{programme}»: per ora solo il Piano di Zona "
                             "è un file di piano" for p in others])
    if len(mine) != 1:
        names = ", ".join(str(p) for p in mine) or "nessuno"
        raise PlanFileError([f"serve esattamente un file con «programma: {programme}» (trovati: {names})"])
    return load(mine[0], computations, _read_already=read[mine[0]])
