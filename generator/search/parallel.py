"""The index build spread over processes: pass 1's analysis, pass 2's partitions.

Pass 1: documents are analyzed (Sudachi, the costly part) in spawned workers. Pass 2:
each partition is built in a forked child (`forked_map`), which inherits the corpus
statistics instead of receiving a copy. Results come back in input order, whatever
the number of processes, so the index is the same bytes with one process or many;
at most WINDOW_PER_WORKER documents per worker, or `processes` partitions, are in
flight, so memory stays bounded however long the document stream is.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.pool import AsyncResult
from multiprocessing.process import BaseProcess
from typing import TypeVar

from generator.search.analyzer import DocumentAnalyzer, default_analyzer
from generator.search.documents import SearchDocument
from generator.search.index_builder import FIELD_NAMES, analyze_document, fragment
from generator.search.shards import dumps
from generator.search.vocabulary import VocabularyBuilder

WINDOW_PER_WORKER = 8
MAX_WORKERS = 4
Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass(frozen=True)
class AnalyzedDocument:
    """One document as pass 1 needs it: per field (in FIELD_NAMES order) its length in
    terms and its (term, frequency) pairs in order of first occurrence."""

    ref: str
    fragment: str  # compact JSON of index_builder.fragment()
    fields: tuple[tuple[int, tuple[tuple[str, int], ...]], ...]
    vocabulary: VocabularyBuilder


def default_workers() -> int:
    return max(1, min(MAX_WORKERS, len(os.sched_getaffinity(0))))


def analyze_for_index(document: SearchDocument, analyzer: DocumentAnalyzer) -> AnalyzedDocument:
    vocabulary = VocabularyBuilder()
    terms = analyze_document(document, analyzer, vocabulary)
    fields = tuple((len(terms[name]), tuple(Counter(terms[name]).items())) for name in FIELD_NAMES)
    return AnalyzedDocument(document.ref, dumps(fragment(document)), fields, vocabulary)


def analyzed_documents(
    documents: Iterable[SearchDocument], workers: int
) -> Iterator[AnalyzedDocument]:
    """analyze_for_index of every document, in order, using `workers` processes."""
    if workers <= 1:
        analyzer = DocumentAnalyzer()
        for document in documents:
            yield analyze_for_index(document, analyzer)
        return
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        pending: deque[AsyncResult[AnalyzedDocument]] = deque()
        for document in documents:
            pending.append(pool.apply_async(_analyze_in_worker, (document,)))
            if len(pending) >= workers * WINDOW_PER_WORKER:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _analyze_in_worker(document: SearchDocument) -> AnalyzedDocument:
    return analyze_for_index(document, default_analyzer())


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
