"""The position of a change row's 項目, and the end date of an ended assessment."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.importer import import_text
from generator.importer.item_paths import item_path
from tests.importer.conftest import seed_path


@pytest.mark.parametrize(
    ("item", "path"),
    [
        ("I 基本情報 5 個人番号の利用 法令上の根拠", "I-5"),
        ("I 基本情報 6 情報提供ネットワークシステムによる情報連携 ②法令上の根拠", "I-6-2"),
        (
            "II 特定個人情報ファイルの概要 4. 特定個人情報ファイルの取扱いの委託 委託事項1 ⑥委託先名",
            "II-4-委託事項1-6",
        ),
        ("Ⅲ リスク対策 7. 特定個人情報の保管・消去 リスク1: 漏えい ⑤物理的対策", "III-7-リスク1-5"),
        (
            "Ⅲ リスク対策 3. 特定個人情報の使用 リスク2:権限のない者 ユーザー認証の管理",
            "III-3-リスク2",
        ),
        ("Ⅳ その他のリスク対策", "IV"),
        ("II 特定個人情報ファイルの概要 (別添2)ファイル記録項目", "別添2"),
    ],
)
def test_a_printed_item_gives_its_path(item: str, path: str) -> None:
    assert item_path(item) == path


@pytest.mark.parametrize(
    "item", ["表紙 特記事項", "必要な情報以外を入手することを防止するための措置の内容", ""]
)
def test_an_item_without_a_part_numeral_has_no_path(item: str) -> None:
    assert item_path(item) is None


def test_every_change_row_of_000_that_names_a_part_has_a_path() -> None:
    changes = import_text(seed_path("000").read_text()).assessment.changes or []
    without = [c.item for c in changes if c.item and c.item[0] in "IⅠⅡⅢⅣⅤⅥV" and not c.item_path]
    assert without == []


def test_the_end_date_in_the_title_is_the_assessments_end() -> None:
    text = seed_path("002").read_text()
    ended = text.replace("重点項目 評価書\n", "重点項目 評価書【令和8年3月31日 終了】\n", 1)
    assessment = import_text(ended).assessment
    assert assessment.status == "終了"
    assert assessment.cover.ended is not None
    assert (assessment.cover.ended.raw, assessment.cover.ended.start) == (
        "令和8年3月31日",
        dt.date(2026, 3, 31),
    )


def test_an_assessment_in_force_has_no_end_date() -> None:
    assert import_text(seed_path("002").read_text()).assessment.cover.ended is None
