"""The three seeds: the facts pia-form.md documents for them, verbatim text, speed."""

from __future__ import annotations

import re
import time
from functools import cache
from typing import Any

import pytest

from generator.importer.choices import MARKER_RE
from generator.importer.command import dump
from generator.importer.core import import_bytes
from generator.importer.fields import block_fields, fields_of, loose, model_fields, risks_of
from generator.importer.labels import best_match, split_heads
from generator.importer.outlines import OUTLINES
from generator.importer.text import to_rows
from generator.model import ASSESSMENT

from .conftest import seed_path


@cache
def imported(name: str) -> dict[str, Any]:
    result = import_bytes(seed_path(name).read_bytes())
    return ASSESSMENT.dump_python(result.assessment, mode="json", exclude_none=True)


def get(data: Any, path: str) -> Any:
    for part in path.split("/"):
        data = data[int(part)] if isinstance(data, list) else data.get(part)
        if data is None:
            return None
    return data


def value(data: Any) -> Any:
    return data["value"] if isinstance(data, dict) and "value" in data else data


@pytest.mark.parametrize(
    ("seed", "path", "expected"),
    [
        ("000", "form_type", "全項目評価書"),
        ("000", "id", "130001-chiji-35"),
        ("000", "cover/title", "児童福祉法による保育士資格の登録に関する事務 全項目評価書"),
        ("000", "cover/approval_date", ""),
        ("000", "cover/publication_date", "令和7年8月5日"),
        ("000", "basic_info/business/target_population", "10万人以上30万人未満"),
        ("000", "files/0/name", "保育士登録簿ファイル"),
        ("000", "files/0/overview/entrustment/count", 3),
        ("000", "files/0/overview/entrustment/items/0/contractor", "株式会社NTTデータ"),
        (
            "000",
            "files/0/overview/entrustment/items/1/contractor",
            "登録事務処理センター(社会福祉法人日本保育協会)",
        ),
        (
            "000",
            "files/0/overview/entrustment/items/2/contractor",
            "* 調達結果が判明次第お示しする。",
        ),
        ("000", "files/0/overview/entrustment/items/2/scope", "特定個人情報ファイルの一部"),
        ("000", "files/0/overview/entrustment/items/2/subcontracting", "再委託しない"),
        ("000", "files/0/overview/entrustment/items/0/handlers", "10人以上50人未満"),
        ("000", "files/0/overview/entrustment/items/1/handlers", "10人未満"),
        ("000", "files/0/overview/acquisition/user_count", "10人未満"),
        ("000", "files/0/overview/storage/period", ""),
        ("000", "files/0/overview/item_count", None),
        ("000", "files/0/overview/basics/item_count", "100項目以上"),
        ("000", "files/0/risks/provision/not_provided", True),
        ("000", "files/0/risks/network/no_acquisition", False),
        ("000", "files/0/risks/network/no_provision", True),
        ("000", "files/0/risks/entrustment/not_entrusted", False),
        ("000", "files/0/risks/entrustment/subcontractor_assurance", "十分に行っている"),
        ("000", "files/0/risks/storage/leak/nisc", "十分に遵守している"),
        ("000", "files/0/risks/storage/leak/serious_incident", "発生あり"),
        ("000", "files/0/risks/storage/leak/recurrence_prevention", None),
        ("000", "contacts/disclosure/fee", "有料"),
        ("000", "contacts/disclosure/file_register", "行っていない"),
        ("000", "procedures/public_comment/main_opinions", "意見なし"),
        (
            "000",
            "procedures/basic_assessment/threshold",
            "基礎項目評価及び重点項目評価の実施が義務付けられる(任意に全項目評価を実施)",
        ),
        ("002", "form_type", "重点項目評価書"),
        ("002", "id", "290009-chiji-30"),
        ("002", "cover/title", "介護支援専門員の登録(免許)に関する事務 重点項目 評価書"),
        ("002", "cover/approval_date", None),
        ("002", "basic_info/business/target_population", "1,000人以上1万人未満"),
        ("002", "basic_info/systems/2/name", "マイナポータル(情報提供等記録開示システム)"),
        ("002", "basic_info/systems/4/name", None),
        ("002", "basic_info/linkage/implementation", "実施する"),
        ("002", "files/0/overview/basics/subject_count", "1万人未満"),
        ("002", "files/0/overview/basics/item_count", "50項目以上100項目未満"),
        ("002", "files/0/overview/acquisition/user_count", "10人未満"),
        ("002", "files/0/overview/entrustment/count", 2),
        ("002", "files/0/overview/entrustment/items/0/subcontracting", "再委託する"),
        ("002", "files/0/overview/entrustment/items/1/subcontracting", ""),
        ("002", "files/0/risks/acquisition", None),
        ("002", "files/0/risks/entrustment/subcontractor_assurance", "十分に行っている"),
        ("002", "files/0/risks/provision/not_provided", True),
        ("002", "files/0/risks/network/no_provision", True),
        ("002", "files/0/risks/storage/serious_incident", "発生なし"),
        ("002", "other_measures/audit", ["自己点検"]),
        (
            "002",
            "procedures/basic_assessment/threshold",
            "基礎項目評価の実施が義務付けられる(任意に重点項目評価を実施)",
        ),
        ("003", "id", "130001-chiji-41"),
        ("003", "cover/publication_date", ""),
        ("003", "basic_info/business/target_population", "30万人以上"),
        ("003", "basic_info/systems/5/name", "住民基本台帳ネットワークシステム(東京都サーバ)"),
        ("003", "basic_info/other_agencies", "-"),
        ("003", "files/0/overview/basics/holding_start", "令和9年1月"),
        ("003", "files/0/overview/acquisition/usage_start", "2027/1/4"),
        ("003", "files/0/overview/acquisition/user_count", "10人以上50人未満"),
        ("003", "files/0/overview/entrustment/status", "委託する"),
        ("003", "files/0/overview/entrustment/count", None),
        ("003", "files/0/overview/entrustment/items/0/contractor", "富士通Japan株式会社"),
        ("003", "files/0/overview/entrustment/items/1/contractor", "東京都住宅供給公社"),
        ("003", "files/0/overview/entrustment/items/0/handlers", "10人未満"),
        ("003", "files/0/overview/entrustment/items/1/handlers", "10人以上50人未満"),
        (
            "003",
            "files/0/overview/entrustment/items/1/subcontract_items",
            "個人番号の収集業務、収集書類の廃棄等",
        ),
        ("003", "files/0/overview/storage/period", "定められていない"),
        ("003", "files/0/overview/remarks", "—"),
        ("003", "files/0/record_items_ref", "別紙2「ファイル記録項目」を参照。"),
        ("003", "files/0/risks/storage/leak/nisc", "政府機関ではない"),
        ("003", "files/0/risks/storage/leak/serious_incident", "発生あり"),
        ("003", "files/0/risks/storage/leak/deceased", "保管している"),
        ("003", "files/0/risks/provision/not_provided", True),
        ("003", "contacts/disclosure/fee_details", "現金等により、実費相当分の手数料を納付する。"),
        ("003", "contacts/disclosure/file_register", "行っている"),
        (
            "003",
            "procedures/basic_assessment/threshold",
            "基礎項目評価及び全項目評価の実施が義務付けられる",
        ),
        ("003", "procedures/basic_assessment/date", ""),
    ],
)
def test_a_seed_imports_the_value_its_text_prints(seed: str, path: str, expected: Any) -> None:
    assert value(get(imported(seed), path)) == expected


