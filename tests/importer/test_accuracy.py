"""Importer accuracy: every hand-checked field of the three seeds, compared field by field.

The expectations (tests/importer/expected/*.yaml) are the truth, written from the seed texts;
the comparison rules are documented in tests/importer/accuracy.py and specified below.
"""

from __future__ import annotations

import re
import types
from enum import Enum
from typing import Any, Union, get_args, get_origin

import pytest
from pydantic import BaseModel

from generator.model import Choice, DateValue, FocusedAssessment, FullAssessment, MultiChoice
from tests.importer.accuracy import (
    ABSENT,
    SEEDS,
    Absent,
    Excerpt,
    Outcome,
    compare,
    compare_citations,
    evaluate,
    expected_checks,
    import_assessment,
    issuing_body,
    load_expectation,
    mismatch_report,
    normalize_text,
    parse_expectation,
    path_segments,
    plain,
    scores,
    seed_path,
    values_match,
)

MODELS: dict[str, type[BaseModel]] = {
    "全項目評価書": FullAssessment,
    "重点項目評価書": FocusedAssessment,
}


# --- the importer against the seeds ----------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_the_importer_reproduces_every_hand_checked_field_of_the_seed(seed: str) -> None:
    path = seed_path(seed)
    text = path.read_text(encoding="utf-8")
    try:
        assessment = import_assessment(text, source_name=path.name)
    except ImportError as error:
        pytest.fail(f"the importer's API is not available yet: {error}")
    outcomes = evaluate(seed, assessment, text)
    assert all(outcome.ok for outcome in outcomes), mismatch_report(seed, outcomes)


