"""Field specs derived from the model: printed label (Field title), value kind, enum.

The model's Field titles are the label table; ``Scope.aliases`` adds wordings the title
does not cover. Sub-models whose title starts with リスク are the risks of a section.
"""

from __future__ import annotations

import re
import types
import typing
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from pydantic import BaseModel

from generator.importer.forms import Scope
from generator.importer.labels import key_of, parse_label
from generator.model.values import Choice, DateValue, MultiChoice

PAREN_RE = re.compile(r"\([^()]*\)")
RISK_RE = re.compile(r"^リスク\s*(\d*)\s*[:：]\s*(.+)$")


@dataclass(frozen=True)
class FieldSpec:
    key: str
    labels: tuple[str, ...]  # loose matching keys
    kind: str  # "text" | "choice" | "multi" | "date" | "bool" | "int"
    enum: type[StrEnum] | None
    index: int


@dataclass(frozen=True)
class RiskSpec:
    key: str
    number: str
    text: str  # loose key of the risk's name
    model: type[BaseModel]


def loose(text: str) -> str:
    """Matching key without numbering, parentheticals and a trailing ※."""
    label = parse_label(text)
    key = label.key
    previous = None
    while previous != key:
        previous, key = key, PAREN_RE.sub("", key)
    return key.rstrip("※")


def _unwrap(annotation: object) -> object:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return args[0] if args else annotation
    return annotation


def _kind(annotation: object) -> tuple[str | None, type[StrEnum] | None]:
    tp = _unwrap(annotation)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        meta = getattr(tp, "__pydantic_generic_metadata__", {}) or {}
        origin, args = meta.get("origin"), meta.get("args", ())
        if origin is Choice:
            return "choice", args[0]
        if origin is MultiChoice:
            return "multi", args[0]
        if tp is DateValue:
            return "date", None
        return None, None
    simple = {str: "text", bool: "bool", int: "int"}
    return simple.get(tp) if isinstance(tp, type) else None, None  # type: ignore[call-overload]


@cache
def fields_of(scope: Scope) -> tuple[FieldSpec, ...]:
    return _fields(scope.model, scope.only, tuple(scope.aliases.items())) if scope.model else ()


@cache
def model_fields(model: type[BaseModel]) -> tuple[FieldSpec, ...]:
    return _fields(model, (), ())


def _fields(
    model: type[BaseModel], only: tuple[str, ...], aliases: tuple[tuple[str, tuple[str, ...]], ...]
) -> tuple[FieldSpec, ...]:
    extra = dict(aliases)
    specs = []
    for index, (name, info) in enumerate(model.model_fields.items()):
        kind, enum = _kind(info.annotation)
        if kind is None or name == "no" or (only and name not in only):
            continue
        labels = [loose(info.title or name), *(loose(a) for a in extra.get(name, ()))]
        specs.append(FieldSpec(name, tuple(dict.fromkeys(labels)), kind, enum, index))
    return tuple(specs)


@cache
def block_fields(
    model: type[BaseModel], aliases: tuple[tuple[str, tuple[str, ...]], ...]
) -> tuple[FieldSpec, ...]:
    return _fields(model, (), aliases)


@cache
def risks_of(model: type[BaseModel] | None) -> tuple[RiskSpec, ...]:
    if model is None:
        return ()
    found = []
    for name, info in model.model_fields.items():
        tp = _unwrap(info.annotation)
        match = RISK_RE.match(unicodedata.normalize("NFKC", info.title or ""))
        if match and isinstance(tp, type) and issubclass(tp, BaseModel):
            found.append(RiskSpec(name, match.group(1), loose(match.group(2)), tp))
    return tuple(found)


def parse_risk_heading(text: str) -> tuple[str, str] | None:
    """`リスク1： 目的外の入手が行われるリスク` → ("1", loose name)."""
    first = text.split("\n", 1)[0]
    match = RISK_RE.match(unicodedata.normalize("NFKC", first).strip())
    if not match:
        return None
    return match.group(1), loose(match.group(2))


def same_key(a: str, b: str) -> bool:
    return key_of(a) == key_of(b)
