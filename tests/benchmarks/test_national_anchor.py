"""The national benchmark records an anchor that fails (Pagefind ran out of memory at
60,000 assessments) instead of losing the run's measurements."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from benchmarks.national import Pagefind, pia_only_rows


def _finished(code: str, tmp_path: Path) -> Pagefind:
    run = Pagefind.__new__(Pagefind)  # without copying a site and starting pagefind
    run.copy, run.started = tmp_path, time.perf_counter()
    run.child = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE)
    return run


def test_a_killed_anchor_is_reported_with_its_signal_time_and_memory(tmp_path: Path) -> None:
    code = "import os, signal; data = bytearray(50 << 20); os.kill(os.getpid(), signal.SIGKILL)"
    result = _finished(code, tmp_path).result()
    assert result.failed is not None and result.failed.startswith("killed by SIGKILL")
    assert result.peak_rss_mb >= 50 and result.seconds >= 0


def test_an_anchor_that_exits_with_an_error_is_reported_with_its_message(tmp_path) -> None:
    result = _finished("import sys; sys.exit('索引を作れません')", tmp_path).result()
    assert result.failed == "exit 1: 索引を作れません\n"


def test_an_anchor_that_succeeds_has_no_failure(tmp_path: Path) -> None:
    assert _finished("pass", tmp_path).result().failed is None


def test_the_report_says_why_the_anchor_is_missing() -> None:
    pia = {"first_bytes": 1, "first_gzip": 1, "later_bytes": [1], "later_gzip": [1],
           "first_ms": 1.0, "later_ms": [1.0], "warm_ms": [1.0], "hits": {}}  # fmt: skip
    result = {"index_bytes": 1, "index_files": 1, "build": {"stages": {}}}
    failed = {**result, "pagefind_failed": "killed by SIGKILL", "pagefind_build_s": 1.0,
              "pagefind_cpu_s": 2.0, "pagefind_peak_rss_mb": 22_000}  # fmt: skip
    assert "Pagefind not run at this size" in pia_only_rows(result, pia, 15)[0]
    assert (
        "failed: killed by SIGKILL (1.0 s wall, 2.0 s CPU, peak RSS 22,000 MB)"
        in (pia_only_rows(failed, pia, 15)[0])
    )
