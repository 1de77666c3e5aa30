"""評価実施機関名 resolution: the seeds' covers, pia-form.md §14.1 forms, and the code tables."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from generator.normalize.agencies import (
    AgencyKind,
    LocalGovernment,
    all_local_governments,
    all_prefectures,
    is_valid_local_government_code,
    resolve_agency,
    suggest_agencies,
)
from generator.normalize.text import load_yaml

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_FILES = {"000": "000_c86f89f14b4f89e8.txt", "002": "002_2a94c65b69f181c0.txt",
              "003": "003_69ba6ebb67c953d5.txt"}  # fmt: skip
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
K = AgencyKind


def printed_head(row: LocalGovernment) -> str:
    """東京都知事, 東京都 八王子市長: the head with its prefecture in front."""
    return f"{row.prefecture} {row.head_name}" if row.municipality else row.head_name


def cover_agency(seed: str, line: int) -> str:
    lines = (SEEDS / SEED_FILES[seed]).read_text(encoding="utf-8").split("\n")
    assert "評価実施機関名" in lines[: line - 1]
    return lines[line - 1]


@pytest.mark.parametrize(
    ("seed", "line", "slug"), [("000", 19, "130001-chiji"), ("002", 16, "290009-chiji"),
                               ("003", 16, "130001-chiji")]
)  # fmt: skip
def test_each_seed_cover_names_a_prefectural_governor(seed, line, slug):
    raw = cover_agency(seed, line)
    agency = resolve_agency(raw)
    assert agency is not None
    assert (agency.raw, agency.name, agency.role, agency.kind) == (raw, raw, "知事", K.PREFECTURE)
    assert (agency.body, agency.prefecture) == (raw.removesuffix("知事"),) * 2
    assert (agency.code, agency.slug, agency.known) == (slug[:6], slug, True)


# raw: name, body, role, kind, prefecture, code, slug, known
AGENCY_CASES = [
    ("厚生労働大臣", "厚生労働大臣", "厚生労働省", "厚生労働大臣", K.NATIONAL, None, None,
     "mhlw-minister", True),
    ("デジタル大臣", "デジタル大臣", "デジタル庁", "デジタル大臣", K.NATIONAL, None, None,
     "digital-minister", True),
    ("デジタル庁", "デジタル大臣", "デジタル庁", "デジタル大臣", K.NATIONAL, None, None,
     "digital-minister", True),
    ("国税庁長官", "国税庁長官", "国税庁", "長官", K.NATIONAL, None, None, "nta-commissioner", True),
    ("個人情報保護委員会", "個人情報保護委員会", "個人情報保護委員会", "委員会", K.COMMITTEE, None,
     None, "ppc", True),
    ("地方公共団体情報システム機構", "地方公共団体情報システム機構", "地方公共団体情報システム機構",
     "理事長", K.INDEPENDENT, None, None, "j-lis", True),
    ("東京都", "東京都知事", "東京都", "知事", K.PREFECTURE, "東京都", "130001", "130001-chiji", True),
    ("北海道知事", "北海道知事", "北海道", "知事", K.PREFECTURE, "北海道", "010006", "010006-chiji",
     True),
    ("八王子市長", "八王子市長", "八王子市", "市長", K.MUNICIPALITY, "東京都", "132012",
     "132012-shicho", True),
    ("八王子市", "八王子市長", "八王子市", "市長", K.MUNICIPALITY, "東京都", "132012",
     "132012-shicho", True),
    ("奈良県 十津川村長", "十津川村長", "十津川村", "村長", K.MUNICIPALITY, "奈良県", "294497",
     "294497-soncho", True),
    ("千代田区長", "千代田区長", "千代田区", "区長", K.SPECIAL_WARD, "東京都", "131016",
     "131016-kucho", True),
    ("福島県伊達市長", "伊達市長", "伊達市", "市長", K.MUNICIPALITY, "福島県", "072133",
     "072133-shicho", True),
    ("東京都教育委員会", "東京都教育委員会", "東京都", "教育委員会", K.EDUCATION_BOARD, "東京都",
     "130001", "130001-kyoiku-iinkai", True),
    ("八王子市教育委員会", "八王子市教育委員会", "八王子市", "教育委員会", K.EDUCATION_BOARD,
     "東京都", "132012", "132012-kyoiku-iinkai", True),
    ("東京都選挙管理委員会", "東京都選挙管理委員会", "東京都", "選挙管理委員会", K.COMMITTEE,
     "東京都", "130001", "130001-senkyo-kanri-iinkai", True),
    ("奈良県公安委員会", "奈良県公安委員会", "奈良県", "公安委員会", K.COMMITTEE, "奈良県",
     "290009", "290009-koan-iinkai", True),
    ("東京都後期高齢者医療広域連合", "東京都後期高齢者医療広域連合長", "東京都後期高齢者医療広域連合",
     "広域連合長", K.UNION, "東京都", None, None, False),
    ("東京都後期高齢者医療広域連合長", "東京都後期高齢者医療広域連合長",
     "東京都後期高齢者医療広域連合", "広域連合長", K.UNION, "東京都", None, None, False),
    ("奈良県広域消防組合管理者", "奈良県広域消防組合管理者", "奈良県広域消防組合", "管理者", K.UNION,
     "奈良県", None, None, False),
    ("独立行政法人国立病院機構", "独立行政法人国立病院機構", "独立行政法人国立病院機構", "理事長",
     K.INDEPENDENT, None, None, None, False),
    ("府中市長", "府中市長", "府中市", "市長", K.MUNICIPALITY, None, None, None, False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "name", "body", "role", "kind", "prefecture", "code", "slug", "known"), AGENCY_CASES
)
def test_agency_names_resolve_to_body_role_kind_and_code(
    raw, name, body, role, kind, prefecture, code, slug, known
):
    agency = resolve_agency(raw)
    assert agency is not None
    assert (agency.raw, agency.name, agency.body, agency.role) == (raw, name, body, role)
    assert (agency.kind, agency.prefecture, agency.code, agency.known) == (
        kind,
        prefecture,
        code,
        known,
    )
    if slug is None:  # a body no table lists: a hashed slug
        assert re.fullmatch(r"a-[0-9a-f]{10}", agency.slug)
    else:
        assert agency.slug == slug


def test_an_ambiguous_municipality_resolves_with_the_prefecture_from_context():
    agency = resolve_agency("府中市長", prefecture="広島県")
    assert agency is not None
    assert (agency.code, agency.slug) == ("342084", "342084-shicho")


def test_spacing_and_width_do_not_change_the_result():
    expected = resolve_agency("東京都知事")
    assert resolve_agency("東京都　知事") == dataclasses.replace(expected, raw="東京都　知事")


@pytest.mark.parametrize(
    ("raw", "suggestion"),
    [
        ("横浜市中区長", "横浜市長"),
        ("東京都知知事", "東京都知事"),
        ("厚生労動大臣", "厚生労働大臣"),
        ("八王子氏長", "八王子市長"),
        ("東京都府中町長", "東京都 府中市長"),
    ],
)
def test_unresolvable_names_return_none_and_get_suggestions(raw, suggestion):
    assert resolve_agency(raw) is None
    suggestions = suggest_agencies(raw)
    assert suggestion in suggestions
    assert all(resolve_agency(s) is not None for s in suggestions)


@pytest.mark.parametrize("raw", ["", "知事", "○○課長", "総務局"])
def test_names_that_are_no_body_do_not_resolve(raw):
    assert resolve_agency(raw) is None


def test_the_table_holds_47_prefectures_and_1741_municipalities():
    rows = all_local_governments()
    assert len(all_prefectures()) == 47
    assert [p.name for p in all_prefectures()][:2] == ["北海道", "青森県"]
    assert all_prefectures()[-1].name == "沖縄県"
    assert len(rows) - 47 == 1741
    assert sum(row.kind is K.SPECIAL_WARD for row in rows) == 23


def test_every_local_government_code_is_unique_and_has_a_valid_check_digit():
    codes = [row.code for row in all_local_governments()]
    assert len(codes) == len(set(codes))
    invalid = [code for code in codes if not is_valid_local_government_code(code)]
    assert invalid == []


@pytest.mark.parametrize(("code", "valid"), [("130001", True), ("131016", True),
                                             ("130002", False), ("13000", False)])  # fmt: skip
def test_local_government_codes_are_checked_by_their_sixth_digit(code, valid):
    assert is_valid_local_government_code(code) is valid


def test_every_municipality_resolves_to_its_own_code_when_its_prefecture_is_printed():
    misses = []
    for row in all_local_governments():
        agency = resolve_agency(printed_head(row))
        if agency is None or (agency.code, agency.known) != (row.code, True):
            misses.append(row)
    assert misses == []


def test_every_head_has_a_distinct_ascii_slug_that_carries_the_code():
    agencies = [
        resolve_agency(printed_head(row).replace(" ", "")) for row in all_local_governments()
    ]
    slugs = [agency.slug for agency in agencies]
    assert len(slugs) == len(set(slugs))
    assert all(SLUG_RE.match(slug) and slug[:6].isdigit() for slug in slugs)


def test_the_national_table_has_unique_slugs_and_valid_kinds():
    entries = load_yaml("national_agencies.yaml")["agencies"]
    slugs = [entry["slug"] for entry in entries]
    assert len(slugs) == len(set(slugs))
    assert all(SLUG_RE.match(slug) for slug in slugs)
    assert all(AgencyKind(entry["kind"]) for entry in entries)
    assert all(resolve_agency(entry["name"]).slug == entry["slug"] for entry in entries)