def test_the_fuzzy_option_keeps_the_printed_wording() -> None:
    data = imported("000")
    sufficiency = get(data, "files/0/risks/entrustment/sufficiency")
    assert sufficiency == "十分である"
    assert value(get(data, "files/0/risks/use/linking/sufficiency")) == "十分である"


@pytest.mark.parametrize(("seed", "count"), [("000", 76), ("002", 84)])
def test_record_items_are_all_read(seed: str, count: int) -> None:
    items = [i for i in get(imported(seed), "files/0/record_items") if "name" in i]
    assert len(items) == count
    assert [i["no"] for i in items] == list(range(1, count + 1))


def test_record_item_groups_are_kept() -> None:
    items = get(imported("000"), "files/0/record_items")
    assert (items[0]["group"], items[2]["group"]) == ("仮名情報", "名簿情報")


def test_a_record_item_group_with_no_item_is_kept_as_a_row_of_its_own() -> None:
    items = get(imported("000"), "files/0/record_items")
    assert items[-1] == {"group": "個人番号関係情報"}


def test_main_record_items_marked_with_radios_are_selected() -> None:
    main = get(imported("002"), "files/0/overview/basics/main_items")
    assert main["selected"][:2] == ["個人番号", "4情報(氏名、性別、生年月日、住所)"]


def test_connections_in_parentheses_are_inferred_and_flagged() -> None:
    connections = get(imported("003"), "basic_info/systems/2/connections")
    assert connections == {
        "selected": ["その他"],
        "texts": {"その他": "連携サーバ"},
        "inferred": ["その他"],
    }


def test_the_acquisition_sources_with_texts_are_inferred_in_003() -> None:
    sources = get(imported("003"), "files/0/overview/acquisition/sources")
    assert sources["inferred"] == sources["selected"]
    assert sources["texts"]["その他"].startswith("情報照会対象者情報")


def test_the_incident_list_and_its_continuation_are_kept_whole() -> None:
    leak = get(imported("003"), "files/0/risks/storage/leak")
    assert "㉒令和6年2月" in leak["incident_details"]
    assert leak["recurrence_prevention"].startswith("①(1)局内全職員")
    assert "⑱(1)ファイルが他の物に紛れてしまわないよう" in leak["recurrence_prevention"]


