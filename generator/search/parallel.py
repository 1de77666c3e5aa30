"""The index build spread over processes: pass 1's analysis, pass 2's partitions.

Pass 1: documents are analyzed (Sudachi, the costly part) in spawned workers. Pass 2:
each partition is built in a forked child (`forked_map`), which inherits the corpus
statistics instead of receiving a copy. Results come back in input order, whatever
the number of processes, so the index is the same bytes with one process or many;
at most WINDOW_PER_WORKER documents per worker, or `processes` partitions, are in
flight, so memory stays bounded however long the document stream is. Workers send an
analysis back encoded (`AnalyzedDocument.encode`), the form the analysis cache keeps,
and documents whose analysis the cache holds are not sent at all.
"""

from __future__ import annotations

import marshal
import multiprocessing
import operator
import os
import zlib
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from itertools import chain, repeat
from multiprocessing.connection import Connection
from multiprocessing.pool import AsyncResult, Pool
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Protocol, TypeVar

from generator.gcpause import gc_paused
from generator.search.analyzer import DocumentAnalyzer, default_analyzer
from generator.search.compact_json import dumps
from generator.search.documents import SearchDocument
from generator.search.index_builder import FIELD_NAMES, analyze_document, fragment
from generator.search.vocabulary import Observations, VocabularyBuilder
from generator.write import write_atomic

WINDOW_PER_WORKER = 8
MAX_WORKERS = 4
ZLIB_LEVEL = 1  # level 6: 14% smaller, twice the CPU time in the workers
FREQUENCIES = "I"  # unsigned 32-bit, as the spill records (partitioned.py)
Item = TypeVar("Item")
Result = TypeVar("Result")
# (cache key, document, its stored analysis if any, where to store a new one if anywhere)
Job = tuple[str, SearchDocument, "AnalyzedDocument | None", "Path | None"]


@dataclass(frozen=True)
class AnalyzedDocument:
    """One document as pass 1 needs it: per field (in FIELD_NAMES order) its length in
    terms, and its distinct terms with their frequencies in order of first occurrence,
    field after field, as flat sequences (pass 1 maps them to term indexes and spills
    them a few C calls per document, not a Python step per posting)."""

    ref: str
    fragment: str  # compact JSON of index_builder.fragment()
    lengths: tuple[int, ...]  # per field: its length in terms
    terms: tuple[str, ...]  # each field's distinct terms, field after field
    frequencies: array[int]  # of each of `terms` in its field
    field_ends: tuple[int, ...]  # field f's terms are terms[field_ends[f - 1]:field_ends[f]]
    vocabulary: Observations  # VocabularyBuilder.observations() of the document

    @property
    def fields(self) -> tuple[tuple[int, tuple[tuple[str, int], ...]], ...]:
        """Per field: (its length in terms, its (term, frequency) pairs)."""
        starts = (0, *self.field_ends[:-1])
        pairs = tuple(zip(self.terms, self.frequencies, strict=True))
        return tuple(
            (length, pairs[start:end])
            for length, start, end in zip(self.lengths, starts, self.field_ends, strict=True)
        )

    def field_start(self, number: int) -> int:
        """Where field `number`'s terms start in `terms`."""
        return self.field_ends[number - 1] if number else 0

    def field_numbers(self) -> list[int]:
        """The field number of each of `terms`."""
        counts = map(operator.sub, self.field_ends, (0, *self.field_ends[:-1]))
        return list(chain.from_iterable(map(repeat, range(len(self.field_ends)), counts)))

    def record(self, key: str) -> bytes:
        """A marshal record naming `key`: what a worker sends back (smaller and quicker to
        load than a pickle of the Counters)."""
        record = (
            key, self.ref, self.fragment, self.lengths, self.terms,
            self.frequencies.tobytes(), self.field_ends, self.vocabulary,
        )  # fmt: skip
        return marshal.dumps(record)

    def encode(self, key: str) -> bytes:
        """The record, zlib-compressed: what the analysis cache stores."""
        return zlib.compress(self.record(key), ZLIB_LEVEL)

    @classmethod
    def decode(cls, data: bytes, key: str) -> AnalyzedDocument:
        """The document `encode(key)` gave; ValueError if the data names another key."""
        return cls.of_record(zlib.decompress(data), key)

    @classmethod
    def of_record(cls, data: bytes, key: str) -> AnalyzedDocument:
        """The document `record(key)` gave; ValueError if the data names another key."""
        with gc_paused():
            stored_key, ref, fragment, lengths, terms, frequencies, field_ends, vocabulary = (
                marshal.loads(data)
            )
        if stored_key != key:
            raise ValueError(f"analysis of key {stored_key!r}, not {key!r}")
        counts = array(FREQUENCIES)
        counts.frombytes(frequencies)
        if len(counts) != len(terms) or len(field_ends) != len(lengths):
            raise ValueError(f"analysis of key {key!r} does not hold together")
        return cls(ref, fragment, lengths, terms, counts, field_ends, vocabulary)


