"""The search index built term-partition by term-partition, in bounded memory.

Pass 1 (`gather`) streams the documents once. Each is analyzed (Sudachi, the costly
part, runs once per document, in worker processes: parallel.py; with an analysis
cache, only for the documents whose content changed: analysis_cache.py), its display
fragment is kept as compact JSON, and its per-field term frequencies are appended to
one of SPILL_FILES spill files per term hash (records of unsigned 32-bit integers, in
a temporary directory inside out_dir). Only corpus-wide values stay in memory: the
term table (term → lunr term index, in lunr's order of first occurrence; its spill
file; lunr's posting count for idf), the field lengths of each document, the
vocabulary and the fragments: O(vocabulary + documents), never O(postings).

Pass 2 (`_group_files`) reads the spill files a few at a time, grouped so that a
group's postings stay under GROUP_POSTINGS and under a `workers`-th of all postings
(so that every process gets a group). Each posting is weighed as lunr.py would weigh
it in one index of the whole corpus (weights.py `PartitionPostings`: BM25 with the
corpus-wide statistics, the same float operations, no lunr.py Builder); the group's
entries are cut into their term and gram shards, written (by that process, into the
index's staging directory) and dropped. Each group is built in a forked process,
`workers` of them at a time. A shard's terms all come
from one group because shards and spill files are all FNV-1a buckets with
power-of-two counts: term t is in shard fnv(t) % S and spill file fnv(t) % K, so
with M the least of the counts, shard s and spill file f meet only when s ≡ f
(mod M).

Peak memory is the term table plus, per process, one group's weighted postings (a
dict slot and a float per posting, and the group's shard texts), whatever the corpus
size.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import operator
import tempfile
import time
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from generator.gcpause import gc_paused
from generator.search.documents import SearchDocument
from generator.search.index_builder import FIELD_NAMES
from generator.search.parallel import (
    AnalyzedDocument,
    default_workers,
    forked_map,
    keyed_analyses,
)
from generator.search.query import QueryVocabulary
from generator.search.shards import (
    GRAMS,
    STAGING,
    IndexContents,
    IndexStats,
    StagedFile,
    TermShard,
    document_numbers,
    shard_counts,
    shard_text,
    split_entries,
    stage_file,
    write_index_files,
)
from generator.search.snapshot import IndexSnapshot, SnapshotFile
from generator.search.text import bucket
from generator.search.vocabulary import VocabularyBuilder
from generator.search.weights import CorpusStatistics, PartitionPostings

if TYPE_CHECKING:
    from generator.search.analysis_cache import AnalysisCache

LOG = logging.getLogger(__name__)
# Each document writes one record to most spill files, a Python step each: 64 (not 256)
# made pass 1's main process, its busiest, 1.3× faster at 2,000 documents; at 60,000 a
# spill file still holds a third of a pass-2 group's budget.
SPILL_FILES = 64
SPILL_INTEGERS = "I"  # unsigned 32-bit: document numbers, term indexes, frequencies
RECORD_HEAD = 2  # a spill record's document number and length
GRAMS_FIELD = FIELD_NAMES.index(GRAMS)
# (spill files, {"t" or "g": shard numbers}) of one pass-2 partition
Group = tuple[list[int], dict[str, list[int]]]
# Postings of one pass-2 group: about 80 bytes each in its process (weights and shard
# texts, measured at 1,000 documents), so about 320 MB per process at most.
GROUP_POSTINGS = 4_000_000


@dataclass
class TermTable:
    """Every term seen, by lunr term index (order of first occurrence)."""

    spill_files: int
    index_of: dict[str, int] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)
    spill_file: array = field(default_factory=lambda: array("H"))
    # per term index: lunr's posting count, and its part in the grams field (filled by
    # `count`, counted by `settle`)
    postings: array = field(default_factory=lambda: array("L"))
    gram_postings: array = field(default_factory=lambda: array("L"))
    _counted: Counter[int] = field(default_factory=Counter)
    _gram_counted: Counter[int] = field(default_factory=Counter)

    def index(self, term: str) -> int:
        index = self.index_of.get(term)
        if index is None:
            index = len(self.terms)
            self.index_of[term] = index
            self.terms.append(term)
            self.spill_file.append(bucket(term, self.spill_files))
        return index

    def indexes(self, terms: Sequence[str]) -> list[int]:
        """The index of each term, new terms numbered in their order in `terms`."""
        indexes: list[int | None] = list(map(self.index_of.get, terms))
        with contextlib.suppress(ValueError):  # no term left without an index
            position = indexes.index(None)
            while True:  # a term seen twice in the document is new only the first time
                indexes[position] = self.index(terms[position])
                position = indexes.index(None, position + 1)
        return indexes  # type: ignore[return-value]

    def count(self, indexes: list[int], grams_from: int) -> None:
        """One posting for each of `indexes`, those from `grams_from` on in the grams field."""
        self._counted.update(indexes)
        self._gram_counted.update(indexes[grams_from:])

    def settle(self) -> None:
        """`postings` and `gram_postings` from the postings counted."""
        numbers = range(len(self.terms))
        self.postings = array("L", map(self._counted.__getitem__, numbers))
        self.gram_postings = array("L", map(self._gram_counted.__getitem__, numbers))
        self._counted, self._gram_counted = Counter(), Counter()


@dataclass
class Gathered:
    """What pass 1 leaves: corpus statistics, the spill files and the other contents."""

    spill_dir: Path
    table: TermTable
    spill_postings: list[int]  # postings per spill file
    refs: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # each document's analysis key
    field_lengths: array = field(default_factory=lambda: array("L"))
    fragments: dict[str, str] = field(default_factory=dict)
    facets: list[dict[str, list[str]]] = field(default_factory=list)
    vocabulary: VocabularyBuilder = field(default_factory=VocabularyBuilder)

    def field_length_sums(self) -> list[int]:
        fields = len(FIELD_NAMES)
        return [sum(self.field_lengths[f::fields]) for f in range(fields)]

    def statistics(self) -> CorpusStatistics:
        return CorpusStatistics(len(self.refs), self.table.postings, self.field_length_sums())

    def snapshot(self, stats: IndexStats) -> IndexSnapshot:
        """What the index written (`stats`) was weighed with (snapshot.py)."""
        table = self.table
        return IndexSnapshot(
            stats.build, self.refs, self.keys, self.field_length_sums(), table.terms,
            table.postings, table.gram_postings, stats.total_bytes, surfaces=stats.surfaces,
        )  # fmt: skip

    def spill_path(self, number: int) -> Path:
        return self.spill_dir / f"{number}.spill"


def write_partitioned_index(
    documents: Iterable[SearchDocument],
    out_dir: Path,
    spill_files: int = SPILL_FILES,
    group_postings: int = GROUP_POSTINGS,
    workers: int | None = None,
    cache: AnalysisCache | None = None,
    snapshot: SnapshotFile | None = None,
    content_keys: list[str] | None = None,
) -> IndexStats:
    """Pass 1 over `documents`, then pass 2 partition by partition into out_dir.

    `spill_files` (a power of two), `group_postings` (the memory budget of one
    partition), `workers` (analysis processes, then partitions built at once;
    default: one per CPU, at most MAX_WORKERS) and `cache` (pass 1's analyses, kept
    and reused: analysis_cache.py) change how the work is done, never the files written.
    With `snapshot`, what the index was weighed with is kept there (for delta.py), with
    the documents' `content_keys` when known.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".spill-", dir=out_dir) as spill_dir:
        workers = default_workers() if workers is None else workers
        started = time.perf_counter()
        gathered = gather(documents, Path(spill_dir), spill_files, workers, cache)
        LOG.info(
            "search index pass 1: %d documents (%d analyses reused), %d terms, %d postings, %.1f s",
            len(gathered.refs),
            cache.hits if cache else 0,
            len(gathered.table.terms),
            sum(gathered.spill_postings),
            time.perf_counter() - started,
        )
        vocabulary = gathered.vocabulary.build()
        contents = IndexContents(
            len(gathered.refs), vocabulary, gathered.fragments, gathered.facets
        )
        counts = term_shard_counts(gathered)
        groups = list(partition_groups(gathered.spill_postings, counts, group_postings, workers))
        build = functools.partial(
            _group_files, gathered, counts, QueryVocabulary(vocabulary), out_dir / STAGING
        )
        files = (file for group in forked_map(build, groups, workers) for file in group)
        stats = write_index_files(out_dir, files, counts, contents, len(gathered.table.terms))
        LOG.info(
            "search index pass 2: %d partitions, %d files, %.1f s in all",
            len(groups),
            sum(counts.values()),
            time.perf_counter() - started,
        )
        if snapshot is not None:
            snapshot.save(dataclasses.replace(gathered.snapshot(stats), content_keys=content_keys))
    if cache is None:
        return stats
    cache.prune()
    return dataclasses.replace(stats, reused=cache.hits)


