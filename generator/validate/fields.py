"""What the model says about a field path: its printed label, its allowed keys and options.

Paths are pydantic locations without the form tag: ``("cover", "number")``.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from generator.model.assessment import BasicAssessment, FocusedAssessment, FullAssessment
from generator.model.choices import FormType

Loc = tuple[str | int, ...]
FORMS: dict[str, type[BaseModel]] = {
    FormType.FULL.value: FullAssessment,
    FormType.FOCUSED.value: FocusedAssessment,
    FormType.BASIC.value: BasicAssessment,
}


@dataclass(frozen=True)
class FieldInfo:
    """The field at the end of a path: its label, the model holding it, and its type."""

    titles: tuple[str | None, ...]  # one per step of the path (None for list indices)
    parent: type[BaseModel] | None  # the model whose key the last step is
    annotation: Any  # the type at the end of the path, or None when unknown


def unwrap(annotation: Any) -> Any:
    """``X | None`` → ``X``; ``Annotated[X, ...]`` → ``X``."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def is_enum(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Enum)


def _step(annotation: Any, step: str | int) -> tuple[Any, type[BaseModel] | None, str | None]:
    """The type one step further down: (type, model holding the key, the key's title)."""
    annotation = unwrap(annotation)
    origin = get_origin(annotation)
    if isinstance(step, int):
        if origin in (list, tuple):
            return get_args(annotation)[0], None, None
        return None, None, None
    if origin is dict:
        return get_args(annotation)[1], None, None
    if is_model(annotation):
        field = annotation.model_fields.get(step)
        if field is None:
            return None, annotation, None
        return field.annotation, annotation, field.title
    return None, None, None


def field_info(root: type[BaseModel], loc: Loc) -> FieldInfo:
    annotation: Any = root
    parent: type[BaseModel] | None = None
    titles: list[str | None] = []
    for step in loc:
        annotation, parent, title = _step(annotation, step)
        titles.append(title)
    return FieldInfo(tuple(titles), parent, unwrap(annotation) if annotation else None)


def allowed_keys(model: type[BaseModel]) -> dict[str, str | None]:
    """Each key of the model with its printed label."""
    return {name: field.title for name, field in model.model_fields.items()}


def enum_at(root: type[BaseModel], loc: Loc) -> type[Enum] | None:
    """The option list of the closed choice at ``loc`` (``…, "value"`` or ``…, "selected", i``)."""
    annotation = field_info(root, loc).annotation
    if is_enum(annotation):
        return annotation
    return None


def model_for(data: Any) -> type[BaseModel]:
    """The model of a file's data by its form_type (全項目評価書 when unknown)."""
    form = data.get("form_type") if isinstance(data, dict) else None
    return FORMS.get(form, FullAssessment) if isinstance(form, str) else FullAssessment


def dotted(loc: Loc) -> str:
    """``("files", 0, "overview")`` → ``files[0].overview``."""
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def label(loc: Loc, titles: tuple[str | None, ...] | dict[int, str | None]) -> str:
    """``cover.number (評価書番号)``: the dotted path, then the last key's printed label."""
    if not loc:
        return ""
    last_key = max((i for i, step in enumerate(loc) if isinstance(step, str)), default=None)
    found = dict(enumerate(titles)) if isinstance(titles, tuple) else titles
    title = found.get(last_key) if last_key is not None else None
    return f"{dotted(loc)} ({title})" if title else dotted(loc)


def field_label(model: type[BaseModel], loc: Loc) -> str:
    return label(loc, field_info(model, loc).titles)
