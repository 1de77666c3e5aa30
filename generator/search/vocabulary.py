"""The surface → terms vocabulary that lets browsers analyze queries like Sudachi did.

Every morpheme surface the document analyzer produced (long units and, where a long
unit splits, its short units) maps to the terms emitted for it; dropped morphemes map
to no terms. When one surface was analyzed differently in different contexts the most
frequent analysis wins (ties: the smallest term tuple), so the result is deterministic.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from generator.search.analyzer import LongUnit, Unit
from generator.search.text import bucket

Vocabulary = Mapping[str, tuple[str, ...]]
# (surface, ((terms, times seen), …)) for each surface seen
Observations = tuple[tuple[str, tuple[tuple[tuple[str, ...], int], ...]], ...]


class VocabularyBuilder:
    """Counts the analyses of each surface while documents are analyzed."""

    def __init__(self) -> None:
        self._seen: defaultdict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)

    def observe(self, long_units: Iterable[LongUnit]) -> None:
        """Count each unit and its parts. The analyzer hands out one object per distinct
        morpheme (analyzer.py memoizes them), so units are counted by identity first."""
        units = list(long_units)
        distinct = dict(zip(map(id, units), units, strict=True))
        for key, times in Counter(map(id, units)).items():
            long_unit = distinct[key]
            self._observe(long_unit.unit, times)
            for part in long_unit.parts:
                self._observe(part, times)

    def _observe(self, unit: Unit, times: int) -> None:
        if unit.surface:
            self._seen[unit.surface][unit.terms] += times

    def observations(self) -> Observations:
        """The counts as plain tuples: what a worker sends back and the analysis cache keeps
        (marshal-able, and cheaper to load than Counters)."""
        return tuple((surface, tuple(counts.items())) for surface, counts in self._seen.items())

    def add(self, observations: Observations) -> None:
        """Add the counts of `observations()` of another builder (e.g. one filled in a
        worker process, or one document's, from the analysis cache)."""
        for surface, counts in observations:
            seen = self._seen[surface]
            for terms, times in counts:
                seen[terms] += times

    def build(self) -> dict[str, tuple[str, ...]]:
        return {surface: _winner(self._seen[surface]) for surface in sorted(self._seen)}


def _winner(counts: Counter[tuple[str, ...]]) -> tuple[str, ...]:
    return min(counts, key=lambda terms: (-counts[terms], terms))


def vocabulary_buckets(vocabulary: Vocabulary, count: int) -> list[dict[str, list[str]]]:
    """Split by the hash of each surface's first character: a query needs one bucket per
    distinct character it contains, since longest match starts at every position."""
    parts: list[dict[str, list[str]]] = [{} for _ in range(count)]
    for surface, terms in vocabulary.items():
        parts[bucket(surface[0], count)][surface] = list(terms)
    return parts
