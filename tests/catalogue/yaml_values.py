"""The string values of a loaded assessment, each with its kind.

* ``text``: printed by the source, so it must occur there;
* ``option``: the selected option of a closed choice, which must be one of the form's
  printed options;
* ``number``: a number read from the text (a record item's number, a count);
* the derived values at the root (``id``, ``form_type``, ``status``, ``provenance``) are
  left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from pydantic import BaseModel

from generator.model import Choice, DateValue, MultiChoice

DERIVED_AT_ROOT = frozenset({"id", "form_type", "status", "provenance"})


@dataclass(frozen=True)
class Value:
    path: str
    text: str
    kind: str  # "text" | "option" | "number"


def values_of(node: object, path: str = "") -> Iterator[Value]:
    """Every string value under ``node`` in document order."""
    if isinstance(node, DateValue):
        yield Value(path, node.raw, "text")
    elif isinstance(node, Choice):
        yield from _choice(node, path)
    elif isinstance(node, MultiChoice):
        yield from _multi_choice(node, path)
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if not (path == "" and name in DERIVED_AT_ROOT):
                yield from values_of(getattr(node, name), f"{path}/{name}".lstrip("/"))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from values_of(item, f"{path}[{index}]")
    elif isinstance(node, Enum):
        yield Value(path, str(node.value), "option")
    elif isinstance(node, str):
        yield Value(path, node, "text")
    elif isinstance(node, int) and not isinstance(node, bool):
        yield Value(path, str(node), "number")


def _choice(node: Choice, path: str) -> Iterator[Value]:
    if node.value is not None:
        yield Value(f"{path}/value", str(node.value.value), "option")
    for name in ("raw", "note"):
        if getattr(node, name):
            yield Value(f"{path}/{name}", getattr(node, name), "text")


def _multi_choice(node: MultiChoice, path: str) -> Iterator[Value]:
    for index, option in enumerate(node.selected):
        yield Value(f"{path}/selected[{index}]", str(option.value), "option")
    for option, text in node.texts.items():
        yield Value(f"{path}/texts/{option.value}", text, "text")
    if node.raw:
        yield Value(f"{path}/raw", node.raw, "text")
