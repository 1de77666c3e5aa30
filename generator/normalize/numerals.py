"""Kanji numerals (十九, 二十五, 百二十, 二〇二五, 元) ↔ integers.

The browser has a twin of this parser in theme/assets/js/numerals.js; tests/normalize checks
both sides against the same table.
"""

from __future__ import annotations

import re

DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "壱": 1,
    "弐": 2,
    "参": 3,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "千": 1000}
LARGE_UNITS = {"万": 10_000, "億": 100_000_000}

KANJI_NUMBER = "[〇零一二三四五六七八九十拾百千万億壱弐参]+"
KANJI_NUMBER_RE = re.compile(KANJI_NUMBER)
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_ARABIC_DIGITS = "〇一二三四五六七八九"


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
    if text.isascii() and text.isdigit():
        return int(text)
    return kanji_to_int(text)


def int_to_kanji(number: int) -> str:
    """An int in 1–99,999,999 → its counting-form kanji numeral: 19 → 十九, 1024 → 千二十四."""
    if not 0 < number < 100_000_000:
        raise ValueError(f"out of range for a kanji numeral: {number}")
    upper, lower = divmod(number, 10_000)
    return (_below_10000_to_kanji(upper) + "万" if upper else "") + _below_10000_to_kanji(lower)


def int_to_positional_kanji(number: int) -> str:
    """An int ≥ 0 → its digit-by-digit kanji form: 2025 → 二〇二五."""
    if number < 0:
        raise ValueError(f"negative numbers have no kanji form: {number}")
    return "".join(_ARABIC_DIGITS[int(ch)] for ch in str(number))


def int_to_fullwidth(number: int) -> str:
    """An int ≥ 0 → full-width digits: 19 → １９."""
    return "".join(chr(ord(ch) - ord("0") + ord("０")) for ch in str(number))


def _below_10000_to_kanji(number: int) -> str:
    parts = []
    for unit, name in ((1000, "千"), (100, "百"), (10, "十")):
        count, number = divmod(number, unit)
        if count:
            parts.append(("" if count == 1 else _ARABIC_DIGITS[count]) + name)
    if number:
        parts.append(_ARABIC_DIGITS[number])
    return "".join(parts)
