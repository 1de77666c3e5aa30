"""Every notation of pia-form.md §7.3, read against the model's enums."""

from __future__ import annotations

import pytest

from generator.importer.choices import read_choice, read_count, read_multi, read_toggle
from generator.model.choices import (
    AcquisitionMethod,
    Connection,
    Doing,
    Entrusting,
    PeopleCount,
    ProvisionStatus,
    RecordItem,
    Source,
    Sufficiency,
    TargetPopulation,
)

CHECKBOX = '<input type="checkbox"/>'
CHECKED = '<input checked="" type="checkbox"/>'
SUFFICIENCY_OPTIONS = "<選択肢> 1) 特に力を入れている 2) 十分である 3) 課題が残されている"


@pytest.mark.parametrize(
    ("raw", "value", "printed"),
    [
        (f"[十分である] {SUFFICIENCY_OPTIONS}", Sufficiency.SUFFICIENT, None),
        (f"[特に入力をしている] {SUFFICIENCY_OPTIONS}", Sufficiency.SPECIAL, "特に入力をしている"),
        (f"[{CHECKBOX} 十分である] {SUFFICIENCY_OPTIONS}", Sufficiency.SUFFICIENT, None),
        (f"{CHECKBOX} 十分である] {SUFFICIENCY_OPTIONS}", Sufficiency.SUFFICIENT, None),
        (f"{CHECKBOX} 十分である {CHECKBOX} {CHECKBOX} {CHECKBOX}", Sufficiency.SUFFICIENT, None),
        (f"{CHECKBOX} 十分である {CHECKED} {SUFFICIENCY_OPTIONS}", Sufficiency.SUFFICIENT, None),
        (
            "<p>[十分である]</p> <p>＜選択肢＞</p> <p>1) 特に力を入れている</p>",
            Sufficiency.SUFFICIENT,
            None,
        ),
        (
            "【選択肢】 1) 特に力を入れている 2) 十分である [課題が残されている]",
            Sufficiency.REMAINING,
            None,
        ),
        (
            f"{CHECKBOX} 特に力を入れている {CHECKED} 十分である {CHECKBOX} 課題が残されている",
            Sufficiency.SUFFICIENT,
            None,
        ),
        (
            '[<input checked="" type="radio"/>] 十分である [<input type="radio"/>]',
            Sufficiency.SUFFICIENT,
            None,
        ),
        ("☐ 特に力を入れている ☑ 十分である ☐ 課題が残されている", Sufficiency.SUFFICIENT, None),
        ("[〇] 十分である [] 課題が残されている", Sufficiency.SUFFICIENT, None),
    ],
)
def test_a_selected_option_is_read_from_every_notation(
    raw: str, value: Sufficiency, printed: str | None
) -> None:
    reading = read_choice(raw, Sufficiency)
    assert (reading.value, reading.raw, reading.problem) == (value, printed, None)


@pytest.mark.parametrize(
    "raw",
    [
        f"[] {SUFFICIENCY_OPTIONS}",
        f"[ ] {SUFFICIENCY_OPTIONS}",
        f"[{CHECKBOX}] {SUFFICIENCY_OPTIONS}",
        "[] [] <選択肢> 1) 再委託する 2) 再委託しない",
        f"{CHECKBOX} 特に力を入れている {CHECKBOX} 十分である {CHECKBOX} 課題が残されている",
        "",
    ],
)
def test_an_unanswered_choice_is_left_unselected_without_a_problem(raw: str) -> None:
    reading = read_choice(raw, Sufficiency)
    assert (reading.value, reading.problem) == (None, None)


def test_an_unreadable_bracketed_value_is_unselected_and_reported() -> None:
    reading = read_choice(f"[概ね良好] {SUFFICIENCY_OPTIONS}", Sufficiency)
    assert reading.value is None
    assert reading.problem is not None and "概ね良好" in reading.problem


@pytest.mark.parametrize(
    ("raw", "enum", "value"),
    [
        (
            "[10万人以上30万人未満] 1) 1,000人未満 2) 1,000人以上1万人未満",
            TargetPopulation,
            TargetPopulation.FROM_100K,
        ),
        (
            "＜選択肢＞</p> <p>[30万人以上] 1) 1,000人未満",
            TargetPopulation,
            TargetPopulation.FROM_300K,
        ),
        ("[行っている] <選択肢> 1) 行っている 2) 行っていない", Doing, Doing.YES),
        ("[行っていない] <選択肢> 1) 行っている 2) 行っていない", Doing, Doing.NO),
        (
            f"{CHECKBOX} 10人未満 {CHECKBOX} {CHECKBOX} {CHECKBOX}",
            PeopleCount,
            PeopleCount.UNDER_10,
        ),
    ],
)
def test_options_are_mapped_by_their_wording_never_by_position(
    raw: str, enum: type, value: object
) -> None:
    assert read_choice(raw, enum).value == value


