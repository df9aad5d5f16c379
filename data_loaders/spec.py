"""What a dataset is: its file, its row contract (a pydantic model) and its extra checks.

The pydantic model is the single declaration of a row. Its JSON schema drives the
column-wise conversion (fast, in polars), the data dictionary, the template and the
messages; the model itself validates single rows where a caller wants that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Literal

import polars as pl
from pydantic import BaseModel

ColumnKind = Literal["integer", "number", "date", "boolean", "text"]

# A row check: (code, Italian message, the column it names, expr builder returning True where valid).
# The builder takes the reference date (settings' reference_date, or the --as-of of a command), so a
# rule about the future is judged on the day the data are looked at; «{riferimento}» in the message
# becomes that date, gg/mm/aaaa.
REFERENCE_PLACEHOLDER = "{riferimento}"


@dataclass(frozen=True)
class RowCheck:
    code: str
    message: str
    column: str
    valid: Callable[[dt.date], pl.Expr]


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: ColumnKind
    required: bool
    description: str
    example: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    pattern: str | None = None
    istat: bool = False  # six-digit ISTAT code: Excel drops leading zeros, we pad them back

    @property
    def polars_type(self) -> pl.DataType:
        return {
            "integer": pl.Int64, "number": pl.Float64, "date": pl.Date,
            "boolean": pl.Boolean, "text": pl.Utf8,
        }[self.kind]


@dataclass(frozen=True)
class DatasetSpec:
    name: str
    filename: str
    title: str
    description: str
    model: type[BaseModel]
    key: tuple[str, ...] = ()
    checks: tuple[RowCheck, ...] = ()
    # Record-level data about people or families: never shown to the public as rows.
    record_level: bool = False
    # How often coordinators refresh it, for the data dictionary and the quality view.
    cadence: str = "semestrale"
    columns: tuple[ColumnSpec, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(columns_from_model(self.model)))

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def schema(self) -> dict[str, pl.DataType]:
        return {c.name: c.polars_type for c in self.columns}

    def empty_frame(self) -> pl.DataFrame:
        return pl.DataFrame(schema={"_riga": pl.UInt32, **self.schema})


def _kind(prop: dict[str, Any]) -> tuple[ColumnKind, dict[str, Any]]:
    if prop.get("type") == "integer":
        return "integer", prop
    if prop.get("type") == "number":
        return "number", prop
    if prop.get("type") == "boolean":
        return "boolean", prop
    if prop.get("type") == "string" and prop.get("format") == "date":
        return "date", prop
    return "text", prop


def columns_from_model(model: type[BaseModel]) -> list[ColumnSpec]:
    schema = model.model_json_schema()
    required = set(schema.get("required", []))
    defs = schema.get("$defs", {})
    out: list[ColumnSpec] = []
    for name, prop in schema["properties"].items():
        variants = prop.get("anyOf", [prop])
        concrete = [v for v in variants if v.get("type") != "null"]
        base = dict(concrete[0]) if concrete else {}
        if "$ref" in base:
            base = dict(defs[base["$ref"].split("/")[-1]])
        if "enum" not in base and "const" in base:
            base["enum"] = [base["const"]]
        kind, base = _kind(base)
        extra = model.model_fields[name].json_schema_extra or {}
        out.append(ColumnSpec(
            name=name,
            kind=kind,
            required=name in required and len(concrete) == len(variants),
            description=prop.get("description", ""),
            example=str((prop.get("examples") or [""])[0]),
            choices=tuple(str(v) for v in base.get("enum", ())),
            minimum=base.get("minimum"),
            maximum=base.get("maximum"),
            exclusive_minimum=base.get("exclusiveMinimum"),
            pattern=base.get("pattern"),
            istat=bool(isinstance(extra, dict) and extra.get("istat")),
        ))
    return out
