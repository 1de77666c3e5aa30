"""SearchDocument → analyzed fields; the lunr.py builder of one term partition.

The index is built term-partition by term-partition (partitioned.py): each partition
is a lunr.py `Builder` that sees only its own terms, with the corpus-wide statistics
lunr's BM25 weights depend on injected (`CorpusStatistics`). Its field-vector weights
are then exactly those one lunr.py index of the whole corpus would hold;
tests/search/test_index_partitions.py checks that against a plain lunr.py Builder.

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

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from lunr.builder import Builder
from lunr.field_ref import FieldRef
from lunr.token_set import TokenSet
from lunr.vector import Vector

from generator.search.analyzer import DocumentAnalyzer
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
        "grams": [gram for text in _prose(document) for gram in analyzer.grams(text)],
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
        "ref": document.ref,
        "url": document.url,
        "title": document.title,
        "agency": document.agency,
        "kind": document.kind,
        "business": document.business,
        "facets": {name: list(values) for name, values in sorted(document.facets.items())},
        "published": document.published,
        "excerpt": " ".join(document.body.split())[:EXCERPT_CHARS],
    }


@dataclass(frozen=True)
class CorpusStatistics:
    """Everything lunr's weights take from the whole corpus rather than one document.

    `postings[i]` is lunr's "documents with term" for the term of index i: the number
    of (field, document) pairs holding it, summed over fields as lunr.idf counts it.
    `field_length_sums[f]` is the number of terms of field f over all documents.
    """

    documents: int
    postings: Sequence[int]
    field_length_sums: Sequence[int]

    def average_field_length(self) -> dict[str, float]:
        # lunr.py: accumulator[field] (an int sum) / documents_with_field[field].
        return {
            name: total / self.documents
            for name, total in zip(FIELD_NAMES, self.field_length_sums, strict=True)
        }

    def idf(self, index: int) -> float:
        """lunr.idf.idf for the term of `index`, from the corpus-wide posting count."""
        with_term = self.postings[index]
        x = (self.documents - with_term + 0.5) / (with_term + 0.5)
        return math.log(1 + abs(x))


class PartitionBuilder(Builder):  # type: ignore[misc]
    """A lunr.py Builder fed some terms of every document, weighting them corpus-wide.

    Documents come as term frequencies with their global term index (lunr's order of
    first occurrence over the corpus) and each field's full length; document count,
    average field lengths and idf come from `CorpusStatistics`. No token set is built:
    the shards ship postings and weights, and browsers build a TokenSet of their own.
    """

    def __init__(self, statistics: CorpusStatistics) -> None:
        super().__init__()
        self.ref("ref")
        for name, boost in FIELD_BOOSTS.items():
            self.field(name, boost=boost)
        self._statistics = statistics
        self.document_count = statistics.documents

    def add_field_terms(
        self, ref: str, field: str, length: int, terms: Iterable[tuple[str, int, int]]
    ) -> None:
        """Add (term, global term index, term frequency) of one field of one document."""
        self._documents.setdefault(ref, {})
        field_ref = str(FieldRef(ref, field))
        frequencies = self.field_term_frequencies.setdefault(field_ref, {})
        self.field_lengths[field_ref] = length
        for term, index, frequency in terms:
            frequencies[term] = frequency
            posting = self.inverted_index.get(term)
            if posting is None:
                posting = {name: {} for name in self._fields}
                posting["_index"] = index
                self.inverted_index[term] = posting
            posting[field][ref] = {}

    def _calculate_average_field_lengths(self) -> None:
        self.average_field_length = self._statistics.average_field_length()

    def _create_token_set(self) -> None:
        self.token_set = TokenSet()

    def _create_field_vectors(self) -> None:
        """lunr.py Builder._create_field_vectors with corpus-wide idf; same float steps."""
        idf_of = self._statistics.idf
        vectors: dict[str, Vector] = {}
        for field_ref, frequencies in self.field_term_frequencies.items():
            field_name = FieldRef.from_string(field_ref).field_name
            length_ratio = self.field_lengths[field_ref] / self.average_field_length[field_name]
            boost = self._fields[field_name].boost
            elements = []
            for term, tf in frequencies.items():
                index = self.inverted_index[term]["_index"]
                elements.append((index, bm25_weight(idf_of(index), tf, length_ratio, boost)))
            elements.sort()
            vectors[field_ref] = Vector([x for pair in elements for x in pair])
        self.field_vectors = vectors


def bm25_weight(idf: float, tf: int, length_ratio: float, boost: float) -> float:
    """lunr's field-vector element, in lunr.py's order of float operations (k1 1.2, b 0.75)."""
    k1, b = 1.2, 0.75
    score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * length_ratio) + tf)
    score *= boost
    return round(score, 3)