def test_checked_boxes_and_parenthesised_texts_make_a_multi_choice() -> None:
    raw = (
        f"{CHECKED} 本人又は本人の代理人 {CHECKBOX} 評価実施機関内の他部署 () "
        f"{CHECKED} 行政機関・独立行政法人等 (地方公共団体情報システム機構、法務省) "
        f"{CHECKBOX} その他 (都独自情報(愛の手帳)、戸籍関係情報)"
    )
    reading = read_multi(raw, Source)
    assert reading.selected == [Source.PERSON, Source.NATIONAL, Source.OTHER]
    assert reading.texts == {
        Source.NATIONAL: "地方公共団体情報システム機構、法務省",
        Source.OTHER: "都独自情報(愛の手帳)、戸籍関係情報",
    }
    assert reading.inferred == [Source.OTHER]


def test_a_radio_without_checked_marks_a_selection_among_checkboxes() -> None:
    raw = (
        '・識別情報 [<input type="radio"/>] 個人番号 [<input type="checkbox"/>] 個人番号対応符号 '
        '・連絡先等情報 [<input type="radio"/>] 4情報(氏名、性別、生年月日、住所)'
    )
    assert read_multi(raw, RecordItem).selected == [RecordItem.NUMBER, RecordItem.FOUR_INFO]


@pytest.mark.parametrize(
    ("raw", "selected"),
    [
        (
            "[] 紙 [○] 専用線 [O] 電子メール [] その他 ()",
            [AcquisitionMethod.LEASED_LINE, AcquisitionMethod.EMAIL],
        ),
        ("☑ 紙 ☐ フラッシュメモリ", [AcquisitionMethod.PAPER]),
        (
            f"{CHECKED} 電子記録媒体(フラッシュメモリを除く。 {CHECKBOX} 紙",
            [AcquisitionMethod.MEDIA],
        ),
    ],
)
def test_check_box_symbols_are_read_as_selections(
    raw: str, selected: list[AcquisitionMethod]
) -> None:
    assert read_multi(raw, AcquisitionMethod).selected == selected


def test_an_empty_other_box_is_not_inferred() -> None:
    reading = read_multi("[] 情報提供ネットワークシステム [] その他 ()", Connection)
    assert (reading.selected, reading.texts) == ([], {})


def test_provision_counts_are_read_from_the_status_options() -> None:
    reading = read_multi(
        "[○] 提供を行っている ( 12 ) 件 [] 移転を行っている () 件 [] 行っていない", ProvisionStatus
    )
    assert reading.selected == [ProvisionStatus.PROVIDING]
    assert reading.counts == {ProvisionStatus.PROVIDING: 12, ProvisionStatus.TRANSFERRING: None}


@pytest.mark.parametrize(
    ("raw", "count", "problem"),
    [
        ("[委託する] <選択肢> 1) 委託する 2) 委託しない (3) 件", 3, False),
        ("[委託する] 1) 委託する 2) 委託しない （ 2 ） 件", 2, False),
        ("[委託しない] 1) 委託する 2) 委託しない () 件", None, False),
        ("<選択肢> () 2) 件 1) 委託する 2) 委託しない", None, True),
    ],
)
def test_counts_are_read_and_garbled_counts_reported(
    raw: str, count: int | None, problem: bool
) -> None:
    assert read_count(raw)[0] == count
    assert (read_count(raw)[1] is not None) == problem
    assert read_choice(raw, Entrusting).value in (Entrusting.YES, Entrusting.NO, None)


@pytest.mark.parametrize(
    ("raw", "label", "checked"),
    [
        ("[○] 提供・移転しない", "提供・移転しない", True),
        ("[O] 提供・移転しない", "提供・移転しない", True),
        ("[] 委託しない", "委託しない", False),
        ("[] 接続しない(入手) [○] 接続しない(提供)", "接続しない(入手)", False),
        ("[] 接続しない(入手) [○] 接続しない(提供)", "接続しない(提供)", True),
        ("見出しだけ", "委託しない", None),
    ],
)
def test_section_toggles_are_read_from_the_heading_line(
    raw: str, label: str, checked: bool | None
) -> None:
    assert read_toggle(raw, label) is checked
