"""SearchDocument → analyzed fields (lunr documents), their boosts and display fragments.

Each field is a list of terms, as lunr would index it; the weights of the index are
lunr's BM25 field-vector elements over these fields, computed partition by partition
without lunr.py's Builder (weights.py, partitioned.py) and checked against a plain
lunr.py Builder in tests/search/test_index_partitions.py.

The grams field (character bigrams) covers all text, body included. Measured with
`python -m benchmarks.search_index_build --grams all,short,none` (221 queries: the
queries.yaml specification, benchmark queries, random windows of seed sentences):

    corpus, grams   postings  index MB  queries found  first query gzip p95  later p95
    1000, all       1.41 M    36.5      177            141 KB                 32.7 KB
    1000, short     0.49 M    13.9      147            140 KB                 31.5 KB
    seeds, all      —         2.39      184             52 KB                  5.3 KB
    seeds, short    —         0.85      143             50 KB                  4.0 KB
    seeds, none     —         0.74      130             50 KB                  4.0 KB

Body grams are 70% of the postings and 2.6× the index on disk, but since format 2
keeps them in their own shards (shards.py), a query only downloads them for its
unknown runs, so the bytes per query barely move; without them 17% (1000) to 22%
(seeds) of the queries that found something find nothing: a word cut short while
typing (戸籍シ, 供ネットワーク), a name split inside a compound. The cost is build time
and disk (359 MB at 10,000 synthetic documents), not transfer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from generator.search.analyzer import DocumentAnalyzer, LongUnit
from generator.search.documents import SearchDocument
from generator.search.query import KEY_PREFIXES
from generator.search.text import fold
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
FIELD_NAMES: tuple[str, ...] = tuple(FIELD_BOOSTS)
WORD_FIELDS: tuple[str, ...] = tuple(f for f in FIELD_BOOSTS if f != "grams")
EXCERPT_CHARS = 1200  # the results page shows ~160 characters around the first match


def analyze_document(
    document: SearchDocument, analyzer: DocumentAnalyzer, vocabulary: VocabularyBuilder
) -> dict[str, Any]:
    """The lunr document: every field a list of terms, so lunr neither splits nor stems."""
    units: list[LongUnit] = []  # the vocabulary counts them once per document

    def words(*texts: str) -> list[str]:
        terms: list[str] = []
        for text in texts:
            analyzed = analyzer.analyzed(text)
            units.extend(analyzed.units)
            terms.extend(analyzed.terms)
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
        "grams": [gram for text in _prose(document) for gram in analyzer.grams(text)],
    }
    vocabulary.observe(units)
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
    bad = sorted(term for term in set(terms) if "*" in term or not term)
    if bad:
        raise ValueError(f"{ref}: field {field} has terms lunr cannot match: {bad[:5]}")


# The facet values a result row shows where the query matched them ("委託先: …"): carried
# by the fragment, since the results page loads the システム and 法令 groups of the facet
# table (facet_table.py) only when their box is opened.
ROW_FACETS = ("contractor", "system", "law")


def fragment(document: SearchDocument) -> dict[str, Any]:
    """What a result row shows, loaded only for displayed results."""
    return {
        "facets": {f: document.facets[f] for f in ROW_FACETS if document.facets.get(f)},
        "ref": document.ref,
        "url": document.url,
        "title": document.title,
        "agency": document.agency,
        "kind": document.kind,
        "business": document.business,
        "published": document.published,
        "excerpt": " ".join(document.body.split())[:EXCERPT_CHARS],
    }
