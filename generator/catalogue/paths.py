"""Walking an assessment in the form's order, with a stable anchor for every field.

Anchors are derived from field paths: ``files.1.overview.entrustment`` →
``files-1-overview-entrustment``; list items are keyed by their ``no`` when the numbers are
unique in the list, else by their 1-based position.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from generator.model import Choice, DateValue, MultiChoice

LEAF_MODELS = (Choice, MultiChoice, DateValue)


@dataclass(frozen=True)
class Leaf:
    """One value of the form that is not itself a section: text, choice, date, flag, number."""

    path: tuple[str, ...]
    name: str
    title: str
    value: Any
    owner: BaseModel

    @property
    def anchor(self) -> str:
        return anchor(self.path)


def anchor(path: Sequence[str]) -> str:
    return "-".join(part.replace("_", "-") for part in path)


def is_section(value: Any) -> bool:
    """A nested part of the form (rendered as a section), not a leaf value."""
    return isinstance(value, BaseModel) and not isinstance(value, LEAF_MODELS)


def is_section_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(is_section(v) for v in value)


def fields_of(model: BaseModel) -> Iterator[tuple[str, str, Any]]:
    """(name, printed label, value) of every field, in declaration (= form) order."""
    for name, info in type(model).model_fields.items():
        yield name, info.title or name, getattr(model, name)


def item_keys(items: Sequence[BaseModel]) -> list[str]:
    numbers = [getattr(item, "no", None) for item in items]
    if all(isinstance(n, int) for n in numbers) and len(set(numbers)) == len(numbers):
        return [str(n) for n in numbers]
    return [str(i) for i in range(1, len(items) + 1)]


def leaves(model: BaseModel, path: tuple[str, ...] = ()) -> Iterator[Leaf]:
    """Every leaf under ``model``, depth first in form order."""
    for name, title, value in fields_of(model):
        here = (*path, name)
        if is_section(value):
            yield from leaves(value, here)
        elif is_section_list(value):
            for key, item in zip(item_keys(value), value, strict=True):
                yield from leaves(item, (*here, key))
        else:
            yield Leaf(here, name, title, value, model)


def sections(
    model: BaseModel, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], BaseModel]]:
    """Every nested section (model) under ``model`` with its path, depth first."""
    for name, _title, value in fields_of(model):
        here = (*path, name)
        if is_section(value):
            yield here, value
            yield from sections(value, here)
        elif is_section_list(value):
            for key, item in zip(item_keys(value), value, strict=True):
                yield (*here, key), item
                yield from sections(item, (*here, key))


def plain_text(value: Any) -> str:
    """The text of a leaf for search and prose scanning ("" for flags and numbers)."""
    if isinstance(value, str):
        return value
    if isinstance(value, DateValue):
        return value.raw
    if isinstance(value, Choice):
        return " ".join(t for t in (value.value and value.value.value, value.note) if t)
    if isinstance(value, MultiChoice):
        return " ".join([*(s.value for s in value.selected), *value.texts.values()])
    if isinstance(value, list):
        return "\n".join(v for v in value if isinstance(v, str))
    return ""
