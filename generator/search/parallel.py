"""Pass 1's document analysis (Sudachi, the costly part) spread over worker processes.

Results come back in input order, whatever the number of workers, so the index is
the same bytes with one process or many; at most WINDOW_PER_WORKER documents per
worker are in flight, so memory stays bounded however long the document stream is.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult

from generator.search.analyzer import DocumentAnalyzer, default_analyzer
from generator.search.documents import SearchDocument
from generator.search.index_builder import FIELD_NAMES, analyze_document, fragment
from generator.search.shards import dumps
from generator.search.vocabulary import VocabularyBuilder

WINDOW_PER_WORKER = 8
MAX_WORKERS = 4


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
