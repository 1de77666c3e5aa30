"""Every non-empty value in a source text is in its catalogue file, and nothing is invented.

Each seed is split into cells by an independent splitter (tests/catalogue/cells.py). Every
cell must be accounted for: its text is a value of the YAML (or lies across adjacent values
the importer joined), it is a label or heading the form prints, or it renders a choice whose
selected option and ( ) texts are in the YAML. The reverse holds too: every string value of
the YAML occurs in the source, and every selected option is one the form prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.catalogue.cells import Cell, cells_of, normalize, squeeze
from tests.catalogue.printed import is_label, label_key, option_keys
from tests.catalogue.sources import catalogue_of, load, seed_files
from tests.catalogue.yaml_values import Value, values_of

MARKER_RE = re.compile(r"[<＜【]選択肢[>＞】]")
NOTATION_RE = re.compile(r"\[|<input\b|[☑☐■□]|(?:^|\s)\d{1,2}\)\s|[<＜【]選択肢[>＞】]")
BOX_RE = re.compile(r"\[\s*(?:<input[^>]*>)?\s*[○〇◯●✓O]?\s*\]|<input[^>]*>|[☑☐■□]")
# `[VALUE]`, `[<input/> VALUE]`, and `<input/> VALUE]` with the `[` lost
BRACKET_RE = re.compile(
    r"(?:\[|<input[^>]*>)\s*(?:<input[^>]*>)?([^\[\]<>]*?[^\s\[\]○〇◯●✓O<>][^\[\]<>]*?)\]"
)
# a checked mark and the option printed after it (up to the next box or bracket)
CHECKED_RE = re.compile(
    r"(?:\[\s*(?:<input[^>]*\bchecked\b[^>]*>|[○〇◯●✓O])\s*\]|<input[^>]*\bchecked\b[^>]*>|☑)"
    r"\s*([^<\[\]☑☐]*)"
)
BULLET_RE = re.compile(r"(?:^|\s)・")
NUMBERED_RE = re.compile(r"^(\d{1,4})\s+(\S.*)$")
ENUMERATOR_RE = re.compile(r"(?:^|\s)\d{1,2}\)\s*")
OPTION_TEXT_RE = re.compile(r"^([^(（]*)[(（](.*)[)）]$")
COUNT_RE = re.compile(r"[(（]\s*(\d*)\s*[)）]\s*件")
NUMBER_RE = re.compile(r"^\d+$")
SPLIT = "\x00"
SHORT = 2


@dataclass(frozen=True)
class Haystack:
    """The YAML's string values as matching keys, one by one and joined in order."""

    keys: tuple[str, ...]
    joined: str
    numbers: frozenset[str]

    @classmethod
    def of(cls, values: list[Value]) -> Haystack:
        keys = tuple(squeeze(v.text) for v in values if v.text and v.kind != "number")
        numbers = frozenset(v.text for v in values if v.kind == "number")
        return cls(keys, "".join(keys), numbers)

    def covers(self, text: str) -> bool:
        """A number or a short text (`-`, `—`, `なし`) must be a whole value of the YAML;
        longer text may be part of a value or lie across adjacent values."""
        key = squeeze(text)
        if NUMBER_RE.match(key):
            return key in self.numbers or key in self.keys
        if len(key) <= SHORT:
            return key in self.keys
        return bool(key) and (any(key in k for k in self.keys) or key in self.joined)


@pytest.fixture(scope="module", params=[p.name for p in seed_files()])
def seed(request: pytest.FixtureRequest) -> Path:
    return next(p for p in seed_files() if p.name == request.param)


def _uncovered(cell: Cell, haystack: Haystack) -> list[str]:
    """The parts of a cell that nothing accounts for (empty when the cell is covered)."""
    if haystack.covers(cell.text) or is_label(cell.text):
        return []
    if NOTATION_RE.search(cell.raw):
        return _uncovered_choice(cell.raw, haystack)
    if _label_then_value(cell.text, haystack) or _numbered_value(cell.text, haystack):
        return []
    return [cell.text]


def _numbered_value(text: str, haystack: Haystack) -> bool:
    """A numbered list entry (`1 仮名ID`): the number and the text are both values."""
    match = NUMBERED_RE.match(text)
    return bool(match) and haystack.covers(match.group(1)) and haystack.covers(match.group(2))


