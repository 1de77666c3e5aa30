"""Kanji numerals (十九, 二十五, 百二十, 元) → integers.

The browser has a twin of this parser in theme/assets/js/analyzer.js; tests/normalize
checks both sides against the same table.
"""

from __future__ import annotations

import re

DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
          "九": 9, "壱": 1, "弐": 2, "参": 3}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "千": 1000}
LARGE_UNITS = {"万": 10_000, "億": 100_000_000}

KANJI_NUMBER = "[〇零一二三四五六七八九十拾百千万億壱弐参]+"
KANJI_NUMBER_RE = re.compile(KANJI_NUMBER)


def kanji_to_int(text: str) -> int:
    """Convert a kanji numeral to an int: 十九 → 19, 二十五 → 25, 二〇二五 → 2025.

    Raises ValueError for text that is not a kanji numeral.
    """
    if not text or not KANJI_NUMBER_RE.fullmatch(text):
        raise ValueError(f"not a kanji numeral: {text!r}")
    if all(ch in DIGITS for ch in text):  # positional form: 二〇二五
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = section = digit = 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (digit or 1) * SMALL_UNITS[ch]
            digit = 0
        else:
            total += (section + digit or 1) * LARGE_UNITS[ch]
            section = digit = 0
    return total + section + digit


def to_int(text: str) -> int:
    """An arabic (half- or full-width) or kanji numeral → int; 元 (first year of an era) → 1."""
    text = text.strip().translate(FULLWIDTH_DIGITS)
    if text == "元":
        return 1
    if text.isdigit():
        return int(text)
    return kanji_to_int(text)


FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
