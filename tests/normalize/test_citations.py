"""Law citations → canonical keys (pia-form.md §10), on the forms printed in the seeds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from citation_js_twins import citation_like_text
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.normalize.citations import (
    citation_label,
    citation_terms,
    extract_definitions,
    find_citations,
    law_title,
    load_registry,
    parse_legal_basis,
    query_citation_terms,
    split_legal_basis,
)
from generator.normalize.numerals import int_to_fullwidth, int_to_kanji

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"

CANONICAL = [  # pia-form.md §10.4, raw text exactly as printed (seed:line)
    ("・番号法第9条第1項(利用範囲) 別表 項番8", ["mynumber_act:a9.p1:別表#8"]),
    ("・番号法第9条第1項(利用範囲) 別表第1 項番100", ["mynumber_act:a9.p1:別表第一#100"]),
    ("・番号法第9条第1項 別表27、52、93の項", ["mynumber_act:a9.p1:別表#27,52,93"]),
    (
        "・番号法第19条第8号(特定個人情報の提供の制限) 別表第2 項番120",
        ["mynumber_act:a19.i8:別表第二#120"],
    ),
    (
        "・番号法第19条第8号に基づく主務省令 第2条の表53、76、124の項",
        ["mynumber_art19_8_order:a2:表#53,76,124"],
    ),
    ("・番号法第19条第9号", ["mynumber_act:a19.i9"]),
    (
        "・住民基本台帳法 第30条の15(本人確認情報の利用) 別表第5 項番10の3",
        ["juki_act:a30_15:別表第五#10_3"],
    ),
    (
        "・住民基本台帳法 第30条の11(通知都道府県以外の都道府県の執行機関への本人確認情報の提供)"
        " 別表第3 項番7の13",
        ["juki_act:a30_11:別表第三#7_13"],
    ),
    (
        "・行政手続における特定の個人を識別するための番号の利用等に関する法律に基づく個人番号の"
        "利用並びに特定個人情報の利用及び提供に関する条例第4条及び別表第一の11から15の項(予定)",
        ["local:東京都:番号利用条例:a4", "local:東京都:番号利用条例:別表第一#11-15"],
    ),
    (
        "・番号法第19条第8号(特定個人情報の提供の制限)に基づく主務省令第2条の表12の項",
        ["mynumber_art19_8_order:a2:表#12"],
    ),
    ("番号法第十九条第八号", ["mynumber_act:a19.i8"]),
    ("番号法第１９條第８号", ["mynumber_act:a19.i8"]),
    ("住基法第三十条ノ十五", ["juki_act:a30_15"]),
    (
        "児童福祉法第18条の5第4号または第5号",
        ["child_welfare_act:a18_5.i4", "child_welfare_act:a18_5.i5"],
    ),
    ("・住民基本台帳法", ["juki_act"]),
]


@pytest.mark.parametrize(("raw", "keys"), CANONICAL)
def test_each_printed_citation_gets_the_canonical_key_of_the_form_reference(raw, keys):
    citations = parse_legal_basis(raw, body="東京都")
    assert [c.canonical for c in citations] == keys
    assert all(c.raw == raw.strip() and not c.needs_review for c in citations)


@pytest.mark.parametrize(
    ("raw", "field", "value"),
    [
        ("・番号法第9条第1項(利用範囲) 別表 項番8", "caption", "利用範囲"),
        ("・番号法第9条第1項(利用範囲) 別表第1 項番100", "era", "pre_2024"),
        ("・番号法第9条第1項(利用範囲) 別表 項番8", "era", "post_2024"),
        ("・番号法第9条第1項 別表第一の11から15の項(予定)", "qualifiers", ("予定",)),
        ("・番号法第9条等", "qualifiers", ("等",)),
        ("・番号法第9条第1項(別紙1参照)", "refs", ("別紙1",)),
        ("・番号法第9条第1項(利用範囲) 別表第1 項番100", "law_raw", "番号法"),
    ],
)
def test_captions_qualifiers_references_and_eras_are_kept_beside_the_key(raw, field, value):
    assert getattr(parse_legal_basis(raw)[0], field) == value


def test_the_old_use_table_is_an_alias_of_the_new_one_and_keeps_its_printed_label():
    table = parse_legal_basis("・番号法第9条第1項 別表第1 項番100")[0].table
    assert (table.label_raw, table.label, table.alias_of, table.of) == (
        "別表第1",
        "別表第一",
        "別表",
        "mynumber_act",
    )


def test_the_second_table_and_the_ministerial_ordinance_table_are_never_merged():
    before, after = (
        parse_legal_basis(text)[0]
        for text in (
            "・番号法第19条第8号(特定個人情報の提供の制限) 別表第2 項番10",
            "・番号法第19条第8号(特定個人情報の提供の制限)に基づく主務省令第2条の表12の項",
        )
    )
    assert before.table.of != after.table.of
    shared = set(citation_terms(before)) & set(citation_terms(after))
    # both rest on 番号法第19条第8号; their tables (and rows) never share a term
    assert shared == {"cite:mynumber_act", "cite:mynumber_act:a19", "cite:mynumber_act:a19.i8"}


def test_a_table_binds_to_the_resident_register_act_named_in_its_own_bullet():
    text = "・番号法第9条第1項 別表 項番8 ・住民基本台帳法 第30条の11 別表第3 項番7の2"
    assert [c.table.of for c in parse_legal_basis(text)] == ["mynumber_act", "juki_act"]


@pytest.mark.parametrize(
    ("text", "context", "keys", "review"),
    [
        ("別表第二 項番5", ("mynumber_act", "19"), ["mynumber_act:a19:別表第二#5"], False),
        ("別表第二 項番5", (None, None), [None], True),
        ("第9条第1項", ("mynumber_act", "9"), ["mynumber_act:a9.p1"], False),
        ("詳細は別紙を参照", ("mynumber_act", "9"), [None], True),
    ],
)
def test_a_bullet_without_an_instrument_uses_the_field_context_or_needs_review(
    text, context, keys, review
):
    law, article = context
    citations = parse_legal_basis(text, context_law=law, context_article=article)
    assert [c.canonical for c in citations] == keys
    assert all(c.needs_review == review for c in citations)


def test_bare_articles_under_a_law_heading_inherit_the_heading_law():
    text = "住民基本台帳法(昭和42年法律第81号)\n・第30条の11\n・第三十条の十五"
    keys = [c.canonical for c in parse_legal_basis(text)]
    assert keys == ["juki_act", "juki_act:a30_11", "juki_act:a30_15"]


def test_a_local_ordinance_without_an_issuing_body_needs_review():
    citations = parse_legal_basis("・東京都個人情報保護条例第4条")
    assert [(c.law, c.article, c.needs_review) for c in citations] == [(None, "4", True)]


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("・番号法第19条第9号 ・住基法第30条の11", ["・番号法第19条第9号", "・住基法第30条の11"]),
        ("番号法第16条 及び 住基法第30条の9", ["番号法第16条", "住基法第30条の9"]),
        ("<p>番号法第16条</p><p>住基法</p>", ["番号法第16条", "住基法"]),
        ("番号法(以下・略 及び 同じ)第16条", ["番号法(以下・略 及び 同じ)第16条"]),
    ],
)
def test_a_legal_basis_field_splits_on_bullets_newlines_and_spaced_oyobi_outside_parentheses(
    text, parts
):
    assert split_legal_basis(text) == parts


def test_definitions_are_collected_from_the_whole_document():
    text = (SEEDS / "002_2a94c65b69f181c0.txt").read_text(encoding="utf-8")
    assert extract_definitions(text) == {"住基法": "juki_act", "番号法": "mynumber_act"}


def test_a_document_abbreviation_resolves_like_the_registry_name():
    definitions = extract_definitions("個人情報の保護に関する法律(以下「保護法」という。)")
    assert definitions == {"保護法": "appi"}
    keys = [c.canonical for c in parse_legal_basis("保護法第27条", definitions=definitions)]
    assert keys == ["appi:a27"]


def test_prose_yields_provisions_but_never_generic_mentions_of_a_law():
    text = (SEEDS / "000_c86f89f14b4f89e8.txt").read_text(encoding="utf-8")
    found = find_citations(text, definitions=extract_definitions(text))
    keys = {c.canonical for c in found}
    assert "mynumber_act:a16" in keys
    assert "mynumber_act:a9.p1:別表第一#8" in keys
    assert "child_welfare_act:a18_5.i5" in keys
    assert all(c.article or c.table for c in found)
    assert all(c.raw in text for c in found)


def test_generic_mentions_in_prose_produce_nothing():
    assert (
        find_citations("番号法に基づく。番号法上認められた。会計法令等。番号法の規定による") == []
    )


QUERIES_FOR_19_8 = [
    "番号法19条8号",
    "番号法第19条第8号",
    "第十九条第八号",
    "番号利用法第19条第8号",
    "マイナンバー法 19条 8号",
    "行政手続における特定の個人を識別するための番号の利用等に関する法律第19条第8号",
]


@pytest.mark.parametrize("query", QUERIES_FOR_19_8)
def test_every_way_of_writing_article_19_item_8_in_a_query_gives_one_term(query):
    assert query_citation_terms(query) == ["cite:mynumber_act:a19.i8"]


def test_a_document_citing_an_item_is_found_by_a_query_for_its_article_or_law():
    terms = citation_terms(parse_legal_basis("・番号法第19条第8号")[0])
    assert query_citation_terms("番号法第19条")[0] in terms
    assert query_citation_terms("番号法")[0] in terms


def test_the_query_for_each_seed_citation_is_among_the_document_terms():
    for raw, _ in CANONICAL[:8]:
        citation = parse_legal_basis(raw)[0]
        assert set(query_citation_terms(raw)) <= set(citation_terms(citation)), raw


@given(
    article=st.integers(1, 300),
    item=st.integers(1, 50),
    form=st.sampled_from(["arabic", "kanji", "fullwidth"]),
)
def test_the_citation_key_is_stable_under_numeral_form_changes(article, item, form):
    write = {"arabic": str, "kanji": int_to_kanji, "fullwidth": int_to_fullwidth}[form]
    raw = f"番号法第{write(article)}条第{write(item)}号"
    assert parse_legal_basis(raw)[0].canonical == f"mynumber_act:a{article}.i{item}"
    assert query_citation_terms(raw) == [f"cite:mynumber_act:a{article}.i{item}"]


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("番号法第19条第8号", "番号法 第19条第8号"),
        (
            "・住民基本台帳法 第30条の11 別表第3 項番7の13",
            "住民基本台帳法 第30条の11 別表第三 項番7の13",
        ),
        ("・番号法第9条第1項 別表第一の11から15の項", "番号法 第9条第1項 別表第一 項番11～15"),
    ],
)
def test_citation_labels_are_written_in_japanese_for_pages(raw, label):
    assert citation_label(parse_legal_basis(raw)[0]) == label


def test_law_titles_come_from_the_registry_and_local_keys():
    assert law_title("juki_act") == "住民基本台帳法"
    assert law_title("local:東京都:番号利用条例") == "東京都 番号利用条例"
    with pytest.raises(KeyError):
        law_title("no_such_law")


@pytest.mark.parametrize(
    ("raw", "key", "review"),
    [
        ("番号法第9条第1項 別表第一の項", "mynumber_act:a9.p1:別表第一", True),  # row missing
        ("番号法第9条第1項 別表 項番", "mynumber_act:a9.p1:別表", True),
        ("番号法第9条第1項 別表第一", "mynumber_act:a9.p1:別表第一", False),  # the whole table
        ("番号法第9条第1項 別表第一の項目", "mynumber_act:a9.p1:別表第一", False),
    ],
)
def test_a_table_cited_without_a_row_number_has_no_rows_and_a_bare_row_marker_needs_review(
    raw, key, review
):
    (citation,) = parse_legal_basis(raw)
    assert (citation.canonical, citation.table.rows, citation.table.ranges) == (key, (), ())
    assert citation.needs_review == review


@pytest.mark.parametrize(
    ("raw", "keys", "columns"),
    [
        ("番号法第19条第7号 別表第二の10の項第四欄", ["mynumber_act:a19.i7:別表第二#10"], ("4",)),
        ("番号法第19条第7号 別表第二 第3欄", ["mynumber_act:a19.i7:別表第二"], ("3",)),
        ("・番号法 別表第二の第四欄", ["mynumber_act:別表第二"], ("4",)),
    ],
)
def test_a_table_column_is_kept_beside_the_key_and_does_not_change_it(raw, keys, columns):
    citations = parse_legal_basis(raw)
    assert [c.canonical for c in citations] == keys
    assert citations[0].table.columns == columns
    assert citation_label(citations[0]).endswith(f" 第{columns[0]}欄")


ANAPHORA = [  # (text, canonical keys): parse_legal_basis for bullets, find_citations for prose
    ("・番号法第9条第1項\n・同法第19条第8号", ["mynumber_act:a9.p1", "mynumber_act:a19.i8"]),
    ("・番号法第9条第1項\n・同条第2項", ["mynumber_act:a9.p1", "mynumber_act:a9.p2"]),
    ("・番号法第19条第8号、同条第9号", ["mynumber_act:a19.i8", "mynumber_act:a19.i9"]),
    ("・番号法施行規則第2条\n・同規則第3条第1項", ["mynumber_rule:a2", "mynumber_rule:a3.p1"]),
    ("・番号法施行令第2条 ・同令第3条", ["mynumber_order:a2", "mynumber_order:a3"]),
    (  # 同法 skips the 規則 cited last and refers back to the 法律 before it
        "・住基法第30条の11 ・番号法施行規則第2条 ・同法第30条の15",
        ["juki_act:a30_11", "mynumber_rule:a2", "juki_act:a30_15"],
    ),
    (  # the delegated 主務省令 names its law too
        "・番号法第19条第8号に基づく主務省令第2条の表12の項\n・同法第19条第9号",
        ["mynumber_art19_8_order:a2:表#12", "mynumber_act:a19.i9"],
    ),
]


@pytest.mark.parametrize(("text", "keys"), ANAPHORA)
def test_anaphora_in_a_legal_basis_field_refer_back_to_the_matching_instrument(text, keys):
    citations = parse_legal_basis(text)
    assert [c.canonical for c in citations] == keys
    assert not any(c.needs_review for c in citations)


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        (
            "住民基本台帳法第30条の11及び同法第30条の15の規定",
            ["juki_act:a30_11", "juki_act:a30_15"],
        ),
        ("番号法第19条第8号及び同条第9号による", ["mynumber_act:a19.i8", "mynumber_act:a19.i9"]),
        ("番号法施行規則第2条及び同規則第3条", ["mynumber_rule:a2", "mynumber_rule:a3"]),
        ("同法第9条の規定による", []),  # nothing to refer back to
    ],
)
def test_anaphora_in_prose_refer_back_to_the_instrument_cited_before(text, keys):
    assert [c.canonical for c in find_citations(text)] == keys


@pytest.mark.parametrize(
    "text", ["・同法第9条", "・同条第2項", "・番号法第9条 ・同規則第2条", "・同規則第2条"]
)
def test_an_anaphor_without_a_matching_earlier_instrument_needs_review(text):
    last = parse_legal_basis(text)[-1]
    assert (last.law, last.needs_review) == (None, True)


def test_as_of_is_stored_on_every_citation_and_leaves_the_key_unchanged():
    text = "・番号法第9条第1項 別表第1 項番100\n・住基法第30条の11"
    undated = parse_legal_basis(text)
    dated = parse_legal_basis(text, as_of=date(2024, 3, 1))
    assert [c.as_of for c in undated] == [None, None]
    assert [c.as_of for c in dated] == [date(2024, 3, 1)] * 2
    assert [c.canonical for c in dated] == [c.canonical for c in undated]
    assert [citation_terms(c) for c in dated] == [citation_terms(c) for c in undated]
    (prose,) = find_citations("番号法第16条の規定", as_of=date(2025, 1, 6))
    assert (prose.canonical, prose.as_of) == ("mynumber_act:a16", date(2025, 1, 6))


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("番号法施行令第2条", "mynumber_order:a2"),
        ("番号利用法施行令 第三条", "mynumber_order:a3"),
        ("番号法施行規則第20条", "mynumber_rule:a20"),
        ("マイナンバー法施行規則第5条第1項", "mynumber_rule:a5.p1"),
        (
            "行政手続における特定の個人を識別するための番号の利用等に関する法律施行規則第20条",
            "mynumber_rule:a20",
        ),
        (
            "行政手続における特定の個人を識別するための番号の利用等に関する法律施行令第2条",
            "mynumber_order:a2",
        ),
        ("番号法第9条", "mynumber_act:a9"),
    ],
)
def test_the_enforcement_order_and_rules_are_instruments_of_their_own(raw, key):
    assert [c.canonical for c in parse_legal_basis(raw)] == [key]
    assert [c.canonical for c in find_citations(raw + "の規定")] == [key]
    assert query_citation_terms(raw) == ["cite:" + key]


def test_the_enforcement_rules_have_their_title_and_law_number_in_the_registry():
    rule = load_registry().laws["mynumber_rule"]
    assert (
        rule.title == "行政手続における特定の個人を識別するための番号の利用等に関する法律施行規則"
    )
    assert (rule.short, rule.number) == ("番号法施行規則", "平成26年内閣府・総務省令第3号")
    assert load_registry().laws["mynumber_order"].number == "平成26年政令第155号"
    text = f"{rule.title}(平成26年内閣府・総務省令第3号)(以下「規則」という。)"
    assert extract_definitions(text) == {"規則": "mynumber_rule"}


def parse_everything(text: str) -> list:
    """Every public entry point on one text; the citations they return must also render."""
    citations = [
        *parse_legal_basis(text),
        *parse_legal_basis(text, context_law="mynumber_act", context_article="9", body="東京都"),
        *find_citations(text, definitions=extract_definitions(text), body="東京都"),
    ]
    for citation in citations:
        citation_terms(citation)
        citation_label(citation)
    return [*citations, *query_citation_terms(text)]


@settings(max_examples=400, deadline=None)
@given(citation_like_text)
def test_no_text_made_of_grammar_pieces_and_any_unicode_makes_the_normalizer_raise(text):
    parse_everything(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_no_arbitrary_unicode_text_makes_the_normalizer_raise(text):
    parse_everything(text)


@given(citation_like_text)
def test_query_terms_are_always_lunr_safe_citation_terms(text):
    for found in query_citation_terms(text):
        assert found.startswith("cite:") and found.isascii() and not any(c.isspace() for c in found)


def test_an_ordinance_made_under_article_19_item_8_is_found_by_that_article() -> None:
    """003 cites 「番号法第19条第8号に基づく主務省令 第2条の表…」: a search for 番号法第19条第8号 must find it."""
    (ordinance,) = parse_legal_basis("・番号法第19条第8号に基づく主務省令 第2条の表53、76、124の項")
    terms = citation_terms(ordinance)
    assert query_citation_terms("番号法第19条第8号")[0] in terms
    assert "cite:mynumber_art19_8_order:a2" in terms


def test_an_ordinary_law_citation_has_no_delegating_provision_terms() -> None:
    (juki,) = parse_legal_basis("・住民基本台帳法 第30条の15(本人確認情報の利用)")
    assert all(t.startswith("cite:juki_act") for t in citation_terms(juki))
