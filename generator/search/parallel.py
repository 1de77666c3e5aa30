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
import os
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.pool import AsyncResult, Pool
from multiprocessing.process import BaseProcess
from typing import Protocol, TypeVar

from generator.gcpause import gc_paused
from generator.search.analyzer import DocumentAnalyzer, default_analyzer
from generator.search.compact_json import dumps
from generator.search.documents import SearchDocument
from generator.search.index_builder import FIELD_NAMES, analyze_document, fragment
from generator.search.vocabulary import Observations, VocabularyBuilder

WINDOW_PER_WORKER = 8
MAX_WORKERS = 4
ZLIB_LEVEL = 1  # level 6: 14% smaller, twice the CPU time in the workers
Item = TypeVar("Item")
Result = TypeVar("Result")
# (cache key, document, its stored analysis if any)
Job = tuple[str, SearchDocument, "AnalyzedDocument | None"]


@dataclass(frozen=True)
class AnalyzedDocument:
    """One document as pass 1 needs it: per field (in FIELD_NAMES order) its length in
    terms and its (term, frequency) pairs in order of first occurrence."""

    ref: str
    fragment: str  # compact JSON of index_builder.fragment()
    fields: tuple[tuple[int, tuple[tuple[str, int], ...]], ...]
    vocabulary: Observations  # VocabularyBuilder.observations() of the document

    def encode(self, key: str) -> bytes:
        """zlib-compressed marshal, naming `key`: what a worker sends back and what the
        analysis cache stores (smaller and quicker to load than a pickle of the Counters)."""
        record = (key, self.ref, self.fragment, self.fields, self.vocabulary)
        return zlib.compress(marshal.dumps(record), ZLIB_LEVEL)

    @classmethod
    def decode(cls, data: bytes, key: str) -> AnalyzedDocument:
        """The document `encode(key)` gave; ValueError if the data names another key."""
        with gc_paused():
            stored_key, ref, fragment, fields, vocabulary = marshal.loads(zlib.decompress(data))
        if stored_key != key:
            raise ValueError(f"analysis of key {stored_key!r}, not {key!r}")
        return cls(ref, fragment, fields, vocabulary)


class AnalysisStore(Protocol):
    """Where analyses are looked up and kept (analysis_cache.AnalysisCache)."""

    def key(self, document: SearchDocument) -> str: ...

    def lookup(self, key: str) -> AnalyzedDocument | None: ...

    def store(self, key: str, data: bytes) -> None: ...


def default_workers() -> int:
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))))


def analyze_for_index(document: SearchDocument, analyzer: DocumentAnalyzer) -> AnalyzedDocument:
    vocabulary = VocabularyBuilder()
    terms = analyze_document(document, analyzer, vocabulary)
    fields = tuple((len(terms[name]), tuple(Counter(terms[name]).items())) for name in FIELD_NAMES)
    return AnalyzedDocument(
        document.ref, dumps(fragment(document)), fields, vocabulary.observations()
    )


def keyed_analyses(
    documents: Iterable[SearchDocument], workers: int, store: AnalysisStore | None = None
) -> Iterator[tuple[str, AnalyzedDocument]]:
    """(the store's key of the document, analyze_for_index of it) for every document, in
    order, using `workers` processes.

    A document whose analysis `store` holds never reaches Sudachi (nor starts a worker);
    the analyses computed here are stored.
    """
    for key, result in _analyses(_jobs(documents, store), workers):
        if isinstance(result, AnalyzedDocument):
            yield key, result
            continue
        if store is not None:
            store.store(key, result)
        yield key, AnalyzedDocument.decode(result, key)


def _jobs(documents: Iterable[SearchDocument], store: AnalysisStore | None) -> Iterator[Job]:
    for document in documents:
        key = store.key(document) if store is not None else document.ref
        yield key, document, store.lookup(key) if store is not None else None


def _analyses(jobs: Iterable[Job], workers: int) -> Iterator[tuple[str, AnalyzedDocument | bytes]]:
    """(key, the stored analysis or the encoded new one) of every job, in order. The pool
    of spawned workers starts at the first document to analyze, if any."""
    with ExitStack() as stack:
        pool: Pool | None = None
        pending: deque[tuple[str, _Ready | AsyncResult[bytes]]] = deque()
        for key, document, stored in jobs:
            if stored is not None:
                pending.append((key, _Ready(stored)))
            elif workers <= 1:
                pending.append((key, _Ready(_encoded_analysis(key, document))))
            else:
                if pool is None:
                    pool = stack.enter_context(multiprocessing.get_context("spawn").Pool(workers))
                pending.append((key, pool.apply_async(_encoded_analysis, (key, document))))
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


def _encoded_analysis(key: str, document: SearchDocument) -> bytes:
    return analyze_for_index(document, default_analyzer()).encode(key)


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
