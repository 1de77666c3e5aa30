"""The sharded index answers exactly like one full lunr.js index, and ranks names first."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.normalize.citations import query_citation_terms
from generator.normalize.contractors import contractor_key
from generator.normalize.systems import system_key
from generator.search.documents import SearchDocument
from generator.search.shards import write_search_index
from tests.search.conftest import SeedIndex
from tests.search.node import run_harness
from tests.search.parity import all_differences
from tests.search.queries_from_seeds import HAND_WRITTEN, seed_queries


def test_sharded_refs_and_scores_equal_the_full_index_for_hundreds_of_queries(
    seed_index: SeedIndex,
) -> None:
    queries = seed_queries(300)
    answers = run_harness("compare", seed_index.search_dir, queries, seed_index.full_index)
    different = all_differences(answers)
    assert not different, "\n".join(different[:20])
    assert sum(1 for a in answers if a["sharded"]) > 200


def test_hand_written_queries_find_the_seeds_they_name(seed_index: SeedIndex) -> None:
    answers = {
        a["query"]: {r["ref"] for r in a["sharded"]}
        for a in run_harness("compare", seed_index.search_dir, HAND_WRITTEN, seed_index.full_index)
    }
    assert "000_c86f89f14b4f89e8" in answers["保育士　登録"]
    assert "000_c86f89f14b4f89e8" in answers["NTTデータ"]
    assert "003_69ba6ebb67c953d5" in answers["都営住宅の管理"]
    assert "002_2a94c65b69f181c0" in answers["介護支援専門員"]
    assert "003_69ba6ebb67c953d5" in answers["富士通Japan株式会社"]
    assert answers["xyz"] == set()
    assert answers["、。"] == set()


SAME_RESULTS = [
    ["番号法19条8号", "第十九条第八号", "番号利用法第19条第8号"],
    ["NTTデータ", "㈱NTTデータ", "株式会社 NTTデータ", "ＮＴＴデータ"],
    ["中間サーバー", "中間サーバ"],
    ["漏えい", "漏洩"],
]


@pytest.mark.parametrize("variants", SAME_RESULTS)
def test_spelling_variants_give_identical_results(
    variants: list[str], seed_index: SeedIndex
) -> None:
    answers = run_harness("compare", seed_index.search_dir, variants, seed_index.full_index)
    assert answers[0]["sharded"], f"{variants[0]} finds nothing"
    assert all(a["sharded"] == answers[0]["sharded"] for a in answers)


def _document(ref: str, **fields: object) -> SearchDocument:
    base: dict[str, object] = {
        "url": f"assessments/{ref}/",
        "title": "保育士資格の登録に関する事務 全項目評価書",
        "agency": "東京都知事",
        "kind": "全項目評価書",
        "business": "保育士資格の登録に関する事務",
        "body": "特定個人情報ファイルを取り扱う事務において使用するシステムの概要を記載する。",
    }
    base.update(fields)
    return SearchDocument(ref=ref, **base)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def ranking_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cite = query_citation_terms("番号法第19条第8号")
    documents = [
        _document(
            "a-contractor",
            contractors=("株式会社NTTデータ",),
            contractor_keys=(contractor_key("株式会社NTTデータ"),),
        ),
        _document("b-prose", body="運用保守は株式会社NTTデータが行い、番号法第19条第8号に触れる。"),
        _document("c-citation", citations=("番号法 第19条第8号",), citation_terms=tuple(cite)),
        _document("d-other", body="都営住宅の管理に関する事務。"),
        _document(
            "e-system",
            systems=("住民基本台帳ネットワークシステム",),
            system_keys=(system_key("住民基本台帳ネットワークシステム"),),
        ),
        _document("f-alias-prose", body="本人確認情報は住基ネットを通じて照会する。"),
    ]
    out = tmp_path_factory.mktemp("ranking") / "search"
    write_search_index(documents, out)
    return out


@pytest.mark.parametrize(
    ("query", "refs"),
    [
        ("NTTデータ", ["a-contractor", "b-prose"]),
        ("株式会社 NTTデータ", ["a-contractor", "b-prose"]),
        ("番号法19条8号", ["c-citation"]),
        ("都営住宅", ["d-other"]),
        # the alias finds the listed system (by its key) and the prose that uses the alias
        ("住基ネット", ["e-system", "f-alias-prose"]),
        ("住民基本台帳ネットワークシステム", ["e-system"]),
    ],
)
def test_a_listed_contractor_ranks_above_a_passing_mention_and_citations_match_by_term(
    query: str, refs: list[str], ranking_index: Path
) -> None:
    answer = run_harness("bytes", ranking_index, [query])[0]
    assert answer["refs"] == refs
