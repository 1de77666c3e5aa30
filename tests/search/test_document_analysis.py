"""Sudachi document analysis: long and short units, normalized forms, no particles."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sudachipy import Dictionary, SplitMode

from benchmarks.synthetic.documents import synthetic_documents
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


SYNTHETIC_TEXTS = 12
TEXT_NAMES = [*sorted(seed_texts()), *(f"synthetic-{i}" for i in range(SYNTHETIC_TEXTS))]


@functools.cache
def corpus_texts() -> dict[str, str]:
    """The seeds' texts, and every text of a few synthetic national documents."""
    texts = dict(seed_texts())
    with tempfile.TemporaryDirectory() as out:
        documents = synthetic_documents(SYNTHETIC_TEXTS, Path(out))
    for i, document in enumerate(documents):
        fields = (document.title, document.agency, document.business, document.body)
        texts[f"synthetic-{i}"] = "\n".join((*fields, *document.systems, *document.citations))
    return texts


@pytest.mark.parametrize("name", TEXT_NAMES)
def test_cached_clauses_and_memoized_morphemes_give_what_tokenizing_each_chunk_gives(
    name: str,
) -> None:
    analyzer = DocumentAnalyzer()
    text = corpus_texts()[name]
    tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)
    computed = [long_unit_of(m) for chunk in chunks(fold(text)) for m in tokenizer.tokenize(chunk)]
    assert list(analyzer.long_units(text)) == computed
    assert list(analyzer.long_units(text)) == computed  # now from the caches


@pytest.mark.parametrize("name", TEXT_NAMES)
def test_cached_clause_grams_are_the_text_grams(name: str) -> None:
    analyzer = DocumentAnalyzer()
    text = corpus_texts()[name]
    assert analyzer.grams(text) == text_grams(text)
    assert analyzer.grams(text) == text_grams(text)  # now from the cache


def test_a_paragraph_differing_in_its_first_clause_tokenizes_that_clause_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    analyzer = DocumentAnalyzer()
    tail = "個人住民税の賦課徴収に関する事務において、特定個人情報を適正に取り扱う。"
    analyzer.analyze(f"浦臼町長は、{tail}")
    tokenized = record_tokenized(analyzer, monkeypatch)
    assert analyzer.analyze(f"共和町長は、{tail}") == analyze(f"共和町長は、{tail}")
    assert tokenized == ["共和町長は、"]


def test_a_clause_end_inside_a_word_has_the_chunk_tokenized_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Should Sudachi ever make 。 part of a word (here a stand-in tokenizer joins 。が),
    the clauses around it are not tokenized apart."""
    analyzer = DocumentAnalyzer()
    tokenized_apart = DocumentAnalyzer._tokenized

    def joining(self: DocumentAnalyzer, text: str) -> list[LongUnit]:
        units = tokenized_apart(self, text)
        for i in range(len(units) - 1):
            if (units[i].unit.surface, units[i + 1].unit.surface) == ("。", "が"):
                units[i : i + 2] = [LongUnit(Unit("。が", ("が",)), ())]
                break
        return units

    monkeypatch.setattr(DocumentAnalyzer, "_tokenized", joining)
    text = "モーニング娘。が好きです、本当に。"
    assert list(analyzer.long_units(text)) == joining(analyzer, text)


def record_tokenized(analyzer: DocumentAnalyzer, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts `analyzer` hands to Sudachi from now on."""
    tokenized: list[str] = []
    tokenize = analyzer._tokenized

    def recorded(text: str) -> list[LongUnit]:
        tokenized.append(text)
        return tokenize(text)

    monkeypatch.setattr(analyzer, "_tokenized", recorded)
    return tokenized


# Characters NFKC or lowercasing treat specially: full-width forms, circled numbers,
# combining marks (composed with what precedes them), half-width kana and voiced marks,
# and Σ, lowercased as ς at the end of a word, whatever follows the line break.
FOLDING = "\nａＡ（①Ⅲ\u0301\u3099ｶﾞﾟΣσ ・。、\r\t"


@given(st.text(alphabet=st.sampled_from(FOLDING) | st.characters(), max_size=40))
def test_folding_line_by_line_from_the_cache_is_folding_the_whole_text(text: str) -> None:
    analyzer = default_analyzer()
    assert analyzer._folded(text) == fold(text)
    assert analyzer._folded(text) == fold(text)  # now from the cache


def test_the_analyzed_units_and_terms_agree_with_long_units_and_analyze() -> None:
    analyzer = DocumentAnalyzer()
    for text in seed_texts():
        analyzed = analyzer.analyzed(text)
        assert analyzed.terms == [term for unit in analyzed.units for term in unit.terms]
        assert analyzed.units == analyzer.long_units(text)
        assert analyzed.terms == analyzer.analyze(text)
