"""Sudachi document analysis: long and short units, normalized forms, no particles."""

from __future__ import annotations

import pytest
from sudachipy import Dictionary, SplitMode

from generator.search.analyzer import (
    DocumentAnalyzer,
    LongUnit,
    Unit,
    analyze,
    chunks,
    default_analyzer,
    long_unit_of,
)
from generator.search.text import fold, text_grams
from generator.search.vocabulary import VocabularyBuilder
from tests.search.seed_documents import seed_texts

EXACT = [
    ("個人情報の漏えいを防ぐ", ["個人情報", "個人", "情報", "漏洩", "防ぐ"]),
    ("漏洩と漏えい", ["漏洩", "漏洩"]),
    ("サーバとサーバー", ["サーバー", "サーバー"]),
    ("株式会社ＮＴＴデータ", ["株式会社", "株式", "会社", "ntt", "データ"]),
    (
        "児童福祉法による保育士資格の登録に関する事務",
        [
            "児童福祉法",
            "児童",
            "福祉",
            "法",
            "よる",
            "保育士",
            "保育",
            "士",
            "資格",
            "登録",
            "関する",
            "事務",
        ],
    ),
    ("東京都知事は、", ["東京", "都知事", "都", "知事"]),
    ("「」()、。・ 　\n", []),
]


@pytest.mark.parametrize(("text", "terms"), EXACT)
def test_a_text_yields_long_units_then_their_short_units_in_normalized_form(
    text: str, terms: list[str]
) -> None:
    assert analyze(text) == terms


PARTICLES_AND_PUNCTUATION = {"の", "を", "は", "に", "が", "と", "で", "、", "。", "「", "」", " "}


@pytest.mark.parametrize("stem", sorted(seed_texts()))
def test_no_seed_yields_particles_punctuation_or_spaces(stem: str) -> None:
    terms = set(analyze(seed_texts()[stem]))
    assert terms & PARTICLES_AND_PUNCTUATION == set()
    assert {"特定個人情報", "特定", "個人情報"} <= terms


def test_a_seed_longer_than_sudachis_input_limit_is_analyzed_to_its_last_line() -> None:
    text = seed_texts()["000_c86f89f14b4f89e8"]
    assert len(text.encode()) > 49_149
    last_line = [line for line in text.splitlines() if line.strip()][-1]
    assert set(analyze(last_line)) <= set(analyze(text))


def test_the_shared_analyzer_is_created_once() -> None:
    assert default_analyzer() is default_analyzer()


def test_the_vocabulary_maps_long_and_short_surfaces_and_dropped_ones_to_nothing() -> None:
    vocabulary = VocabularyBuilder()
    vocabulary.observe(DocumentAnalyzer().long_units("保育士の漏えいとサーバ"))
    assert vocabulary.build() == {
        "サーバ": ("サーバー",),
        "と": (),
        "の": (),
        "保育": ("保育",),
        "保育士": ("保育士", "保育", "士"),
        "士": ("士",),
        "漏えい": ("漏洩",),
    }


MAJORITY = [
    ([("は", ()), ("は", ("葉",)), ("は", ())], ()),
    ([("は", ("葉",)), ("は", ()), ("は", ("葉",))], ("葉",)),
    ([("は", ("葉",)), ("は", ())], ()),
]


@pytest.mark.parametrize(("seen", "winner"), MAJORITY)
def test_the_most_frequent_analysis_of_a_surface_wins_and_ties_take_the_smallest(
    seen: list[tuple[str, tuple[str, ...]]], winner: tuple[str, ...]
) -> None:
    vocabulary = VocabularyBuilder()
    vocabulary.observe(LongUnit(Unit(surface, terms), ()) for surface, terms in seen)
    assert vocabulary.build() == {"は": winner}


@pytest.mark.parametrize("stem", sorted(seed_texts()))
def test_memoized_morphemes_and_cached_lines_give_what_tokenizing_each_chunk_gives(
    stem: str,
) -> None:
    analyzer = DocumentAnalyzer()
    text = seed_texts()[stem]
    tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
    computed = [long_unit_of(m) for chunk in chunks(fold(text)) for m in tokenizer.tokenize(chunk)]
    assert list(analyzer.long_units(text)) == computed
    assert list(analyzer.long_units(text)) == computed  # now from the caches


@pytest.mark.parametrize("stem", sorted(seed_texts()))
def test_cached_line_grams_are_the_text_grams(stem: str) -> None:
    analyzer = DocumentAnalyzer()
    text = seed_texts()[stem]
    assert analyzer.grams(text) == text_grams(text)
    assert analyzer.grams(text) == text_grams(text)  # now from the cache
