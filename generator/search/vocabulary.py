"""The surface → terms vocabulary that lets browsers analyze queries like Sudachi did.

Every morpheme surface the document analyzer produced (long units and, where a long
unit splits, its short units) maps to the terms emitted for it; dropped morphemes map
to no terms. When one surface was analyzed differently in different contexts the most
frequent analysis wins (ties: the smallest term tuple), so the result is deterministic.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from itertools import chain
from operator import attrgetter

from generator.search.analyzer import LongUnit
from generator.search.text import bucket

Vocabulary = Mapping[str, tuple[str, ...]]
# One analysis of a surface: (surface, the terms emitted for it)
Analysis = tuple[str, tuple[str, ...]]
# ((surface, terms), times seen) for each analysis seen, in order of first sight
Observations = tuple[tuple[Analysis, int], ...]


class VocabularyBuilder:
    """Counts the analyses of each surface while documents are analyzed."""

    def __init__(self) -> None:
        self._seen: Counter[Analysis] = Counter()

    def observe(self, long_units: Iterable[LongUnit]) -> None:
        """Count each unit and its parts: each LongUnit lists its analyses (`observed`),
        so the counting is one pass in C (a few thousand units per document)."""
        self._seen.update(chain.from_iterable(map(_OBSERVED, long_units)))

    def observations(self) -> Observations:
        """The counts as plain tuples: what a worker sends back and the analysis cache keeps
        (marshal-able, and cheaper to load than Counters)."""
        return tuple(self._seen.items())

    def add(self, observations: Observations) -> None:
        """Add the counts of `observations()` of another builder (e.g. one filled in a
        worker process, or one document's, from the analysis cache)."""
        seen = self._seen
        get = seen.get
        for analysis, times in observations:
            seen[analysis] = get(analysis, 0) + times

    def build(self) -> dict[str, tuple[str, ...]]:
        analyses: defaultdict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
        for (surface, terms), times in self._seen.items():
            analyses[surface][terms] += times
        return {surface: _winner(analyses[surface]) for surface in sorted(analyses)}


_OBSERVED = attrgetter("observed")


def _winner(counts: Counter[tuple[str, ...]]) -> tuple[str, ...]:
    return min(counts, key=lambda terms: (-counts[terms], terms))


def vocabulary_buckets(vocabulary: Vocabulary, count: int) -> list[dict[str, list[str]]]:
    """Split by the hash of each surface's first character: a query needs one bucket per
    distinct character it contains, since longest match starts at every position."""
    parts: list[dict[str, list[str]]] = [{} for _ in range(count)]
    for surface, terms in vocabulary.items():
        parts[bucket(surface[0], count)][surface] = list(terms)
    return parts
