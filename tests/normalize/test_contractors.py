"""Contractor (委託先) normalization: pia-form.md §11 examples and the seeds' ⑥委託先名 cells."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.normalize.contractors import (
    Contractor,
    contractor_key,
    is_valid_corporate_number,
    parse_contractors,
    split_contractor_cell,
)

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_FILES = {"000": "000_c86f89f14b4f89e8.txt", "002": "002_2a94c65b69f181c0.txt",
              "003": "003_69ba6ebb67c953d5.txt"}  # fmt: skip
SLUG_RE = re.compile(r"^c-[0-9a-f]{10}$")


def seed_cell(seed: str, line: int, label: str) -> str:
    """The last non-empty cell after `label` on a seed line (markdown or TAB layout)."""
    text = (SEEDS / SEED_FILES[seed]).read_text(encoding="utf-8").split("\n")[line - 1]
    after = text[text.index(label) + len(label) :]
    cells = [cell.strip() for cell in re.split(r"[|\t]", after) if cell.strip()]
    return cells[-1]


# (seed, line, label): name, corporate_form, position, role, status, match_key
SEED_CASES = [
    ("000", 193, "⑥委託先名", "株式会社NTTデータ", "株式会社", "prefix", None, "named", "nttデータ"),
    ("000", 209, "⑥委託先名", "社会福祉法人日本保育協会", "社会福祉法人", "prefix",
     "登録事務処理センター", "named", "日本保育協会"),
    ("000", 225, "⑥委託先名", None, None, None, None, "pending_procurement", ""),
    ("002", 115, "③委託先名", None, None, None, None, "pending_procurement", ""),
    ("002", 123, "③委託先名", None, None, None, None, "pending_procurement", ""),
    ("003", 219, "⑥委託先名", "富士通Japan株式会社", "株式会社", "suffix", None, "named",
     "富士通japan"),
    ("003", 234, "⑥委託先名", "東京都住宅供給公社", "公社", "suffix", None, "named",
     "東京都住宅供給公社"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("seed", "line", "label", "name", "form", "position", "role", "status", "key"), SEED_CASES
)
def test_each_seed_contractor_cell_becomes_one_canonical_entity(
    seed, line, label, name, form, position, role, status, key
):
    raw = seed_cell(seed, line, label)
    [contractor] = parse_contractors(raw)
    assert contractor.raw == raw
    assert (contractor.name, contractor.corporate_form, contractor.corporate_form_position) == (
        name,
        form,
        position,
    )
    assert (contractor.role, contractor.status, contractor.match_key) == (role, status, key)
    assert contractor.division is None
    assert (contractor.slug is None) == (status != "named")


@pytest.mark.parametrize(
    "raw",
    [
        "株式会社NTTデータ",
        "株式会社 NTTデータ",
        "株式会社　NTTデータ",
        "㈱NTTデータ",
        "(株)NTTデータ",
        "（株）NTTデータ",
        "（株）ＮＴＴデータ",
        "ＮＴＴデータ",
        "NTTデータ株式会社",
        "NTTデータ(株)",
        "ntt データ",
        "【国家資格等情報連携・活用システムに係る部分(共通して記載)】株式会社NTTデータ",
        "株式会社NTTデータ 東京支社",
    ],
)
def test_every_spelling_of_a_company_shares_the_match_key_and_slug(raw):
    [reference] = parse_contractors("株式会社NTTデータ")
    [contractor] = parse_contractors(raw)
    assert contractor.raw == raw
    assert (contractor.match_key, contractor.slug) == (reference.match_key, reference.slug)
    assert contractor_key(raw.split("】")[-1].removesuffix(" 東京支社")) == "nttデータ"


# raw: name, corporate_form, position
FORM_CASES = [
    ("㈲山田商店", "有限会社山田商店", "有限会社", "prefix"),
    ("(有)山田商店", "有限会社山田商店", "有限会社", "prefix"),
    ("山田商店(有)", "山田商店有限会社", "有限会社", "suffix"),
    ("合同会社ABC", "合同会社ABC", "合同会社", "prefix"),
    ("一般社団法人日本経済団体連合会", "一般社団法人日本経済団体連合会", "一般社団法人", "prefix"),
    ("一般財団法人地方自治研究機構", "一般財団法人地方自治研究機構", "一般財団法人", "prefix"),
    ("公益財団法人東京都福祉保健財団", "公益財団法人東京都福祉保健財団", "公益財団法人", "prefix"),
    ("独立行政法人国立印刷局", "独立行政法人国立印刷局", "独立行政法人", "prefix"),
    ("地方独立行政法人東京都立病院機構", "地方独立行政法人東京都立病院機構", "地方独立行政法人",
     "prefix"),
    ("社会福祉法人 日本保育協会", "社会福祉法人日本保育協会", "社会福祉法人", "prefix"),
    ("東京都住宅供給公社", "東京都住宅供給公社", "公社", "suffix"),
    ("日本保育協会", "日本保育協会", None, None),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "name", "form", "position"), FORM_CASES)
def test_corporate_forms_are_recognized_as_prefix_or_suffix(raw, name, form, position):
    [contractor] = parse_contractors(raw)
    assert (contractor.name, contractor.corporate_form, contractor.corporate_form_position) == (
        name,
        form,
        position,
    )


def test_the_longer_local_form_wins_over_the_national_one():
    [contractor] = parse_contractors("地方独立行政法人東京都立病院機構")
    assert contractor.match_key == "東京都立病院機構"


# raw: name, division
DIVISION_CASES = [
    ("株式会社NTTデータ 東京支社", "株式会社NTTデータ", "東京支社"),
    ("株式会社NTTデータ東京支社", "株式会社NTTデータ", "東京支社"),
    ("富士通Japan株式会社東京支店", "富士通Japan株式会社", "東京支店"),
    ("富士通Japan株式会社 公共事業本部", "富士通Japan株式会社", "公共事業本部"),
    ("株式会社NTTデータ公共事業本部", "株式会社NTTデータ", "公共事業本部"),
    ("富士通Japan株式会社 本部", "富士通Japan株式会社", "本部"),
    ("日本通運株式会社 新宿営業所", "日本通運株式会社", "新宿営業所"),
    ("株式会社NTTデータ(東京事業所)", "株式会社NTTデータ", "東京事業所"),
]


@pytest.mark.parametrize(("raw", "name", "division"), DIVISION_CASES)
def test_branch_and_division_suffixes_are_split_off(raw, name, division):
    [contractor] = parse_contractors(raw)
    assert (contractor.name, contractor.division) == (name, division)


def test_a_role_with_a_described_entity_in_prose_keeps_only_the_entity():
    raw = "登録事務処理センター(東京都の事務委託先である社会福祉法人日本保育協会)"  # 000:51
    [contractor] = parse_contractors(raw)
    assert (contractor.role, contractor.name) == (
        "登録事務処理センター",
        "社会福祉法人日本保育協会",
    )
    assert (
        contractor.match_key == parse_contractors(seed_cell("000", 209, "⑥委託先名"))[0].match_key
    )


@pytest.mark.parametrize(
    "raw",
    [
        "* 調達結果が判明次第お示しする。",
        "※調達結果が判明次第お示しする。",
        "未定",
        "調達後に決定",
        "委託先は調達後に決定する。",
        "【保管委託】未定",
        "入札により決定",
    ],
)
def test_procurement_placeholders_are_a_status_not_a_company(raw):
    assert parse_contractors(raw) == [
        Contractor(
            raw=raw,
            name=None,
            corporate_form=None,
            corporate_form_position=None,
            division=None,
            role=None,
            status="pending_procurement",
            match_key="",
            slug=None,
        )
    ]


@pytest.mark.parametrize("raw", ["委託業者", "保管委託業者", "-", "—", "", "○○株式会社", "(株)"])
def test_unnamed_providers_are_unknown(raw):
    [contractor] = parse_contractors(raw)
    assert (contractor.status, contractor.name, contractor.slug) == ("unknown", None, None)


# raw: the names of the contractors, in order
MULTI_CASES = [
    ("株式会社NTTデータ、富士通Japan株式会社", ["株式会社NTTデータ", "富士通Japan株式会社"]),
    ("株式会社NTTデータ/富士通Japan株式会社", ["株式会社NTTデータ", "富士通Japan株式会社"]),
    ("・株式会社NTTデータ ・富士通Japan株式会社", ["株式会社NTTデータ", "富士通Japan株式会社"]),
    ("㈱NTTデータ\n東京都住宅供給公社", ["株式会社NTTデータ", "東京都住宅供給公社"]),
    ("登録事務処理センター(社会福祉法人日本保育協会)、株式会社NTTデータ",
     ["社会福祉法人日本保育協会", "株式会社NTTデータ"]),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "names"), MULTI_CASES)
def test_several_contractors_in_one_cell_become_a_list_keeping_each_raw(raw, names):
    contractors = parse_contractors(raw)
    assert [c.name for c in contractors] == names
    assert all(c.raw in raw for c in contractors)


def test_separators_inside_parentheses_do_not_split():
    assert split_contractor_cell("A株式会社(東京支社、大阪支社)") == [
        "A株式会社(東京支社、大阪支社)"
    ]


def test_a_middle_dot_inside_a_name_does_not_split():
    assert split_contractor_cell("NTT・データ株式会社") == ["NTT・データ株式会社"]


# (number, valid): 国税庁 and トヨタ自動車株式会社 are published 法人番号.
CORPORATE_NUMBERS = [
    ("7000012050002", True),
    ("1180301018771", True),
    ("8000012050002", False),
    ("7000012050003", False),
    ("1180301018772", False),
    ("700001205000", False),
    ("70000120500020", False),
    ("７００００１２０５０００２", False),
    ("700001205000a", False),
]


@pytest.mark.parametrize(("number", "valid"), CORPORATE_NUMBERS)
def test_corporate_numbers_are_checked_by_their_check_digit(number, valid):
    assert is_valid_corporate_number(number) is valid


@given(st.text(alphabet="0123456789", min_size=12, max_size=12))
def test_exactly_one_check_digit_completes_every_corporate_number_base(base):
    assert sum(is_valid_corporate_number(f"{d}{base}") for d in range(10)) == 1


def test_a_corporate_number_in_the_cell_is_kept_and_checked():
    [contractor] = parse_contractors("国税庁(法人番号7000012050002)")
    assert (contractor.name, contractor.corporate_number) == ("国税庁", "7000012050002")
    assert contractor.corporate_number_valid is True
    [wrong] = parse_contractors("国税庁(法人番号7000012050003)")
    assert wrong.corporate_number_valid is False


def test_slugs_are_ascii_deterministic_and_distinct_per_match_key():
    raws = [seed_cell(s, n, label) for s, n, label, *_ in SEED_CASES] + [r for r, *_ in FORM_CASES]
    named = [c for raw in raws for c in parse_contractors(raw) if c.status == "named"]
    assert all(SLUG_RE.match(c.slug) for c in named)
    slugs = {c.match_key: c.slug for c in named}
    assert len(set(slugs.values())) == len(slugs)
    assert [c.slug for c in named] == [c.slug for raw in raws for c in parse_contractors(raw)
                                       if c.status == "named"]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "key"),
    [("NTT", "ntt"), ("ｎｔｔデータ", "nttデータ"), ("日本保育協会", "日本保育協会"),
     ("株式会社", ""), ("(株)", ""), ("富士通 Japan", "富士通japan")],
)  # fmt: skip
def test_the_match_key_also_works_on_query_fragments(query, key):
    assert contractor_key(query) == key