class AnalysisStore(Protocol):
    """Where analyses are looked up and kept (analysis_cache.AnalysisCache)."""

    def key(self, document: SearchDocument) -> str: ...

    def lookup(self, key: str) -> AnalyzedDocument | None: ...

    def entry_path(self, key: str) -> Path:
        """Where a new analysis is stored (`AnalyzedDocument.encode(key)`), by the worker
        that makes it."""
        ...

    def stored(self, key: str) -> None:
        """Note that the analysis of `key` was stored at its entry_path."""
        ...


def default_workers() -> int:
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))))


def analyze_for_index(document: SearchDocument, analyzer: DocumentAnalyzer) -> AnalyzedDocument:
    vocabulary = VocabularyBuilder()
    fields = analyze_document(document, analyzer, vocabulary)
    lengths: list[int] = []
    terms: list[str] = []
    frequencies = array(FREQUENCIES)
    field_ends: list[int] = []
    for name in FIELD_NAMES:
        counts = Counter(fields[name])
        lengths.append(len(fields[name]))
        terms.extend(counts)
        frequencies.extend(counts.values())
        field_ends.append(len(terms))
    return AnalyzedDocument(
        document.ref, dumps(fragment(document)), tuple(lengths), tuple(terms), frequencies,
        tuple(field_ends), vocabulary.observations(),
    )  # fmt: skip


def keyed_analyses(
    documents: Iterable[SearchDocument], workers: int, store: AnalysisStore | None = None
) -> Iterator[tuple[str, AnalyzedDocument]]:
    """(the store's key of the document, analyze_for_index of it) for every document, in
    order, using `workers` processes.

    A document whose analysis `store` holds never reaches Sudachi (nor starts a worker);
    the analyses computed here are stored, by the workers (the main process, which
    decodes and spills every analysis, is the busiest of pass 1).
    """
    for key, result in _analyses(_jobs(documents, store), workers):
        if isinstance(result, AnalyzedDocument):
            yield key, result
            continue
        if store is not None:
            store.stored(key)
        yield key, AnalyzedDocument.of_record(result, key)


def _jobs(documents: Iterable[SearchDocument], store: AnalysisStore | None) -> Iterator[Job]:
    for document in documents:
        if store is None:
            yield document.ref, document, None, None
            continue
        key = store.key(document)
        stored = store.lookup(key)
        yield key, document, stored, store.entry_path(key) if stored is None else None


def _analyses(jobs: Iterable[Job], workers: int) -> Iterator[tuple[str, AnalyzedDocument | bytes]]:
    """(key, the stored analysis or the record of the new one) of every job, in order. The
    pool of spawned workers starts at the first document to analyze, if any."""
    with ExitStack() as stack:
        pool: Pool | None = None
        pending: deque[tuple[str, _Ready | AsyncResult[bytes]]] = deque()
        for key, document, stored, entry in jobs:
            if stored is not None:
                pending.append((key, _Ready(stored)))
            elif workers <= 1:
                pending.append((key, _Ready(_analysis_record(key, document, entry))))
            else:
                if pool is None:
                    pool = stack.enter_context(multiprocessing.get_context("spawn").Pool(workers))
                job = (key, document, entry)
                pending.append((key, pool.apply_async(_analysis_record, job)))
            if len(pending) >= workers * WINDOW_PER_WORKER:
                key, result = pending.popleft()
                yield key, result.get()
        while pending:
            key, result = pending.popleft()
            yield key, result.get()


@dataclass(frozen=True)
class _Ready:
    """A result known without a worker, read like an AsyncResult."""

    value: AnalyzedDocument | bytes

    def get(self) -> AnalyzedDocument | bytes:
        return self.value


def _analysis_record(key: str, document: SearchDocument, entry: Path | None) -> bytes:
    """The analysis's record; when `entry` is given, also stored there, compressed."""
    record = analyze_for_index(document, default_analyzer()).record(key)
    if entry is not None:
        write_atomic(entry, zlib.compress(record, ZLIB_LEVEL))
    return record


def forked_map(
    function: Callable[[Item], Result], items: Iterable[Item], processes: int
) -> Iterator[Result]:
    """function(item) for every item, in order, each in a forked child (at most
    `processes` at a time). Children inherit this process's memory, so only results
    are pickled; with processes <= 1 everything runs here."""
    if processes <= 1:
        yield from map(function, items)
        return
    context = multiprocessing.get_context("fork")
    running: deque[tuple[BaseProcess, Connection]] = deque()
    try:
        for item in items:
            if len(running) >= processes:
                yield _collect(*running.popleft())
            receiver, sender = context.Pipe(duplex=False)
            child = context.Process(target=_send_result, args=(sender, function, item), daemon=True)
            child.start()
            sender.close()
            running.append((child, receiver))
        while running:
            yield _collect(*running.popleft())
    finally:  # a failure, an interruption or a caller that stops early: the rest is moot
        for child, receiver in running:
            child.kill()
            child.join()
            receiver.close()


def _send_result(sender: Connection, function: Callable[[Item], Result], item: Item) -> None:
    sender.send(function(item))
    sender.close()


def _collect(child: BaseProcess, receiver: Connection) -> Result:
    try:
        result: Result = receiver.recv()
    except EOFError:
        child.join()
        raise RuntimeError(f"search index partition failed (exit code {child.exitcode})") from None
    child.join()
    return result