def _label_then_value(text: str, haystack: Haystack) -> bool:
    """A label and its value in one cell (`⑨使用開始日 2027/1/4`)."""
    for match in re.finditer(r"\s+", text):
        head, tail = text[: match.start()], text[match.end() :]
        if is_label(head) and haystack.covers(tail):
            return True
    return False


def _uncovered_choice(raw: str, haystack: Haystack) -> list[str]:
    """A choice rendering: the bracketed selection and ( ) texts must be values, and every
    other piece must be a printed option, a label or a value."""
    missing = [
        inner.strip()
        for inner in BRACKET_RE.findall(raw)
        if squeeze(inner) and not haystack.covers(inner)
    ]
    missing.extend(count for count in COUNT_RE.findall(raw) if count and not haystack.covers(count))
    missing.extend(_unselected_checked(raw, haystack))
    text = COUNT_RE.sub(SPLIT, BRACKET_RE.sub(SPLIT, raw))
    text = MARKER_RE.sub(SPLIT, BOX_RE.sub(SPLIT, text))
    text = BULLET_RE.sub(SPLIT, ENUMERATOR_RE.sub(SPLIT, normalize(text)))
    for piece in text.split(SPLIT):
        missing.extend(_uncovered_piece(piece.strip(), haystack))
    return missing


def _unselected_checked(raw: str, haystack: Haystack) -> list[str]:
    """A checked option must be selected in the YAML (a value, or a toggle's label)."""
    checked = [normalize(COUNT_RE.sub("", m)) for m in CHECKED_RE.findall(raw)]
    return [c for c in checked if squeeze(c) and not _selected(c, haystack)]


def _selected(checked: str, haystack: Haystack) -> bool:
    option = _option_and_text(checked)[0].strip()
    return any(_accounted(text, haystack) for text in (checked, option) if text)


def _uncovered_piece(piece: str, haystack: Haystack) -> list[str]:
    """An option (with the text written in its ( )), a label, or a value."""
    if _accounted(piece, haystack) or _is_option(piece):
        return []
    option, text = _option_and_text(piece)
    if not _is_option(option):
        return [piece]
    return [text] if text and not _accounted(text, haystack) else []


def _accounted(text: str, haystack: Haystack) -> bool:
    return (
        not squeeze(text)
        or haystack.covers(text)
        or is_label(text)
        or _label_then_value(text, haystack)
    )


def _option_and_text(piece: str) -> tuple[str, str]:
    """`その他 (text (nested))` → ("その他", "text (nested)")."""
    match = OPTION_TEXT_RE.match(piece)
    return (match.group(1), match.group(2).strip()) if match else (piece, "")


def _is_option(text: str) -> bool:
    """One of the form's options; an option whose closing parenthesis the conversion lost
    (`電子記録媒体(フラッシュメモリを除く。`, 003:217) is still that option."""
    key = label_key(text)
    return not key or key in option_keys() or f"{key})" in option_keys()


def test_every_cell_of_the_source_is_in_the_yaml_or_printed_by_the_form(seed: Path) -> None:
    values = list(values_of(load(catalogue_of(seed))))
    haystack = Haystack.of(values)
    uncovered = [
        f"{seed.name}:{cell.line}: {text[:80]}"
        for cell in cells_of(seed.read_text(encoding="utf-8"))
        for text in _uncovered(cell, haystack)
    ]
    assert not uncovered, f"{len(uncovered)} source cells are not in the YAML:\n" + "\n".join(
        uncovered
    )


def _source_key(seed: Path) -> str:
    """The source's cells, squeezed and joined (a value may span adjacent cells)."""
    return "".join(squeeze(cell.text) for cell in cells_of(seed.read_text(encoding="utf-8")))


def test_every_value_of_the_yaml_occurs_in_the_source(seed: Path) -> None:
    source = _source_key(seed)
    invented = [
        f"{value.path}: {value.text[:80]}"
        for value in values_of(load(catalogue_of(seed)))
        if value.kind == "text" and squeeze(value.text) not in source
    ]
    assert not invented, "values not in the source:\n" + "\n".join(invented)


def test_every_selected_option_is_one_the_form_prints(seed: Path) -> None:
    source = _source_key(seed)
    unknown = [
        f"{value.path}: {value.text}"
        for value in values_of(load(catalogue_of(seed)))
        if value.kind == "option"
        and (label_key(value.text) not in option_keys() or squeeze(value.text) not in source)
    ]
    assert not unknown, "options the form does not print:\n" + "\n".join(unknown)
