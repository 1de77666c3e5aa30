"""Character-level helpers shared by the citation parser, the definitions finder and the query.

The matching copy is a one-to-one character mapping of the raw text (same length, same
offsets), so every span found in it is also the span of the raw text as printed.
"""

from __future__ import annotations

import re

from generator.normalize.numerals import int_to_kanji, to_int

_FULLWIDTH_ASCII = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_ONE_TO_ONE = {
    **_FULLWIDTH_ASCII,
    0x3000: ord(" "),  # ideographic space
    ord("條"): ord("条"),
    ord("ノ"): ord("の"),
    ord("～"): ord("~"),
    ord("〜"): ord("~"),
    ord("\u00a0"): ord(" "),
}
_REPLACEMENTS = {chr(code): chr(replacement) for code, replacement in _ONE_TO_ONE.items()}
_REPLACED = re.compile(f"[{''.join(re.escape(char) for char in sorted(_REPLACEMENTS))}]")

NUMBER = r"(?:[0-9]{1,9}|[〇一二三四五六七八九十百千]{1,9})"
"""An article, paragraph, item or row number: arabic (after the matching copy) or kanji."""

BRANCHED = rf"{NUMBER}(?:の{NUMBER})*"
"""A number with の branches: 30の11, 7の13, 十八の五."""

_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_BRANCH_SPLIT = re.compile("の")


def matching_copy(text: str) -> str:
    """Full-width ASCII → ASCII, 條 → 条, ノ → の, wave dashes → ~ (length-preserving).

    A substitution of the few characters found, not str.translate: translate looks every
    character up in the table, ten times slower on prose that has none to replace.
    """
    return _REPLACED.sub(_replacement, text)


def _replacement(match: re.Match[str]) -> str:
    return _REPLACEMENTS[match.group()]


def blank_html_tags(text: str) -> str:
    """Replace ASCII-named HTML tags by spaces of the same length (offsets stay valid)."""
    return _HTML_TAG.sub(lambda match: " " * len(match.group()), text)


def number_value(text: str) -> str:
    """A printed number → its arabic string: 十九 → "19", 08 → "8"."""
    return str(to_int(text))


def branched_value(text: str) -> str:
    """A number with の branches → e-Gov style: 30の11 → "30_11", 十八の五 → "18_5"."""
    return "_".join(number_value(part) for part in _BRANCH_SPLIT.split(text))


def kanji_label_number(value: str) -> str:
    """An arabic number string → kanji for canonical table labels: "3" → 三 (0 stays "0")."""
    number = int(value)
    return int_to_kanji(number) if 0 < number < 10_000 else str(number)