def gather(
    documents: Iterable[SearchDocument],
    spill_dir: Path,
    spill_files: int = SPILL_FILES,
    workers: int = 1,
    cache: AnalysisCache | None = None,
) -> Gathered:
    """Pass 1: analyze every document once (or take its analysis from `cache`); spill
    its terms; keep corpus statistics."""
    gathered = Gathered(spill_dir, TermTable(spill_files), [0] * spill_files)
    with ExitStack() as stack:
        spills = [
            stack.enter_context(gathered.spill_path(n).open("wb")) for n in range(spill_files)
        ]
        noted = _noting_facets(documents, gathered.facets)
        # The collector would walk the growing tables at every full collection (a third of
        # the time of reusing all 2,000 analyses of a test corpus); nothing here is cyclic.
        stack.enter_context(gc_paused())
        for key, document in keyed_analyses(noted, workers, cache):
            if document.ref in gathered.fragments:
                raise ValueError(f"duplicate search document ref {document.ref!r}")
            gathered.vocabulary.add(document.vocabulary)
            _spill_document(gathered, document, spills)
            gathered.refs.append(document.ref)
            gathered.keys.append(key)
            gathered.fragments[document.ref] = document.fragment
    gathered.table.settle()
    return gathered


def _noting_facets(
    documents: Iterable[SearchDocument], facets: list[dict[str, list[str]]]
) -> Iterator[SearchDocument]:
    """The documents, each one's facets appended to `facets` on the way (the analysis
    keeps only the display fragment, which no longer carries them)."""
    for document in documents:
        facets.append({name: list(values) for name, values in document.facets.items()})
        yield document


