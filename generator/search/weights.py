"""Pass 2's weights: lunr's BM25 field-vector elements, straight from the spill records.

A term shard lists, per term and field, each document's element of lunr's field vector
(lunr.py `Builder._create_field_vectors`): a BM25 weight that depends on the term's
frequency in the field, the field's length against its corpus-wide average, the
term's idf over the whole corpus and the field's boost, rounded to 3 decimals.
`PartitionPostings` computes exactly those floats (same operations in the same order,
same rounding) for the terms of one partition, from pass 1's spill records and the
corpus-wide `CorpusStatistics`, and hands them on as term entries (shards.term_entry),
exactly those tests/search/single_index.py `term_entries` reads from a lunr.py index
of the whole corpus. It keeps one dict slot and one float per posting (about 80
bytes a posting in a pass-2 process, shard texts included), where a lunr.py `Builder`
kept an empty metadata dict, a term-frequency slot and a vector element per posting
and a field-ref string and a `Vector` per document field (about 300 bytes a posting),
then serialized it all only for it to be read back.

The proof of exactness is tests/search: the index built this way is compared byte for
byte with the one a plain lunr.py `Builder` gives for the whole seed corpus
(test_index_partitions.py), and the entries of one partition with the reference's
(test_partition_weights.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.search.index_builder import FIELD_BOOSTS, FIELD_NAMES
from generator.search.query import QueryVocabulary
from generator.search.shards import term_entry

# lunr's BM25 parameters (lunr.py Builder._k1, Builder._b): term frequency saturation
# and the degree of field length normalisation.
K1 = 1.2
B = 0.75
BOOSTS: tuple[float, ...] = tuple(FIELD_BOOSTS.values())
# field name → {ref: weight}
FieldPostings = dict[str, dict[str, float]]


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


def bm25_weight(idf: float, tf: int, length_ratio: float, boost: float) -> float:
    """lunr's field-vector element, in lunr.py's order of float operations.

    lunr.py also multiplies by the document's boost, which is 1 here: x * 1 == x.
    """
    score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * length_ratio) + tf)
    score *= boost
    return round(score, 3)


class PartitionPostings:
    """The weighted postings of one partition's terms: term index → {field: {ref: weight}}.

    Fed spill records (`add`), in any order of documents; `entries` then gives each
    term's entry with the postings lunr.py's index of the whole corpus holds for it.
    """

    def __init__(
        self, statistics: CorpusStatistics, refs: Sequence[str], field_lengths: Sequence[int]
    ) -> None:
        self._statistics = statistics
        self._refs = refs
        self._field_lengths = field_lengths  # document × len(FIELD_NAMES) + field number
        self._average_lengths = tuple(statistics.average_field_length().values())
        self._idf: dict[int, float] = {}
        self._postings: dict[int, FieldPostings] = {}

    def add(self, document: int, record: Sequence[int]) -> None:
        """Weigh one spill record: the (field number, term index, tf) triples of `document`."""
        ref = self._refs[document]
        first_length = document * len(FIELD_NAMES)
        flat = iter(record)
        for number, index, frequency in zip(flat, flat, flat, strict=True):
            ratio = self._field_lengths[first_length + number] / self._average_lengths[number]
            weight = bm25_weight(self._term_idf(index), frequency, ratio, BOOSTS[number])
            fields = self._postings.setdefault(index, {})
            fields.setdefault(FIELD_NAMES[number], {})[ref] = weight

    def entries(self, terms: Sequence[str], vocabulary: QueryVocabulary) -> dict[str, list[Any]]:
        """term → [term index, {field: {ref: weight}}, …] (see shards.term_entry), terms
        sorted and fields in FIELD_NAMES order, as lunr.py's serialized index lists them."""
        entries: dict[str, list[Any]] = {}
        for term, index in sorted((terms[index], index) for index in self._postings):
            fields = self._postings[index]
            ordered = {name: fields[name] for name in FIELD_NAMES if name in fields}
            entries[term] = term_entry(term, index, ordered, vocabulary)
        return entries

    def _term_idf(self, index: int) -> float:
        idf = self._idf.get(index)
        if idf is None:
            idf = self._idf[index] = self._statistics.idf(index)
        return idf