# --- the expectation files themselves --------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_every_expected_path_names_a_model_field_and_every_choice_a_printed_option(
    seed: str,
) -> None:
    expectation = load_expectation(seed)
    model = MODELS[expectation["form_type"]]
    problems = [
        f"{check.path}: {problem}"
        for check in expected_checks(expectation)
        if (problem := _model_problem(model, check.path, check.expected))
    ]
    problems += [
        f"citations:{path}: {problem}"
        for path in expectation.get("citations") or {}
        if (problem := _model_problem(model, path, "text"))
    ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_expected_text_is_printed_in_its_seed(seed: str) -> None:
    expectation = load_expectation(seed)
    source = normalize_text(seed_path(seed).read_text(encoding="utf-8"))
    squeezed = "".join(source.split())
    missing = [
        f"{check.path}: {check.expected!r}"
        for check in expected_checks(expectation)
        for text in _printed_texts(check.expected)
        if not _printed_in(text, source, squeezed)
    ]
    missing += [
        f"citations:{path}: {pair['raw']!r}"
        for path, pairs in (expectation.get("citations") or {}).items()
        for pair in pairs
        if "".join(pair["raw"].split()) not in squeezed
    ]
    assert not missing, "\n".join(missing)


def test_a_source_part_that_is_missing_is_expected_absent_never_taken_from_elsewhere() -> None:
    """000 lacks I-2…I-8 in its body; the change log must not stand in for them."""
    basic_info = load_expectation("000")["basic_info"]
    for part in ("systems", "number_use", "linkage", "department", "file_names"):
        assert basic_info[part] is ABSENT, part


def test_every_change_row_of_000_is_listed() -> None:
    text = seed_path("000").read_text(encoding="utf-8")
    printed_rows = [
        line for line in text.splitlines() if re.match(r"\| 令和\d+年\d+月\d+日 \|", line)
    ]
    changes = load_expectation("000")["changes"]
    assert len(changes) == len(printed_rows) == 70
    assert [row["date"] for row in changes] == [row.split(" | ")[0][2:] for row in printed_rows]


# --- the comparison rules --------------------------------------------------------------------


def test_whitespace_runs_and_html_tags_do_not_count_as_differences() -> None:
    assert values_match(
        "・秘密保持義務 ・持ち出し禁止", "<ul>\n ・秘密保持義務\n\n ・持ち出し禁止 </ul>"
    )
    assert values_match(
        "<中間サーバーにおける措置> ①認証", "<p><中間サーバーにおける措置></p>\n①認証"
    )


def test_a_different_free_text_is_a_mismatch() -> None:
    assert not values_match("株式会社NTTデータ", "登録事務処理センター(社会福祉法人日本保育協会)")
    assert not values_match("別表 項番8", "別表第1 項番8")
    assert not values_match("令和7年8月5日", None)


def test_an_excerpt_accepts_the_text_and_rejects_a_truncated_or_swapped_one() -> None:
    text = "【国家資格システムに係る部分】" + "措置の内容。" * 100 + "消去証明書を提出させる。"
    excerpt = Excerpt(head=text[:30], tail=text[-30:], length=len(text))
    assert excerpt.matches(text.replace("。", "。 \n"))
    assert not excerpt.matches(text[:200] + text[-30:])
    assert not excerpt.matches(text.replace("措置の内容。", "措置。", 3))
    assert not excerpt.matches("【国家資格等情報連携・活用システムに係る部分】" + text[15:])


def test_absent_requires_no_value_and_blank_requires_a_printed_blank() -> None:
    assert values_match(ABSENT, None)
    assert not values_match(ABSENT, "")
    assert values_match("", "")
    assert not values_match("", None)


def test_blank_blocks_do_not_count_toward_a_list_count() -> None:
    blank_recipient = {"no": 1, "name": "", "legal_basis": None, "methods": {"selected": []}}
    actual = {
        "provisions": [blank_recipient],
        "transfers": None,
        "systems": [{"no": 1, "name": "X"}],
    }
    expectation = parse_expectation("provisions#count: 0\ntransfers#count: 0\nsystems#count: 0\n")
    verdicts = {o.path: o.ok for o in compare(expectation, actual)}
    assert verdicts == {"provisions#count": True, "transfers#count": True, "systems#count": False}


def test_a_list_of_mappings_is_compared_element_by_element_and_by_length() -> None:
    expectation = parse_expectation("items:\n  - {name: A}\n  - {name: B}\n")
    outcomes = compare(expectation, {"items": [{"name": "A"}, {"name": "C"}, {"name": "D"}]})
    assert [(o.path, o.ok) for o in outcomes] == [
        ("items#count", False),
        ("items[0].name", True),
        ("items[1].name", False),
    ]


def test_check_box_groups_compare_selected_options_as_sets_and_texts_as_a_whole() -> None:
    expected = parse_expectation("selected: [紙, その他]\ntexts: {その他: 直接操作}\n")
    assert values_match(expected["selected"], ["その他", "紙"])
    assert not values_match(expected["selected"], ["紙"])
    assert values_match(expected["texts"], {"その他": "直接操作", "紙": ""})
    assert not values_match(expected["texts"], {"その他": "直接操作する"})


def test_a_wrong_value_costs_precision_and_recall_and_a_missing_one_only_recall() -> None:
    outcomes = [
        Outcome("cover.number", "35", "35", True),
        Outcome("cover.title", "評価書", "別の評価書", False),
        Outcome("cover.agency", "東京都知事", None, False),
        Outcome("cover.approval_date", ABSENT, "令和7年8月5日", False),
    ]
    cover = scores(outcomes)["cover"]
    assert (cover.true_positives, cover.emitted, cover.expected) == (1, 3, 3)
    assert cover.precision == pytest.approx(1 / 3)
    assert cover.recall == pytest.approx(1 / 3)


def test_the_mismatch_report_lists_every_miss_not_just_the_first() -> None:
    outcomes = [
        Outcome("cover.title", "A", "B", False),
        Outcome("cover.agency", "C", "C", True),
        Outcome("changes[3].after", "D", None, False),
    ]
    report = mismatch_report("000", outcomes)
    assert "2 of 3 checks fail" in report
    assert "cover.title: expected 'A', got 'B'" in report
    assert "changes[3].after: expected 'D', got None" in report
    assert "cover.agency" not in report


def test_citations_need_the_same_canonical_key_and_an_overlapping_raw_text() -> None:
    expectation = parse_expectation(
        "citations:\n  basic_info.linkage.legal_basis:\n"
        "    - {raw: 番号法第19条第9号, canonical: 'mynumber_act:a19.i9'}\n"
        "    - {raw: 番号法第19条第8号, canonical: 'mynumber_act:a19.i8'}\n"
    )
    actual = {"basic_info": {"linkage": {"legal_basis": "・番号法第19条第9号 ・番号法第19条第8号"}}}

    def parser(field_path: str, text: str) -> list[tuple[str, str | None]]:
        return [
            ("・番号法第19条第9号", "mynumber_act:a19.i9"),
            ("・番号法第19条第8号", "mynumber_act:a19.i7"),
        ]

    verdicts = [(o.path, o.ok) for o in compare_citations(expectation, actual, parser)]
    assert verdicts == [
        ("citations:basic_info.linkage.legal_basis[0]", True),
        ("citations:basic_info.linkage.legal_basis[1]", False),
        ("citations:basic_info.linkage.legal_basis[+]", False),
    ]


def test_plain_data_gives_choices_dates_and_check_box_groups_as_printed() -> None:
    assessment = FullAssessment.model_validate(
        {
            "id": "tokyo-35",
            "form_type": "全項目評価書",
            "cover": {"number": "35", "title": "T", "agency": "東京都知事", "approval_date": ""},
            "basic_info": {
                "business": {"target_population": {"value": "30万人以上", "raw": "[30万人以上]"}},
                "systems": [
                    {"no": 1, "connections": {"selected": ["その他"], "texts": {"その他": "X"}}}
                ],
            },
            "procedures": {"basic_assessment": {"date": "令和6年1月22日", "threshold": ""}},
        }
    )
    data = plain(assessment)
    assert data["cover"]["approval_date"] == ""
    assert data["basic_info"]["business"]["target_population"] == "30万人以上"
    assert data["basic_info"]["systems"][0]["connections"]["texts"] == {"その他": "X"}
    assert data["procedures"]["basic_assessment"] == {"date": "令和6年1月22日", "threshold": ""}
    assert data["contacts"] is None


def test_ordinances_are_issued_by_the_body_the_agency_heads() -> None:
    assert issuing_body("東京都知事") == "東京都"
    assert issuing_body("奈良県知事") == "奈良県"
    assert issuing_body("横浜市長") == "横浜市"
    assert issuing_body("地方公共団体情報システム機構") is None


# --- helpers ---------------------------------------------------------------------------------


def _printed_texts(expected: Any) -> list[str]:
    """The texts of an expectation that must appear in the seed as printed."""
    if isinstance(expected, str):
        return [expected] if expected.strip() else []
    if isinstance(expected, Excerpt):
        return [expected]  # type: ignore[list-item]
    if isinstance(expected, list):
        return [item for item in expected if isinstance(item, str)]
    if isinstance(expected, dict):
        return [value for value in expected.values() if isinstance(value, str) and value]
    return []


def _printed_in(text: Any, source: str, squeezed: str) -> bool:
    if isinstance(text, Excerpt):
        head, tail = "".join(text.head.split()), "".join(text.tail.split())
        starts = [m.start() for m in re.finditer(re.escape(head), squeezed)]
        return any(squeezed[s : s + text.length].endswith(tail) for s in starts)
    return normalize_text(text) in source


def _field_type(annotation: Any) -> tuple[Any, bool]:
    """`X | None` → X, `list[X] | None` → (X, True)."""
    if get_origin(annotation) in (Union, types.UnionType):
        annotation = next(arg for arg in get_args(annotation) if arg is not type(None))
    if get_origin(annotation) is list:
        return get_args(annotation)[0], True
    return annotation, False


def _options(choice_type: type) -> set[str]:
    enum_type = choice_type.__pydantic_generic_metadata__["args"][0]
    return {member.value for member in enum_type}


def _model_problem(model: type[BaseModel], path: str, expected: Any) -> str | None:
    current: Any = model
    in_list = False
    for segment in path_segments(path):
        if isinstance(segment, int) or segment == "#count":
            if not in_list:
                return f"{segment!r} applied to a value that is not a list"
            if segment == "#count":
                return None if isinstance(expected, int) else "a count must be an integer"
            in_list = False
            continue
        if isinstance(current, type) and issubclass(current, MultiChoice):
            return _group_problem(current, segment, expected)
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return f"{segment!r} is not a field of {current!r}"
        if issubclass(current, Choice | DateValue) or segment not in current.model_fields:
            return f"{segment!r} is not a field of {current.__name__}"
        current, in_list = _field_type(current.model_fields[segment].annotation)
    return _leaf_problem(current, expected)


def _group_problem(group: type, key: str, expected: Any) -> str | None:
    if key not in ("selected", "texts", "inferred"):
        return f"{key!r} is not a part of a check-box group"
    chosen = expected if isinstance(expected, list) else list(expected or {})
    unknown = set(chosen) - _options(group)
    return f"not an option: {sorted(unknown)}" if unknown else None


def _leaf_problem(leaf: Any, expected: Any) -> str | None:
    if isinstance(expected, Absent):
        return None
    if isinstance(leaf, type) and issubclass(leaf, Choice):
        options = _options(leaf) | {""}
        return None if expected in options else f"{expected!r} is not an option"
    if isinstance(leaf, type) and issubclass(leaf, MultiChoice):
        return _group_problem(leaf, "selected", (expected or {}).get("selected", []))
    if (
        isinstance(leaf, type)
        and issubclass(leaf, BaseModel | Enum)
        and not isinstance(expected, dict)
    ):
        return None if issubclass(leaf, DateValue | Enum) else f"{leaf.__name__} needs a mapping"
    return None
