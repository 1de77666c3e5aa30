"""Runs the browser twins (theme/assets/js) under node, in one process per call."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
RUNNER = REPO / "tests" / "js" / "citation_terms.mjs"
REGISTRY = REPO / "generator" / "normalize" / "laws.json"


def run_js(queries: list[str] = (), numerals: list[str] = ()) -> dict:
    """{"terms": [...] per query, "numerals": [int | None] per numeral} from node."""
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
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
