"""Closed choices: every notation of pia-form.md §7.3 for selected and unselected options.

A raw cell (HTML intact) is tokenized into boxes, bracketed values, option markers and text.
Options are mapped by label text onto the model's enums (fuzzy, for OCR variants), never by
position. Nothing is guessed: an unreadable selection is left unselected and reported.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum

from generator.importer.labels import key_of, similar
from generator.importer.text import clean

CHECK_SYMBOLS = frozenset("○OＯ〇◯●✓✔☑☒xX✗レ")
MARKER_RE = re.compile(r"<\s*選択肢\s*>|＜\s*選択肢\s*＞|【\s*選択肢\s*】")
INPUT_RE = re.compile(r"<input\b[^>]*>", re.I)
MISSING_OPEN_RE = re.compile(r"(?<!\[)(<input\b[^>]*>)\s*([^\[\]<>]+?)\s*\]", re.I)
TOKEN_RE = re.compile(
    r"(?P<bracket>\[[^\[\]]*\])|(?P<input><input\b[^>]*>)|(?P<marker><\s*選択肢\s*>|＜\s*選択肢\s*＞|【\s*選択肢\s*】)|(?P<box>[☑☒☐□])",
    re.I,
)
ENUMERATOR_RE = re.compile(r"^\s*\d{1,2}\)\s*")
COUNT_RE = re.compile(r"\(\s*(\d+)\s*\)\s*件")
CHOICE_THRESHOLD = 0.7


@dataclass(frozen=True)
class Token:
    kind: str  # "box" | "value" | "marker" | "text"
    text: str = ""
    checked: bool = False


@dataclass(frozen=True)
class ChoiceReading:
    """How a single-choice cell was read."""

    value: StrEnum | None
    raw: str | None  # the printed option when it differs from the canonical wording
    answered: bool  # a selection notation was printed at all
    problem: str | None = None


@dataclass(frozen=True)
class MultiReading:
    selected: list[StrEnum] = field(default_factory=list)
    texts: dict[StrEnum, str] = field(default_factory=dict)
    inferred: list[StrEnum] = field(default_factory=list)
    counts: dict[StrEnum, int | None] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _box_checked(tag: str) -> bool:
    lowered = tag.lower()
    return "checked" in lowered or 'type="radio"' in lowered or "type='radio'" in lowered


def tokenize(raw: str) -> list[Token]:
    """Boxes, bracketed values, option markers and text, in printed order."""
    raw = MISSING_OPEN_RE.sub(lambda m: f"[{m.group(1)} {m.group(2)}]", raw)
    tokens: list[Token] = []
    position = 0
    for match in TOKEN_RE.finditer(raw):
        _add_text(tokens, raw[position : match.start()])
        position = match.end()
        tokens.append(_token(match))
    _add_text(tokens, raw[position:])
    return tokens


def _token(match: re.Match[str]) -> Token:
    if match.group("marker"):
        return Token("marker")
    if match.group("box"):
        return Token("box", checked=match.group("box") in "☑☒")
    if match.group("input"):
        return Token("box", checked=_box_checked(match.group("input")))
    inner = match.group("bracket")[1:-1]
    tags = INPUT_RE.findall(inner)
    text = clean(INPUT_RE.sub(" ", inner)).replace("\n", " ")
    if not text:
        return Token("box", checked=any(_box_checked(t) for t in tags))
    if unicodedata.normalize("NFKC", text) in CHECK_SYMBOLS or text in CHECK_SYMBOLS:
        return Token("box", checked=True)
    return Token("value", text=text)


def _add_text(tokens: list[Token], raw: str) -> None:
    text = clean(raw).replace("\n", " ").strip()
    if text:
        tokens.append(Token("text", text=text))


def match_option(text: str, enum: type[StrEnum]) -> StrEnum | None:
    """The option whose printed wording matches text (exact, then fuzzy)."""
    key = key_of(ENUMERATOR_RE.sub("", text))
    options = {key_of(m.value): m for m in enum}
    if key in options:
        return options[key]
    scored = sorted(((similar(key, k), k) for k in options), reverse=True)
    unique = len(scored) == 1 or scored[1][0] < scored[0][0]
    if scored and scored[0][0] >= CHOICE_THRESHOLD and unique:
        return options[scored[0][1]]
    return None


def _before_marker(tokens: list[Token]) -> list[Token]:
    for index, token in enumerate(tokens):
        if token.kind == "marker":
            return tokens[:index]
    return tokens


def read_choice(raw: str, enum: type[StrEnum]) -> ChoiceReading:
    """Read a single-choice cell."""
    tokens = tokenize(raw)
    for token in tokens:
        if token.kind == "value":
            member = match_option(token.text, enum)
            if member is not None:
                return _reading(member, token.text)
    for index, token in enumerate(tokens[:-1]):
        nxt = tokens[index + 1]
        if token.kind == "box" and token.checked and nxt.kind == "text":
            member = match_option(nxt.text, enum)
            if member is not None:
                return _reading(member, nxt.text)
    first = _first_box_label(_before_marker(tokens), enum)
    if first is not None:
        return first
    return _unselected(tokens)


def _reading(member: StrEnum, printed: str) -> ChoiceReading:
    same = key_of(ENUMERATOR_RE.sub("", printed)) == key_of(member.value)
    return ChoiceReading(member, None if same else printed, True)


def _first_box_label(tokens: list[Token], enum: type[StrEnum]) -> ChoiceReading | None:
    """`<input/> VALUE <input/> <input/>`: the value follows the first box, later boxes are bare."""
    labelled = [
        i for i, t in enumerate(tokens[:-1]) if t.kind == "box" and tokens[i + 1].kind == "text"
    ]
    if len(labelled) != 1 or tokens[0].kind != "box" or labelled[0] != 0:
        return None
    member = match_option(tokens[1].text, enum)
    return None if member is None else _reading(member, tokens[1].text)


def _unselected(tokens: list[Token]) -> ChoiceReading:
    values = [t.text for t in tokens if t.kind == "value"]
    if values:
        return ChoiceReading(None, None, True, f"選択肢として読めない値: [{values[0]}]")
    if any(t.kind in ("box", "marker") for t in tokens):
        return ChoiceReading(None, None, False)
    text = " ".join(t.text for t in tokens)
    if text and text not in ("-", "—", "－"):
        return ChoiceReading(None, None, False, f"選択肢の表記が見つからない: {text[:40]}")
    return ChoiceReading(None, None, False)


def read_multi(raw: str, enum: type[StrEnum]) -> MultiReading:
    """Read a check-box group: selected options, their ( ) texts, inferred selections."""
    reading = MultiReading()
    tokens = tokenize(raw)
    for index, token in enumerate(tokens):
        if token.kind == "value":
            _add_option(reading, token.text, True, enum)
        elif token.kind == "box":
            nxt = tokens[index + 1] if index + 1 < len(tokens) else None
            if nxt is not None and nxt.kind == "text":
                _add_option(reading, nxt.text, token.checked, enum)
    return reading


def paren_text(tail: str) -> tuple[str, bool]:
    """The text of a leading balanced `( … )`, and whether `件` follows it (a count)."""
    text = tail.lstrip()
    if not text or text[0] not in "(（":
        return "", False
    depth = 0
    for index, ch in enumerate(text):
        depth += 1 if ch in "(（" else -1 if ch in ")）" else 0
        if depth == 0:
            return text[1:index].strip(), text[index + 1 :].lstrip().startswith("件")
    return text[1:].strip(), False


def _add_option(reading: MultiReading, label: str, checked: bool, enum: type[StrEnum]) -> None:
    member, tail = _option_prefix(label, enum)
    if member is None:
        if checked:
            reading.problems.append(f"選択肢として読めない項目: {label[:40]}")
        return
    text, is_count = paren_text(tail)
    if is_count:
        reading.counts[member] = int(text) if text.isdigit() else None
        if text and not text.isdigit():
            reading.problems.append(f"件数が読めない: {label[:40]}")
        text = ""
    if text:
        reading.texts[member] = text
    if member in reading.selected:
        return
    if checked:
        reading.selected.append(member)
    elif text:
        reading.selected.append(member)
        reading.inferred.append(member)


def _option_prefix(label: str, enum: type[StrEnum]) -> tuple[StrEnum | None, str]:
    """The option printed at the start of label, and the rest of label."""
    body = ENUMERATOR_RE.sub("", label)
    nfkc = unicodedata.normalize("NFKC", body)
    for member in sorted(enum, key=lambda m: -len(m.value)):
        wording = unicodedata.normalize("NFKC", member.value)
        compact = nfkc.replace(" ", "")
        if compact.startswith(wording.replace(" ", "")):
            return member, _tail_after(nfkc, wording)
    head = re.split(r"\s[(（]|\s\(|\s・|\s+(?=\S)", nfkc, maxsplit=1)
    member = match_option(head[0], enum)
    return member, nfkc[len(head[0]) :] if member else ""


def _tail_after(text: str, wording: str) -> str:
    target = wording.replace(" ", "")
    taken = 0
    for index, ch in enumerate(text):
        if ch != " ":
            taken += 1
        if taken == len(target):
            return text[index + 1 :]
    return ""


def read_count(raw: str) -> tuple[int | None, str | None]:
    """`( N ) 件` → N; a garbled count is reported, never guessed."""
    text = unicodedata.normalize("NFKC", clean(raw))
    match = COUNT_RE.search(text)
    if match:
        return int(match.group(1)), None
    if "件" in text and re.search(r"\(\s*\)\s*件", text) is None:
        return None, f"件数が読めない: {text[-30:]}"
    return None, None


def read_toggle(raw: str, label: str) -> bool | None:
    """A section toggle such as `[○] 提供・移転しない`: checked, unchecked, or not printed."""
    tokens = tokenize(raw)
    target = key_of(label)
    for index, token in enumerate(tokens[:-1]):
        nxt = tokens[index + 1]
        if token.kind == "box" and nxt.kind == "text" and key_of(nxt.text).startswith(target):
            return token.checked
    return None
