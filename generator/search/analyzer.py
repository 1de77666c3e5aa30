"""Document analysis with Sudachi: long units (mode C) plus their short units (mode A).

Terms are Sudachi's normalized forms, folded (NFKC, lowercase), so 漏えい/漏洩 and
サーバ/サーバー meet. Particles, auxiliaries, punctuation, symbols and spaces are
dropped by part of speech. Every unit is reported with its surface so that the
vocabulary shipped to the browser (see vocabulary.py) maps surfaces to the exact
terms produced here; queries are analyzed with that vocabulary, never with Sudachi.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sudachipy import Dictionary, SplitMode

from generator.search.text import fold, grams, is_separator, runs

DROPPED_POS = frozenset(("助詞", "助動詞", "補助記号", "記号", "空白"))
# Sudachi refuses inputs above 49,149 bytes; 8,000 characters stay under it in UTF-8.
MAX_CHUNK_CHARS = 8000
# Morphemes memoized per analyzer (a few hundred bytes each) before the memo starts over.
MAX_MEMOIZED = 200_000
# A line break as Sudachi tokenizes it: one whitespace morpheme holding a newline. It
# never starts with a space, which is a word of its own (" " in the dictionary).
LINE_BREAK = re.compile(r"([\t\r\x0b]*\n[ \t\r\n\x0b]*)")
# A clause ends after 。 or 、: each is one morpheme (one dictionary entry, 補助記号) that
# no other word contains, so every path of Sudachi's lattice passes through it and the
# best path on one side does not depend on the other.
CLAUSE_ENDS = "。、"
CLAUSE_END = re.compile(f"(?<=[{CLAUSE_ENDS}])")
# Clauses cached per analyzer (their units, and their grams) before a cache starts over.
MAX_CACHED_CLAUSES = 100_000
# Folded texts remembered per analyzer: more than one document's fields.
FOLDED_TEXTS = 64


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
    # unit.terms and the (surface, terms) pairs a vocabulary counts (the unit's and its
    # parts'), made once per morpheme (DocumentAnalyzer memoizes it) and read per occurrence
    terms: tuple[str, ...] = field(init=False, repr=False, compare=False)
    observed: tuple[tuple[str, tuple[str, ...]], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        units = (self.unit, *self.parts)
        object.__setattr__(self, "terms", self.unit.terms)
        object.__setattr__(
            self, "observed", tuple((u.surface, u.terms) for u in units if u.surface)
        )


# A clause's long units and the terms they yield, in order (what the clause cache keeps).
Clause = tuple[tuple[LongUnit, ...], tuple[str, ...]]


@dataclass(frozen=True)
class Analyzed:
    """A text's long units and their terms, in order."""

    units: list[LongUnit]
    terms: list[str]


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
        self._clauses: dict[tuple[str, str, str], Clause] = {}
        self._clause_grams: dict[str, tuple[str, ...]] = {}
        # a document's texts are folded for their units and again for their grams
        self._fold = functools.lru_cache(maxsize=FOLDED_TEXTS)(self._folded)
        self._fold_line = functools.lru_cache(maxsize=MAX_CACHED_CLAUSES)(fold)

    def analyzed(self, text: str) -> Analyzed:
        """The long units of `text` and the terms they yield: each kept long unit's term,
        then its kept short units' terms."""
        analyzed = Analyzed([], [])
        for chunk in chunks(self._fold(text)):
            for units, terms in self._chunk_clauses(chunk):
                analyzed.units.extend(units)
                analyzed.terms.extend(terms)
        return analyzed

    def long_units(self, text: str) -> list[LongUnit]:
        return self.analyzed(text).units

    def analyze(self, text: str) -> list[str]:
        """Terms of `text`: each kept long unit's term, then its kept short units' terms."""
        return self.analyzed(text).terms

    def grams(self, text: str) -> list[str]:
        """text.text_grams(text), clause by clause from a cache: a line end, 。 and 、 are
        separators, so no run, hence no bigram, crosses them."""
        found: list[str] = []
        for line in self._fold(text).split("\n"):
            for clause in CLAUSE_END.split(line):
                clause_grams = self._clause_grams.get(clause)
                if clause_grams is None:
                    if len(self._clause_grams) >= MAX_CACHED_CLAUSES:
                        self._clause_grams.clear()
                    clause_grams = tuple(gram for run in runs(clause) for gram in grams(run))
                    self._clause_grams[clause] = clause_grams
                found.extend(clause_grams)
        return found

    def _folded(self, text: str) -> str:
        """fold(text), line by line from a cache (the form's lines recur in every
        assessment): NFKC and lowercasing never reach across a line break, a starter that
        composes with nothing, is not cased and not case-ignorable."""
        return "\n".join(map(self._fold_line, text.split("\n")))

    def _chunk_clauses(self, chunk: str) -> list[Clause]:
        """The chunk's clauses, line by line (see `_line_clauses`); the whole chunk at
        once should a line break, 。 or 、 not come out as one morpheme."""
        parts = LINE_BREAK.split(chunk)  # line, break, line, break, …, line
        clauses: list[Clause] = []
        try:
            for i in range(0, len(parts), 2):
                before = parts[i - 1] if i else ""
                after = parts[i + 1] if i + 1 < len(parts) else ""
                if parts[i]:
                    clauses.extend(self._line_clauses(before, parts[i], after))
                elif i == 0 and after:  # the chunk starts with a line break
                    clauses.append(clause_of(self._tokenized(after)))
        except LineBreakSplit:
            return [clause_of(self._tokenized(chunk))]
        return clauses

    def _line_clauses(self, before: str, line: str, after: str) -> list[Clause]:
        """The units of `line` and of the line break `after` it, as in the whole chunk.

        The line is tokenized between its two line breaks, each one whitespace morpheme,
        so Sudachi sees the same neighbours as in the chunk; the break before is dropped
        (the previous line gave it). Within the line, each clause is tokenized after the
        。 or 、 that ends the clause before it, for the same reason (CLAUSE_END).
        Checked on the seeds and the synthetic corpus: every chunk gives the same
        morphemes as tokenized whole. Assessments repeat the form's sentences and clauses
        (a paragraph that differs only in the agency's name shares all clauses but its
        first), so most clauses come from the cache.
        """
        texts = CLAUSE_END.split(line)
        if not texts[-1]:
            texts.pop()  # the line ends with a clause's end
        last = len(texts) - 1
        return [
            self._clause(texts[i - 1][-1] if i else before, text, after if i == last else "")
            for i, text in enumerate(texts)
        ]

    def _clause(self, left: str, text: str, right: str) -> Clause:
        """The units of clause `text` and of `right` (a line break or nothing), tokenized
        after `left` (the morpheme before it: a line break, 。, 、 or nothing), which is
        dropped; and their terms."""
        key = (left, text, right)
        clause = self._clauses.get(key)
        if clause is None:
            units = self._tokenized(left + text + right)
            if left:
                if units[0].unit.surface != left:
                    raise LineBreakSplit(left)
                del units[0]
            end = right or (text[-1] if text[-1] in CLAUSE_ENDS else "")
            if end and units[-1].unit.surface != end:
                raise LineBreakSplit(end)
            if len(self._clauses) >= MAX_CACHED_CLAUSES:
                self._clauses.clear()  # bounded memory, whatever the corpus
            clause = self._clauses[key] = clause_of(units)
        return clause

    def _tokenized(self, text: str) -> list[LongUnit]:
        return [self._long_unit(morpheme) for morpheme in self._tokenizer.tokenize(text)]

    def _long_unit(self, morpheme: Any) -> LongUnit:
        key = (morpheme.surface(), morpheme.word_id(), morpheme.dictionary_id())
        long_unit = self._memo.get(key)
        if long_unit is None:
            if len(self._memo) >= MAX_MEMOIZED:
                self._memo.clear()  # bounded memory, whatever the corpus
            long_unit = self._memo[key] = long_unit_of(morpheme)
        return long_unit


def clause_of(units: list[LongUnit]) -> Clause:
    return tuple(units), tuple(term for unit in units for term in unit.terms)


class LineBreakSplit(Exception):
    """Sudachi did not make a line break, 。 or 、 one morpheme of its own."""


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
