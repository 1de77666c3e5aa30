"""Helpers of the walker: scope contexts and the resolution of generic labels."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.importer.fields import FieldSpec
from generator.importer.labels import best_match
from generator.importer.text import Row

LABELISH_MAX = 40


@dataclass
class Context:
    """One level of scope: where its fields go and which field was matched last."""

    name: str
    target: dict[str, Any]
    specs: tuple[FieldSpec, ...]
    last: int = -1


def resolve(context: Context, key: str, fuzzy: bool) -> FieldSpec | None:
    """The field a label names in this context; generic labels follow the last field."""
    if fuzzy:
        label = best_match(key, [lab for s in context.specs for lab in s.labels])
        if label is None:
            return None
        key = label
    specs = [s for s in context.specs if key in s.labels]
    if not specs:
        return None
    if len(specs) == 1:
        return specs[0]
    after = [s for s in specs if s.index > context.last]
    unfilled = [s for s in specs if s.key not in context.target]
    return (after or unfilled or specs)[0]


def raw_after(raw_cell: str, head: str, rest_raw: str) -> str:
    position = raw_cell.find(head)
    tail = raw_cell[position + len(head) :] if position >= 0 else ""
    return " ".join(x for x in (tail, rest_raw) if x.strip())


def after_first_line(row: Row) -> str:
    cell = row.cells[row.first] if row.first < len(row.cells) else ""
    others = cell.partition("\n")[2]
    return "\n".join(x for x in (others, row.rest(row.first)) if x)


def looks_like_label(row: Row) -> bool:
    filled = [c for c in row.cells if c]
    return len(filled) >= 2 and len(filled[0]) <= LABELISH_MAX and "。" not in filled[0]