def _spill_document(gathered: Gathered, document: AnalyzedDocument, spills: list[BinaryIO]) -> None:
    """Append (field number, term index, tf) triples to each spill file the terms hash to,
    in the order of the document's terms (a stable sort by spill file). Every step is a
    C call over the document's postings, but the writes: one per spill file reached."""
    table = gathered.table
    document_number = len(gathered.refs)
    gathered.field_lengths.extend(document.lengths)
    indexes = table.indexes(document.terms)
    table.count(indexes, document.field_start(GRAMS_FIELD))
    spill_of = list(map(table.spill_file.__getitem__, indexes))
    order = sorted(range(len(indexes)), key=spill_of.__getitem__)
    if not order:
        return
    ordered = _picker(order)
    triples = array(
        SPILL_INTEGERS,
        chain.from_iterable(
            zip(
                ordered(document.field_numbers()),
                ordered(indexes),
                ordered(document.frequencies),
                strict=True,
            )
        ),
    )
    view = memoryview(triples)
    start = 0
    for spill, count in sorted(Counter(spill_of).items()):
        end = start + count * 3
        spills[spill].write(array(SPILL_INTEGERS, (document_number, end - start)))
        spills[spill].write(view[start:end])
        gathered.spill_postings[spill] += count
        start = end


def _picker(order: list[int]) -> Callable[[Sequence[int]], Sequence[int]]:
    """A function giving the items of a sequence at `order`, as a sequence."""
    if len(order) == 1:
        return lambda items: (items[order[0]],)
    return operator.itemgetter(*order)


