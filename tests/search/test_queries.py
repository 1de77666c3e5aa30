"""Every query of queries.yaml, run by the built site's own search engine.

The node runner (tests/js/search_queries.mjs) loads the site's assets/js/search-engine.js
and reads its search-index/ files: the code users run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from tests.search.built_site import BuiltSite, session_site

QUERIES = Path(__file__).with_name("queries.yaml")
RUNNER = Path(__file__).resolve().parents[1] / "js" / "search_queries.mjs"
TOP = 10


@dataclass(frozen=True)
class QueryCase:
    query: str
    kind: str
    top10: tuple[str, ...]
    absent: tuple[str, ...]
    known_failure: str = ""


def load_cases(path: Path = QUERIES) -> tuple[dict[str, str], list[QueryCase]]:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = [
        QueryCase(
            q["query"], q["kind"], tuple(q["top10"]), tuple(q["absent"]), q.get("known_failure", "")
        )
        for q in spec["queries"]
    ]
    return spec["assessments"], cases


def run_queries(site: Path, queries: list[str], limit: int = 1000) -> dict[str, list[str]]:
    """query → refs, best first, as the site's search engine returns them."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("node が見つかりません。`make test` が node をインストールします。")
    completed = subprocess.run(
        [node, "--no-warnings", "--experimental-detect-module", str(RUNNER), str(site), str(limit)],
        input=json.dumps(queries, ensure_ascii=False),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if completed.returncode != 0:
        raise AssertionError(f"search runner failed:\n{completed.stderr}")
    return {answer["query"]: answer["refs"] for answer in json.loads(completed.stdout)}


def failures(case: QueryCase, refs: list[str], ids: dict[str, str]) -> list[str]:
    found = {ref: rank for rank, ref in enumerate(refs, 1)}
    out = []
    for name in case.top10:
        rank = found.get(ids[name])
        if rank is None or rank > TOP:
            where = "見つからない" if rank is None else f"{rank}位"
            out.append(f"{case.query!r} ({case.kind}): {name} が上位{TOP}件にない({where})")
    for name in case.absent:
        if ids[name] in found:
            out.append(
                f"{case.query!r} ({case.kind}): {name} が{found[ids[name]]}位に出てはいけない"
            )
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    return session_site(tmp_path_factory.getbasetemp())


def test_every_named_assessment_is_in_the_built_index(site: BuiltSite) -> None:
    assessments, cases = load_cases()
    ids = assessments
    indexed = set(site.assessment_refs().values())
    named = {name for case in cases for name in (*case.top10, *case.absent)}
    assert named <= set(ids), f"queries.yaml の assessments にない名前: {sorted(named - set(ids))}"
    missing = {name: ids[name] for name in named if ids[name] not in indexed}
    assert not missing, f"索引にない評価書: {missing}"


def test_every_query_returns_its_assessments_in_the_top_ten_and_never_the_absent_ones(
    site: BuiltSite,
) -> None:
    assessments, cases = load_cases()
    ids = assessments
    answers = run_queries(site.site, [case.query for case in cases])
    expected = [case for case in cases if not case.known_failure]
    problems = [p for case in expected for p in failures(case, answers[case.query], ids)]
    assert not problems, f"{len(problems)}件の検索が仕様と違います:\n" + "\n".join(problems)


def test_every_known_failure_still_fails_so_a_fix_removes_its_mark(site: BuiltSite) -> None:
    assessments, cases = load_cases()
    known = [case for case in cases if case.known_failure]
    answers = run_queries(site.site, [case.query for case in known])
    fixed = [c.query for c in known if not failures(c, answers[c.query], assessments)]
    assert not fixed, f"直った検索です。queries.yaml の known_failure を消してください: {fixed}"


def test_the_failure_report_names_a_missing_and_an_unwanted_assessment() -> None:
    case = QueryCase("NTTデータ", "委託先", ("000",), ("002",))
    ids = {"000": "a", "002": "b"}
    assert failures(case, ["b", *"cdefghijk", "a"], ids) == [
        "'NTTデータ' (委託先): 000 が上位10件にない(11位)",
        "'NTTデータ' (委託先): 002 が1位に出てはいけない",
    ]
    assert failures(case, ["a"], ids) == []
