"""Run tests/js/search_harness.mjs under node and decode its answer."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

HARNESS = Path(__file__).resolve().parents[1] / "js" / "search_harness.mjs"


def run_harness(mode: str, search_dir: Path, queries: list[Any], *extra: Path) -> list[Any]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node がありません: `make test` が Debian の nodejs をインストールします")
    completed = subprocess.run(
        [node, str(HARNESS), mode, str(search_dir), *map(str, extra)],
        input=json.dumps(queries, ensure_ascii=False),
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if completed.returncode != 0:
        raise AssertionError(f"node harness failed:\n{completed.stderr}")
    return json.loads(completed.stdout)
