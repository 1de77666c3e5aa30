"""Matching helpers shared by the name normalizers (contractors, systems, agencies).

Everything here works on a *matching copy*: NFKC is never applied to stored values.
theme/assets/js/names.js repeats `fold_name` step by step; keep the two in sync
(tests/normalize/test_names_js_parity.py compares them on the seeds' names).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).parent / "data"

# Spelled out instead of \s: Python's and JavaScript's \s differ at the edges.
SPACE_CHARS = " \t\n\r\f\v\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
SPACES_RE = re.compile(f"[{SPACE_CHARS}]+")
HYPHENS_RE = re.compile("[\u2010-\u2015\u2212\ufe63\uff0d]")
# A long-vowel mark ending a katakana word: サーバー → サーバ, ユーザー認証 → ユーザ認証.
TRAILING_LONG_VOWEL_RE = re.compile("(?<=[ァ-ヺ])ー+(?![ァ-ヺー])")
NAME_PUNCTUATION_RE = re.compile(f"[{SPACE_CHARS}・]+")
ASCII_UPPER_RE = re.compile("[A-Z]+")
LEADING_BRACKET_NOTE_RE = re.compile(f"^[{SPACE_CHARS}]*【[^】]*】[{SPACE_CHARS}]*")


def matching_copy(text: str) -> str:
    """NFKC copy for matching: ㈱ → (株), （） → (), ＮＴＴ → NTT, ｰ → ー."""
    return unicodedata.normalize("NFKC", text)


def remove_spaces(text: str) -> str:
    """Remove every space, including U+3000 and NBSP."""
    return SPACES_RE.sub("", text)


def fold_long_vowels(text: str) -> str:
    """Drop a long-vowel mark that ends a katakana word: 中間サーバー → 中間サーバ."""
    return TRAILING_LONG_VOWEL_RE.sub("", text)


def fold_name(text: str) -> str:
    """The fold under every name match key.

    NFKC → hyphen-like dashes to '-' → long-vowel folding → spaces and ・ removed →
    ASCII letters lower-cased. Long vowels are folded before ・ is removed, so that
    中間サーバー・ソフトウェア and 中間サーバ・ソフトウェア meet.
    """
    text = HYPHENS_RE.sub("-", matching_copy(text))
    text = NAME_PUNCTUATION_RE.sub("", fold_long_vowels(text))
    return ASCII_UPPER_RE.sub(lambda m: m.group().lower(), text)


def tidy_spaces(text: str) -> str:
    """Display form: trim, and keep a single space only between two ASCII words.

    株式会社 NTTデータ → 株式会社NTTデータ; Japan Computer → Japan Computer.
    """
    words = [w for w in SPACES_RE.split(text.strip()) if w]
    out = words[:1]
    for word in words[1:]:
        joiner = " " if out[-1][-1].isascii() and word[0].isascii() else ""
        out.append(joiner + word)
    return "".join(out)


def strip_bracket_note(text: str) -> str:
    """Strip a leading 【…】 note: 【国家資格システムに係る部分(共通して記載)】X → X."""
    return LEADING_BRACKET_NOTE_RE.sub("", text)


def short_hash(text: str, length: int = 10) -> str:
    """A stable, filesystem-safe hex digest of text (for slugs)."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


@cache
def load_yaml(name: str) -> Any:
    """Read one YAML table from generator/normalize/data/ (cached: the files never change)."""
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
