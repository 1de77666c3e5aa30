"""The scanner's jump to the next possible reader finds exactly what stepping finds.

The reference is the same scanner never jumping (it tries every reader at every character),
run on random text made of the grammar's pieces, with abbreviations that begin inside a
connector (は of 又は, び of 及び, a space) so that every rule of the jump is exercised.
"""

from __future__ import annotations

from citation_js_twins import GRAMMAR_PIECES
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.normalize.citations import load_registry
from generator.normalize.citations.parse import build_names, split_legal_basis
from generator.normalize.citations.scanner import Instrument, Mode, Scan
from generator.normalize.citations.text import blank_html_tags, matching_copy

DEFINITIONS = (
    {},
    {"番号法": "mynumber_act"},
    {"はり法": "juki_act", "び条例": "東京都個人情報保護条例", " 空法": "mynumber_act"},
    {"しく規則": "未登録規則", "に令": "mynumber_act"},
)
PIECES = (
    *GRAMMAR_PIECES,
    "若しくは",
    "または",
    "もしくは",
    "はり法",
    "び条例",
    " 空法",
    "しく規則",
)
PIECES += ("に令", "東京都個人情報保護条例", "個人情報", "(予定)", "(別紙1参照)", "等")

CHUNKS = (  # whole citations and back-references, so that chains form often
    "番号法第9条",
    "番号法施行規則第2条",
    "同規則第3条",
    "同法第4条",
    "、同条第2項",
    "又はり法第2条",
    "及びび条例第1条",
    "若しくはしく規則第3条",
    "。東京都個人情報保護条例第5条",
    "・東京都条例第1条",
    "(番号法第9条)",
    "別表第2の項番3",
)
texts = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.sampled_from(CHUNKS),
        st.characters(exclude_categories=("Cs",)),
    ),
    max_size=30,
).map("".join)


class SteppingScan(Scan):
    """The scanner without the jump: every reader at every character."""

    def _idle(self) -> bool:
        return False


def scan(kind: type[Scan], text: str, mode: Mode, definitions: dict[str, str], body: str | None):
    registry = load_registry()
    fallback = Instrument("mynumber_act", "") if mode == "basis" else None
    return kind(
        copy=matching_copy(text),
        raw=text,
        mode=mode,
        names=build_names(registry, definitions, body),
        registry=registry,
        body=body,
        fallback=fallback,
        fallback_article="9" if mode == "basis" else None,
    ).run()


@settings(max_examples=400, deadline=None)
@given(
    text=texts,
    definitions=st.sampled_from(DEFINITIONS),
    body=st.sampled_from([None, "東京都"]),
)
def test_jumping_between_chains_finds_what_stepping_every_character_finds(text, definitions, body):
    prose = blank_html_tags(text)
    assert scan(Scan, prose, "prose", definitions, body) == scan(
        SteppingScan, prose, "prose", definitions, body
    )
    for part in split_legal_basis(text):
        assert scan(Scan, part, "basis", definitions, body) == scan(
            SteppingScan, part, "basis", definitions, body
        )


def test_a_citation_after_a_long_run_of_plain_prose_is_found_by_the_jump():
    text = "個人情報の取扱いについて、" * 50 + "番号法第9条第1項及び第19条第8号に基づき"
    found = scan(Scan, text, "prose", {}, None)
    assert [(c.law, c.article, c.paragraph, c.item) for c in found] == [
        ("mynumber_act", "9", "1", None),
        ("mynumber_act", "19", None, "8"),
    ]
    assert found == scan(SteppingScan, text, "prose", {}, None)
