"""Synthetic inputs: a 基礎項目評価書, a 全項目評価書 with two files and notation variants."""

from __future__ import annotations

from typing import Any

import pytest

from generator.importer import import_bytes, import_text
from generator.model import ASSESSMENT

from .conftest import fixture_path


def imported(name: str) -> tuple[dict[str, Any], Any]:
    result = import_bytes(fixture_path(name).read_bytes())
    data = ASSESSMENT.dump_python(result.assessment, mode="json", exclude_none=True)
    return data, result.report


def get(data: Any, path: str) -> Any:
    for part in path.split("/"):
        data = data[int(part)] if isinstance(data, list) else data.get(part)
        if data is None:
            return None
    return data


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("form_type", "基礎項目評価書"),
        ("cover/number", "12345"),
        ("cover/agency", "架空県 架空市長"),
        ("cover/publication_date", ""),
        ("cover/form_version", "平成30年5月 様式2"),
        ("related/business/system_names", "表計算ソフト及び紙ファイルで管理"),
        ("related/file_names", "住民基本台帳ファイル"),
        ("related/linkage/implementation", "実施しない"),
        ("related/disclosure_request_to", "市民課 〒000-0000 架空市中央1-1 電話 000-000-0000"),
        ("threshold_items/subjects", "1万人以上10万人未満"),
        ("threshold_items/subjects_as_of", "令和6年4月1日 時点"),
        ("threshold_items/handlers", "500人未満"),
        ("threshold_items/serious_incident", "発生なし"),
        ("threshold_result", "基礎項目評価の実施が義務付けられる"),
        ("risk_measures/submitted_form", "基礎項目評価書"),
        ("risk_measures/acquisition", "十分である"),
        ("risk_measures/not_entrusted", True),
        ("risk_measures/entrustment", ""),
        ("risk_measures/not_provided", False),
        ("risk_measures/provision", "課題が残されている"),
        ("risk_measures/no_acquisition", True),
        ("risk_measures/network", None),
        ("risk_measures/storage", "特に力を入れている"),
        ("risk_measures/manual_work/sufficiency", "十分である"),
        ("risk_measures/audit", ["自己点検", "外部監査"]),
        ("risk_measures/training", "十分に行っている"),
        ("risk_measures/top_priority/basis", "年1回の研修を実施している。"),
        ("changes/0/timing", "事後"),
        ("changes/0/reason", "人口増加による"),
    ],
)
def test_a_basic_assessment_follows_the_outline_of_form_2(path: str, expected: Any) -> None:
    data, _ = imported("basic.txt")
    assert get(data, path) == expected


def test_the_unanswered_network_area_of_a_basic_assessment_is_reported_absent() -> None:
    _, report = imported("basic.txt")
    assert "risk_measures/network" in report.absent_paths


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("cover/form_version", "令和7年5月 様式4"),
        ("cover/publication_date", ""),
        ("basic_info/business/target_population", "1万人以上10万人未満"),
        ("basic_info/systems/0/connections", ["情報提供ネットワークシステム", "宛名システム等"]),
        ("basic_info/systems/1/connections/selected", ["庁内連携システム", "その他"]),
        ("basic_info/systems/1/connections/inferred", ["その他"]),
        ("basic_info/linkage/implementation", "実施する"),
        ("files/0/name", "(1) 第一ファイル"),
        ("files/1/name", "(2) 第二ファイル"),
        ("files/0/overview/basics/kind", "システム用ファイル"),
        ("files/1/overview/basics/kind", "その他の電子ファイル(表計算ファイル等)"),
        ("files/0/overview/entrustment/count", 1),
        ("files/0/overview/entrustment/items/0/name", "【共通部分】 計算業務"),
        ("files/0/overview/entrustment/items/0/contractor", "㈱架空データ"),
        ("files/0/record_items/2/name", "個人番号"),
        ("files/1/record_items_ref", "別紙3を参照。"),
        ("files/1/risks/storage/leak/serious_incident", "発生なし"),
        (
            "files/1/risks/storage/leak/sufficiency",
            {"value": "特に力を入れている", "raw": "特に入力をしている"},
        ),
        ("files/0/risks/provision/not_provided", True),
        ("files/0/risks/provision/improper/other_measures", "提供しないが記載がある"),
        ("files/0/risks/storage", None),
    ],
)
def test_a_two_file_assessment_keeps_each_file_apart(path: str, expected: Any) -> None:
    data, _ = imported("full_two_files.txt")
    assert get(data, path) == expected


