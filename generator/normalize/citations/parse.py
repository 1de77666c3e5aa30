"""Legal-basis fields and prose → Citation records (pia-form.md §10.5).

Generic mentions (`番号法に基づく`, `番号法の規定による`) cite no provision. In a legal-basis
bullet that names only a law, the bullet becomes one law-only record (canonical `juki_act`);
in prose such mentions produce nothing, so they are never indexed as provisions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from generator.normalize.citations import grammar as g
from generator.normalize.citations.model import Citation
from generator.normalize.citations.registry import Registry, load_registry
from generator.normalize.citations.scanner import Instrument, Mode, Names, Scan, names_from
from generator.normalize.citations.text import blank_html_tags, matching_copy

_SEPARATOR_TAG = re.compile(r"</?(?:p|br|li|div|tr|td)\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_EMPTY_PART = re.compile(r"^[\s・\-—–]*$")
_OPENING = "(「『【<"
_CLOSING = ")」』】>"


def split_legal_basis(text: str) -> list[str]:
    """Split a legal-basis field into bullets on `・`, newlines and ` 及び `.

    Never splits inside parentheses or quotes. Each part keeps its raw text, including its
    leading `・`; HTML tags are removed first (block tags act as newlines).
    """
    text = _ANY_TAG.sub("", _SEPARATOR_TAG.sub("\n", text))
    copy = matching_copy(text)
    parts, start, depth, position = [], 0, 0, 0
    while position < len(copy):
        char = copy[position]
        depth += (char in _OPENING) - (char in _CLOSING and depth > 0)
        if depth == 0 and copy.startswith(g.LIST_SPLIT_WORD, position):
            parts.append(text[start:position])
            start = position = position + len(g.LIST_SPLIT_WORD)
            continue
        if depth == 0 and char in g.LIST_SPLIT_CHARS:
            parts.append(text[start:position])
            start = position + (char == "\n")
        position += 1
    parts.append(text[start:])
    return [part.strip() for part in parts if not _EMPTY_PART.match(part)]


def parse_legal_basis(
    text: str,
    *,
    context_law: str | None = None,
    context_article: str | None = None,
    body: str | None = None,
    definitions: Mapping[str, str] | None = None,
    registry: Registry | None = None,
    as_of: date | None = None,
) -> list[Citation]:
    """Every citation of a legal-basis field (I-5, I-6 ②, 提供先/移転先 ①), in order.

    context_law / context_article ("9" for I-5, "19" for I-6) own a bare `別表…` and bare
    articles when a bullet names no instrument; body (東京都) is the issuing body of local
    ordinances (`local:<body>:<short>`); definitions come from extract_definitions().
    A bullet without a recognisable citation yields one record with needs_review=True.
    as_of (公表日 or the latest change date) is stored on every record (§10.5 rule 9).
    """
    registry = registry or load_registry()
    names = build_names(registry, definitions or {}, body)
    heading = Instrument(context_law, "") if context_law else None
    earlier: tuple[Instrument, ...] = ()  # instruments named so far, for 同法 / 同規則
    citations: list[Citation] = []
    for part in split_legal_basis(text):
        scan = _scan(part, "basis", names, registry, body, heading, context_article)
        scan.earlier, scan.previous_citation = earlier, (citations[-1] if citations else None)
        found, named = scan.run(), scan.instrument
        found = found or [_law_only(part, named)]
        if named is not None and all(c.article is None and c.table is None for c in found):
            heading = named  # a bare law heading: following `・第N条` bullets inherit it
        earlier = (*earlier, *scan.named)
        citations.extend(found)
    return _dated(citations, as_of)


def find_citations(
    text: str,
    *,
    body: str | None = None,
    definitions: Mapping[str, str] | None = None,
    registry: Registry | None = None,
    as_of: date | None = None,
) -> list[Citation]:
    """Every cited provision or table in free prose; raw is the citation as printed.

    Only chains that start with a named instrument count (番号法第16条, 住民基本台帳法
    第30条の11); a bare 第N条 in prose is ambiguous and skipped.
    """
    registry = registry or load_registry()
    names = build_names(registry, definitions or {}, body)
    found = _scan(blank_html_tags(text), "prose", names, registry, body, None, None).run()
    return _dated(found, as_of)


def build_names(registry: Registry, definitions: Mapping[str, str], body: str | None) -> Names:
    """Registry names plus the document's abbreviations, longest first per first character.

    Built once per (registry, definitions, body): one assessment calls the parser with the
    same document definitions for each of its fields.
    """
    items = tuple(definitions.items())
    return _names(_Same(registry), items, body if items else None)  # body only for these


@dataclass(frozen=True, eq=False)
class _Same:
    """A registry as a cache key: compared by identity (Registry holds unhashable mappings)."""

    registry: Registry

    def __hash__(self) -> int:
        return id(self.registry)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.registry is self.registry


@lru_cache(maxsize=64)
def _names(same: _Same, definitions: tuple[tuple[str, str], ...], body: str | None) -> Names:
    registry = same.registry
    entries: dict[str, Instrument] = {
        name: Instrument(key, name) for name, key in registry.names().items()
    }
    for abbreviation, target in definitions:
        entries[matching_copy(abbreviation)] = Instrument(
            _definition_key(target, registry, body), abbreviation
        )
    return names_from(entries)


def _definition_key(target: str, registry: Registry, body: str | None) -> str | None:
    if target in registry.laws:
        return target
    if target.endswith("条例") and body:
        short = registry.ordinance_shorts.get(matching_copy(target), target)
        return f"local:{body}:{short.removeprefix(body) or short}"
    return None


def _scan(
    part: str,
    mode: Mode,
    names: Names,
    registry: Registry,
    body: str | None,
    fallback: Instrument | None,
    fallback_article: str | None,
) -> Scan:
    return Scan(
        copy=matching_copy(part),
        raw=part,
        mode=mode,
        names=names,
        registry=registry,
        body=body,
        fallback=fallback,
        fallback_article=fallback_article,
    )


def _law_only(part: str, named: Instrument | None) -> Citation:
    if named is None:
        return Citation(raw=part, law=None, needs_review=True)
    return Citation(raw=part, law=named.key, law_raw=named.raw, needs_review=named.key is None)


def _dated(citations: list[Citation], as_of: date | None) -> list[Citation]:
    return [replace(c, as_of=as_of) for c in citations] if as_of else citations
