"""Document analysis with Sudachi: long units (mode C) plus their short units (mode A).

Terms are Sudachi's normalized forms, folded (NFKC, lowercase), so 漏えい/漏洩 and
サーバ/サーバー meet. Particles, auxiliaries, punctuation, symbols and spaces are
dropped by part of speech. Every unit is reported with its surface so that the
vocabulary shipped to the browser (see vocabulary.py) maps surfaces to the exact
terms produced here; queries are analyzed with that vocabulary, never with Sudachi.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sudachipy import Dictionary, SplitMode

from generator.search.text import fold, is_separator

DROPPED_POS = frozenset(("助詞", "助動詞", "補助記号", "記号", "空白"))
# Sudachi refuses inputs above 49,149 bytes; 8,000 characters stay under it in UTF-8.
MAX_CHUNK_CHARS = 8000
# Morphemes memoized per analyzer (a few hundred bytes each) before the memo starts over.
MAX_MEMOIZED = 200_000


@dataclass(frozen=True)
class Unit:
    """One morpheme as seen in a document: its surface and the terms it yields."""

    surface: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class LongUnit:
    """A mode-C morpheme; `parts` are its mode-A units when it splits into several."""

    unit: Unit
    parts: tuple[Unit, ...]

    @property
    def terms(self) -> tuple[str, ...]:
        return self.unit.terms


class DocumentAnalyzer:
    """Owns one Sudachi tokenizer (expensive to create); reuse one instance.

    A morpheme's LongUnit is memoized by (surface, word id, dictionary id): a dictionary
    word's id fixes its part of speech, normalized form and mode-A split, and the surface
    fixes the parts' surfaces; an out-of-vocabulary morpheme (dictionary id -1) has a word
    id naming its part of speech and a normalized form made from its surface alone.
    Checked on the seeds and the 1,000-document synthetic corpus: every key always gave
    the same LongUnit. The same few thousand morphemes make up most of every assessment,
    so this skips most of the per-morpheme work (half of the analysis time).
    """

    def __init__(self) -> None:
        self._tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
        self._memo: dict[tuple[str, int, int], LongUnit] = {}

    def long_units(self, text: str) -> Iterator[LongUnit]:
        for chunk in chunks(fold(text)):
            for morpheme in self._tokenizer.tokenize(chunk):
                yield self._long_unit(morpheme)

    def analyze(self, text: str) -> list[str]:
        """Terms of `text`: each kept long unit's term, then its kept short units' terms."""
        return [term for long_unit in self.long_units(text) for term in long_unit.terms]

    def _long_unit(self, morpheme: Any) -> LongUnit:
        key = (morpheme.surface(), morpheme.word_id(), morpheme.dictionary_id())
        long_unit = self._memo.get(key)
        if long_unit is None:
            if len(self._memo) >= MAX_MEMOIZED:
                self._memo.clear()  # bounded memory, whatever the corpus
            long_unit = self._memo[key] = long_unit_of(morpheme)
        return long_unit


def long_unit_of(morpheme: Any) -> LongUnit:
    """The LongUnit of a mode-C morpheme, computed (DocumentAnalyzer memoizes it)."""
    parts = tuple(_unit(part) for part in morpheme.split(SplitMode.A))
    head = _unit(morpheme)
    if len(parts) < 2 or not head.terms:
        return LongUnit(head, ())
    extra = tuple(term for part in parts for term in part.terms)
    return LongUnit(Unit(head.surface, head.terms + extra), parts)


def _unit(morpheme: Any) -> Unit:
    surface: str = morpheme.surface()
    pos: str = morpheme.part_of_speech()[0]
    term = fold(morpheme.normalized_form())
    if pos in DROPPED_POS or not term or all(is_separator(c) for c in term):
        return Unit(surface, ())
    return Unit(surface, (term,))


def chunks(text: str) -> Iterator[str]:
    """Pieces of `text` short enough for Sudachi, cut at line ends where possible."""
    start = 0
    while start < len(text):
        end = min(start + MAX_CHUNK_CHARS, len(text))
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind("。", start, end))
            end = cut + 1 if cut > start else end
        yield text[start:end]
        start = end


@functools.cache
def default_analyzer() -> DocumentAnalyzer:
    """The process-wide analyzer; created on first use."""
    return DocumentAnalyzer()


def analyze(text: str) -> list[str]:
    """Analyze document text with the shared analyzer."""
    return default_analyzer().analyze(text)