def test_the_change_log_keeps_every_row_and_no_header() -> None:
    changes = get(imported("000"), "changes")
    assert all(c["date"] in ("令和7年3月4日", "令和7年8月5日") for c in changes)
    assert changes[0]["after"] == "・番号法第9条第1項(利用範囲) 別表 項番8"
    seed_rows = sum(
        1 for line in seed_path("000").read_text().splitlines() if re.match(r"^\| 令和7年", line)
    )
    assert len(changes) == seed_rows


@pytest.mark.parametrize(
    ("seed", "message"),
    [("003", "件数が読めない"), ("002", "部の見出しが見つからない")],
)
def test_damage_in_a_seed_is_reported(seed: str, message: str) -> None:
    report = import_bytes(seed_path(seed).read_bytes()).report
    assert any(message in f.message for f in report.damaged_items)


def test_sections_missing_from_000_are_reported_absent() -> None:
    report = import_bytes(seed_path("000").read_bytes()).report
    assert "basic_info/number_use/legal_basis" in report.absent_paths
    assert "files[0]/risks/storage/leak/recurrence_prevention" in report.absent_paths
    assert "files[0]/overview/basics/kind" not in report.absent_paths


@pytest.mark.parametrize("seed", ["000", "002", "003"])
def test_each_seed_imports_in_well_under_a_second(seed: str) -> None:
    data = seed_path(seed).read_bytes()
    import_bytes(data)  # warm caches
    start = time.perf_counter()
    import_bytes(data)
    assert time.perf_counter() - start < 0.5


# -- every printed text survives --------------------------------------------------------
SPACE_RE = re.compile(r"\s+")
NOTATION_RE = re.compile(r"\[[^\]]*\]|<input|[☑☐]|\d\)\s")
BLOCK_RE = re.compile(r"^(システム|委託事項|提供先|移転先)\s*\d+(\s*[~～]\s*\d+)?$")
ITEM_RE = re.compile(r"^\d+\s+(?P<name>\S.*)$")
TITLE_RE = re.compile(r"^特定個人情報保護評価書\((全項目|重点項目|基礎項目)評価書\)$")
OTHER_LABELS = (
    "個人のプライバシー等の権利利益の保護の宣言",
    "特記事項",
    "評価実施機関名",
    "個人情報保護委員会 承認日【行政機関等のみ】",
    "公表日",
    "項目一覧",
    "評価書番号",
    "評価書名",
    "変更日",
    "項目",
    "変更前の記載",
    "変更後の記載",
    "提出時期",
    "提出時期に係る説明",
)


def _label_keys() -> tuple[set[str], set[str]]:
    keys, captions = {loose(x) for x in OTHER_LABELS}, set()
    for outline in OUTLINES.values():
        for part in outline:
            for scope in (part, *part.children):
                keys.update(loose(h) for h in scope.headings)
                keys.update(loose(g) for g in scope.groups)
                captions.update(loose(c) for c in scope.captions)
                specs = [*fields_of(scope)]
                for risk in risks_of(scope.model):
                    specs += model_fields(risk.model)
                for _, model, _ in scope.blocks.values():
                    specs += block_fields(model, tuple(scope.aliases.items()))
                keys.update(label for spec in specs for label in spec.labels)
    return keys, captions


def _is_label(text: str, labels: set[str], captions: set[str]) -> bool:
    key = loose(text)
    if key in labels or any(key.startswith(c) for c in captions):
        return True
    return len(key) < 80 and best_match(key, labels) is not None


def _printed_texts(line: str, raw: str, labels: set[str], captions: set[str]) -> list[str]:
    """The value part of a printed line: labels, headings and choice cells excluded."""
    if NOTATION_RE.search(raw) or MARKER_RE.search(raw) or TITLE_RE.match(line):
        return []
    if (
        _is_label(line, labels, captions)
        or BLOCK_RE.match(line)
        or loose(line).startswith("リスク")
    ):
        return []
    for head, tail in split_heads(line):
        if loose(head) in labels:
            return [tail] if tail else []
    item = ITEM_RE.match(line)
    return [item.group("name")] if item else [line]


@pytest.mark.parametrize("seed", ["000", "002", "003"])
def test_every_printed_text_appears_in_the_yaml_or_the_report(seed: str) -> None:
    data = seed_path(seed).read_bytes()
    result = import_bytes(data)
    yaml_text = SPACE_RE.sub("", dump(result.assessment).replace("''", "'"))
    reported = " ".join(f.message for f in result.report.damaged_items)
    labels, captions = _label_keys()
    missing = []
    for row in to_rows(data.decode()):
        for cell, raw in zip(row.cells, row.raw, strict=True):
            for line in cell.split("\n"):
                for text in _printed_texts(line.strip(), raw, labels, captions):
                    if SPACE_RE.sub("", text) not in yaml_text and text not in reported:
                        missing.append((row.line, text[:60]))
    assert missing == []
