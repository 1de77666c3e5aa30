"""The position of a 変更箇所 row's 項目, derived from its printed heading path.

``I 基本情報 6 情報提供… ②法令上の根拠`` → ``I-6-2``; a repeated block or a risk joins the
path by its printed name (``II-4-委託事項1-6``, ``III-7-リスク1-5``); an annex is its own part
(``(別添2)…`` → ``別添2``). Without a roman numeral part there is no path.
"""

from __future__ import annotations

import re
import unicodedata

CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474)) + "".join(
    chr(c) for c in (*range(0x3251, 0x3260), *range(0x32B1, 0x32C0))
)
ROMAN_RE = re.compile(r"^(VI|V|IV|III|II|I)\.?$")
ARABIC_RE = re.compile(r"^(\d{1,2})\.?$")
BLOCK_RE = re.compile(r"^((?:システム|委託事項|提供先|移転先|リスク)\d{1,2})(?:[:].*)?$")
ANNEX_RE = re.compile(r"\(別添(\d+)\)")


def item_path(item: str) -> str | None:
    """The path of a printed 項目, or None when it does not start with a part numeral."""
    annex = ANNEX_RE.search(unicodedata.normalize("NFKC", item))
    if annex:
        return f"別添{annex.group(1)}"
    tokens = item.split()
    if not tokens:
        return None
    roman = ROMAN_RE.match(unicodedata.normalize("NFKC", tokens[0]))
    if not roman:
        return None
    return "-".join([roman.group(1), *_segments(tokens[1:])])


def circled_number(token: str) -> int | None:
    """①…⑳, ㉑…㊿ at the start of a token as a number (read before NFKC)."""
    if token and token[0] in CIRCLED:
        return int(unicodedata.normalize("NFKC", token[0]))
    return None


def _segments(tokens: list[str]) -> list[str]:
    """The arabic number, then block or risk names, then the first circled digit, in order."""
    segments: list[str] = []
    stage = 0  # 0: arabic may come, 1: blocks may come, 2: done
    for token in tokens:
        circled = circled_number(token)
        if circled is not None:
            segments.append(str(circled))
            break
        plain = unicodedata.normalize("NFKC", token)
        arabic = ARABIC_RE.match(plain)
        block = BLOCK_RE.match(plain)
        if arabic and stage == 0:
            segments.append(arabic.group(1))
            stage = 1
        elif block:
            segments.append(block.group(1))
            stage = 1
    return segments
