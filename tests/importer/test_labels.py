"""Label keys: numbering read from the raw text, ※ flag, spacing and spelling variants."""

from __future__ import annotations

import pytest

from generator.importer.fields import loose, parse_risk_heading
from generator.importer.labels import best_match, parse_label


@pytest.mark.parametrize(
    ("raw", "kind", "number", "key", "marked"),
    [
        ("①ファイルの種類 ※", "circled", "1", "ファイルの種類", True),
        ("⑥ 技術的対策", "circled", "6", "技術的対策", False),
        ("㉑令和6年2月", "circled", "21", "令和6年2月", False),
        (
            "Ⅲ 特定個人情報ファイルの取扱いプロセスにおけるリスク対策",
            "roman",
            "III",
            "特定個人情報ファイルの取扱いプロセスにおけるリスク対策",
            False,
        ),
        ("V 開示請求、問合せ", "roman", "V", "開示請求、問合せ", False),
        ("IV その他のリスク対策 ※", "roman", "IV", "その他のリスク対策", True),
        ("7. 備考", "arabic", "7", "備考", False),
        ("１．基本情報", "arabic", "1", "基本情報", False),
        ("(別添3)変更箇所", "annex", "3", "変更箇所", False),
        ("ユーザー認証の管理", "none", "", "ユーザ認証の管理", False),
    ],
)
def test_printed_labels_split_into_numbering_and_key(
    raw: str, kind: str, number: str, key: str, marked: bool
) -> None:
    label = parse_label(raw)
    assert (label.kind, label.number, label.key, label.marked) == (kind, number, key, marked)


@pytest.mark.parametrize(
    ("printed", "canonical"),
    [
        ("ルール内容及びルール遵守の確認方法", "ルールの内容及びルール遵守の確認方法"),
        (
            "特定個人情報古い情報のまま保管され続けるリスク",
            "特定個人情報が古い情報のまま保管され続けるリスク",
        ),
        ("入手した特定個人情報ที่ไม่正確であるリスク", "入手した特定個人情報が不正確であるリスク"),
        (
            "目的を超えた紐付け、事務に必要なない情報との紐付けが行われるリスク",
            "目的を超えた紐付け、事務に必要のない情報との紐付けが行われるリスク",
        ),
    ],
)
def test_ocr_variants_match_their_canonical_label(printed: str, canonical: str) -> None:
    assert best_match(
        loose(printed), [loose(canonical), loose("その他の措置の内容")], 0.8
    ) == loose(canonical)


def test_a_short_unrelated_text_does_not_match_a_label() -> None:
    assert best_match(loose("入居申込"), [loose("特定個人情報の入手")]) is None


@pytest.mark.parametrize(
    ("text", "number", "name"),
    [
        ("リスク1： 目的外の入手が行われるリスク", "1", "目的外の入手が行われるリスク"),
        (
            "リスク2:権限のない者(元職員、アクセス権限のない職員等)によって不正に使用されるリスク",
            "2",
            "権限のない者によって不正に使用されるリスク",
        ),
        ("リスク: 委託先における不正な使用等のリスク", "", "委託先における不正な使用等のリスク"),
    ],
)
def test_risk_headings_give_number_and_name(text: str, number: str, name: str) -> None:
    assert parse_risk_heading(text) == (number, name)


def test_a_parenthetical_qualifier_does_not_change_the_heading_key() -> None:
    assert loose(
        "2. 特定個人情報の入手（情報提供ネットワークシステムを通じた入手を除く。）"
    ) == loose("特定個人情報の入手")
