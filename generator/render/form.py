"""The assessment page's body as view values: sections in the form's order and numbering.

The model's fields are walked in declaration order and each Field's title is the label, so
nothing is dropped: an absent value shows 「原本に記載なし」, a blank one 「(空欄)」, and a
choice shows every option of its enum with the selected ones marked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from pydantic import BaseModel

from generator.catalogue.paths import anchor, fields_of, is_section, is_section_list, item_keys
from generator.catalogue.values import Ref
from generator.model import Choice, DateValue, MultiChoice
from generator.model.parts import Change, RecordItemRow

ABSENT = "原本に記載なし"
BLANK = "(空欄)"
ITEM_LABELS = {
    "files": "特定個人情報ファイル",
    "systems": "システム",
    "items": "委託事項",
    "provisions": "提供先",
    "transfers": "移転先",
}


@dataclass(frozen=True)
class Link:
    label: str
    href: str


@dataclass(frozen=True)
class Option:
    label: str
    selected: bool
    text: str = ""  # the text written in the option's ( ), for check-box groups


@dataclass(frozen=True)
class Value:
    """One rendered value; ``kind`` selects the template macro."""

    kind: str  # absent, blank, text, choice, blank-choice, multi, date, flag, number, list
    text: str = ""
    options: tuple[Option, ...] = ()
    note: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class FieldRow:
    label: str
    anchor: str
    value: Value


@dataclass(frozen=True)
class Table:
    """A list of rows printed as a table in the form: 記録項目, 変更箇所."""

    caption: str
    anchor: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_anchors: tuple[str, ...]
    cell_anchors: tuple[tuple[str, ...], ...]  # the field anchors links point to


@dataclass(frozen=True)
class Section:
    level: int
    title: str
    anchor: str
    parts: tuple[tuple[FieldRow, ...] | Section | Table, ...]


RefLinker = Callable[[Ref], str | None]


@dataclass(frozen=True)
class FormWalker:
    refs: Mapping[str, tuple[Ref, ...]]
    href: RefLinker

    def sections(self, model: BaseModel) -> tuple[tuple[FieldRow, ...] | Section, ...]:
        """The top level: every field of the assessment as rows or level-2 sections."""
        return self._parts(model, (), 2)

    def _parts(self, model: BaseModel, path: tuple[str, ...], level: int) -> tuple:
        parts: list[tuple[FieldRow, ...] | Section] = []
        rows: list[FieldRow] = []
        for name, title, value in fields_of(model):
            here = (*path, name)
            if is_section_list(value) and _is_table(value):
                if rows:
                    parts.append(tuple(rows))
                    rows = []
                parts.append(Section(level, title, anchor(here), (_table(title, here, value),)))
            elif is_section(value) or is_section_list(value):
                if rows:
                    parts.append(tuple(rows))
                    rows = []
                parts.extend(self._section(name, title, value, here, level))
            else:
                rows.append(FieldRow(title, anchor(here), self.value(value, anchor(here))))
        if rows:
            parts.append(tuple(rows))
        return tuple(parts)

    def _section(
        self, name: str, title: str, value: Any, path: tuple[str, ...], level: int
    ) -> list[Section]:
        """A nested part, or a list of parts (the files are top-level sections themselves)."""
        if is_section(value):
            return [Section(level, title, anchor(path), self._parts(value, path, level + 1))]
        label = ITEM_LABELS.get(name, title)
        item_level = level if path == ("files",) else level + 1
        items = [
            Section(
                item_level,
                f"{label}{key}",
                anchor((*path, key)),
                self._parts(item, (*path, key), item_level + 1),
            )
            for key, item in zip(item_keys(value), value, strict=True)
        ]
        if path == ("files",):
            return items
        return [Section(level, title, anchor(path), tuple(items))]

    def value(self, value: Any, here: str) -> Value:
        if value is None:
            return Value("absent", ABSENT)
        if value == "" or value == []:
            return Value("blank", BLANK)
        if isinstance(value, str):
            return Value("text", value, links=self._links(here))
        if isinstance(value, bool):
            return Value(
                "flag", "チェックあり" if value else "チェックなし", options=(Option("", value),)
            )
        if isinstance(value, int):
            return Value("number", str(value))
        if isinstance(value, Enum):
            return Value("choice", options=_options(type(value), {value}, {}))
        return _special(value)

    def _links(self, here: str) -> tuple[Link, ...]:
        links = []
        for ref in self.refs.get(here, ()):
            href = self.href(ref)
            if href is not None:
                links.append(Link(ref.label, href))
        return tuple(links)


def _special(value: Any) -> Value:
    if isinstance(value, DateValue):
        return Value("date", value.raw, note=value.iso)
    if isinstance(value, Choice):
        enum = _enum_of(value)
        chosen = {value.value} if value.value is not None else set()
        note = "、".join(filter(None, [value.note, "推定による選択" if value.inferred else ""]))
        kind = "choice" if chosen else "blank-choice"
        return Value(kind, BLANK if not chosen else "", _options(enum, chosen, {}), note)
    if isinstance(value, MultiChoice):
        enum = _enum_of(value)
        inferred = "、".join(o.value for o in value.inferred)
        note = f"推定による選択: {inferred}" if inferred else ""
        texts = {k: v for k, v in value.texts.items()}
        return Value(
            "multi",
            "" if value.selected else BLANK,
            _options(enum, set(value.selected), texts),
            note,
        )
    if isinstance(value, list):
        return Value("list", rows=tuple((str(v),) for v in value))
    return Value("text", str(value))


def _table(title: str, path: tuple[str, ...], items: Sequence[BaseModel]) -> Table:
    """Columns are the row model's field titles, in order; cells show absent and blank."""
    columns = tuple(info.title or name for name, info in type(items[0]).model_fields.items())
    rows = tuple(tuple(_cell(v) for _n, _t, v in fields_of(item)) for item in items)
    keys = item_keys(items)
    row_anchors = tuple(anchor((*path, key)) for key in keys)
    cell_anchors = tuple(
        tuple(anchor((*path, key, name)) for name, _t, _v in fields_of(item))
        for key, item in zip(keys, items, strict=True)
    )
    return Table(title, anchor(path), columns, rows, row_anchors, cell_anchors)


def _cell(value: Any) -> str:
    if value is None:
        return ABSENT
    if value == "":
        return BLANK
    if isinstance(value, DateValue):
        return value.raw
    if isinstance(value, Choice):
        return value.value.value if value.value is not None else BLANK
    return str(value)


def _is_table(value: Sequence[Any]) -> bool:
    return isinstance(value[0], RecordItemRow | Change)


def _enum_of(value: BaseModel) -> type[StrEnum]:
    return type(value).__pydantic_generic_metadata__["args"][0]


def _options(enum: type[Enum], chosen: set, texts: Mapping) -> tuple[Option, ...]:
    return tuple(
        Option(str(member.value), member in chosen, texts.get(member, "")) for member in enum
    )
