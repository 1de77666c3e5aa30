"""Grouping long lists so that no page grows without bound: by prefecture, kind or initial."""

from __future__ import annotations

import unicodedata

from generator.normalize.agencies import AgencyKind, all_prefectures

PAGE_SIZE = 100
KANA_ROWS = (
    ("a", "あ行", "あいうえおぁぃぅぇぉゔ"),
    ("ka", "か行", "かきくけこがぎぐげご"),
    ("sa", "さ行", "さしすせそざじずぜぞ"),
    ("ta", "た行", "たちつてとだぢづでどっ"),
    ("na", "な行", "なにぬねの"),
    ("ha", "は行", "はひふへほばびぶべぼぱぴぷぺぽ"),
    ("ma", "ま行", "まみむめも"),
    ("ya", "や行", "やゆよゃゅょ"),
    ("ra", "ら行", "らりるれろ"),
    ("wa", "わ行", "わゐゑをんゎ"),
)


def prefecture_group(prefecture: str | None, code: str | None) -> tuple[str, str, str]:
    """(slug, label, sort key): `pref-13` 東京都; bodies without a prefecture are `national`."""
    if prefecture and code:
        return f"pref-{code[:2]}", prefecture, code[:2]
    if prefecture:
        for pref in all_prefectures():
            if pref.prefecture == prefecture:
                return f"pref-{pref.code[:2]}", prefecture, pref.code[:2]
    return "national", "国・全国的な機関", "00"


def kind_group(kind: str) -> tuple[str, str, str]:
    members = list(AgencyKind)
    for index, member in enumerate(members):
        if member.value == kind:
            return f"kind-{member.name.lower().replace('_', '-')}", kind, f"{index:02d}"
    return "kind-other", kind, "99"


def initial_group(name: str) -> tuple[str, str, str]:
    """五十音 row for kana, the letter for Latin, 数字, else the first character itself."""
    text = unicodedata.normalize("NFKC", name).strip()
    if not text:
        return "other", "その他", "9"
    first = _hiragana(text[0]).lower()
    for index, (slug, label, chars) in enumerate(KANA_ROWS):
        if first in chars:
            return f"kana-{slug}", label, f"1{index:02d}"
    if "a" <= first <= "z":
        return f"latin-{first}", first.upper(), f"2{first}"
    if first.isdigit():
        return "digit", "数字", "3"
    return f"u{ord(text[0]):x}", text[0], f"4{ord(text[0]):06x}"


def _hiragana(char: str) -> str:
    code = ord(char)
    return chr(code - 0x60) if 0x30A1 <= code <= 0x30F6 else char


def pages_of(count: int) -> int:
    return max(1, -(-count // PAGE_SIZE))
