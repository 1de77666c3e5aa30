"""Character-level primitives shared by document and query analysis (twins in analyzer.js)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

SEPARATOR_CATEGORIES = frozenset("PSZC")
SPACE_CATEGORIES = frozenset(("Zs", "Zl", "Zp", "Cc"))


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def fold(text: str) -> str:
    """NFKC, then lowercase: the form every surface and term is compared in."""
    return nfkc(text).lower()


def is_separator(char: str) -> bool:
    """Punctuation, symbols, spaces and controls never belong to a term."""
    return unicodedata.category(char)[0] in SEPARATOR_CATEGORIES


def is_space(char: str) -> bool:
    """Spaces and controls (tab, newline) split a query into chunks."""
    return unicodedata.category(char) in SPACE_CATEGORIES


def runs(text: str) -> Iterator[str]:
    """Maximal runs of non-separator characters of already folded text."""
    start = None
    for i, char in enumerate(text):
        if is_separator(char):
            if start is not None:
                yield text[start:i]
            start = None
        elif start is None:
            start = i
    if start is not None:
        yield text[start:]


def grams(run: str) -> list[str]:
    """Character bigrams of one run; a single character stands for itself."""
    if len(run) < 2:
        return [run] if run else []
    return [run[i : i + 2] for i in range(len(run) - 1)]


def text_grams(text: str) -> list[str]:
    """Bigrams of every run of folded `text`, in order (duplicates kept for term frequency)."""
    return [gram for run in runs(fold(text)) for gram in grams(run)]


def fnv1a32(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes: the bucket hash of terms, surfaces and refs."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value ^= byte
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


def bucket(text: str, count: int) -> int:
    """Which of `count` files holds `text`."""
    return fnv1a32(text) % count