def term_shard_counts(gathered: Gathered) -> dict[str, int]:
    table = gathered.table
    mean_ref = sum(len(ref.encode()) for ref in gathered.refs) / max(1, len(gathered.refs))
    words = (p - g for p, g in zip(table.postings, table.gram_postings, strict=True))
    return shard_counts(zip(table.terms, words, table.gram_postings, strict=True), mean_ref)


def _group_files(
    gathered: Gathered,
    counts: dict[str, int],
    vocabulary: QueryVocabulary,
    staging: Path,
    group: Group,
) -> list[StagedFile]:
    """Pass 2 for one group of spill files: its term and gram shards, written under
    `staging` by the process that made them (the main process, which wrote them all
    before, was pass 2's busiest; and their texts are not sent to it)."""
    spill_files, shard_numbers = group
    postings = partition_postings(gathered, spill_files)
    entries = split_entries(postings.entries(gathered.table.terms, vocabulary))
    del postings  # the entries hold the postings themselves, the rest can go
    files: list[StagedFile] = []
    documents = document_numbers(gathered.refs)
    for kind, numbers in sorted(shard_numbers.items()):
        shards: dict[int, TermShard] = {number: {} for number in numbers}
        for term, entry in entries[kind].items():
            shards[bucket(term, counts[kind])][term] = entry
        files.extend(
            stage_file(staging, *shard_text(kind, number, shard, documents))
            for number, shard in sorted(shards.items())
        )
    return files


def partition_groups(
    spill_postings: list[int], counts: dict[str, int], budget: int, parts: int = 1
) -> Iterator[Group]:
    """(spill files, {kind: shard numbers}) groups: each shard's spill files all in
    one group, each group's postings under `budget` unless one unit alone exceeds it.

    A group also ends once the postings so far reach its share of a `parts`-way cut
    (units without postings stay with the group before them), so that `parts`
    processes (forked_map) share even a corpus that one group could hold.
    """
    units = min(len(spill_postings), *counts.values())
    share = sum(spill_postings) / max(1, parts)
    files: list[int] = []
    shards: dict[str, list[int]] = {kind: [] for kind in counts}
    postings = placed = groups = 0
    for unit in range(units):
        unit_files = list(range(unit, len(spill_postings), units))
        size = sum(spill_postings[f] for f in unit_files)
        over_budget = postings + size > budget
        share_reached = size > 0 and placed >= share * (groups + 1)
        if files and (over_budget or share_reached):
            yield files, shards
            files, shards, postings, groups = [], {kind: [] for kind in counts}, 0, groups + 1
        files.extend(unit_files)
        for kind, count in counts.items():
            shards[kind].extend(range(unit, count, units))
        postings += size
        placed += size
    if files:
        yield files, shards


def partition_postings(gathered: Gathered, spill_files: Iterable[int]) -> PartitionPostings:
    """The weighted postings of every term of `spill_files`, read from their records."""
    postings = PartitionPostings(gathered.statistics(), gathered.refs, gathered.field_lengths)
    for number in spill_files:
        for document, record in spill_records(gathered.spill_path(number).read_bytes()):
            postings.add(document, record)
    return postings


def spill_records(data: bytes) -> Iterator[tuple[int, array[int]]]:
    """(document number, its (field number, term index, tf) triples) of one spill file.

    A record is the document number, the count of integers that follow, then the
    triples: one array of the whole file, sliced (marshal.load took ten times as long,
    a call per record on a file held in memory)."""
    values = array(SPILL_INTEGERS)
    values.frombytes(data)
    position = 0
    while position < len(values):
        start = position + RECORD_HEAD
        end = start + values[position + 1]
        yield values[position], values[start:end]
        position = end
