"""SearchDocument → analyzed fields → one lunr.py index (before it is cut into shards)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lunr.builder import Builder

from generator.search.analyzer import DocumentAnalyzer
from generator.search.documents import SearchDocument
from generator.search.query import KEY_PREFIXES
from generator.search.text import fold, text_grams
from generator.search.vocabulary import VocabularyBuilder

# Field → boost. A name or citation match outranks a passing mention in the prose.
FIELD_BOOSTS: dict[str, float] = {
    "title": 10,
    "contractors": 8,
    "citations": 8,
    "systems": 6,
    "agency": 5,
    "business": 5,
    "body": 1,
    "grams": 0.5,
}
WORD_FIELDS: tuple[str, ...] = tuple(f for f in FIELD_BOOSTS if f != "grams")
EXCERPT_CHARS = 240


@dataclass(frozen=True)
class BuiltIndex:
    """The full lunr index (lunr-schema dict), the vocabulary and display fragments."""

    lunr: dict[str, Any]
    vocabulary: dict[str, tuple[str, ...]]
    fragments: dict[str, dict[str, Any]]


def build_index(
    documents: Iterable[SearchDocument], analyzer: DocumentAnalyzer | None = None
) -> BuiltIndex:
    """Analyze and index documents in the given order (pass them sorted by ref).

    lunr.py keeps the whole inverted index in memory; the analyzed text itself is
    dropped after each document.
    """
    analyzer = analyzer or DocumentAnalyzer()
    vocabulary = VocabularyBuilder()
    builder = _builder()
    fragments: dict[str, dict[str, Any]] = {}
    for document in documents:
        if document.ref in fragments:
            raise ValueError(f"duplicate search document ref {document.ref!r}")
        builder.add(analyze_document(document, analyzer, vocabulary))
        fragments[document.ref] = fragment(document)
    return BuiltIndex(builder.build().serialize(), vocabulary.build(), fragments)


def _builder() -> Builder:
    builder = Builder()
    builder.ref("ref")
    for name, boost in FIELD_BOOSTS.items():
        builder.field(name, boost=boost)
    return builder


def analyze_document(
    document: SearchDocument, analyzer: DocumentAnalyzer, vocabulary: VocabularyBuilder
) -> dict[str, Any]:
    """The lunr document: every field a list of terms, so lunr neither splits nor stems."""

    def words(*texts: str) -> list[str]:
        terms: list[str] = []
        for text in texts:
            units = list(analyzer.long_units(text))
            vocabulary.observe(units)
            terms.extend(term for unit in units for term in unit.terms)
        return terms

    fields = {
        "ref": document.ref,
        "title": words(document.title),
        "agency": words(document.agency),
        "business": words(document.business),
        "body": words(document.body),
        "systems": words(*document.systems) + keys("systems", document.system_keys),
        "contractors": words(*document.contractors) + keys("contractors", document.contractor_keys),
        "citations": words(*document.citations) + keys("citations", document.citation_terms),
        "grams": [gram for text in _prose(document) for gram in text_grams(text)],
    }
    for name in FIELD_BOOSTS:
        _check_terms(document.ref, name, fields[name])
    return fields


def keys(field: str, values: Iterable[str]) -> list[str]:
    """Canonical keys, namespaced so they never meet a word term of the same field."""
    return [KEY_PREFIXES[field] + fold(value) for value in values if value]


def _prose(document: SearchDocument) -> tuple[str, ...]:
    return (
        document.title,
        document.agency,
        document.business,
        *document.systems,
        *document.contractors,
        *document.citations,
        document.body,
    )


def _check_terms(ref: str, field: str, terms: list[str]) -> None:
    # lunr.js reads "*" in a query term as a wildcard; such a term could not be found.
    bad = sorted({term for term in terms if "*" in term or not term})
    if bad:
        raise ValueError(f"{ref}: field {field} has terms lunr cannot match: {bad[:5]}")


def fragment(document: SearchDocument) -> dict[str, Any]:
    """What a result row shows, loaded only for displayed results."""
    return {
        "url": document.url,
        "title": document.title,
        "agency": document.agency,
        "kind": document.kind,
        "business": document.business,
        "facets": {name: list(values) for name, values in sorted(document.facets.items())},
        "published": document.published,
        "excerpt": " ".join(document.body.split())[:EXCERPT_CHARS],
    }
