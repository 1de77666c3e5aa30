"""A document's own abbreviations: `…法律(平成25年法律第27号)(以下「番号法」という。)`."""

from __future__ import annotations

import re

from generator.normalize.citations.registry import Registry, load_registry
from generator.normalize.citations.text import blank_html_tags, matching_copy

_DEFINITION = re.compile(r"\(以下[、,]?\s*「(?P<abbr>[^」]{1,30})」\s*という。?\)")
_STOP_CHARS = frozenset(" \t\n、。,()「」『』【】<>・:;")
_STOP_WORDS = ("及び", "並びに", "又は", "若しくは", "または")
_INSTRUMENT_END = re.compile(r"(?:法律|法|政令|省令|命令|規則|条例|指針|告示|要綱|訓令|規程)$")


def extract_definitions(text: str, registry: Registry | None = None) -> dict[str, str]:
    """Abbreviations a document defines for laws: abbreviation → law key, or the full title.

    Only definitions of instruments (titles ending in 法, 法律, 令, 規則, 条例, 指針, 告示…)
    are returned; `(以下「国家資格システム」という。)` names a system, not a law, and is
    skipped. A title found in the registry maps to its key (番号法 → mynumber_act); any
    other title is returned as printed, so the parser can still recognise the abbreviation.
    """
    registry = registry or load_registry()
    names = registry.names()
    copy = matching_copy(blank_html_tags(text))
    found: dict[str, str] = {}
    for match in _DEFINITION.finditer(copy):
        title = _defined_title(copy, match.start())
        if title and _INSTRUMENT_END.search(title):
            found[match.group("abbr")] = _resolve_title(title, names)
    return found


def _defined_title(copy: str, end: int) -> str:
    """The phrase ending at `end`, skipping parenthesised law numbers right before it."""
    end = _skip_parentheses_backwards(copy, end)
    start = end
    while start > 0:
        if copy[start - 1] in _STOP_CHARS or copy.endswith(_STOP_WORDS, 0, start):
            break
        start -= 1
    return copy[start:end].strip()


def _skip_parentheses_backwards(copy: str, end: int) -> int:
    while end > 0 and copy[end - 1] == ")":
        depth, position = 0, end - 1
        while position >= 0:
            depth += {")": 1, "(": -1}.get(copy[position], 0)
            if depth == 0:
                break
            position -= 1
        if position < 0:
            return end
        end = position
    return end


def _resolve_title(title: str, names: dict[str, str]) -> str:
    if title in names:
        return names[title]
    # "…のため、行政手続における…法律" is cut at the comma; a title may still carry a prefix
    for name, key in sorted(names.items(), key=lambda item: -len(item[0])):
        if len(name) >= 5 and title.endswith(name):
            return key
    return title