def test_an_answer_inside_a_switched_off_block_is_kept_and_flagged() -> None:
    _, report = imported("full_two_files.txt")
    assert any("提供・移転しない" in f.message for f in report.damaged_items)


def test_a_document_cut_after_the_cover_imports_the_cover_and_says_so() -> None:
    data, report = imported("truncated_after_cover.txt")
    assert get(data, "cover/agency") == "架空市長"
    assert "basic_info" not in data and data["files"] == []
    assert any("本文" in n for n in report.notices)


def test_an_unknown_agency_gets_a_provisional_id_and_a_notice() -> None:
    result = import_bytes(fixture_path("unknown_agency.txt").read_bytes())
    assert result.agency_slug is None
    assert result.assessment.id == "unknown-7"
    assert any("架空村長" in n for n in result.report.notices)


def _basic_text() -> str:
    return fixture_path("basic.txt").read_text(encoding="utf-8")


def test_a_vertical_cover_with_a_wrapped_title_and_an_end_mark_is_read() -> None:
    text = _basic_text().replace(
        "評価書番号\t評価書名\n12345\t○○市 住民基本台帳に関する事務 基礎項目評価書",
        "評価書名\n\n○○市 住民基本台帳に関する事務 基\n礎項目評価書【令和6年3月31日 終了】\n\n評価書番号\n\n12345",
    )
    assessment = import_text(text).assessment
    assert (
        assessment.cover.title
        == "○○市 住民基本台帳に関する事務 基礎項目評価書【令和6年3月31日 終了】"
    )
    assert (assessment.cover.number, assessment.status.value) == ("12345", "終了")


def test_an_impossible_date_is_dropped_and_reported_never_rewritten() -> None:
    text = _basic_text().replace(
        "いつ時点の計数か\t令和6年4月1日 時点", "いつ時点の計数か\t令和6年2月30日", 1
    )
    result = import_text(text)
    assert result.assessment.threshold_items.subjects_as_of is None
    assert any("subjects_as_of" in f.path for f in result.report.damaged_items)


def test_a_label_with_its_answer_on_the_next_line_is_read() -> None:
    text = _basic_text().replace("実施の有無\t[○] 自己点検", "実施の有無\n[○] 自己点検")
    assert [a.value for a in import_text(text).assessment.risk_measures.audit.selected] == [
        "自己点検",
        "外部監査",
    ]


def test_a_second_file_name_section_without_a_new_part_heading_starts_the_next_file() -> None:
    text = fixture_path("full_two_files.txt").read_text(encoding="utf-8")
    first = text.index("II 特定個人情報ファイルの概要", text.index("(別添2)"))
    text = text[:first] + text[first + len("II 特定個人情報ファイルの概要") :]
    text = text.replace(
        "(別添2) 特定個人情報ファイル記録項目\n\n1. 氏名、2. 住所、3. 個人番号\n", ""
    )
    files = import_text(text).assessment.files
    assert [f.name for f in files] == ["(1) 第一ファイル", "(2) 第二ファイル"]
    assert files[1].overview.basics.kind.value.value == "その他の電子ファイル(表計算ファイル等)"


def test_an_unknown_part_heading_ends_the_open_text_and_is_reported() -> None:
    text = _basic_text().replace(
        "判断の根拠\t年1回の研修を実施している。\n",
        "判断の根拠\t年1回の研修を実施している。\nV 独自の付録\n付録の本文\n",
    )
    result = import_text(text)
    assert result.assessment.risk_measures.top_priority.basis == "年1回の研修を実施している。"
    assert [f.message for f in result.report.unknown_rows] == ["V 独自の付録", "付録の本文"]
