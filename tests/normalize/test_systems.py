"""System-name normalization: pia-form.md §12 examples, the seeds' システムの名称 cells, the alias table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.normalize.systems import (
    known_systems,
    parse_system_name,
    split_system_list,
    system_alias_map,
    system_key,
)
from generator.normalize.text import fold_name

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_FILES = {"000": "000_c86f89f14b4f89e8.txt", "002": "002_2a94c65b69f181c0.txt",
              "003": "003_69ba6ebb67c953d5.txt"}  # fmt: skip
OTHER_RE = re.compile(r"その他\s*[(（][^)）]*[)）]")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def seed_line(seed: str, line: int) -> str:
    return (SEEDS / SEED_FILES[seed]).read_text(encoding="utf-8").split("\n")[line - 1]


def name_cell(seed: str, line: int) -> str:
    """The value of a `①システムの名称<TAB>value` row."""
    label, value = seed_line(seed, line).split("\t")[:2]
    assert label == "①システムの名称"
    return value


# (seed, line): name, base_name, aliases, canonical, slug (None: unknown, s-<hash>)
NAME_CASES = [
    ("002", 45, "国家資格等情報連携・活用システム", "国家資格等情報連携・活用システム", (),
     "国家資格等情報連携・活用システム", "kokka-shikaku-system"),
    ("002", 51, "住民基本台帳ネットワークシステム", "住民基本台帳ネットワークシステム", (),
     "住民基本台帳ネットワークシステム", "juki-net"),
    ("002", 55, "マイナポータル(情報提供等記録開示システム)", "マイナポータル", (),
     "マイナポータル(情報提供等記録開示システム)", "myna-portal-"),
    ("002", 60, "介護保険事業者及び介護支援専門員管理システム",
     "介護保険事業者及び介護支援専門員管理システム", (),
     "介護保険事業者及び介護支援専門員管理システム", None),
    ("003", 46, "都営住宅マイナンバー管理システム", "都営住宅マイナンバー管理システム",
     ("マイナンバー管理システム",), "都営住宅マイナンバー管理システム", None),
    ("003", 55, "団体内統合利用番号連携サーバ", "団体内統合利用番号連携サーバ", ("連携サーバ",),
     "団体内統合利用番号連携サーバ", None),
    ("003", 60, "中間サーバ", "中間サーバ", (), "中間サーバー", "chukan-server"),
    ("003", 64, "LoGoフォーム", "LoGoフォーム", (), "LoGoフォーム", "logo-form"),
    ("003", 68, "マイナポータル", "マイナポータル", (), "マイナポータル", "myna-portal"),
    ("003", 73, "住民基本台帳ネットワークシステム(東京都サーバ)", "住民基本台帳ネットワークシステム", (),
     "住民基本台帳ネットワークシステム(東京都サーバ)", "juki-net-"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("seed", "line", "name", "base", "aliases", "canonical", "slug"), NAME_CASES
)
def test_each_seed_system_name_cell_resolves_to_its_canonical_system(
    seed, line, name, base, aliases, canonical, slug
):
    raw = name_cell(seed, line)
    system = parse_system_name(raw)
    assert (system.raw, system.name, system.base_name, system.aliases) == (raw, name, base, aliases)
    assert system.canonical == canonical
    assert system.known is (slug is not None)
    if slug is None:
        assert re.fullmatch(r"s-[0-9a-f]{10}", system.slug)
    elif slug.endswith("-"):  # a qualified name: the base's slug plus a hash of the qualifier
        assert re.fullmatch(re.escape(slug) + "[0-9a-f]{6}", system.slug)
    else:
        assert system.slug == slug
    assert SLUG_RE.match(system.slug)


def test_the_double_closing_parenthesis_of_002_still_yields_the_alias():
    system = parse_system_name(
        "国家資格等情報連携・活用システム(以下、「国家資格システム」という。))"
    )
    assert (system.name, system.aliases, system.slug) == (
        "国家資格等情報連携・活用システム",
        ("国家資格システム",),
        "kokka-shikaku-system",
    )


def test_several_aliases_in_one_definition_are_all_kept():
    system = parse_system_name(
        "都営住宅管理総合システム(以下「都住システム」又は「総合システム」という。)"
    )
    assert system.aliases == ("都住システム", "総合システム")


@pytest.mark.parametrize(
    ("raw", "name", "note"),
    [
        ("都営住宅管理総合システム(別紙1参照)", "都営住宅管理総合システム", "別紙1参照"),
        ("オンライン手続システム（※令和7年度導入予定）", "オンライン手続システム", "※令和7年度導入予定"),
        ("個別業務システム(詳細は別添1を参照)", "個別業務システム", "詳細は別添1を参照"),
    ],
)  # fmt: skip
def test_notes_in_parentheses_move_out_of_the_name(raw, name, note):
    system = parse_system_name(raw)
    assert (system.name, system.note) == (name, note)


# §12's alias table and the spellings the seeds use for one system.
SAME_SYSTEM = [
    ("住基ネット", "住民基本台帳ネットワークシステム"),
    ("住基ネット", "住民基本台帳ネットワーク システム"),
    ("中間サーバ", "中間サーバー"),
    ("中間サーバ・ソフトウェア", "中間サーバー・ソフトウェア"),
    ("中間サーバ・プラットフォーム", "中間サーバー・プラットフォーム"),
    ("国家資格システム", "国家資格等情報連携・活用システム"),
    ("国家資格管理システム", "国家資格等情報連携・活用システム"),
    ("国家資格等システム", "国家資格等情報連携・活用システム"),
    ("マイポータル", "マイナポータル"),
    ("びったりサービス", "ぴったりサービス"),
    ("Logoフォーム", "LoGoフォーム"),
    ("J-LIS", "地方公共団体情報システム機構"),
    ("機構", "地方公共団体情報システム機構"),
    ("地方公共団情報システム機構", "地方公共団体情報システム機構"),
    ("e-gov", "e-Gov"),
    ("ｅ－ｇｏｖ", "e-Gov"),
    ("住基連携サーバ", "住基連携サーバー"),
    ("住基ネット(東京都サーバ)", "住民基本台帳ネットワークシステム(東京都サーバー)"),
]


@pytest.mark.parametrize(("variant", "canonical"), SAME_SYSTEM)
def test_aliases_and_spelling_variants_share_one_match_key(variant, canonical):
    assert system_key(variant) == system_key(canonical)
    assert parse_system_name(variant).slug == parse_system_name(canonical).slug


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("住民基本台帳ネットワークシステム", "住民基本台帳ネットワークシステム(東京都サーバ)"),
        ("マイナポータル", "マイナポータル(情報提供等記録開示システム)"),
        ("中間サーバー", "中間サーバー・ソフトウェア"),
        ("住基ネット都道府県サーバ", "住基ネット全国サーバ"),
        ("戸籍情報連携システム", "外部連携システム"),
    ],
)
def test_distinct_systems_keep_distinct_keys_and_slugs(a, b):
    assert system_key(a) != system_key(b)
    assert parse_system_name(a).slug != parse_system_name(b).slug


def test_a_qualified_name_still_matches_on_its_base_name():
    system = parse_system_name(name_cell("003", 73))
    assert system_key(system.base_name) == system_key("住基ネット")


# (seed, line, index of the その他 group on the line): the names inside
OTHER_CASES = [
    ("002", 48, 0, ["e-gov", "介護保険事業者及び介護支援専門員管理システム"]),
    ("002", 62, 0, ["国家資格等情報連携・活用システム"]),
    ("003", 57, 0, ["中間サーバ"]),
    ("003", 62, 0, ["連携サーバ"]),
    ("003", 66, 0, ["びったりサービス"]),
    ("000", 744, 0, ["e-gov", "保育士登録システム", "保育士登録者検索システム"]),
    ("000", 744, 1, ["マイナポータル", "既存システム"]),
    ("000", 747, 0, ["国家資格等情報連携・活用システム"]),
    ("000", 747, 1, ["国家資格システム"]),
]


@pytest.mark.parametrize(("seed", "line", "index", "names"), OTHER_CASES)
def test_other_connection_targets_split_into_system_names(seed, line, index, names):
    cell = OTHER_RE.findall(seed_line(seed, line))[index]
    assert split_system_list(cell) == names


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("保育士登録システム、保育士登録者検索システム", ["保育士登録システム", "保育士登録者検索システム"]),
        ("(1)住基ネット (2)中間サーバ", ["住基ネット", "中間サーバ"]),
        ("①住基ネット②中間サーバ", ["住基ネット", "中間サーバ"]),
        ("1. 住基ネット\n2. 中間サーバ", ["住基ネット", "中間サーバ"]),
        ("・住基ネット\n・中間サーバー・ソフトウェア", ["住基ネット", "中間サーバー・ソフトウェア"]),
        ("A(以下、「a」という。)、B", ["A(以下、「a」という。)", "B"]),
        ("表計算ソフト及び紙ファイルで管理", ["表計算ソフト及び紙ファイルで管理"]),
    ],
)  # fmt: skip
def test_lists_of_systems_split_outside_parentheses(raw, names):
    assert split_system_list(raw) == names


def test_the_alias_table_has_unique_ascii_slugs():
    slugs = [system.slug for system in known_systems()]
    assert len(slugs) == len(set(slugs))
    assert all(SLUG_RE.match(slug) for slug in slugs)


def test_no_alias_is_also_a_canonical_name_or_shared_by_two_systems():
    canonical = {fold_name(system.name) for system in known_systems()}
    folded = [fold_name(alias) for system in known_systems() for alias in system.aliases]
    assert canonical.isdisjoint(folded)
    assert len(folded) == len(set(folded))
    assert set(system_alias_map().values()) <= canonical


def test_every_starter_entry_of_the_form_reference_is_in_the_table():
    starters = ["住基ネット", "J-LIS", "機構", "e-gov", "中間サーバ", "国家資格システム",
                "マイポータル", "びったりサービス", "Logoフォーム", "住基連携サーバ"]  # fmt: skip
    assert all(parse_system_name(name).known for name in starters)
