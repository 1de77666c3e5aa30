"""The browser's query analyzer (citations.js) gives the same terms as Python, and lunr 2.3.9
keeps every term whole."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess

import pytest
from citation_js_twins import REPO, citation_like_text, random_citation_like_texts, run_js
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.normalize.citations import (
    REGISTRY_PATH,
    citation_terms,
    extract_definitions,
    find_citations,
    load_registry,
    parse_legal_basis,
    query_citation_terms,
)
from generator.normalize.numerals import int_to_fullwidth, int_to_kanji

SEEDS = REPO / ".." / "shared" / "seeds"
CITATION_LIKE = re.compile(
    r"[^\s、。()「」|<>]{0,20}第[0-9一二三四五六七八九十百]+条[^\s、。|<>]{0,30}"
)


def seed_queries() -> list[str]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    found = {m.group() for text in texts for m in CITATION_LIKE.finditer(text)}
    found |= {
        part for text in texts for part in re.findall(r"・[^・\n|]{2,80}", text) if "条" in part
    }
    return sorted(found)


def variant_queries() -> list[str]:
    laws = [*load_registry().names(), ""]
    writers = [str, int_to_kanji, int_to_fullwidth]
    numbers = [(9, 1, None), (19, None, 8), (19, None, 9), (30, None, None), (16, None, None)]
    queries = []
    for law, write, dai, space, (article, paragraph, item) in itertools.product(
        laws, writers, ["第", ""], ["", " "], numbers
    ):
        text = f"{law}{space}{dai}{write(article)}条"
        text += f"{space}{dai}{write(paragraph)}項" if paragraph else ""
        text += f"{space}{dai}{write(item)}号" if item else ""
        queries.append(text)
    queries += ["番号法 別表第1 項番100", "別表第一の8の項", "住基法30条の11 別表第3 項番7の13"]
    queries += ["番号法第19条第8号に基づく主務省令第2条の表12の項", "第30條ノ11", "別表第0", "表"]
    queries += ["番号法第9条第1項 別表第一の項", "別表 項番", "番号法施行規則第2条", "同法第9条"]
    return queries


@pytest.fixture(scope="module")
def queries() -> list[str]:
    return seed_queries() + variant_queries()


def test_there_are_hundreds_of_parity_queries_including_every_seed_citation(queries):
    assert len(seed_queries()) >= 20
    assert len(queries) >= 500


def test_the_browser_query_analyzer_gives_the_python_terms_for_every_query(queries):
    assert parity_mismatches(queries) == []


def parity_mismatches(queries: list[str]) -> list[tuple[str, list[str], object]]:
    """(query, Python terms, JS terms or {"error": …}) for every query where they differ."""
    js_terms = run_js(queries=queries)["terms"]
    return [
        (query, python, js)
        for query, js in zip(queries, js_terms, strict=True)
        if (python := query_citation_terms(query)) != js
    ]


def test_the_browser_query_analyzer_never_throws_and_agrees_on_random_citation_like_text():
    queries = random_citation_like_texts(count=600, seed=20240501)
    python_terms = [term for query in queries for term in query_citation_terms(query)]
    assert sum(":a" in term for term in python_terms) > 50  # the text reaches the grammar
    assert sum(":beppyo" in term for term in python_terms) > 50
    assert parity_mismatches(queries) == []


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(citation_like_text, min_size=20, max_size=40))
def test_the_browser_query_analyzer_agrees_with_python_on_generated_text(queries):
    assert parity_mismatches(queries) == []


def all_document_terms() -> list[str]:
    terms: set[str] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        cited = find_citations(text, definitions=extract_definitions(text), body="東京都")
        for line in text.splitlines():
            if "法令上の根拠" in line:
                cited += parse_legal_basis(line.split("\t", 1)[-1], body="東京都")
        terms |= {term for citation in cited for term in citation_terms(citation)}
    return sorted(terms)


def test_lunr_keeps_every_citation_term_whole_through_tokenizer_and_trimmer():
    if shutil.which("node") is None:
        pytest.fail("node がありません: `make test` が Debian の nodejs をインストールします")
    terms = all_document_terms()
    assert len(terms) > 30
    script = (
        "import lunr from 'lunr';"
        "let s='';process.stdin.setEncoding('utf8');"
        "for await (const c of process.stdin) s+=c;"
        "const out = JSON.parse(s).map(t => lunr.tokenizer(t).map(k => lunr.trimmer(k).toString()));"
        "process.stdout.write(JSON.stringify(out));"
    )
    result = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=json.dumps(terms, ensure_ascii=False),
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        timeout=60,
    )
    assert json.loads(result.stdout) == [[term] for term in terms]


def test_python_and_the_browser_read_the_same_registry_file():
    assert REGISTRY_PATH == REPO / "generator" / "normalize" / "laws.json"
