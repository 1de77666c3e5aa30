"""Label normalization and matching: NFKC matching copy, numbering, ※ flag, fuzzy match.

The stored text is never touched; matching uses a copy with the numbering, spaces and the
trailing ※ removed. Numbering (①, 1., I) is read from the raw text, before NFKC would turn
circled digits into plain digits.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474)) + "".join(
    chr(c) for c in (*range(0x3251, 0x3260), *range(0x32B1, 0x32C0))
)
CIRCLED_RE = re.compile(f"^\\s*([{CIRCLED}])\\s*")
ROMAN_RE = re.compile(r"^\s*(IV|IX|VI{0,3}|I{1,3}|X)(?:\s+|\.\s*)(?=\S)")
ARABIC_RE = re.compile(r"^\s*(\d{1,2})\s*\.\s*(?=\D)")
ANNEX_RE = re.compile(r"^\s*\(別添(\d*)\)\s*")
SPACE_RE = re.compile(r"\s+")
FUZZY_THRESHOLD = 0.86
VARIANTS = (("ユーザー", "ユーザ"), ("サーバー", "サーバ"))


@dataclass(frozen=True)
class Label:
    """A label as printed: its numbering kind and number, the matching key, the ※ flag."""

    kind: str  # "roman" | "arabic" | "circled" | "annex" | "none"
    number: str
    key: str
    marked: bool


def circled_number(raw: str) -> int | None:
    match = CIRCLED_RE.match(raw)
    if not match:
        return None
    return int(unicodedata.normalize("NFKC", match.group(1)))


def parse_label(raw: str) -> Label:
    """Split numbering off a printed label and build its matching key."""
    circled = CIRCLED_RE.match(raw)
    if circled:
        kind, number, rest = "circled", str(circled_number(raw)), raw[circled.end() :]
    else:
        kind, number, rest = "none", "", unicodedata.normalize("NFKC", raw)
        for name, pattern in (("annex", ANNEX_RE), ("roman", ROMAN_RE), ("arabic", ARABIC_RE)):
            match = pattern.match(rest)
            if match:
                kind, number, rest = name, match.group(1), rest[match.end() :]
                break
    key = key_of(rest)
    marked = key.endswith("※")
    return Label(kind, number, key.rstrip("※"), marked)


def key_of(text: str) -> str:
    """Matching key: NFKC, no spaces, unified spelling variants (never stored)."""
    key = SPACE_RE.sub("", unicodedata.normalize("NFKC", text))
    for variant, canonical in VARIANTS:
        key = key.replace(variant, canonical)
    return key


def similar(a: str, b: str) -> float:
    if a == b:
        return 1.0
    if not a or not b or abs(len(a) - len(b)) > max(len(a), len(b)) * 0.3:
        return 0.0
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def best_match(
    key: str, candidates: Iterable[str], threshold: float = FUZZY_THRESHOLD
) -> str | None:
    """The candidate equal to key, else the most similar one above the threshold."""
    pool = list(candidates)
    if key in pool:
        return key
    scored = sorted(((similar(key, c), c) for c in pool), reverse=True)
    if scored and scored[0][0] >= threshold:
        return scored[0][1]
    return None


def split_heads(raw: str, limit: int = 120) -> Iterable[tuple[str, str]]:
    """Possible (label, value) splits of a cell at whitespace, longest label first."""
    points = [m.start() for m in re.finditer(r"\s+|(?=\[)|(?=<input)", raw[:limit])]
    for point in sorted(set(points), reverse=True):
        head, tail = raw[:point].strip(), raw[point:].strip()
        if head:
            yield head, tail
