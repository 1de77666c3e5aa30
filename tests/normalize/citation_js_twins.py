"""Runs the browser twins (theme/assets/js) under node, in one process per call, and makes
the citation-like text that both twins are fuzzed with."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
RUNNER = REPO / "tests" / "js" / "citation_terms.mjs"
REGISTRY = REPO / "generator" / "normalize" / "laws.json"


def run_js(queries: list[str] = (), numerals: list[str] = ()) -> dict:
    """{"terms": [...] per query, "numerals": [int | None] per numeral} from node."""
    if shutil.which("node") is None:
        pytest.fail("node がありません: `make test` が Debian の nodejs をインストールします")
    payload = {
        "registry": json.loads(REGISTRY.read_text(encoding="utf-8")),
        "queries": list(queries),
        "numerals": list(numerals),
    }
    result = subprocess.run(
        ["node", str(RUNNER)],
        input=json.dumps(payload, ensure_ascii=False),
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        timeout=60,
    )
    return json.loads(result.stdout)


GRAMMAR_PIECES = (
    *"第条條項号のノ別表一二三四五六七八九十百千〇0123456789０１２３４５６７８９欄",
    *"、,・()（）「」。~～－- \u3000\n\t等",
    *("及び", "並びに", "又は", "から", "以下", "という。", "項番", "の項", "に基づく", "主務省令"),
    *("別表", "別表第", "第2条の表", "命令", "同法", "同条", "同規則", "同令", "別紙", "参照"),
    *("予定", "条例", "<p>", "</p>"),
    *("番号法", "住基法", "番号法施行令", "番号法施行規則", "マイナンバー法", "東京都"),
    *("(以下「番号法」という。)", "平成二十五年法律第二十七号", "(利用範囲)"),
)
"""Characters and words of the citation grammar: random text made of them reaches every rule."""

_piece = st.sampled_from(GRAMMAR_PIECES)
citation_like_text = st.lists(
    st.one_of(_piece, _piece, _piece, st.characters(exclude_categories=("Cs",))), max_size=40
).map("".join)
"""Hypothesis strategy: grammar pieces mixed with arbitrary unicode characters (1 in 4)."""


def random_citation_like_texts(count: int, seed: int) -> list[str]:
    """The same mix as citation_like_text, seeded, for one batch through node."""
    rng = random.Random(seed)

    def piece() -> str:
        if rng.random() < 0.75:
            return rng.choice(GRAMMAR_PIECES)
        code = rng.randrange(0x20, 0x3_0000)
        return " " if 0xD800 <= code <= 0xDFFF else chr(code)

    return ["".join(piece() for _ in range(rng.randrange(0, 30))) for _ in range(count)]
