"""Query analysis with the shipped vocabulary: the Python twin of theme/assets/js/analyzer.js.

Documents are analyzed by Sudachi; queries never are. A query is NFKC'd, cut at spaces
into chunks, and each folded chunk is segmented left to right by longest match over the
vocabulary surfaces (vocabulary.py):

* a vocabulary match becomes a word group: a long unit with short units requires its
  short-unit terms and boosts its own term (optional), so a compound typed in a query
  also finds documents where Sudachi read it as part of a longer word;
* separators (punctuation, symbols, spaces) end runs and yield nothing;
* characters where no surface starts form an unknown run, searched as character
  bigrams in the `grams` field (documents index the bigrams of all their text there).
  A one-character run borrows its next (else previous) neighbour, because documents
  only index a lone character when it stands between separators.

Contiguous chunk spans are also offered to the normalizer hooks; their keys (prefixed
per field, see KEY_PREFIXES) are *candidates*: the search engine keeps those present
in the index and drops the word groups of the chunks they cover.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.search.text import fold, grams, is_separator, is_space, nfkc

# Citation terms come namespaced ("cite:…") from the citation normalizer.
KEY_PREFIXES: dict[str, str] = {"citations": "", "contractors": "c:", "systems": "s:"}
MAX_SPAN_CHUNKS = 4


@dataclass(frozen=True)
class Group:
    """Terms for one segment of a chunk; `field` is "words" or "grams"."""

    surface: str
    field: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


@dataclass(frozen=True)
class Chunk:
    text: str
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class Special:
    """A canonical key found in chunks first..last (inclusive) for one special field."""

    first: int
    last: int
    field: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class QueryAnalysis:
    chunks: tuple[Chunk, ...]
    specials: tuple[Special, ...]

    def to_json(self) -> dict[str, Any]:
        """The shape analyzer.js returns, for parity tests."""
        return {
            "chunks": [
                {
                    "text": chunk.text,
                    "groups": [
                        {
                            "surface": g.surface,
                            "field": g.field,
                            "required": list(g.required),
                            "optional": list(g.optional),
                        }
                        for g in chunk.groups
                    ],
                }
                for chunk in self.chunks
            ],
            "specials": [
                {"first": s.first, "last": s.last, "field": s.field, "terms": list(s.terms)}
                for s in self.specials
            ],
        }


@dataclass(frozen=True)
class QueryHooks:
    """Normalizers of the special fields; None switches a field's detection off."""

    citation_terms: Callable[[str], Sequence[str]] | None = None
    contractor_key: Callable[[str], str] | None = None
    system_key: Callable[[str], str] | None = None


class QueryVocabulary:
    """A vocabulary plus the longest surface per first character, for longest match."""

    def __init__(self, entries: Mapping[str, Sequence[str]]) -> None:
        self.entries = entries
        self.longest: dict[str, int] = {}
        for surface in entries:
            first = surface[0]
            self.longest[first] = max(self.longest.get(first, 0), len(surface))

    def match(self, text: str, start: int) -> str | None:
        for length in range(min(self.longest.get(text[start], 0), len(text) - start), 0, -1):
            candidate = text[start : start + length]
            if candidate in self.entries:
                return candidate
        return None


def default_hooks() -> QueryHooks:
    """The project's normalizers (citations, contractors, systems)."""
    from generator.normalize.contractors import contractor_key
    from generator.normalize.systems import system_key

    return QueryHooks(
        citation_terms=_citation_hook(), contractor_key=contractor_key, system_key=system_key
    )


def _citation_hook() -> Callable[[str], Sequence[str]] | None:
    try:
        from generator.normalize.citations import query_citation_terms
    except ImportError:
        return None
    return query_citation_terms


def analyze_query(
    query: str, vocabulary: QueryVocabulary, hooks: QueryHooks | None = None
) -> QueryAnalysis:
    chunks = split_chunks(query)
    analyzed = tuple(Chunk(c, tuple(segment(fold(c), vocabulary))) for c in chunks)
    return QueryAnalysis(analyzed, find_specials(chunks, hooks or QueryHooks()))


def split_chunks(query: str) -> list[str]:
    """NFKC the query and cut it at spaces."""
    chunks: list[str] = []
    current: list[str] = []
    for char in nfkc(query):
        if is_space(char):
            if current:
                chunks.append("".join(current))
            current = []
        else:
            current.append(char)
    if current:
        chunks.append("".join(current))
    return chunks


def segment(text: str, vocabulary: QueryVocabulary) -> list[Group]:
    groups: list[Group] = []
    unknown_start: int | None = None
    i = 0
    while i < len(text):
        surface = vocabulary.match(text, i)
        if surface is None and not is_separator(text[i]):
            unknown_start = i if unknown_start is None else unknown_start
            i += 1
            continue
        if unknown_start is not None:
            groups.append(gram_group(text, unknown_start, i))
            unknown_start = None
        if surface is None:
            i += 1
            continue
        group = word_group(surface, vocabulary.entries[surface])
        if group is not None:
            groups.append(group)
        i += len(surface)
    if unknown_start is not None:
        groups.append(gram_group(text, unknown_start, len(text)))
    return groups


def word_group(surface: str, terms: Sequence[str]) -> Group | None:
    if not terms:
        return None
    if len(terms) == 1:
        return Group(surface, "words", (terms[0],))
    return Group(surface, "words", unique(terms[1:]), (terms[0],))


def gram_group(text: str, start: int, end: int) -> Group:
    if end - start == 1:
        if end < len(text) and not is_separator(text[end]):
            end += 1
        elif start > 0 and not is_separator(text[start - 1]):
            start -= 1
    surface = text[start:end]
    return Group(surface, "grams", unique(grams(surface)))


def find_specials(chunks: Sequence[str], hooks: QueryHooks) -> tuple[Special, ...]:
    specials: list[Special] = []
    citations: dict[tuple[int, int], tuple[str, ...]] = {}
    for size in range(1, min(MAX_SPAN_CHUNKS, len(chunks)) + 1):
        for first in range(len(chunks) - size + 1):
            last = first + size - 1
            text = " ".join(chunks[first : last + 1])
            if hooks.citation_terms is not None:
                found = unique(hooks.citation_terms(text))
                citations[(first, last)] = found
                inner = {
                    t
                    for (a, b), ts in citations.items()
                    if first <= a and b <= last and (a, b) != (first, last)
                    for t in ts
                }
                if found and not set(found) <= inner:
                    specials.append(_special(first, last, "citations", found))
            for field, hook in (
                ("contractors", hooks.contractor_key),
                ("systems", hooks.system_key),
            ):
                key = hook(text) if hook is not None else ""
                if key:
                    specials.append(_special(first, last, field, (key,)))
    return tuple(specials)


def _special(first: int, last: int, field: str, terms: Sequence[str]) -> Special:
    prefix = KEY_PREFIXES[field]
    return Special(first, last, field, tuple(prefix + fold(term) for term in terms))


def unique(items: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
