"""The Python query analyzer (twin of analyzer.js) on a vocabulary built by Sudachi."""

from __future__ import annotations

import pytest

from generator.search.analyzer import default_analyzer
from generator.search.query import (
    Group,
    QueryHooks,
    QueryVocabulary,
    analyze_query,
    default_hooks,
    split_chunks,
)
from generator.search.vocabulary import VocabularyBuilder

SOURCE = "児童福祉法による保育士資格の登録に関する事務。個人情報の漏えいを防ぐサーバ。東京都知事"


@pytest.fixture(scope="module")
def vocabulary() -> QueryVocabulary:
    builder = VocabularyBuilder()
    builder.observe(default_analyzer().long_units(SOURCE))
    return QueryVocabulary(builder.build())


SEGMENTS = [
    ("保育士", [Group("保育士", "words", ("保育", "士"), ("保育士",))]),
    ("資格", [Group("資格", "words", ("資格",))]),
    (
        "保育士の資格",
        [Group("保育士", "words", ("保育", "士"), ("保育士",)), Group("資格", "words", ("資格",))],
    ),
    ("漏洩", [Group("漏洩", "grams", ("漏洩",))]),
    ("漏えい", [Group("漏えい", "words", ("漏洩",))]),
    ("サーバ", [Group("サーバ", "words", ("サーバー",))]),
    ("ＳＥＲＶＥＲ", [Group("server", "grams", ("se", "er", "rv", "ve"))]),
    ("xy、z", [Group("xy", "grams", ("xy",)), Group("z", "grams", ("z",))]),
    ("福祉x", [Group("福祉", "words", ("福祉",)), Group("祉x", "grams", ("祉x",))]),
    ("x福祉", [Group("x福", "grams", ("x福",)), Group("福祉", "words", ("福祉",))]),
    ("の、。", []),
]


@pytest.mark.parametrize(("query", "groups"), SEGMENTS)
def test_a_query_is_segmented_by_longest_match_with_bigrams_for_unknown_runs(
    query: str, groups: list[Group], vocabulary: QueryVocabulary
) -> None:
    analysis = analyze_query(query, vocabulary)
    assert [g for chunk in analysis.chunks for g in chunk.groups] == groups


def test_spaces_of_any_width_cut_a_query_into_chunks() -> None:
    assert split_chunks(" 保育士\u3000資格\t登録 ") == ["保育士", "資格", "登録"]


CITATION_VARIANTS = ["番号法19条8号", "第十九条第八号", "番号利用法第19条第8号"]
CONTRACTOR_VARIANTS = ["NTTデータ", "㈱NTTデータ", "株式会社 NTTデータ", "ＮＴＴデータ"]


@pytest.mark.parametrize("query", CITATION_VARIANTS)
def test_every_spelling_of_a_citation_yields_the_same_citation_term(
    query: str, vocabulary: QueryVocabulary
) -> None:
    specials = analyze_query(query, vocabulary, default_hooks()).specials
    citations = [s for s in specials if s.field == "citations"]
    assert [(s.first, s.terms) for s in citations] == [(0, ("cite:mynumber_act:a19.i8",))]


@pytest.mark.parametrize("query", CONTRACTOR_VARIANTS)
def test_every_spelling_of_a_contractor_offers_its_key_for_the_whole_query(
    query: str, vocabulary: QueryVocabulary
) -> None:
    analysis = analyze_query(query, vocabulary, default_hooks())
    last = len(analysis.chunks) - 1
    found = [
        s for s in analysis.specials if s.field == "contractors" and s.terms == ("c:nttデータ",)
    ]
    assert (0, last) in [(s.first, s.last) for s in found]


def test_a_citation_inside_a_longer_query_is_offered_only_for_its_own_chunk(
    vocabulary: QueryVocabulary,
) -> None:
    hooks = QueryHooks(citation_terms=default_hooks().citation_terms)
    specials = analyze_query("番号法19条8号 保育士", vocabulary, hooks).specials
    assert [(s.first, s.last, s.terms) for s in specials] == [(0, 0, ("cite:mynumber_act:a19.i8",))]


def test_without_hooks_no_special_terms_are_offered(vocabulary: QueryVocabulary) -> None:
    assert analyze_query("株式会社 NTTデータ 番号法19条8号", vocabulary).specials == ()
