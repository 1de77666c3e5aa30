"""A change row's 項目 gives the position of the changed item (``Change.item_path``)."""

from __future__ import annotations

import pytest

from generator.model.item_paths import item_path
from tests.catalogue.sources import catalogue_files, load


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


def test_every_change_row_in_the_catalogue_that_names_a_part_has_a_path() -> None:
    changes = [c for path in catalogue_files() for c in load(path).changes or []]
    without = [c.item for c in changes if c.item and c.item[0] in "IⅠⅡⅢⅣⅤⅥV" and not c.item_path]
    assert without == []
